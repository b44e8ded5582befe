//! The [`Figure`] trait: one drawing function per figure, rendered to an SVG
//! string, PNG bytes, a file (by extension) or a notebook cell.

use super::error::{drawing, PlotError, Result};
use super::font::{ensure_fonts, Typeset};
use crate::analysis::export::write_bytes;
use crate::notebook::{Png, Svg};
use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};
use plotters::style::WHITE;
use std::path::Path;

/// A figure: data plus how to draw it.
///
/// Implementors provide [`Figure::size`] and [`Figure::draw`]; the rest
/// renders. `draw` paints on any plotters area (so a figure can be one panel
/// of a larger drawing) and does not clear its background.
pub trait Figure {
    /// The figure's natural size in pixels, `(width, height)`.
    fn size(&self) -> Result<(u32, u32)>;

    /// Draws the figure onto `area` (registering the embedded font first).
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()>;

    /// Renders the figure as an SVG document on a white background.
    fn to_svg(&self) -> Result<Svg> {
        render_svg(self.size()?, |area| self.draw(area))
    }

    /// Renders the figure as a PNG image on a white background.
    fn to_png(&self) -> Result<Png> {
        render_png(self.size()?, |area| self.draw(area))
    }

    /// Saves the figure atomically as SVG or PNG, chosen by the extension of
    /// `path` (`.svg` or `.png`, any case).
    fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let bytes = match ext.as_deref() {
            Some("svg") => self.to_svg()?.0.into_bytes(),
            Some("png") => self.to_png()?.0,
            _ => {
                return Err(PlotError::UnsupportedExtension {
                    path: path.to_path_buf(),
                })
            }
        };
        Ok(write_bytes(path, &bytes)?)
    }

    /// Shows the figure inline in a notebook (evcxr calls this on a cell's
    /// last value). A figure that fails to render shows its error instead.
    fn evcxr_display(&self) {
        match self.to_svg() {
            Ok(svg) => svg.evcxr_display(),
            Err(e) => println!("taskgroup: the figure could not be drawn: {e}"),
        }
    }
}

/// Renders `draw` on a white SVG canvas of `size` pixels.
pub(crate) fn render_svg(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<()>,
) -> Result<Svg> {
    ensure_fonts()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        draw(&root)?;
        root.present().map_err(drawing)?;
    }
    Ok(Svg(out))
}

/// Renders `draw` on a white RGB canvas of `size` pixels (text placed by
/// [`Typeset`]) and encodes it as PNG.
pub(crate) fn render_png(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<Typeset<BitMapBackend<'_>>, Shift>) -> Result<()>,
) -> Result<Png> {
    ensure_fonts()?;
    let (w, h) = size;
    let mut pixels = vec![255u8; w as usize * h as usize * 3];
    {
        let root = Typeset(BitMapBackend::with_buffer(&mut pixels, size)).into_drawing_area();
        draw(&root)?;
        root.present().map_err(drawing)?;
    }
    Ok(Png(encode_png(w, h, &pixels)?))
}

/// Encodes an RGB8 buffer as PNG bytes.
pub(crate) fn encode_png(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(bytes)
}

/// Checks that a figure's size is drawable (both sides positive, at most
/// 16384 pixels).
pub(crate) fn check_size(figure: &'static str, (w, h): (u32, u32)) -> Result<(u32, u32)> {
    if w == 0 || h == 0 || w > 16_384 || h > 16_384 {
        return Err(super::error::invalid(
            figure,
            format!("size {w}x{h} pixels is not drawable"),
        ));
    }
    Ok((w, h))
}
