//! `taskgroup bench train`: training images per second of the paper's
//! network (and the tiny preset), Rust (tch, through the library's
//! `TrainStep`) side by side with PyTorch eager (`benches/train_pytorch.py`,
//! the same architecture built from the widths printed here), in one table.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;
use taskgroup::data::{Batch, Target};
use taskgroup::model::{Arch, DecoderWidths};
use taskgroup::tasks::{Task, TaskSet};
use taskgroup::train::{resolve_device, TrainConfig, TrainStep};
use tch::{Device, Kind, Tensor};

/// Arguments of `taskgroup bench`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Which,
}

#[derive(clap::Subcommand)]
enum Which {
    /// Training throughput, Rust vs PyTorch eager.
    Train(TrainArgs),
    /// Every benchmark with its defaults.
    All,
}

#[derive(clap::Args, Clone)]
struct TrainArgs {
    /// Cases as arch:size, comma-separated.
    #[arg(long, default_value = "xception17:256,tiny:64", value_delimiter = ',')]
    cases: Vec<String>,
    /// Batch sizes, comma-separated.
    #[arg(long, default_value = "16,64", value_delimiter = ',')]
    batches: Vec<i64>,
    /// Task letters of the benchmarked network.
    #[arg(long, default_value = "s")]
    tasks: TaskSet,
    /// cpu or cuda.
    #[arg(long, default_value = "cpu")]
    device: String,
    /// Mixed precision (fp16 autocast with loss scaling; CUDA only).
    #[arg(long)]
    amp: bool,
    /// Timed steps per case (after the warm-up).
    #[arg(long, default_value_t = 3)]
    steps: usize,
    /// Untimed warm-up steps per case.
    #[arg(long, default_value_t = 1)]
    warmup: usize,
    /// Intra-op threads for both (default: libtorch's choice).
    #[arg(long)]
    threads: Option<i32>,
    /// Python with torch (default: .venv/bin/python, else python3).
    #[arg(long)]
    python: Option<PathBuf>,
    /// Skip the PyTorch column.
    #[arg(long)]
    no_pytorch: bool,
}

