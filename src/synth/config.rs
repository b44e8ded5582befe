//! Settings of a synthetic generation and what it produced.

use super::domain::Domain;
use super::error::SynthError;
use super::names::NAME_CAPACITY;
use crate::data::Split;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Settings of [`super::generate`]. Saved as `synth_config.json` in the
/// output folder; a rerun must use the same settings to resume.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SynthConfig {
    /// Number of buildings (default 8).
    pub buildings: usize,
    /// Camera positions per building (default 8).
    pub points: usize,
    /// Orientations per point (default 3).
    pub views: usize,
    /// Image side in pixels (default 512, the release's).
    pub size: usize,
    /// Seed of every random choice (default 0).
    pub seed: u64,
    /// Write one plain tar per (building, domain) instead of folders (default false).
    pub tar: bool,
    /// Domains to write (default all ten).
    pub domains: Vec<Domain>,
    /// Rooms per building (default 2, at most `points`); point `p` is in room `p % rooms`.
    pub rooms: usize,
    /// Range of the cameras' full field of view in radians (default 0.8 to 1.25).
    pub fov: [f64; 2],
    /// Buildings given to each of val and test (default `None`: a tenth of
    /// the buildings each, rounded, at least one, from three buildings on);
    /// at least one building is left for train.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eval_buildings: Option<usize>,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            buildings: 8,
            points: 8,
            views: 3,
            size: 512,
            seed: 0,
            tar: false,
            domains: Domain::ALL.to_vec(),
            rooms: 2,
            fov: [0.8, 1.25],
            eval_buildings: None,
        }
    }
}

impl SynthConfig {
    /// Sets the number of buildings.
    pub fn with_buildings(mut self, buildings: usize) -> Self {
        self.buildings = buildings;
        self
    }
    /// Sets the points per building.
    pub fn with_points(mut self, points: usize) -> Self {
        self.points = points;
        self
    }
    /// Sets the views per point.
    pub fn with_views(mut self, views: usize) -> Self {
        self.views = views;
        self
    }
    /// Sets the image side.
    pub fn with_size(mut self, size: usize) -> Self {
        self.size = size;
        self
    }
    /// Sets the seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Chooses tar shards (`true`) or folders.
    pub fn with_tar(mut self, tar: bool) -> Self {
        self.tar = tar;
        self
    }
    /// Sets the domains to write.
    pub fn with_domains(mut self, domains: impl IntoIterator<Item = Domain>) -> Self {
        self.domains = domains.into_iter().collect();
        self
    }
    /// Sets the rooms per building.
    pub fn with_rooms(mut self, rooms: usize) -> Self {
        self.rooms = rooms;
        self
    }
    /// Sets the field-of-view range in radians.
    pub fn with_fov(mut self, min: f64, max: f64) -> Self {
        self.fov = [min, max];
        self
    }

    /// Sets how many buildings val and test get each.
    pub fn with_eval_buildings(mut self, eval: usize) -> Self {
        self.eval_buildings = Some(eval);
        self
    }

    /// Images per building (`points * views`).
    pub fn images_per_building(&self) -> usize {
        self.points * self.views
    }

    /// Checks every setting; the first problem is the error.
    pub fn validate(&self) -> Result<(), SynthError> {
        let bad = |field, value: String, reason| {
            Err(SynthError::InvalidConfig {
                field,
                value,
                reason,
            })
        };
        if self.buildings == 0 || self.buildings > NAME_CAPACITY {
            return bad(
                "buildings",
                self.buildings.to_string(),
                "must be between 1 and 2880",
            );
        }
        if let Some(e) = self.eval_buildings {
            if 2 * e >= self.buildings {
                return bad(
                    "eval_buildings",
                    e.to_string(),
                    "val and test each get that many, and train needs at least one of the buildings",
                );
            }
        }
        for (field, v) in [
            ("points", self.points),
            ("views", self.views),
            ("rooms", self.rooms),
        ] {
            if v == 0 {
                return bad(field, v.to_string(), "must be at least 1");
            }
        }
        if !(16..=8192).contains(&self.size) {
            return bad(
                "size",
                self.size.to_string(),
                "must be between 16 and 8192 pixels",
            );
        }
        if self.domains.is_empty() {
            return bad("domains", "[]".to_string(), "must name at least one domain");
        }
        let mut sorted = self.domains.clone();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != self.domains.len() {
            return bad(
                "domains",
                format!("{:?}", self.domains),
                "names a domain twice",
            );
        }
        let [lo, hi] = self.fov;
        if !(0.1..=2.5).contains(&lo) || !(lo..=2.5).contains(&hi) {
            return bad(
                "fov",
                format!("{:?}", self.fov),
                "must satisfy 0.1 <= min <= max <= 2.5 radians",
            );
        }
        Ok(())
    }
}

/// One generated building.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SynthBuilding {
    /// Its name (lowercase letters).
    pub name: String,
    /// Its split (see [`super::names`] for the rule).
    pub role: Split,
    /// Images (points x views), each present in every domain.
    pub images: usize,
}

/// What [`super::generate`] produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SynthOutput {
    /// The output folder.
    pub root: PathBuf,
    /// Image side in pixels.
    pub size: usize,
    /// Whether the data are tar shards (`{building}_{domain}.tar` in `root`)
    /// rather than folders (`root/{domain}/{building}/`).
    pub tar: bool,
    /// The domains written.
    pub domains: Vec<Domain>,
    /// The buildings, in order.
    pub buildings: Vec<SynthBuilding>,
    /// Images rendered by this call.
    pub rendered: usize,
    /// Images found complete from an earlier call and left alone.
    pub skipped: usize,
}
