//! The one-run affinity estimators (`taskgroup::estimate`): one measured
//! step equals a hand computation and the PyTorch peer
//! `benches/pytorch_lookahead.py`; the measurement leaves the network, its
//! BN statistics and the run's trajectory untouched; a killed run with the
//! estimators resumes to the uninterrupted result; `taskgroup affinity
//! --json` prints its documented shape.
#![cfg(feature = "torch")]

mod study_support;
mod torch_support;
mod train_support;

use rand::SeedableRng;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use taskgroup::data::{Batch, BatchSource};
use taskgroup::estimate::{
    estimate, measure_step, AffinityMethod, EstimateOptions, OneRunAffinity, StepAffinity,
    AFFINITY_FILE,
};
use taskgroup::model::Arch;
use taskgroup::tasks::TaskSet;
use taskgroup::train::loss::total_loss;
use taskgroup::train::{Sources, TrainConfig, TrainError, TrainStep, Trainer};
use tch::{Kind, Tensor};
use torch_support::Dump;
use train_support::{random_batch, FailAt, SynthSource, Untouchable};

const LETTERS: &str = "sdn";

fn config(arch: Arch) -> TrainConfig {
    train_support::small_config(arch, LETTERS)
}

fn batches() -> (Batch, Batch) {
    let tasks = TaskSet::from_letters(LETTERS).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    (
        random_batch(tasks, 2, 32, &mut rng),
        random_batch(tasks, 2, 32, &mut rng),
    )
}

fn options(momentum: bool, divide_by_lr: bool) -> EstimateOptions {
    EstimateOptions {
        every: 1,
        momentum,
        divide_by_lr,
    }
}

/// Every variable of the network (weights and BN statistics), copied.
fn snapshot(ts: &TrainStep) -> BTreeMap<String, Tensor> {
    ts.vs
        .variables()
        .into_iter()
        .map(|(n, t)| (n, t.detach().copy()))
        .collect()
}

fn assert_same_vars(a: &BTreeMap<String, Tensor>, b: &BTreeMap<String, Tensor>, what: &str) {
    assert_eq!(a.len(), b.len());
    for (name, t) in a {
        assert!(t.equal(&b[name]), "{what}: {name} differs");
    }
}

/// The task losses of `batch` in training mode and their gradients on the
/// shared parameters, from the public network API.
fn losses_and_grads(ts: &TrainStep, batch: &Batch) -> (Vec<f64>, Vec<Vec<Tensor>>) {
    let outputs = ts.net.forward_t(&batch.input, true);
    let (_, per_task) = total_loss(&outputs, &batch.targets, false).unwrap();
    let shared = ts.net.shared_parameters();
    let values = per_task.values().map(|l| l.double_value(&[])).collect();
    let grads = per_task
        .values()
        .map(|l| Tensor::run_backward(&[l], &shared, true, false))
        .collect();
    (values, grads)
}

/// TAG and cosine of `batch` for the network `hand` by hand: its shared
/// parameters set to `theta - lr (g_i + wd theta + momentum buf)`, the
/// losses after, restored from `theta`. `buf` is the momentum buffer per
/// shared parameter (none: the plain step).
fn by_hand(hand: &TrainStep, batch: &Batch, buf: Option<&[Tensor]>, lr: f64) -> StepAffinity {
    let s = &config(Arch::Tiny).settings;
    let (base, grads) = losses_and_grads(hand, batch);
    let shared = hand.net.shared_parameters();
    let theta: Vec<Tensor> = shared.iter().map(|p| p.detach().copy()).collect();
    let mut tag = Vec::new();
    for g in &grads {
        let after = tch::no_grad(|| {
            for (k, p) in shared.iter().enumerate() {
                let mut d = &g[k] + &theta[k] * s.weight_decay;
                if let Some(buf) = buf {
                    d = &buf[k] * s.momentum + d;
                }
                p.shallow_clone().copy_(&(&theta[k] - d * lr));
            }
            let outputs = hand.net.forward_t(&batch.input, true);
            let (_, per_task) = total_loss(&outputs, &batch.targets, false).unwrap();
            for (p, t) in shared.iter().zip(&theta) {
                p.shallow_clone().copy_(t);
            }
            per_task
                .values()
                .map(|l| l.double_value(&[]))
                .collect::<Vec<_>>()
        });
        tag.push(after.iter().zip(&base).map(|(a, b)| 1.0 - a / b).collect());
    }
    let flat: Vec<Tensor> = grads
        .iter()
        .map(|g| {
            Tensor::cat(&g.iter().map(|t| t.flatten(0, -1)).collect::<Vec<_>>(), 0)
                .to_kind(Kind::Double)
        })
        .collect();
    let cosine = flat
        .iter()
        .map(|a| {
            flat.iter()
                .map(|b| {
                    a.dot(b).double_value(&[])
                        / (a.norm().double_value(&[]) * b.norm().double_value(&[]))
                })
                .collect()
        })
        .collect();
    StepAffinity { tag, cosine }
}

