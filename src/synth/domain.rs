//! The domains the generator writes, their Taskonomy names, file names and
//! PNG encodings (TASKONOMY.md, "Pixel encodings").

use super::error::SynthError;
use super::filters;
use super::render::{to_u8, Frame};
use crate::data::PngCompression;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Raw depth units per metre (`depth_zbuffer`: metres = raw / 512).
pub const DEPTH_UNITS_PER_METRE: f64 = 512.0;
/// Raw depth of "no surface" and of anything beyond 65535 / 512 metres.
pub const DEPTH_INVALID: u16 = 65535;
/// The `principal_curvature` level of zero curvature.
pub const CURVATURE_ZERO: u8 = 127;
/// Curvature (1/m) encoded as `CURVATURE_ZERO + 127`: a level is
/// `127 + 127 * k / CURVATURE_FULL_SCALE`, clamped to 0..=255, so a radius
/// of 5 cm or less saturates and a sphere of radius 0.5 m reads 127 + 13.
pub const CURVATURE_FULL_SCALE: f64 = 20.0;
/// The `normal` level written where no surface was hit ("about (128,128,128) marks invalid").
pub const NORMAL_INVALID: u8 = 128;

/// A domain of the synthetic dataset (a subset of Taskonomy's, same names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    /// 8-bit RGB colour image.
    Rgb,
    /// 16-bit z-buffer depth, metres * 512, 65535 invalid.
    DepthZbuffer,
    /// 8-bit RGB camera-frame normal, `(n + 1) / 2 * 255`.
    Normal,
    /// 8-bit class index: 0 uncertain, 1 background, 2..=17 the objects.
    SegmentSemantic,
    /// 16-bit Canny-like edges of the rgb.
    EdgeTexture,
    /// 16-bit depth discontinuities.
    EdgeOcclusion,
    /// 16-bit blob response of the rgb.
    Keypoints2d,
    /// 8-bit grey (stored RGB) shading without texture.
    Reshading,
    /// 8-bit RGB: k1, k2, 0; 127 = zero.
    PrincipalCurvature,
    /// The camera's pose as JSON.
    PointInfo,
}

impl Domain {
    /// Every domain, in the order they are written.
    pub const ALL: [Domain; 10] = [
        Domain::Rgb,
        Domain::DepthZbuffer,
        Domain::Normal,
        Domain::SegmentSemantic,
        Domain::EdgeTexture,
        Domain::EdgeOcclusion,
        Domain::Keypoints2d,
        Domain::Reshading,
        Domain::PrincipalCurvature,
        Domain::PointInfo,
    ];

