//! One task of the catalog and its static facts.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A Taskonomy task used by the paper. The discriminant is the task's bit in
/// a [`crate::tasks::TaskSet`]; the order is the catalog order (setting 1's
/// five tasks first, in the paper's column order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// Semantic segmentation (`s`, domain `segment_semantic`).
    SegmentSemantic = 0,
    /// Depth from the z-buffer (`d`, domain `depth_zbuffer`).
    DepthZbuffer = 1,
    /// Surface normals (`n`, domain `normal`).
    Normal = 2,
    /// 2D keypoints (`k`, domain `keypoints2d`).
    Keypoints2d = 3,
    /// 2D texture edges (`t`, domain `edge_texture`).
    EdgeTexture = 4,
    /// 3D occlusion edges (`e`, domain `edge_occlusion`).
    EdgeOcclusion = 5,
    /// Reshading (`r`, domain `reshading`).
    Reshading = 6,
    /// Principal curvature (`c`, domain `principal_curvature`).
    PrincipalCurvature = 7,
    /// RGB autoencoder (`a`, the `rgb` domain as its own target).
    Autoencoder = 8,
}

/// How a task's loss is computed (TASKONOMY.md, "How the paper's experiments read these").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossKind {
    /// Cross-entropy over the output channels; pixels of class `ignore_index` are ignored.
    CrossEntropy {
        /// The class whose pixels do not count (0 = "uncertain").
        ignore_index: i64,
    },
    /// Mean absolute error, over the depth-validity mask when `masked`.
    L1 {
        /// Whether only pixels with valid depth count.
        masked: bool,
    },
}

/// How raw label values become the paper's training targets.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Normalisation {
    /// The 8-bit value is the class index (0..=17).
    ClassIndex,
    /// `(raw - offset) / scale` on a 16-bit single-channel value.
    Affine16 {
        /// Subtracted from the raw value.
        offset: f32,
        /// The raw value minus the offset is divided by this.
        scale: f32,
    },
    /// `v / 255 * 2 - 1` per channel (normals; x is negated on a horizontal flip).
    SignedUnit,
    /// Mean of the three 8-bit channels `/ 255`, then `(x - mean) / std`.
    GreyStandardised {
        /// Subtracted after scaling to [0, 1].
        mean: f32,
        /// Divisor after the subtraction.
        std: f32,
    },
    /// Channels 0 and 1 `/ 255`, then `(x - mean[c]) / std[c]`.
    TwoChannelStandardised {
        /// Per-channel means.
        mean: [f32; 2],
        /// Per-channel standard deviations.
        std: [f32; 2],
    },
    /// The RGB input `/ 255`.
    Unit,
}

impl Task {
    /// Every task, in catalog order.
    pub const ALL: [Task; 9] = [
        Task::SegmentSemantic,
        Task::DepthZbuffer,
        Task::Normal,
        Task::Keypoints2d,
        Task::EdgeTexture,
        Task::EdgeOcclusion,
        Task::Reshading,
        Task::PrincipalCurvature,
        Task::Autoencoder,
    ];

    /// The paper's first task set (settings 1 to 3), in its column order.
    pub const SETTING1: [Task; 5] = [
        Task::SegmentSemantic,
        Task::DepthZbuffer,
        Task::Normal,
        Task::Keypoints2d,
        Task::EdgeTexture,
    ];

    /// The paper's second task set (setting 4): normal, autoencoder,
    /// principal curvature, reshading, occlusion edges.
    pub const SETTING4: [Task; 5] = [
        Task::Normal,
        Task::Autoencoder,
        Task::PrincipalCurvature,
        Task::Reshading,
        Task::EdgeOcclusion,
    ];

    /// Position in [`Task::ALL`] (the task's bit in a `TaskSet`).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The task at a catalog position.
    pub fn from_index(index: usize) -> Option<Task> {
        Task::ALL.get(index).copied()
    }

    /// The one-letter code the paper uses (`sdnkterca`).
    pub fn letter(self) -> char {
        match self {
            Task::SegmentSemantic => 's',
            Task::DepthZbuffer => 'd',
            Task::Normal => 'n',
            Task::Keypoints2d => 'k',
            Task::EdgeTexture => 't',
            Task::EdgeOcclusion => 'e',
            Task::Reshading => 'r',
            Task::PrincipalCurvature => 'c',
            Task::Autoencoder => 'a',
        }
    }

    /// The task for a letter.
    pub fn from_letter(letter: char) -> Option<Task> {
        Task::ALL.into_iter().find(|t| t.letter() == letter)
    }