fn max_rel_diff(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    let scale = b.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    let diff = a
        .iter()
        .flatten()
        .zip(b.iter().flatten())
        .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()));
    assert!(scale > 0.0);
    diff / scale
}

#[test]
fn one_step_equals_a_hand_computation() {
    let cfg = config(Arch::Tiny).check().unwrap();
    let (b0, b1) = batches();
    // One normal step first, so that the optimiser has momentum buffers.
    let mut ts = TrainStep::new(&cfg).unwrap();
    let init = TrainStep::new(&cfg).unwrap();
    ts.step(&b0).unwrap();
    // The buffer after the first step, by hand: the summed loss's gradient
    // at the initial weights plus the weight decay, g0 + wd p0.
    let outputs = init.net.forward_t(&b0.input, true);
    let (total, _) = total_loss(&outputs, &b0.targets, false).unwrap();
    let p0 = init.net.shared_parameters();
    let g0 = Tensor::run_backward(&[total], &p0, false, false);
    let wd = cfg.settings.weight_decay;
    let buf: Vec<Tensor> = g0.iter().zip(&p0).map(|(g, p)| g + p * wd).collect();
    let lr = ts.sgd.lr;
    for (momentum, divide) in [(false, false), (true, false), (false, true)] {
        let got = measure_step(&ts, &b1, &options(momentum, divide)).unwrap();
        // A second network with the same weights, stepped by hand.
        let mut hand = TrainStep::new(&cfg).unwrap();
        hand.vs.copy(&ts.vs).unwrap();
        let mut want = by_hand(&hand, &b1, momentum.then_some(&buf[..]), lr);
        if divide {
            for row in &mut want.tag {
                row.iter_mut().for_each(|v| *v /= lr);
            }
        }
        let (tag, cosine) = (
            max_rel_diff(&got.tag, &want.tag),
            max_rel_diff(&got.cosine, &want.cosine),
        );
        println!("momentum {momentum}, divide {divide}: {got:?} (tag {tag:e}, cosine {cosine:e})");
        assert!(tag <= 1e-6, "tag: {got:?} vs {want:?}");
        assert!(cosine <= 1e-6, "cosine: {got:?} vs {want:?}");
        // The diagonal of the cosine is 1; the lookahead moves every loss.
        for i in 0..3 {
            assert!((got.cosine[i][i] - 1.0).abs() < 1e-9, "{got:?}");
            assert!(got.tag[i].iter().all(|z| z.abs() > 1e-6), "{got:?}");
        }
    }
    // The options change the answer (the check can tell them apart).
    let plain = measure_step(&ts, &b1, &options(false, false)).unwrap();
    let with_momentum = measure_step(&ts, &b1, &options(true, false)).unwrap();
    assert!(max_rel_diff(&with_momentum.tag, &plain.tag) > 1e-3);
}

#[test]
fn the_measurement_leaves_the_network_and_its_bn_statistics_as_they_were() {
    let cfg = config(Arch::Tiny).check().unwrap();
    let (b0, b1) = batches();
    let (mut measured, mut plain) = (TrainStep::new(&cfg).unwrap(), TrainStep::new(&cfg).unwrap());
    for (i, batch) in [&b0, &b1, &b0].into_iter().enumerate() {
        let before = snapshot(&measured);
        for momentum in [false, true] {
            measure_step(&measured, batch, &options(momentum, false)).unwrap();
        }
        // Weights and running statistics are bit for bit what they were.
        assert_same_vars(&snapshot(&measured), &before, "after measuring");
        // The normal step then changes them exactly as without the estimators.
        let a = measured.step(batch).unwrap();
        let b = plain.step(batch).unwrap();
        assert_eq!(a, b, "step {i}");
        assert_same_vars(&snapshot(&measured), &snapshot(&plain), "after the step");
        assert!(
            !snapshot(&measured)
                .iter()
                .filter(|(n, _)| n.ends_with("running_mean"))
                .all(|(n, t)| t.equal(&before[n])),
            "the normal step moves the running statistics"
        );
    }
}

