//! Checks one article: reads its front matter, settles its date and
//! language, extracts its claims and judges them.

use std::sync::Arc;

use jiff::civil::Date;

use super::judge::Judge;
use crate::claims::{ArticleContext, Extraction, Extractor};
use crate::lang::Packs;
use crate::lang::detect::detect;
use crate::report::model::{FileReport, Origin, Problem, ProblemSeverity};
use crate::rules::model::RuleSet;
use crate::text::article::{Article, Format};

/// What the walk knows about an article before reading it: its
/// `corpus.yaml` entry, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleMeta {
    pub date: Option<Date>,
    pub lang: Option<String>,
}

/// The run-wide fallbacks: `--as-of` (or today) and `--lang`.
#[derive(Debug, Clone)]
pub struct Defaults {
    pub date: Date,
    pub lang: Option<String>,
}

/// The date and language an article is read with, and where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub date: Date,
    pub lang: Option<String>,
}

/// Parses `YYYY-MM-DD`; also accepts a full timestamp and keeps its date.
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    t.parse::<Date>().ok().or_else(|| {
        t.get(..10)
            .and_then(|d| d.parse::<Date>().ok())
            .filter(|_| t.len() > 10 && t.as_bytes()[10] == b'T')
    })
}

/// The checker for a whole run: the rule set, its packs, and the automaton.
pub struct Engine<'r> {
    pub rules: &'r RuleSet,
    pub packs: &'r Packs,
    pub extractor: Extractor<'r>,
    judge: Judge<'r>,
}

impl<'r> Engine<'r> {
    pub fn new(rules: &'r RuleSet, packs: &'r Packs) -> Engine<'r> {
        Engine {
            rules,
            packs,
            extractor: Extractor::new(rules, packs),
            judge: Judge::new(rules),
        }
    }

    /// Settles date and language: front matter, then the corpus entry, then
    /// the run's defaults; the language is detected when nothing gives it.
    /// Problems with the front matter are reported at their line.
    pub fn settle(
        &self,
        article: &Article,
        meta: &ArticleMeta,
        defaults: &Defaults,
        problems: &mut Vec<Problem>,
    ) -> Settled {
        let fm = article.front_matter.as_ref();
        if let Some(e) = &article.front_matter_error {
            problems.push(Problem {
                severity: ProblemSeverity::Warning,
                message: format!("front matter is not valid YAML: {}", e.message),
                span: Some(e.span.clone()),
                help: Some(
                    "the article is read with its corpus.yaml entry or the run's defaults".into(),
                ),
            });
        }
        let mut date = None;
        if let Some(field) = fm.and_then(|f| f.date.as_ref()) {
            match parse_date(&field.value) {
                Some(d) => date = Some(d),
                None => problems.push(Problem {
                    severity: ProblemSeverity::Warning,
                    message: format!("malformed date {:?} in front matter", field.value),
                    span: Some(field.span.clone()),
                    help: Some("write the date as YYYY-MM-DD, e.g. 2024-07-12".into()),
                }),
            }
        }
        let date = date.or(meta.date).unwrap_or(defaults.date);
        let mut lang = None;
        if let Some(field) = fm.and_then(|f| f.lang.as_ref()) {
            let code = field.value.trim().to_lowercase();
            if self.packs.get(&code).is_some() {
                lang = Some(code);
            } else {
                let known: Vec<&str> = self.packs.languages().collect();
                problems.push(Problem {
                    severity: ProblemSeverity::Warning,
                    message: format!("unknown language {:?} in front matter", field.value),
                    span: Some(field.span.clone()),
                    help: Some(format!(
                        "factlint has language packs for {}; the language is detected instead",
                        known.join(", ")
                    )),
                });
            }
        }
        let lang = lang
            .or_else(|| meta.lang.clone().filter(|l| self.packs.get(l).is_some()))
            .or_else(|| defaults.lang.clone())
            .or_else(|| detect(&article.prose, self.packs.languages()));
        Settled { date, lang }
    }

    /// The judge of this engine's rule set, indexed once for the run.
    pub fn judge(&self) -> &Judge<'r> {
        &self.judge
    }

    /// Extracts the claims of an article already settled.
    pub fn extract(&self, article: &Article, settled: &Settled, trace: bool) -> Extraction {
        match &settled.lang {
            Some(lang) => self.extractor.extract(
                &article.prose,
                ArticleContext {
                    lang,
                    year: Some(settled.date.year()),
                    trace,
                },
            ),
            None => Extraction::default(),
        }
    }

    /// Checks one article's text.
    pub fn check(
        &self,
        path: String,
        text: Arc<str>,
        format: Format,
        meta: &ArticleMeta,
        defaults: &Defaults,
    ) -> FileReport {
        let mut settled = None;
        self.check_segment(
            path,
            text,
            format,
            meta,
            defaults,
            Origin::default(),
            &mut settled,
        )
    }

    /// Checks a file, or one segment of a file too large to hold (see
    /// `cli::check_cmd`). The first segment is read like a whole article
    /// and settles the date and language into `settled`; a later one
    /// (`origin` past the start) holds no front matter and is read with
    /// what the first settled.
    #[allow(clippy::too_many_arguments)]
    pub fn check_segment(
        &self,
        path: String,
        text: Arc<str>,
        format: Format,
        meta: &ArticleMeta,
        defaults: &Defaults,
        origin: Origin,
        settled: &mut Option<Settled>,
    ) -> FileReport {
        let article = if origin.continues() {
            Article::parse_continuation(&text, format)
        } else {
            Article::parse(&text, format)
        };
        let mut problems = Vec::new();
        let settled = match settled {
            Some(settled) => settled,
            None => settled.insert(self.settle(&article, meta, defaults, &mut problems)),
        };
        let extraction = self.extract(&article, settled, false);
        let findings = self.judge.judge_owned(extraction.claims, settled.date);
        FileReport {
            path,
            text,
            findings,
            problems,
            origin,
        }
    }
}
