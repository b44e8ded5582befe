//! `taskgroup report`: the report folder the demo writes (figures, tables,
//! summary), from a long loss file of one's own results.

use crate::select::{LongInput, SweepArgs};
use anyhow::Context;
use std::path::PathBuf;
use taskgroup::report::{Report, ReportInputs};

/// Arguments of `taskgroup report`.
#[derive(clap::Args)]
#[command(mut_arg("losses", |a| a.required(true)))]
pub struct Args {
    #[command(flatten)]
    long: LongInput,
    /// The report folder (figures/, tables/, summary.md); written atomically
    /// file by file, so a rerun replaces it.
    #[arg(long)]
    out: PathBuf,
    /// The title of the summary and figures [default: the loss file's name].
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    sweep: SweepArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let missing = "taskgroup report needs --losses FILE";
    let tables = args.long.tables()?.context(missing)?;
    let path = args.long.losses.as_deref().context(missing)?;
    let title = args.title.clone().unwrap_or_else(|| {
        path.file_stem().map_or_else(
            || path.display().to_string(),
            |s| s.to_string_lossy().into(),
        )
    });
    let config = args
        .sweep
        .config(tables.search.columns().len(), tables.esa.is_some())?;
    let inputs = ReportInputs {
        title: &title,
        val: &tables.search,
        test: tables.score.as_ref().map(|(_, t)| t),
        esa: tables.esa.as_ref(),
        history: None,
    };
    let report = Report::compute(inputs, &config)?;
    let summary = report.write(&args.out)?;
    println!("report: {}", summary.display());
    Ok(())
}
