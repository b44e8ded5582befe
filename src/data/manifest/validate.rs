//! Manifest validation: every rule of the schema, every problem reported.

use super::schema::{Manifest, SplitRule, SCHEMA_VERSION};
use crate::data::template::Template;
use crate::data::{ManifestProblem, Split};
use std::collections::BTreeSet;

struct Problems(Vec<ManifestProblem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(ManifestProblem {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Checks a template's syntax and that it uses exactly placeholders from
    /// `allowed` including every one of `required`.
    fn template(&mut self, field: &str, t: &Template, required: &[&[&str]], allowed: &[&str]) {
        match t.placeholders() {
            Err(e) => self.add(field, e),
            Ok(used) => {
                for one_of in required {
                    if !one_of.iter().any(|r| used.iter().any(|u| u == r)) {
                        let names: Vec<String> =
                            one_of.iter().map(|r| format!("{{{r}}}")).collect();
                        self.add(
                            field,
                            format!("{:?} lacks {}", t.as_str(), names.join(" or ")),
                        );
                    }
                }
                for u in used.iter().filter(|u| !allowed.contains(&u.as_str())) {
                    self.add(field, format!("{:?} may not use {{{u}}}", t.as_str()));
                }
            }
        }
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn is_md5(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Manifest {
    /// Every way this manifest breaks the schema (empty when valid).
    pub fn problems(&self) -> Vec<ManifestProblem> {
        let mut p = Problems(Vec::new());
        if self.schema != SCHEMA_VERSION {
            p.add(
                "schema",
                format!(
                    "version {} is not supported (this build reads {SCHEMA_VERSION})",
                    self.schema
                ),
            );
        }
        for (field, value) in [
            ("name", &self.name),
            ("dataset", &self.dataset),
            ("subset", &self.subset),
        ] {
            if value.trim().is_empty() {
                p.add(field, "is empty");
            }
        }
        if self.size == 0 {
            p.add("size", "must be positive");
        }
        self.check_domains(&mut p);
        self.check_layout(&mut p);
        self.check_buildings(&mut p);
        self.check_split_rule(&mut p);
        self.check_archives(&mut p);
        p.0
    }

    fn check_domains(&self, p: &mut Problems) {
        if self.domains.is_empty() {
            p.add("domains", "is empty");
        }
        let (mut names, mut tokens) = (BTreeSet::new(), BTreeSet::new());
        for (i, d) in self.domains.iter().enumerate() {
            let field = format!("domains[{i}]");
            if !is_identifier(&d.name) {
                p.add(
                    format!("{field}.name"),
                    format!("{:?} is not lowercase letters, digits and '_'", d.name),
                );
            }
            if !names.insert(d.name.as_str()) {
                p.add(
                    format!("{field}.name"),
                    format!("domain {:?} is listed twice", d.name),
                );
            }
            if !is_identifier(d.token()) {
                p.add(
                    format!("{field}.token"),
                    format!("{:?} is not lowercase letters, digits and '_'", d.token()),
                );
            }
            if !tokens.insert(d.token()) {
                p.add(
                    format!("{field}.token"),
                    format!("token {:?} is used by two domains", d.token()),
                );
            }
            if d.size == Some(0) {
                p.add(format!("{field}.size"), "must be positive");
            }
        }
        if !self.domains.iter().any(|d| d.name == "rgb") {
            p.add("domains", "lacks rgb (the input images)");
        }
    }

    fn check_layout(&self, p: &mut Problems) {
        let l = &self.layout;
        let file_vars = ["point", "view", "token", "domain", "ext", "building"];
        p.template(
            "layout.file",
            &l.file,
            &[&["point"], &["view"], &["token", "domain"]],
            &file_vars,
        );
        for (i, f) in l.folders.iter().enumerate() {
            p.template(
                &format!("layout.folders[{i}]"),
                f,
                &[&["building"], &["domain"]],
                &["building", "domain"],
            );
        }
        p.template(
            "layout.tar",
            &l.tar,
            &[&["building"], &["domain"]],
            &["building", "domain"],
        );
        let mut member_vars = file_vars.to_vec();
        member_vars.push("file");
        p.template(
            "layout.tar_member",
            &l.tar_member,
            &[&["file", "point"]],
            &member_vars,
        );
        if let Some(url) = &l.base_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) || !url.ends_with('/') {
                p.add(
                    "layout.base_url",
                    format!("{url:?} must start with http:// or https:// and end with '/'"),
                );
            }
        }
    }

    fn check_buildings(&self, p: &mut Problems) {
        if self.buildings.is_empty() {
            p.add("buildings", "is empty");
        }
        let mut seen = BTreeSet::new();
        for (i, b) in self.buildings.iter().enumerate() {
            let field = format!("buildings[{i}]");
            if b.name.is_empty() || !b.name.bytes().all(|c| c.is_ascii_lowercase()) {
                p.add(
                    format!("{field}.name"),
                    format!("{:?} is not lowercase letters only", b.name),
                );
            }
            if !seen.insert(b.name.as_str()) {
                p.add(
                    format!("{field}.name"),
                    format!("building {:?} is listed twice", b.name),
                );
            }
            if b.roles.is_empty() {
                p.add(
                    format!("{field}.roles"),
                    format!("building {:?} has no role", b.name),
                );
            }
            if b.roles.iter().any(|r| !r.has_images()) {
                p.add(
                    format!("{field}.roles"),
                    format!(
                        "building {:?} has role esa, which holds no images (roles: train, val, test)",
                        b.name
                    ),
                );
            }
            let roles: BTreeSet<_> = b.roles.iter().collect();
            if roles.len() != b.roles.len() {
                p.add(
                    format!("{field}.roles"),
                    format!("building {:?} repeats a role", b.name),
                );
            }
            if b.images == Some(0) {
                p.add(format!("{field}.images"), "must be positive when given");
            }
        }
    }

    fn check_split_rule(&self, p: &mut Problems) {
        if let SplitRule::ImageRanges { of_role, val, test } = &self.split_rule {
            for (name, r) in [("val", val), ("test", test)] {
                if r[0] >= r[1] {
                    p.add(
                        format!("split_rule.{name}"),
                        format!("range [{}, {}) is empty", r[0], r[1]),
                    );
                }
            }
            if val[0] < test[1] && test[0] < val[1] {
                p.add(
                    "split_rule",
                    format!(
                        "val [{}, {}) and test [{}, {}) overlap",
                        val[0], val[1], test[0], test[1]
                    ),
                );
            }
            if *of_role == Split::Train {
                p.add(
                    "split_rule.of_role",
                    "val and test images cannot come from the train buildings",
                );
            }
            if !of_role.has_images() {
                p.add("split_rule.of_role", "esa holds no images");
            }
            if !self.buildings.iter().any(|b| b.roles.contains(of_role)) {
                p.add(
                    "split_rule.of_role",
                    format!("no building has role {of_role}"),
                );
            }
        }
    }

    fn check_archives(&self, p: &mut Problems) {
        for (name, info) in &self.archives {
            let field = format!("archives[{name:?}]");
            match self.layout.tar.parse(name) {
                None => p.add(
                    &field,
                    format!(
                        "does not match the archive template {:?}",
                        self.layout.tar.as_str()
                    ),
                ),
                Some(fields) => {
                    if let Some(b) = fields
                        .get("building")
                        .filter(|b| self.building(b).is_none())
                    {
                        p.add(&field, format!("building {b:?} is not in the manifest"));
                    }
                    if let Some(d) = fields.get("domain").filter(|d| self.domain(d).is_none()) {
                        p.add(&field, format!("domain {d:?} is not in the manifest"));
                    }
                }
            }
            if let Some(md5) = info.md5.as_deref().filter(|m| !is_md5(m)) {
                p.add(
                    format!("{field}.md5"),
                    format!("{md5:?} is not 32 lowercase hex digits"),
                );
            }
            if info.bytes == Some(0) {
                p.add(format!("{field}.bytes"), "must be positive when given");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DomainSpec, Encoding, Layout};
    use super::*;

    #[test]
    fn a_synthetic_manifest_is_valid() {
        let b = vec![
            ("alpha".to_string(), Split::Train, 4),
            ("beta".to_string(), Split::Val, 4),
        ];
        let m = Manifest::synthetic(
            "s",
            64,
            &b,
            &["rgb", "depth_zbuffer"],
            Layout::taskonomy(None),
        )
        .unwrap();
        assert!(m.problems().is_empty());
        assert!(
            Manifest::synthetic("s", 64, &b, &["rgb", "colour"], Layout::taskonomy(None)).is_err()
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let b = vec![("alpha".to_string(), Split::Train, 4)];
        let mut m =
            Manifest::synthetic("s", 64, &b, &["rgb"], Layout::taskonomy(Some("https://x/")))
                .unwrap();
        m.schema = 9;
        m.size = 0;
        m.domains.push(DomainSpec::new("rgb", Encoding::Rgb8));
        m.layout.tar = Template::new("{building}.tar");
        m.layout.base_url = Some("ftp://x".into());
        m.buildings.push(m.buildings[0].clone());
        m.buildings[0].name = "Alpha_1".into();
        m.split_rule = SplitRule::ImageRanges {
            of_role: Split::Test,
            val: [0, 10],
            test: [5, 5],
        };
        let fields: Vec<String> = m.problems().into_iter().map(|p| p.field).collect();
        for expected in [
            "schema",
            "size",
            "domains[1].name",
            "layout.tar",
            "layout.base_url",
            "buildings[0].name",
            "split_rule.test",
            "split_rule.of_role",
        ] {
            assert!(
                fields.iter().any(|f| f == expected),
                "{expected} not in {fields:?}"
            );
        }
    }
}
