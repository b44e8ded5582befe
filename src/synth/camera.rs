//! A pinhole camera posed as Taskonomy's `point_info` records it: a location,
//! a Blender XYZ Euler rotation (`camera_rotation_final`) and a square field
//! of view (`field_of_view_rads`).

use super::math::V3;

/// A square pinhole camera.
///
/// Orientation follows Blender (which rendered Taskonomy): the rotation is
/// an XYZ Euler triple in radians, applied as `Rz * Ry * Rx` to a camera that
/// looks along its local -Z with local +Y up and +X right; the world is z-up.
/// `[pi/2, 0, 0]` looks horizontally along +y.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// The optical centre in world coordinates (metres).
    pub location: V3,
    /// XYZ Euler angles in radians (Blender convention, see above).
    pub rotation: [f64; 3],
    /// Full field of view across the image, in radians (the same both ways).
    pub fov: f64,
}

/// A camera's axes in world coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Basis {
    /// Image right (+x of the normal encoding).
    pub right: V3,
    /// Image up (the normal encoding's +y points the other way, down).
    pub up: V3,
    /// The viewing direction (the normal encoding's +z points back, towards the camera).
    pub forward: V3,
}

impl Camera {
    /// A camera from its `point_info` fields.
    pub fn new(location: V3, rotation: [f64; 3], fov: f64) -> Camera {
        Camera {
            location,
            rotation,
            fov,
        }
    }

    /// A camera without roll looking at compass angle `yaw` (0 = +y,
    /// pi/2 = -x, counter-clockwise seen from above) and elevation `pitch`
    /// (positive = up), in radians.
    pub fn looking(location: V3, yaw: f64, pitch: f64, fov: f64) -> Camera {
        Camera {
            location,
            rotation: [std::f64::consts::FRAC_PI_2 + pitch, 0.0, yaw],
            fov,
        }
    }

    /// The camera's axes in the world.
    pub fn basis(&self) -> Basis {
        let [rx, ry, rz] = self.rotation;
        let rotate = |v: V3| {
            let (s, c) = rx.sin_cos();
            let v = V3::new(v.x, v.y * c - v.z * s, v.y * s + v.z * c);
            let (s, c) = ry.sin_cos();
            let v = V3::new(v.x * c + v.z * s, v.y, -v.x * s + v.z * c);
            let (s, c) = rz.sin_cos();
            V3::new(v.x * c - v.y * s, v.x * s + v.y * c, v.z)
        };
        Basis {
            right: rotate(V3::new(1.0, 0.0, 0.0)),
            up: rotate(V3::new(0.0, 1.0, 0.0)),
            forward: rotate(V3::new(0.0, 0.0, -1.0)),
        }
    }

    /// `tan(fov / 2)`: the image half-width at unit depth.
    pub fn tan_half_fov(&self) -> f64 {
        (self.fov / 2.0).tan()
    }
}

/// Image-plane coordinates `(u, v)` at unit depth of the centre of pixel
/// (`row`, `col`) in a `size` x `size` image: u grows to the right, v
/// downwards. The pixel's ray in the camera frame of the normal encoding
/// (x right, y down, z towards the camera) is `(u, v, -1)`, and a surface at
/// z-buffer depth `d` along it lies at `d * (u, v, -1)`.
pub fn pixel_plane(row: usize, col: usize, size: usize, tan_half_fov: f64) -> (f64, f64) {
    let s = size as f64;
    let u = ((col as f64 + 0.5) / s * 2.0 - 1.0) * tan_half_fov;
    let v = ((row as f64 + 0.5) / s * 2.0 - 1.0) * tan_half_fov;
    (u, v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::FRAC_PI_2;

    fn close(a: V3, b: V3) -> bool {
        (a - b).length() < 1e-12
    }

    #[test]
    fn blender_rotation_conventions() {
        // Identity rotation: Blender's camera looks down (-z) with +y up.
        let b = Camera::new(V3::default(), [0.0; 3], 1.0).basis();
        assert!(close(b.forward, V3::new(0.0, 0.0, -1.0)) && close(b.up, V3::new(0.0, 1.0, 0.0)));
        let b = Camera::looking(V3::default(), 0.0, 0.0, 1.0).basis();
        assert!(close(b.forward, V3::new(0.0, 1.0, 0.0)) && close(b.up, V3::new(0.0, 0.0, 1.0)));
        assert!(close(b.right, V3::new(1.0, 0.0, 0.0)));
        let b = Camera::looking(V3::default(), FRAC_PI_2, 0.0, 1.0).basis();
        assert!(close(b.forward, V3::new(-1.0, 0.0, 0.0)));
        let b = Camera::looking(V3::default(), 0.0, 0.3, 1.0).basis();
        assert!(close(b.forward, V3::new(0.0, 0.3f64.cos(), 0.3f64.sin())));
    }

    #[test]
    fn pixel_centres_are_symmetric() {
        // tan(fov/2) = 1: the outer pixel centres of a 4-pixel row sit at +-0.75.
        assert_eq!(pixel_plane(0, 0, 4, 1.0), (-0.75, -0.75));
        assert_eq!(pixel_plane(3, 2, 4, 1.0), (0.25, 0.75));
    }
}
