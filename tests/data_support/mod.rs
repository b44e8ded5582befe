//! Tiny Taskonomy-format datasets written with the png and tar crates, for
//! the data tests and the data benchmark. Every value is known by
//! construction (see `image_files`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use taskgroup::data::{Layout, Manifest, Pixels, PngImage, Split};

/// Domains written (every one a task of the catalog reads, plus the input).
pub const DOMAINS: [&str; 9] = [
    "rgb",
    "depth_zbuffer",
    "normal",
    "segment_semantic",
    "keypoints2d",
    "edge_texture",
    "edge_occlusion",
    "reshading",
    "principal_curvature",
];

/// Raw depth of the plane every image sees: 2.5 m (raw = metres * 512).
pub const PLANE_DEPTH_RAW: u16 = 1280;
/// Raw value marking invalid depth.
pub const NO_DEPTH: u16 = 65535;

/// How the files are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `root/{domain}/{building}/...`
    DomainBuilding,
    /// `root/{domain}/taskonomy/{building}/...`
    DomainTaskonomyBuilding,
    /// `root/{building}/{domain}/...`
    BuildingDomain,
    /// `root/{building}_{domain}.tar` holding `{domain}/...`
    Tar,
}

pub const KINDS: [Kind; 4] = [
    Kind::DomainBuilding,
    Kind::DomainTaskonomyBuilding,
    Kind::BuildingDomain,
    Kind::Tar,
];

/// A dataset's shape.
#[derive(Clone, Debug)]
pub struct Spec {
    pub buildings: Vec<(String, Split)>,
    pub points: u32,
    pub views: u32,
    pub size: u32,
    /// Add pseudo-random noise to every image (compresses like real photos; for benchmarks).
    pub noise: bool,
}

impl Spec {
    /// 2 buildings x 3 images (3 points, 1 view) at 16x16: train `alpha`, val `beta`.
    pub fn tiny() -> Spec {
        Spec {
            buildings: vec![("alpha".into(), Split::Train), ("beta".into(), Split::Val)],
            points: 3,
            views: 1,
            size: 16,
            noise: false,
        }
    }

    pub fn images(&self) -> Vec<(u32, u32)> {
        (0..self.points)
            .flat_map(|p| (0..self.views).map(move |v| (p, v)))
            .collect()
    }
}

/// A file name in the release's naming.
pub fn file_name(point: u32, view: u32, domain: &str) -> String {
    format!("point_{point}_view_{view}_domain_{domain}.png")
}

/// The files of one image. Known values: depth is the plane at
/// [`PLANE_DEPTH_RAW`] except the top-left 2x2 block (invalid, 65535);
/// normals face the camera, (128,128,255), on the right half and point
/// right, (255,128,128), on the left half; segment_semantic is the column
/// index mod 18; keypoints2d = 10 * column; edge_texture = 100 * row;
/// edge_occlusion = 56; reshading grey = 4 * column; curvature (127,127,0);
/// rgb varies with the building, point and view so images differ.
pub fn image_files(b: usize, point: u32, view: u32, size: u32) -> Vec<(&'static str, PngImage)> {
    let n = size as usize;
    let px = |f: &dyn Fn(usize, usize) -> Vec<u8>| -> Vec<u8> {
        (0..n * n).flat_map(|i| f(i % n, i / n)).collect()
    };
    let seed = (b * 31 + point as usize * 7 + view as usize * 3) as u8;
    let rgb = px(&|x, y| vec![(x * 8) as u8 ^ seed, (y * 8) as u8, seed.wrapping_mul(5)]);
    let depth: Vec<u16> = (0..n * n)
        .map(|i| {
            if i % n < 2 && i / n < 2 {
                NO_DEPTH
            } else {
                PLANE_DEPTH_RAW
            }
        })
        .collect();
    let normal = px(&|x, _| {
        if x < n / 2 {
            vec![255, 128, 128]
        } else {
            vec![128, 128, 255]
        }
    });
    vec![
        ("rgb", PngImage::rgb8(size, size, rgb)),
        ("depth_zbuffer", PngImage::grey16(size, size, depth)),
        ("normal", PngImage::rgb8(size, size, normal)),
        (
            "segment_semantic",
            PngImage::grey8(size, size, (0..n * n).map(|i| (i % n % 18) as u8).collect()),
        ),
        (
            "keypoints2d",
            PngImage::grey16(
                size,
                size,
                (0..n * n).map(|i| (i % n * 10) as u16).collect(),
            ),
        ),
        (
            "edge_texture",
            PngImage::grey16(
                size,
                size,
                (0..n * n).map(|i| (i / n * 100) as u16).collect(),
            ),
        ),
        (
            "edge_occlusion",
            PngImage::grey16(size, size, vec![56; n * n]),
        ),
        (
            "reshading",
            PngImage::rgb8(size, size, px(&|x, _| vec![(x * 4) as u8; 3])),
        ),
        (
            "principal_curvature",
            PngImage::rgb8(size, size, px(&|_, _| vec![127, 127, 0])),
        ),
    ]
}

