//! The multi-task weighting methods in training: one step of each from the
//! same weights, batch and method state gives the same updated parameters,
//! BN statistics and method state as the PyTorch peer
//! `benches/pytorch_weighting.py` (written from the same descriptions), and
//! a killed weighted run resumes with its method state.
#![cfg(feature = "torch")]

mod torch_support;
mod train_support;

use rand::SeedableRng;
use std::collections::BTreeMap;
use std::path::Path;
use taskgroup::data::BatchSource;
use taskgroup::model::Arch;
use taskgroup::tasks::TaskSet;
use taskgroup::train::weighting::{pcgrad::task_orders, GradNormState};
use taskgroup::train::{
    Sources, TrainConfig, TrainError, TrainStep, Trainer, Weighting, WeightingState,
};
use tch::Tensor;
use torch_support::Dump;
use train_support::{assert_same_history, random_batch, FailAt, SynthSource};

const LETTERS: &str = "sdn";

fn config(arch: Arch, weighting: Weighting) -> TrainConfig {
    train_support::small_config(arch, LETTERS).with_weighting(weighting)
}

/// A state away from the initial one, so that every part of the step counts.
fn midway_state(weighting: Weighting) -> WeightingState {
    match weighting {
        Weighting::GradNorm { .. } => WeightingState::GradNorm(GradNormState {
            weights: vec![0.8, 1.5, 0.7],
            initial_losses: Some(vec![3.0, 0.5, 0.4]),
        }),
        Weighting::Uncertainty => WeightingState::Uncertainty {
            log_variances: vec![0.3, -0.2, 0.1],
        },
        Weighting::PcGrad => WeightingState::PcGrad { steps: 5 },
        Weighting::Sum | Weighting::Mgda => WeightingState::Stateless,
    }
}

/// One Rust step dumped and replayed by the PyTorch peer; its report.
fn compare(arch: Arch, weighting: Weighting) -> serde_json::Value {
    let cfg = config(arch, weighting);
    let mut ts = TrainStep::new(&cfg.clone().check().unwrap()).unwrap();
    ts.weighting_state = midway_state(weighting);
    let before = ts.weighting_state.clone();
    let orders = match before {
        WeightingState::PcGrad { steps } => task_orders(cfg.settings.seed, steps, cfg.tasks.len()),
        _ => Vec::new(),
    };
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    let batch = random_batch(cfg.tasks, 2, 32, &mut rng);
    let mut dump = Dump::default();
    let vars: BTreeMap<String, Tensor> = ts.vs.variables().into_iter().collect();
    for (name, t) in &vars {
        dump.add(&format!("init/{name}"), t);
    }
    dump.add("input", &batch.input);
    for (task, target) in &batch.targets {
        dump.add(&format!("target/{}", task.letter()), &target.value);
        if let Some(mask) = &target.mask {
            dump.add("mask", mask);
        }
    }
    let losses = ts.step(&batch).unwrap();
    assert!(!losses.skipped);
    for (name, t) in &vars {
        dump.add(&format!("after/{name}"), t);
    }
    let mut case = torch_support::network_case(arch, cfg.tasks, &cfg.settings);
    case.extend(
        serde_json::json!({
            "method": weighting.name(),
            "alpha": match weighting { Weighting::GradNorm { alpha } => alpha, _ => 0.0 },
            "state": before,
            "state_after": ts.weighting_state,
            "orders": orders,
        })
        .as_object()
        .unwrap()
        .clone(),
    );
    let dir = tempfile::tempdir().unwrap();
    let report = dump.check(dir.path(), &case.into(), "benches/pytorch_weighting.py");
    println!("{arch} {weighting}: {report}");
    report
}

#[test]
fn each_method_steps_like_its_pytorch_peer() {
    for (arch, name) in [
        (Arch::Tiny, "sum"),
        (Arch::Tiny, "gradnorm"),
        (Arch::Tiny, "mgda"),
        (Arch::Tiny, "uncertainty"),
        (Arch::Tiny, "pcgrad"),
        // Family B: the shared pre-decoder (GradNorm's layer, part of
        // PCGrad's shared parameters) and the gradient-scaled representation.
        (Arch::XceptionHalf, "gradnorm"),
        (Arch::XceptionHalf, "mgda"),
        (Arch::XceptionHalf, "pcgrad"),
    ] {
        let weighting: Weighting = name.parse().unwrap();
        let r = compare(arch, weighting);
        assert_eq!(r["problems"], serde_json::json!([]), "{arch} {name}: {r}");
        let worst = &r["max_relative_difference"];
        for what in [
            "parameters",
            "updates",
            "running statistics",
            "method state",
        ] {
            assert!(
                worst[what].as_f64().unwrap() <= 1e-4,
                "{arch} {name} {what}: {r}"
            );
        }
        // The check can tell the methods apart: each one's update is far
        // from the plain sum's (PCGrad only when it projected something).
        let off_sum = r["update_vs_plain_sum"].as_f64().unwrap();
        let projected = r["projections"].as_u64().unwrap_or(1) > 0;
        if name == "sum" {
            assert!(off_sum <= 1e-6, "{r}");
        } else if projected {
            assert!(off_sum > 1e-2, "{arch} {name} is the plain sum: {r}");
        }
    }
}

#[test]
fn a_killed_weighted_run_resumes_with_its_state() {
    let tasks = TaskSet::from_letters(LETTERS).unwrap();
    let (train, val) = (
        SynthSource::new(tasks, 3, 2, 32, 4),
        SynthSource::new(tasks, 1, 2, 32, 5),
    );
    for name in ["gradnorm", "uncertainty", "pcgrad"] {
        let cfg = config(Arch::Tiny, name.parse().unwrap()).with_max_epochs(3);
        let run = |dir: &Path, train: &dyn BatchSource| {
            let sources = Sources {
                train,
                val: &val,
                test: None,
            };
            Trainer::new(cfg.clone().check().unwrap(), dir)
                .run(&sources, &mut |_| {})
                .map_err(Box::new)
        };
        let (whole, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let reference = run(whole.path(), &train).unwrap();
        // Killed in the third epoch.
        let dying = FailAt {
            inner: &train,
            epoch: 2,
            batch: 1,
        };
        let err = run(dir.path(), &dying).unwrap_err();
        assert!(matches!(*err, TrainError::Data { epoch: 3, .. }), "{err}");
        let state: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("state.json")).unwrap()).unwrap();
        assert_eq!(state["weighting"]["method"], name, "{state}");
        let config: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("config.json")).unwrap())
                .unwrap();
        assert_eq!(config["weighting"]["method"], name, "{config}");
        let resumed = run(dir.path(), &train).unwrap();
        assert_same_history(&resumed, &reference);
    }
}

#[test]
fn a_plain_run_saves_no_weighting() {
    let cfg = config(Arch::Tiny, Weighting::Sum);
    let json = serde_json::to_value(&cfg).unwrap();
    assert!(json.get("weighting").is_none(), "{json}");
    let err = config(Arch::Tiny, Weighting::Mgda)
        .with_mixed_precision(true)
        .check()
        .unwrap_err();
    assert!(err.to_string().contains("weighting = mgda"), "{err}");
}
