//! The image-derived labels: texture edges (Canny-like, from the rgb),
//! keypoints (a scale-normalised Hessian blob response, SURF-like, from the
//! rgb) and occlusion edges (depth discontinuities, from the G-buffer).
//! Filter widths are in pixels of the generated size.

use super::camera::pixel_plane;
use super::render::Frame;

/// Gaussian width (pixels) smoothing the grey image before texture edges.
pub const EDGE_SIGMA: f64 = 1.0;
/// Raw `edge_texture` value of a Sobel magnitude of 4 (a sharp unit step in
/// grey level): the release's maximum is about 7300 (TASKONOMY.md).
pub const EDGE_SCALE: f64 = 7300.0;
/// Hysteresis thresholds on the Sobel magnitude / 4: weak edges survive only
/// when connected to a strong one.
pub const EDGE_THRESHOLDS: (f64, f64) = (0.03, 0.08);
/// Gaussian width (pixels) of the keypoint detector's scale.
pub const KEYPOINT_SIGMA: f64 = 2.0;
/// Raw `keypoints2d` per unit of the scale-normalised Hessian determinant.
/// At the tip of a unit-contrast right-angle corner the smoothed image is
/// `Phi(x) Phi(y)` (in units of the scale), whose normalised determinant is
/// `-phi(0)^4 = -1 / (4 pi^2)`; that corner maps to 900, the release's maximum.
pub const KEYPOINT_SCALE: f64 = 900.0 * 4.0 * std::f64::consts::PI * std::f64::consts::PI;
/// Raw `edge_occlusion` of a depth jump of [`OCCLUSION_FULL_JUMP`] metres
/// or more (the release's maximum is about 3300).
pub const OCCLUSION_SCALE: f64 = 3300.0;
/// Depth jump (metres) giving the full occlusion value.
pub const OCCLUSION_FULL_JUMP: f64 = 2.0;

/// The rgb as grey levels in `[0, 1]` (Rec. 601 weights).
pub fn grey(frame: &Frame) -> Vec<f64> {
    frame
        .pixels
        .iter()
        .map(|p| {
            (0.299 * p.rgb[0] as f64 + 0.587 * p.rgb[1] as f64 + 0.114 * p.rgb[2] as f64) / 255.0
        })
        .collect()
}

/// Separable Gaussian blur of a square image, edges clamped.
pub fn blur(image: &[f64], size: usize, sigma: f64) -> Vec<f64> {
    let radius = (3.0 * sigma).ceil() as isize;
    let mut kernel: Vec<f64> = (-radius..=radius)
        .map(|i| (-((i * i) as f64) / (2.0 * sigma * sigma)).exp())
        .collect();
    let total: f64 = kernel.iter().sum();
    kernel.iter_mut().for_each(|k| *k /= total);
    let pass = |src: &[f64], horizontal: bool| {
        let mut out = vec![0.0; src.len()];
        for r in 0..size {
            for c in 0..size {
                out[r * size + c] = kernel
                    .iter()
                    .enumerate()
                    .map(|(k, w)| {
                        let o = k as isize - radius;
                        let (rr, cc) = if horizontal {
                            (r as isize, c as isize + o)
                        } else {
                            (r as isize + o, c as isize)
                        };
                        w * src[clamp(rr, size) * size + clamp(cc, size)]
                    })
                    .sum();
            }
        }
        out
    };
    pass(&pass(image, true), false)
}

fn clamp(i: isize, size: usize) -> usize {
    i.clamp(0, size as isize - 1) as usize
}

/// Canny-like texture edges of the rgb: Gaussian smoothing, Sobel gradient,
/// non-maximum suppression across the edge, hysteresis thresholds; the
/// surviving pixels keep their gradient magnitude as raw 16-bit values.
pub fn edge_texture(frame: &Frame) -> Vec<u16> {
    let n = frame.size;
    let g = blur(&grey(frame), n, EDGE_SIGMA);
    let at = |r: isize, c: isize| g[clamp(r, n) * n + clamp(c, n)];
    let mut magnitude = vec![0.0; n * n];
    let mut direction = vec![0u8; n * n];
    for r in 0..n as isize {
        for c in 0..n as isize {
            let gx = at(r - 1, c + 1) + 2.0 * at(r, c + 1) + at(r + 1, c + 1)
                - at(r - 1, c - 1)
                - 2.0 * at(r, c - 1)
                - at(r + 1, c - 1);
            let gy = at(r + 1, c - 1) + 2.0 * at(r + 1, c) + at(r + 1, c + 1)
                - at(r - 1, c - 1)
                - 2.0 * at(r - 1, c)
                - at(r - 1, c + 1);
            let i = r as usize * n + c as usize;
            magnitude[i] = (gx * gx + gy * gy).sqrt() / 4.0;
            // Gradient direction in four bins of 45 degrees.
            let angle = gy.atan2(gx).to_degrees().rem_euclid(180.0);
            direction[i] = (((angle + 22.5) / 45.0) as u8) % 4;
        }
    }
    let m = |r: isize, c: isize| magnitude[clamp(r, n) * n + clamp(c, n)];
    let mut thin = vec![0.0; n * n];
    for r in 0..n as isize {
        for c in 0..n as isize {
            let i = r as usize * n + c as usize;
            let (dr, dc) = [(0, 1), (1, 1), (1, 0), (1, -1)][direction[i] as usize];
            let v = magnitude[i];
            if v > m(r + dr, c + dc) && v >= m(r - dr, c - dc) {
                thin[i] = v;
            }
        }
    }
    let (weak, strong) = EDGE_THRESHOLDS;
    let mut keep = vec![false; n * n];
    let mut stack: Vec<usize> = (0..n * n).filter(|&i| thin[i] >= strong).collect();
    stack.iter().for_each(|&i| keep[i] = true);
    while let Some(i) = stack.pop() {
        let (r, c) = ((i / n) as isize, (i % n) as isize);
        for (dr, dc) in [
            (-1, -1),
            (-1, 0),
            (-1, 1),
            (0, -1),
            (0, 1),
            (1, -1),
            (1, 0),
            (1, 1),
        ] {
            let (rr, cc) = (r + dr, c + dc);
            if rr < 0 || cc < 0 || rr >= n as isize || cc >= n as isize {
                continue;
            }
            let j = rr as usize * n + cc as usize;
            if !keep[j] && thin[j] >= weak {
                keep[j] = true;
                stack.push(j);
            }
        }
    }
    (0..n * n)
        .map(|i| {
            if keep[i] {
                to_u16(thin[i].min(1.0) * EDGE_SCALE)
            } else {
                0
            }
        })
        .collect()
}

