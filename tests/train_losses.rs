//! The task losses against hand computations (TASKONOMY.md and the paper's
//! `taskonomy_losses.py` for the normalisations).
#![cfg(feature = "torch")]

use std::collections::BTreeMap;
use taskgroup::data::Target;
use taskgroup::tasks::Task;
use taskgroup::train::loss::{
    cross_entropy, masked_l1, shifted_masked_l1, task_loss, total_loss, LossError,
};
use tch::{Kind, Tensor};

fn t4(v: &[f32], shape: [i64; 4]) -> Tensor {
    Tensor::from_slice(v).reshape(shape)
}

fn close(a: &Tensor, b: f64) {
    let a = a.double_value(&[]);
    assert!((a - b).abs() < 1e-6, "{a} != {b}");
}

#[test]
fn cross_entropy_ignores_class_0() {
    // Three pixels, three classes. Pixel 1 has class 0: ignored. Pixel 2:
    // logits (0, ln 3, 0), class 1: -ln(3/5). Pixel 3: logits (0, 0, 0),
    // class 2: -ln(1/3). Mean over the 2 counted pixels: (ln(5/3) + ln 3)/2 = ln(5)/2.
    let logits = t4(
        &[5.0, 0.0, 0.0, 0.0, 3f32.ln(), 0.0, -5.0, 0.0, 0.0],
        [1, 3, 1, 3],
    );
    let classes = Tensor::from_slice(&[0i64, 1, 2]).reshape([1, 1, 3]);
    close(&cross_entropy(&logits, &classes, 0), 5f64.ln() / 2.0);
    // No counted pixel: 0, not NaN.
    let none = Tensor::zeros([1, 1, 3], (Kind::Int64, tch::Device::Cpu));
    close(&cross_entropy(&logits, &none, 0), 0.0);
}

#[test]
fn masked_l1_averages_over_all_elements() {
    // |(1,2,3,4) - 0| with mask (1,1,0,0): (1 + 2) / 4 elements = 0.75 (the
    // paper's `out *= mask; out.mean()`), not (1 + 2) / 2.
    let o = t4(&[1.0, 2.0, 3.0, 4.0], [1, 1, 1, 4]);
    let m = t4(&[1.0, 1.0, 0.0, 0.0], [1, 1, 1, 4]);
    close(&masked_l1(&o, &o.zeros_like(), &m), 0.75);
    // Three channels share the one-channel mask: channel c = (1,2,3,4)·(c+1);
    // valid sums 3, 6, 9 over 12 elements = 1.5.
    let o3 = Tensor::cat(&[&o, &(&o * 2.0), &(&o * 3.0)], 1);
    close(&masked_l1(&o3, &o3.zeros_like(), &m), 1.5);
}

#[test]
fn plain_l1_for_unmasked_tasks() {
    // Keypoints: mean |(1,-2,3,-4) - (0,0,0,0)| = 10/4.
    let o = t4(&[1.0, -2.0, 3.0, -4.0], [1, 1, 2, 2]);
    let target = Target {
        value: o.zeros_like(),
        mask: None,
    };
    close(
        &task_loss(Task::Keypoints2d, &o, &target, true).unwrap(),
        2.5,
    );
}

/// A 4x4 ramp v(y, x) = 4y + x per image.
fn ramp(b: i64) -> Tensor {
    Tensor::arange(16, (Kind::Float, tch::Device::Cpu))
        .reshape([1, 1, 4, 4])
        .repeat([b, 1, 1, 1])
}

#[test]
fn shift_tolerance_takes_the_best_of_nine_shifts_per_image() {
    let t = ramp(2);
    let mask = t.ones_like();
    // Image 0 predicts the target moved one pixel right, image 1 one pixel
    // left; each matches the cropped target exactly at one of the nine
    // shifts, so the per-image minimum is 0 for both (a minimum over the
    // batch mean would not be).
    let right = t.get(0).roll([1i64].as_slice(), [2i64].as_slice());
    let left = t.get(1).roll([-1i64].as_slice(), [2i64].as_slice());
    let o = Tensor::stack(&[right, left], 0);
    close(&shifted_masked_l1(&o, &t, &mask), 0.0);
    assert!(masked_l1(&o, &t, &mask).double_value(&[]) > 0.5);
    // A constant offset of 0.5: the unshifted crop gives 0.5, and no shift
    // does better (shifting by one column changes the ramp by 1): 0.5.
    close(&shifted_masked_l1(&(&t + 0.5), &t, &mask), 0.5);
}

#[test]
fn shift_tolerance_applies_to_depth_normals_and_occlusion_only() {
    let t = ramp(1);
    let o = t
        .get(0)
        .roll([1i64].as_slice(), [2i64].as_slice())
        .unsqueeze(0);
    let target = Target {
        value: t.shallow_clone(),
        mask: Some(t.ones_like()),
    };
    close(
        &task_loss(Task::DepthZbuffer, &o, &target, true).unwrap(),
        0.0,
    );
    assert!(
        task_loss(Task::DepthZbuffer, &o, &target, false)
            .unwrap()
            .double_value(&[])
            > 0.5
    );
    // Reshading is masked but the paper's switch does not cover it.
    assert!(
        task_loss(Task::Reshading, &o, &target, true)
            .unwrap()
            .double_value(&[])
            > 0.5
    );
}

#[test]
fn task_losses_are_summed() {
    let o = t4(&[1.0, 2.0, 3.0, 4.0], [1, 1, 2, 2]);
    let mut outputs = BTreeMap::new();
    let mut targets = BTreeMap::new();
    outputs.insert(Task::Keypoints2d, o.shallow_clone());
    targets.insert(
        Task::Keypoints2d,
        Target {
            value: o.zeros_like(),
            mask: None,
        },
    );
    outputs.insert(Task::DepthZbuffer, o.shallow_clone());
    targets.insert(
        Task::DepthZbuffer,
        Target {
            value: o.ones_like(),
            mask: Some(t4(&[1.0, 0.0, 0.0, 1.0], [1, 1, 2, 2])),
        },
    );
    let (total, per_task) = total_loss(&outputs, &targets, false).unwrap();
    // Keypoints: 10/4 = 2.5. Depth: (|1-1| + |4-1|) / 4 = 0.75. Sum 3.25.
    close(&per_task[&Task::Keypoints2d], 2.5);
    close(&per_task[&Task::DepthZbuffer], 0.75);
    close(&total, 3.25);
    // A masked task without its mask, and a missing target, are errors.
    targets.get_mut(&Task::DepthZbuffer).unwrap().mask = None;
    assert!(matches!(
        total_loss(&outputs, &targets, false),
        Err(LossError::MissingMask(Task::DepthZbuffer))
    ));
    targets.remove(&Task::DepthZbuffer);
    assert!(matches!(
        total_loss(&outputs, &targets, false),
        Err(LossError::MissingTarget(Task::DepthZbuffer))
    ));
}
