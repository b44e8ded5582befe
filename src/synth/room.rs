//! A room: an axis-aligned box of walls, floor and ceiling with window
//! openings, furnished with objects made of primitives, lit by one fixed
//! point light. [`Room::intersect`] finds what a camera ray sees.

use super::material::Material;
use super::math::V3;
use super::shape::{slab, Shape};

/// Semantic class of walls, floor, ceiling and unlabelled furniture
/// (TASKONOMY.md: 1 = background).
pub const BACKGROUND: u8 = 1;
/// Semantic class of pixels whose label is unknown (the view through a window).
pub const UNCERTAIN: u8 = 0;

/// One primitive of an object with its material.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Part {
    /// The geometry, in world coordinates.
    pub shape: Shape,
    /// The appearance.
    pub material: Material,
}

/// A piece of furniture: primitives sharing a semantic class.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    /// Semantic class (TASKONOMY.md: 1 background, 2..=17 bottle ... vase).
    pub class: u8,
    /// The primitives.
    pub parts: Vec<Part>,
    min: V3,
    max: V3,
}

impl Object {
    /// An object of `class` made of `parts`.
    pub fn new(class: u8, parts: Vec<Part>) -> Object {
        let (mut min, mut max) = (
            V3::new(f64::MAX, f64::MAX, f64::MAX),
            V3::new(f64::MIN, f64::MIN, f64::MIN),
        );
        for p in &parts {
            let (a, b) = p.shape.bounds();
            (min, max) = (min.min(a), max.max(b));
        }
        Object {
            class,
            parts,
            min,
            max,
        }
    }

    /// The object's axis-aligned bounding box `(min, max)`.
    pub fn bounds(&self) -> (V3, V3) {
        (self.min, self.max)
    }
}

/// An opening in a wall through which rays leave the room (no surface: depth
/// invalid, class uncertain).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// The wall: 0 is x = 0, 1 is x = width, 2 is y = 0, 3 is y = depth.
    pub wall: usize,
    /// The opening's extent along the wall (y on walls 0 and 1, x on 2 and 3).
    pub along: [f64; 2],
    /// The opening's extent in height.
    pub height: [f64; 2],
}

/// A furnished room. Its inside spans `[0, size.x] x [0, size.y] x [0, size.z]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Room {
    /// A readable name, written to `point_info` as `room`.
    pub name: String,
    /// Width (x), depth (y) and height (z) in metres.
    pub size: V3,
    /// The four walls' material.
    pub wall: Material,
    /// The floor's material.
    pub floor: Material,
    /// The ceiling's material.
    pub ceiling: Material,
    /// Openings in the walls.
    pub windows: Vec<Window>,
    /// The furniture.
    pub objects: Vec<Object>,
    /// The fixed point light of the shading (and of `reshading`).
    pub light: V3,
}

/// What a ray sees.
#[derive(Clone, Copy, Debug)]
pub struct SceneHit<'a> {
    /// Ray parameter of the hit.
    pub t: f64,
    /// Unit normal at the hit, facing the room's inside (walls) or outside (objects).
    pub normal: V3,
    /// Principal curvatures `[k1, k2]` in 1/m (see [`super::shape::ShapeHit`]).
    pub curvature: [f64; 2],
    /// Semantic class.
    pub class: u8,
    /// Which surface: 0..=5 the room's faces (x = 0, x = width, y = 0,
    /// y = depth, floor, ceiling), then `6 + (object << 8 | part)`.
    pub surface: u32,
    /// The surface's material.
    pub material: &'a Material,
}

impl Room {
    /// An empty room with plain light-grey walls, floor and ceiling, no
    /// windows, and the light at the ceiling's centre, 0.3 m below it.
    pub fn empty(width: f64, depth: f64, height: f64) -> Room {
        Room {
            name: "empty".to_string(),
            size: V3::new(width, depth, height),
            wall: Material::plain([0.8, 0.8, 0.8]),
            floor: Material::plain([0.6, 0.6, 0.6]),
            ceiling: Material::plain([0.9, 0.9, 0.9]),
            windows: Vec::new(),
            objects: Vec::new(),
            light: V3::new(width / 2.0, depth / 2.0, height - 0.3),
        }
    }