#[test]
fn one_step_equals_its_pytorch_peer() {
    for arch in [Arch::Tiny, Arch::XceptionHalf] {
        let cfg = config(arch).check().unwrap();
        let (b0, b1) = batches();
        let mut ts = TrainStep::new(&cfg).unwrap();
        // One normal step first: the peer starts from its weights and
        // momentum buffers (so that only the measurement is compared).
        ts.step(&b0).unwrap();
        let mut dump = Dump::default();
        let vars: BTreeMap<String, Tensor> = ts.vs.variables().into_iter().collect();
        for (name, t) in &vars {
            dump.add(&format!("init/{name}"), t);
        }
        let dir = tempfile::tempdir().unwrap();
        let momentum_file = dir.path().join("momentum.safetensors");
        ts.sgd.save(&momentum_file).unwrap();
        for (name, t) in Tensor::read_safetensors(&momentum_file).unwrap() {
            dump.add(&format!("momentum/{name}"), &t);
        }
        dump.add("b1/input", &b1.input);
        for (task, target) in &b1.targets {
            dump.add(&format!("b1/target/{}", task.letter()), &target.value);
            if let Some(mask) = &target.mask {
                dump.add("b1/mask", mask);
            }
        }
        let plain = measure_step(&ts, &b1, &options(false, false)).unwrap();
        let momentum = measure_step(&ts, &b1, &options(true, false)).unwrap();
        ts.step(&b1).unwrap();
        for (name, t) in &vars {
            if !t.requires_grad() {
                dump.add(&format!("after/{name}"), t);
            }
        }
        let case: serde_json::Value =
            torch_support::network_case(arch, cfg.tasks, &cfg.settings).into();
        let r = dump.check(dir.path(), &case, "benches/pytorch_lookahead.py");
        let matrix =
            |key: &str| -> Vec<Vec<f64>> { serde_json::from_value(r[key].clone()).unwrap() };
        let diffs = [
            ("tag plain", max_rel_diff(&plain.tag, &matrix("tag_plain"))),
            (
                "tag momentum",
                max_rel_diff(&momentum.tag, &matrix("tag_momentum")),
            ),
            ("cosine", max_rel_diff(&plain.cosine, &matrix("cosine"))),
        ];
        println!("{arch}: {diffs:?} {r}");
        for (what, d) in diffs {
            assert!(
                d <= 1e-5,
                "{arch} {what}: {d:e}: {plain:?} {momentum:?} vs {r}"
            );
        }
        // The running statistics after the lookahead and the normal step
        // are PyTorch's after the normal step alone, whose count
        // (num_batches_tracked) is that one step's.
        let stats = r["running_statistics_difference"].as_f64().unwrap();
        assert!(stats <= 1e-4, "{arch}: {r}");
        assert_eq!(r["num_batches_tracked"], serde_json::json!([1]), "{r}");
    }
}

fn run_options() -> EstimateOptions {
    EstimateOptions {
        every: 2,
        ..EstimateOptions::default()
    }
}

