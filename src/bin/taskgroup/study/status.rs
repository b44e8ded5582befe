//! `taskgroup study status`: where every network of a store stands.

use std::path::PathBuf;
use taskgroup::study::Store;

/// Arguments of `taskgroup study status`.
#[derive(clap::Args)]
pub struct Args {
    /// The results store.
    #[arg(long)]
    store: PathBuf,
    /// Print the status as JSON (`{"store", "max_epochs", "at_unix_s",
    /// "networks": [{"id", "state", ...}]}`).
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let status = Store::open(&args.store)?.status()?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&status)?);
    } else {
        print!("{status}");
    }
    Ok(())
}
