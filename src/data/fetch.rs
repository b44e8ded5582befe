//! [`fetch()`]: download a manifest's archives (`{base_url}{archive}`) into
//! a folder. Each archive is written to `{archive}.part`, resumed with an
//! HTTP `Range` request when a partial file is there (a `206` must start
//! where the file ends; a `416` whose length is below the file's restarts
//! from nothing), checked against the manifest's length and MD5 when known,
//! and checked to be one complete tar archive (every member there, the
//! end-of-archive block, nothing after it but zeros; an HTML page is named
//! as such) before it is renamed to its final name, so a final name never
//! holds a partial or unverified file. Without a known length a cut transfer
//! stays `.part` for the next run to resume; a transfer that stalls longer
//! than the timeout is aborted the same way. An existing final archive that
//! fails these checks is moved aside (`{archive}.bad`) and fetched again.

use super::check::md5_file;
use super::manifest::{ArchiveInfo, Manifest};
use super::tar_index::verify_tar;
use super::DataError;
use crate::io::WithPath;
use serde::{Deserialize, Serialize};
use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What to download.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FetchConfig {
    /// Domains to download (at least one).
    pub domains: Vec<String>,
    /// Buildings (default: every building of the manifest).
    pub buildings: Option<Vec<String>>,
    /// The destination folder (a dataset root: archives sit at the manifest's archive paths).
    pub dest: PathBuf,
    /// Overrides the manifest's base URL (a mirror); ends with `/`.
    pub base_url: Option<String>,
    /// Seconds without progress before a connection is given up (0: 60).
    pub timeout_s: u64,
}

/// Progress of the current archive.
#[derive(Clone, Debug)]
pub struct FetchProgress<'a> {
    /// The archive's name.
    pub archive: &'a str,
    /// Its position among the archives to fetch (from 0).
    pub index: usize,
    /// How many archives are fetched.
    pub count: usize,
    /// Bytes on disk so far.
    pub done: u64,
    /// The archive's length, when known.
    pub total: Option<u64>,
}

/// What happened to one archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FetchOutcome {
    /// Downloaded from the start.
    Downloaded {
        /// Final length.
        bytes: u64,
    },
    /// A partial file was continued.
    Resumed {
        /// Bytes already there.
        from: u64,
        /// Final length.
        bytes: u64,
    },
    /// The final file was already there (and matches the manifest where it knows).
    AlreadyComplete {
        /// Its length.
        bytes: u64,
    },
}

/// What a fetch did.
#[derive(Debug, Default)]
pub struct FetchReport {
    /// Archives now complete, with what happened.
    pub done: Vec<(String, FetchOutcome)>,
    /// Archives that failed (network, checksum); rerunning resumes them.
    pub failed: Vec<DataError>,
}

/// Downloads the selected archives; every archive is attempted, failures are
/// in the report. An `Err` only for a bad request (unknown domain or
/// building, no base URL).
pub fn fetch(
    manifest: &Manifest,
    config: &FetchConfig,
    progress: &mut dyn FnMut(&FetchProgress<'_>),
) -> Result<FetchReport, DataError> {
    if config.domains.is_empty() {
        return Err(DataError::InvalidConfig(
            "fetch needs at least one domain".to_string(),
        ));
    }
    for d in &config.domains {
        manifest.require_domain(d, "fetch --domains")?;
    }
    let buildings = manifest.select_buildings(config.buildings.as_deref())?;
    let base = config
        .base_url
        .as_deref()
        .or(manifest.layout.base_url.as_deref())
        .ok_or_else(|| {
            DataError::InvalidConfig(format!(
                "manifest {} has no base_url; pass one",
                manifest.name
            ))
        })?;
    let timeout = Duration::from_secs(if config.timeout_s == 0 {
        60
    } else {
        config.timeout_s
    });
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(timeout))
        .timeout_recv_response(Some(timeout))
        // A transfer that stalls (no byte for this long) is aborted; its
        // `.part` stays for the next run to resume.
        .timeout_per_read(Some(timeout))
        .build()
        .into();
    let archives: Vec<String> = buildings
        .iter()
        .flat_map(|b| {
            config
                .domains
                .iter()
                .map(move |d| manifest.archive_name(b, d))
        })
        .collect();
    let mut report = FetchReport::default();
    for (index, name) in archives.iter().enumerate() {
        let url = format!("{base}{name}");
        let info = manifest.archives.get(name).cloned().unwrap_or_default();
        let path = config.dest.join(name);
        let mut tick = |done, total| {
            progress(&FetchProgress {
                archive: name,
                index,
                count: archives.len(),
                done,
                total,
            })
        };
        match fetch_one(&agent, &url, &path, &info, &mut tick) {
            Ok(outcome) => report.done.push((name.clone(), outcome)),
            Err(e) => report.failed.push(e),
        }
    }
    Ok(report)
}

