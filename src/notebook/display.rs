//! Rich values for notebook cells: figures and their renders (SVG and PNG,
//! from [`crate::plot`]), HTML, DataFrames.

use crate::plot::{Figure, Png, Svg};
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

/// An HTML fragment that displays inline as `text/html`.
#[derive(Clone, Debug, PartialEq)]
pub struct Html(pub String);

impl Html {
    /// Shows the fragment in the notebook.
    pub fn evcxr_display(&self) {
        emit("text/html", &self.0);
    }
}

/// Inline display for the values a cell shows: figures (as SVG), their
/// renders ([`Svg`] as `image/svg+xml`, [`Png`] as base64 `image/png`) and a
/// polars `DataFrame` (an HTML table). In scope through
/// `taskgroup::prelude::*`, so evcxr finds `evcxr_display` on a cell's last
/// value.
pub trait NotebookDisplay {
    /// Shows the value in the notebook.
    fn evcxr_display(&self);
    /// The HTML the notebook shows.
    fn to_html(&self) -> Html;
}

impl NotebookDisplay for Svg {
    fn evcxr_display(&self) {
        emit("image/svg+xml", &self.0);
    }

    fn to_html(&self) -> Html {
        Html(self.0.clone())
    }
}

impl NotebookDisplay for Png {
    fn evcxr_display(&self) {
        emit("image/png", &png_base64(self));
    }

    fn to_html(&self) -> Html {
        Html(format!(
            "<img src=\"data:image/png;base64,{}\">",
            png_base64(self)
        ))
    }
}

/// The PNG's bytes in base64, as the display protocol and data URLs want.
fn png_base64(png: &Png) -> String {
    base64::engine::general_purpose::STANDARD.encode(&png.0)
}

/// A figure shows as its SVG; one that fails to render shows its error instead.
impl<F: Figure> NotebookDisplay for F {
    fn evcxr_display(&self) {
        match self.to_svg() {
            Ok(svg) => svg.evcxr_display(),
            Err(e) => println!("taskgroup: the figure could not be drawn: {e}"),
        }
    }

    fn to_html(&self) -> Html {
        match self.to_svg() {
            Ok(svg) => svg.to_html(),
            Err(e) => Html(format!(
                "<p>the figure could not be drawn: {}</p>",
                escape(&e.to_string())
            )),
        }
    }
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
    fn renders_show_as_html() {
        assert_eq!(Svg("<svg/>".into()).to_html().0, "<svg/>");
        assert_eq!(
            Png(vec![1, 2, 3]).to_html().0,
            "<img src=\"data:image/png;base64,AQID\">"
        );
    }

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
