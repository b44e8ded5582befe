//! `data fetch` against a faulty local HTTP server on 127.0.0.1 (issue 11),
//! with a manifest that knows no archive length or MD5 (like every shipped
//! manifest): a transfer cut short without a Content-Length, an HTML page
//! answered with 200, a leftover `.part` longer than the archive with a 416
//! answer, a transfer that stalls, and a truncated final archive. None of
//! them may leave anything but the real archive under the final name.

mod data_support;

use data_support::{read_request, write_dataset, Kind, Spec};
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use taskgroup::data::{fetch, DataError, FetchConfig, FetchOutcome, Manifest};

/// How the server answers one request.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Honest, with Range support.
    None,
    /// 200 without Content-Length, closing after this many body bytes.
    CutWithoutLength(usize),
    /// 200 with an HTML page.
    Html,
    /// 416 with `Content-Range: bytes */LEN`, whatever was asked.
    Unsatisfiable,
    /// 416 without a Content-Range.
    UnsatisfiableWithoutLength,
    /// Sends this many body bytes (with the full Content-Length), then
    /// holds the connection open without sending more.
    Stall(usize),
}

struct Server {
    url: String,
    /// Faults for the next requests, in order (then honest answers).
    faults: Arc<Mutex<VecDeque<Fault>>>,
    /// The Range header of each request ("" when none).
    log: Arc<Mutex<Vec<String>>>,
}

fn serve(files: HashMap<String, Vec<u8>>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let faults = Arc::new(Mutex::new(VecDeque::new()));
    let log = Arc::new(Mutex::new(Vec::new()));
    let (faults2, log2) = (faults.clone(), log.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let (target, range) = read_request(&stream);
            log2.lock().unwrap().push(range.clone());
            let body = files[&target].clone();
            let fault = faults2.lock().unwrap().pop_front().unwrap_or(Fault::None);
            let from: usize = range
                .strip_prefix("bytes=")
                .and_then(|r| r.trim_end_matches('-').parse().ok())
                .unwrap_or(0);
            let reply = |stream: &mut std::net::TcpStream, head: String, data: &[u8]| {
                let _ = stream
                    .write_all(head.as_bytes())
                    .and_then(|_| stream.write_all(data));
            };
            match fault {
                Fault::CutWithoutLength(n) => reply(
                    &mut stream,
                    "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".into(),
                    &body[..n],
                ),
                Fault::Html => {
                    let page = b"<!DOCTYPE html><html><body>Please log in</body></html>";
                    reply(
                        &mut stream,
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            page.len()
                        ),
                        page,
                    )
                }
                Fault::Unsatisfiable => reply(
                    &mut stream,
                    format!(
                        "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        body.len()
                    ),
                    &[],
                ),
                Fault::UnsatisfiableWithoutLength => reply(
                    &mut stream,
                    "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into(),
                    &[],
                ),
                Fault::Stall(n) => {
                    reply(
                        &mut stream,
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        ),
                        &body[..n],
                    );
                    // Hold the connection without a byte more.
                    std::thread::spawn(move || {
                        std::thread::sleep(Duration::from_secs(60));
                        drop(stream);
                    });
                }
                Fault::None if from > 0 => reply(
                    &mut stream,
                    format!(
                        "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes {from}-{}/{}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len() - 1,
                        body.len(),
                        body.len() - from
                    ),
                    &body[from..],
                ),
                Fault::None => reply(
                    &mut stream,
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    ),
                    &body,
                ),
            }
        }
    });
    Server { url, faults, log }
}

const ARCHIVE: &str = "alpha_normal.tar";

/// A dataset's archives and its manifest, which knows no length or MD5.
fn archives() -> (tempfile::TempDir, Manifest, HashMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_dataset(dir.path(), Kind::Tar, &Spec::tiny());
    assert!(manifest.archives.is_empty());
    let mut files = HashMap::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tar") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, std::fs::read(&path).unwrap());
        }
    }
    (dir, manifest.checked(Path::new("test")).unwrap(), files)
}

struct Case {
    _src: tempfile::TempDir,
    dest: tempfile::TempDir,
    manifest: Manifest,
    file: Vec<u8>,
    server: Server,
}

impl Case {
    fn new() -> Case {
        let (src, manifest, files) = archives();
        let file = files[ARCHIVE].clone();
        Case {
            _src: src,
            dest: tempfile::tempdir().unwrap(),
            manifest,
            file,
            server: serve(files),
        }
    }

    fn faults(&self, faults: &[Fault]) {
        self.server.faults.lock().unwrap().extend(faults);
    }

