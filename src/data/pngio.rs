//! PNG reading and writing in the release's encodings: 8-bit RGB, 8-bit
//! grey and 16-bit grey, without any transformation (16-bit values are kept,
//! nothing is expanded), so that a file of the wrong format is caught.
//!
//! [`encode_png`] is the crate's one PNG encoder: datasets (the synthetic
//! generator, [`PngImage::encode`]) and figures (`plot`) all call it.

use super::manifest::DomainSpec;
use super::DataError;
use std::io::Cursor;
use std::path::Path;

/// How hard [`encode_png`] compresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PngCompression {
    /// The encoder's default settings (figures).
    Default,
    /// Fast compression (dataset files, written by the thousand).
    Fast,
}

/// Encodes row-major interleaved samples (`data`, 16-bit samples big-endian)
/// as PNG bytes.
pub fn encode_png(
    width: u32,
    height: u32,
    color: png::ColorType,
    depth: png::BitDepth,
    compression: PngCompression,
    data: &[u8],
) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(color);
        encoder.set_depth(depth);
        if compression == PngCompression::Fast {
            encoder.set_compression(png::Compression::Fast);
        }
        let mut writer = encoder.write_header()?;
        writer.write_image_data(data)?;
        writer.finish()?;
    }
    Ok(out)
}

/// Pixel samples, interleaved per pixel (`RGBRGB...` or one grey value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pixels {
    /// 8-bit samples.
    U8(Vec<u8>),
    /// 16-bit samples.
    U16(Vec<u16>),
}

/// A decoded PNG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PngImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Samples per pixel (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA).
    pub channels: u8,
    /// The samples, row-major, interleaved.
    pub pixels: Pixels,
}

/// A readable name for a (channels, bit depth) pair: `16-bit grey`.
pub fn describe_format(channels: u8, bit_depth: u8) -> String {
    let kind = match channels {
        1 => "grey",
        2 => "grey+alpha",
        3 => "RGB",
        4 => "RGBA",
        _ => "palette",
    };
    format!("{bit_depth}-bit {kind}")
}

impl PngImage {
    /// An 8-bit RGB image (`data` is `RGBRGB...`, `3 * width * height` bytes).
    pub fn rgb8(width: u32, height: u32, data: Vec<u8>) -> PngImage {
        assert_eq!(
            data.len(),
            3 * (width * height) as usize,
            "rgb8 data length"
        );
        PngImage {
            width,
            height,
            channels: 3,
            pixels: Pixels::U8(data),
        }
    }

    /// An 8-bit grey image.
    pub fn grey8(width: u32, height: u32, data: Vec<u8>) -> PngImage {
        assert_eq!(data.len(), (width * height) as usize, "grey8 data length");
        PngImage {
            width,
            height,
            channels: 1,
            pixels: Pixels::U8(data),
        }
    }

    /// A 16-bit grey image.
    pub fn grey16(width: u32, height: u32, data: Vec<u16>) -> PngImage {
        assert_eq!(data.len(), (width * height) as usize, "grey16 data length");
        PngImage {
            width,
            height,
            channels: 1,
            pixels: Pixels::U16(data),
        }
    }

    /// Bits per sample.
    pub fn bit_depth(&self) -> u8 {
        match self.pixels {
            Pixels::U8(_) => 8,
            Pixels::U16(_) => 16,
        }
    }

    /// Sample `c` of pixel `i` (row-major index) as an integer.
    pub fn sample(&self, i: usize, c: usize) -> u32 {
        let k = i * self.channels as usize + c;
        match &self.pixels {
            Pixels::U8(v) => u32::from(v[k]),
            Pixels::U16(v) => u32::from(v[k]),
        }
    }

