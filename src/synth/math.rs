//! Three-vectors and the seeded helpers the scene generator shares.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::ops::{Add, Mul, Neg, Sub};

/// A point or direction in metres. The world frame is z-up (as Blender, which
/// rendered Taskonomy): x and y span the floor, z is height above it.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct V3 {
    /// First coordinate.
    pub x: f64,
    /// Second coordinate.
    pub y: f64,
    /// Third coordinate (height in the world frame).
    pub z: f64,
}

impl V3 {
    /// A vector from its coordinates.
    pub const fn new(x: f64, y: f64, z: f64) -> V3 {
        V3 { x, y, z }
    }

    /// The coordinate along `axis` (0 = x, 1 = y, 2 = z).
    pub fn get(self, axis: usize) -> f64 {
        match axis {
            0 => self.x,
            1 => self.y,
            _ => self.z,
        }
    }

    /// A copy with the coordinate along `axis` replaced.
    pub fn with(mut self, axis: usize, value: f64) -> V3 {
        match axis {
            0 => self.x = value,
            1 => self.y = value,
            _ => self.z = value,
        }
        self
    }

    /// The unit vector along `axis` with the given sign.
    pub fn axis(axis: usize, sign: f64) -> V3 {
        V3::default().with(axis, sign)
    }

    /// Dot product.
    pub fn dot(self, o: V3) -> f64 {
        self.x * o.x + self.y * o.y + self.z * o.z
    }

    /// Cross product.
    pub fn cross(self, o: V3) -> V3 {
        V3::new(
            self.y * o.z - self.z * o.y,
            self.z * o.x - self.x * o.z,
            self.x * o.y - self.y * o.x,
        )
    }

    /// Euclidean length.
    pub fn length(self) -> f64 {
        self.dot(self).sqrt()
    }

    /// The vector scaled to unit length.
    pub fn normalized(self) -> V3 {
        self * (1.0 / self.length())
    }

    /// Component-wise minimum.
    pub fn min(self, o: V3) -> V3 {
        V3::new(self.x.min(o.x), self.y.min(o.y), self.z.min(o.z))
    }

    /// Component-wise maximum.
    pub fn max(self, o: V3) -> V3 {
        V3::new(self.x.max(o.x), self.y.max(o.y), self.z.max(o.z))
    }
}

impl Add for V3 {
    type Output = V3;
    fn add(self, o: V3) -> V3 {
        V3::new(self.x + o.x, self.y + o.y, self.z + o.z)
    }
}

impl Sub for V3 {
    type Output = V3;
    fn sub(self, o: V3) -> V3 {
        V3::new(self.x - o.x, self.y - o.y, self.z - o.z)
    }
}

impl Mul<f64> for V3 {
    type Output = V3;
    fn mul(self, s: f64) -> V3 {
        V3::new(self.x * s, self.y * s, self.z * s)
    }
}

impl Neg for V3 {
    type Output = V3;
    fn neg(self) -> V3 {
        V3::new(-self.x, -self.y, -self.z)
    }
}

/// A random generator for one stream of a generation, derived from the run's
/// seed and the stream's coordinates (building, room, point, ...), so that each
/// part is reproducible on its own and independent of the order of the work.
pub fn stream_rng(seed: u64, coordinates: &[u64]) -> ChaCha8Rng {
    let mut state = splitmix(seed ^ 0x005E_ED0F_7A5C_0000);
    for &c in coordinates {
        state = splitmix(state ^ splitmix(c.wrapping_add(0x9E37_79B9)));
    }
    ChaCha8Rng::seed_from_u64(state)
}

/// One step of SplitMix64 (Steele et al. 2014): a well-mixed 64-bit hash.
pub fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform draw in `[lo, hi)`.
pub fn uniform(rng: &mut impl Rng, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * rng.random::<f64>()
}
