//! A grid of sample images: for example one row per sample with its input
//! image, the labels and a network's predictions, each with a title.

use super::error::{drawing, invalid, Result};
use super::figure::{check_size, encode_rgb_png, render_svg, Figure};
use super::render::Svg;
use super::style::{max_text_width, text, text_size, LABEL_SIZE, TITLE_SIZE};
use crate::data::resize::nearest_image;
use base64::Engine;
use plotters::coord::Shift;
use plotters::element::BitMapElement;
use plotters::prelude::{DrawingArea, DrawingBackend, Rectangle, Text};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, BLACK};

const FIGURE: &str = "sample grid";
const PAD: i32 = 16;
const GAP: i32 = 12;

/// An RGB image, 8 bits per channel, rows top to bottom.
#[derive(Clone, Debug, PartialEq)]
pub struct RgbImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 3` bytes, `[r, g, b]` per pixel, row-major.
    pub pixels: Vec<u8>,
}

/// Twenty distinguishable colours for class maps.
const CLASS_COLOURS: [[u8; 3]; 20] = [
    [31, 119, 180],
    [255, 127, 14],
    [44, 160, 44],
    [214, 39, 40],
    [148, 103, 189],
    [140, 86, 75],
    [227, 119, 194],
    [127, 127, 127],
    [188, 189, 34],
    [23, 190, 207],
    [174, 199, 232],
    [255, 187, 120],
    [152, 223, 138],
    [255, 152, 150],
    [197, 176, 213],
    [196, 156, 148],
    [247, 182, 210],
    [199, 199, 199],
    [219, 219, 141],
    [158, 218, 229],
];

impl RgbImage {
    /// An image from RGB bytes; the length must be `width * height * 3`.
    pub fn new(width: u32, height: u32, pixels: Vec<u8>) -> Result<Self> {
        if width == 0 || height == 0 {
            return Err(invalid(
                FIGURE,
                format!("an image of {width}x{height} pixels is empty"),
            ));
        }
        let expected = width as usize * height as usize * 3;
        if pixels.len() != expected {
            return Err(invalid(
                FIGURE,
                format!(
                    "a {width}x{height} RGB image needs {expected} bytes, got {}",
                    pixels.len()
                ),
            ));
        }
        Ok(RgbImage {
            width,
            height,
            pixels,
        })
    }

    /// An image from planar float values (`channels` planes of
    /// `width * height`, as a `[C, H, W]` tensor is laid out), with `lo`
    /// drawn black and `hi` white; values outside are drawn at the nearest
    /// end. One channel gives a grey image, three an RGB one.
    pub fn from_planar(
        width: u32,
        height: u32,
        channels: usize,
        values: &[f32],
        lo: f32,
        hi: f32,
    ) -> Result<Self> {
        let plane = width as usize * height as usize;
        if channels != 1 && channels != 3 {
            return Err(invalid(
                FIGURE,
                format!("planar images have 1 or 3 channels, got {channels}"),
            ));
        }
        if values.len() != plane * channels {
            return Err(invalid(
                FIGURE,
                format!(
                    "{channels} planes of {width}x{height} need {} values, got {}",
                    plane * channels,
                    values.len()
                ),
            ));
        }
        if !lo.is_finite() || !hi.is_finite() || hi <= lo {
            return Err(invalid(
                FIGURE,
                format!("the value range [{lo}, {hi}] is empty"),
            ));
        }
        if let Some(v) = values.iter().find(|v| !v.is_finite()) {
            return Err(invalid(
                FIGURE,
                format!("the image holds the non-finite value {v}"),
            ));
        }
        let byte = |v: f32| (((v - lo) / (hi - lo)).clamp(0.0, 1.0) * 255.0).round() as u8;
        let mut pixels = Vec::with_capacity(plane * 3);
        for p in 0..plane {
            for c in 0..3 {
                pixels.push(byte(values[(c % channels) * plane + p]));
            }
        }
        RgbImage::new(width, height, pixels)
    }

    /// An image of a class map (e.g. semantic segmentation), one colour per
    /// class index (cycling through 20 colours); negative indices (ignored
    /// pixels) are black.
    pub fn from_classes(width: u32, height: u32, classes: &[i64]) -> Result<Self> {
        if classes.len() != width as usize * height as usize {
            return Err(invalid(
                FIGURE,
                format!(
                    "a {width}x{height} class map needs {} values, got {}",
                    width * height,
                    classes.len()
                ),
            ));
        }
        let pixels = classes
            .iter()
            .flat_map(|&c| {
                if c < 0 {
                    [0, 0, 0]
                } else {
                    CLASS_COLOURS[c as usize % CLASS_COLOURS.len()]
                }
            })
            .collect();
        RgbImage::new(width, height, pixels)
    }

    /// The image resized to `(w, h)` by nearest neighbour.
    fn resized(&self, w: u32, h: u32) -> Vec<u8> {
        let from = (self.width as usize, self.height as usize);
        nearest_image(&self.pixels, from, (w as usize, h as usize), 3)
    }

    /// Its size when fitted in a `side` x `side` box, aspect kept.
    fn fitted(&self, side: u32) -> (u32, u32) {
        if self.width >= self.height {
            (
                side,
                (side as u64 * self.height as u64 / self.width as u64).max(1) as u32,
            )
        } else {
            (
                (side as u64 * self.width as u64 / self.height as u64).max(1) as u32,
                side,
            )
        }
    }
}

/// An image with its title.
#[derive(Clone, Debug, PartialEq)]
pub struct TitledImage {
    /// The title drawn above it.
    pub title: String,
    /// The image.
    pub image: RgbImage,
}

impl TitledImage {
    /// An image with a title.
    pub fn new(title: impl Into<String>, image: RgbImage) -> Self {
        TitledImage {
            title: title.into(),
            image,
        }
    }
}

/// Rows of titled images, each image fitted into a square cell.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleGrid {
    /// The rows (e.g. per sample: input, labels, predictions).
    pub rows: Vec<Vec<TitledImage>>,
    /// The side of an image cell in pixels.
    pub cell: u32,
    /// The title.
    pub title: String,
}

/// Where one image goes: its index and its box in pixels.
struct Placement {
    row: usize,
    col: usize,
    at: (i32, i32),
    size: (u32, u32),
}

impl SampleGrid {
    /// A grid with 160-pixel cells and the default title.
    pub fn new(rows: Vec<Vec<TitledImage>>) -> Self {
        SampleGrid {
            rows,
            cell: 160,
            title: "Samples".into(),
        }
    }

    /// Sets the title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Sets the cell side in pixels.
    pub fn with_cell(mut self, cell: u32) -> Self {
        self.cell = cell;
        self
    }

    fn title_h(&self) -> i32 {
        TITLE_SIZE as i32 + 14
    }

    fn label_h(&self) -> i32 {
        LABEL_SIZE as i32 + 8
    }

    /// The width of a column: the cell, or the widest image title.
    fn column_width(&self) -> Result<i32> {
        let titles = self.rows.iter().flatten().map(|t| t.title.as_str());
        Ok((self.cell as i32).max(max_text_width(titles, LABEL_SIZE)? as i32))
    }

    fn placements(&self) -> Result<Vec<Placement>> {
        if self.rows.iter().all(Vec::is_empty) {
            return Err(invalid(FIGURE, "no image"));
        }
        if self.cell == 0 {
            return Err(invalid(FIGURE, "the cell size is 0"));
        }
        let c = self.cell as i32;
        let cw = self.column_width()?;
        let mut out = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            for (k, item) in row.iter().enumerate() {
                let size = item.image.fitted(self.cell);
                let x = PAD + k as i32 * (cw + GAP) + (cw - size.0 as i32) / 2;
                let y = PAD
                    + self.title_h()
                    + r as i32 * (c + self.label_h() + GAP)
                    + self.label_h()
                    + (c - size.1 as i32) / 2;
                out.push(Placement {
                    row: r,
                    col: k,
                    at: (x, y),
                    size,
                });
            }
        }
        Ok(out)
    }

    /// Everything except the pixels: the title, image titles and frames.
    fn draw_frame<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        placements: &[Placement],
    ) -> Result<()> {
        let d = |e| drawing(e);
        area.draw(&Text::new(
            self.title.clone(),
            (PAD, PAD),
            text(TITLE_SIZE, HPos::Left, VPos::Top),
        ))
        .map_err(d)?;
        let c = self.cell as i32;
        let cw = self.column_width()?;
        for p in placements {
            let title = &self.rows[p.row][p.col].title;
            let cx = PAD + p.col as i32 * (cw + GAP) + cw / 2;
            let ty = PAD + self.title_h() + p.row as i32 * (c + self.label_h() + GAP);
            area.draw(&Text::new(
                title.clone(),
                (cx, ty),
                text(LABEL_SIZE, HPos::Center, VPos::Top),
            ))
            .map_err(d)?;
            let (x, y) = p.at;
            let frame = [(x - 1, y - 1), (x + p.size.0 as i32, y + p.size.1 as i32)];
            area.draw(&Rectangle::new(frame, BLACK.mix(0.3).stroke_width(1)))
                .map_err(d)?;
        }
        Ok(())
    }
}

impl Figure for SampleGrid {
    fn size(&self) -> Result<(u32, u32)> {
        self.placements()?;
        let c = self.cell as i32;
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0) as i32;
        let col_w = self.column_width()?;
        let width = (PAD * 2 + cols * col_w + (cols - 1) * GAP)
            .max(PAD * 2 + text_size(&self.title, TITLE_SIZE)?.0 as i32);
        let rows = self.rows.len() as i32;
        let height = PAD * 2 + self.title_h() + rows * (c + self.label_h()) + (rows - 1) * GAP;
        check_size(FIGURE, (width as u32, height as u32))
    }

    /// Draws the frame and blits every image's pixels (resized by nearest
    /// neighbour), which suits raster backends.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let placements = self.placements()?;
        self.draw_frame(area, &placements)?;
        for p in &placements {
            let image = &self.rows[p.row][p.col].image;
            let element =
                BitMapElement::with_owned_buffer(p.at, p.size, image.resized(p.size.0, p.size.1))
                    .ok_or_else(|| invalid(FIGURE, "resized image buffer has the wrong length"))?;
            area.draw(&element).map_err(drawing)?;
        }
        Ok(())
    }

    /// SVG with each image embedded once as a PNG `<image>` element at its
    /// own resolution (drawing pixels as shapes would make huge documents).
    fn to_svg(&self) -> Result<Svg> {
        let placements = self.placements()?;
        let Svg(mut doc) = render_svg(self.size()?, |area| self.draw_frame(area, &placements))?;
        let mut images = String::new();
        for p in &placements {
            let image = &self.rows[p.row][p.col].image;
            let data = base64::engine::general_purpose::STANDARD.encode(encode_rgb_png(
                image.width,
                image.height,
                &image.pixels,
            )?);
            images.push_str(&format!(
                "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,{data}\"/>\n",
                p.at.0, p.at.1, p.size.0, p.size.1
            ));
        }
        let end = doc
            .rfind("</svg>")
            .ok_or_else(|| invalid(FIGURE, "plotters produced no </svg> end tag"))?;
        doc.insert_str(end, &images);
        Ok(Svg(doc))
    }
}
