//! The generator end to end on tiny data in temporary folders: naming,
//! layouts, encodings, roles, determinism, resume, tar shards, and the
//! physical consistency of the labels, read back with the `png` and `tar`
//! crates as a loader would.

mod synth_support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use synth_support::decode_file;
use taskgroup::data::Split;
use taskgroup::synth::filters::occlusion_threshold;
use taskgroup::synth::{generate, generate_with_progress, Domain, SynthConfig, SynthError};

fn tiny() -> SynthConfig {
    SynthConfig::default()
        .with_buildings(3)
        .with_points(2)
        .with_views(2)
        .with_size(32)
        .with_rooms(1)
        .with_seed(11)
}

/// Every file under `root` (relative path -> bytes).
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn folders_have_release_naming_encodings_and_roles() {
    let dir = tempfile::tempdir().unwrap();
    let out = generate(&tiny(), dir.path()).unwrap();
    assert_eq!(
        (out.size, out.tar, out.rendered, out.skipped),
        (32, false, 12, 0)
    );
    assert_eq!(out.domains, Domain::ALL);
    // Three buildings: one each of train, val, test (the documented rule).
    let roles: Vec<Split> = out.buildings.iter().map(|b| b.role).collect();
    assert_eq!(roles, [Split::Train, Split::Val, Split::Test]);
    // (channels, bit depth) per domain, TASKONOMY.md's table.
    let format = |d: Domain| match d {
        Domain::Rgb | Domain::Normal | Domain::Reshading | Domain::PrincipalCurvature => (3, 8),
        Domain::SegmentSemantic => (1, 8),
        _ => (1, 16),
    };
    for b in &out.buildings {
        assert!(b.name.chars().all(|c| c.is_ascii_lowercase()), "{}", b.name);
        assert_eq!(b.images, 4);
        for d in Domain::ALL {
            let folder = dir.path().join(d.name()).join(&b.name);
            let mut names: Vec<String> = fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            names.sort();
            let ext = if d == Domain::PointInfo {
                "json"
            } else {
                "png"
            };
            let expected: Vec<String> = ["0_view_0", "0_view_1", "1_view_0", "1_view_1"]
                .iter()
                .map(|pv| format!("point_{pv}_domain_{}.{ext}", d.name()))
                .collect();
            assert_eq!(names, expected);
            if d == Domain::PointInfo {
                let info: serde_json::Value =
                    serde_json::from_slice(&fs::read(folder.join(&names[3])).unwrap()).unwrap();
                assert_eq!(info["building"], b.name.as_str());
                assert_eq!(
                    (
                        info["point"].as_u64(),
                        info["view_id"].as_u64(),
                        info["resolution"].as_u64()
                    ),
                    (Some(1), Some(1), Some(32))
                );
                assert_eq!(info["camera_location"].as_array().unwrap().len(), 3);
                assert_eq!(info["camera_rotation_final"].as_array().unwrap().len(), 3);
                assert!(info["field_of_view_rads"].as_f64().unwrap() >= 0.8);
                assert_eq!(info["point_uuid"].as_str().unwrap().len(), 32);
                continue;
            }
            for name in &names {
                let img = decode_file(&folder.join(name));
                assert_eq!((img.width, img.height), (32, 32), "{name}");
                assert_eq!((img.channels, img.bit_depth), format(d), "{name}");
                match d {
                    Domain::SegmentSemantic => assert!(img.samples.iter().all(|&v| v <= 17)),
                    Domain::PrincipalCurvature => {
                        assert!((0..32 * 32).all(|i| img.samples[i * 3 + 2] == 0))
                    }
                    Domain::Reshading => {
                        assert!(img.samples.chunks(3).all(|p| p[0] == p[1] && p[1] == p[2]))
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(dir.path().join("synth_config.json").exists());
}

#[test]
fn deterministic_resumable_and_checked_on_resume() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = tiny().with_buildings(1).with_domains([
        Domain::Rgb,
        Domain::DepthZbuffer,
        Domain::PointInfo,
    ]);
    let mut calls = Vec::new();
    generate_with_progress(&config, a.path(), |done, total| calls.push((done, total))).unwrap();
    assert_eq!(calls.first(), Some(&(0, 4)));
    assert_eq!(calls.last(), Some(&(4, 4)));
    assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0));
    generate(&config, b.path()).unwrap();
    let first = files(a.path());
    assert_eq!(first.len(), 1 + 3 * 4); // the config and 3 domains x 4 images
    assert_eq!(first, files(b.path()));
    // A rerun keeps every complete image.
    let again = generate(&config, a.path()).unwrap();
    assert_eq!((again.rendered, again.skipped), (0, 4));
    // A missing file makes its image incomplete: only that image is redone, identically.
    let name = fs::read_dir(a.path().join("rgb"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    let victim = a
        .path()
        .join("depth_zbuffer")
        .join(&name)
        .join("point_1_view_0_domain_depth_zbuffer.png");
    fs::remove_file(&victim).unwrap();
    let resumed = generate(&config, a.path()).unwrap();
    assert_eq!((resumed.rendered, resumed.skipped), (1, 3));
    assert_eq!(files(a.path()), first);
    // Other settings in the same folder are refused; another seed differs.
    assert!(matches!(
        generate(&config.clone().with_size(48), a.path()),
        Err(SynthError::ConfigMismatch { .. })
    ));
    let c = tempfile::tempdir().unwrap();
    generate(&config.clone().with_seed(12), c.path()).unwrap();
    assert_ne!(files(c.path()), first);
}

#[test]
fn tar_shards_hold_the_folder_files() {
    let (folders, tars) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config =
        tiny()
            .with_buildings(2)
            .with_domains([Domain::Rgb, Domain::Normal, Domain::PointInfo]);
    let plain = generate(&config, folders.path()).unwrap();
    let sharded = generate(&config.clone().with_tar(true), tars.path()).unwrap();
    assert!(sharded.tar);
    assert_eq!(plain.buildings, sharded.buildings);
    let mut shards = 0;
    for b in &sharded.buildings {
        for d in &config.domains {
            let path = tars.path().join(format!("{}_{}.tar", b.name, d.name()));
            let mut archive = tar::Archive::new(fs::File::open(&path).unwrap());
            let mut members = Vec::new();
            for entry in archive.entries().unwrap() {
                let mut entry = entry.unwrap();
                let member = entry.path().unwrap().to_string_lossy().into_owned();
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
                members.push((member, bytes));
            }
            // A top folder `{domain}/`, then the domain's files in (point, view) order.
            assert_eq!(members[0].0, format!("{}/", d.name()));
            assert_eq!(members.len(), 1 + 4);
            for (member, bytes) in &members[1..] {
                let file = member.strip_prefix(&format!("{}/", d.name())).unwrap();
                assert_eq!(
                    bytes,
                    &fs::read(folders.path().join(d.name()).join(&b.name).join(file)).unwrap(),
                    "{member}"
                );
            }
            shards += 1;
        }
    }
    assert_eq!(shards, 6);
    assert_eq!(
        generate(&config.with_tar(true), tars.path())
            .unwrap()
            .rendered,
        0
    );
}

#[test]
fn invalid_settings_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (config, field) in [
        (tiny().with_size(8), "size"),
        (tiny().with_buildings(0), "buildings"),
        (tiny().with_views(0), "views"),
        (tiny().with_domains([]), "domains"),
        (tiny().with_domains([Domain::Rgb, Domain::Rgb]), "domains"),
        (tiny().with_fov(1.0, 0.5), "fov"),
    ] {
        match generate(&config, dir.path()) {
            Err(SynthError::InvalidConfig { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert!(
        fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

/// Labels of generated rooms agree with each other: normals with the depth's
/// geometry on planes, occlusion edges with depth discontinuities.
#[test]
fn generated_labels_are_physically_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let config = SynthConfig::default()
        .with_buildings(1)
        .with_points(3)
        .with_views(2)
        .with_size(64)
        .with_rooms(2)
        .with_seed(5);
    let out = generate(&config, dir.path()).unwrap();
    let building = &out.buildings[0].name;
    let n = 64;
    let (mut compared, mut agree, mut edges) = (0usize, 0usize, 0usize);
    for p in 0..3 {
        for v in 0..2 {
            let read = |d: Domain| {
                decode_file(
                    &dir.path()
                        .join(d.name())
                        .join(building)
                        .join(d.file_name(p, v)),
                )
            };
            let (depth, normal, curv, occ, seg) = (
                read(Domain::DepthZbuffer),
                read(Domain::Normal),
                read(Domain::PrincipalCurvature),
                read(Domain::EdgeOcclusion),
                read(Domain::SegmentSemantic),
            );
            let info: serde_json::Value = serde_json::from_slice(
                &fs::read(
                    dir.path()
                        .join("point_info")
                        .join(building)
                        .join(Domain::PointInfo.file_name(p, v)),
                )
                .unwrap(),
            )
            .unwrap();
            let t = (info["field_of_view_rads"].as_f64().unwrap() / 2.0).tan();
            // Back-projection into the normal's camera frame (x right, y down, z towards the camera).
            let point = |r: usize, c: usize| {
                let d = depth.at(r, c, 0) as f64 / 512.0;
                let (u, w) = (
                    ((c as f64 + 0.5) / n as f64 * 2.0 - 1.0) * t,
                    ((r as f64 + 0.5) / n as f64 * 2.0 - 1.0) * t,
                );
                [d * u, d * w, -d]
            };
            for r in 2..n - 2 {
                for c in 2..n - 2 {
                    // Pixels deep inside one flat surface: same normal code, segment and
                    // zero curvature over a 5 x 5 window, valid depth, no occlusion edge,
                    // and (below) depth on one plane.
                    let flat = (r - 2..=r + 2).all(|rr| {
                        (c - 2..=c + 2).all(|cc| {
                            normal.pixel(rr, cc) == normal.pixel(r, c)
                                && seg.at(rr, cc, 0) == seg.at(r, c, 0)
                                && curv.pixel(rr, cc) == [127, 127, 0]
                                && depth.at(rr, cc, 0) != 65535
                                && occ.at(rr, cc, 0) == 0
                        })
                    });
                    if !flat {
                        continue;
                    }
                    let (a, b) = (
                        sub(point(r, c + 1), point(r, c - 1)),
                        sub(point(r + 1, c), point(r - 1, c)),
                    );
                    let mut fd = cross(a, b);
                    let len = dot(fd, fd).sqrt();
                    fd = fd.map(|x| x / len);
                    if dot(fd, point(r, c)) > 0.0 {
                        fd = fd.map(|x| -x); // face the camera
                    }
                    // The depth must be one plane over the window: thin panels on walls
                    // (pictures, doors: 3-4 cm steps, below the occlusion threshold) are
                    // not. 6 mm allows the 1 mm rounding of depth and the estimate's error.
                    let coplanar = (r - 2..=r + 2).all(|rr| {
                        (c - 2..=c + 2)
                            .all(|cc| dot(fd, sub(point(rr, cc), point(r, c))).abs() < 0.006)
                    });
                    if !coplanar {
                        continue;
                    }
                    let decoded = normal
                        .pixel(r, c)
                        .iter()
                        .map(|&x| x as f64 / 255.0 * 2.0 - 1.0)
                        .collect::<Vec<_>>();
                    let decoded = [decoded[0], decoded[1], decoded[2]];
                    let cos = dot(fd, decoded) / dot(decoded, decoded).sqrt();
                    compared += 1;
                    // 8-bit normals are good to about 0.5 degree; depth is quantised to
                    // 2 mm. 0.995 is an angle of 5.7 degrees.
                    if cos > 0.995 {
                        agree += 1;
                    }
                }
            }
            // Every occlusion edge pixel has a 4-neighbour farther than the threshold
            // (less one raw unit for the depth's rounding).
            for r in 0..n {
                for c in 0..n {
                    if occ.at(r, c, 0) == 0 {
                        continue;
                    }
                    edges += 1;
                    let d = depth.at(r, c, 0) as f64;
                    let jump = [(0, 1), (2, 1), (1, 0), (1, 2)]
                        .iter()
                        .filter_map(|&(dr, dc)| {
                            let (rr, cc) = ((r + dr).wrapping_sub(1), (c + dc).wrapping_sub(1));
                            (rr < n && cc < n).then(|| depth.at(rr, cc, 0) as f64 - d)
                        })
                        .fold(f64::MIN, f64::max);
                    assert!(
                        jump > occlusion_threshold(d / 512.0) * 512.0 - 1.0,
                        "view {p}/{v} pixel ({r}, {c}): jump {jump}"
                    );
                }
            }
        }
    }
    eprintln!(
        "{agree} of {compared} flat pixels agree with the depth; {edges} occlusion edge pixels"
    );
    assert!(compared > 2000, "too few flat pixels: {compared}");
    assert!(
        agree as f64 >= 0.99 * compared as f64,
        "{agree} of {compared} flat pixels agree"
    );
    assert!(edges > 50, "too few occlusion edges: {edges}");
}

fn sub(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}
