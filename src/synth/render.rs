//! Ray casting: one ray per pixel through a [`Room`] gives every label of a
//! view at once (a G-buffer), so the domains agree with each other by
//! construction.

use super::camera::{pixel_plane, Camera};
use super::material::mix;
use super::room::{Room, UNCERTAIN};
use rayon::prelude::*;

/// Share of the shading that does not depend on the light direction.
pub const AMBIENT: f32 = 0.2;
/// Gamma of the `rgb` encoding (linear albedo times shading, to the 1/GAMMA).
pub const GAMMA: f32 = 2.2;

/// What one pixel sees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pixel {
    /// Z-buffer depth in metres (distance to the camera plane); infinite
    /// where the ray leaves the room through a window.
    pub depth: f32,
    /// Unit normal in the camera frame (x right, y down, z towards the
    /// camera); zero where there is no surface.
    pub normal: [f32; 3],
    /// Principal curvatures `[k1, k2]` in 1/m, convex positive.
    pub curvature: [f32; 2],
    /// Semantic class (0 where there is no surface).
    pub class: u8,
    /// Surface id (see [`super::room::SceneHit::surface`]); `u32::MAX` for none.
    pub surface: u32,
    /// Shading under the room's light, in `[0, 1]`: `AMBIENT + (1 - AMBIENT) * max(0, n.l)`.
    pub shading: f32,
    /// The colour image.
    pub rgb: [u8; 3],
}

/// A rendered view: `size` x `size` pixels, row-major from the top left.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// Side in pixels.
    pub size: usize,
    /// `tan(fov / 2)` of the camera (see [`pixel_plane`]).
    pub tan_half_fov: f64,
    /// The pixels.
    pub pixels: Vec<Pixel>,
}

/// Renders the view of `camera` in `room` at `size` x `size`, rows in parallel.
pub fn render(room: &Room, camera: &Camera, size: usize) -> Frame {
    let basis = camera.basis();
    let tan_half_fov = camera.tan_half_fov();
    let pixels = (0..size * size)
        .into_par_iter()
        .with_min_len(size.max(1))
        .map(|i| {
            let (u, v) = pixel_plane(i / size, i % size, size, tan_half_fov);
            // Forward component 1: the ray parameter is the z-buffer depth.
            let dir = basis.forward + basis.right * u - basis.up * v;
            let Some(hit) = room.intersect(camera.location, dir) else {
                let elevation = (dir.z / dir.length()) as f32;
                let sky = mix(
                    [0.86, 0.9, 0.95],
                    [0.42, 0.62, 0.9],
                    (elevation * 2.0).clamp(0.0, 1.0),
                );
                return Pixel {
                    depth: f32::INFINITY,
                    normal: [0.0; 3],
                    curvature: [0.0; 2],
                    class: UNCERTAIN,
                    surface: u32::MAX,
                    shading: 0.0,
                    rgb: sky.map(to_u8),
                };
            };
            let point = camera.location + dir * hit.t;
            let n = hit.normal;
            let to_light = (room.light - point).normalized();
            let shading = AMBIENT + (1.0 - AMBIENT) * n.dot(to_light).max(0.0) as f32;
            let albedo = hit.material.albedo(point, n);
            Pixel {
                depth: hit.t as f32,
                normal: [
                    n.dot(basis.right) as f32,
                    -n.dot(basis.up) as f32,
                    -n.dot(basis.forward) as f32,
                ],
                curvature: hit.curvature.map(|k| k as f32),
                class: hit.class,
                surface: hit.surface,
                shading,
                rgb: albedo.map(|a| to_u8((a * shading).powf(1.0 / GAMMA))),
            }
        })
        .collect();
    Frame {
        size,
        tan_half_fov,
        pixels,
    }
}

/// A value in `[0, 1]` as an 8-bit level.
pub fn to_u8(x: f32) -> u8 {
    (x.clamp(0.0, 1.0) * 255.0).round() as u8
}
