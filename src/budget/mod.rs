//! Budget blocks: the model, how it is read (`block`, `number`, `expr`) and
//! how its figures are checked (`validate`).

pub mod block;
pub mod expr;
pub mod number;
pub mod validate;

pub use block::{Block, ChartKind, Derivation, Figure, Row};
pub use validate::{Verdict, Verdicts};
