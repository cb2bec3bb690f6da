//! Budget blocks: the model, how it is read (`block`, `number`, `expr`) and
//! how its figures are checked (`validate`).

pub mod block;
pub mod chart_spec;
pub mod columns;
pub mod decision;
pub mod explain;
pub mod expr;
pub mod goals;
pub mod ids;
pub mod likely;
pub mod number;
pub mod per_hundred;
mod sheet_source;
pub mod unit;
pub mod validate;

pub use block::{Block, BlockKind, ChartKind, Derivation, Figure, Row, Views};
pub use columns::Column;
pub use goals::{Goal, GoalOutcome};
pub use validate::{Verdict, Verdicts};
