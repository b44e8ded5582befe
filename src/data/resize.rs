//! Resizing one channel plane (row-major `f32`, side `n` to side `m`).
//!
//! [`bilinear`] matches PyTorch's `F.interpolate(mode="bilinear",
//! align_corners=False)` without antialiasing: output pixel `o` samples the
//! input at `(o + 0.5) * n / m - 0.5`, clamped at 0 below, between its two
//! neighbours. For 512 to 256 this is the mean of each 2x2 block, which is
//! also what OpenCV's `INTER_LINEAR` (the paper's loader) gives. [`nearest`]
//! matches `mode="nearest"` (input index `floor(o * n / m)`); it is used for
//! class indices and masks, which must not be blended. [`nearest_image`] is
//! the same rule for rectangular images with interleaved channels (the
//! sample grids of `plot` blit through it).

/// The two input indices and their weights for each output index.
fn bilinear_taps(n: usize, m: usize) -> Vec<(usize, usize, f32, f32)> {
    let scale = n as f64 / m as f64;
    (0..m)
        .map(|o| {
            let src = ((o as f64 + 0.5) * scale - 0.5).max(0.0);
            let i0 = (src.floor() as usize).min(n - 1);
            let i1 = if i0 < n - 1 { i0 + 1 } else { i0 };
            let l1 = (src - i0 as f64) as f32;
            (i0, i1, 1.0 - l1, l1)
        })
        .collect()
}

/// Bilinear resize of an `n x n` plane to `m x m` (PyTorch, `align_corners=False`).
pub fn bilinear(plane: &[f32], n: usize, m: usize) -> Vec<f32> {
    assert_eq!(plane.len(), n * n, "plane is not {n}x{n}");
    if n == m {
        return plane.to_vec();
    }
    let taps = bilinear_taps(n, m);
    // Rows first (n rows of m), then columns.
    let mut rows = vec![0f32; n * m];
    for y in 0..n {
        let src = &plane[y * n..(y + 1) * n];
        for (x, &(i0, i1, w0, w1)) in taps.iter().enumerate() {
            rows[y * m + x] = w0 * src[i0] + w1 * src[i1];
        }
    }
    let mut out = vec![0f32; m * m];
    for (y, &(i0, i1, w0, w1)) in taps.iter().enumerate() {
        let (a, b) = (&rows[i0 * m..(i0 + 1) * m], &rows[i1 * m..(i1 + 1) * m]);
        for x in 0..m {
            out[y * m + x] = w0 * a[x] + w1 * b[x];
        }
    }
    out
}

/// The input index for each output index under PyTorch's `nearest`.
fn nearest_index(n: usize, m: usize) -> Vec<usize> {
    let scale = n as f64 / m as f64;
    (0..m)
        .map(|o| ((o as f64 * scale).floor() as usize).min(n - 1))
        .collect()
}

/// Nearest-neighbour resize of an `n x n` plane to `m x m` (PyTorch `nearest`).
pub fn nearest<T: Copy>(plane: &[T], n: usize, m: usize) -> Vec<T> {
    assert_eq!(plane.len(), n * n, "plane is not {n}x{n}");
    nearest_image(plane, (n, n), (m, m), 1)
}

/// Nearest-neighbour resize of a row-major `(width, height)` image of
/// `channels` interleaved samples per pixel to `(out_width, out_height)`,
/// each axis by the rule of [`nearest`] (the crate's one nearest-neighbour
/// resizer: the loader's labels and the sample grids' pixels).
pub fn nearest_image<T: Copy>(
    pixels: &[T],
    (width, height): (usize, usize),
    (out_width, out_height): (usize, usize),
    channels: usize,
) -> Vec<T> {
    assert_eq!(
        pixels.len(),
        width * height * channels,
        "image is not {width}x{height}x{channels}"
    );
    let (xs, ys) = (
        nearest_index(width, out_width),
        nearest_index(height, out_height),
    );
    let mut out = Vec::with_capacity(out_width * out_height * channels);
    for &y in &ys {
        for &x in &xs {
            let i = (y * width + x) * channels;
            out.extend_from_slice(&pixels[i..i + channels]);
        }
    }
    out
}

/// Mirrors an `m x m` plane left to right in place.
pub fn flip_horizontal<T>(plane: &mut [T], m: usize) {
    for row in plane.chunks_exact_mut(m) {
        row.reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilinear_upsampling_matches_pytorch_by_hand() {
        // 1-D [0, 10] to 4 samples, align_corners=False: sources -0.25 (clamped
        // to 0), 0.25, 0.75, 1.25 (clamped to the last pixel), hence
        // [0, 2.5, 7.5, 10] (hand computation; torch gives the same).
        let plane = [0.0, 10.0, 0.0, 10.0];
        let out = bilinear(&plane, 2, 4);
        assert_eq!(&out[..4], &[0.0, 2.5, 7.5, 10.0]);
        assert_eq!(&out[12..], &[0.0, 2.5, 7.5, 10.0]);
    }

    #[test]
    fn halving_averages_two_by_two_blocks() {
        // 4x4 -> 2x2: source (2o + 0.5), so each output is the mean of a 2x2 block.
        let plane: Vec<f32> = (0..16).map(|v| v as f32).collect();
        let out = bilinear(&plane, 4, 2);
        // Block (0,0) = {0, 1, 4, 5}: mean 2.5; block (1,1) = {10, 11, 14, 15}: 12.5.
        assert_eq!(out, vec![2.5, 4.5, 10.5, 12.5]);
    }

    #[test]
    fn nearest_takes_the_floor_index_and_flip_mirrors() {
        let plane: Vec<u8> = (0..16).collect();
        // floor(o * 4 / 2) = 0, 2.
        assert_eq!(nearest(&plane, 4, 2), vec![0, 2, 8, 10]);
        // floor(o * 2 / 4) = 0, 0, 1, 1.
        assert_eq!(nearest(&[1u8, 2, 3, 4], 2, 4)[..4], [1, 1, 2, 2]);
        let mut p = vec![1, 2, 3, 4];
        flip_horizontal(&mut p, 2);
        assert_eq!(p, vec![2, 1, 4, 3]);
    }
}