/// Keypoint response of the rgb: the absolute scale-normalised determinant
/// of the Hessian of the grey image at scale [`KEYPOINT_SIGMA`] (strong on
/// blobs and corners, zero on flat areas and straight edges).
pub fn keypoints(frame: &Frame) -> Vec<u16> {
    let n = frame.size;
    let l = blur(&grey(frame), n, KEYPOINT_SIGMA);
    let at = |r: isize, c: isize| l[clamp(r, n) * n + clamp(c, n)];
    let norm = KEYPOINT_SIGMA.powi(4);
    let mut out = vec![0; n * n];
    for r in 0..n as isize {
        for c in 0..n as isize {
            let lxx = at(r, c + 1) - 2.0 * at(r, c) + at(r, c - 1);
            let lyy = at(r + 1, c) - 2.0 * at(r, c) + at(r - 1, c);
            let lxy =
                (at(r + 1, c + 1) - at(r + 1, c - 1) - at(r - 1, c + 1) + at(r - 1, c - 1)) / 4.0;
            out[r as usize * n + c as usize] =
                to_u16((norm * (lxx * lyy - lxy * lxy)).abs() * KEYPOINT_SCALE);
        }
    }
    out
}

/// The depth jump threshold (metres) at depth `d`: neighbours farther than
/// the surface's own continuation by more than this are occluded by it.
pub fn occlusion_threshold(d: f64) -> f64 {
    0.02 + 0.02 * d
}

/// Occlusion edges: a pixel is on an edge when a 4-neighbour shows a
/// different surface that lies behind the continuation of this pixel's
/// surface by more than [`occlusion_threshold`] (or shows no surface). The
/// value grows with the jump, up to [`OCCLUSION_SCALE`] at
/// [`OCCLUSION_FULL_JUMP`] metres. The edge lies on the occluding (near) side.
pub fn edge_occlusion(frame: &Frame) -> Vec<u16> {
    let n = frame.size;
    let px = &frame.pixels;
    let mut out = vec![0; n * n];
    for r in 0..n {
        for c in 0..n {
            let p = &px[r * n + c];
            if !p.depth.is_finite() {
                continue;
            }
            let d = p.depth as f64;
            let (u, v) = pixel_plane(r, c, n, frame.tan_half_fov);
            let normal = p.normal.map(|x| x as f64);
            // n . P with P = d * (u, v, -1): the surface's plane is n . X = n . P.
            let plane = d * (normal[0] * u + normal[1] * v - normal[2]);
            let mut jump: f64 = 0.0;
            for (dr, dc) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                let (rr, cc) = (r as isize + dr, c as isize + dc);
                if rr < 0 || cc < 0 || rr >= n as isize || cc >= n as isize {
                    continue;
                }
                let q = &px[rr as usize * n + cc as usize];
                if q.surface == p.surface {
                    continue;
                }
                let (qu, qv) = pixel_plane(rr as usize, cc as usize, n, frame.tan_half_fov);
                let along = normal[0] * qu + normal[1] * qv - normal[2];
                let length = (qu * qu + qv * qv + 1.0).sqrt();
                // Depth where the neighbour's ray meets this surface's plane,
                // when the plane is not seen edge-on.
                let continued = if -along / length > 0.1 {
                    plane / along
                } else {
                    d
                };
                let j = q.depth as f64 - continued.max(d);
                if j > occlusion_threshold(d) {
                    jump = jump.max(j);
                }
            }
            out[r * n + c] =
                to_u16(jump.min(OCCLUSION_FULL_JUMP) / OCCLUSION_FULL_JUMP * OCCLUSION_SCALE);
        }
    }
    out
}

fn to_u16(x: f64) -> u16 {
    x.round().clamp(0.0, 65535.0) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blur_keeps_constants_and_mass() {
        let flat = vec![0.5; 64];
        assert!(blur(&flat, 8, 1.5).iter().all(|v| (v - 0.5).abs() < 1e-12));
        let mut dot = vec![0.0; 15 * 15];
        dot[7 * 15 + 7] = 1.0;
        let total: f64 = blur(&dot, 15, 1.0).iter().sum();
        assert!((total - 1.0).abs() < 1e-9);
    }
}
