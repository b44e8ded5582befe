//! Furniture of the 16 semantic classes (and a few unlabelled background
//! pieces) built from primitives in a local frame: the footprint is centred
//! on the origin, the floor is z = 0, the front faces -y and the back +y.
//! [`Piece::place`] turns and moves a piece into the room.

use super::material::{Material, Pattern, Rgb};
use super::math::{uniform, V3};
use super::room::{Object, Part, BACKGROUND};
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
    fn new(class: u8, footprint: (f64, f64)) -> Piece {
        Piece {
            class,
            parts: Vec::new(),
            footprint,
            supports: Vec::new(),
        }
    }

    fn cuboid(&mut self, min: [f64; 3], max: [f64; 3], material: Material) {
        let shape = Shape::Cuboid {
            min: V3::new(min[0], min[1], min[2]),
            max: V3::new(max[0], max[1], max[2]),
        };
        self.parts.push(Part { shape, material });
    }

    fn cylinder(
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

    fn sphere(&mut self, centre: [f64; 3], radius: f64, material: Material) {
        let shape = Shape::Sphere {
            centre: V3::new(centre[0], centre[1], centre[2]),
            radius,
        };
        self.parts.push(Part { shape, material });
    }

    /// Widens the footprint to cover every part (for pieces wider above than at the floor).
    fn cover_parts(&mut self) {
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

fn grainy(base: Rgb, grain: f32, scale: f64, rng: &mut impl Rng) -> Material {
    Material {
        grain,
        grain_scale: scale,
        seed: rng.random(),
        ..Material::plain(base)
    }
}

fn jitter(base: Rgb, amount: f32, rng: &mut impl Rng) -> Rgb {
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

fn white(rng: &mut impl Rng) -> Material {
    grainy(jitter([0.9, 0.9, 0.88], 0.04, rng), 0.03, 0.05, rng)
}

fn metal(rng: &mut impl Rng) -> Material {
    grainy(jitter([0.62, 0.63, 0.66], 0.08, rng), 0.06, 0.01, rng)
}

fn dark(rng: &mut impl Rng) -> Material {
    grainy([0.06, 0.06, 0.07], 0.2, 0.2, rng)
}

fn vivid(rng: &mut impl Rng) -> Material {
    let base = [
        uniform(rng, 0.05, 0.95) as f32,
        uniform(rng, 0.05, 0.95) as f32,
        uniform(rng, 0.05, 0.95) as f32,
    ];
    grainy(base, 0.05, 0.02, rng)
}

/// A dining (or coffee) table: a top on four round legs.
pub fn table(rng: &mut impl Rng, coffee: bool) -> Piece {
    let (w, d) = if coffee {
        (uniform(rng, 0.8, 1.2), uniform(rng, 0.45, 0.65))
    } else {
        (uniform(rng, 0.9, 1.8), uniform(rng, 0.75, 1.0))
    };
    let h = if coffee {
        uniform(rng, 0.4, 0.48)
    } else {
        uniform(rng, 0.72, 0.78)
    };
    let (m, mut p) = (wood(rng), Piece::new(class::DINING_TABLE, (w, d)));
    p.cuboid([-w / 2.0, -d / 2.0, h - 0.04], [w / 2.0, d / 2.0, h], m);
    for (sx, sy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        p.cylinder(
            2,
            [sx * (w / 2.0 - 0.07), sy * (d / 2.0 - 0.07), 0.0],
            0.03,
            h - 0.04,
            m,
        );
    }
    p.supports.push(Support {
        rect: [-w / 2.0, -d / 2.0, w / 2.0, d / 2.0],
        z: h,
        turns: 0,
    });
    p
}

/// A chair: seat on four legs with a back rest at +y.
pub fn chair(rng: &mut impl Rng) -> Piece {
    let (w, d, h) = (
        uniform(rng, 0.42, 0.5),
        uniform(rng, 0.42, 0.5),
        uniform(rng, 0.43, 0.48),
    );
    let (m, seat) = (
        wood(rng),
        if rng.random_bool(0.5) {
            fabric(rng)
        } else {
            wood(rng)
        },
    );
    let mut p = Piece::new(class::CHAIR, (w, d));
    p.cuboid([-w / 2.0, -d / 2.0, h - 0.05], [w / 2.0, d / 2.0, h], seat);
    for (sx, sy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        let (x, y) = (sx * (w / 2.0 - 0.025), sy * (d / 2.0 - 0.025));
        p.cuboid([x - 0.02, y - 0.02, 0.0], [x + 0.02, y + 0.02, h - 0.05], m);
    }
    p.cuboid(
        [-w / 2.0, d / 2.0 - 0.05, h],
        [w / 2.0, d / 2.0, h + uniform(rng, 0.35, 0.5)],
        m,
    );
    p
}

/// A couch: base, back at +y, two arms, seat cushions.
pub fn couch(rng: &mut impl Rng) -> Piece {
    let (w, d) = (uniform(rng, 1.5, 2.3), uniform(rng, 0.8, 0.95));
    let m = fabric(rng);
    let mut p = Piece::new(class::COUCH, (w, d));
    p.cuboid([-w / 2.0, -d / 2.0, 0.0], [w / 2.0, d / 2.0, 0.4], m);
    p.cuboid(
        [-w / 2.0, d / 2.0 - 0.22, 0.4],
        [w / 2.0, d / 2.0, uniform(rng, 0.8, 0.95)],
        m,
    );
    for s in [-1.0, 1.0] {
        p.cuboid(
            [s * w / 2.0 - 0.1 - s * 0.1, -d / 2.0, 0.4],
            [s * w / 2.0 + 0.1 - s * 0.1, d / 2.0 - 0.22, 0.62],
            m,
        );
    }
    let cushions = rng.random_range(2..4);
    let inner = w - 0.4;
    let cushion = Material {
        base: m.base.map(|c| (c * 1.1).min(1.0)),
        ..m
    };
    for i in 0..cushions {
        let x0 = -inner / 2.0 + inner * i as f64 / cushions as f64 + 0.01;
        let x1 = -inner / 2.0 + inner * (i + 1) as f64 / cushions as f64 - 0.01;
        p.cuboid(
            [x0, -d / 2.0 + 0.02, 0.4],
            [x1, d / 2.0 - 0.22, 0.5],
            cushion,
        );
    }
    p
}

/// A bed: frame, mattress, headboard at +y, pillows.
pub fn bed(rng: &mut impl Rng) -> Piece {
    let (w, d) = (uniform(rng, 1.0, 1.8), uniform(rng, 1.95, 2.1));
    let (frame, sheet) = (wood(rng), fabric(rng));
    let mut p = Piece::new(class::BED, (w, d));
    p.cuboid(
        [-w / 2.0, -d / 2.0, 0.0],
        [w / 2.0, d / 2.0 - 0.06, 0.3],
        frame,
    );
    p.cuboid(
        [-w / 2.0 + 0.03, -d / 2.0 + 0.03, 0.3],
        [w / 2.0 - 0.03, d / 2.0 - 0.09, 0.52],
        sheet,
    );
    p.cuboid(
        [-w / 2.0, d / 2.0 - 0.06, 0.0],
        [w / 2.0, d / 2.0, uniform(rng, 0.9, 1.2)],
        frame,
    );
    let pillow = white(rng);
    let n = if w > 1.3 { 2 } else { 1 };
    for i in 0..n {
        let cx = -w / 2.0 + w * (i as f64 + 0.5) / n as f64;
        p.cuboid(
            [cx - 0.3 * w / n as f64, d / 2.0 - 0.55, 0.52],
            [cx + 0.3 * w / n as f64, d / 2.0 - 0.15, 0.64],
            pillow,
        );
    }
    p
}

/// A toilet: bowl and seat (cylinders) in front of a tank at +y.
pub fn toilet(rng: &mut impl Rng) -> Piece {
    let m = white(rng);
    let mut p = Piece::new(class::TOILET, (0.42, 0.68));
    p.cylinder(2, [0.0, -0.1, 0.0], 0.19, 0.38, m);
    p.cylinder(2, [0.0, -0.1, 0.38], 0.2, 0.03, white(rng));
    p.cuboid([-0.2, 0.14, 0.0], [0.2, 0.34, 0.78], m);
    p.cylinder(2, [0.0, 0.24, 0.78], 0.02, 0.02, metal(rng));
    p
}

/// A tv on a foot, its screen facing -y.
pub fn tv(rng: &mut impl Rng) -> Piece {
    let (w, h) = (uniform(rng, 0.7, 1.3), 0.0);
    let sh = w * 0.58;
    let mut p = Piece::new(class::TV, (w, 0.2));
    let (case, screen) = (dark(rng), grainy([0.12, 0.14, 0.2], 0.4, 0.3, rng));
    p.cuboid([-0.15, -0.08, h], [0.15, 0.1, h + 0.02], case);
    p.cuboid([-0.03, 0.0, h], [0.03, 0.05, h + 0.1], case);
    p.cuboid(
        [-w / 2.0, -0.02, h + 0.1],
        [w / 2.0, 0.04, h + 0.1 + sh],
        case,
    );
    p.cuboid(
        [-w / 2.0 + 0.02, -0.03, h + 0.12],
        [w / 2.0 - 0.02, -0.02, h + 0.08 + sh],
        screen,
    );
    p
}

/// A microwave: a box with a dark door and a keypad.
pub fn microwave(rng: &mut impl Rng) -> Piece {
    let (w, d, h) = (uniform(rng, 0.45, 0.55), 0.36, uniform(rng, 0.26, 0.32));
    let mut p = Piece::new(class::MICROWAVE, (w, d));
    p.cuboid(
        [-w / 2.0, -d / 2.0, 0.0],
        [w / 2.0, d / 2.0, h],
        if rng.random_bool(0.5) {
            white(rng)
        } else {
            metal(rng)
        },
    );
    p.cuboid(
        [-w / 2.0 + 0.03, -d / 2.0 - 0.01, 0.03],
        [w / 2.0 - 0.14, -d / 2.0, h - 0.03],
        dark(rng),
    );
    p.cuboid(
        [w / 2.0 - 0.11, -d / 2.0 - 0.01, 0.05],
        [w / 2.0 - 0.03, -d / 2.0, h - 0.05],
        vivid(rng),
    );
    p
}

/// An oven: a cabinet-sized box with a window, a handle and knobs.
pub fn oven(rng: &mut impl Rng) -> Piece {
    let mut p = Piece::new(class::OVEN, (0.6, 0.6));
    let body = if rng.random_bool(0.5) {
        white(rng)
    } else {
        metal(rng)
    };
    p.cuboid([-0.3, -0.3, 0.0], [0.3, 0.3, 0.9], body);
    p.cuboid([-0.22, -0.31, 0.2], [0.22, -0.3, 0.6], dark(rng));
    p.cylinder(0, [-0.22, -0.34, 0.66], 0.012, 0.44, metal(rng));
    for i in 0..4 {
        p.cylinder(
            1,
            [-0.21 + 0.14 * i as f64, -0.33, 0.8],
            0.025,
            0.03,
            dark(rng),
        );
    }
    p.supports.push(Support {
        rect: [-0.3, -0.3, 0.3, 0.3],
        z: 0.9,
        turns: 0,
    });
    p
}

/// A toaster: a small box with two slots and a lever.
pub fn toaster(rng: &mut impl Rng) -> Piece {
    let mut p = Piece::new(class::TOASTER, (0.28, 0.18));
    p.cuboid(
        [-0.14, -0.09, 0.0],
        [0.14, 0.09, 0.19],
        if rng.random_bool(0.5) {
            metal(rng)
        } else {
            vivid(rng)
        },
    );
    for y in [-0.04, 0.02] {
        p.cuboid([-0.1, y, 0.19], [0.1, y + 0.02, 0.192], dark(rng));
    }
    p.cuboid([0.14, -0.015, 0.08], [0.16, 0.015, 0.11], dark(rng));
    p
}

/// A sink: a vanity cabinet with a basin and a tap.
pub fn sink(rng: &mut impl Rng) -> Piece {
    let w = uniform(rng, 0.6, 1.0);
    let mut p = Piece::new(class::SINK, (w, 0.55));
    p.cuboid([-w / 2.0, -0.275, 0.0], [w / 2.0, 0.275, 0.85], wood(rng));
    let basin = white(rng);
    p.cuboid([-0.25, -0.22, 0.85], [0.25, 0.15, 0.9], basin);
    let tap = metal(rng);
    p.cylinder(2, [0.0, 0.2, 0.85], 0.02, 0.22, tap);
    p.cylinder(1, [0.0, 0.06, 1.05], 0.015, 0.15, tap);
    p.supports.push(Support {
        rect: [0.27, -0.25, w / 2.0, 0.25],
        z: 0.85,
        turns: 0,
    });
    p
}

/// A refrigerator: a tall box with two doors and handles.
pub fn refrigerator(rng: &mut impl Rng) -> Piece {
    let (w, h) = (uniform(rng, 0.6, 0.8), uniform(rng, 1.6, 1.9));
    let mut p = Piece::new(class::REFRIGERATOR, (w, 0.68));
    let body = if rng.random_bool(0.6) {
        white(rng)
    } else {
        metal(rng)
    };
    p.cuboid([-w / 2.0, -0.34, 0.0], [w / 2.0, 0.34, h], body);
    p.cuboid(
        [-w / 2.0, -0.345, h * 0.62],
        [w / 2.0, -0.34, h * 0.625],
        dark(rng),
    );
    let handle = metal(rng);
    p.cuboid(
        [w / 2.0 - 0.08, -0.38, h * 0.3],
        [w / 2.0 - 0.06, -0.345, h * 0.55],
        handle,
    );
    p.cuboid(
        [w / 2.0 - 0.08, -0.38, h * 0.67],
        [w / 2.0 - 0.06, -0.345, h * 0.85],
        handle,
    );
    p
}

/// A book standing upright (spine towards -y).
pub fn book(rng: &mut impl Rng) -> Piece {
    let (t, d, h) = (
        uniform(rng, 0.02, 0.05),
        uniform(rng, 0.15, 0.22),
        uniform(rng, 0.18, 0.28),
    );
    let mut p = Piece::new(class::BOOK, (t, d));
    p.cuboid([-t / 2.0, -d / 2.0, 0.0], [t / 2.0, d / 2.0, h], vivid(rng));
    p
}

/// A wall clock: a flat disc (axis y) with two hands, its back at y = 0.
pub fn clock(rng: &mut impl Rng) -> Piece {
    let r = uniform(rng, 0.12, 0.2);
    let mut p = Piece::new(class::CLOCK, (2.0 * r, 0.05));
    p.cylinder(
        1,
        [0.0, -0.05, r],
        r,
        0.05,
        if rng.random_bool(0.5) {
            dark(rng)
        } else {
            wood(rng)
        },
    );
    p.cylinder(1, [0.0, -0.055, r], r * 0.88, 0.005, white(rng));
    let hand = dark(rng);
    p.cuboid([-0.006, -0.06, r], [0.006, -0.055, r + 0.75 * r], hand);
    p.cuboid([0.0, -0.062, r - 0.006], [0.55 * r, -0.06, r + 0.006], hand);
    p
}

/// A vase: a round body and a neck.
pub fn vase(rng: &mut impl Rng) -> Piece {
    let r = uniform(rng, 0.06, 0.11);
    let mut p = Piece::new(class::VASE, (2.0 * r, 2.0 * r));
    let m = vivid(rng);
    p.sphere([0.0, 0.0, r], r, m);
    p.cylinder(
        2,
        [0.0, 0.0, 1.6 * r],
        0.45 * r,
        uniform(rng, 0.8, 1.6) * r,
        m,
    );
    p
}

/// A bottle: a body, a neck and a rounded shoulder.
pub fn bottle(rng: &mut impl Rng) -> Piece {
    let (r, h) = (uniform(rng, 0.03, 0.045), uniform(rng, 0.14, 0.22));
    let mut p = Piece::new(class::BOTTLE, (2.0 * r, 2.0 * r));
    let m = grainy(jitter([0.15, 0.4, 0.2], 0.15, rng), 0.05, 0.01, rng);
    p.cylinder(2, [0.0, 0.0, 0.0], r, h, m);
    p.sphere([0.0, 0.0, h], r, m);
    p.cylinder(2, [0.0, 0.0, h + 0.5 * r], 0.013, 0.07, m);
    p
}

/// A potted plant: a pot and a crown of leafy spheres (`small` fits a table).
pub fn potted_plant(rng: &mut impl Rng, small: bool) -> Piece {
    let s = if small { 0.4 } else { 1.0 };
    let (r, h) = (s * uniform(rng, 0.12, 0.2), s * uniform(rng, 0.25, 0.4));
    let mut p = Piece::new(class::POTTED_PLANT, (2.0 * r, 2.0 * r));
    p.cylinder(
        2,
        [0.0, 0.0, 0.0],
        r,
        h,
        grainy(jitter([0.66, 0.35, 0.2], 0.08, rng), 0.1, 0.05, rng),
    );
    let leaves = grainy(jitter([0.2, 0.5, 0.15], 0.08, rng), 0.4, 0.03 * s, rng);
    for i in 0..rng.random_range(2..5) {
        let (a, rr) = (i as f64 * 2.1, s * uniform(rng, 0.15, 0.26));
        let c = [
            0.4 * r * a.cos(),
            0.4 * r * a.sin(),
            h + s * uniform(rng, 0.1, 0.45),
        ];
        p.sphere(c, rr, leaves);
    }
    p.cover_parts();
    p
}

/// An unlabelled bookshelf (class background) with `shelves` boards to hold books.
pub fn bookshelf(rng: &mut impl Rng) -> Piece {
    let (w, d, h) = (uniform(rng, 0.6, 1.2), 0.3, uniform(rng, 1.2, 2.0));
    let (m, mut p) = (wood(rng), Piece::new(BACKGROUND, (w, d)));
    p.cuboid([-w / 2.0, -d / 2.0, 0.0], [-w / 2.0 + 0.02, d / 2.0, h], m);
    p.cuboid([w / 2.0 - 0.02, -d / 2.0, 0.0], [w / 2.0, d / 2.0, h], m);
    p.cuboid([-w / 2.0, d / 2.0 - 0.01, 0.0], [w / 2.0, d / 2.0, h], m);
    let shelves = ((h / 0.4) as usize).max(2);
    for i in 0..=shelves {
        let z = h * i as f64 / shelves as f64;
        p.cuboid(
            [-w / 2.0, -d / 2.0, (z - 0.02).max(0.0)],
            [w / 2.0, d / 2.0, z.max(0.02)],
            m,
        );
        if i < shelves {
            p.supports.push(Support {
                rect: [-w / 2.0 + 0.02, -d / 2.0, w / 2.0 - 0.02, d / 2.0 - 0.01],
                z: z.max(0.02),
                turns: 0,
            });
        }
    }
    p
}

/// An unlabelled low cabinet, counter or nightstand (class background).
pub fn cabinet(rng: &mut impl Rng, w: f64, d: f64, h: f64) -> Piece {
    let mut p = Piece::new(BACKGROUND, (w, d));
    p.cuboid(
        [-w / 2.0, -d / 2.0, 0.0],
        [w / 2.0, d / 2.0, h - 0.03],
        if rng.random_bool(0.5) {
            white(rng)
        } else {
            wood(rng)
        },
    );
    p.cuboid(
        [-w / 2.0 - 0.01, -d / 2.0 - 0.02, h - 0.03],
        [w / 2.0 + 0.01, d / 2.0, h],
        grainy(jitter([0.4, 0.4, 0.42], 0.2, rng), 0.3, 0.02, rng),
    );
    p.supports.push(Support {
        rect: [-w / 2.0, -d / 2.0, w / 2.0, d / 2.0],
        z: h,
        turns: 0,
    });
    p
}

/// An unlabelled rug: a thin patterned slab on the floor.
pub fn rug(rng: &mut impl Rng) -> Piece {
    let (w, d) = (uniform(rng, 1.2, 2.5), uniform(rng, 0.8, 1.8));
    let mut m = fabric(rng);
    m.pattern = Pattern::Stripes {
        across: rng.random_range(0..2),
        period: uniform(rng, 0.1, 0.3),
        duty: 0.3,
        other: jitter(m.base, 0.4, rng),
    };
    let mut p = Piece::new(BACKGROUND, (w, d));
    p.cuboid([-w / 2.0, -d / 2.0, 0.0], [w / 2.0, d / 2.0, 0.01], m);
    p
}

/// An unlabelled door or picture on a wall (back at y = 0, front towards -y).
pub fn wall_panel(rng: &mut impl Rng, door: bool) -> Piece {
    let (w, h, z) = if door {
        (0.9, 2.05, 0.0)
    } else {
        (
            uniform(rng, 0.4, 1.0),
            uniform(rng, 0.3, 0.8),
            uniform(rng, 1.2, 1.6),
        )
    };
    let mut p = Piece::new(BACKGROUND, (w, 0.04));
    if door {
        p.cuboid([-w / 2.0, -0.04, z], [w / 2.0, 0.0, z + h], wood(rng));
        p.cylinder(1, [w / 2.0 - 0.1, -0.1, 1.0], 0.025, 0.06, metal(rng));
    } else {
        p.cuboid([-w / 2.0, -0.03, z], [w / 2.0, 0.0, z + h], dark(rng));
        let art = Material {
            pattern: Pattern::Checker {
                period: uniform(rng, 0.05, 0.2),
                other: vivid(rng).base,
            },
            ..vivid(rng)
        };
        p.cuboid(
            [-w / 2.0 + 0.04, -0.035, z + 0.04],
            [w / 2.0 - 0.04, -0.03, z + h - 0.04],
            art,
        );
    }
    p
}
