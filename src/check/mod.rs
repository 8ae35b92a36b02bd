//! Judging claims against facts at a date, and what follows from it:
//! suppressions and baselines. No I/O happens here: callers hand in text and
//! get findings back.

pub mod baseline;
pub mod engine;
pub mod finding;
pub mod judge;
pub mod message;
pub mod suppress;
