//! `taskgroup data synth`: generate the synthetic mini-Taskonomy.

use std::path::PathBuf;
use taskgroup::synth::{generate_synthetic, Domain, SynthConfig, SynthError};

/// Arguments of `taskgroup data synth`.
#[derive(clap::Args)]
pub struct Args {
    /// Number of buildings.
    #[arg(long, default_value_t = SynthConfig::default().buildings)]
    buildings: usize,
    /// Camera positions per building.
    #[arg(long, default_value_t = SynthConfig::default().points)]
    points: usize,
    /// Views per point.
    #[arg(long, default_value_t = SynthConfig::default().views)]
    views: usize,
    /// Image side in pixels.
    #[arg(long, default_value_t = SynthConfig::default().size)]
    size: usize,
    /// Rooms per building.
    #[arg(long, default_value_t = SynthConfig::default().rooms)]
    rooms: usize,
    /// Output folder (resumed when it holds a run with the same settings).
    #[arg(long)]
    out: PathBuf,
    /// Write `{building}_{domain}.tar` shards instead of folders.
    #[arg(long)]
    tar: bool,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Comma-separated domains (default: all).
    #[arg(long, value_delimiter = ',')]
    domains: Vec<String>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut config = SynthConfig::default()
        .with_buildings(args.buildings)
        .with_points(args.points)
        .with_views(args.views)
        .with_size(args.size)
        .with_rooms(args.rooms)
        .with_tar(args.tar)
        .with_seed(args.seed);
    if !args.domains.is_empty() {
        let domains = args
            .domains
            .iter()
            .map(|d| {
                Domain::from_name(d.trim()).ok_or_else(|| SynthError::UnknownDomain(d.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        config = config.with_domains(domains);
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} images {per_sec} eta {eta}",
    )?);
    let start = std::time::Instant::now();
    let (out, manifest) = generate_synthetic(&config, &args.out, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} images rendered, {} already complete, {:.1} s ({:.1} images/s) in {}",
        out.rendered,
        out.skipped,
        seconds,
        out.rendered as f64 / seconds.max(1e-9),
        out.root.display()
    );
    println!("manifest: {}", manifest.display());
    println!("{:<16} {:<6} {:>6}", "building", "role", "images");
    for b in &out.buildings {
        println!("{:<16} {:<6} {:>6}", b.name, b.role, b.images);
    }
    Ok(())
}
