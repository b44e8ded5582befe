//! `taskgroup select`: which networks to deploy under each budget, from
//! paper-format loss tables.

use anyhow::Context;
use clap::builder::PossibleValue;
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use taskgroup::select::{
    paper_tsv_width, parse_budgets, sweep, CurveTable, Curves, LossTable, Method, RandomConfig,
    SweepConfig, TableLayout, Tables,
};

/// The `--method` choice: one method, or all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MethodChoice {
    /// Every method whose tables are given.
    All,
    /// One method.
    One(Method),
}

/// `all`, then every method in report order.
const CHOICES: [MethodChoice; Method::ALL.len() + 1] = {
    let mut choices = [MethodChoice::All; Method::ALL.len() + 1];
    let mut i = 0;
    while i < Method::ALL.len() {
        choices[i + 1] = MethodChoice::One(Method::ALL[i]);
        i += 1;
    }
    choices
};

impl ValueEnum for MethodChoice {
    fn value_variants<'a>() -> &'a [Self] {
        &CHOICES
    }

    /// `all`, or a method's name with its aliases.
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            MethodChoice::All => PossibleValue::new("all"),
            MethodChoice::One(m) => {
                PossibleValue::new(m.name()).aliases(m.aliases().iter().copied())
            }
        })
    }
}

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
    #[arg(long, value_enum, default_value = "all")]
    method: MethodChoice,
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
    let methods = match args.method {
        MethodChoice::All => Method::ALL
            .into_iter()
            .filter(|m| *m != Method::Esa || esa.is_some())
            .collect(),
        MethodChoice::One(m) => vec![m],
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
        println!("{}", serde_json::to_string_pretty(&curves)?);
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
    let layout = TableLayout::Plain {
        budget_width: 7,
        width: 11,
    };
    out.push_str(&CurveTable::new(curves, layout, 6).render());
    out.push_str(&format!("\nScored on {scored_on}. Networks: tasks served, (auxiliary tasks), [cost] when not 1, * estimated losses.\n"));
    for (m, c) in curves
        .curves
        .iter()
        .filter(|(_, c)| c.iter().any(|p| !p.picks.is_empty()))
    {
        out.push_str(&format!("\n{m}\n"));
        for p in c {
            let networks = p.networks(&curves.columns);
            out.push_str(&format!(
                "{:>7}  {}\n",
                p.budget,
                if networks.is_empty() {
                    "-"
                } else {
                    networks.as_str()
                }
            ));
        }
    }
    out
}
