//! Furniture standing on the floor, of the semantic classes (table, chair,
//! couch, bed, toilet, oven, sink, refrigerator) and unlabelled background
//! pieces (bookshelf, cabinet, rug, door, picture), built in the local frame
//! of [`Piece`].

use super::material::{Material, Pattern};
use super::math::uniform;
use super::piece::{
    class, dark, fabric, grainy, jitter, metal, vivid, white, wood, Piece, Support,
};
use super::room::BACKGROUND;
use rand::Rng;

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
