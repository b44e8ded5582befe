//! Small things of the semantic classes that stand on other furniture or
//! hang on walls (tv, microwave, toaster, book, clock, vase, bottle, potted
//! plant), built in the local frame of [`Piece`].

use super::math::uniform;
use super::piece::{class, dark, grainy, jitter, metal, vivid, white, wood, Piece};
use rand::Rng;

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