#[test]
fn a_killed_run_with_the_estimators_resumes_to_the_same_result() {
    let tasks = TaskSet::from_letters(LETTERS).unwrap();
    let (train, val) = (
        SynthSource::new(tasks, 3, 2, 32, 4),
        SynthSource::new(tasks, 1, 2, 32, 5),
    );
    let cfg = config(Arch::Tiny).with_max_epochs(3).check().unwrap();
    let run = |dir: &Path, train: &dyn BatchSource| {
        let sources = Sources {
            train,
            val: &val,
            test: None,
        };
        estimate(cfg.clone(), &sources, run_options(), dir, &mut |_| {})
    };
    let (whole, dir, bare) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let reference = run(whole.path(), &train).unwrap();
    // 9 steps (3 per epoch), every second one measured from the first:
    // steps 0 and 2, 4, 6 and 8.
    assert_eq!(reference.steps, 5);
    assert_eq!(reference.cost.training_steps, 9);
    assert_eq!(reference.cost.training_images, 18);
    assert_eq!(
        reference
            .epochs
            .iter()
            .map(|e| (e.epoch, e.steps))
            .collect::<Vec<_>>(),
        [(1, 2), (2, 1), (3, 2)]
    );
    assert!(reference.cost.measure_seconds > 0.0);
    assert!(reference.cost.measure_seconds < reference.cost.seconds);
    assert_eq!(OneRunAffinity::load(whole.path()).unwrap(), reference);
    for file in [
        "affinity.csv",
        "affinity.parquet",
        "affinity_history.csv",
        "affinity_history.parquet",
    ] {
        assert!(whole.path().join(file).is_file(), "{file}");
    }

    // The estimators do not change the training: the plain run's history, bit for bit.
    let sources = Sources {
        train: &train,
        val: &val,
        test: None,
    };
    let plain = Trainer::new(cfg.clone(), bare.path().join("run"))
        .run(&sources, &mut |_| {})
        .unwrap();
    let hooked: taskgroup::train::TrainRecord =
        serde_json::from_slice(&std::fs::read(whole.path().join("run/record.json")).unwrap())
            .unwrap();
    assert_eq!(hooked.history, plain.history);
    // A run trained without the estimators cannot be continued with them.
    let err = estimate(
        cfg.clone(),
        &sources,
        run_options(),
        bare.path(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("without a step hook"), "{err}");

    // Killed in the second epoch, resumed.
    let dying = FailAt {
        inner: &train,
        epoch: 1,
        batch: 2,
    };
    let err = run(dir.path(), &dying).unwrap_err();
    assert!(
        matches!(&err, taskgroup::estimate::EstimateError::Train(e) if matches!(**e, TrainError::Data { epoch: 2, .. })),
        "{err}"
    );
    assert!(!dir.path().join(AFFINITY_FILE).exists());
    let resumed = run(dir.path(), &train).unwrap();
    assert_eq!(resumed.tasks, reference.tasks);
    assert_eq!(resumed.steps, reference.steps);
    assert_eq!(
        (
            resumed.cost.epochs,
            resumed.cost.training_steps,
            resumed.cost.training_images
        ),
        (3, 9, 18)
    );
    for m in AffinityMethod::ALL {
        let d = max_rel_diff(resumed.matrix(m), reference.matrix(m));
        assert!(d <= 1e-6, "{m}: {d:e}");
        for (a, b) in resumed.epochs.iter().zip(&reference.epochs) {
            assert_eq!((a.epoch, a.steps), (b.epoch, b.steps));
            assert!(max_rel_diff(&a.methods[&m], &b.methods[&m]) <= 1e-6);
        }
    }
    // A finished estimate is read back without training.
    let again = run(dir.path(), &Untouchable).unwrap();
    assert_eq!(again, OneRunAffinity::load(dir.path()).unwrap());
    // Other options do not continue it.
    let sources = Sources {
        train: &train,
        val: &val,
        test: None,
    };
    let other = EstimateOptions {
        every: 3,
        ..EstimateOptions::default()
    };
    let err = estimate(cfg, &sources, other, dir.path(), &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("other options"), "{err}");
}

#[test]
fn the_command_prints_the_documented_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = study_support::dataset(dir.path());
    let out = dir.path().join("affinity");
    let run = Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"))
        .arg("affinity")
        .arg("--data")
        .arg(&data)
        .args(study_support::TINY_STUDY)
        .args(["--max-epochs", "2", "--every", "1", "--json", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let mut keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["methods", "steps", "tasks"], "{json}");
    assert_eq!(
        json["tasks"],
        serde_json::json!(["segment_semantic", "depth_zbuffer", "normal"])
    );
    let methods = json["methods"].as_object().unwrap();
    let mut names: Vec<&String> = methods.keys().collect();
    names.sort();
    assert_eq!(names, ["cosine", "tag"]);
    for m in methods.values() {
        let rows = m.as_array().unwrap();
        assert_eq!(rows.len(), 3);
        assert!(
            rows.iter().all(|r| r.as_array().unwrap().len() == 3),
            "{json}"
        );
    }
    let saved = OneRunAffinity::load(&out).unwrap();
    assert_eq!(json["steps"], saved.steps);
    assert_eq!(saved.cost.epochs, 2);
    assert_eq!(saved.steps, saved.cost.training_steps);
    assert_eq!(
        serde_json::to_value(saved.matrix(AffinityMethod::Tag)).unwrap(),
        json["methods"]["tag"]
    );
}
