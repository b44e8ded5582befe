//! A sample grid straight from a loader's batch: per image, the input and
//! each task's normalised target as the network sees it.

use super::error::Result;
use super::samples::{RgbImage, SampleGrid, TitledImage};
use crate::data::{HostBatch, HostTarget, HostValues};

/// Range drawn black to white for normalised single-channel targets (the
/// paper's normalisations put most values within a few units of zero).
const TARGET_RANGE: (f32, f32) = (-2.0, 2.0);

impl SampleGrid {
    /// The first `images` images of `batch`: one row each, the RGB input
    /// then every task's target (classes in the segmentation palette,
    /// normals as RGB, other targets in grey over [-2, 2]; curvature shows
    /// its first channel).
    pub fn from_host_batch(batch: &HostBatch, images: usize) -> Result<SampleGrid> {
        Self::rows(batch, None, images)
            .map(|rows| SampleGrid::new(rows).with_title("Inputs and normalised targets"))
    }

    /// Like [`SampleGrid::from_host_batch`], with a network's predictions
    /// (a host batch of the same images, e.g. from `Store::predict`) next to
    /// each task's target.
    pub fn with_predictions(
        batch: &HostBatch,
        predicted: &HostBatch,
        images: usize,
    ) -> Result<SampleGrid> {
        Self::rows(batch, Some(predicted), images)
            .map(|rows| SampleGrid::new(rows).with_title("Inputs, targets and predictions"))
    }

    fn rows(
        batch: &HostBatch,
        predicted: Option<&HostBatch>,
        images: usize,
    ) -> Result<Vec<Vec<TitledImage>>> {
        let s = batch.size;
        let side = s as u32;
        let plane = s * s;
        let mut rows = Vec::new();
        for (i, id) in batch.images.iter().enumerate().take(images) {
            let input = &batch.input[i * 3 * plane..(i + 1) * 3 * plane];
            let title = format!("{} p{} v{}", id.building, id.key.point, id.key.view);
            let mut row = vec![TitledImage::new(
                title,
                RgbImage::from_planar(side, side, 3, input, 0.0, 1.0)?,
            )];
            for (task, target) in &batch.targets {
                row.push(TitledImage::new(task.name(), target_image(target, i, s)?));
                if let Some(p) = predicted.and_then(|p| p.targets.get(task)) {
                    row.push(TitledImage::new(
                        format!("{} (predicted)", task.name()),
                        target_image(p, i, s)?,
                    ));
                }
            }
            rows.push(row);
        }
        Ok(rows)
    }
}

/// Image `i` of a target as a picture.
fn target_image(target: &HostTarget, i: usize, s: usize) -> Result<RgbImage> {
    let (side, plane) = (s as u32, s * s);
    match &target.value {
        HostValues::I64(classes) => {
            RgbImage::from_classes(side, side, &classes[i * plane..(i + 1) * plane])
        }
        HostValues::F32(values) => {
            let c = target.channels;
            let own = &values[i * c * plane..(i + 1) * c * plane];
            match c {
                3 => RgbImage::from_planar(side, side, 3, own, -1.0, 1.0),
                _ => RgbImage::from_planar(
                    side,
                    side,
                    1,
                    &own[..plane],
                    TARGET_RANGE.0,
                    TARGET_RANGE.1,
                ),
            }
        }
    }
}
