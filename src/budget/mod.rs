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
mod read;
mod sheet_source;
pub mod table;
pub mod unit;
pub mod validate;

pub use block::Block;
pub use columns::Column;
pub use decision::DecisionBlock;
pub use goals::Goals;
pub use goals::{Goal, GoalOutcome};
pub use table::{ChartKind, Derivation, Figure, Row, Table, Views};
pub use validate::{BlockVerdicts, TableVerdicts, Verdict, Verdicts};
