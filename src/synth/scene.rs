//! Procedural rooms: a room kind (living room, kitchen, bedroom, bathroom,
//! dining room) decides the furniture; pieces go against walls, free on the
//! floor, on walls, or on the tables, counters and shelves of other pieces,
//! never overlapping and always leaving a clear spot for a camera.

use super::furniture as f;
use super::layout::{footprint_rect, rotated_footprint, Layout};
use super::material::{Material, Pattern};
use super::math::{stream_rng, uniform, V3};
use super::piece::{wood, Piece};
use super::room::{Room, Window};
use super::smalls as s;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub use super::layout::CLEAR_RADIUS;

/// The kinds of room and their names (`point_info`'s `room` starts with one).
pub const ROOM_KINDS: [&str; 5] = [
    "living_room",
    "kitchen",
    "bedroom",
    "bathroom",
    "dining_room",
];

/// Room number `index` of building number `building`, from the run's seed;
/// its kind is `ROOM_KINDS[(seed % 5 + 2 * building + index) % 5]`.
/// The same arguments always give the same room. Returns the room and a spot
/// on the floor kept at least [`CLEAR_RADIUS`] from all furniture.
pub fn generate_room(seed: u64, building: usize, index: usize) -> (Room, V3) {
    let mut rng = stream_rng(seed, &[1, building as u64, index as u64]);
    // Kinds rotate through buildings and rooms so every kind (and every class) appears
    // once a run has five rooms.
    let kind = ((seed % 5) as usize + 2 * building + index) % ROOM_KINDS.len();
    let (lo, hi) = [(4.5, 7.5), (3.5, 5.5), (3.5, 5.0), (2.6, 3.6), (4.0, 6.0)][kind];
    let size = V3::new(
        uniform(&mut rng, lo, hi),
        uniform(&mut rng, lo, hi),
        uniform(&mut rng, 2.5, 3.1),
    );
    let clear = V3::new(
        uniform(&mut rng, 0.9, size.x - 0.9),
        uniform(&mut rng, 0.9, size.y - 0.9),
        0.0,
    );
    let mut room = Room::empty(size.x, size.y, size.z);
    room.name = format!("{}_{index}", ROOM_KINDS[kind]);
    room.light = V3::new(
        size.x / 2.0 + uniform(&mut rng, -0.5, 0.5),
        size.y / 2.0 + uniform(&mut rng, -0.5, 0.5),
        size.z - 0.3,
    );
    room.wall = wall_material(&mut rng);
    room.floor = floor_material(&mut rng, kind == 3);
    room.ceiling = Material {
        grain: 0.03,
        grain_scale: 0.5,
        seed: rng.random(),
        ..Material::plain([0.93, 0.93, 0.9])
    };
    for _ in 0..rng.random_range(0..3) {
        let wall = rng.random_range(0..4);
        let length = if wall < 2 { size.y } else { size.x };
        let w = uniform(&mut rng, 0.6, 1.4).min(length - 0.6);
        let a = uniform(&mut rng, 0.3, length - 0.3 - w);
        room.windows.push(Window {
            wall,
            along: [a, a + w],
            height: [uniform(&mut rng, 0.8, 1.1), uniform(&mut rng, 1.9, 2.3)],
        });
    }
    let mut layout = Layout::new(&mut rng, size, clear);
    layout.furnish(kind);
    room.objects = layout.objects;
    (room, clear)
}

fn wall_material(rng: &mut ChaCha8Rng) -> Material {
    let base = [
        uniform(rng, 0.6, 0.95) as f32,
        uniform(rng, 0.6, 0.95) as f32,
        uniform(rng, 0.55, 0.9) as f32,
    ];
    let mut m = Material {
        grain: 0.05,
        grain_scale: 0.3,
        seed: rng.random(),
        ..Material::plain(base)
    };
    if rng.random_bool(0.35) {
        m.pattern = Pattern::Stripes {
            across: 0,
            period: uniform(rng, 0.1, 0.4),
            duty: 0.5,
            other: base.map(|c| c * 0.85),
        };
    }
    m
}

