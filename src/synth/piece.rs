//! A piece of furniture in its local frame (the footprint centred on the
//! origin, the floor at z = 0, the front towards -y and the back towards +y),
//! the surfaces it offers to smaller things, the semantic classes, and the
//! material palette the builders in [`super::furniture`] and
//! [`super::smalls`] share. [`Piece::place`] turns and moves a piece into
//! the room.

use super::material::{Material, Pattern, Rgb};
use super::math::{uniform, V3};
use super::room::{Object, Part};
use super::shape::Shape;
use rand::Rng;

/// Semantic classes (TASKONOMY.md): 2 bottle ... 17 vase.
pub mod class {
    /// bottle
    pub const BOTTLE: u8 = 2;
    /// chair
    pub const CHAIR: u8 = 3;
    /// couch
    pub const COUCH: u8 = 4;
    /// potted plant
    pub const POTTED_PLANT: u8 = 5;
    /// bed
    pub const BED: u8 = 6;
    /// dining table
    pub const DINING_TABLE: u8 = 7;
    /// toilet
    pub const TOILET: u8 = 8;
    /// tv
    pub const TV: u8 = 9;
    /// microwave
    pub const MICROWAVE: u8 = 10;
    /// oven
    pub const OVEN: u8 = 11;
    /// toaster
    pub const TOASTER: u8 = 12;
    /// sink
    pub const SINK: u8 = 13;
    /// refrigerator
    pub const REFRIGERATOR: u8 = 14;
    /// book
    pub const BOOK: u8 = 15;
    /// clock
    pub const CLOCK: u8 = 16;
    /// vase
    pub const VASE: u8 = 17;
}

/// A horizontal surface small objects can stand on, in the piece's frame
/// until placed: `[x0, y0, x1, y1]` at height `z`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Support {
    /// The rectangle `[x0, y0, x1, y1]`.
    pub rect: [f64; 4],
    /// Its height.
    pub z: f64,
    /// Quarter turns of the piece holding it (objects on it face the same way).
    pub turns: u32,
}

/// A piece of furniture in its local frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// Semantic class.
    pub class: u8,
    /// Primitives in the local frame.
    pub parts: Vec<Part>,
    /// Footprint width (x) and depth (y).
    pub footprint: (f64, f64),
    /// Surfaces to put things on.
    pub supports: Vec<Support>,
}

impl Piece {
    /// An empty piece of `class` with a footprint of width (x) and depth (y).
    pub fn new(class: u8, footprint: (f64, f64)) -> Piece {
        Piece {
            class,
            parts: Vec::new(),
            footprint,
            supports: Vec::new(),
        }
    }

    /// Adds a box between two corners.
    pub fn cuboid(&mut self, min: [f64; 3], max: [f64; 3], material: Material) {
        let shape = Shape::Cuboid {
            min: V3::new(min[0], min[1], min[2]),
            max: V3::new(max[0], max[1], max[2]),
        };
        self.parts.push(Part { shape, material });
    }

    /// Adds a cylinder along `axis` from the cap centre `base`.
    pub fn cylinder(
        &mut self,
        axis: usize,
        base: [f64; 3],
        radius: f64,
        length: f64,
        material: Material,
    ) {
        let shape = Shape::Cylinder {
            axis,
            base: V3::new(base[0], base[1], base[2]),
            radius,
            length,
        };
        self.parts.push(Part { shape, material });
    }

    /// Adds a sphere.
    pub fn sphere(&mut self, centre: [f64; 3], radius: f64, material: Material) {
        let shape = Shape::Sphere {
            centre: V3::new(centre[0], centre[1], centre[2]),
            radius,
        };
        self.parts.push(Part { shape, material });
    }

