//! PCGrad's projection (Yu et al., NeurIPS 2020, Algorithm 1), on the Gram
//! matrix of the task gradients: task `i`'s gradient, projected in turn on
//! the normal plane of every task gradient `g_j` it conflicts with
//! (`<g_i^PC, g_j> < 0`: `g_i^PC -= <g_i^PC, g_j> / |g_j|^2 g_j`), stays a
//! combination of the original gradients, so the whole update
//! `sum_i g_i^PC` is `sum_k b_k g_k` and only the coefficients `b` need the
//! gradients' inner products.
//!
//! The order in which task `i` visits the others is random in PCGrad; here
//! it is [`task_orders`]: a shuffle by ChaCha8 seeded from the run's seed and
//! the step number, so a run (and its resumption) is reproducible, and a
//! comparison can hand the same orders to another implementation.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// For each task `i` of `n`, the other tasks in the order task `i` is
/// projected against them at step `step` of a run seeded `seed`.
pub fn task_orders(seed: u64, step: u64, n: usize) -> Vec<Vec<usize>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ step.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    (0..n)
        .map(|i| {
            let mut others: Vec<usize> = (0..n).filter(|&j| j != i).collect();
            others.shuffle(&mut rng);
            others
        })
        .collect()
}

/// The coefficients `b` of the PCGrad update `sum_k b_k g_k`, from the Gram
/// matrix `gram[i][j] = <g_i, g_j>` and the visiting orders. A zero gradient
/// is never projected on.
pub fn pcgrad_coefficients(gram: &[Vec<f64>], orders: &[Vec<usize>]) -> Vec<f64> {
    let n = gram.len();
    let mut total = vec![0.0; n];
    for (i, order) in orders.iter().enumerate() {
        // g_i^PC = sum_k c[k] g_k.
        let mut c = vec![0.0; n];
        c[i] = 1.0;
        for &j in order {
            let dot: f64 = (0..n).map(|k| c[k] * gram[k][j]).sum();
            if dot < 0.0 && gram[j][j] > 0.0 {
                c[j] -= dot / gram[j][j];
            }
        }
        for (t, ck) in total.iter_mut().zip(&c) {
            *t += ck;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicting_pair_is_projected_both_ways() {
        // g1 = (1,0), g2 = (-1,1), <g1,g2> = -1:
        // g1^PC = g1 + 1/2 g2 = (0.5, 0.5); g2^PC = g2 + g1 = (0, 1);
        // sum = (0.5, 1.5) = 2 g1 + 1.5 g2.
        let gram = vec![vec![1.0, -1.0], vec![-1.0, 2.0]];
        let b = pcgrad_coefficients(&gram, &[vec![1], vec![0]]);
        assert_eq!(b, [2.0, 1.5]);
    }

    #[test]
    fn agreeing_gradients_are_summed() {
        // (1,0) and (1,1) do not conflict: the plain sum.
        let gram = vec![vec![1.0, 1.0], vec![1.0, 2.0]];
        assert_eq!(pcgrad_coefficients(&gram, &[vec![1], vec![0]]), [1.0, 1.0]);
    }

    #[test]
    fn the_order_matters_with_three_tasks() {
        // g1 = (1,0), g2 = (-1,1), g3 = (-1,-1).
        // Task 1 against g2 then g3: (1,0) + 1/2 g2 = (0.5,0.5); <., g3> = -1,
        // + 1/2 g3 = (0,0): c = (1, 0.5, 0.5).
        // Against g3 then g2: (1,0) + 1/2 g3 = (0.5,-0.5); <., g2> = -1,
        // + 1/2 g2 = (0,0) as well, c = (1, 0.5, 0.5).
        // Task 2 (-1,1) against g1: + g1 = (0,1); against g3: <(0,1), g3> = -1,
        // + 1/2 g3 = (-0.5, 0.5): c = (1, 1, 0.5).
        // Task 2 against g3 first: <g2,g3> = 0, no change; then g1: + g1:
        // (0,1), c = (1, 1, 0).
        let gram = vec![
            vec![1.0, -1.0, -1.0],
            vec![-1.0, 2.0, 0.0],
            vec![-1.0, 0.0, 2.0],
        ];
        let one = |order: &[usize], i: usize| {
            let mut orders = vec![Vec::new(); 3];
            orders[i] = order.to_vec();
            // Only task i contributes beyond its own unit coefficient... so
            // subtract the others' unit vectors.
            let mut b = pcgrad_coefficients(&gram, &orders);
            for (k, bk) in b.iter_mut().enumerate() {
                if k != i {
                    *bk -= 1.0;
                }
            }
            b
        };
        assert_eq!(one(&[1, 2], 0), [1.0, 0.5, 0.5]);
        assert_eq!(one(&[2, 1], 0), [1.0, 0.5, 0.5]);
        assert_eq!(one(&[0, 2], 1), [1.0, 1.0, 0.5]);
        assert_eq!(one(&[2, 0], 1), [1.0, 1.0, 0.0]);
    }

    #[test]
    fn orders_are_seeded_permutations() {
        let a = task_orders(7, 3, 4);
        assert_eq!(a, task_orders(7, 3, 4));
        for (i, o) in a.iter().enumerate() {
            let mut s = o.clone();
            s.sort();
            assert_eq!(s, (0..4).filter(|&j| j != i).collect::<Vec<_>>());
        }
        let steps: Vec<_> = (0..20).map(|s| task_orders(7, s, 4)).collect();
        assert!(
            steps.iter().any(|o| *o != steps[0]),
            "the order never changes"
        );
    }
}