/// The folder holding a building's files of a domain, for a folder kind.
pub fn folder(root: &Path, kind: Kind, building: &str, domain: &str) -> PathBuf {
    match kind {
        Kind::DomainBuilding => root.join(domain).join(building),
        Kind::DomainTaskonomyBuilding => root.join(domain).join("taskonomy").join(building),
        Kind::BuildingDomain => root.join(building).join(domain),
        Kind::Tar => panic!("a tar dataset has no folders"),
    }
}

/// Adds xorshift noise of amplitude `amp` to every sample of an image.
pub fn add_noise(image: &mut PngImage, seed: u64, amp: u32) {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % u64::from(2 * amp + 1)) as i64 - i64::from(amp)
    };
    match &mut image.pixels {
        Pixels::U8(v) => v
            .iter_mut()
            .for_each(|x| *x = (i64::from(*x) + next()).clamp(0, 255) as u8),
        Pixels::U16(v) => v
            .iter_mut()
            .for_each(|x| *x = (i64::from(*x) + next()).clamp(0, 65534) as u16),
    }
}

/// Writes a dataset and its `manifest.json` under `root`; returns the manifest.
pub fn write_dataset(root: &Path, kind: Kind, spec: &Spec) -> Manifest {
    for (b, (building, _)) in spec.buildings.iter().enumerate() {
        let mut tars: Vec<(String, tar::Builder<Vec<u8>>)> = Vec::new();
        for (point, view) in spec.images() {
            for (d, (domain, mut image)) in image_files(b, point, view, spec.size)
                .into_iter()
                .enumerate()
            {
                if spec.noise && domain != "segment_semantic" {
                    add_noise(
                        &mut image,
                        (b as u64) << 40 | u64::from(point) << 20 | u64::from(view) << 8 | d as u64,
                        12,
                    );
                }
                let bytes = image.encode().unwrap();
                let name = file_name(point, view, domain);
                if kind == Kind::Tar {
                    let i = match tars.iter().position(|(d, _)| d == domain) {
                        Some(i) => i,
                        None => {
                            tars.push((domain.to_string(), tar::Builder::new(Vec::new())));
                            tars.len() - 1
                        }
                    };
                    let mut h = tar::Header::new_gnu();
                    h.set_size(bytes.len() as u64);
                    h.set_mode(0o644);
                    h.set_cksum();
                    tars[i]
                        .1
                        .append_data(&mut h, format!("{domain}/{name}"), bytes.as_slice())
                        .unwrap();
                } else {
                    let dir = folder(root, kind, building, domain);
                    std::fs::create_dir_all(&dir).unwrap();
                    std::fs::write(dir.join(name), bytes).unwrap();
                }
            }
        }
        for (domain, builder) in tars {
            std::fs::write(
                root.join(format!("{building}_{domain}.tar")),
                builder.into_inner().unwrap(),
            )
            .unwrap();
        }
    }
    let buildings: Vec<(String, Split, u32)> = spec
        .buildings
        .iter()
        .map(|(b, s)| (b.clone(), *s, spec.points * spec.views))
        .collect();
    let manifest = Manifest::synthetic(
        "test",
        spec.size as usize,
        &buildings,
        &DOMAINS,
        Layout::taskonomy(None),
    )
    .unwrap();
    manifest.write(root.join("manifest.json")).unwrap();
    manifest
}

/// Where one image's file of a domain is, for a folder kind.
pub fn file_path(
    root: &Path,
    kind: Kind,
    building: &str,
    point: u32,
    view: u32,
    domain: &str,
) -> PathBuf {
    folder(root, kind, building, domain).join(file_name(point, view, domain))
}

/// The target (without its leading `/`) and the `Range` header ("" when
/// none) of one HTTP request, read up to its blank line: the request side
/// of the tests' local HTTP servers.
pub fn read_request(stream: &std::net::TcpStream) -> (String, String) {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
    let (mut target, mut range) = (String::new(), String::new());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(rest) = line.strip_prefix("GET ") {
            let path = rest.split(' ').next().unwrap_or("");
            target = path.trim_start_matches('/').to_string();
        }
        if line.to_ascii_lowercase().starts_with("range:") {
            range = line[6..].trim().to_string();
        }
    }
    (target, range)
}
