//! [`Selection`]: the networks chosen at one budget, and scoring them on
//! another table (choose on validation, report on test).

use super::{ColumnSet, EvalError, LossTable, COST_EPS};
use crate::losses::{NetSize, NetworkId};

/// One chosen network.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Pick {
    /// The tasks it carries.
    pub tasks: ColumnSet,
    /// Its cost in SNT.
    pub cost: f64,
    /// Whether its losses were estimated when it was chosen.
    pub estimated: bool,
    /// The tasks it serves: those it has the selection's lowest loss for on
    /// the search table. The rest of its tasks are auxiliary.
    pub serves: ColumnSet,
}

impl Pick {
    /// Tasks carried only to help the others (carried, not served).
    pub fn auxiliary(&self) -> ColumnSet {
        self.tasks.difference(self.serves)
    }

    /// A short label: served tasks joined with `+`, auxiliary ones in
    /// parentheses, the cost in brackets unless it is 1, and `*` when
    /// estimated; for example `s+d+(n)`, `k[0.5]`, `s+n+t*`.
    pub fn label(&self, columns: &[String]) -> String {
        let mut out = NetworkId::tasks_name(self.serves, columns);
        for col in self.auxiliary().iter() {
            out.push_str(&format!("+({})", columns[col]));
        }
        if (self.cost - NetSize::Full.cost()).abs() > COST_EPS {
            out.push_str(&format!("[{}]", self.cost));
        }
        if self.estimated {
            out.push('*');
        }
        out
    }

    /// The [labels](Self::label) of `picks` joined with `" | "` (empty
    /// without picks): how frames list a choice of networks.
    pub fn labels(picks: &[Pick], columns: &[String]) -> String {
        picks
            .iter()
            .map(|p| p.label(columns))
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// The networks chosen at one budget.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Selection {
    /// The budget the selection was made for.
    pub budget: f64,
    /// The chosen networks, in the search table's order.
    pub picks: Vec<Pick>,
    /// The selection's value on the table it was chosen on.
    pub value: f64,
}

impl Selection {
    /// Total cost of the chosen networks.
    pub fn cost(&self) -> f64 {
        self.picks.iter().map(|p| p.cost).sum()
    }

    /// The selection's value on `table`: each chosen network is matched by
    /// task set and cost, and each task takes the lowest loss among them.
    pub fn score(&self, table: &LossTable) -> Result<f64, EvalError> {
        score_picks(&self.picks, table)
    }

    /// [`score`](Self::score) after checking that `table` has the columns
    /// `columns` (the search table's).
    pub fn score_checked(&self, columns: &[String], table: &LossTable) -> Result<f64, EvalError> {
        if columns != table.columns() {
            return Err(EvalError::Columns {
                search: columns.join(","),
                scoring: table.columns().join(","),
            });
        }
        self.score(table)
    }
}

/// The value of `picks` on `table` ([`Selection::score`]'s rule), for
/// networks chosen without a value of their own (e.g. by affinities).
pub fn score_picks(picks: &[Pick], table: &LossTable) -> Result<f64, EvalError> {
    let mut found = Vec::with_capacity(picks.len());
    for pick in picks {
        let net = table
            .find(pick.tasks, pick.cost)
            .ok_or_else(|| EvalError::MissingNetwork {
                network: table.name_of(pick.tasks),
                cost: pick.cost,
            })?;
        found.push(net);
    }
    table.value(found).ok_or_else(|| {
        let carried = picks
            .iter()
            .fold(ColumnSet::EMPTY, |acc, p| acc.union(p.tasks));
        let column = table
            .all_columns()
            .difference(carried)
            .first()
            .map_or_else(String::new, |c| table.columns()[c].clone());
        EvalError::Uncovered { column }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::Network;

    #[test]
    fn scores_on_another_table_and_labels() {
        let cols: Vec<String> = vec!["a".into(), "b".into()];
        let test = LossTable::new(
            cols.clone(),
            vec![
                Network::measured(2, 1.0, &[(0, 0.5), (1, 0.25)]),
                Network::measured(2, 0.5, &[(1, 0.125)]),
            ],
        )
        .unwrap();
        let pick = |tasks: ColumnSet, cost, serves| Pick {
            tasks,
            cost,
            estimated: false,
            serves,
        };
        let sel = Selection {
            budget: 1.5,
            picks: vec![
                pick(ColumnSet::full(2), 1.0, ColumnSet::single(0)),
                pick(ColumnSet::single(1), 0.5, ColumnSet::single(1)),
            ],
            value: 0.0,
        };
        // a from the pair (0.5), b from the half-size network (0.125): hand computation.
        assert_eq!(sel.score(&test).unwrap(), 0.625);
        assert_eq!(sel.cost(), 1.5);
        assert_eq!(sel.picks[0].label(&cols), "a+(b)");
        assert_eq!(sel.picks[1].label(&cols), "b[0.5]");
        let missing = Selection {
            picks: vec![pick(ColumnSet::single(0), 0.5, ColumnSet::single(0))],
            ..sel.clone()
        };
        assert!(matches!(
            missing.score(&test),
            Err(EvalError::MissingNetwork { .. })
        ));
        let other = LossTable::new(vec!["x".into(), "b".into()], test.networks().to_vec()).unwrap();
        assert!(matches!(
            sel.score_checked(&cols, &other),
            Err(EvalError::Columns { .. })
        ));
    }
}
