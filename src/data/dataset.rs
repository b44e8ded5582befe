//! [`Dataset`]: a manifest and the folder its files are under; lists each
//! building's images by scanning (folders or archive members, once, cached)
//! and draws the train, val and test images by the manifest's split rule.
//! Opened on a pack folder, it lists and serves the pack's samples instead.

use super::manifest::{Manifest, SplitRule};
use super::pack::Pack;
use super::source::{DomainSource, ImageKey};
use super::{DataError, Split};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The domain every image has: the network's input.
pub const INPUT_DOMAIN: &str = "rgb";

type SourceCache = HashMap<(String, String), Option<Arc<DomainSource>>>;

/// A dataset on disk described by a manifest.
#[derive(Debug)]
pub struct Dataset {
    manifest: Manifest,
    root: PathBuf,
    cache: Mutex<SourceCache>,
    /// Set when the dataset is a pack: its samples come from the shards.
    pack: Option<Arc<Pack>>,
}

/// The images of one split: the samples found, and the buildings that
/// should contribute but could not be listed (absent, or an unreadable archive).
#[derive(Debug)]
pub struct SplitImages {
    /// (building, image) in order: buildings in manifest order, images by path.
    pub samples: Vec<(String, ImageKey)>,
    /// One error per building that could not be listed
    /// ([`DataError::BuildingAbsent`], [`DataError::TruncatedTar`], ...).
    pub problems: Vec<DataError>,
}

impl Dataset {
    /// Opens a manifest file, or a folder holding `manifest.json`. The root
    /// is the manifest's `root` (relative to the manifest's folder) or that folder.
    /// A pack (a folder holding `pack.json`, or that file) opens as the
    /// dataset it was packed from, read from its shards ([`Pack::open`]).
    pub fn open(path: impl AsRef<Path>) -> Result<Dataset, DataError> {
        let path = path.as_ref();
        if Pack::is_pack(path) {
            return Ok(Dataset::from_pack(Pack::open(path)?));
        }
        let file = if path.is_dir() {
            path.join("manifest.json")
        } else {
            path.to_path_buf()
        };
        let manifest = Manifest::load(&file)?;
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = match &manifest.root {
            Some(r) => dir.join(r),
            None => dir,
        };
        Ok(Dataset::new(manifest, root))
    }

    /// [`Dataset::open`], or with `root` given: the manifest (a file, or a
    /// folder holding `manifest.json`) with its files under `root`.
    pub fn open_with_root(
        data: impl AsRef<Path>,
        root: Option<&Path>,
    ) -> Result<Dataset, DataError> {
        match root {
            Some(root) => Ok(Dataset::new(Manifest::load(data)?, root)),
            None => Dataset::open(data),
        }
    }

    /// A dataset from a manifest and the root its files are under.
    pub fn new(manifest: Manifest, root: impl Into<PathBuf>) -> Dataset {
        Dataset {
            manifest,
            root: root.into(),
            cache: Mutex::new(HashMap::new()),
            pack: None,
        }
    }

    /// The dataset a pack was made from, served from the pack.
    pub fn from_pack(pack: Pack) -> Dataset {
        Dataset {
            manifest: pack.manifest().clone(),
            root: pack.dir().to_path_buf(),
            cache: Mutex::new(HashMap::new()),
            pack: Some(Arc::new(pack)),
        }
    }

