//! A synthetic mini-Taskonomy: procedural furnished rooms rendered by ray
//! casting, written in the release's naming, layouts and encodings, so the
//! whole pipeline runs with no download.
//!
//! Flow: [`SynthConfig`] -> buildings ([`names`]: names, roles) -> rooms
//! ([`scene`] recipes placed by [`layout`], built from [`furniture`] and
//! [`smalls`] [`piece`]s of [`shape`] primitives with [`material`] textures) -> cameras ([`pose`]) -> one ray per pixel
//! ([`render`]: a G-buffer of depth, normal, curvature, class, shading, rgb)
//! -> domains ([`domain`], with [`filters`] for edges and keypoints) ->
//! files ([`write`], driven by [`generate`]) -> a dataset: its manifest
//! (`manifest.rs`, [`crate::data::Manifest::from_synth`]) and
//! [`generate_synthetic`] (`dataset.rs`), which writes both.
//!
//! The generator sits above `data`: it writes the data module's format and
//! its error ([`SynthError`]) wraps [`crate::data::DataError`].
//!
//! Conventions (recorded in `point_info` or in the constants of [`domain`],
//! [`render`] and [`filters`]):
//! - world z-up in metres; camera pose as Blender's (see [`Camera`]);
//! - `depth_zbuffer`: distance to the camera plane times 512; 65535 where a
//!   ray leaves through a window;
//! - `normal`: camera frame (R +x right, G +y down, B +z towards the
//!   camera), `(n + 1) / 2 * 255`; 128 where there is no surface;
//! - `segment_semantic`: 0 through windows (uncertain), 1 walls, floor,
//!   ceiling and unlabelled furniture, 2..=17 the 16 classes;
//! - `reshading`: `AMBIENT + (1 - AMBIENT) max(0, n . l)` for the room's
//!   fixed point light, the same shading that multiplies the albedo in `rgb`;
//! - `principal_curvature`: (k1, k2, 0), k1 >= k2 in 1/m, convex positive
//!   (cylinder sides (1/r, 0), spheres (1/r, 1/r), planes 0), level
//!   `127 + 127 k / 20`;
//! - `edge_occlusion`: on the near side of depth discontinuities;
//!   `edge_texture` and `keypoints2d`: filters of the rgb.
//!
//! ```
//! use taskgroup::synth::{generate, SynthConfig};
//! let dir = tempfile::tempdir().unwrap();
//! let config = SynthConfig::default().with_buildings(1).with_points(1).with_views(1).with_size(16);
//! let out = generate(&config, dir.path()).unwrap();
//! assert_eq!(out.buildings[0].images, 1);
//! assert!(dir.path().join("rgb").join(&out.buildings[0].name).join("point_0_view_0_domain_rgb.png").exists());
//! ```

pub mod camera;
pub mod config;
mod dataset;
pub mod domain;
pub mod error;
pub mod filters;
pub mod furniture;
pub mod generate;
pub mod layout;
mod manifest;
pub mod material;
pub mod math;
pub mod names;
pub mod piece;
pub mod pose;
pub mod render;
pub mod room;
pub mod scene;
pub mod shape;
pub mod smalls;
pub mod write;

pub use camera::Camera;
pub use config::{SynthBuilding, SynthConfig, SynthOutput};
pub use dataset::generate_synthetic;
pub use domain::Domain;
pub use error::SynthError;
pub use generate::{generate, generate_with_progress};
pub use math::V3;
pub use render::{render, Frame, Pixel};
pub use room::{Object, Part, Room, Window};
pub use shape::Shape;
