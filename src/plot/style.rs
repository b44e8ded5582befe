//! Shared look: text styles, measured text, the series palette and the
//! diverging colour scale.

use super::error::{drawing, Result};
use super::font::{ensure_fonts, FONT_FAMILY};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{IntoFont, RGBColor, TextStyle, BLACK, WHITE};

/// Title text size (pixels).
pub(crate) const TITLE_SIZE: f64 = 20.0;
/// Label text size (pixels).
pub(crate) const LABEL_SIZE: f64 = 15.0;
/// Small text size (pixels).
pub(crate) const SMALL_SIZE: f64 = 12.0;

/// A text style in the figure font, anchored at `(h, v)`.
pub(crate) fn text(size: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from((FONT_FAMILY, size).into_font())
        .pos(Pos::new(h, v))
        .color(&BLACK)
}

/// The width and height in pixels of `s` at `size`.
pub(crate) fn text_size(s: &str, size: f64) -> Result<(u32, u32)> {
    ensure_fonts()?;
    (FONT_FAMILY, size).into_font().box_size(s).map_err(drawing)
}

/// The widest of `texts` at `size`, in pixels.
pub(crate) fn max_text_width<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    size: f64,
) -> Result<u32> {
    texts
        .into_iter()
        .map(|t| text_size(t, size).map(|(w, _)| w))
        .try_fold(0, |m, w| w.map(|w| m.max(w)))
}

/// Ten distinguishable colours (Tableau 10).
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// The `i`-th series colour (cycling).
pub(crate) fn series_colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The blue end of the diverging scale (negative values).
pub(crate) const NEGATIVE: RGBColor = RGBColor(33, 102, 172);
/// The red end of the diverging scale (positive values).
pub(crate) const POSITIVE: RGBColor = RGBColor(178, 24, 43);
/// Grey for cells without a value.
pub(crate) const MISSING: RGBColor = RGBColor(220, 220, 220);

/// The colour a fraction `t` of the way from `a` to `b`.
pub(crate) fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let c = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    RGBColor(c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
}

/// The diverging colour of `t` in [-1, 1] (clamped): blue below 0, white at
/// 0, red above.
pub(crate) fn diverging(t: f64) -> RGBColor {
    let t = t.clamp(-1.0, 1.0);
    if t < 0.0 {
        mix(WHITE, NEGATIVE, -t)
    } else {
        mix(WHITE, POSITIVE, t)
    }
}

/// Black or white, whichever reads better on `background`.
pub(crate) fn ink_on(background: RGBColor) -> RGBColor {
    let luma =
        0.299 * background.0 as f64 + 0.587 * background.1 as f64 + 0.114 * background.2 as f64;
    if luma < 140.0 {
        WHITE
    } else {
        BLACK
    }
}

/// A light tint of `c` (for backgrounds).
pub(crate) fn tint(c: RGBColor, amount: f64) -> RGBColor {
    mix(WHITE, c, amount)
}
