//! `taskgroup report`: the report folder the demo writes (figures, tables,
//! summary), from a long loss file of one's own results or from a study's
//! store (whatever networks are finished; a store of several seeds adds
//! their intervals).

use crate::select::{LongInput, SweepArgs};
use anyhow::Context;
use std::path::PathBuf;
use taskgroup::report::{Report, ReportInputs};
use taskgroup::study::Store;

/// Arguments of `taskgroup report`.
#[derive(clap::Args)]
#[command(mut_arg("losses", |a| a.required_unless_present("store")))]
pub struct Args {
    #[command(flatten)]
    long: LongInput,
    /// A study's store instead of a loss file: the report of its finished
    /// networks (missing ones are left out and counted).
    #[arg(long, conflicts_with_all = ["losses", "split", "score_split"])]
    store: Option<PathBuf>,
    /// The report folder (figures/, tables/, summary.md); written atomically
    /// file by file, so a rerun replaces it.
    #[arg(long)]
    out: PathBuf,
    /// The title of the summary and figures [default: the loss file's or store's name].
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    sweep: SweepArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let report = match &args.store {
        Some(store) => from_store(&args, store)?,
        None => from_losses(&args)?,
    };
    let summary = report.write(&args.out)?;
    println!("report: {}", summary.display());
    Ok(())
}

fn from_store(args: &Args, dir: &std::path::Path) -> anyhow::Result<Report> {
    let store = Store::open(dir)?;
    let status = store.status()?;
    println!("{}", status.summary());
    let replicates = store.seed_tables()?;
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| format!("Study {}", name_of(dir)));
    let config = args.sweep.config(store.config().tasks.len(), true)?;
    // A study of several seeds: the first seed's report with the spread of all.
    Ok(Report::compute_seeds(&title, &replicates, &config)?)
}

fn from_losses(args: &Args) -> anyhow::Result<Report> {
    let missing = "taskgroup report needs --losses FILE or --store DIR";
    let tables = args.long.tables()?.context(missing)?;
    let path = args.long.losses.as_deref().context(missing)?;
    let title = args.title.clone().unwrap_or_else(|| name_of(path));
    let config = args
        .sweep
        .config(tables.search.columns().len(), tables.esa.is_some())?;
    let inputs = ReportInputs {
        title: &title,
        val: &tables.search,
        test: tables.score.as_ref().map(|(_, t)| t),
        esa: tables.esa.as_ref(),
        history: None,
        baselines: &[],
    };
    Ok(Report::compute(inputs, &config)?)
}

/// A path's file stem (the whole path when it has none).
fn name_of(path: &std::path::Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into(),
    )
}