    /// The Taskonomy domain name (`depth_zbuffer`, `point_info`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Domain::Rgb => "rgb",
            Domain::DepthZbuffer => "depth_zbuffer",
            Domain::Normal => "normal",
            Domain::SegmentSemantic => "segment_semantic",
            Domain::EdgeTexture => "edge_texture",
            Domain::EdgeOcclusion => "edge_occlusion",
            Domain::Keypoints2d => "keypoints2d",
            Domain::Reshading => "reshading",
            Domain::PrincipalCurvature => "principal_curvature",
            Domain::PointInfo => "point_info",
        }
    }

    /// The domain of a name.
    pub fn from_name(name: &str) -> Option<Domain> {
        Domain::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The file name of image (`point`, `view`) in this domain:
    /// `point_{P}_view_{V}_domain_{D}.png` (`.json` for `point_info`).
    pub fn file_name(self, point: usize, view: usize) -> String {
        let ext = if self == Domain::PointInfo {
            "json"
        } else {
            "png"
        };
        format!("point_{point}_view_{view}_domain_{}.{ext}", self.name())
    }

    /// Encodes this domain of `frame` as PNG bytes (`point_info` is not an image).
    pub fn png(self, frame: &Frame) -> Result<Vec<u8>, SynthError> {
        let px = &frame.pixels;
        let (color, data) = match self {
            Domain::Rgb => (Color::Rgb8, px.iter().flat_map(|p| p.rgb).collect()),
            Domain::DepthZbuffer => (Color::Grey16, be16(px.iter().map(|p| depth_raw(p.depth)))),
            Domain::Normal => (
                Color::Rgb8,
                px.iter()
                    .flat_map(|p| {
                        if p.depth.is_finite() {
                            p.normal.map(|x| to_u8((x + 1.0) / 2.0))
                        } else {
                            [NORMAL_INVALID; 3]
                        }
                    })
                    .collect(),
            ),
            Domain::SegmentSemantic => (Color::Grey8, px.iter().map(|p| p.class).collect()),
            Domain::EdgeTexture => (Color::Grey16, be16(filters::edge_texture(frame))),
            Domain::EdgeOcclusion => (Color::Grey16, be16(filters::edge_occlusion(frame))),
            Domain::Keypoints2d => (Color::Grey16, be16(filters::keypoints(frame))),
            Domain::Reshading => (
                Color::Rgb8,
                px.iter().flat_map(|p| [to_u8(p.shading); 3]).collect(),
            ),
            Domain::PrincipalCurvature => (
                Color::Rgb8,
                px.iter()
                    .flat_map(|p| {
                        [
                            curvature_level(p.curvature[0]),
                            curvature_level(p.curvature[1]),
                            0,
                        ]
                    })
                    .collect(),
            ),
            Domain::PointInfo => return Err(SynthError::NotAnImage(self)),
        };
        png_bytes(frame.size as u32, color, &data).map_err(|source| SynthError::Png {
            domain: self,
            source,
        })
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The raw `depth_zbuffer` value of a depth in metres.
pub fn depth_raw(metres: f32) -> u16 {
    let raw = (metres as f64 * DEPTH_UNITS_PER_METRE).round();
    if raw.is_finite() && raw < DEPTH_INVALID as f64 {
        raw as u16
    } else {
        DEPTH_INVALID
    }
}

/// The `principal_curvature` level of a curvature in 1/m.
pub fn curvature_level(k: f32) -> u8 {
    (CURVATURE_ZERO as f64 + 127.0 * k as f64 / CURVATURE_FULL_SCALE)
        .round()
        .clamp(0.0, 255.0) as u8
}

#[derive(Clone, Copy)]
enum Color {
    Rgb8,
    Grey8,
    Grey16,
}

fn be16(values: impl IntoIterator<Item = u16>) -> Vec<u8> {
    values.into_iter().flat_map(u16::to_be_bytes).collect()
}

fn png_bytes(size: u32, color: Color, data: &[u8]) -> Result<Vec<u8>, png::EncodingError> {
    let (c, d) = match color {
        Color::Rgb8 => (png::ColorType::Rgb, png::BitDepth::Eight),
        Color::Grey8 => (png::ColorType::Grayscale, png::BitDepth::Eight),
        Color::Grey16 => (png::ColorType::Grayscale, png::BitDepth::Sixteen),
    };
    crate::data::encode_png(size, size, c, d, PngCompression::Fast, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_levels() {
        assert_eq!(
            Domain::DepthZbuffer.file_name(3, 12),
            "point_3_view_12_domain_depth_zbuffer.png"
        );
        assert_eq!(
            Domain::PointInfo.file_name(0, 1),
            "point_0_view_1_domain_point_info.json"
        );
        assert!(Domain::ALL
            .iter()
            .all(|d| Domain::from_name(d.name()) == Some(*d)));
        assert_eq!(depth_raw(5.0), 2560); // 5 m * 512
        assert_eq!(depth_raw(f32::INFINITY), DEPTH_INVALID);
        assert_eq!(depth_raw(200.0), DEPTH_INVALID); // beyond 65535 / 512 = 128 m
        assert_eq!(curvature_level(0.0), 127);
        assert_eq!(curvature_level(2.0), 140); // 127 + 127 * 2 / 20 = 139.7
        assert_eq!(curvature_level(40.0), 255);
    }
}
