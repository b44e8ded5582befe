//! `data fetch` against a local HTTP server on 127.0.0.1 serving generated
//! archives, with Range support and a way to drop a connection half-way.

mod data_support;

use data_support::{read_request, write_dataset, Kind, Spec};
use md5::{Digest, Md5};
use std::collections::HashMap;
use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use taskgroup::data::{
    fetch, ArchiveInfo, DataError, Dataset, FetchConfig, FetchOutcome, Loader, LoaderConfig,
    Manifest, Reason, Split,
};
use taskgroup::tasks::TaskSet;

/// A tiny HTTP/1.1 file server: `GET /name` with optional `Range: bytes=N-`.
struct Server {
    url: String,
    /// Range header of each request ("" when none), in order.
    log: Arc<Mutex<Vec<String>>>,
    /// When non-zero, the next response sends only this many body bytes and closes.
    cut_next: Arc<AtomicUsize>,
}

fn serve(files: HashMap<String, Vec<u8>>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let (log, cut_next) = (
        Arc::new(Mutex::new(Vec::new())),
        Arc::new(AtomicUsize::new(0)),
    );
    let (log2, cut2) = (log.clone(), cut_next.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let (target, range) = read_request(&stream);
            log2.lock().unwrap().push(range.clone());
            let Some(body) = files.get(&target) else {
                let _ = stream.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                continue;
            };
            let from: usize = range
                .strip_prefix("bytes=")
                .and_then(|r| r.trim_end_matches('-').parse().ok())
                .unwrap_or(0);
            let head = if from >= body.len() && from > 0 {
                let _ = stream.write_all(format!("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", body.len()).as_bytes());
                continue;
            } else if range.is_empty() {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
            } else {
                format!(
                    "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes {from}-{}/{}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len() - 1,
                    body.len(),
                    body.len() - from
                )
            };
            let cut = cut2.swap(0, Ordering::SeqCst);
            let end = if cut > 0 {
                (from + cut).min(body.len())
            } else {
                body.len()
            };
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|_| stream.write_all(&body[from..end]));
        }
    });
    Server { url, log, cut_next }
}

/// A dataset's archives (2 buildings x 2 domains... all 9 written) and a
/// manifest listing their lengths and MD5s.
fn archives() -> (tempfile::TempDir, Manifest, HashMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let mut manifest = write_dataset(dir.path(), Kind::Tar, &Spec::tiny());
    let mut files = HashMap::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tar") {
            let bytes = std::fs::read(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let info = ArchiveInfo {
                bytes: Some(bytes.len() as u64),
                md5: Some(format!("{:x}", Md5::digest(&bytes))),
            };
            manifest.archives.insert(name.clone(), info);
            files.insert(name, bytes);
        }
    }
    (dir, manifest.checked(Path::new("test")).unwrap(), files)
}

fn config(dest: &Path, server: &Server, domains: &[&str]) -> FetchConfig {
    FetchConfig {
        domains: domains.iter().map(|d| d.to_string()).collect(),
        dest: dest.to_path_buf(),
        base_url: Some(server.url.clone()),
        timeout_s: 10,
        ..FetchConfig::default()
    }
}

#[test]
fn downloads_verifies_and_loads() {
    let (_src, manifest, files) = archives();
    let server = serve(files.clone());
    let dest = tempfile::tempdir().unwrap();
    let mut ticks = 0;
    let report = fetch(
        &manifest,
        &config(dest.path(), &server, &["rgb", "depth_zbuffer", "normal"]),
        &mut |p| {
            assert!(p.total.is_some() && p.done <= p.total.unwrap());
            ticks += 1;
        },
    )
    .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.done.len(), 6);
    assert!(ticks >= 6);
    for (name, outcome) in &report.done {
        assert_eq!(std::fs::read(dest.path().join(name)).unwrap(), files[name]);
        assert!(matches!(outcome, FetchOutcome::Downloaded { .. }));
        assert!(!dest.path().join(format!("{name}.part")).exists());
    }
    // The downloaded archives are a dataset.
    let loader = Loader::new(
        &Dataset::new(manifest.clone(), dest.path()),
        Split::Train,
        TaskSet::from_letters("dn").unwrap(),
        LoaderConfig::default().with_size(8),
    )
    .unwrap();
    assert_eq!(loader.images(), 3);
    // A rerun finds them complete and verified.
    let again = fetch(
        &manifest,
        &config(dest.path(), &server, &["rgb"]),
        &mut |_| {},
    )
    .unwrap();
    assert!(again
        .done
        .iter()
        .all(|(_, o)| matches!(o, FetchOutcome::AlreadyComplete { .. })));
}

