//! The min-norm point of the convex hull of task gradients, found from their
//! Gram matrix `M[i][j] = <g_i, g_j>` by Sener & Koltun's Frank-Wolfe solver
//! (`find_min_norm_element_FW` of their code): the best pair first, then
//! Frank-Wolfe steps with exact line search towards the vertex of smallest
//! `(M a)_t`, until the coefficients move by less than [`STOP`] (L1) or
//! after [`MAX_ITER`] steps.
//!
//! One departure from their code: at the ends of a segment the line search
//! returns the exact end (coefficient 1 or 0) where theirs returns 0.999 or
//! 0.001.

/// Frank-Wolfe steps at most (Sener & Koltun's `MAX_ITER`).
pub const MAX_ITER: usize = 250;
/// Stop once the coefficients change by less than this, summed (`STOP_CRIT`).
pub const STOP: f64 = 1e-5;

/// `argmin_g |g x1 + (1-g) x2|^2` over `g` in `[0, 1]` from `v11 = <x1,x1>`,
/// `v12 = <x1,x2>`, `v22 = <x2,x2>`: the coefficient `g` and the squared norm.
pub fn min_norm_of_two(v11: f64, v12: f64, v22: f64) -> (f64, f64) {
    if v12 >= v11 {
        return (1.0, v11);
    }
    if v12 >= v22 {
        return (0.0, v22);
    }
    let g = (v22 - v12) / (v11 + v22 - 2.0 * v12);
    (g, v22 + g * (v12 - v22))
}

/// The coefficients `a` (non-negative, summing to 1) of the min-norm point
/// `sum_i a_i g_i`, from the Gram matrix of the gradients (square, at least
/// 1x1).
pub fn min_norm_coefficients(gram: &[Vec<f64>]) -> Vec<f64> {
    let n = gram.len();
    let mut a = vec![0.0; n];
    if n == 1 {
        a[0] = 1.0;
        return a;
    }
    let mut best: Option<(usize, usize, f64, f64)> = None;
    for i in 0..n {
        for j in i + 1..n {
            let (g, cost) = min_norm_of_two(gram[i][i], gram[i][j], gram[j][j]);
            if best.is_none_or(|b| cost < b.3) {
                best = Some((i, j, g, cost));
            }
        }
    }
    let (i, j, g, _) = best.expect("at least one pair");
    a[i] = g;
    a[j] = 1.0 - g;
    if n == 2 {
        return a;
    }
    for _ in 0..MAX_ITER {
        let ma: Vec<f64> = (0..n)
            .map(|r| (0..n).map(|c| gram[r][c] * a[c]).sum())
            .collect();
        let t = (0..n)
            .reduce(|best, k| if ma[k] < ma[best] { k } else { best })
            .expect("n >= 3");
        let v11: f64 = (0..n).map(|k| a[k] * ma[k]).sum();
        let (g, _) = min_norm_of_two(v11, ma[t], gram[t][t]);
        let mut next: Vec<f64> = a.iter().map(|x| g * x).collect();
        next[t] += 1.0 - g;
        let change: f64 = next.iter().zip(&a).map(|(x, y)| (x - y).abs()).sum();
        a = next;
        if change < STOP {
            break;
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gram(vectors: &[&[f64]]) -> Vec<Vec<f64>> {
        vectors
            .iter()
            .map(|x| {
                vectors
                    .iter()
                    .map(|y| x.iter().zip(*y).map(|(a, b)| a * b).sum())
                    .collect()
            })
            .collect()
    }

    fn close(a: &[f64], b: &[f64], tol: f64) {
        assert!(
            a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol),
            "{a:?} != {b:?}"
        );
    }

    #[test]
    fn two_gradients() {
        // Orthogonal unit vectors: the midpoint.
        close(
            &min_norm_coefficients(&gram(&[&[1.0, 0.0], &[0.0, 1.0]])),
            &[0.5, 0.5],
            1e-12,
        );
        // (2,0) and (0,1): the foot of the perpendicular from the origin on
        // the segment is 0.2 (2,0) + 0.8 (0,1) = (0.4, 0.8), squared norm 4/5.
        let m = gram(&[&[2.0, 0.0], &[0.0, 1.0]]);
        close(&min_norm_coefficients(&m), &[0.2, 0.8], 1e-12);
        assert!((min_norm_of_two(4.0, 0.0, 1.0).1 - 0.8).abs() < 1e-12);
        // (1,0) and (1,1): (1,0) is perpendicular to the segment, so it is
        // the answer (an end point, exactly).
        close(
            &min_norm_coefficients(&gram(&[&[1.0, 0.0], &[1.0, 1.0]])),
            &[1.0, 0.0],
            0.0,
        );
        // Same point from the other side.
        close(
            &min_norm_coefficients(&gram(&[&[1.0, 1.0], &[1.0, 0.0]])),
            &[0.0, 1.0],
            0.0,
        );
    }

    #[test]
    fn three_gradients() {
        // Orthonormal e1, e2, e3: the centroid, squared norm 1/3 (the best
        // pair gives (1/2, 1/2, 0); one Frank-Wolfe step towards e3 with
        // line search coefficient 2/3 lands on it exactly).
        close(
            &min_norm_coefficients(&gram(&[
                &[1.0, 0.0, 0.0],
                &[0.0, 1.0, 0.0],
                &[0.0, 0.0, 1.0],
            ])),
            &[1.0 / 3.0; 3],
            1e-12,
        );
        // (1,0), (0,1), (-1,-1): the origin is their centroid, so the
        // answer is 1/3 each (reached by Frank-Wolfe within its tolerance).
        let m = gram(&[&[1.0, 0.0], &[0.0, 1.0], &[-1.0, -1.0]]);
        let a = min_norm_coefficients(&m);
        close(&a, &[1.0 / 3.0; 3], 1e-3);
        let point = [a[0] - a[2], a[1] - a[2]];
        assert!(point[0].hypot(point[1]) < 1e-3, "{a:?}");
        // (1,0), (3,1), (3,-1): the two others lie beyond x = 1, so (1,0).
        close(
            &min_norm_coefficients(&gram(&[&[1.0, 0.0], &[3.0, 1.0], &[3.0, -1.0]])),
            &[1.0, 0.0, 0.0],
            0.0,
        );
        assert_eq!(min_norm_coefficients(&[vec![2.0]]), [1.0]);
    }
}
