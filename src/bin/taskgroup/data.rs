//! `taskgroup data`: download, check, generate manifests for and pack Taskonomy data.

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use taskgroup::data::{self, CheckConfig, Dataset, FetchConfig, Manifest};

/// Arguments of `taskgroup data`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Download a manifest's archives ({building}_{domain}.tar), resuming partial files.
    Fetch(FetchArgs),
    /// Scan a dataset (folders or archives) and report every problem; exits non-zero on any.
    Check(CheckArgs),
    /// Generate the official manifests from the published split files.
    Manifest(ManifestArgs),
    /// Generate the synthetic mini-Taskonomy (real naming and encodings) with its manifest.
    Synth(crate::synth::Args),
    /// Decode a dataset once into memory-mapped shards (`study --data PACK` reads them).
    Pack(crate::pack::Args),
}

#[derive(clap::Args)]
struct FetchArgs {
    /// The manifest (JSON).
    #[arg(long)]
    manifest: PathBuf,
    /// Domains to download, comma-separated (rgb,depth_zbuffer,normal).
    #[arg(long, value_delimiter = ',', required = true)]
    domains: Vec<String>,
    /// Buildings, comma-separated (default: every building of the manifest).
    #[arg(long, value_delimiter = ',')]
    buildings: Option<Vec<String>>,
    /// Destination folder.
    #[arg(long)]
    dest: PathBuf,
    /// A mirror to download from instead of the manifest's base URL.
    #[arg(long)]
    base_url: Option<String>,
    /// Seconds to wait for a connection or a response.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The manifest (JSON), or a dataset folder holding manifest.json.
    #[arg(long)]
    manifest: PathBuf,
    /// The dataset root (default: the manifest's `root`, else its folder).
    #[arg(long)]
    root: Option<PathBuf>,
    /// Domains to check, comma-separated, each required (default: those present).
    #[arg(long, value_delimiter = ',')]
    domains: Option<Vec<String>>,
    /// Buildings to check, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    buildings: Option<Vec<String>>,
    /// Skip verifying archive MD5s listed in the manifest.
    #[arg(long)]
    no_md5: bool,
    /// Threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ManifestArgs {
    /// Folder with train_val_test_{debug,tiny,medium,full,fullplus}.csv and
    /// taskgrouping_{train,val}_buildings.txt.
    #[arg(long)]
    splits: PathBuf,
    /// Where to write taskonomy-{subset}.json.
    #[arg(long, default_value = "data-manifests")]
    out: PathBuf,
    /// The release's md5sum.txt: each archive's MD5 goes into the manifests
    /// (`data fetch` then verifies it).
    #[arg(long)]
    md5sum: Option<PathBuf>,
    /// The release's filesize.txt: each archive's length in bytes.
    #[arg(long)]
    filesize: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Fetch(a) => fetch(a),
        Command::Check(a) => check(a),
        Command::Manifest(a) => manifest(a),
        Command::Synth(a) => crate::synth::run(a),
        Command::Pack(a) => crate::pack::run(a),
    }
}

fn fetch(a: FetchArgs) -> anyhow::Result<()> {
    let manifest = Manifest::load(&a.manifest)?;
    let config = FetchConfig {
        domains: a.domains,
        buildings: a.buildings,
        dest: a.dest,
        base_url: a.base_url,
        timeout_s: a.timeout,
    };
    let style =
        ProgressStyle::with_template("{prefix} {bar:30} {bytes}/{total_bytes} {bytes_per_sec}")
            .context("progress style")?;
    let mut bar: Option<(usize, ProgressBar)> = None;
    let report = data::fetch(&manifest, &config, &mut |p| {
        if bar.as_ref().is_none_or(|(i, _)| *i != p.index) {
            if let Some((_, b)) = bar.take() {
                b.finish();
            }
            let b = ProgressBar::new(p.total.unwrap_or(0))
                .with_style(style.clone())
                .with_prefix(format!("[{}/{}] {}", p.index + 1, p.count, p.archive));
            bar = Some((p.index, b));
        }
        if let Some((_, b)) = &bar {
            if let Some(t) = p.total {
                b.set_length(t);
            }
            b.set_position(p.done);
        }
    })?;
    if let Some((_, b)) = bar {
        b.finish();
    }
    for (name, outcome) in &report.done {
        println!("{name}: {outcome:?}");
    }
    for e in &report.failed {
        eprintln!("failed: {e}");
    }
    if !report.failed.is_empty() {
        bail!(
            "{} of {} archives failed (rerun to resume)",
            report.failed.len(),
            report.failed.len() + report.done.len()
        );
    }
    Ok(())
}

fn check(a: CheckArgs) -> anyhow::Result<()> {
    let dataset = match a.root {
        Some(root) => Dataset::new(Manifest::load(&a.manifest)?, root),
        None => Dataset::open(&a.manifest)?,
    };
    let config = CheckConfig {
        domains: a.domains,
        buildings: a.buildings,
        verify_md5: !a.no_md5,
        threads: a.threads,
    };
    let report = data::check(&dataset, &config)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
    }
    if !report.is_ok() {
        bail!(
            "{} problems in {}",
            report.problems.total(),
            dataset.root().display()
        );
    }
    Ok(())
}

fn manifest(a: ManifestArgs) -> anyhow::Result<()> {
    let mut index = data::manifest::ArchiveIndex::new();
    for (path, add) in [
        (
            &a.md5sum,
            data::manifest::ArchiveIndex::add_md5sum as fn(&mut _, &str, &_) -> _,
        ),
        (&a.filesize, data::manifest::ArchiveIndex::add_filesize),
    ] {
        if let Some(path) = path {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let read = add(&mut index, &text, path.as_path())?;
            println!("{}: {read} archives", path.display());
        }
    }
    for mut m in data::manifest::official_manifests(&a.splits)? {
        let filled = index.fill(&mut m);
        let path = a.out.join(format!("{}.json", m.name));
        m.write(&path)?;
        if index.is_empty() {
            println!("{} ({} buildings)", path.display(), m.buildings.len());
        } else {
            println!(
                "{} ({} buildings, {filled} archives with a known length or MD5)",
                path.display(),
                m.buildings.len()
            );
        }
    }
    Ok(())
}
