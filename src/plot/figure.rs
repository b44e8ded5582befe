//! The [`Figure`] trait: one drawing function per figure, rendered to an SVG
//! string or PNG bytes ([`super::render`]) or a file (by extension); the
//! notebook shows any figure inline (`crate::notebook`).

use super::error::{drawing, PlotError, Result};
use super::font::{ensure_fonts, Typeset};
use super::render::{Png, Svg};
use crate::data::{encode_png, PngCompression};
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
        match ext.as_deref() {
            Some("svg") => Ok(self.to_svg()?.save(path)?),
            Some("png") => Ok(self.to_png()?.save(path)?),
            _ => Err(PlotError::UnsupportedExtension {
                path: path.to_path_buf(),
            }),
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
    Ok(Png(encode_rgb_png(w, h, &pixels)?))
}

/// Encodes an RGB8 buffer as PNG bytes (the encoder's default compression).
pub(crate) fn encode_rgb_png(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>> {
    let (color, depth) = (png::ColorType::Rgb, png::BitDepth::Eight);
    Ok(encode_png(
        width,
        height,
        color,
        depth,
        PngCompression::Default,
        rgb,
    )?)
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
