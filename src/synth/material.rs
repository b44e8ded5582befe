//! Procedural surface textures: a base colour, an optional 2D pattern
//! (checker, stripes, planks) laid in the plane of the face, and a
//! multiplicative value-noise grain. Only the albedo comes from here; shading
//! is the renderer's, so `reshading` stays free of texture.

use super::math::{splitmix, V3};

/// A linear RGB colour, each channel in `[0, 1]`.
pub type Rgb = [f32; 3];

/// The pattern a material lays over its base colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pattern {
    /// The base colour only.
    Plain,
    /// A checkerboard of `period`-metre squares in the base and `other` colours.
    Checker {
        /// Side of a square in metres.
        period: f64,
        /// The second colour.
        other: Rgb,
    },
    /// Parallel bands of the `other` colour: `duty` of every `period` metres.
    Stripes {
        /// Which in-plane coordinate the bands vary along (0 = u, 1 = v; on
        /// walls v is height, so 1 gives horizontal bands).
        across: usize,
        /// Distance between band starts in metres.
        period: f64,
        /// Fraction of the period in the `other` colour.
        duty: f64,
        /// The band colour.
        other: Rgb,
    },
    /// Wooden planks `width` metres wide and `length` long, each tinted
    /// between the base and `other` colours, with staggered joints.
    Planks {
        /// Plank width in metres.
        width: f64,
        /// Plank length in metres.
        length: f64,
        /// The tint at the other end of the range.
        other: Rgb,
    },
}

/// A surface's appearance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Material {
    /// The base colour.
    pub base: Rgb,
    /// The pattern over the base colour.
    pub pattern: Pattern,
    /// Amplitude of the multiplicative noise grain (0 = none, 0.3 = strong).
    pub grain: f32,
    /// Size of a grain cell in metres.
    pub grain_scale: f64,
    /// Seed of the grain noise and of the plank tints.
    pub seed: u64,
}

impl Material {
    /// A flat colour without pattern or grain.
    pub fn plain(base: Rgb) -> Material {
        Material {
            base,
            pattern: Pattern::Plain,
            grain: 0.0,
            grain_scale: 1.0,
            seed: 0,
        }
    }

    /// The albedo at world point `p` of a surface with unit normal `n`.
    pub fn albedo(&self, p: V3, n: V3) -> Rgb {
        // In-plane coordinates: drop the coordinate the normal points along.
        let (ax, ay, az) = (n.x.abs(), n.y.abs(), n.z.abs());
        let (u, v) = if az >= ax && az >= ay {
            (p.x, p.y)
        } else if ax >= ay {
            (p.y, p.z)
        } else {
            (p.x, p.z)
        };
        let colour = match self.pattern {
            Pattern::Plain => self.base,
            Pattern::Checker { period, other } => {
                let parity = ((u / period).floor() + (v / period).floor()).rem_euclid(2.0);
                if parity < 0.5 {
                    self.base
                } else {
                    other
                }
            }
            Pattern::Stripes {
                across,
                period,
                duty,
                other,
            } => {
                let w = if across == 0 { u } else { v };
                if (w / period).rem_euclid(1.0) < duty {
                    other
                } else {
                    self.base
                }
            }
            Pattern::Planks {
                width,
                length,
                other,
            } => {
                let row = (v / width).floor();
                let offset = unit_hash(self.seed, row as i64, 0, 0) as f64 * length;
                let plank = ((u + offset) / length).floor();
                let tint = unit_hash(self.seed, row as i64, plank as i64, 1);
                let joint = ((u + offset) / length).rem_euclid(1.0) * length < 0.004
                    || (v / width).rem_euclid(1.0) * width < 0.004;
                let c = mix(self.base, other, tint);
                if joint {
                    c.map(|x| x * 0.55)
                } else {
                    c
                }
            }
        };
        if self.grain <= 0.0 {
            return colour;
        }
        let q = p * (1.0 / self.grain_scale);
        let g = 0.65 * value_noise(q, self.seed) + 0.35 * value_noise(q * 3.1, self.seed ^ 0xA5);
        let f = 1.0 + self.grain * (2.0 * g - 1.0);
        colour.map(|x| (x * f).clamp(0.0, 1.0))
    }
}

/// Linear interpolation between two colours.
pub fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

/// A hash of integer lattice coordinates to `[0, 1)`.
fn unit_hash(seed: u64, x: i64, y: i64, z: i64) -> f32 {
    let h = splitmix(seed ^ splitmix(x as u64 ^ splitmix(y as u64 ^ splitmix(z as u64))));
    (h >> 40) as f32 / (1u64 << 24) as f32
}

/// Smoothly interpolated lattice noise in `[0, 1]` (value noise).
pub fn value_noise(p: V3, seed: u64) -> f32 {
    let (fx, fy, fz) = (p.x.floor(), p.y.floor(), p.z.floor());
    let (ix, iy, iz) = (fx as i64, fy as i64, fz as i64);
    let s = |t: f64| (t * t * (3.0 - 2.0 * t)) as f32;
    let (tx, ty, tz) = (s(p.x - fx), s(p.y - fy), s(p.z - fz));
    let lerp = |a: f32, b: f32, t: f32| a + (b - a) * t;
    let corner = |dx, dy, dz| unit_hash(seed, ix + dx, iy + dy, iz + dz);
    let x00 = lerp(corner(0, 0, 0), corner(1, 0, 0), tx);
    let x10 = lerp(corner(0, 1, 0), corner(1, 1, 0), tx);
    let x01 = lerp(corner(0, 0, 1), corner(1, 0, 1), tx);
    let x11 = lerp(corner(0, 1, 1), corner(1, 1, 1), tx);
    lerp(lerp(x00, x10, ty), lerp(x01, x11, ty), tz)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checker_alternates_in_the_face_plane() {
        let m = Material {
            pattern: Pattern::Checker {
                period: 0.5,
                other: [0.0; 3],
            },
            ..Material::plain([1.0; 3])
        };
        let up = V3::new(0.0, 0.0, 1.0);
        assert_eq!(m.albedo(V3::new(0.25, 0.25, 0.0), up), [1.0; 3]);
        assert_eq!(m.albedo(V3::new(0.75, 0.25, 0.0), up), [0.0; 3]);
        // On a wall facing -y the pattern lies in (x, z).
        assert_eq!(
            m.albedo(V3::new(0.25, 9.0, 0.75), V3::new(0.0, -1.0, 0.0)),
            [0.0; 3]
        );
    }

    #[test]
    fn noise_is_bounded_and_seeded() {
        for i in 0..200 {
            let p = V3::new(i as f64 * 0.37, i as f64 * 0.11, 1.3);
            let n = value_noise(p, 7);
            assert!((0.0..=1.0).contains(&n));
            assert_eq!(n, value_noise(p, 7));
        }
        assert_ne!(
            value_noise(V3::new(0.5, 0.5, 0.5), 1),
            value_noise(V3::new(0.5, 0.5, 0.5), 2)
        );
    }
}
