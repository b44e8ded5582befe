//! Placing pieces in a room without overlaps: against a wall (back to the
//! wall), free on the floor, hung on a wall, or on a support of another
//! piece, always keeping a clear spot for cameras.

use super::math::{uniform, V3};
use super::piece::{Piece, Support};
use super::room::Object;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Gap left between furniture and walls (metres).
const WALL_GAP: f64 = 0.02;
/// Radius of the spot kept clear for cameras (metres).
pub const CLEAR_RADIUS: f64 = 0.45;

/// A room being furnished.
pub struct Layout<'a> {
    /// The room's random stream.
    pub rng: &'a mut ChaCha8Rng,
    /// The room's width, depth and height.
    pub size: V3,
    /// The spot kept clear for cameras.
    pub clear: V3,
    /// Floor rectangles `[x0, y0, x1, y1]` taken by standing furniture.
    occupied: Vec<[f64; 4]>,
    /// Wall-mounted spans `(wall, a0, a1)`.
    wall_spans: Vec<(usize, f64, f64)>,
    /// The objects placed so far.
    pub objects: Vec<Object>,
    /// Free surfaces and the rectangles already used on each.
    supports: Vec<(Support, Vec<[f64; 4]>)>,
}

impl<'a> Layout<'a> {
    /// An empty room of `size` keeping `clear` free.
    pub fn new(rng: &'a mut ChaCha8Rng, size: V3, clear: V3) -> Layout<'a> {
        Layout {
            rng,
            size,
            clear,
            occupied: Vec::new(),
            wall_spans: Vec::new(),
            objects: Vec::new(),
            supports: Vec::new(),
        }
    }

    /// How many supports pieces have offered so far (the newest is `supports() - 1`).
    pub fn supports(&self) -> usize {
        self.supports.len()
    }

    /// Adds a placed piece; `floor` is the floor rectangle it takes, if any.
    pub fn add(&mut self, piece: &Piece, turns: u32, at: V3, floor: Option<[f64; 4]>) {
        let (object, supports) = piece.place(turns, at);
        self.objects.push(object);
        self.supports
            .extend(supports.into_iter().map(|s| (s, Vec::new())));
        if let Some(rect) = floor {
            self.occupied.push(rect);
        }
    }

    /// Whether a floor rectangle is inside the room, free, and away from the clear spot.
    pub fn fits(&self, r: [f64; 4]) -> bool {
        let inside = r[0] >= 0.0 && r[1] >= 0.0 && r[2] <= self.size.x && r[3] <= self.size.y;
        let (dx, dy) = (
            (r[0] - self.clear.x).max(self.clear.x - r[2]).max(0.0),
            (r[1] - self.clear.y).max(self.clear.y - r[3]).max(0.0),
        );
        inside && dx.hypot(dy) > CLEAR_RADIUS && !self.occupied.iter().any(|o| overlap(*o, r))
    }

    /// Stands `piece` with its back (+y) against a random wall.
    pub fn against_wall(&mut self, piece: &Piece) -> bool {
        for _ in 0..30 {
            let wall = self.rng.random_range(0..4);
            let turns = [1, 3, 2, 0][wall];
            let (w, d) = rotated_footprint(piece, turns);
            let (x, y) = match wall {
                0 => (
                    WALL_GAP + w / 2.0,
                    uniform(self.rng, d / 2.0, self.size.y - d / 2.0),
                ),
                1 => (
                    self.size.x - WALL_GAP - w / 2.0,
                    uniform(self.rng, d / 2.0, self.size.y - d / 2.0),
                ),
                2 => (
                    uniform(self.rng, w / 2.0, self.size.x - w / 2.0),
                    WALL_GAP + d / 2.0,
                ),
                _ => (
                    uniform(self.rng, w / 2.0, self.size.x - w / 2.0),
                    self.size.y - WALL_GAP - d / 2.0,
                ),
            };
            let at = V3::new(x, y, 0.0);
            let rect = footprint_rect(piece, turns, at);
            if self.fits(rect) {
                self.add(piece, turns, at, Some(rect));
                return true;
            }
        }
        false
    }

    /// Stands `piece` anywhere on the floor; `solid` pieces take floor space.
    pub fn free(&mut self, piece: &Piece, solid: bool) -> Option<V3> {
        let turns = self.rng.random_range(0..4);
        if !solid {
            let (w, d) = rotated_footprint(piece, turns);
            if w >= self.size.x || d >= self.size.y {
                return None;
            }
            let at = V3::new(
                uniform(self.rng, w / 2.0, self.size.x - w / 2.0),
                uniform(self.rng, d / 2.0, self.size.y - d / 2.0),
                0.0,
            );
            self.add(piece, turns, at, None);
            return Some(at);
        }
        self.free_at(piece, turns)
    }

    /// Stands `piece` turned by `turns` anywhere on the floor at least 0.6 m
    /// from the walls, taking floor space; returns where.
    pub fn free_at(&mut self, piece: &Piece, turns: u32) -> Option<V3> {
        let (w, d) = rotated_footprint(piece, turns);
        for _ in 0..30 {
            let margin = 0.6;
            if w + 2.0 * margin >= self.size.x || d + 2.0 * margin >= self.size.y {
                return None;
            }
            let at = V3::new(
                uniform(self.rng, margin + w / 2.0, self.size.x - margin - w / 2.0),
                uniform(self.rng, margin + d / 2.0, self.size.y - margin - d / 2.0),
                0.0,
            );
            let rect = footprint_rect(piece, turns, at);
            if self.fits(rect) {
                self.add(piece, turns, at, Some(rect));
                return Some(at);
            }
        }
        None
    }

    /// Hangs a wall piece (back at local y = 0) on a random wall, its local z = 0 at `z`.
    pub fn on_wall(&mut self, piece: &Piece, z: f64) {
        for _ in 0..20 {
            let wall = self.rng.random_range(0..4);
            let length = if wall < 2 { self.size.y } else { self.size.x };
            let w = piece.footprint.0;
            if w + 0.2 >= length {
                continue;
            }
            let a = uniform(self.rng, 0.1 + w / 2.0, length - 0.1 - w / 2.0);
            if self
                .wall_spans
                .iter()
                .any(|&(wl, a0, a1)| wl == wall && a - w / 2.0 < a1 && a + w / 2.0 > a0)
            {
                continue;
            }
            let at = match wall {
                0 => V3::new(0.0, a, z),
                1 => V3::new(self.size.x, a, z),
                2 => V3::new(a, 0.0, z),
                _ => V3::new(a, self.size.y, z),
            };
            self.wall_spans.push((wall, a - w / 2.0, a + w / 2.0));
            self.add(piece, [1, 3, 2, 0][wall], at, None);
            return;
        }
    }

    /// Puts `piece` on a random support with room for it, if any.
    pub fn on_any_support(&mut self, piece: &Piece) {
        if !self.supports.is_empty() {
            for _ in 0..5 {
                let s = self.rng.random_range(0..self.supports.len());
                if self.on_support(piece, s) {
                    return;
                }
            }
        }
    }

    /// Puts `piece` on support `s` at a free spot, facing like the support's holder.
    pub fn on_support(&mut self, piece: &Piece, s: usize) -> bool {
        let (support, _) = self.supports[s];
        let (w, d) = rotated_footprint(piece, support.turns);
        let r = support.rect;
        if r[2] - r[0] < w + 0.02 || r[3] - r[1] < d + 0.02 {
            return false;
        }
        for _ in 0..10 {
            let at = V3::new(
                uniform(self.rng, r[0] + 0.01 + w / 2.0, r[2] - 0.01 - w / 2.0),
                uniform(self.rng, r[1] + 0.01 + d / 2.0, r[3] - 0.01 - d / 2.0),
                support.z,
            );
            let rect = footprint_rect(piece, support.turns, at);
            if !self.supports[s].1.iter().any(|o| overlap(*o, rect)) {
                self.supports[s].1.push(rect);
                self.add(piece, support.turns, at, None);
                return true;
            }
        }
        false
    }
}

/// The footprint's width and depth after `turns` quarter turns.
pub fn rotated_footprint(piece: &Piece, turns: u32) -> (f64, f64) {
    let (w, d) = piece.footprint;
    if turns % 2 == 1 {
        (d, w)
    } else {
        (w, d)
    }
}

/// The floor rectangle of `piece` turned by `turns` and centred at `at`.
pub fn footprint_rect(piece: &Piece, turns: u32, at: V3) -> [f64; 4] {
    let (w, d) = rotated_footprint(piece, turns);
    [
        at.x - w / 2.0,
        at.y - d / 2.0,
        at.x + w / 2.0,
        at.y + d / 2.0,
    ]
}

fn overlap(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}
