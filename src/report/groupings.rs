//! Selections as the grouping diagram's input.

use crate::plot::{DeployedNetwork, GroupingView};
use crate::select::CurvePoint;

/// The grouping diagram of one method's curve: per budget, the deployed
/// networks, the tasks each serves, and its cost (auxiliary tasks are the
/// carried ones it does not serve).
pub fn grouping_view(columns: &[String], points: &[CurvePoint]) -> GroupingView {
    let budgets = points
        .iter()
        .filter(|p| !p.picks.is_empty())
        .map(|p| {
            let nets = p
                .picks
                .iter()
                .map(|pick| DeployedNetwork {
                    tasks: pick.tasks.names(columns),
                    serves: pick.serves.names(columns),
                    cost: pick.cost,
                })
                .collect();
            (p.budget, nets)
        })
        .collect();
    GroupingView::new(columns.to_vec(), budgets)
}