fn http(url: &str, detail: impl Into<String>) -> DataError {
    DataError::Http {
        url: url.to_string(),
        detail: detail.into(),
    }
}

/// Checks a complete file against the manifest's length and MD5.
fn verify(path: &Path, info: &ArchiveInfo, len: u64) -> Result<(), DataError> {
    let mismatch = |what: &str, expected: String, found: String| DataError::ChecksumMismatch {
        path: path.to_path_buf(),
        what: what.into(),
        expected,
        found,
    };
    if let Some(bytes) = info.bytes.filter(|&b| b != len) {
        return Err(mismatch("length", bytes.to_string(), len.to_string()));
    }
    if let Some(md5) = &info.md5 {
        let found = md5_file(path)?;
        if &found != md5 {
            return Err(mismatch("md5", md5.clone(), found));
        }
    }
    Ok(())
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// The start and total of a `Content-Range: bytes START-END/TOTAL` header.
fn content_range(value: &str) -> Option<(u64, Option<u64>)> {
    let rest = value.trim().strip_prefix("bytes ")?;
    let (range, total) = rest.split_once('/')?;
    let start = range.split_once('-')?.0.parse().ok()?;
    Some((start, total.parse().ok()))
}

fn fetch_one(
    agent: &ureq::Agent,
    url: &str,
    path: &Path,
    info: &ArchiveInfo,
    tick: &mut dyn FnMut(u64, Option<u64>),
) -> Result<FetchOutcome, DataError> {
    if path.is_file() {
        let len = file_len(path);
        let sound = verify(path, info, len).is_ok() && inspect_archive(path)?.is_none();
        if sound {
            return Ok(FetchOutcome::AlreadyComplete { bytes: len });
        }
        // A final archive that fails its checks (a copy cut short before
        // taskgroup fetched it, say) is moved aside and fetched again.
        let mut aside = path.as_os_str().to_owned();
        aside.push(".bad");
        std::fs::rename(path, &aside).with_path(path)?;
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_path(dir)?;
    }
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let (kept, total) = download(agent, url, &part, info, tick)?;
    let len = file_len(&part);
    if let Some(t) = total.filter(|&t| t > len) {
        return Err(http(
            url,
            format!("connection ended after {len} of {t} bytes; rerun to resume"),
        ));
    }
    if let Err(e) = verify(&part, info, len) {
        // A complete but wrong file cannot be resumed into a right one.
        let _ = std::fs::remove_file(&part);
        return Err(e);
    }
    // Without a known length or checksum, only the archive itself says
    // whether it is complete; a cut one stays `.part` for a rerun to resume.
    if let Some((damage, reason)) = inspect_archive(&part)? {
        let known = total.is_some() || info.md5.is_some();
        let reason = if damage == Damage::Cut && !known {
            format!("{reason}; the transfer ended early: rerun to resume")
        } else {
            let _ = std::fs::remove_file(&part);
            format!("{reason}: removed it; rerun to fetch it again")
        };
        return Err(DataError::NotAnArchive {
            url: url.to_string(),
            path: part,
            reason,
        });
    }
    std::fs::rename(&part, path).with_path(path)?;
    Ok(if kept > 0 {
        FetchOutcome::Resumed {
            from: kept,
            bytes: len,
        }
    } else {
        FetchOutcome::Downloaded { bytes: len }
    })
}

/// Requests `url` into `part`, continuing a partial file with a `Range`
/// request: (bytes kept from an earlier attempt, the archive's length when
/// known).
fn download(
    agent: &ureq::Agent,
    url: &str,
    part: &Path,
    info: &ArchiveInfo,
    tick: &mut dyn FnMut(u64, Option<u64>),
) -> Result<(u64, Option<u64>), DataError> {
    let from = file_len(part);
    let mut total = info.bytes;
    if info.bytes == Some(from) && from > 0 {
        return Ok((from, total));
    }
    let mut request = agent.get(url);
    if from > 0 {
        request = request.header("Range", format!("bytes={from}-"));
    }
    let response = request.call().map_err(|e| http(url, e.to_string()))?;
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let append = match status {
        206 => match header("content-range").and_then(|v| content_range(&v)) {
            Some((start, t)) if start == from => {
                total = total.or(t);
                true
            }
            other => {
                return Err(http(
                    url,
                    format!("asked for bytes {from}-, got range {other:?}"),
                ))
            }
        },
        200 => {
            total = total.or_else(|| header("content-length").and_then(|v| v.parse().ok()));
            false
        }
        // Nothing past `from`: the server's length (`bytes */LEN`) says
        // whether the partial file is complete or longer than the archive.
        416 if from > 0 => {
            let length = header("content-range").and_then(|v| unsatisfied_length(&v));
            return match length {
                // The partial file is longer than the archive (a leftover
                // of another file): start again from nothing.
                Some(len) if len < from => {
                    std::fs::remove_file(part).with_path(part)?;
                    download(agent, url, part, info, tick)
                }
                other => Ok((from, total.or(other))),
            };
        }
        other => return Err(http(url, format!("HTTP status {other}"))),
    };
    let mut file = OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(part)
        .with_path(part)?;
    let mut done = if append { from } else { 0 };
    let mut body = response.into_body().into_reader();
    let mut buf = vec![0u8; 1 << 16];
    tick(done, total);
    loop {
        let n = body.read(&mut buf).map_err(|e| {
            let _ = file.sync_all();
            http(url, format!("after {done} bytes: {e}; rerun to resume"))
        })?;
        if n == 0 {
            break;
        }
        file.write_all(&buf[..n]).with_path(part)?;
        done += n as u64;
        tick(done, total);
    }
    file.sync_all().with_path(part)?;
    Ok((if append { from } else { 0 }, total))
}

/// How a downloaded file fails to be a complete tar archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Damage {
    /// It ends early (a rerun can resume it).
    Cut,
    /// It is something else: an HTML page, or data past the archive's end.
    Bad,
}

