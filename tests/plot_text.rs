//! Raster text: a figure title with decimals ("budget 1.5") rendered to PNG
//! puts every glyph's ink where the embedded font's metrics say (pen position
//! from advances and kerning, plus the glyph's left side bearing), so "1.5"
//! does not read as "1. 5".

use ab_glyph::{Font, FontRef, ScaleFont};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, IntoFont, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{TextStyle, BLACK};
use taskgroup::plot::font::FONT_FAMILY;
use taskgroup::plot::{Figure, PlotError};

const SIZE: f64 = 60.0;
const ORIGIN: (i32, i32) = (20, 10);
const TEXT: &str = "1.5";

/// A figure that is only a title.
struct Title(&'static str);

impl Figure for Title {
    fn size(&self) -> Result<(u32, u32), PlotError> {
        Ok((200, 80))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let style = TextStyle::from((FONT_FAMILY, SIZE).into_font())
            .pos(Pos::new(HPos::Left, VPos::Top))
            .color(&BLACK);
        area.draw(&Text::new(self.0, ORIGIN, style))
            .map_err(|e| PlotError::Drawing(e.to_string()))
    }
}

/// The columns holding ink (any channel below half intensity), as runs
/// `[first, last]`.
fn ink_runs(png: &[u8]) -> Vec<(i32, i32)> {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut rgb).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let inked = |x: usize| (0..h).any(|y| rgb[(y * w + x) * 3] < 128);
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for x in 0..w {
        if inked(x) {
            match runs.last_mut() {
                Some(run) if run.1 == x as i32 - 1 => run.1 = x as i32,
                _ => runs.push((x as i32, x as i32)),
            }
        }
    }
    runs
}

/// Where each glyph's ink starts and ends per the font: pen position plus
/// the side bearing, the bearing plus the ink width.
fn expected_ink(text: &str) -> Vec<(f32, f32)> {
    let bytes = include_bytes!("../assets/fonts/DejaVuSans.ttf");
    let font = FontRef::try_from_slice(bytes).unwrap();
    let scaled = font.as_scaled(SIZE as f32);
    let mut caret = ORIGIN.0 as f32;
    let mut prev = None;
    let mut ink = Vec::new();
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            caret += scaled.kern(p, id);
        }
        prev = Some(id);
        let ink_box = font.outline(id).expect("the glyph has an outline").bounds;
        let scale = scaled.h_scale_factor();
        ink.push((caret + ink_box.min.x * scale, caret + ink_box.max.x * scale));
        caret += scaled.h_advance(id);
    }
    ink
}

#[test]
fn decimals_in_a_png_title_keep_their_glyph_spacing() {
    let runs = ink_runs(&Title(TEXT).to_png().unwrap().0);
    let expected = expected_ink(TEXT);
    assert_eq!(
        runs.len(),
        expected.len(),
        "one ink run per glyph: {runs:?}"
    );
    for ((c, (first, last)), (start, end)) in TEXT.chars().zip(&runs).zip(&expected) {
        assert!(
            (*first as f32 - start).abs() <= 1.5 && (*last as f32 + 1.0 - end).abs() <= 1.5,
            "`{c}` inked at columns {first}..={last}, the font places it at {start:.1}..{end:.1}"
        );
    }
    // The full stop sits between its neighbours as the font spaces it: the
    // gaps before and after it match the font's to a pixel.
    let gap = |a: usize| (runs[a + 1].0 - runs[a].1 - 1) as f32;
    let font_gap = |a: usize| expected[a + 1].0 - expected[a].1;
    for a in 0..2 {
        assert!(
            (gap(a) - font_gap(a)).abs() <= 1.5,
            "gap {a} is {} px, the font's is {:.1} px (runs {runs:?})",
            gap(a),
            font_gap(a)
        );
    }
}
