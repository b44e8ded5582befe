//! `taskgroup select`: which networks to deploy under each budget, from
//! paper-format loss tables or a long loss file (CSV or parquet).

use anyhow::Context;
use clap::builder::PossibleValue;
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use taskgroup::losses::{read_loss_file, Split};
use taskgroup::select::{
    paper_tsv_width, parse_budgets, sweep, CurveTable, Curves, FrameTables, LossTable, Method,
    RandomConfig, SweepConfig, TableLayout, Tables,
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
    #[arg(long, required_unless_present = "losses", conflicts_with = "losses")]
    val: Option<PathBuf>,
    /// Test losses: what the chosen networks are reported on.
    #[arg(long, conflicts_with = "losses")]
    test: Option<PathBuf>,
    /// Early-stopped losses, for the `esa` method.
    #[arg(long, conflicts_with = "losses")]
    esa: Option<PathBuf>,
    #[command(flatten)]
    long: LongInput,
    #[command(flatten)]
    sweep: SweepArgs,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    json: bool,
    /// Column names, comma-separated [default: c0,c1,...] (paper TSVs only:
    /// a long file names its tasks).
    #[arg(long, value_delimiter = ',', conflicts_with = "losses")]
    columns: Option<Vec<String>>,
}

/// A long loss file instead of paper TSVs (shared by `select` and `report`).
#[derive(clap::Args)]
pub struct LongInput {
    /// Losses in the long format (columns network, cost, task, split, loss,
    /// estimated), a .csv or .parquet file; its `esa` rows feed the `esa`
    /// method.
    #[arg(long)]
    pub losses: Option<PathBuf>,
    /// The split of --losses the selections are chosen on [default: val].
    #[arg(long)]
    pub split: Option<Split>,
    /// The split of --losses they are scored on [default: test, when the
    /// file has test rows].
    #[arg(long)]
    pub score_split: Option<Split>,
}

impl LongInput {
    /// The tables of `--losses`, or `None` without it.
    pub fn tables(&self) -> anyhow::Result<Option<FrameTables>> {
        let Some(path) = &self.losses else {
            if self.split.is_some() || self.score_split.is_some() {
                // A usage error (exit status 2), like clap's own.
                clap::Error::raw(
                    clap::error::ErrorKind::MissingRequiredArgument,
                    "--split and --score-split choose splits of --losses, which is not given\n",
                )
                .exit();
            }
            return Ok(None);
        };
        let load = || -> anyhow::Result<FrameTables> {
            let frame = read_loss_file(path)?;
            Ok(FrameTables::from_frame(
                &frame,
                self.split.unwrap_or(Split::Val),
                self.score_split,
            )?)
        };
        load()
            .with_context(|| format!("loading {}", path.display()))
            .map(Some)
    }
}

/// The budgets and methods of a sweep (shared by `select` and `report`).
#[derive(clap::Args)]
pub struct SweepArgs {
    /// optimal, esa, hoa, random, worst, independent, all-in-one, or all
    /// (every method whose tables are given).
    #[arg(long, value_enum, default_value = "all")]
    method: MethodChoice,
    #[command(flatten)]
    budgets: BudgetArgs,
}

/// The budgets and the random baseline's draws (shared by the sweep and
/// `compare`).
#[derive(clap::Args)]
pub struct BudgetArgs {
    /// Budget sweep start:end:step, both ends included [default: 1:<columns>:0.5].
    #[arg(long)]
    budgets: Option<String>,
    /// Monte Carlo draws per budget for random and worst.
    #[arg(long, default_value_t = RandomConfig::default().samples)]
    samples: usize,
    /// Seed of the Monte Carlo draws.
    #[arg(long, default_value_t = RandomConfig::default().seed)]
    seed: u64,
}