    fn fetch(&self) -> Result<FetchOutcome, DataError> {
        let config = FetchConfig {
            domains: vec!["normal".into()],
            buildings: Some(vec!["alpha".into()]),
            dest: self.dest.path().to_path_buf(),
            base_url: Some(self.server.url.clone()),
            timeout_s: 1,
        };
        let mut report = fetch(&self.manifest, &config, &mut |_| {}).unwrap();
        match report.failed.pop() {
            Some(e) => Err(e),
            None => Ok(report.done.pop().unwrap().1),
        }
    }

    fn path(&self, suffix: &str) -> PathBuf {
        self.dest.path().join(format!("{ARCHIVE}{suffix}"))
    }

    fn assert_final_is_the_archive(&self) {
        assert_eq!(std::fs::read(self.path("")).unwrap(), self.file);
        assert!(!self.path(".part").exists());
    }
}

#[test]
fn a_transfer_cut_without_a_length_stays_partial_and_resumes() {
    let case = Case::new();
    case.faults(&[Fault::CutWithoutLength(1500)]);
    let err = case.fetch().unwrap_err();
    assert!(
        matches!(&err, DataError::NotAnArchive { reason, .. } if reason.contains("rerun to resume")),
        "{err}"
    );
    assert!(!case.path("").exists(), "saved as complete: {err}");
    assert_eq!(std::fs::metadata(case.path(".part")).unwrap().len(), 1500);
    let outcome = case.fetch().unwrap();
    assert!(
        matches!(outcome, FetchOutcome::Resumed { from: 1500, .. }),
        "{outcome:?}"
    );
    case.assert_final_is_the_archive();
    assert_eq!(*case.server.log.lock().unwrap(), ["", "bytes=1500-"]);
}

#[test]
fn an_html_page_is_refused_with_that_reason() {
    let case = Case::new();
    case.faults(&[Fault::Html]);
    let err = case.fetch().unwrap_err();
    assert!(err.to_string().contains("HTML page"), "{err}");
    assert!(!case.path("").exists() && !case.path(".part").exists());
    case.fetch().unwrap();
    case.assert_final_is_the_archive();
}

#[test]
fn a_partial_file_longer_than_the_archive_is_fetched_again() {
    let case = Case::new();
    // A leftover of something else, longer than the archive.
    let mut leftover = case.file.clone();
    leftover.extend_from_slice(&case.file);
    std::fs::write(case.path(".part"), &leftover).unwrap();
    case.faults(&[Fault::Unsatisfiable]);
    let outcome = case.fetch().unwrap();
    assert_eq!(
        outcome,
        FetchOutcome::Downloaded {
            bytes: case.file.len() as u64
        }
    );
    case.assert_final_is_the_archive();
    let asked = format!("bytes={}-", leftover.len());
    assert_eq!(*case.server.log.lock().unwrap(), [asked.as_str(), ""]);
}

#[test]
fn a_doubled_partial_file_is_refused_even_when_the_server_says_done() {
    // A 416 without the archive's length cannot show that the partial file
    // is too long; the archive check does (data after its end).
    let case = Case::new();
    let mut doubled = case.file.clone();
    doubled.extend_from_slice(&case.file);
    std::fs::write(case.path(".part"), &doubled).unwrap();
    case.faults(&[Fault::UnsatisfiableWithoutLength]);
    let err = case.fetch().unwrap_err();
    assert!(
        matches!(&err, DataError::NotAnArchive { reason, .. } if reason.contains("after the end")),
        "{err}"
    );
    assert!(!case.path("").exists() && !case.path(".part").exists());
    case.fetch().unwrap();
    case.assert_final_is_the_archive();
}

#[test]
fn a_stalled_transfer_is_aborted_by_the_timeout_and_resumed() {
    let case = Case::new();
    case.faults(&[Fault::Stall(1000)]);
    let started = Instant::now();
    let err = case.fetch().unwrap_err();
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(15), "waited {waited:?}: {err}");
    assert!(err.to_string().contains("rerun to resume"), "{err}");
    assert!(!case.path("").exists());
    assert_eq!(std::fs::metadata(case.path(".part")).unwrap().len(), 1000);
    let outcome = case.fetch().unwrap();
    assert!(
        matches!(outcome, FetchOutcome::Resumed { from: 1000, .. }),
        "{outcome:?}"
    );
    case.assert_final_is_the_archive();
}

#[test]
fn a_truncated_final_archive_is_moved_aside_and_fetched_again() {
    let case = Case::new();
    std::fs::write(case.path(""), &case.file[..case.file.len() / 2]).unwrap();
    let outcome = case.fetch().unwrap();
    assert!(
        matches!(outcome, FetchOutcome::Downloaded { .. }),
        "{outcome:?}"
    );
    case.assert_final_is_the_archive();
    assert_eq!(
        std::fs::metadata(case.path(".bad")).unwrap().len(),
        (case.file.len() / 2) as u64
    );
    // A sound final archive is left alone.
    assert!(matches!(
        case.fetch().unwrap(),
        FetchOutcome::AlreadyComplete { .. }
    ));
}
