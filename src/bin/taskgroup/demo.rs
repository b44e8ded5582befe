//! `taskgroup demo`: the main job on the embedded default (synthetic data).

use std::path::PathBuf;
use taskgroup::demo::{run_demo, DemoConfig};
use taskgroup::device::DeviceChoice;
use taskgroup::select::{CurveTable, Method, TableLayout};
use taskgroup::study::ProgressMode;
use taskgroup::train::WeightingKind;

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
    /// Seed replicates per network (the intervals across seeds need at least 2).
    #[arg(long, default_value_t = DemoConfig::default().study.seeds)]
    seeds: u32,
    /// Networks trained at once, each on its own thread [default: one per
    /// CPU core when training on the CPU, else one].
    #[arg(long)]
    parallel: Option<usize>,
    /// Skip the affinity run and the estimator comparison.
    #[arg(long)]
    no_affinity: bool,
    /// Also train all-task baselines with these weightings (comma-separated:
    /// gradnorm, mgda, uncertainty, pcgrad); their curves join the report.
    #[arg(long, value_delimiter = ',')]
    baselines: Vec<WeightingKind>,
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
    config.study.seeds = args.seeds;
    config.parallel = args.parallel;
    if args.no_affinity {
        config.affinity = None;
    }
    config.study.baselines = args.baselines.iter().map(|k| k.with_defaults()).collect();
    let started = std::time::Instant::now();
    let outcome = run_demo(&config, ProgressMode::Auto)?;
    println!("\nTotal test loss of the networks chosen on validation losses (lower is better):");
    let layout = TableLayout::Plain {
        budget_width: 7,
        width: 10,
    };
    let mut methods = vec![Method::Optimal, Method::Esa, Method::Hoa, Method::Random];
    methods.extend(
        outcome
            .report
            .curves
            .methods()
            .into_iter()
            .filter(|m| matches!(m, Method::Weighted(_))),
    );
    let table = CurveTable::new(&outcome.report.curves, layout, 4)
        .with_methods(methods.clone())
        .with_networks(Method::Optimal);
    print!("{}", table.render());
    if let Some(spread) = &outcome.report.seeds {
        println!(
            "\nAcross {} seeds: the optimal total (mean [95% interval]) and each method's total minus optimal, seed by seed (*: worse beyond the seed-to-seed spread):",
            spread.seeds
        );
        let others: Vec<Method> = methods[1..]
            .iter()
            .copied()
            .chain([Method::AllInOne])
            .collect();
        print!("{}", spread.gap_table(&others, false));
        println!(
            "optimal selection differs between seeds at {} of {} budgets (report: tables/seeds_selections.csv)",
            spread.changing_budgets().len(),
            spread.selections.len()
        );
    }
    if let Some(c) = &outcome.report.comparison {
        println!("\nThe cheap estimators against the full study (taskgroup compare):");
        print!("{}", c.regret_table());
        if let Some(spread) = &outcome.report.comparison_seeds {
            println!();
            print!("{}", spread.regret_table());
            println!(
                "{} of {} regrets lie above zero beyond the seed-to-seed interval (report: tables/seeds_regret.csv)",
                spread.resolved().len(),
                spread.cells.len()
            );
        }
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