#[test]
fn a_dropped_connection_leaves_a_part_file_that_a_rerun_resumes() {
    let (_src, manifest, files) = archives();
    let server = serve(files.clone());
    let dest = tempfile::tempdir().unwrap();
    let cfg = FetchConfig {
        buildings: Some(vec!["alpha".into()]),
        ..config(dest.path(), &server, &["normal"])
    };
    server.cut_next.store(1000, Ordering::SeqCst);
    let report = fetch(&manifest, &cfg, &mut |_| {}).unwrap();
    assert_eq!(report.failed.len(), 1);
    assert!(
        matches!(report.failed[0], DataError::Http { .. }),
        "{}",
        report.failed[0]
    );
    let (final_path, part) = (
        dest.path().join("alpha_normal.tar"),
        dest.path().join("alpha_normal.tar.part"),
    );
    assert!(
        !final_path.exists(),
        "never a partial file under the final name"
    );
    assert_eq!(std::fs::metadata(&part).unwrap().len(), 1000);
    let report = fetch(&manifest, &cfg, &mut |_| {}).unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let total = files["alpha_normal.tar"].len() as u64;
    assert_eq!(
        report.done[0].1,
        FetchOutcome::Resumed {
            from: 1000,
            bytes: total
        }
    );
    assert_eq!(
        std::fs::read(&final_path).unwrap(),
        files["alpha_normal.tar"]
    );
    assert_eq!(*server.log.lock().unwrap(), ["", "bytes=1000-"]);
    assert!(!part.exists());
}

#[test]
fn a_checksum_mismatch_or_missing_archive_fails_without_a_final_file() {
    let (_src, mut manifest, files) = archives();
    let server = serve(files);
    let dest = tempfile::tempdir().unwrap();
    manifest.archives.get_mut("alpha_rgb.tar").unwrap().md5 = Some("0".repeat(32));
    manifest.buildings.push(taskgroup::data::Building {
        name: "gamma".into(),
        roles: vec![Split::Test],
        images: None,
    });
    let report = fetch(
        &manifest,
        &config(dest.path(), &server, &["rgb"]),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(report.done.len(), 1, "beta_rgb.tar");
    let reasons: Vec<Reason> = report.failed.iter().map(DataError::reason).collect();
    assert_eq!(reasons, [Reason::ChecksumMismatch, Reason::Other]);
    assert!(report.failed[0].to_string().contains("alpha_rgb.tar"));
    assert!(
        report.failed[1].to_string().contains("gamma_rgb.tar")
            && report.failed[1].to_string().contains("404")
    );
    for name in [
        "alpha_rgb.tar",
        "alpha_rgb.tar.part",
        "gamma_rgb.tar",
        "gamma_rgb.tar.part",
    ] {
        assert!(!dest.path().join(name).exists(), "{name}");
    }
    assert!(matches!(
        fetch(
            &manifest,
            &config(dest.path(), &server, &["colour"]),
            &mut |_| {}
        ),
        Err(DataError::UnknownDomain { .. })
    ));
}

#[test]
fn the_command_downloads_with_progress() {
    let (src, manifest, files) = archives();
    let server = serve(files.clone());
    let dest = tempfile::tempdir().unwrap();
    let m = src.path().join("fetch.json");
    manifest.write(&m).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"))
        .args(["data", "fetch", "--manifest"])
        .arg(&m)
        .args(["--domains", "rgb,normal", "--buildings", "beta", "--dest"])
        .arg(dest.path())
        .args(["--base-url", &server.url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dest.path().join("beta_normal.tar")).unwrap(),
        files["beta_normal.tar"]
    );
    assert!(
        dest.path().join("beta_rgb.tar").exists() && !dest.path().join("alpha_rgb.tar").exists()
    );
}
