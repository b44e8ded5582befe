//! The synthetic labels on scenes with known geometry: a wall at a known
//! distance, a sphere and a cylinder in front of it, a window. Every
//! expected value is computed by hand from the scene and the encodings
//! documented in `taskgroup::synth` (TASKONOMY.md's conventions).

mod synth_support;

use synth_support::{decode, Decoded};
use taskgroup::synth::material::{Material, Pattern};
use taskgroup::synth::render::AMBIENT;
use taskgroup::synth::{render, Camera, Domain, Frame, Object, Part, Room, Shape, Window, V3};

/// A 6 x 6 x 3 m empty room; the camera stands at (3, 1, 1.5) looking
/// along +y, so the wall y = 6 is 5 m ahead and fills a 0.5 rad view.
fn wall_scene() -> (Room, Camera) {
    (
        Room::empty(6.0, 6.0, 3.0),
        Camera::looking(V3::new(3.0, 1.0, 1.5), 0.0, 0.0, 0.5),
    )
}

fn image(frame: &Frame, domain: Domain) -> Decoded {
    decode(&domain.png(frame).unwrap())
}

fn ball(centre: V3, radius: f64, class: u8) -> Object {
    Object::new(
        class,
        vec![Part {
            shape: Shape::Sphere { centre, radius },
            material: Material::plain([0.9, 0.2, 0.2]),
        }],
    )
}

#[test]
fn wall_at_known_distance() {
    let (room, camera) = wall_scene();
    let frame = render(&room, &camera, 33);
    let (depth, normal, seg) = (
        image(&frame, Domain::DepthZbuffer),
        image(&frame, Domain::Normal),
        image(&frame, Domain::SegmentSemantic),
    );
    let (curv, occ) = (
        image(&frame, Domain::PrincipalCurvature),
        image(&frame, Domain::EdgeOcclusion),
    );
    assert_eq!(
        (depth.width, depth.height, depth.channels, depth.bit_depth),
        (33, 33, 1, 16)
    );
    for r in 0..33 {
        for c in 0..33 {
            // A fronto-parallel plane has one z-buffer depth: 5 m * 512.
            assert_eq!(depth.at(r, c, 0), 2560);
            // Normal (0, 0, 1) in the camera frame: (0.5, 0.5, 1) * 255, rounded.
            assert_eq!(normal.pixel(r, c), [128, 128, 255]);
            assert_eq!(seg.at(r, c, 0), 1); // background
            assert_eq!(curv.pixel(r, c), [127, 127, 0]); // planes have zero curvature
            assert_eq!(occ.at(r, c, 0), 0);
        }
    }
    // The centre pixel's ray hits (3, 6, 1.5); the light hangs at (3, 3, 2.7):
    // n.l = 3 / sqrt(3^2 + 1.2^2) = 0.92848; shading = 0.2 + 0.8 * 0.92848 = 0.94279 -> 240.
    assert_eq!(AMBIENT, 0.2);
    assert_eq!(
        image(&frame, Domain::Reshading).pixel(16, 16),
        [240, 240, 240]
    );
}

#[test]
fn reshading_ignores_texture() {
    let (plain, camera) = wall_scene();
    let mut checked = plain.clone();
    checked.wall = Material {
        pattern: Pattern::Checker {
            period: 0.25,
            other: [0.1, 0.1, 0.1],
        },
        ..plain.wall
    };
    let (a, b) = (render(&plain, &camera, 48), render(&checked, &camera, 48));
    assert_eq!(
        image(&a, Domain::Reshading).samples,
        image(&b, Domain::Reshading).samples
    );
    assert_ne!(
        image(&a, Domain::Rgb).samples,
        image(&b, Domain::Rgb).samples
    );
    // Texture edges come from the rgb: none on the plain wall, many on the checks.
    let (ea, eb) = (
        image(&a, Domain::EdgeTexture),
        image(&b, Domain::EdgeTexture),
    );
    assert!(ea.samples.iter().all(|&v| v == 0));
    assert!(eb.samples.iter().filter(|&&v| v > 0).count() > 48);
    assert!(image(&b, Domain::Keypoints2d)
        .samples
        .iter()
        .any(|&v| v > 50));
}

