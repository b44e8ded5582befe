//! `taskgroup select`: which networks to deploy under each budget, from
//! paper-format loss tables.

use anyhow::Context;
use std::path::{Path, PathBuf};
use taskgroup::select::{
    paper_tsv_width, parse_budgets, sweep, Curves, LossTable, Method, RandomConfig, SweepConfig,
    Tables,
};

/// Arguments of `taskgroup select`.
#[derive(clap::Args)]
pub struct Args {
    /// Validation losses (paper TSV format): what the selection is chosen on.
    #[arg(long)]
    val: PathBuf,
    /// Test losses: what the chosen networks are reported on.
    #[arg(long)]
    test: Option<PathBuf>,
    /// Early-stopped losses, for the `esa` method.
    #[arg(long)]
    esa: Option<PathBuf>,
    /// optimal, esa, hoa, random, worst, independent, all-in-one, or all
    /// (every method whose tables are given).
    #[arg(long, default_value = "all")]
    method: String,
    /// Budget sweep start:end:step, both ends included [default: 1:<columns>:0.5].
    #[arg(long)]
    budgets: Option<String>,
    /// Monte Carlo draws per budget for random and worst.
    #[arg(long, default_value_t = RandomConfig::default().samples)]
    samples: usize,
    /// Seed of the Monte Carlo draws.
    #[arg(long, default_value_t = RandomConfig::default().seed)]
    seed: u64,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    json: bool,
    /// Column names, comma-separated [default: c0,c1,...].
    #[arg(long, value_delimiter = ',')]
    columns: Option<Vec<String>>,
}

fn read(path: &Path, columns: &[&str]) -> anyhow::Result<LossTable> {
    LossTable::read_paper_tsv(path, columns).with_context(|| format!("loading {}", path.display()))
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.val)
        .with_context(|| format!("reading {}", args.val.display()))?;
    let columns = args.columns.clone().unwrap_or_else(|| {
        (0..paper_tsv_width(&text))
            .map(|i| format!("c{i}"))
            .collect()
    });
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    let val = LossTable::from_paper_tsv(&text, &names)
        .with_context(|| format!("loading {}", args.val.display()))?;
    let test = args.test.as_deref().map(|p| read(p, &names)).transpose()?;
    let esa = args.esa.as_deref().map(|p| read(p, &names)).transpose()?;
    let methods = if args.method == "all" {
        Method::ALL
            .into_iter()
            .filter(|m| *m != Method::Esa || esa.is_some())
            .collect()
    } else {
        vec![args.method.parse::<Method>().map_err(anyhow::Error::msg)?]
    };
    let budgets = match &args.budgets {
        Some(spec) => parse_budgets(spec)?,
        None => parse_budgets(&format!("1:{}:0.5", columns.len()))?,
    };
    let config = SweepConfig {
        budgets,
        methods,
        random: RandomConfig {
            samples: args.samples,
            seed: args.seed,
        },
    };
    let curves = sweep(
        &Tables {
            val: &val,
            test: test.as_ref(),
            esa: esa.as_ref(),
        },
        &config,
    )?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&curves.to_json())?);
    } else {
        print!("{}", render(&curves, test.is_some(), &args));
    }
    Ok(())
}

/// The paper-style tables: one total per (budget, method), then the chosen
/// networks of each method that chooses networks.
fn render(curves: &Curves, has_test: bool, args: &Args) -> String {
    let mut out = String::new();
    let scored_on = args.test.as_deref().unwrap_or(&args.val).display();
    out.push_str(&format!(
        "Total {} loss over {} tasks ({}), chosen on {}\n\n",
        if has_test { "test" } else { "validation" },
        curves.columns.len(),
        curves.columns.join(" "),
        args.val.display()
    ));
    out.push_str(&format!("{:>7}", "budget"));
    for (m, _) in &curves.curves {
        out.push_str(&format!(" {:>11}", m.name()));
    }
    out.push('\n');
    let rows = curves.curves.first().map_or(0, |(_, c)| c.len());
    for i in 0..rows {
        out.push_str(&format!("{:>7}", curves.curves[0].1[i].budget));
        for (_, c) in &curves.curves {
            let p = &c[i];
            let v = if has_test {
                p.test_total
            } else {
                p.search_total
            };
            out.push_str(&v.map_or_else(|| format!(" {:>11}", "-"), |v| format!(" {v:>11.6}")));
        }
        out.push('\n');
    }
    out.push_str(&format!("\nScored on {scored_on}. Networks: tasks served, (auxiliary tasks), [cost] when not 1, * estimated losses.\n"));
    for (m, c) in curves
        .curves
        .iter()
        .filter(|(_, c)| c.iter().any(|p| !p.picks.is_empty()))
    {
        out.push_str(&format!("\n{m}\n"));
        for p in c {
            let labels: Vec<String> = p.picks.iter().map(|n| n.label(&curves.columns)).collect();
            out.push_str(&format!(
                "{:>7}  {}\n",
                p.budget,
                if labels.is_empty() {
                    "-".to_string()
                } else {
                    labels.join(" | ")
                }
            ));
        }
    }
    out
}
