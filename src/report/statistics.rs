//! `--statistics`: how many contradictions and supporting quotes each fact
//! has, as a plain-text table sorted by fact id, with a total row.
//!
//! ```text
//! fact                contradicted  supported
//! asean-count-10                 0          3
//! japan-not-in-aukus             2          1
//! total                          2          4
//! ```
//!
//! Counts cover every finding, shown or not: `--hide-supported` hides
//! quotes from the listing, not from the statistics.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::check::finding::Verdict;
use crate::report::model::{FileReport, RunReport};

/// Counts per fact, accumulated file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statistics {
    /// Fact id to (contradicted, supported).
    by_fact: BTreeMap<String, (usize, usize)>,
}

impl Statistics {
    pub fn add_file(&mut self, file: &FileReport) {
        for finding in &file.findings {
            let counts = match self.by_fact.get_mut(&*finding.fact_id) {
                Some(counts) => counts,
                None => self.by_fact.entry(finding.fact_id.to_string()).or_default(),
            };
            match finding.verdict {
                Verdict::Contradicted => counts.0 += 1,
                Verdict::Supported => counts.1 += 1,
            }
        }
    }

    /// Adds counts gathered separately (one file's, in a worker thread).
    pub fn merge(&mut self, other: Statistics) {
        for (fact, (contradicted, supported)) in other.by_fact {
            let counts = self.by_fact.entry(fact).or_default();
            counts.0 += contradicted;
            counts.1 += supported;
        }
    }

    pub fn from_run(run: &RunReport) -> Self {
        let mut statistics = Statistics::default();
        for file in &run.files {
            statistics.add_file(file);
        }
        statistics
    }

    /// (fact id, contradicted, supported), sorted by fact id.
    pub fn rows(&self) -> impl Iterator<Item = (&str, usize, usize)> {
        self.by_fact
            .iter()
            .map(|(fact, &(contradicted, supported))| (fact.as_str(), contradicted, supported))
    }

    /// Writes the table. Fact ids are padded by character count, so ids
    /// with accents still line up.
    pub fn render(&self, out: &mut dyn Write) -> io::Result<()> {
        const FACT: &str = "fact";
        const CONTRADICTED: &str = "contradicted";
        const SUPPORTED: &str = "supported";
        const TOTAL: &str = "total";

        let total_contradicted: usize = self.rows().map(|row| row.1).sum();
        let total_supported: usize = self.rows().map(|row| row.2).sum();
        let fact_width = self
            .rows()
            .map(|row| row.0.chars().count())
            .chain([FACT.len(), TOTAL.len()])
            .max()
            .unwrap_or(FACT.len());
        let contradicted_width = CONTRADICTED.len().max(total_contradicted.to_string().len());
        let supported_width = SUPPORTED.len().max(total_supported.to_string().len());

        writeln!(
            out,
            "{FACT:<fact_width$}  {CONTRADICTED:>contradicted_width$}  {SUPPORTED:>supported_width$}"
        )?;
        for (fact, contradicted, supported) in self.rows() {
            writeln!(
                out,
                "{fact:<fact_width$}  {contradicted:>contradicted_width$}  {supported:>supported_width$}"
            )?;
        }
        writeln!(
            out,
            "{TOTAL:<fact_width$}  {total_contradicted:>contradicted_width$}  {total_supported:>supported_width$}"
        )
    }
}

/// Writes the statistics table of a whole run.
pub fn render_run(out: &mut dyn Write, run: &RunReport) -> io::Result<()> {
    Statistics::from_run(run).render(out)?;
    out.flush()
}