    /// The pack the samples come from, when the dataset is one.
    pub fn pack(&self) -> Option<&Arc<Pack>> {
        self.pack.as_ref()
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The folder the files are under.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A building's files of a domain (`None` when it has none), scanned
    /// once and cached.
    pub fn source(
        &self,
        building: &str,
        domain: &str,
    ) -> Result<Option<Arc<DomainSource>>, DataError> {
        let key = (building.to_string(), domain.to_string());
        if let Some(hit) = self.cache.lock().expect("source cache").get(&key) {
            return Ok(hit.clone());
        }
        let spec = self
            .manifest
            .require_domain(domain, &format!("building {building}"))?;
        let source = DomainSource::scan(&self.manifest, &self.root, building, spec)?.map(Arc::new);
        self.cache
            .lock()
            .expect("source cache")
            .insert(key, source.clone());
        Ok(source)
    }

    /// A building's images sorted by path (the rgb file name as a string,
    /// the order the paper's image ranges count in).
    pub fn images(&self, building: &str) -> Result<Vec<ImageKey>, DataError> {
        Ok(self
            .images_over(building, &[])?
            .into_iter()
            .filter_map(|(key, rgb)| rgb.then_some(key))
            .collect())
    }

    /// A building's images over the files of the input and of `domains`,
    /// sorted by their rgb file's path, each with whether that rgb file
    /// exists: an image whose labels are there but whose rgb file is not is
    /// listed (a missing file, not a vanished sample). Domains the building
    /// lacks are left to the caller.
    fn images_over(
        &self,
        building: &str,
        domains: &[String],
    ) -> Result<Vec<(ImageKey, bool)>, DataError> {
        let source =
            self.source(building, INPUT_DOMAIN)?
                .ok_or_else(|| DataError::BuildingAbsent {
                    root: self.root.clone(),
                    building: building.to_string(),
                    domain: INPUT_DOMAIN.to_string(),
                })?;
        let rgb = self.manifest.require_domain(INPUT_DOMAIN, "input")?;
        let mut all: std::collections::BTreeSet<ImageKey> = source.keys().collect();
        for domain in domains.iter().filter(|d| *d != INPUT_DOMAIN) {
            if let Ok(Some(labels)) = self.source(building, domain) {
                all.extend(labels.keys());
            }
        }
        let mut keys: Vec<(String, ImageKey, bool)> = all
            .into_iter()
            .map(|k| {
                let name = self.manifest.file_name(rgb, k.point, k.view);
                (name, k, source.contains(k))
            })
            .collect();
        keys.sort();
        Ok(keys.into_iter().map(|(_, k, has)| (k, has)).collect())
    }

    /// The images of a split under the manifest's rule (`esa` has none:
    /// [`DataError::NoImages`]), listed from the rgb files.
    pub fn split(&self, split: Split) -> Result<SplitImages, DataError> {
        self.split_over(split, &[])
    }

    /// [`Dataset::split`] over the files of the input and of `domains` (a
    /// loader's): an image that has some of those files but no rgb file is
    /// a problem of the split ([`DataError::MissingLabel`] of domain `rgb`,
    /// as `data check` reports it), not an image that silently is not there.
    pub fn split_over(&self, split: Split, domains: &[String]) -> Result<SplitImages, DataError> {
        if !split.has_images() {
            return Err(DataError::NoImages { split });
        }
        if let Some(pack) = &self.pack {
            return Ok(SplitImages {
                samples: pack.split(split),
                problems: Vec::new(),
            });
        }
        let (role, range) = match &self.manifest.split_rule {
            SplitRule::ByRole => (split, None),
            SplitRule::ImageRanges { .. } if split == Split::Train => (Split::Train, None),
            SplitRule::ImageRanges { of_role, val, test } => (
                *of_role,
                Some(if split == Split::Val { *val } else { *test }),
            ),
        };
        let buildings: Vec<&str> = self
            .manifest
            .buildings
            .iter()
            .filter(|b| b.roles.contains(&role))
            .map(|b| b.name.as_str())
            .collect();
        let listed: Vec<Result<Vec<(ImageKey, bool)>, DataError>> = buildings
            .par_iter()
            .map(|b| self.images_over(b, domains))
            .collect();
        let rgb = self.manifest.require_domain(INPUT_DOMAIN, "input")?;
        let mut out = SplitImages {
            samples: Vec::new(),
            problems: Vec::new(),
        };
        for (building, images) in buildings.into_iter().zip(listed) {
            match images {
                Ok(images) => {
                    let images = match range {
                        Some([start, end]) => images
                            .get(start.min(images.len())..end.min(images.len()))
                            .unwrap_or_default()
                            .to_vec(),
                        None => images,
                    };
                    for (key, has_rgb) in images {
                        if has_rgb {
                            out.samples.push((building.to_string(), key));
                        } else {
                            let path = match self.source(building, INPUT_DOMAIN)? {
                                Some(source) => source.path(&self.manifest, rgb, key),
                                None => self
                                    .root
                                    .join(self.manifest.file_name(rgb, key.point, key.view)),
                            };
                            out.problems.push(DataError::MissingLabel {
                                path,
                                building: building.to_string(),
                                domain: INPUT_DOMAIN.to_string(),
                            });
                        }
                    }
                }
                Err(e) if e.is_sample_problem() => out.problems.push(e),
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }
}
