//! The embedded font: DejaVu Sans (see `assets/fonts/README.md`), registered
//! with plotters as the `sans-serif` family so PNG text needs no system font.

use super::error::{PlotError, Result};
use plotters::style::{register_font, FontStyle};
use std::sync::OnceLock;

/// The font family every figure uses.
pub const FONT_FAMILY: &str = "sans-serif";

static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();

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