fn floor_material(rng: &mut ChaCha8Rng, tiled: bool) -> Material {
    if tiled || rng.random_bool(0.3) {
        let base = [uniform(rng, 0.5, 0.9) as f32; 3];
        let pattern = Pattern::Checker {
            period: uniform(rng, 0.25, 0.6),
            other: base.map(|c| c * 0.75),
        };
        Material {
            pattern,
            grain: 0.08,
            grain_scale: 0.1,
            seed: rng.random(),
            ..Material::plain(base)
        }
    } else {
        let wood = wood(rng);
        let pattern = Pattern::Planks {
            width: uniform(rng, 0.1, 0.25),
            length: uniform(rng, 0.8, 1.6),
            other: wood.base.map(|c| c * 0.7),
        };
        Material { pattern, ..wood }
    }
}

/// The recipes: which pieces each kind of room gets.
impl Layout<'_> {
    fn furnish(&mut self, kind: usize) {
        let r = |l: &mut Self| l.rng.random::<f64>();
        match kind {
            0 => {
                let rug = f::rug(self.rng);
                self.free(&rug, false);
                let couch = f::couch(self.rng);
                self.against_wall(&couch);
                let coffee = f::table(self.rng, true);
                self.free(&coffee, true);
                let w = uniform(self.rng, 0.9, 1.6);
                let stand = f::cabinet(self.rng, w, 0.45, 0.5);
                if self.against_wall(&stand) {
                    let tv = s::tv(self.rng);
                    self.on_support(&tv, self.supports() - 1);
                }
                self.shelf_with_books();
                if r(self) < 0.7 {
                    let chair = f::chair(self.rng);
                    self.against_wall(&chair);
                }
                self.smalls(&[s::vase, s::bottle, s::vase]);
            }
            1 => {
                for _ in 0..2 {
                    let w = uniform(self.rng, 0.8, 1.6);
                    let counter = f::cabinet(self.rng, w, 0.6, 0.9);
                    self.against_wall(&counter);
                }
                for piece in [
                    f::refrigerator(self.rng),
                    f::oven(self.rng),
                    f::sink(self.rng),
                ] {
                    self.against_wall(&piece);
                }
                self.dining(2);
                self.smalls(&[s::microwave, s::toaster, s::bottle, s::bottle, s::vase]);
            }
            2 => {
                let bed = f::bed(self.rng);
                self.against_wall(&bed);
                let stand = f::cabinet(self.rng, 0.45, 0.4, 0.55);
                self.against_wall(&stand);
                self.shelf_with_books();
                let chair = f::chair(self.rng);
                self.against_wall(&chair);
                if r(self) < 0.5 {
                    let cab = f::cabinet(self.rng, 1.0, 0.45, 0.6);
                    if self.against_wall(&cab) {
                        let tv = s::tv(self.rng);
                        self.on_support(&tv, self.supports() - 1);
                    }
                }
                self.smalls(&[s::vase, s::bottle, s::book]);
            }
            3 => {
                let toilet = f::toilet(self.rng);
                self.against_wall(&toilet);
                let sink = f::sink(self.rng);
                self.against_wall(&sink);
                if r(self) < 0.5 {
                    let cab = f::cabinet(self.rng, 0.6, 0.35, 0.8);
                    self.against_wall(&cab);
                }
                self.smalls(&[s::bottle, s::bottle, s::bottle, s::vase]);
            }
            _ => {
                self.dining(4);
                let w = uniform(self.rng, 1.0, 1.8);
                let cab = f::cabinet(self.rng, w, 0.45, 0.85);
                self.against_wall(&cab);
                self.shelf_with_books();
                self.smalls(&[s::vase, s::bottle, s::bottle, s::microwave]);
            }
        }
        for _ in 0..self.rng.random_range(1..4) {
            match self.rng.random_range(0..4) {
                0 => {
                    let chair = f::chair(self.rng);
                    self.against_wall(&chair);
                }
                1 => self.shelf_with_books(),
                2 => {
                    let (w, h) = (uniform(self.rng, 0.5, 1.4), uniform(self.rng, 0.5, 1.0));
                    let cab = f::cabinet(self.rng, w, 0.45, h);
                    self.against_wall(&cab);
                }
                _ => {
                    let plant = s::potted_plant(self.rng, false);
                    self.against_wall(&plant);
                }
            }
        }
        self.smalls(&[s::bottle, s::vase, s::book]);
        let plant = s::potted_plant(self.rng, false);
        self.against_wall(&plant);
        let small = s::potted_plant(self.rng, true);
        self.on_any_support(&small);
        let clock = s::clock(self.rng);
        let z = uniform(self.rng, 1.6, 2.1).min(self.size.z - 0.5);
        self.on_wall(&clock, z);
        let door = f::wall_panel(self.rng, true);
        self.on_wall(&door, 0.0);
        for _ in 0..self.rng.random_range(0..3) {
            let picture = f::wall_panel(self.rng, false);
            self.on_wall(&picture, 0.0);
        }
    }

    fn dining(&mut self, chairs: usize) {
        let table = f::table(self.rng, false);
        let turns = self.rng.random_range(0..2);
        let Some(centre) = self.free_at(&table, turns) else {
            return;
        };
        let (w, d) = rotated_footprint(&table, turns);
        for i in 0..chairs {
            let chair = f::chair(self.rng);
            // Chairs on the table's long sides, facing it (their front, -y, towards the table).
            let side = if i % 2 == 0 { -1.0 } else { 1.0 };
            let slot = (i / 2) as f64 - (chairs.div_ceil(2) - 1) as f64 / 2.0;
            let (offset, chair_turns) = if turns == 0 {
                (
                    V3::new(slot * 0.6, side * (d / 2.0 + 0.2), 0.0),
                    if side < 0.0 { 2 } else { 0 },
                )
            } else {
                (
                    V3::new(side * (w / 2.0 + 0.2), slot * 0.6, 0.0),
                    if side < 0.0 { 1 } else { 3 },
                )
            };
            let c = centre + offset;
            let rect = footprint_rect(&chair, chair_turns, c);
            if self.fits(rect) {
                self.add(&chair, chair_turns, c, Some(rect));
            }
        }
    }

    fn shelf_with_books(&mut self) {
        let shelf = f::bookshelf(self.rng);
        let first = self.supports();
        if !self.against_wall(&shelf) {
            return;
        }
        for i in first..self.supports() {
            for _ in 0..self.rng.random_range(2..9) {
                let book = s::book(self.rng);
                self.on_support(&book, i);
            }
        }
    }

    fn smalls(&mut self, makers: &[fn(&mut ChaCha8Rng) -> Piece]) {
        for make in makers {
            let piece = make(self.rng);
            self.on_any_support(&piece);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooms_are_seeded_and_keep_their_clear_spot() {
        for b in 0..12 {
            let (room, clear) = generate_room(3, b, 0);
            assert_eq!(generate_room(3, b, 0).0, room);
            assert!(!room.objects.is_empty());
            for o in &room.objects {
                let (min, max) = o.bounds();
                assert!(
                    min.x >= -1e-9
                        && min.y >= -1e-9
                        && max.x <= room.size.x + 1e-9
                        && max.y <= room.size.y + 1e-9,
                    "{}: {o:?}",
                    room.name
                );
                // Nothing standing on the floor comes near the clear spot.
                if min.z < 0.05 && max.z > 0.05 {
                    let dx = (min.x - clear.x).max(clear.x - max.x).max(0.0);
                    let dy = (min.y - clear.y).max(clear.y - max.y).max(0.0);
                    assert!(dx.hypot(dy) > CLEAR_RADIUS - 0.06, "{}: {o:?}", room.name);
                }
            }
        }
        assert_ne!(generate_room(3, 0, 0).0, generate_room(4, 0, 0).0);
    }
}
