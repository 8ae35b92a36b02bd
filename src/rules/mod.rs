//! Rule sets: loading YAML rule files, checking them, and compiling them
//! into the [`RuleSet`] the engine consumes.
//!
//! [`load`] reads rule directories (or the built-in set), and either returns
//! a consistent rule set or every problem found, each a miette diagnostic
//! pointing at the exact place in its YAML file.

pub mod builtin;
mod compile;
pub mod diagnostic;
mod load;
pub mod model;
mod scalar_map;
mod yaml;

pub use diagnostic::{LoadErrors, RenderOptions, RuleDiagnostic, render};
pub use load::{RuleSource, load, load_files};
pub use model::RuleSet;
