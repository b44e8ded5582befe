//! Rich values for notebook cells: SVG and PNG figures, HTML, DataFrames.

use base64::Engine;
use polars::prelude::DataFrame;
use std::io::Write;

/// Writes one evcxr content block to stdout.
fn emit(mime: &str, content: &str) {
    let mut out = std::io::stdout().lock();
    // A failed write to the kernel's stdout has nowhere better to be reported.
    let _ = writeln!(
        out,
        "EVCXR_BEGIN_CONTENT {mime}\n{content}\nEVCXR_END_CONTENT"
    );
    let _ = out.flush();
}

/// An SVG document that displays inline as `image/svg+xml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Svg(pub String);

impl Svg {
    /// Shows the figure in the notebook (evcxr calls this on a cell's last value).
    pub fn evcxr_display(&self) {
        emit("image/svg+xml", &self.0);
    }

    /// Writes the SVG to a file.
    pub fn save(&self, path: impl AsRef<std::path::Path>) -> std::io::Result<()> {
        std::fs::write(path, &self.0)
    }
}

/// A PNG image that displays inline as `image/png`.
#[derive(Clone, Debug, PartialEq)]
pub struct Png(pub Vec<u8>);

impl Png {
    /// Shows the image in the notebook (base64, as the display protocol wants).
    pub fn evcxr_display(&self) {
        emit(
            "image/png",
            &base64::engine::general_purpose::STANDARD.encode(&self.0),
        );
    }

    /// Writes the PNG to a file.
    pub fn save(&self, path: impl AsRef<std::path::Path>) -> std::io::Result<()> {
        std::fs::write(path, &self.0)
    }
}

/// An HTML fragment that displays inline as `text/html`.
#[derive(Clone, Debug, PartialEq)]
pub struct Html(pub String);

impl Html {
    /// Shows the fragment in the notebook.
    pub fn evcxr_display(&self) {
        emit("text/html", &self.0);
    }
}

/// Inline display for foreign types (a polars `DataFrame` shows as an HTML
/// table). In scope through `taskgroup::prelude::*`.
pub trait NotebookDisplay {
    /// Shows the value in the notebook.
    fn evcxr_display(&self);
    /// The HTML the notebook shows.
    fn to_html(&self) -> Html;
}

/// Rows shown inline before the table is cut (the rest is counted).
const MAX_HTML_ROWS: usize = 40;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl NotebookDisplay for DataFrame {
    fn evcxr_display(&self) {
        self.to_html().evcxr_display();
    }

    fn to_html(&self) -> Html {
        let mut h = String::from("<table class=\"taskgroup-frame\"><thead><tr>");
        for col in self.columns() {
            h.push_str(&format!(
                "<th>{}<br><small>{}</small></th>",
                escape(col.name()),
                escape(&col.dtype().to_string())
            ));
        }
        h.push_str("</tr></thead><tbody>");
        let shown = self.height().min(MAX_HTML_ROWS);
        for row in 0..shown {
            h.push_str("<tr>");
            for col in self.columns() {
                let cell = match col.get(row) {
                    Ok(v) => v.to_string(),
                    Err(e) => format!("<{e}>"),
                };
                h.push_str(&format!("<td>{}</td>", escape(cell.trim_matches('"'))));
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table>");
        h.push_str(&format!(
            "<p><small>{} rows × {} columns{}</small></p>",
            self.height(),
            self.width(),
            if self.height() > shown {
                format!(", first {shown} shown")
            } else {
                String::new()
            }
        ));
        Html(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    #[test]
    fn frame_renders_as_escaped_html_table() {
        let df = df!("task" => ["s<d", "n"], "loss" => [0.5f64, 0.25]).unwrap();
        let html = df.to_html().0;
        assert!(html.starts_with("<table"));
        assert!(html.contains("<td>s&lt;d</td>"));
        assert!(html.contains("<td>0.25</td>"));
        assert!(html.contains("2 rows × 2 columns"));
    }
}
