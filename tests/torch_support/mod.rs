//! Helpers of the tests that check tch code against a PyTorch peer: the
//! project's Python with torch, and the tensor dump the Python side reads
//! (`benches/pytorch_dump.py`).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use taskgroup::model::Arch;
use taskgroup::tasks::TaskSet;
use taskgroup::train::TrainSettings;
use tch::{Kind, Tensor};

/// The Python with torch: `TASKGROUP_PYTHON` (`make test` sets it to the
/// virtual environment's), else the repository's `.venv`.
pub fn python() -> PathBuf {
    let p = std::env::var_os("TASKGROUP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"));
    assert!(
        p.exists(),
        "no Python with torch at {} (set TASKGROUP_PYTHON, or run `make setup`)",
        p.display()
    );
    p
}

/// The part of a peer's `case.json` that describes the network and its
/// optimiser: `family`, `widths`, `tasks` (letters), `order` (the tasks'
/// letters in loss order), `lr`, `momentum`, `weight_decay`; the caller
/// adds its own keys.
pub fn network_case(
    arch: Arch,
    tasks: TaskSet,
    s: &TrainSettings,
) -> serde_json::Map<String, serde_json::Value> {
    let case = serde_json::json!({
        "family": format!("{:?}", arch.family()),
        "widths": arch.widths().to_vec(),
        "tasks": tasks.letters(),
        "order": tasks.iter().map(|t| t.letter().to_string()).collect::<Vec<_>>(),
        "lr": s.lr,
        "momentum": s.momentum,
        "weight_decay": s.weight_decay,
    });
    match case {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("a JSON object"),
    }
}

/// Named f32 tensors written as one raw little-endian file plus an index.
#[derive(Default)]
pub struct Dump {
    index: BTreeMap<String, serde_json::Value>,
    data: Vec<u8>,
}

impl Dump {
    /// Adds `t` (converted to f32) under `name`.
    pub fn add(&mut self, name: &str, t: &Tensor) {
        let t = t.detach().to_kind(Kind::Float).contiguous();
        let values = Vec::<f32>::try_from(t.flatten(0, -1)).unwrap();
        self.index.insert(
            name.to_string(),
            serde_json::json!({"shape": t.size(), "offset": self.data.len()}),
        );
        for v in values {
            self.data.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// Writes `case.json` (`case`), `index.json` and `tensors.bin` into
    /// `dir`, runs the repository's Python script `script` on it and
    /// returns the JSON line it prints; fails the test when the script fails.
    pub fn check(&self, dir: &Path, case: &serde_json::Value, script: &str) -> serde_json::Value {
        std::fs::write(dir.join("case.json"), case.to_string()).unwrap();
        std::fs::write(
            dir.join("index.json"),
            serde_json::to_string(&self.index).unwrap(),
        )
        .unwrap();
        std::fs::write(dir.join("tensors.bin"), &self.data).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(script);
        let out = Command::new(python())
            .arg(&script)
            .arg(dir)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{case}: the PyTorch check failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_str(stdout.trim()).unwrap()
    }
}
