//! `taskgroup compare`: every estimator's choice on a full study scored with
//! its test losses (`taskgroup::compare`): regret per budget and what each
//! estimator cost, and how each source of pairwise scores ranks the test
//! pair affinities. Reads files only (no training).

use crate::select::BudgetArgs;
use std::path::PathBuf;
use taskgroup::compare::Comparison;
use taskgroup::estimate::OneRunAffinity;
use taskgroup::plot::{Figure, PerformanceCurves};
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
    /// figures (regret, regret_cost: SVG and PNG) into this folder.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print `{"rows": [{"method", "budget", "networks", "test_total",
    /// "regret", ...}], "agreement": [...]}` instead of tables.
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
    let comparison = Comparison::of_store(&store, run.as_ref(), &budgets, args.budgets.random())?;
    if let Some(out) = &args.out {
        comparison.write(out)?;
        for (name, figure) in [
            ("regret", PerformanceCurves::regret(&comparison)),
            (
                "regret_cost",
                PerformanceCurves::regret_versus_cost(&comparison),
            ),
        ] {
            figure.save(out.join(format!("{name}.svg")))?;
            figure.save(out.join(format!("{name}.png")))?;
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&comparison.to_json())?);
        return Ok(());
    }
    print!("{}", comparison.regret_table());
    if let Some(out) = &args.out {
        println!("wrote {}", out.display());
    }
    Ok(())
}
