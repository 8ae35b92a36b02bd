//! factlint: a claim-checking rule engine.
//!
//! Rule authors declare facts (`src/dsl`, `src/rules`); factlint reads
//! articles (`src/text`), finds the claims they make with language packs
//! (`src/lang`, `src/claims`), judges them at the article's date
//! (`src/check`) and reports contradictions and supporting quotes
//! (`src/report`). `src/cli` turns command-line arguments into a validated
//! configuration and runs the commands. See ARCHITECTURE.md.

pub mod check;
pub mod claims;
pub mod cli;
pub mod dsl;
pub mod lang;
pub mod report;
pub mod rules;
pub mod text;