#[test]
fn sphere_depth_normal_curvature_and_occlusion() {
    let (room, camera) = wall_scene();
    // Radius 0.5 m centred 3 m ahead: its front is 2.5 m from the camera.
    let room = room.with_object(ball(V3::new(3.0, 4.0, 1.5), 0.5, 17));
    let n = 33;
    let frame = render(&room, &camera, n);
    let (depth, normal, seg) = (
        image(&frame, Domain::DepthZbuffer),
        image(&frame, Domain::Normal),
        image(&frame, Domain::SegmentSemantic),
    );
    let (curv, occ) = (
        image(&frame, Domain::PrincipalCurvature),
        image(&frame, Domain::EdgeOcclusion),
    );
    assert_eq!(depth.at(16, 16, 0), 1280); // 2.5 m * 512
    assert_eq!(normal.pixel(16, 16), [128, 128, 255]);
    assert_eq!(seg.at(16, 16, 0), 17);
    // k1 = k2 = 1 / 0.5 m = 2 /m: 127 + 127 * 2 / 20 = 139.7 -> 140.
    assert_eq!(curv.pixel(16, 16), [140, 140, 0]);
    let mut edges = 0;
    for r in 0..n {
        for c in 0..n {
            let on_ball = seg.at(r, c, 0) == 17;
            assert_eq!(
                curv.pixel(r, c),
                if on_ball {
                    [140, 140, 0]
                } else {
                    [127, 127, 0]
                }
            );
            let wall_neighbour = [(0, 1), (2, 1), (1, 0), (1, 2)].iter().any(|&(dr, dc)| {
                let (rr, cc) = ((r + dr).wrapping_sub(1), (c + dc).wrapping_sub(1));
                rr < n && cc < n && seg.at(rr, cc, 0) == 1
            });
            // Occlusion edges are exactly the ball's pixels next to the wall,
            // and there the wall (5 m) is over a metre behind the ball.
            let silhouette = on_ball && wall_neighbour;
            assert_eq!(occ.at(r, c, 0) > 0, silhouette, "pixel ({r}, {c})");
            if silhouette {
                edges += 1;
                assert!(occ.at(r, c, 0) > 1000);
            }
        }
    }
    assert!(edges > 20);
}

#[test]
fn cylinder_curvature_and_side_normal() {
    let (room, camera) = wall_scene();
    // A vertical pole of radius 0.25 m at (3, 3): its axis crosses the view's centre column.
    let pole = Shape::Cylinder {
        axis: 2,
        base: V3::new(3.0, 3.0, 0.0),
        radius: 0.25,
        length: 3.0,
    };
    let room = room.with_object(Object::new(
        3,
        vec![Part {
            shape: pole,
            material: Material::plain([0.5; 3]),
        }],
    ));
    let frame = render(&room, &camera, 33);
    let (depth, normal, curv) = (
        image(&frame, Domain::DepthZbuffer),
        image(&frame, Domain::Normal),
        image(&frame, Domain::PrincipalCurvature),
    );
    assert_eq!(depth.at(16, 16, 0), 896); // (2 m - 0.25 m) * 512
                                          // k1 = 1 / 0.25 = 4 /m -> 127 + 25.4 = 152; k2 = 0 along the axis -> 127.
    assert_eq!(curv.pixel(16, 16), [152, 127, 0]);
    assert_eq!(curv.pixel(0, 16), [152, 127, 0]);
    // Left of the axis the surface faces left (-x, red < 128), never up or down (green 128).
    let left = normal.pixel(16, 15);
    assert!(left[0] < 128 && left[1] == 128 && left[2] > 128, "{left:?}");
}

#[test]
fn window_is_invalid_depth_and_uncertain_class() {
    let (room, camera) = wall_scene();
    // An opening in the wall y = 6 around the view's centre.
    let room = room.with_window(Window {
        wall: 3,
        along: [2.5, 3.5],
        height: [1.0, 2.0],
    });
    let frame = render(&room, &camera, 33);
    let (depth, normal, seg, occ) = (
        image(&frame, Domain::DepthZbuffer),
        image(&frame, Domain::Normal),
        image(&frame, Domain::SegmentSemantic),
        image(&frame, Domain::EdgeOcclusion),
    );
    assert_eq!(depth.at(16, 16, 0), 65535);
    assert_eq!(normal.pixel(16, 16), [128, 128, 128]);
    assert_eq!(seg.at(16, 16, 0), 0);
    let holes = (0..33 * 33).filter(|i| depth.samples[*i] == 65535).count();
    assert!(holes > 50 && holes < 33 * 33 / 2);
    // The wall around the opening occludes "infinity": full-strength edges.
    assert_eq!(occ.samples.iter().copied().max(), Some(3300));
    for i in 0..33 * 33 {
        assert_eq!(depth.samples[i] == 65535, seg.samples[i] == 0);
    }
}