impl Default for TrainArgs {
    fn default() -> Self {
        TrainArgs {
            cases: vec!["xception17:256".into(), "tiny:64".into()],
            batches: vec![16, 64],
            tasks: TaskSet::from_letters("s").expect("letter"),
            device: "cpu".into(),
            amp: false,
            steps: 3,
            warmup: 1,
            threads: None,
            python: None,
            no_pytorch: false,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Which::Train(a) => train(a),
        Which::All => train(TrainArgs::default()),
    }
}

/// A random batch with targets for `tasks` on `device`.
fn random_batch(tasks: TaskSet, b: i64, size: i64, device: Device) -> Batch {
    let opts = (Kind::Float, device);
    let targets: BTreeMap<Task, Target> = tasks
        .iter()
        .map(|t| {
            let value = match t {
                Task::SegmentSemantic => {
                    Tensor::randint_low(0, t.channels(), [b, size, size], (Kind::Int64, device))
                }
                _ => Tensor::rand([b, t.channels(), size, size], opts),
            };
            (
                t,
                Target {
                    value,
                    mask: t
                        .uses_mask()
                        .then(|| Tensor::ones([b, 1, size, size], opts)),
                },
            )
        })
        .collect();
    Batch {
        input: Tensor::rand([b, 3, size, size], opts),
        targets,
    }
}

fn sync(device: Device) {
    if let Device::Cuda(i) = device {
        tch::Cuda::synchronize(i as i64);
    }
}

/// Rust images/s for one case.
fn rust_case(a: &TrainArgs, arch: Arch, size: i64, batch: i64) -> anyhow::Result<(f64, u64)> {
    let cfg = TrainConfig::default()
        .with_arch(arch)
        .with_tasks(a.tasks)
        .with_size(size)
        .with_batch_size(batch as usize)
        .with_device(a.device.clone())
        .with_mixed_precision(a.amp)
        .with_shift_tolerance(false);
    let mut ts = TrainStep::new(&cfg)?;
    let data = random_batch(a.tasks, batch, size, ts.device());
    for _ in 0..a.warmup {
        ts.step(&data)?;
    }
    sync(ts.device());
    let start = Instant::now();
    for _ in 0..a.steps {
        ts.step(&data)?;
    }
    sync(ts.device());
    Ok((
        (batch as usize * a.steps) as f64 / start.elapsed().as_secs_f64(),
        ts.net.num_params(),
    ))
}

/// PyTorch images/s for one case (runs benches/train_pytorch.py).
fn pytorch_case(a: &TrainArgs, arch: Arch, size: i64, batch: i64) -> anyhow::Result<(f64, u64)> {
    let w = arch.widths();
    let DecoderWidths::A { side, c1, c2, c3 } = w.decoder else {
        anyhow::bail!("the PyTorch script implements family A only ({arch} is family B)");
    };
    let widths = [w.w0, w.w1, w.w2, w.w3, w.w4, w.r, side, c1, c2, c3]
        .map(|x| x.to_string())
        .join(",");
    let python = a.python.clone().unwrap_or_else(|| {
        let venv = PathBuf::from(".venv/bin/python");
        if venv.exists() {
            venv
        } else {
            PathBuf::from("python3")
        }
    });
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/train_pytorch.py");
    let mut cmd = Command::new(&python);
    cmd.arg(&script)
        .args([
            "--widths",
            &widths,
            "--tasks",
            &a.tasks.letters(),
            "--size",
            &size.to_string(),
            "--batch",
            &batch.to_string(),
        ])
        .args([
            "--steps",
            &a.steps.to_string(),
            "--warmup",
            &a.warmup.to_string(),
            "--device",
            &a.device,
        ]);
    if a.amp {
        cmd.arg("--amp");
    }
    if let Some(t) = a.threads {
        cmd.args(["--threads", &t.to_string()]);
    }
    let out = cmd
        .output()
        .map_err(|e| anyhow::anyhow!("running {}: {e}", python.display()))?;
    anyhow::ensure!(
        out.status.success(),
        "{} failed: {}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let ips = v["images_per_s"]
        .as_f64()
        .ok_or_else(|| anyhow::anyhow!("no images_per_s in {v}"))?;
    Ok((ips, v["params"].as_u64().unwrap_or(0)))
}

fn train(a: TrainArgs) -> anyhow::Result<()> {
    // Both sides run on the same cores one after the other: with OpenMP's
    // default busy-waiting the idle side's threads were measured to slow the
    // other down several-fold on a small shared machine, so both use passive
    // waiting (the child inherits it) unless the caller chose a policy.
    if std::env::var_os("OMP_WAIT_POLICY").is_none() {
        std::env::set_var("OMP_WAIT_POLICY", "PASSIVE");
    }
    if let Some(t) = a.threads {
        tch::set_num_threads(t);
    }
    let device = resolve_device(&a.device)?;
    let precision = if a.amp && device.is_cuda() {
        "fp16 autocast"
    } else {
        "f32"
    };
    println!(
        "training throughput, tasks {}, {} timed steps after {} warm-up, {} intra-op threads",
        a.tasks.letters(),
        a.steps,
        a.warmup,
        tch::get_num_threads()
    );
    println!();
    println!("| network | input | batch | device | precision | Rust tch (img/s) | PyTorch eager (img/s) | Rust / PyTorch |");
    println!("|---|---|---|---|---|---|---|---|");
    for case in &a.cases {
        let (arch, size) = case
            .split_once(':')
            .ok_or_else(|| anyhow::anyhow!("case {case:?} is not arch:size"))?;
        let (arch, size): (Arch, i64) = (arch.parse()?, size.parse()?);
        for &batch in &a.batches {
            let (rust, params) = rust_case(&a, arch, size, batch)?;
            let (torch, ratio) = if a.no_pytorch {
                ("-".to_string(), "-".to_string())
            } else {
                let (py, py_params) = pytorch_case(&a, arch, size, batch)?;
                anyhow::ensure!(py_params == params, "PyTorch network has {py_params} parameters, Rust {params}: not the same architecture");
                (format!("{py:.2}"), format!("{:.2}", rust / py))
            };
            println!("| {arch} ({params} params) | {size}x{size} | {batch} | {device:?} | {precision} | {rust:.2} | {torch} | {ratio} |");
        }
    }
    Ok(())
}
