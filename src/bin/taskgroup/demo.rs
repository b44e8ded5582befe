//! `taskgroup demo`: the main job on the embedded default (synthetic data).

use std::path::PathBuf;
use taskgroup::demo::{run_demo, DemoConfig};
use taskgroup::device::DeviceChoice;
use taskgroup::select::Method;
use taskgroup::study::ProgressMode;

/// Arguments of `taskgroup demo`.
#[derive(clap::Args)]
pub struct Args {
    /// Output folder (data, study store, report); rerunning reuses it.
    #[arg(long, default_value_os_t = DemoConfig::default().out)]
    out: PathBuf,
    /// Maximum epochs per network.
    #[arg(long)]
    max_epochs: Option<usize>,
    /// auto, cpu, cuda or cuda:N.
    #[arg(long, default_value_t = DemoConfig::default().study.train.device)]
    device: DeviceChoice,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut config = DemoConfig {
        out: args.out,
        ..DemoConfig::default()
    };
    if let Some(e) = args.max_epochs {
        config.study.train.max_epochs = e;
    }
    config.study.train.device = args.device;
    let started = std::time::Instant::now();
    let outcome = run_demo(&config, ProgressMode::Auto)?;
    let columns = &outcome.report.curves.columns;
    println!("\nTotal test loss of the networks chosen on validation losses (lower is better):");
    println!(
        "{:>7} {:>10} {:>10} {:>10} {:>10}   optimal networks",
        "budget", "optimal", "esa", "hoa", "random"
    );
    let curve = |m| outcome.report.curves.curve(m).unwrap_or(&[]);
    let (opt, esa, hoa, rnd) = (
        curve(Method::Optimal),
        curve(Method::Esa),
        curve(Method::Hoa),
        curve(Method::Random),
    );
    let cell = |p: Option<&taskgroup::select::CurvePoint>| {
        p.and_then(|p| p.test_total)
            .map_or("-".to_string(), |v| format!("{v:.4}"))
    };
    for (i, p) in opt.iter().enumerate() {
        let nets: Vec<String> = p.picks.iter().map(|n| n.label(columns)).collect();
        println!(
            "{:>7} {:>10} {:>10} {:>10} {:>10}   {}",
            p.budget,
            cell(Some(p)),
            cell(esa.get(i)),
            cell(hoa.get(i)),
            cell(rnd.get(i)),
            nets.join(" | ")
        );
    }
    println!(
        "\nstudy: {} networks trained now, {} reused; total {:.0} s",
        outcome.study.trained.len(),
        outcome.study.already_done,
        started.elapsed().as_secs_f64()
    );
    println!("report: {}", outcome.summary.display());
    Ok(())
}
