//! Parameter and MAC counts, computed analytically from the [`NetSpec`]
//! (no tch): the numbers of ARCHITECTURES.md section 8.

use super::arch::Arch;
use super::layer::Stage;
use super::spec::NetSpec;
use crate::tasks::{Task, TaskSet};
use serde::Serialize;
use std::ops::Add;

/// Trainable parameters and multiply-accumulates (conv and transposed conv
/// only) for one square RGB image.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Trainable parameters (BN running statistics excluded).
    pub params: u64,
    /// Multiply-accumulates for one image.
    pub macs: u64,
}

impl Add for Counts {
    type Output = Counts;
    fn add(self, o: Counts) -> Counts {
        Counts {
            params: self.params + o.params,
            macs: self.macs + o.macs,
        }
    }
}

/// Counts per part of a network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    /// The encoder (`model.encoder`).
    pub encoder: Counts,
    /// Family B's shared pre-decoder layers (zero for family A).
    pub shared: Counts,
    /// One entry per decoder, in decoder order.
    pub decoders: Vec<(Task, Counts)>,
    /// The whole network.
    pub total: Counts,
}

/// Counts of `stages` for an input of side `h`; returns the output side too.
fn walk(stages: &[Stage], h: i64, input_side: i64) -> (Counts, i64) {
    stages.iter().fold((Counts::default(), h), |(c, side), s| {
        (
            c + Counts {
                params: s.params(),
                macs: s.macs(side, input_side),
            },
            s.out_side(side, input_side),
        )
    })
}

impl NetSpec {
    /// Counts per part for one `size`x`size` input. Any positive size is
    /// counted with PyTorch's output-size arithmetic; the network itself needs
    /// a multiple of 16.
    pub fn breakdown(&self, size: usize) -> Breakdown {
        let size = size as i64;
        let (encoder, h) = walk(&self.encoder, size, size);
        let (shared, h) = walk(&self.shared, h, size);
        let decoders: Vec<(Task, Counts)> = self
            .tasks
            .iter()
            .zip(&self.decoders)
            .map(|(t, d)| (*t, walk(d, h, size).0))
            .collect();
        let total = decoders
            .iter()
            .fold(encoder + shared, |acc, (_, c)| acc + *c);
        Breakdown {
            encoder,
            shared,
            decoders,
            total,
        }
    }
}

/// Parameters and MACs of `arch` with one decoder per task of `tasks`, for a
/// `size`x`size` input.
pub fn counts(arch: Arch, tasks: TaskSet, size: usize) -> Counts {
    NetSpec::new(arch, tasks).breakdown(size).total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xception17_single_task_matches_spec() {
        // ARCHITECTURES.md section 8: xception_taskonomy_small, 1 task {s}:
        // 4,205,816 params, 2,586,345,472 MACs; encoder 4,089,192 / 2,255,290,368.
        let b = NetSpec::new(Arch::Xception17, TaskSet::from_letters("s").unwrap()).breakdown(256);
        assert_eq!(
            b.encoder,
            Counts {
                params: 4_089_192,
                macs: 2_255_290_368
            }
        );
        assert_eq!(
            b.total,
            Counts {
                params: 4_205_816,
                macs: 2_586_345_472
            }
        );
    }
}
