//! `factlint rules check` and `factlint rules list`.

use std::io::Write;

use super::Outcome;
use crate::rules::{self, RenderOptions, RuleSet, RuleSource};

/// Loads the rule set and prints a one-line summary to `out`, or every
/// diagnostic and an error count to `err`. Colour is off; see
/// [`rules_check_with`].
pub fn rules_check(sources: &[RuleSource], out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    rules_check_with(sources, RenderOptions::default(), out, err)
}

/// [`rules_check`] with explicit rendering options (colour, width).
pub fn rules_check_with(
    sources: &[RuleSource],
    options: RenderOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let loaded = load_or_report(sources, options, err)
        // Loading the packs too checks a rule directory's own `lang/*.yaml`.
        .filter(|rule_set| super::load_packs(rule_set, options.color, err).is_some());
    match loaded {
        Some(rule_set) => {
            let summary = format!(
                "rules ok: {}, {} in {}",
                plural(rule_set.entities.len(), "entity", "entities"),
                plural(rule_set.facts.len(), "fact", "facts"),
                plural(rule_set.files.len(), "file", "files"),
            );
            if writeln!(out, "{summary}").is_err() {
                return Outcome::Error;
            }
            Outcome::Clean
        }
        None => Outcome::Error,
    }
}

/// Prints every fact as an aligned table: id, statement, period, source.
pub fn rules_list(sources: &[RuleSource], out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let Some(rule_set) = load_or_report(sources, RenderOptions::default(), err) else {
        return Outcome::Error;
    };
    match write_fact_table(&rule_set, out) {
        Ok(()) => Outcome::Clean,
        Err(_) => Outcome::Error,
    }
}

/// Loads the sources; on failure prints every diagnostic and `N errors`.
pub(super) fn load_or_report(
    sources: &[RuleSource],
    options: RenderOptions,
    err: &mut dyn Write,
) -> Option<RuleSet> {
    match rules::load(sources) {
        Ok(rule_set) => Some(rule_set),
        Err(errors) => {
            // A failed write to stderr leaves nothing better to do than to
            // return the error outcome, which the caller does anyway.
            let _ = write!(err, "{}", errors.render(options));
            let _ = writeln!(err, "{}", plural(errors.len(), "error", "errors"));
            None
        }
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

fn write_fact_table(rule_set: &RuleSet, out: &mut dyn Write) -> std::io::Result<()> {
    let header = ["ID", "STATEMENT", "PERIOD", "SOURCE"].map(str::to_string);
    let rows: Vec<[String; 4]> = rule_set
        .facts
        .iter()
        .map(|fact| {
            [
                fact.id.clone(),
                rule_set.describe_statement(&fact.statement),
                fact.period.to_string(),
                fact.source.clone().unwrap_or_else(|| "-".to_string()),
            ]
        })
        .collect();
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (width, cell) in widths.iter_mut().zip(row.iter()) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(rows.iter()) {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
            line.push_str(cell);
            if index + 1 < row.len() {
                let padding = width - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', padding));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
