//! The embedded font: DejaVu Sans (see `assets/fonts/README.md`), registered
//! with plotters as the `sans-serif` family so PNG text needs no system font,
//! and [`Typeset`], the raster backend wrapper that places its glyphs.
//!
//! plotters 0.3.7 rasterises each glyph of an ab_glyph font with the glyph's
//! ink box at the pen position, dropping the glyph's left side bearing (and
//! its sub-pixel position). Narrow glyphs with wide bearings move left: in
//! "1.5" the full stop touches the `1` and leaves a gap before the `5`, which
//! reads as "1. 5". SVG output is unaffected (it carries `<text>` for the
//! viewer to lay out); PNG output goes through [`Typeset`], which lays text
//! out from the font's advances, kerning and side bearings.

use super::error::{PlotError, Result};
use ab_glyph::{point, Font, FontRef, ScaleFont};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{register_font, FontStyle};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::sync::OnceLock;

/// The font family every figure uses.
pub const FONT_FAMILY: &str = "sans-serif";

static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();

static PARSED: OnceLock<Option<FontRef<'static>>> = OnceLock::new();

/// Registers the embedded font with plotters, once per process. Every
/// rendering path calls it; call it yourself before drawing plotters text of
/// your own in [`FONT_FAMILY`].
pub fn ensure_fonts() -> Result<()> {
    REGISTERED
        .get_or_init(|| {
            register_font(FONT_FAMILY, FontStyle::Normal, DEJAVU_SANS)
                .map_err(|_| "the embedded DejaVu Sans font did not parse".to_string())
        })
        .clone()
        .map_err(PlotError::Drawing)
}

/// The embedded font as ab_glyph reads it (`None` if it does not parse, which
/// [`ensure_fonts`] reports as an error).
fn embedded() -> Option<&'static FontRef<'static>> {
    PARSED
        .get_or_init(|| FontRef::try_from_slice(DEJAVU_SANS).ok())
        .as_ref()
}

/// A drawing backend that draws text in [`FONT_FAMILY`] itself, each glyph
/// at its pen position plus its left side bearing, and passes everything
/// else (and text in other families) to the backend it wraps.
///
/// [`crate::plot::Figure::to_png`] renders through it; wrap a plotters
/// `BitMapBackend` in it to draw figure text of your own on a raster image.
/// Vertical placement, anchoring, rotation and the text's measured box are
/// plotters' own, so layouts computed with plotters' text sizes still fit.
pub struct Typeset<DB>(pub DB);

impl<DB: DrawingBackend> Typeset<DB> {
    /// Rasterises `text` with the embedded font at `size` pixels, calling
    /// `draw(x, y, coverage)` for each touched pixel relative to the text's
    /// origin. Horizontally each glyph sits at its sub-pixel pen position
    /// (advances and kerning) with its side bearing; vertically exactly where
    /// plotters puts it (ink top at `size / 2` plus the glyph's top, truncated).
    fn glyph_pixels<E>(
        font: &FontRef<'static>,
        size: f64,
        text: &str,
        mut draw: impl FnMut(i32, i32, f32) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let scaled = font.as_scaled(size as f32);
        let mut caret = 0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                caret += scaled.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(scaled.scale(), point(caret, 0.0));
            if let Some(outline) = scaled.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                let (x0, y0) = (
                    bounds.min.x as i32,
                    (size as f32 / 2.0 + bounds.min.y) as i32,
                );
                let mut pixels = Vec::new();
                outline.draw(|x, y, c| pixels.push((x as i32 + x0, y as i32 + y0, c)));
                for (x, y, c) in pixels {
                    draw(x, y, c)?;
                }
            }
            caret += scaled.h_advance(id);
        }
        Ok(())
    }
}

impl<DB: DrawingBackend> DrawingBackend for Typeset<DB> {
    type ErrorType = DB::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<DB::ErrorType>> {
        self.0.estimate_text_size(text, style)
    }

    /// plotters' own text drawing (anchor from the measured box, then the
    /// rotation), with the glyphs placed by [`Typeset::glyph_pixels`].
    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        let font = match embedded() {
            Some(font) if style.family().as_str() == FONT_FAMILY => font,
            _ => return self.0.draw_text(text, style, pos),
        };
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let (w, h) = self.0.get_size();
        Self::glyph_pixels(font, style.size(), text, |x, y, coverage| {
            let (x, y) = transform.transform(x + dx - min_x, y + dy - min_y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                self.0.draw_pixel((x, y), color.mix(coverage as f64))
            } else {
                Ok(())
            }
        })
    }
}
