//! The manifest's types, reading and atomic writing.

use crate::data::template::Template;
use crate::data::{DataError, Split};
use crate::io::WithPath;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The schema version this code reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// How a domain's files are encoded (TASKONOMY.md, "Pixel encodings").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// 8-bit RGB PNG.
    Rgb8,
    /// 8-bit single-channel PNG.
    Grey8,
    /// 16-bit single-channel PNG.
    Grey16,
    /// A JSON document.
    Json,
    /// A NumPy `.npy` array.
    Npy,
}

impl Encoding {
    /// Whether the files are PNG images.
    pub fn is_png(self) -> bool {
        matches!(self, Encoding::Rgb8 | Encoding::Grey8 | Encoding::Grey16)
    }

    /// The file extension this encoding uses.
    pub fn ext(self) -> &'static str {
        match self {
            Encoding::Rgb8 | Encoding::Grey8 | Encoding::Grey16 => "png",
            Encoding::Json => "json",
            Encoding::Npy => "npy",
        }
    }

    /// PNG (channels, bit depth) this encoding requires; `None` for non-PNG.
    pub fn png_format(self) -> Option<(u8, u8)> {
        match self {
            Encoding::Rgb8 => Some((3, 8)),
            Encoding::Grey8 => Some((1, 8)),
            Encoding::Grey16 => Some((1, 16)),
            Encoding::Json | Encoding::Npy => None,
        }
    }
}

/// One domain of a dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainSpec {
    /// The domain's name (`depth_zbuffer`); names its folders and archives.
    pub name: String,
    /// How its files are encoded.
    pub encoding: Encoding,
    /// The token naming the domain inside file names when it differs from
    /// the name (`class_places` for `class_scene`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Side length when it differs from the manifest's (`rgb_large`: 1024).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<usize>,
}

impl DomainSpec {
    /// A domain with the name as its token and the manifest's size.
    pub fn new(name: &str, encoding: Encoding) -> DomainSpec {
        DomainSpec {
            name: name.to_string(),
            encoding,
            token: None,
            size: None,
        }
    }

    /// The token naming the domain in file names.
    pub fn token(&self) -> &str {
        self.token.as_deref().unwrap_or(&self.name)
    }
}

/// Where files are: folder templates (relative to the root), the file name
/// template, archive and member templates, and the download location.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// A file's name: `point_{point}_view_{view}_domain_{token}.{ext}`.
    pub file: Template,
    /// Folders holding one building's files of one domain, tried in order
    /// (`{domain}/{building}`, `{domain}/taskonomy/{building}`, `{building}/{domain}`).
    pub folders: Vec<Template>,
    /// An archive's path relative to the root: `{building}_{domain}.tar`.
    pub tar: Template,
    /// A member's name inside an archive: `{domain}/{file}`.
    pub tar_member: Template,
    /// Where archives are downloaded from (`{base_url}{tar}`); ends with `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

impl Layout {
    /// The Taskonomy release's layout: the three folder layouts met in the
    /// wild and the per-building, per-domain plain tars (TASKONOMY.md).
    pub fn taskonomy(base_url: Option<&str>) -> Layout {
        Layout {
            file: Template::new("point_{point}_view_{view}_domain_{token}.{ext}"),
            folders: vec![
                Template::new("{domain}/{building}"),
                Template::new("{domain}/taskonomy/{building}"),
                Template::new("{building}/{domain}"),
            ],
            tar: Template::new("{building}_{domain}.tar"),
            tar_member: Template::new("{domain}/{file}"),
            base_url: base_url.map(str::to_string),
        }
    }
}

/// One building and its roles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Building {
    /// Lowercase letters only (archive names split at the first `_`).
    pub name: String,
    /// The splits it belongs to (the `debug` subset uses one building for all three).
    pub roles: Vec<Split>,
    /// Number of images (points x views), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<u32>,
}

/// Size and checksum of one archive, when known.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveInfo {
    /// Length in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// MD5 as 32 lowercase hex digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub md5: Option<String>,
}

/// How the train, val and test images are drawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SplitRule {
    /// A split is every image of the buildings with that role.
    ByRole,
    /// The paper's rule: train = every image of the `train` buildings; val and
    /// test = the image ranges `[start, end)` of each building with role
    /// `of_role`, images sorted by path (the rgb file name as a string).
    ImageRanges {
        /// The role whose buildings give val and test images.
        of_role: Split,
        /// Validation images, `[start, end)`.
        val: [usize; 2],
        /// Test images, `[start, end)`.
        test: [usize; 2],
    },
}

/// A dataset's manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Schema version ([`SCHEMA_VERSION`]).
    pub schema: u32,
    /// A unique name (`taskonomy-tiny`).
    pub name: String,
    /// The dataset (`taskonomy`, `synthetic`).
    pub dataset: String,
    /// The subset (`tiny`, `paper`, ...).
    pub subset: String,
    /// Where the manifest comes from.
    #[serde(default)]
    pub description: String,
    /// Side length of the pixel domains.
    pub size: usize,
    /// The domains.
    pub domains: Vec<DomainSpec>,
    /// Folder, archive and download layout.
    pub layout: Layout,
    /// How splits are drawn.
    pub split_rule: SplitRule,
    /// The buildings with their roles.
    pub buildings: Vec<Building>,
    /// Known archive sizes and checksums, by archive name (`ihlen_rgb.tar`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub archives: BTreeMap<String, ArchiveInfo>,
    /// The dataset root, relative to the manifest's folder (or absolute);
    /// absent: the manifest's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<PathBuf>,
}