/// What is wrong with `path` as a tar archive, or `None` when it is a
/// complete one. An HTML page (a login or error page answered with status
/// 200) is named as such.
fn inspect_archive(path: &Path) -> Result<Option<(Damage, String)>, DataError> {
    if looks_like_html(path)? {
        return Ok(Some((
            Damage::Bad,
            "the server sent an HTML page, not a tar archive".into(),
        )));
    }
    match verify_tar(path) {
        Ok(_) => Ok(None),
        Err(DataError::TruncatedTar { detail, .. }) => Ok(Some((
            Damage::Cut,
            format!("not a complete tar archive ({detail})"),
        ))),
        Err(e @ DataError::TrailingData { .. }) => Ok(Some((
            Damage::Bad,
            format!("not a single tar archive ({e})"),
        ))),
        Err(other) => Err(other),
    }
}

/// Whether the file starts (after white space) like an HTML or XML page.
fn looks_like_html(path: &Path) -> Result<bool, DataError> {
    let mut head = [0u8; 512];
    let mut file = std::fs::File::open(path).with_path(path)?;
    let n = file.read(&mut head).with_path(path)?;
    let text = String::from_utf8_lossy(&head[..n])
        .trim_start()
        .to_ascii_lowercase();
    Ok(["<!doctype", "<html", "<?xml", "<head", "<body"]
        .iter()
        .any(|tag| text.starts_with(tag)))
}

/// The length in a 416 answer's `Content-Range: bytes */LENGTH`.
fn unsatisfied_length(value: &str) -> Option<u64> {
    value.trim().strip_prefix("bytes */")?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_content_range() {
        assert_eq!(content_range("bytes 100-199/200"), Some((100, Some(200))));
        assert_eq!(content_range("bytes 5-9/*"), Some((5, None)));
        assert_eq!(content_range("items 1-2/3"), None);
    }
}