    /// Decodes a PNG; `path` names the file in errors.
    pub fn decode(bytes: &[u8], path: &Path) -> Result<PngImage, DataError> {
        let err = |e: png::DecodingError| match e {
            png::DecodingError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
                DataError::TruncatedPng {
                    path: path.to_path_buf(),
                    detail: io.to_string(),
                }
            }
            other => DataError::CorruptPng {
                path: path.to_path_buf(),
                detail: other.to_string(),
            },
        };
        let mut reader = png::Decoder::new(Cursor::new(bytes))
            .read_info()
            .map_err(err)?;
        let info = reader.info();
        let (width, height, depth) = (info.width, info.height, info.bit_depth as u8);
        let channels = match info.color_type {
            png::ColorType::Grayscale => 1,
            png::ColorType::GrayscaleAlpha => 2,
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            png::ColorType::Indexed => 0,
        };
        if channels == 0 || (depth != 8 && depth != 16) {
            return Err(DataError::WrongFormat {
                path: path.to_path_buf(),
                domain: String::new(),
                expected: "8- or 16-bit grey or RGB".to_string(),
                found: describe_format(channels, depth),
            });
        }
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| DataError::CorruptPng {
                path: path.to_path_buf(),
                detail: format!("{width}x{height} image too large"),
            })?;
        let mut buf = vec![0; size];
        let frame = reader.next_frame(&mut buf).map_err(err)?;
        buf.truncate(frame.buffer_size());
        let pixels = if depth == 16 {
            Pixels::U16(
                buf.chunks_exact(2)
                    .map(|b| u16::from_be_bytes([b[0], b[1]]))
                    .collect(),
            )
        } else {
            Pixels::U8(buf)
        };
        Ok(PngImage {
            width,
            height,
            channels,
            pixels,
        })
    }

    /// Checks the image against a domain's encoding and side length.
    pub fn check(&self, domain: &DomainSpec, size: usize, path: &Path) -> Result<(), DataError> {
        if let Some((channels, depth)) = domain.encoding.png_format() {
            if (self.channels, self.bit_depth()) != (channels, depth) {
                return Err(DataError::WrongFormat {
                    path: path.to_path_buf(),
                    domain: domain.name.clone(),
                    expected: describe_format(channels, depth),
                    found: describe_format(self.channels, self.bit_depth()),
                });
            }
        }
        if self.width as usize != size || self.height as usize != size {
            return Err(DataError::WrongSize {
                path: path.to_path_buf(),
                expected: size,
                found_w: self.width,
                found_h: self.height,
            });
        }
        Ok(())
    }

    /// Encodes the image as PNG (fast compression).
    pub fn encode(&self) -> std::io::Result<Vec<u8>> {
        let color = match self.channels {
            1 => png::ColorType::Grayscale,
            2 => png::ColorType::GrayscaleAlpha,
            3 => png::ColorType::Rgb,
            _ => png::ColorType::Rgba,
        };
        let (depth, bytes) = match &self.pixels {
            Pixels::U8(v) => (png::BitDepth::Eight, v.clone()),
            Pixels::U16(v) => (
                png::BitDepth::Sixteen,
                v.iter().flat_map(|x| x.to_be_bytes()).collect(),
            ),
        };
        let (w, h, fast) = (self.width, self.height, PngCompression::Fast);
        encode_png(w, h, color, depth, fast, &bytes).map_err(std::io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_16_bit_and_classifies_damage() {
        let img = PngImage::grey16(3, 2, vec![0, 1, 512, 1280, 65535, 7300]);
        let bytes = img.encode().unwrap();
        let p = Path::new("x.png");
        assert_eq!(PngImage::decode(&bytes, p).unwrap(), img);
        let cut = PngImage::decode(&bytes[..bytes.len() / 2], p).unwrap_err();
        assert!(matches!(cut, DataError::TruncatedPng { .. }), "{cut}");
        let mut flipped = bytes.clone();
        flipped[40] ^= 0xff;
        let bad = PngImage::decode(&flipped, p).unwrap_err();
        assert!(matches!(bad, DataError::CorruptPng { .. }), "{bad}");
        assert!(matches!(
            PngImage::decode(b"not a png", p),
            Err(DataError::CorruptPng { .. })
        ));
    }
}