    /// Widens the footprint to cover every part (for pieces wider above than at the floor).
    pub fn cover_parts(&mut self) {
        let (mut w, mut d) = self.footprint;
        for p in &self.parts {
            let (min, max) = p.shape.bounds();
            w = w.max(2.0 * min.x.abs()).max(2.0 * max.x.abs());
            d = d.max(2.0 * min.y.abs()).max(2.0 * max.y.abs());
        }
        self.footprint = (w, d);
    }

    /// The piece turned by `turns` quarter turns about z and moved by `offset`,
    /// with its supports in world coordinates.
    pub fn place(&self, turns: u32, offset: V3) -> (Object, Vec<Support>) {
        let parts = self
            .parts
            .iter()
            .map(|p| Part {
                shape: p.shape.rotated(turns).translated(offset),
                ..*p
            })
            .collect();
        let supports = self
            .supports
            .iter()
            .map(|s| {
                let a = Shape::Cuboid {
                    min: V3::new(s.rect[0], s.rect[1], 0.0),
                    max: V3::new(s.rect[2], s.rect[3], 0.0),
                };
                let (min, max) = a.rotated(turns).translated(offset).bounds();
                Support {
                    rect: [min.x, min.y, max.x, max.y],
                    z: s.z + offset.z,
                    turns: (s.turns + turns) % 4,
                }
            })
            .collect();
        (Object::new(self.class, parts), supports)
    }
}

/// A material of a base colour with noise grain of amplitude `grain` and cell size `scale`.
pub fn grainy(base: Rgb, grain: f32, scale: f64, rng: &mut impl Rng) -> Material {
    Material {
        grain,
        grain_scale: scale,
        seed: rng.random(),
        ..Material::plain(base)
    }
}

/// The colour with each channel moved by up to `amount`.
pub fn jitter(base: Rgb, amount: f32, rng: &mut impl Rng) -> Rgb {
    base.map(|c| (c + amount * (rng.random::<f32>() * 2.0 - 1.0)).clamp(0.0, 1.0))
}

/// A wood material with fine grain stripes.
pub fn wood(rng: &mut impl Rng) -> Material {
    let base = jitter([0.52, 0.34, 0.2], 0.12, rng);
    let other = base.map(|c| c * 0.8);
    let pattern = Pattern::Stripes {
        across: rng.random_range(0..2),
        period: uniform(rng, 0.015, 0.05),
        duty: 0.35,
        other,
    };
    Material {
        pattern,
        ..grainy(base, 0.15, 0.08, rng)
    }
}

/// An upholstery material: a saturated colour, sometimes checked.
pub fn fabric(rng: &mut impl Rng) -> Material {
    let base = [
        uniform(rng, 0.1, 0.8) as f32,
        uniform(rng, 0.1, 0.7) as f32,
        uniform(rng, 0.1, 0.8) as f32,
    ];
    let mut m = grainy(base, 0.12, 0.015, rng);
    if rng.random_bool(0.4) {
        m.pattern = Pattern::Checker {
            period: uniform(rng, 0.04, 0.12),
            other: base.map(|c| c * 0.7),
        };
    }
    m
}

/// Off-white (appliances, ceramics).
pub fn white(rng: &mut impl Rng) -> Material {
    grainy(jitter([0.9, 0.9, 0.88], 0.04, rng), 0.03, 0.05, rng)
}

/// Brushed grey metal.
pub fn metal(rng: &mut impl Rng) -> Material {
    grainy(jitter([0.62, 0.63, 0.66], 0.08, rng), 0.06, 0.01, rng)
}

/// Near-black plastic or glass.
pub fn dark(rng: &mut impl Rng) -> Material {
    grainy([0.06, 0.06, 0.07], 0.2, 0.2, rng)
}

/// A random bright colour with a little grain.
pub fn vivid(rng: &mut impl Rng) -> Material {
    let base = [
        uniform(rng, 0.05, 0.95) as f32,
        uniform(rng, 0.05, 0.95) as f32,
        uniform(rng, 0.05, 0.95) as f32,
    ];
    grainy(base, 0.05, 0.02, rng)
}
