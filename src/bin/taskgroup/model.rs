//! `taskgroup model info`: parameters and MACs of a network.

use taskgroup::model::{Arch, NetSpec};
use taskgroup::tasks::TaskSet;
use taskgroup::train::TrainSettings;

/// Arguments of `taskgroup model`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Parameters and multiply-accumulates (conv + transposed conv) of a network.
    Info {
        /// xception17, xception17-half, xception, xception-half, tiny, tiny-half.
        #[arg(long)]
        arch: Arch,
        /// Task letters, e.g. sdnkt.
        #[arg(long)]
        tasks: TaskSet,
        /// Input side in pixels.
        #[arg(long, default_value_t = TrainSettings::default().size)]
        size: usize,
        /// Print `{"params": N, "macs": M}` only.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Info {
            arch,
            tasks,
            size,
            json,
        } => {
            anyhow::ensure!(!tasks.is_empty(), "--tasks needs at least one task letter");
            let b = NetSpec::new(arch, tasks).breakdown(size);
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "params": b.total.params, "macs": b.total.macs })
                );
                return Ok(());
            }
            println!(
                "{arch} ({}) with tasks {}, {size}x{size} input",
                arch.official_name().unwrap_or("width-scaled Xception17"),
                tasks.letters()
            );
            println!("{:<22} {:>14} {:>18}", "part", "params", "MACs");
            let row = |name: &str, c: taskgroup::model::Counts| {
                println!("{name:<22} {:>14} {:>18}", c.params, c.macs)
            };
            row("encoder", b.encoder);
            if b.shared.params > 0 {
                row("shared pre-decoder", b.shared);
            }
            for (t, c) in &b.decoders {
                row(&format!("decoder {}", t.name()), *c);
            }
            row("total", b.total);
            Ok(())
        }
    }
}
