//! The cost grid of the exact search: costs are counted in integer units of a
//! quantum `1/d`, detected from the table (`d = 2` for the paper's 0.5 and 1).
//! Costs off every grid up to `d = 1000` are rejected, not rounded.

use super::{LossTable, SearchError};

/// Largest denominator tried for the quantum.
const MAX_DENOMINATOR: u32 = 1000;
/// Relative tolerance for "this cost is a multiple of the quantum".
const GRID_EPS: f64 = 1e-9;

/// A cost grid: one unit is `1/per_snt` SNT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Grid {
    /// Units per SNT (the quantum is `1 / per_snt`).
    pub per_snt: u32,
}

impl Grid {
    /// The coarsest grid `1/d` (smallest `d`) holding every cost of `table`.
    pub fn detect(table: &LossTable) -> Result<Grid, SearchError> {
        let on = |cost: f64, d: u32| {
            let scaled = cost * f64::from(d);
            (scaled - scaled.round()).abs() <= GRID_EPS * scaled.max(1.0)
        };
        if let Some(d) =
            (1..=MAX_DENOMINATOR).find(|&d| table.networks().iter().all(|n| on(n.cost, d)))
        {
            return Ok(Grid { per_snt: d });
        }
        // Name a network whose cost is off every grid, or else the first one
        // off the finest grid (the costs' common grid is finer than 1/1000).
        let nets = table.networks();
        let bad = nets
            .iter()
            .find(|n| !(1..=MAX_DENOMINATOR).any(|d| on(n.cost, d)))
            .or_else(|| nets.iter().find(|n| !on(n.cost, MAX_DENOMINATOR)));
        let bad = bad.unwrap_or(&nets[0]);
        Err(SearchError::CostOffGrid {
            network: table.name_of(bad.tasks),
            cost: bad.cost,
        })
    }

    /// A grid cost in units.
    pub fn units(self, cost: f64) -> u64 {
        (cost * f64::from(self.per_snt)).round() as u64
    }

    /// The whole units a budget affords (budgets need not be on the grid:
    /// 1.2 on the 0.5 grid affords 2 units).
    pub fn budget_units(self, budget: f64) -> Result<u64, SearchError> {
        if !(budget.is_finite() && budget >= 0.0) {
            return Err(SearchError::BadBudget { budget });
        }
        let scaled = budget * f64::from(self.per_snt);
        Ok((scaled + GRID_EPS * scaled.max(1.0)).floor() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::Network;

    fn table(costs: &[f64]) -> LossTable {
        let nets = costs
            .iter()
            .map(|&c| Network::measured(1, c, &[(0, 1.0)]))
            .collect();
        LossTable::new(vec!["a".into()], nets).unwrap()
    }

    #[test]
    fn detects_the_coarsest_grid() {
        assert_eq!(Grid::detect(&table(&[0.5, 1.0])).unwrap().per_snt, 2);
        assert_eq!(Grid::detect(&table(&[1.0, 2.0])).unwrap().per_snt, 1);
        assert_eq!(Grid::detect(&table(&[0.25, 0.3])).unwrap().per_snt, 20);
        assert!(matches!(
            Grid::detect(&table(&[1.0, std::f64::consts::PI])),
            Err(SearchError::CostOffGrid { .. })
        ));
        let g = Grid { per_snt: 2 };
        assert_eq!(g.budget_units(1.2).unwrap(), 2);
        assert_eq!(g.budget_units(2.5).unwrap(), 5);
        assert!(g.budget_units(f64::NAN).is_err());
    }
}
