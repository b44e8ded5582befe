//! Camera poses of a building's points and views, and their `point_info`.
//!
//! A point is a camera position in one of the building's rooms; its views are
//! orientations from there, spread around the compass. (In the release a
//! point is a fixated 3D location seen by several cameras; the generator's
//! points keep the release's naming while being simpler to sample.)

use super::camera::Camera;
use super::math::{splitmix, stream_rng, uniform, V3};
use super::room::Room;
use rand::Rng;
use serde_json::{json, Value};

/// Distance kept between a camera and the walls (metres).
const WALL_MARGIN: f64 = 0.7;
/// Distance kept between a camera and furniture, horizontally (metres).
const FURNITURE_MARGIN: f64 = 0.25;

/// The camera position of `point`: a random spot at eye height (1.0 to 1.7 m)
/// clear of walls and furniture, or the room's `clear` spot when none is found.
pub fn camera_location(room: &Room, clear: V3, seed: u64, building: usize, point: usize) -> V3 {
    let mut rng = stream_rng(seed, &[2, building as u64, point as u64]);
    let z = uniform(&mut rng, 1.0, 1.7).min(room.size.z - 0.3);
    for _ in 0..200 {
        let p = V3::new(
            uniform(&mut rng, WALL_MARGIN, room.size.x - WALL_MARGIN),
            uniform(&mut rng, WALL_MARGIN, room.size.y - WALL_MARGIN),
            z,
        );
        let blocked = room.objects.iter().any(|o| {
            let (min, max) = o.bounds();
            max.z > 0.05
                && p.x > min.x - FURNITURE_MARGIN
                && p.x < max.x + FURNITURE_MARGIN
                && p.y > min.y - FURNITURE_MARGIN
                && p.y < max.y + FURNITURE_MARGIN
        });
        if !blocked {
            return p;
        }
    }
    V3::new(clear.x, clear.y, z)
}

/// The cameras of `views` views from `location` in `room`: yaws spread
/// evenly around the compass from a random start, pitch between -0.55 and
/// 0.1 rad, no roll, field of view drawn from `fov`. Each view draws
/// [`VIEW_CANDIDATES`] jittered orientations (yaw within a quarter of the
/// step) and keeps the one whose 5 x 5 probe rays see the most furniture
/// (ties: the deepest central ray), so few views stare at a bare wall.
pub fn view_cameras(
    room: &Room,
    location: V3,
    views: usize,
    fov: [f64; 2],
    seed: u64,
    building: usize,
    point: usize,
) -> Vec<Camera> {
    let mut rng = stream_rng(seed, &[3, building as u64, point as u64]);
    let start = uniform(&mut rng, 0.0, std::f64::consts::TAU);
    let step = std::f64::consts::TAU / views as f64;
    (0..views)
        .map(|v| {
            let fov = uniform(&mut rng, fov[0], fov[1]);
            let mut best: Option<((usize, f64), Camera)> = None;
            for _ in 0..VIEW_CANDIDATES {
                let yaw = (start + step * (v as f64 + uniform(&mut rng, -0.25, 0.25)))
                    .rem_euclid(std::f64::consts::TAU);
                let camera = Camera::looking(location, yaw, uniform(&mut rng, -0.55, 0.1), fov);
                let score = view_score(room, &camera);
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, camera));
                }
            }
            best.map_or_else(|| Camera::looking(location, start, 0.0, fov), |(_, c)| c)
        })
        .collect()
}

/// Orientations tried per view (see [`view_cameras`]).
pub const VIEW_CANDIDATES: usize = 8;

/// How many of a 5 x 5 grid of rays across the view hit furniture, and the
/// central ray's depth.
fn view_score(room: &Room, camera: &Camera) -> (usize, f64) {
    let b = camera.basis();
    let t = camera.tan_half_fov();
    let mut objects = 0;
    for i in 0..5 {
        for j in 0..5 {
            let (u, v) = ((j as f64 - 2.0) / 2.5 * t, (i as f64 - 2.0) / 2.5 * t);
            if room
                .intersect(camera.location, b.forward + b.right * u - b.up * v)
                .is_some_and(|h| h.surface >= 6)
            {
                objects += 1;
            }
        }
    }
    (
        objects,
        room.intersect(camera.location, b.forward)
            .map_or(f64::INFINITY, |h| h.t),
    )
}

/// A 32-digit hexadecimal id, reproducible from its inputs.
pub fn uuid(seed: u64, parts: &[u64]) -> String {
    let mut rng = stream_rng(seed, parts);
    format!(
        "{:016x}{:016x}",
        rng.random::<u64>(),
        splitmix(rng.random::<u64>())
    )
}

/// The `point_info` JSON of one view, with the release's key names:
/// `building`, `point_uuid`, `view_id`, `camera_uuid`, `camera_location`
/// (metres, world z-up), `camera_rotation_final` (Blender XYZ Euler,
/// radians, see [`Camera`]), `field_of_view_rads` (full angle across the
/// square image), `resolution` (pixels), `room`; plus `point` (the integer
/// of the file name).
#[allow(clippy::too_many_arguments)]
pub fn point_info(
    seed: u64,
    building: &str,
    b: usize,
    point: usize,
    view: usize,
    room: &Room,
    camera: &Camera,
    size: usize,
) -> Value {
    let l = camera.location;
    json!({
        "building": building,
        "point": point,
        "point_uuid": uuid(seed, &[4, b as u64, point as u64]),
        "view_id": view,
        "camera_uuid": uuid(seed, &[5, b as u64, point as u64, view as u64]),
        "camera_location": [l.x, l.y, l.z],
        "camera_rotation_final": camera.rotation,
        "field_of_view_rads": camera.fov,
        "resolution": size,
        "room": room.name,
    })
}