impl BudgetArgs {
    /// The budgets over `columns` tasks.
    pub fn budgets(&self, columns: usize) -> anyhow::Result<Vec<f64>> {
        Ok(match &self.budgets {
            Some(spec) => parse_budgets(spec)?,
            None => parse_budgets(&format!("1:{columns}:0.5"))?,
        })
    }

    /// The random baseline's draws.
    pub fn random(&self) -> RandomConfig {
        RandomConfig {
            samples: self.samples,
            seed: self.seed,
        }
    }
}

impl SweepArgs {
    /// The sweep over `columns` tasks; `esa` says whether an early-stopped
    /// table is given (`all` leaves the `esa` method out without one).
    pub fn config(&self, columns: usize, esa: bool) -> anyhow::Result<SweepConfig> {
        let methods = match self.method {
            MethodChoice::All => Method::ALL
                .into_iter()
                .filter(|m| *m != Method::Esa || esa)
                .collect(),
            MethodChoice::One(m) => vec![m],
        };
        Ok(SweepConfig {
            budgets: self.budgets.budgets(columns)?,
            methods,
            random: self.budgets.random(),
        })
    }
}

fn read(path: &Path, columns: &[&str]) -> anyhow::Result<LossTable> {
    LossTable::read_paper_tsv(path, columns).with_context(|| format!("loading {}", path.display()))
}

/// Where the tables came from, for the header lines.
struct Sources {
    /// What the selection was chosen on.
    chosen_on: String,
    /// What it was scored on.
    scored_on: String,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if let Some(tables) = args.long.tables()? {
        let file = args
            .long
            .losses
            .as_deref()
            .unwrap_or(Path::new(""))
            .display();
        let sources = Sources {
            chosen_on: format!("{file} (split {})", tables.search_split),
            scored_on: match &tables.score {
                Some((split, _)) => format!("{file} (split {split})"),
                None => format!("{file} (split {})", tables.search_split),
            },
        };
        return select(&tables.tables(), &args, &sources);
    }
    let val_path = args
        .val
        .as_deref()
        .expect("clap requires --val without --losses");
    let text = std::fs::read_to_string(val_path)
        .with_context(|| format!("reading {}", val_path.display()))?;
    let columns = args.columns.clone().unwrap_or_else(|| {
        (0..paper_tsv_width(&text))
            .map(|i| format!("c{i}"))
            .collect()
    });
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    let val = LossTable::from_paper_tsv(&text, &names)
        .with_context(|| format!("loading {}", val_path.display()))?;
    let test = args.test.as_deref().map(|p| read(p, &names)).transpose()?;
    let esa = args.esa.as_deref().map(|p| read(p, &names)).transpose()?;
    let sources = Sources {
        chosen_on: val_path.display().to_string(),
        scored_on: args
            .test
            .as_deref()
            .unwrap_or(val_path)
            .display()
            .to_string(),
    };
    let tables = Tables {
        val: &val,
        test: test.as_ref(),
        esa: esa.as_ref(),
        baselines: &[],
    };
    select(&tables, &args, &sources)
}

/// Runs the sweep and prints it.
fn select(tables: &Tables<'_>, args: &Args, sources: &Sources) -> anyhow::Result<()> {
    let config = args
        .sweep
        .config(tables.val.columns().len(), tables.esa.is_some())?;
    let curves = sweep(tables, &config)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&curves)?);
    } else {
        print!("{}", render(&curves, tables.test.is_some(), sources));
    }
    Ok(())
}

/// The paper-style tables: one total per (budget, method), then the chosen
/// networks of each method that chooses networks.
fn render(curves: &Curves, has_test: bool, sources: &Sources) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Total {} loss over {} tasks ({}), chosen on {}\n\n",
        if has_test { "test" } else { "validation" },
        curves.columns.len(),
        curves.columns.join(" "),
        sources.chosen_on
    ));
    let layout = TableLayout::Plain {
        budget_width: 7,
        width: 11,
    };
    out.push_str(&CurveTable::new(curves, layout, 6).render());
    let scored_on = &sources.scored_on;
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