    /// The Taskonomy domain holding the task's labels (the autoencoder reads `rgb`).
    pub fn domain(self) -> &'static str {
        match self {
            Task::SegmentSemantic => "segment_semantic",
            Task::DepthZbuffer => "depth_zbuffer",
            Task::Normal => "normal",
            Task::Keypoints2d => "keypoints2d",
            Task::EdgeTexture => "edge_texture",
            Task::EdgeOcclusion => "edge_occlusion",
            Task::Reshading => "reshading",
            Task::PrincipalCurvature => "principal_curvature",
            Task::Autoencoder => "rgb",
        }
    }

    /// A readable name (the domain, except `autoencoder`).
    pub fn name(self) -> &'static str {
        match self {
            Task::Autoencoder => "autoencoder",
            other => other.domain(),
        }
    }

    /// The task for a name as [`Task::name`] gives it, or its domain.
    pub fn from_name(name: &str) -> Option<Task> {
        Task::ALL
            .into_iter()
            .find(|t| t.name() == name || t.domain() == name)
    }

    /// Output channels of the task's decoder (ARCHITECTURES.md section 5).
    pub fn channels(self) -> i64 {
        match self {
            Task::SegmentSemantic => 18,
            Task::Normal | Task::Autoencoder => 3,
            Task::PrincipalCurvature => 2,
            _ => 1,
        }
    }

    /// The paper's target normalisation.
    pub fn normalisation(self) -> Normalisation {
        match self {
            Task::SegmentSemantic => Normalisation::ClassIndex,
            Task::DepthZbuffer => Normalisation::Affine16 {
                offset: 1500.0,
                scale: 1000.0,
            },
            Task::Normal => Normalisation::SignedUnit,
            Task::Keypoints2d => Normalisation::Affine16 {
                offset: 50.0,
                scale: 100.0,
            },
            Task::EdgeTexture => Normalisation::Affine16 {
                offset: 718.0,
                scale: 1070.0,
            },
            Task::EdgeOcclusion => Normalisation::Affine16 {
                offset: 56.0248,
                scale: 239.1265,
            },
            Task::Reshading => Normalisation::GreyStandardised {
                mean: 0.4962,
                std: 0.2846,
            },
            Task::PrincipalCurvature => Normalisation::TwoChannelStandardised {
                mean: [0.5175, 0.4987],
                std: [0.1373, 0.0359],
            },
            Task::Autoencoder => Normalisation::Unit,
        }
    }

    /// Whether the loss only counts pixels with valid depth.
    pub fn uses_mask(self) -> bool {
        matches!(
            self,
            Task::DepthZbuffer
                | Task::Normal
                | Task::EdgeOcclusion
                | Task::Reshading
                | Task::PrincipalCurvature
        )
    }

    /// The paper's loss for the task.
    pub fn loss_kind(self) -> LossKind {
        match self {
            Task::SegmentSemantic => LossKind::CrossEntropy { ignore_index: 0 },
            other => LossKind::L1 {
                masked: other.uses_mask(),
            },
        }
    }
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Task {
    type Err = super::TaskSetError;

    /// Parses a letter (`"s"`), a name (`"segment_semantic"`) or a domain (`"rgb"`).
    fn from_str(s: &str) -> Result<Task, Self::Err> {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if let Some(t) = Task::from_letter(c) {
                return Ok(t);
            }
        }
        Task::from_name(s).ok_or_else(|| super::TaskSetError::UnknownTask(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_names_round_trip() {
        for t in Task::ALL {
            assert_eq!(Task::from_letter(t.letter()), Some(t));
            assert_eq!(Task::from_name(t.name()), Some(t));
            assert_eq!(t.name().parse::<Task>().unwrap(), t);
            assert_eq!(Task::from_index(t.index()), Some(t));
        }
        assert!("x".parse::<Task>().is_err());
        assert!("rgb_large".parse::<Task>().is_err());
    }

    #[test]
    fn catalog_matches_taskonomy_sheet() {
        // TASKONOMY.md: 18 classes for s, ignore index 0; depth masked.
        assert_eq!(Task::SegmentSemantic.channels(), 18);
        assert_eq!(
            Task::SegmentSemantic.loss_kind(),
            LossKind::CrossEntropy { ignore_index: 0 }
        );
        assert_eq!(
            Task::DepthZbuffer.loss_kind(),
            LossKind::L1 { masked: true }
        );
        assert_eq!(
            Task::Keypoints2d.loss_kind(),
            LossKind::L1 { masked: false }
        );
        assert_eq!(
            Task::EdgeTexture.loss_kind(),
            LossKind::L1 { masked: false }
        );
        assert_eq!(
            Task::Autoencoder.loss_kind(),
            LossKind::L1 { masked: false }
        );
        assert_eq!(Task::Autoencoder.domain(), "rgb");
    }
}
