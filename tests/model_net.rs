//! The tch network against the pure description: parameter counts, state-dict
//! entries, output shapes, gradient scaling and initialisation.
#![cfg(feature = "torch")]

use taskgroup::model::{counts, Arch, MultiTaskNet, NetSpec, Op};
use taskgroup::tasks::{Task, TaskSet};
use tch::{nn::VarStore, Device, Kind, Tensor};

fn set(letters: &str) -> TaskSet {
    TaskSet::from_letters(letters).unwrap()
}

/// A deterministic input without touching libtorch's global generator
/// (tests run in parallel; the seeded test must own the generator).
fn input(b: i64, size: i64) -> Tensor {
    (Tensor::arange(b * 3 * size * size, (Kind::Float, Device::Cpu)) * 0.37)
        .sin()
        .reshape([b, 3, size, size])
}

#[test]
fn tch_parameters_equal_the_pure_counts_and_state_dict_size() {
    // State-dict entries of the official models (ARCHITECTURES.md section 9,
    // column "state-dict entries") include one `num_batches_tracked` per BN,
    // which tch's variables do not have.
    let entries = [
        (Arch::Xception, [304, 355, 508]),
        (Arch::XceptionHalf, [304, 355, 508]),
        (Arch::Xception17, [206, 271, 466]),
        (Arch::Xception17Half, [206, 271, 466]),
    ];
    for (arch, n) in entries {
        for (letters, entries) in ["s", "sd", "sdnke"].into_iter().zip(n) {
            let vs = VarStore::new(Device::Cpu);
            let net = MultiTaskNet::new(&vs.root(), arch, set(letters));
            let trainable: i64 = vs
                .trainable_variables()
                .iter()
                .map(|t| t.numel() as i64)
                .sum();
            assert_eq!(
                trainable as u64,
                counts(arch, set(letters), 256).params,
                "{arch} {letters}"
            );
            assert_eq!(net.num_params(), trainable as u64);
            let bns = NetSpec::new(arch, set(letters))
                .stages()
                .flat_map(|s| s.layers())
                .filter(|l| matches!(l.op, Op::Bn { .. }))
                .count();
            assert_eq!(vs.variables().len() + bns, entries, "{arch} {letters}");
        }
    }
}

#[test]
fn state_dict_keys_follow_the_specification() {
    let vs = VarStore::new(Device::Cpu);
    let _net = MultiTaskNet::new(&vs.root(), Arch::Xception17, set("st"));
    let vars = vs.variables();
    // ARCHITECTURES.md appendix D: shapes of a few family-A entries.
    let shape = |k: &str| vars.get(k).unwrap_or_else(|| panic!("missing {k}")).size();
    assert_eq!(shape("encoder.block1.rep.0.conv1.weight"), [48, 1, 3, 3]);
    assert_eq!(shape("encoder.block2.rep.6.bias"), [192]);
    assert_eq!(shape("encoder.block3.skip.weight"), [512, 192, 1, 1]);
    assert_eq!(shape("encoder.block11.rep.5.running_var"), [512]);
    assert_eq!(shape("decoders.0.upconv1.weight"), [96, 96, 2, 2]);
    assert_eq!(
        shape("decoders.0.conv_decode4.pointwise.weight"),
        [18, 48, 1, 1]
    );
    // Texture edges come after segmentation in the paper's decoder order.
    assert_eq!(
        shape("decoders.1.conv_decode4.pointwise.weight"),
        [1, 48, 1, 1]
    );
    assert!(!vars.contains_key("encoder.block4.rep.1.conv1.weight"));
}

#[test]
fn outputs_have_the_input_size_and_task_channels() {
    for arch in [Arch::Tiny, Arch::TinyHalf, Arch::XceptionHalf] {
        let vs = VarStore::new(Device::Cpu);
        let net = MultiTaskNet::new(&vs.root(), arch, set("sdn"));
        let x = input(2, 32);
        for train in [true, false] {
            let out = net.forward_t(&x, train);
            assert_eq!(
                out.keys().copied().collect::<Vec<_>>(),
                vec![Task::SegmentSemantic, Task::DepthZbuffer, Task::Normal]
            );
            for (t, y) in out {
                assert_eq!(y.size(), [2, t.channels(), 32, 32], "{arch} {t}");
            }
        }
    }
}

#[test]
fn family_b_scales_the_shared_gradient_by_one_over_sqrt_t() {
    // d(sum of the representation)/d(final_conv_bn.bias[c]) is the number of
    // positions per channel, B·(H/16)² = 2·2·2 = 8, times the scaling 1/sqrt(4)
    // for four decoders: 4.
    let vs = VarStore::new(Device::Cpu);
    let net = MultiTaskNet::new(&vs.root(), Arch::XceptionHalf, set("sdnk"));
    let x = input(2, 32);
    net.representation(&x, true).sum(Kind::Float).backward();
    let g = vs.variables()["final_conv_bn.bias"].grad();
    assert!((g - 4.0).abs().max().double_value(&[]) < 1e-4);
}

#[test]
fn initialisation_follows_the_papers_rules() {
    let vs = VarStore::new(Device::Cpu);
    let _net = MultiTaskNet::seeded(&vs.root(), Arch::Xception17, set("s"), 0);
    let v = vs.variables();
    // Conv2d: N(0, 2/(k·k·out)); a 512x512 pointwise conv: sd sqrt(2/512) = 0.0625.
    let w = &v["encoder.block8.rep.1.pointwise.weight"];
    let sd = w.std(true).double_value(&[]);
    assert!((sd / 0.0625 - 1.0).abs() < 0.01, "sd {sd}");
    // Depthwise 3x3 over 512 channels ignores groups: sd sqrt(2/(9·512)).
    let sd = v["encoder.block8.rep.1.conv1.weight"]
        .std(true)
        .double_value(&[]);
    assert!(
        (sd / (2.0f64 / 4608.0).sqrt() - 1.0).abs() < 0.05,
        "sd {sd}"
    );
    // ConvTranspose2d keeps PyTorch's default U(-b, b), b = 1/sqrt(out·k·k) = 1/sqrt(384).
    let b = 1.0 / 384f64.sqrt();
    let m = v["decoders.0.upconv1.weight"].abs().max().double_value(&[]);
    assert!(m <= b && m > 0.99 * b, "max {m}, bound {b}");
    // Down-sampling conv bias: U(-b, b), b = 1/sqrt(fan_in) = 1/sqrt(96·4).
    let m = v["encoder.block1.rep.5.bias"].abs().max().double_value(&[]);
    assert!(m <= b && m > 0.8 * b, "max {m}");
    // BN: weight 1, bias 0, running statistics 0 and 1.
    assert_eq!(v["encoder.bn1.weight"].min().double_value(&[]), 1.0);
    assert_eq!(v["encoder.bn1.bias"].abs().max().double_value(&[]), 0.0);
    assert_eq!(v["encoder.bn1.running_var"].min().double_value(&[]), 1.0);
    // Seeded: the same seed gives the same weights.
    let vs2 = VarStore::new(Device::Cpu);
    let _net2 = MultiTaskNet::seeded(&vs2.root(), Arch::Xception17, set("s"), 0);
    assert!(vs2.variables()["encoder.conv1.weight"].equal(&v["encoder.conv1.weight"]));
}
