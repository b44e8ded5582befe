//! `taskgroup tasks`: the task catalog.

use taskgroup::tasks::Task;

/// Arguments of `taskgroup tasks`.
#[derive(clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.json {
        let rows: Vec<_> = Task::ALL
            .iter()
            .map(|t| {
                serde_json::json!({
                    "letter": t.letter().to_string(), "name": t.name(), "domain": t.domain(),
                    "channels": t.channels(), "normalisation": t.normalisation(),
                    "mask": t.uses_mask(), "loss": t.loss_kind(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    println!(
        "{:<6} {:<20} {:<20} {:>8} {:>5}  loss",
        "letter", "name", "domain", "channels", "mask"
    );
    for t in Task::ALL {
        let loss = match t.loss_kind() {
            taskgroup::tasks::LossKind::CrossEntropy { ignore_index } => {
                format!("cross-entropy (ignore class {ignore_index})")
            }
            taskgroup::tasks::LossKind::L1 { masked: true } => {
                "L1 over valid-depth pixels".to_string()
            }
            taskgroup::tasks::LossKind::L1 { masked: false } => "L1".to_string(),
        };
        println!(
            "{:<6} {:<20} {:<20} {:>8} {:>5}  {loss}",
            t.letter(),
            t.name(),
            t.domain(),
            t.channels(),
            if t.uses_mask() { "yes" } else { "no" }
        );
    }
    Ok(())
}