impl Manifest {
    /// Parses and validates manifest JSON; `origin` names it in errors.
    pub fn from_json(text: &str, origin: &Path) -> Result<Manifest, DataError> {
        let manifest: Manifest =
            serde_json::from_str(text).map_err(|e| DataError::ManifestParse {
                path: origin.to_path_buf(),
                detail: e.to_string(),
            })?;
        manifest.checked(origin)
    }

    /// Reads and validates a manifest file (or a folder's `manifest.json`).
    pub fn load(path: impl AsRef<Path>) -> Result<Manifest, DataError> {
        let path = path.as_ref();
        let joined;
        let path = if path.is_dir() {
            joined = path.join("manifest.json");
            joined.as_path()
        } else {
            path
        };
        let text = std::fs::read_to_string(path).with_path(path)?;
        Manifest::from_json(&text, path)
    }

    /// The manifest if it is valid; every problem otherwise.
    pub fn checked(self, origin: &Path) -> Result<Manifest, DataError> {
        match self.problems() {
            problems if problems.is_empty() => Ok(self),
            problems => Err(DataError::InvalidManifest {
                path: origin.to_path_buf(),
                problems,
            }),
        }
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a manifest always serialises") + "\n"
    }

    /// Writes the manifest atomically (a temporary file in the same folder,
    /// renamed over `path`).
    pub fn write(&self, path: impl AsRef<Path>) -> Result<(), DataError> {
        Ok(crate::io::write_atomic(
            path.as_ref(),
            self.to_json().as_bytes(),
        )?)
    }

    /// A manifest for a synthetic dataset in the Taskonomy format: the
    /// domains (by name, with their Taskonomy encodings), roles by building,
    /// split by role. Validated.
    pub fn synthetic(
        name: &str,
        size: usize,
        buildings: &[(String, Split, u32)],
        domains: &[&str],
        layout: Layout,
    ) -> Result<Manifest, DataError> {
        let origin = Path::new("<synthetic>");
        let domains = domains
            .iter()
            .map(|d| {
                DomainSpec::taskonomy(d).ok_or_else(|| DataError::UnknownDomain {
                    domain: d.to_string(),
                    context: format!("synthetic manifest {name}"),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Manifest {
            schema: SCHEMA_VERSION,
            name: name.to_string(),
            dataset: "synthetic".to_string(),
            subset: name.to_string(),
            description:
                "Synthetic mini-Taskonomy generated by taskgroup (procedural rooms, ray cast)"
                    .to_string(),
            size,
            domains,
            layout,
            split_rule: SplitRule::ByRole,
            buildings: buildings
                .iter()
                .map(|(b, role, images)| Building {
                    name: b.clone(),
                    roles: vec![*role],
                    images: Some(*images),
                })
                .collect(),
            archives: BTreeMap::new(),
            root: None,
        }
        .checked(origin)
    }

    /// The domain with this name.
    pub fn domain(&self, name: &str) -> Option<&DomainSpec> {
        self.domains.iter().find(|d| d.name == name)
    }

    /// The domain whose file-name token is `token`.
    pub fn domain_for_token(&self, token: &str) -> Option<&DomainSpec> {
        self.domains.iter().find(|d| d.token() == token)
    }

    /// The domain with this name, or an [`DataError::UnknownDomain`] naming `context`.
    pub fn require_domain(&self, name: &str, context: &str) -> Result<&DomainSpec, DataError> {
        self.domain(name).ok_or_else(|| DataError::UnknownDomain {
            domain: name.to_string(),
            context: format!("{context} (manifest {})", self.name),
        })
    }

    /// The building with this name.
    pub fn building(&self, name: &str) -> Option<&Building> {
        self.buildings.iter().find(|b| b.name == name)
    }

    /// The named buildings (each must be in the manifest), or every building.
    pub fn select_buildings<'a>(
        &'a self,
        names: Option<&'a [String]>,
    ) -> Result<Vec<&'a str>, DataError> {
        match names {
            Some(names) => {
                if let Some(b) = names.iter().find(|b| self.building(b).is_none()) {
                    return Err(DataError::InvalidConfig(format!(
                        "building {b} is not in manifest {}",
                        self.name
                    )));
                }
                Ok(names.iter().map(String::as_str).collect())
            }
            None => Ok(self.buildings.iter().map(|b| b.name.as_str()).collect()),
        }
    }

    /// The pixel side length of a domain's images.
    pub fn domain_size(&self, domain: &DomainSpec) -> usize {
        domain.size.unwrap_or(self.size)
    }

    /// A file's name.
    pub fn file_name(&self, domain: &DomainSpec, point: u32, view: u32) -> String {
        let (p, v) = (point.to_string(), view.to_string());
        self.layout.file.render(&[
            ("point", &p),
            ("view", &v),
            ("token", domain.token()),
            ("domain", &domain.name),
            ("ext", domain.encoding.ext()),
        ])
    }

    /// An archive's name (its path relative to the root).
    pub fn archive_name(&self, building: &str, domain: &str) -> String {
        self.layout
            .tar
            .render(&[("building", building), ("domain", domain)])
    }

    /// The member template with the file template spelled out.
    pub fn member_template(&self) -> Template {
        self.layout.tar_member.expand_file(&self.layout.file)
    }
}
