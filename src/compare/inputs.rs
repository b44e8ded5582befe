//! The comparison's inputs from files: a study [`Store`] and a one-run
//! affinity result ([`OneRunAffinity`], `taskgroup affinity`'s output).

use super::comparison::{CompareInputs, Comparison, EstimatorRun};
use super::cost::EstimatorCost;
use super::error::CompareError;
use crate::estimate::{AffinityMethod, OneRunAffinity};
use crate::select::{RandomConfig, TaskAffinities};
use crate::study::{Store, StudyTables};
use crate::tasks::Task;

impl EstimatorRun {
    /// The run's mean matrices over the study's `columns` (its tasks in
    /// column order, named by letter as the study's tables are), and its
    /// cost: one network, its epochs and wall seconds. The run must carry
    /// exactly the study's tasks (in any order).
    pub fn from_one_run(
        run: &OneRunAffinity,
        columns: &[Task],
    ) -> Result<EstimatorRun, CompareError> {
        let mut mine = run.tasks.clone();
        let mut theirs = columns.to_vec();
        mine.sort();
        theirs.sort();
        if mine != theirs {
            return Err(CompareError::Tasks {
                run: run.tasks.iter().map(|t| t.letter()).collect(),
                study: columns.iter().map(|t| t.letter()).collect(),
            });
        }
        let at = |t: Task| {
            run.tasks
                .iter()
                .position(|x| *x == t)
                .expect("the same tasks")
        };
        let names: Vec<String> = columns.iter().map(|t| t.letter().to_string()).collect();
        let matrix = |method: AffinityMethod| {
            let m = run.matrix(method);
            let effect = columns
                .iter()
                .map(|&from| columns.iter().map(|&to| m[at(from)][at(to)]).collect())
                .collect();
            TaskAffinities::new(names.clone(), effect)
        };
        Ok(EstimatorRun {
            tag: matrix(AffinityMethod::Tag)?,
            cosine: matrix(AffinityMethod::Cosine)?,
            cost: EstimatorCost {
                networks: 1,
                epochs: run.cost.epochs,
                seconds: run.cost.seconds,
            },
        })
    }
}

impl Comparison {
    /// The comparison of a study store's finished networks (it needs every
    /// subset for the ground truth) with, if given, a one-run result.
    pub fn of_store(
        store: &Store,
        run: Option<&OneRunAffinity>,
        budgets: &[f64],
        random: RandomConfig,
    ) -> Result<Comparison, CompareError> {
        Comparison::of_tables(store, &store.tables()?, run, budgets, random)
    }

    /// One comparison per seed replicate of the store
    /// ([`Store::seed_tables`]) that is as complete as the first
    /// ([`StudyTables::complete_replicates`]), the study's own seed first:
    /// each scores its replicate's choices on that replicate's test losses
    /// against its own optimal choice, with its own training records as the
    /// costs; the one-run affinities, if given, are the same for every seed.
    /// [`crate::seeds::RegretSpread`] puts them across the seeds.
    pub fn of_store_seeds(
        store: &Store,
        run: Option<&OneRunAffinity>,
        budgets: &[f64],
        random: RandomConfig,
    ) -> Result<Vec<Comparison>, CompareError> {
        Comparison::of_seed_tables(store, &store.seed_tables()?, run, budgets, random)
    }

    /// [`of_store_seeds`](Self::of_store_seeds) with the replicates'
    /// tables already read ([`Store::seed_tables`] of `store`), as a
    /// report across the seeds has them.
    pub fn of_seed_tables(
        store: &Store,
        replicates: &[StudyTables],
        run: Option<&OneRunAffinity>,
        budgets: &[f64],
        random: RandomConfig,
    ) -> Result<Vec<Comparison>, CompareError> {
        StudyTables::complete_replicates(replicates)
            .into_iter()
            .map(|(r, tables)| {
                Comparison::of_tables(&store.replicate(r), tables, run, budgets, random.clone())
            })
            .collect()
    }

    /// The comparison of `tables`, one replicate's, with `store`'s view of
    /// the same replicate giving the records.
    fn of_tables(
        store: &Store,
        tables: &StudyTables,
        run: Option<&OneRunAffinity>,
        budgets: &[f64],
        random: RandomConfig,
    ) -> Result<Comparison, CompareError> {
        let records = store.records()?;
        let run = run
            .map(|r| EstimatorRun::from_one_run(r, &store.config().tasks))
            .transpose()?;
        Comparison::compute(CompareInputs {
            tables,
            records: &records,
            run: run.as_ref(),
            budgets,
            random,
        })
    }
}
