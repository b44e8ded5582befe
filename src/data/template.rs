//! [`Template`]: a name pattern with `{placeholders}`, rendered to build a
//! path and matched to read the fields back out of a file or member name.
//!
//! Placeholders: `{building}` (lowercase letters), `{domain}` (a domain's
//! name), `{token}` (the domain's token in file names), `{point}` and
//! `{view}` (unpadded decimal integers), `{ext}` (the file extension) and
//! `{file}` (a whole file name, in tar member templates).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Every placeholder a template may use.
pub const PLACEHOLDERS: [&str; 7] = [
    "building", "domain", "token", "point", "view", "ext", "file",
];

/// A name pattern such as `point_{point}_view_{view}_domain_{token}.{ext}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Template(pub String);

#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Lit(&'a str),
    Var(&'a str),
}

/// Values for a template's placeholders.
pub type Fields = BTreeMap<String, String>;

impl Template {
    /// A template from its text.
    pub fn new(text: impl Into<String>) -> Template {
        Template(text.into())
    }

    /// The template's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn pieces(&self) -> Result<Vec<Piece<'_>>, String> {
        let mut out = Vec::new();
        let mut rest = self.0.as_str();
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let end = rest
                        .find('}')
                        .ok_or_else(|| format!("unclosed '{{' in {:?}", self.0))?;
                    let name = &rest[1..end];
                    if !PLACEHOLDERS.contains(&name) {
                        return Err(format!(
                            "unknown placeholder {{{name}}} in {:?} (known: {})",
                            self.0,
                            PLACEHOLDERS.join(", ")
                        ));
                    }
                    if matches!(out.last(), Some(Piece::Var(_))) {
                        return Err(format!(
                            "placeholders must be separated by text in {:?}",
                            self.0
                        ));
                    }
                    out.push(Piece::Var(name));
                    rest = &rest[end + 1..];
                }
                Some(i) => {
                    out.push(Piece::Lit(&rest[..i]));
                    rest = &rest[i..];
                }
                None => {
                    out.push(Piece::Lit(rest));
                    rest = "";
                }
            }
        }
        if out
            .iter()
            .any(|p| matches!(p, Piece::Lit(l) if l.contains('}')))
        {
            return Err(format!("stray '}}' in {:?}", self.0));
        }
        Ok(out)
    }

    /// Checks the syntax and returns the placeholders used.
    pub fn placeholders(&self) -> Result<Vec<String>, String> {
        Ok(self
            .pieces()?
            .into_iter()
            .filter_map(|p| match p {
                Piece::Var(v) => Some(v.to_string()),
                Piece::Lit(_) => None,
            })
            .collect())
    }

    /// The template with `{file}` replaced by another template's text (a tar
    /// member template spelled with the file template).
    pub fn expand_file(&self, file: &Template) -> Template {
        Template(self.0.replace("{file}", &file.0))
    }

    /// The text with each placeholder replaced by its value; placeholders
    /// without a value stay as they are.
    pub fn render(&self, fields: &[(&str, &str)]) -> String {
        let mut out = self.0.clone();
        for (name, value) in fields {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// Matches a name against the template, returning the placeholders'
    /// values, or `None` when the name does not fit (a placeholder used twice
    /// must take the same value both times).
    pub fn parse(&self, name: &str) -> Option<Fields> {
        let pieces = self.pieces().ok()?;
        let mut fields = Fields::new();
        if match_from(&pieces, name, &mut fields) {
            Some(fields)
        } else {
            None
        }
    }
}

fn valid_value(var: &str, value: &str) -> bool {
    if value.is_empty() {
        return false;
    }
    match var {
        "point" | "view" => value.bytes().all(|b| b.is_ascii_digit()),
        "building" => value.bytes().all(|b| b.is_ascii_lowercase()),
        "domain" | "token" => value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "ext" => value.bytes().all(|b| b.is_ascii_alphanumeric()),
        _ => !value.contains('/'),
    }
}

fn match_from(pieces: &[Piece<'_>], name: &str, fields: &mut Fields) -> bool {
    match pieces.split_first() {
        None => name.is_empty(),
        Some((Piece::Lit(lit), rest)) => name
            .strip_prefix(lit)
            .is_some_and(|tail| match_from(rest, tail, fields)),
        Some((Piece::Var(var), rest)) => {
            // Try every split point: the value runs up to the next literal.
            let candidates: Vec<usize> = match rest.first() {
                None => vec![name.len()],
                Some(Piece::Lit(lit)) => name.match_indices(lit).map(|(i, _)| i).collect(),
                Some(Piece::Var(_)) => return false,
            };
            for end in candidates {
                let value = &name[..end];
                if !valid_value(var, value) {
                    continue;
                }
                let bound = fields.get(*var).cloned();
                if bound.as_deref().is_some_and(|b| b != value) {
                    continue;
                }
                fields.insert(var.to_string(), value.to_string());
                if match_from(rest, &name[end..], fields) {
                    return true;
                }
                match bound {
                    Some(b) => fields.insert(var.to_string(), b),
                    None => fields.remove(*var),
                };
            }
            false
        }
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "point_{point}_view_{view}_domain_{token}.{ext}";

    #[test]
    fn renders_and_parses_taskonomy_names() {
        let t = Template::new(FILE);
        let name = t.render(&[
            ("point", "12"),
            ("view", "3"),
            ("token", "depth_zbuffer"),
            ("ext", "png"),
        ]);
        assert_eq!(name, "point_12_view_3_domain_depth_zbuffer.png");
        let f = t.parse(&name).unwrap();
        assert_eq!(f["point"], "12");
        assert_eq!(f["view"], "3");
        assert_eq!(f["token"], "depth_zbuffer");
        assert_eq!(f["ext"], "png");
        assert!(t
            .parse("point_1_view_all_domain_nonfixated_matches.json")
            .is_none());
        assert!(t.parse(".DS_Store").is_none());
    }

    #[test]
    fn member_template_binds_the_domain_twice() {
        let m = Template::new("{domain}/{file}")
            .expand_file(&Template::new(FILE.replace("{token}", "{domain}")));
        let f = m.parse("normal/point_0_view_1_domain_normal.png").unwrap();
        assert_eq!(f["domain"], "normal");
        assert!(m.parse("normal/point_0_view_1_domain_rgb.png").is_none());
    }

    #[test]
    fn rejects_bad_syntax() {
        assert!(Template::new("{building").placeholders().is_err());
        assert!(Template::new("{colour}.png").placeholders().is_err());
        assert!(Template::new("{point}{view}").placeholders().is_err());
        assert_eq!(
            Template::new("{building}_{domain}.tar")
                .placeholders()
                .unwrap(),
            ["building", "domain"]
        );
    }
}
