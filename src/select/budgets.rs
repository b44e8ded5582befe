//! Budget sweeps: `start:end:step`, both ends included (`1:5:0.5` is 1, 1.5,
//! ..., 5).

/// A malformed budget sweep.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BudgetError {
    /// Not three `:`-separated numbers.
    #[error("budget sweep {0:?}: expected start:end:step, for example 1:5:0.5")]
    Syntax(String),
    /// Numbers that do not make a sweep.
    #[error("budget sweep {spec:?}: {reason}")]
    Range {
        /// The sweep as given.
        spec: String,
        /// What is wrong.
        reason: String,
    },
}

/// The budgets `start, start + step, ..., end` (end included when it lies on
/// the sweep, within 1e-9 of a step), each rounded to 12 decimals so that a
/// decimal step gives the decimal budgets (`1:5:0.3` has 3.7, not
/// `3.6999999999999997`).
pub fn budget_range(start: f64, end: f64, step: f64) -> Result<Vec<f64>, BudgetError> {
    let spec = format!("{start}:{end}:{step}");
    let fail = |reason: &str| {
        Err(BudgetError::Range {
            spec: spec.clone(),
            reason: reason.to_string(),
        })
    };
    if !(start.is_finite() && end.is_finite() && step.is_finite()) {
        return fail("not finite");
    }
    if start < 0.0 {
        return fail("negative start");
    }
    if step <= 0.0 {
        return fail("the step must be positive");
    }
    if end < start {
        return fail("end before start");
    }
    let count = ((end - start) / step + 1e-9).floor() as usize + 1;
    if count > 100_000 {
        return fail("more than 100000 budgets");
    }
    let snap = |v: f64| (v * 1e12).round() / 1e12;
    Ok((0..count).map(|i| snap(start + i as f64 * step)).collect())
}

/// Parses `start:end:step` (see [`budget_range`]).
pub fn parse_budgets(spec: &str) -> Result<Vec<f64>, BudgetError> {
    let parts: Vec<f64> = spec
        .split(':')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| BudgetError::Syntax(spec.to_string()))?;
    match parts[..] {
        [start, end, step] => budget_range(start, end, step).map_err(|e| match e {
            BudgetError::Range { reason, .. } => BudgetError::Range {
                spec: spec.to_string(),
                reason,
            },
            other => other,
        }),
        _ => Err(BudgetError::Syntax(spec.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sweeps() {
        assert_eq!(
            parse_budgets("1:5:0.5").unwrap(),
            vec![1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]
        );
        assert_eq!(parse_budgets("1:2.2:0.5").unwrap(), vec![1.0, 1.5, 2.0]);
        assert_eq!(parse_budgets("2:2:1").unwrap(), vec![2.0]);
        // Decimal steps give decimal budgets (issue 11: 1:5:0.3 printed
        // 3.6999999999999997, 1:4:0.1 printed 1.7000000000000002).
        let thirds = parse_budgets("1:5:0.3").unwrap();
        assert_eq!(thirds.len(), 14);
        assert_eq!(thirds[9].to_string(), "3.7");
        let tenths = parse_budgets("1:4:0.1").unwrap();
        assert_eq!(tenths.len(), 31);
        assert_eq!(tenths[7].to_string(), "1.7");
        assert!(tenths.iter().all(|b| *b == (b * 10.0).round() / 10.0));
        assert!(matches!(parse_budgets("1:5"), Err(BudgetError::Syntax(_))));
        assert!(matches!(
            parse_budgets("a:5:1"),
            Err(BudgetError::Syntax(_))
        ));
        assert!(matches!(
            parse_budgets("1:5:0"),
            Err(BudgetError::Range { .. })
        ));
        assert!(matches!(
            parse_budgets("5:1:1"),
            Err(BudgetError::Range { .. })
        ));
    }
}
