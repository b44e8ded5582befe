//! The three primitives furniture is built from (axis-aligned cuboids,
//! axis-aligned cylinders, spheres) and their analytic ray intersections,
//! giving distance, surface normal and principal curvatures at the hit.

use super::math::V3;

/// Hits nearer than this (in units of the ray parameter) are ignored, so a
/// ray never hits the surface it starts on.
const T_MIN: f64 = 1e-7;

/// A primitive in world coordinates (metres, z up).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    /// An axis-aligned box between two corners.
    Cuboid {
        /// The corner with the smallest coordinates.
        min: V3,
        /// The corner with the largest coordinates.
        max: V3,
    },
    /// A closed cylinder (side and two flat caps) along a world axis.
    Cylinder {
        /// The axis: 0 = x, 1 = y, 2 = z.
        axis: usize,
        /// The centre of the cap with the smaller axis coordinate.
        base: V3,
        /// Radius in metres.
        radius: f64,
        /// Length along the axis in metres.
        length: f64,
    },
    /// A sphere.
    Sphere {
        /// The centre.
        centre: V3,
        /// Radius in metres.
        radius: f64,
    },
}

/// Where a ray meets a primitive.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShapeHit {
    /// Ray parameter of the hit (`origin + t * direction`).
    pub t: f64,
    /// Unit outward surface normal at the hit.
    pub normal: V3,
    /// Principal curvatures `[k1, k2]` in 1/m, `k1 >= k2`, positive where
    /// the surface is convex towards the outside (a sphere seen from outside);
    /// zero on flat faces.
    pub curvature: [f64; 2],
}

impl Shape {
    /// The smallest axis-aligned box holding the shape.
    pub fn bounds(&self) -> (V3, V3) {
        match *self {
            Shape::Cuboid { min, max } => (min, max),
            Shape::Cylinder {
                axis,
                base,
                radius,
                length,
            } => {
                let r = V3::new(radius, radius, radius).with(axis, 0.0);
                let top = base + V3::axis(axis, length);
                ((base - r).min(top - r), (base + r).max(top + r))
            }
            Shape::Sphere { centre, radius } => {
                let r = V3::new(radius, radius, radius);
                (centre - r, centre + r)
            }
        }
    }

    /// The shape moved by `by`.
    pub fn translated(&self, by: V3) -> Shape {
        match *self {
            Shape::Cuboid { min, max } => Shape::Cuboid {
                min: min + by,
                max: max + by,
            },
            Shape::Cylinder {
                axis,
                base,
                radius,
                length,
            } => Shape::Cylinder {
                axis,
                base: base + by,
                radius,
                length,
            },
            Shape::Sphere { centre, radius } => Shape::Sphere {
                centre: centre + by,
                radius,
            },
        }
    }

    /// The shape turned by `quarter_turns` x 90 degrees about the world z
    /// axis through the origin (counter-clockwise seen from above).
    pub fn rotated(&self, quarter_turns: u32) -> Shape {
        let turns = quarter_turns % 4;
        let rot = |p: V3| (0..turns).fold(p, |q, _| V3::new(-q.y, q.x, q.z));
        match *self {
            Shape::Cuboid { min, max } => {
                let (a, b) = (rot(min), rot(max));
                Shape::Cuboid {
                    min: a.min(b),
                    max: a.max(b),
                }
            }
            Shape::Cylinder {
                axis,
                base,
                radius,
                length,
            } => {
                // A horizontal cylinder's base end may swap with its other end.
                let (a, b) = (rot(base), rot(base + V3::axis(axis, length)));
                let axis = if axis < 2 && turns % 2 == 1 {
                    1 - axis
                } else {
                    axis
                };
                let base = if a.get(axis) <= b.get(axis) { a } else { b };
                Shape::Cylinder {
                    axis,
                    base,
                    radius,
                    length,
                }
            }
            Shape::Sphere { centre, radius } => Shape::Sphere {
                centre: rot(centre),
                radius,
            },
        }
    }

    /// The nearest hit of the ray `origin + t * direction` with
    /// `T_MIN < t < t_max`, seen from outside the shape. `direction` need not
    /// be a unit vector.
    pub fn intersect(&self, origin: V3, direction: V3, t_max: f64) -> Option<ShapeHit> {
        match *self {
            Shape::Cuboid { min, max } => {
                let (t, axis) = slab(min, max, origin, direction)?;
                let normal = V3::axis(axis, -direction.get(axis).signum());
                (t > T_MIN && t < t_max).then_some(ShapeHit {
                    t,
                    normal,
                    curvature: [0.0; 2],
                })
            }
            Shape::Cylinder {
                axis,
                base,
                radius,
                length,
            } => cylinder(axis, base, radius, length, origin, direction, t_max),
            Shape::Sphere { centre, radius } => {
                let oc = origin - centre;
                let a = direction.dot(direction);
                let b = oc.dot(direction);
                let disc = b * b - a * (oc.dot(oc) - radius * radius);
                if disc < 0.0 {
                    return None;
                }
                let t = (-b - disc.sqrt()) / a;
                let normal = (oc + direction * t) * (1.0 / radius);
                let k = 1.0 / radius;
                (t > T_MIN && t < t_max).then_some(ShapeHit {
                    t,
                    normal,
                    curvature: [k, k],
                })
            }
        }
    }
}

