//! `taskgroup compare`: every estimator's choice on a full study scored with
//! its test losses (`taskgroup::compare`): regret per budget and what each
//! estimator cost, and how each source of pairwise scores ranks the test
//! pair affinities. Reads files only (no training).

use crate::select::BudgetArgs;
use std::path::PathBuf;
use taskgroup::analysis::export::{write_csv, write_parquet};
use taskgroup::compare::Comparison;
use taskgroup::estimate::OneRunAffinity;
use taskgroup::plot::{Figure, PerformanceCurves};
use taskgroup::seeds::{RegretSpread, REGRET_STEM};
use taskgroup::study::Store;

/// Arguments of `taskgroup compare`.
#[derive(clap::Args)]
pub struct Args {
    /// The study's store, every subset trained (the ground truth).
    #[arg(long)]
    study: PathBuf,
    /// The output of `taskgroup affinity` on the same tasks: adds TAG's and
    /// the gradient cosine's choices.
    #[arg(long)]
    affinity: Option<PathBuf>,
    #[command(flatten)]
    budgets: BudgetArgs,
    /// Write the frames (comparison, agreement: CSV and parquet) and the two
    /// figures (regret, regret_cost: SVG and PNG) into this folder. A study
    /// of several seeds adds seeds_regret, and its figures show each
    /// estimator's mean regret across the seeds with its 95% interval.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print `{"rows": [{"method", "budget", "networks", "test_total",
    /// "regret", ...}], "agreement": [...]}` instead of tables (the study's
    /// own seed; a study of several seeds adds `"seeds": {"seeds", "rows":
    /// [{"method", "budget", "changed", "regret", "test_total"}]}`, each an
    /// interval `{"seeds", "mean", "low", "high"}`).
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let store = Store::open(&args.study)?;
    let run = args
        .affinity
        .as_deref()
        .map(OneRunAffinity::load)
        .transpose()?;
    let n = store.config().tasks.len();
    let budgets = args.budgets.budgets(n)?;
    let comparisons =
        Comparison::of_store_seeds(&store, run.as_ref(), &budgets, args.budgets.random())?;
    let spread = (comparisons.len() >= 2)
        .then(|| RegretSpread::compute(&comparisons))
        .transpose()?;
    let comparison = &comparisons[0];
    if let Some(out) = &args.out {
        comparison.write(out)?;
        let (regret, cost) = match &spread {
            Some(s) => {
                let frame = s.frame()?;
                write_csv(&frame, out.join(format!("{REGRET_STEM}.csv")))?;
                write_parquet(&frame, out.join(format!("{REGRET_STEM}.parquet")))?;
                (
                    PerformanceCurves::regret_across(s),
                    PerformanceCurves::regret_versus_cost_across(s),
                )
            }
            None => (
                PerformanceCurves::regret(comparison),
                PerformanceCurves::regret_versus_cost(comparison),
            ),
        };
        for (name, figure) in [("regret", regret), ("regret_cost", cost)] {
            figure.save(out.join(format!("{name}.svg")))?;
            figure.save(out.join(format!("{name}.png")))?;
        }
    }
    if args.json {
        let mut json = comparison.to_json();
        if let Some(s) = &spread {
            json["seeds"] = s.to_json();
        }
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(());
    }
    print!("{}", comparison.regret_table());
    if let Some(s) = &spread {
        println!();
        print!("{}", s.regret_table());
    }
    if let Some(out) = &args.out {
        println!("wrote {}", out.display());
    }
    Ok(())
}
