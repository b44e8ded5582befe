//! Shared helpers of the synthetic-data tests: decoding the generator's PNGs
//! with the `png` crate, as a loader would.
#![allow(dead_code)]

use std::path::Path;

/// A decoded PNG: side, channels, bit depth and samples (16-bit values or 8-bit levels).
pub struct Decoded {
    pub width: usize,
    pub height: usize,
    pub channels: usize,
    pub bit_depth: u8,
    pub samples: Vec<u16>,
}

impl Decoded {
    /// Sample `channel` of pixel (`row`, `col`).
    pub fn at(&self, row: usize, col: usize, channel: usize) -> u16 {
        self.samples[(row * self.width + col) * self.channels + channel]
    }

    /// The pixel's channels.
    pub fn pixel(&self, row: usize, col: usize) -> Vec<u16> {
        (0..self.channels).map(|c| self.at(row, col, c)).collect()
    }
}

/// Decodes PNG bytes without any transformation.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected colour type {other:?}"),
    };
    let bit_depth = info.bit_depth as u8;
    let data = &buf[..info.buffer_size()];
    let samples = if bit_depth == 16 {
        data.chunks_exact(2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .collect()
    } else {
        data.iter().map(|&b| b as u16).collect()
    };
    Decoded {
        width: info.width as usize,
        height: info.height as usize,
        channels,
        bit_depth,
        samples,
    }
}

/// Decodes a PNG file.
pub fn decode_file(path: &Path) -> Decoded {
    decode(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}