/// Entry distance and entry axis of a ray into an axis-aligned box (the slab
/// method), or `None` when it misses or the box lies behind the origin.
pub fn slab(min: V3, max: V3, origin: V3, direction: V3) -> Option<(f64, usize)> {
    let (mut near, mut far, mut near_axis) = (f64::NEG_INFINITY, f64::INFINITY, 0);
    for axis in 0..3 {
        let (o, d) = (origin.get(axis), direction.get(axis));
        if d.abs() < 1e-15 {
            if o < min.get(axis) || o > max.get(axis) {
                return None;
            }
            continue;
        }
        let (mut t0, mut t1) = ((min.get(axis) - o) / d, (max.get(axis) - o) / d);
        if t0 > t1 {
            std::mem::swap(&mut t0, &mut t1);
        }
        if t0 > near {
            near = t0;
            near_axis = axis;
        }
        far = far.min(t1);
        if near > far {
            return None;
        }
    }
    (far > T_MIN).then_some((near, near_axis))
}

fn cylinder(
    axis: usize,
    base: V3,
    radius: f64,
    length: f64,
    o: V3,
    d: V3,
    t_max: f64,
) -> Option<ShapeHit> {
    let (b, c) = ((axis + 1) % 3, (axis + 2) % 3);
    let (ob, oc) = (o.get(b) - base.get(b), o.get(c) - base.get(c));
    let (db, dc) = (d.get(b), d.get(c));
    let mut best: Option<ShapeHit> = None;
    let mut consider = |hit: ShapeHit| {
        if hit.t > T_MIN && hit.t < t_max && best.is_none_or(|h| hit.t < h.t) {
            best = Some(hit);
        }
    };
    let qa = db * db + dc * dc;
    if qa > 1e-18 {
        let qb = ob * db + oc * dc;
        let disc = qb * qb - qa * (ob * ob + oc * oc - radius * radius);
        if disc >= 0.0 {
            let t = (-qb - disc.sqrt()) / qa;
            let h = o.get(axis) + t * d.get(axis) - base.get(axis);
            if (0.0..=length).contains(&h) {
                let normal =
                    V3::default().with(b, ob + t * db).with(c, oc + t * dc) * (1.0 / radius);
                consider(ShapeHit {
                    t,
                    normal,
                    curvature: [1.0 / radius, 0.0],
                });
            }
        }
    }
    let da = d.get(axis);
    if da.abs() > 1e-15 {
        // Only the cap facing the ray can be entered from outside.
        let (plane, sign) = if da > 0.0 {
            (base.get(axis), -1.0)
        } else {
            (base.get(axis) + length, 1.0)
        };
        let t = (plane - o.get(axis)) / da;
        let (pb, pc) = (ob + t * db, oc + t * dc);
        if pb * pb + pc * pc <= radius * radius {
            consider(ShapeHit {
                t,
                normal: V3::axis(axis, sign),
                curvature: [0.0; 2],
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuboid_hit_distance_and_normal() {
        let s = Shape::Cuboid {
            min: V3::new(-1.0, 2.0, -1.0),
            max: V3::new(1.0, 3.0, 1.0),
        };
        let h = s
            .intersect(V3::default(), V3::new(0.0, 1.0, 0.0), f64::INFINITY)
            .unwrap();
        assert_eq!((h.t, h.normal), (2.0, V3::new(0.0, -1.0, 0.0)));
        assert!(s
            .intersect(V3::default(), V3::new(0.0, -1.0, 0.0), f64::INFINITY)
            .is_none());
        assert!(s
            .intersect(V3::default(), V3::new(0.0, 1.0, 0.0), 1.5)
            .is_none());
    }

    #[test]
    fn cylinder_side_and_cap() {
        // Vertical cylinder of radius 0.5 at (0, 2), from z = 0 to z = 1.
        let s = Shape::Cylinder {
            axis: 2,
            base: V3::new(0.0, 2.0, 0.0),
            radius: 0.5,
            length: 1.0,
        };
        let side = s
            .intersect(
                V3::new(0.0, 0.0, 0.5),
                V3::new(0.0, 1.0, 0.0),
                f64::INFINITY,
            )
            .unwrap();
        assert!((side.t - 1.5).abs() < 1e-12 && (side.normal.y + 1.0).abs() < 1e-12);
        assert_eq!(side.curvature, [2.0, 0.0]); // 1 / radius
        let cap = s
            .intersect(
                V3::new(0.1, 2.0, 3.0),
                V3::new(0.0, 0.0, -1.0),
                f64::INFINITY,
            )
            .unwrap();
        assert_eq!(
            (cap.t, cap.normal, cap.curvature),
            (2.0, V3::new(0.0, 0.0, 1.0), [0.0, 0.0])
        );
    }

    #[test]
    fn sphere_hit_and_rotation() {
        let s = Shape::Sphere {
            centre: V3::new(0.0, 5.0, 0.0),
            radius: 1.0,
        };
        let h = s
            .intersect(V3::default(), V3::new(0.0, 2.0, 0.0), f64::INFINITY)
            .unwrap();
        assert!((h.t - 2.0).abs() < 1e-12); // 4 m away along a direction of length 2
        let c = Shape::Cylinder {
            axis: 0,
            base: V3::new(1.0, 0.0, 0.0),
            radius: 0.1,
            length: 2.0,
        };
        // A quarter turn maps +x to +y: the cylinder now runs from y = 1 to y = 3.
        assert_eq!(
            c.rotated(1),
            Shape::Cylinder {
                axis: 1,
                base: V3::new(0.0, 1.0, 0.0),
                radius: 0.1,
                length: 2.0
            }
        );
        // Two turns map it to x in [-3, -1].
        assert_eq!(
            c.rotated(2),
            Shape::Cylinder {
                axis: 0,
                base: V3::new(-3.0, 0.0, 0.0),
                radius: 0.1,
                length: 2.0
            }
        );
    }
}
