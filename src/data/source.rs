//! [`DomainSource`]: where one building's files of one domain are (a folder
//! in one of the manifest's layouts, or an archive), listed once, keyed by
//! image.

use super::manifest::{DomainSpec, Manifest};
use super::tar_index::{index_tar, read_member, TarMember};
use super::template::Fields;
use super::DataError;
use crate::io::WithPath;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An image of a building: its point and view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ImageKey {
    /// The point (camera position).
    pub point: u32,
    /// The view (orientation) at that point.
    pub view: u32,
}

/// Where a source's files are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A folder holding the files.
    Folder(PathBuf),
    /// A tar archive holding the files.
    Tar(PathBuf),
}

#[derive(Clone, Debug)]
enum Entry {
    File(String),
    Member(TarMember),
}

/// One building's files of one domain.
#[derive(Clone, Debug)]
pub struct DomainSource {
    /// The domain.
    pub domain: String,
    /// The folder or archive.
    pub kind: SourceKind,
    entries: BTreeMap<ImageKey, Entry>,
    /// Files that name another domain's token or one the manifest lacks:
    /// (file, token).
    pub foreign: Vec<(PathBuf, String)>,
}

/// Whether a parsed name is a file of `domain`: `Ok(key)`, or `Err(token)`
/// when it names another domain's token.
fn classify(fields: &Fields, domain: &DomainSpec) -> Option<Result<ImageKey, String>> {
    let point = fields.get("point")?.parse().ok()?;
    let view = fields.get("view")?.parse().ok()?;
    let token = fields.get("token").or_else(|| fields.get("domain"))?;
    if token != domain.token()
        || fields
            .get("domain")
            .is_some_and(|d| d != &domain.name && d != token)
    {
        return Some(Err(token.clone()));
    }
    if fields
        .get("ext")
        .is_some_and(|e| e != domain.encoding.ext())
    {
        return None;
    }
    Some(Ok(ImageKey { point, view }))
}

impl DomainSource {
    /// Finds and lists a building's files of a domain under `root`: the
    /// first folder layout that exists, else the archive. `None` when neither exists.
    pub fn scan(
        manifest: &Manifest,
        root: &Path,
        building: &str,
        domain: &DomainSpec,
    ) -> Result<Option<DomainSource>, DataError> {
        let vars = [("building", building), ("domain", domain.name.as_str())];
        for folder in &manifest.layout.folders {
            let dir = root.join(folder.render(&vars));
            if dir.is_dir() {
                return DomainSource::scan_folder(manifest, dir, domain).map(Some);
            }
        }
        let tar = root.join(manifest.layout.tar.render(&vars));
        if tar.is_file() {
            return DomainSource::scan_tar(manifest, tar, domain).map(Some);
        }
        Ok(None)
    }

    fn scan_folder(
        manifest: &Manifest,
        dir: PathBuf,
        domain: &DomainSpec,
    ) -> Result<DomainSource, DataError> {
        let mut source = DomainSource {
            domain: domain.name.clone(),
            kind: SourceKind::Folder(dir.clone()),
            entries: BTreeMap::new(),
            foreign: Vec::new(),
        };
        for item in std::fs::read_dir(&dir).with_path(&dir)? {
            let item = item.with_path(&dir)?;
            let name = item.file_name().to_string_lossy().into_owned();
            match manifest
                .layout
                .file
                .parse(&name)
                .and_then(|f| classify(&f, domain))
            {
                Some(Ok(key)) => {
                    source.entries.insert(key, Entry::File(name));
                }
                Some(Err(token)) => source.foreign.push((dir.join(&name), token)),
                None => {}
            }
        }
        Ok(source)
    }

    fn scan_tar(
        manifest: &Manifest,
        tar: PathBuf,
        domain: &DomainSpec,
    ) -> Result<DomainSource, DataError> {
        let template = manifest.member_template();
        let mut source = DomainSource {
            domain: domain.name.clone(),
            kind: SourceKind::Tar(tar.clone()),
            entries: BTreeMap::new(),
            foreign: Vec::new(),
        };
        for member in index_tar(&tar)? {
            match template
                .parse(&member.name)
                .and_then(|f| classify(&f, domain))
            {
                Some(Ok(key)) => {
                    source.entries.insert(key, Entry::Member(member));
                }
                Some(Err(token)) => source.foreign.push((tar.join(&member.name), token)),
                None => {}
            }
        }
        Ok(source)
    }

    /// The images found, in (point, view) order.
    pub fn keys(&self) -> impl Iterator<Item = ImageKey> + '_ {
        self.entries.keys().copied()
    }

    /// Number of images found.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no image was found.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the image's file is here.
    pub fn contains(&self, key: ImageKey) -> bool {
        self.entries.contains_key(&key)
    }

    /// The archive, for a tar source.
    pub fn archive(&self) -> Option<&Path> {
        match &self.kind {
            SourceKind::Tar(p) => Some(p),
            SourceKind::Folder(_) => None,
        }
    }

    /// The file's path (a member is shown as `archive.tar/member`); for an
    /// absent image, where it would be.
    pub fn path(&self, manifest: &Manifest, domain: &DomainSpec, key: ImageKey) -> PathBuf {
        match (&self.kind, self.entries.get(&key)) {
            (SourceKind::Folder(dir), Some(Entry::File(name))) => dir.join(name),
            (SourceKind::Tar(tar), Some(Entry::Member(m))) => tar.join(&m.name),
            (SourceKind::Folder(dir), _) => {
                dir.join(manifest.file_name(domain, key.point, key.view))
            }
            (SourceKind::Tar(tar), _) => {
                let file = manifest.file_name(domain, key.point, key.view);
                tar.join(
                    manifest
                        .layout
                        .tar_member
                        .render(&[("domain", &domain.name), ("file", &file)]),
                )
            }
        }
    }

    /// Reads an image's file: its bytes, or [`DataError::MissingLabel`].
    pub fn read(
        &self,
        manifest: &Manifest,
        domain: &DomainSpec,
        building: &str,
        key: ImageKey,
    ) -> Result<Vec<u8>, DataError> {
        match (&self.kind, self.entries.get(&key)) {
            (SourceKind::Folder(dir), Some(Entry::File(name))) => {
                let path = dir.join(name);
                Ok(std::fs::read(&path).with_path(path)?)
            }
            (SourceKind::Tar(tar), Some(Entry::Member(m))) => read_member(tar, m),
            _ => Err(DataError::MissingLabel {
                path: self.path(manifest, domain, key),
                building: building.to_string(),
                domain: domain.name.clone(),
            }),
        }
    }
}