    /// The room with one more object.
    pub fn with_object(mut self, object: Object) -> Room {
        self.objects.push(object);
        self
    }

    /// The room with one more window.
    pub fn with_window(mut self, window: Window) -> Room {
        self.windows.push(window);
        self
    }

    /// The nearest surface along `origin + t * direction` (`origin` inside
    /// the room), or `None` when the ray leaves through a window.
    pub fn intersect(&self, origin: V3, direction: V3) -> Option<SceneHit<'_>> {
        let mut best = self.intersect_shell(origin, direction);
        for (i, object) in self.objects.iter().enumerate() {
            let t_max = best.map_or(f64::INFINITY, |h| h.t);
            match slab(object.min, object.max, origin, direction) {
                Some((t, _)) if t < t_max => {}
                _ => continue,
            }
            for (j, part) in object.parts.iter().enumerate() {
                let t_max = best.map_or(f64::INFINITY, |h| h.t);
                if let Some(h) = part.shape.intersect(origin, direction, t_max) {
                    best = Some(SceneHit {
                        t: h.t,
                        normal: h.normal,
                        curvature: h.curvature,
                        class: object.class,
                        surface: 6 + ((i as u32) << 8 | j as u32),
                        material: &part.material,
                    });
                }
            }
        }
        best
    }

    /// Where the ray meets the walls, floor or ceiling from inside.
    fn intersect_shell(&self, origin: V3, direction: V3) -> Option<SceneHit<'_>> {
        let (mut t, mut face) = (f64::INFINITY, 0);
        for axis in 0..3 {
            let d = direction.get(axis);
            if d.abs() < 1e-15 {
                continue;
            }
            let (bound, f) = if d > 0.0 {
                (self.size.get(axis), 2 * axis + 1)
            } else {
                (0.0, 2 * axis)
            };
            let ta = (bound - origin.get(axis)) / d;
            if ta < t {
                (t, face) = (ta, f);
            }
        }
        let axis = face / 2;
        let p = origin + direction * t;
        if axis < 2 {
            let along = p.get(1 - axis);
            let open = self.windows.iter().any(|w| {
                w.wall == face
                    && (w.along[0]..w.along[1]).contains(&along)
                    && (w.height[0]..w.height[1]).contains(&p.z)
            });
            if open {
                return None;
            }
        }
        let material = match face {
            4 => &self.floor,
            5 => &self.ceiling,
            _ => &self.wall,
        };
        let normal = V3::axis(axis, if face % 2 == 0 { 1.0 } else { -1.0 });
        Some(SceneHit {
            t,
            normal,
            curvature: [0.0; 2],
            class: BACKGROUND,
            surface: face as u32,
            material,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walls_objects_and_windows() {
        let room = Room::empty(4.0, 6.0, 3.0)
            .with_window(Window {
                wall: 3,
                along: [1.0, 2.0],
                height: [1.0, 2.0],
            })
            .with_object(Object::new(
                7,
                vec![Part {
                    shape: Shape::Sphere {
                        centre: V3::new(3.0, 3.0, 1.5),
                        radius: 0.5,
                    },
                    material: Material::plain([1.0; 3]),
                }],
            ));
        let eye = V3::new(0.5, 1.0, 1.5);
        let wall = room.intersect(eye, V3::new(0.0, 1.0, 0.0)).unwrap();
        assert_eq!((wall.t, wall.surface, wall.class), (5.0, 3, BACKGROUND));
        assert_eq!(wall.normal, V3::new(0.0, -1.0, 0.0));
        assert!(room
            .intersect(V3::new(1.5, 1.0, 1.2), V3::new(0.0, 1.0, 0.0))
            .is_none()); // window
        let ball = room
            .intersect(V3::new(3.0, 1.0, 1.5), V3::new(0.0, 1.0, 0.0))
            .unwrap();
        assert_eq!((ball.t, ball.class, ball.surface), (1.5, 7, 6));
        let floor = room.intersect(eye, V3::new(0.0, 0.0, -1.0)).unwrap();
        assert_eq!((floor.t, floor.surface), (1.5, 4));
    }
}
