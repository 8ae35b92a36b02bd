//! Suppressions: comments in an article that silence findings, and
//! per-file ignores from `corpus.yaml`.
//!
//! ```markdown
//! <!-- factlint-disable-next-line japan-not-in-aukus -->
//! Japan, an AUKUS member, signed the pact.
//!
//! <!-- factlint-disable asean-count-10 nato-count-32 -- quoted from 2019 -->
//! ...
//! <!-- factlint-enable -->
//! ```
//!
//! Everything here is pure: parsing takes the article's text, applying takes
//! findings and returns the ones kept plus the problems to report (unused
//! suppressions, unknown fact ids, unbalanced `enable`s).

use std::collections::HashSet;
use std::ops::Range;

use memchr::memmem;

use crate::check::finding::Finding;
use crate::report::lines::LineIndex;
use crate::report::model::{FileReport, Problem, ProblemSeverity};

const DISABLE_NEXT_LINE: &str = "factlint-disable-next-line";
const DISABLE: &str = "factlint-disable";
const ENABLE: &str = "factlint-enable";
const DIRECTIVE_PREFIX: &str = "factlint-";

/// Which comment a suppression comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionKind {
    /// `<!-- factlint-disable-next-line ... -->`
    NextLine,
    /// `<!-- factlint-disable ... -->`, up to the matching `factlint-enable`
    /// or the end of the file.
    Block,
}

/// One fact silenced over one stretch of text. A comment naming several
/// facts gives one suppression per fact, so each can be reported unused (or
/// re-enabled) on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    /// The fact silenced; `None` when the comment names no fact and so
    /// silences every fact.
    pub fact_id: Option<String>,
    /// Byte span of the fact id inside the comment, or of the whole comment
    /// when it names no fact.
    pub id_span: Range<usize>,
    /// Byte span of the whole comment, `<!--` to `-->`.
    pub comment: Range<usize>,
    /// Findings whose span starts inside this byte range are silenced.
    pub covers: Range<usize>,
}

impl Suppression {
    fn silences(&self, finding: &Finding) -> bool {
        self.covers.contains(&finding.span.start)
            && self
                .fact_id
                .as_deref()
                .is_none_or(|fact_id| fact_id == &*finding.fact_id)
    }

    fn describe_facts(&self) -> String {
        match &self.fact_id {
            Some(fact_id) => format!("`{fact_id}`"),
            None => "all facts".to_owned(),
        }
    }
}

/// The suppressions of one article, and the problems found reading them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedSuppressions {
    /// In the order of their comments, then of the ids inside a comment.
    pub suppressions: Vec<Suppression>,
    /// Unknown `factlint-...` directives and `factlint-enable` comments that
    /// close nothing.
    pub problems: Vec<Problem>,
}

/// What applying suppressions leaves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The findings no suppression or ignore silenced, in their input order.
    pub kept: Vec<Finding>,
    /// Unused suppressions and unknown fact ids, in text order.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DirectiveKind {
    DisableNextLine,
    Disable,
    Enable,
}

/// A `factlint-...` comment as written.
#[derive(Debug)]
struct Directive {
    kind: DirectiveKind,
    /// Each named fact id and its byte span.
    fact_ids: Vec<(String, Range<usize>)>,
    comment: Range<usize>,
}

/// Finds every suppression comment in an article's raw text.
///
/// Comments inside fenced code blocks (```` ``` ```` or `~~~`) are examples,
/// not directives, and are skipped. Fact ids are separated by spaces or
/// commas; anything after a ` -- ` is a free-text reason and is ignored.
pub fn parse(text: &str) -> ParsedSuppressions {
    // Every directive is an HTML comment, and a text without one has no
    // suppressions and nothing to report: most files, which then skip the
    // line index.
    if !holds_comment(text) {
        return ParsedSuppressions::default();
    }
    let index = LineIndex::new(text);
    let mut parsed = ParsedSuppressions::default();
    let directives = find_directives(text, &index, &mut parsed.problems);

    // Lines holding nothing but one directive comment are skipped when
    // looking for the line a `disable-next-line` applies to, so that several
    // such comments can be stacked above one line.
    let directive_only_lines: HashSet<usize> = directives
        .iter()
        .filter_map(|directive| {
            let line = index.line_index_of(directive.comment.start);
            let range = index.line_range(line);
            let content = &text[range.clone()];
            let content_start = range.start + (content.len() - content.trim_start().len());
            let content_end = range.start + content.trim_end().len();
            (content_start == directive.comment.start && content_end == directive.comment.end)
                .then_some(line)
        })
        .collect();

    let mut open_blocks: Vec<Suppression> = Vec::new();
    for directive in directives {
        match directive.kind {
            DirectiveKind::DisableNextLine => {
                let covers = next_prose_line(text, &index, &directive, &directive_only_lines);
                push_per_fact(
                    &mut parsed.suppressions,
                    &directive,
                    SuppressionKind::NextLine,
                    covers,
                );
            }
            DirectiveKind::Disable => {
                let covers = directive.comment.end..text.len();
                push_per_fact(&mut open_blocks, &directive, SuppressionKind::Block, covers);
            }
            DirectiveKind::Enable => close_blocks(
                &directive,
                &mut open_blocks,
                &mut parsed.suppressions,
                &mut parsed.problems,
            ),
        }
    }
    // A `disable` never enabled again runs to the end of the file, which its
    // `covers` already says.
    parsed.suppressions.extend(open_blocks);
    parsed
        .suppressions
        .sort_by_key(|suppression| (suppression.comment.start, suppression.id_span.start));
    parsed
        .problems
        .sort_by_key(|problem| problem.span.as_ref().map(|span| span.start));
    parsed
}

/// Whether `text` holds `<!--` anywhere. Most articles hold no `<` at all,
/// and looking for that one byte skips them several times faster than a
/// substring search, which also pays to build its searcher on every call.
fn holds_comment(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'<', bytes).any(|at| bytes[at..].starts_with(b"<!--"))
}

/// Every `<!-- factlint-... -->` comment outside fenced code, in text order.
fn find_directives(
    text: &str,
    index: &LineIndex<'_>,
    problems: &mut Vec<Problem>,
) -> Vec<Directive> {
    let fences = fenced_code_ranges(text, index);
    let mut directives = Vec::new();
    let mut search_from = 0;
    while let Some(found) = memmem::find(&text.as_bytes()[search_from..], b"<!--") {
        let comment_start = search_from + found;
        let body_start = comment_start + "<!--".len();
        let (body_end, comment_end) = match memmem::find(&text.as_bytes()[body_start..], b"-->") {
            Some(found) => (body_start + found, body_start + found + "-->".len()),
            // An unclosed comment hides the rest of the file in Markdown; it
            // is no directive.
            None => break,
        };
        search_from = comment_end;
        if fences.iter().any(|fence| fence.contains(&comment_start)) {
            continue;
        }
        if let Some(directive) = read_directive(
            text,
            body_start..body_end,
            comment_start..comment_end,
            problems,
        ) {
            directives.push(directive);
        }
    }
    directives
}

/// Reads the body of one comment; `None` when it is not a factlint comment
/// (or is a misspelt one, which is reported).
fn read_directive(
    text: &str,
    body: Range<usize>,
    comment: Range<usize>,
    problems: &mut Vec<Problem>,
) -> Option<Directive> {
    let mut tokens = tokens(text, body.clone());
    let (name, name_span) = tokens.next()?;
    if !name.starts_with(DIRECTIVE_PREFIX) {
        return None;
    }
    let kind = match name {
        DISABLE_NEXT_LINE => DirectiveKind::DisableNextLine,
        DISABLE => DirectiveKind::Disable,
        ENABLE => DirectiveKind::Enable,
        _ => {
            problems.push(Problem {
                severity: ProblemSeverity::Warning,
                message: format!("unknown factlint directive `{name}`"),
                span: Some(name_span),
                help: Some(format!(
                    "expected `{DISABLE_NEXT_LINE}`, `{DISABLE}` or `{ENABLE}`"
                )),
            });
            return None;
        }
    };
    let fact_ids = tokens
        .take_while(|(token, _)| *token != "--")
        .map(|(token, span)| (token.to_owned(), span))
        .collect();
    Some(Directive {
        kind,
        fact_ids,
        comment,
    })
}

/// The words of `text[range]`, split at whitespace and commas, with their
/// absolute byte spans.
fn tokens(text: &str, range: Range<usize>) -> impl Iterator<Item = (&str, Range<usize>)> {
    let base = range.start;
    let body = &text[range];
    body.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|token| !token.is_empty())
        .map(move |token| {
            // `token` is a subslice of `body`, so its address gives its offset.
            let start = base + (token.as_ptr() as usize - body.as_ptr() as usize);
            (token, start..start + token.len())
        })
}

/// Byte ranges of fenced code blocks: from an opening ```` ``` ```` or `~~~`
/// line (indented at most three spaces) to the closing fence of the same
/// character and at least the same length, or to the end of the file.
fn fenced_code_ranges(text: &str, index: &LineIndex<'_>) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut open: Option<(usize, u8, usize)> = None;
    for line in 0..index.line_count() {
        let range = index.line_range(line);
        let content = &text[range.clone()];
        let indent = content.len() - content.trim_start_matches(' ').len();
        if indent > 3 {
            continue;
        }
        let rest = &content.as_bytes()[indent..];
        let Some(&fence_char) = rest.first().filter(|&&c| c == b'`' || c == b'~') else {
            continue;
        };
        let fence_len = rest.iter().take_while(|&&c| c == fence_char).count();
        if fence_len < 3 {
            continue;
        }
        match open {
            None => open = Some((range.start, fence_char, fence_len)),
            Some((start, open_char, open_len)) => {
                let only_fence = rest[fence_len..].iter().all(u8::is_ascii_whitespace);
                if fence_char == open_char && fence_len >= open_len && only_fence {
                    ranges.push(start..range.end);
                    open = None;
                }
            }
        }
    }
    if let Some((start, _, _)) = open {
        ranges.push(start..text.len());
    }
    ranges
}

/// The line a `disable-next-line` comment applies to: the first line after
/// the comment's last line that is neither blank nor only a directive. An
/// empty range at the end of the text when there is none.
fn next_prose_line(
    text: &str,
    index: &LineIndex<'_>,
    directive: &Directive,
    directive_only_lines: &HashSet<usize>,
) -> Range<usize> {
    let mut line = index.line_index_of(directive.comment.end) + 1;
    while line < index.line_count() {
        let range = index.line_range(line);
        if !text[range.clone()].trim().is_empty() && !directive_only_lines.contains(&line) {
            return range;
        }
        line += 1;
    }
    text.len()..text.len()
}

fn push_per_fact(
    into: &mut Vec<Suppression>,
    directive: &Directive,
    kind: SuppressionKind,
    covers: Range<usize>,
) {
    if directive.fact_ids.is_empty() {
        into.push(Suppression {
            kind,
            fact_id: None,
            id_span: directive.comment.clone(),
            comment: directive.comment.clone(),
            covers,
        });
        return;
    }
    for (fact_id, id_span) in &directive.fact_ids {
        into.push(Suppression {
            kind,
            fact_id: Some(fact_id.clone()),
            id_span: id_span.clone(),
            comment: directive.comment.clone(),
            covers: covers.clone(),
        });
    }
}

/// Ends open `disable` blocks at an `enable` comment: all of them when it
/// names no fact, otherwise those naming one of its facts. An `enable` of a
/// fact inside a `disable` of all facts does not carve that fact out; it is
/// reported as closing nothing.
fn close_blocks(
    enable: &Directive,
    open_blocks: &mut Vec<Suppression>,
    closed: &mut Vec<Suppression>,
    problems: &mut Vec<Problem>,
) {
    let close = |block: &mut Suppression| {
        block.covers.end = enable.comment.start.max(block.covers.start);
    };
    if enable.fact_ids.is_empty() {
        if open_blocks.is_empty() {
            problems.push(Problem {
                severity: ProblemSeverity::Warning,
                message: "`factlint-enable` without an open `factlint-disable`".to_owned(),
                span: Some(enable.comment.clone()),
                help: Some("remove it, or add the `factlint-disable` it should end".to_owned()),
            });
        }
        for mut block in open_blocks.drain(..) {
            close(&mut block);
            closed.push(block);
        }
        return;
    }
    for (fact_id, id_span) in &enable.fact_ids {
        let before = open_blocks.len();
        let mut still_open = Vec::with_capacity(before);
        for mut block in open_blocks.drain(..) {
            if block.fact_id.as_deref() == Some(fact_id.as_str()) {
                close(&mut block);
                closed.push(block);
            } else {
                still_open.push(block);
            }
        }
        if still_open.len() == before {
            problems.push(Problem {
                severity: ProblemSeverity::Warning,
                message: format!(
                    "`factlint-enable {fact_id}` does not end any `factlint-disable {fact_id}`"
                ),
                span: Some(id_span.clone()),
                help: Some(
                    "a fact can only be re-enabled after a `factlint-disable` that names it"
                        .to_owned(),
                ),
            });
        }
        *open_blocks = still_open;
    }
}

/// Removes the findings that suppressions or `corpus.yaml` ignores silence.
///
/// A suppression silences findings of any verdict (contradictions and
/// supporting quotes alike) for its facts; it counts as used when it
/// silenced at least one. Each suppression naming a fact `fact_exists` does
/// not know is reported once as unknown (and never as unused); each other
/// suppression that silenced nothing is reported as unused, at its comment.
/// `ignores` silence their facts in the whole file; an ignore naming an
/// unknown fact is reported without a span, since it is written in
/// `corpus.yaml`, not in the article.
pub fn apply(
    findings: Vec<Finding>,
    suppressions: &[Suppression],
    ignores: &[String],
    fact_exists: &dyn Fn(&str) -> bool,
) -> Applied {
    let known: Vec<bool> = suppressions
        .iter()
        .map(|suppression| suppression.fact_id.as_deref().is_none_or(fact_exists))
        .collect();
    let mut used = vec![false; suppressions.len()];

    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        if ignores.iter().any(|ignored| **ignored == *finding.fact_id) {
            continue;
        }
        let mut silenced = false;
        for (position, suppression) in suppressions.iter().enumerate() {
            if known[position] && suppression.silences(&finding) {
                used[position] = true;
                silenced = true;
            }
        }
        if !silenced {
            kept.push(finding);
        }
    }

    let mut problems = Vec::new();
    for ignored in ignores {
        if !fact_exists(ignored) {
            problems.push(Problem {
                severity: ProblemSeverity::Warning,
                message: format!("corpus.yaml ignores unknown fact `{ignored}` for this file"),
                span: None,
                help: Some("check the fact id against `factlint rules`".to_owned()),
            });
        }
    }
    for (position, suppression) in suppressions.iter().enumerate() {
        if !known[position] {
            let fact_id = suppression.fact_id.as_deref().unwrap_or_default();
            problems.push(Problem {
                severity: ProblemSeverity::Warning,
                message: format!("unknown fact id `{fact_id}` in suppression"),
                span: Some(suppression.id_span.clone()),
                help: Some(
                    "no loaded fact has this id; check it against `factlint rules`".to_owned(),
                ),
            });
        } else if !used[position] {
            let covered = match suppression.kind {
                SuppressionKind::NextLine => "on the line it covers",
                SuppressionKind::Block => "in the block it covers",
            };
            problems.push(Problem {
                severity: ProblemSeverity::Warning,
                message: format!("unused suppression for {}", suppression.describe_facts()),
                span: Some(suppression.comment.clone()),
                help: Some(format!(
                    "no finding of {} starts {covered}; remove it",
                    suppression.describe_facts()
                )),
            });
        }
    }
    Applied { kept, problems }
}

/// Parses a file's suppression comments, applies them and its `corpus.yaml`
/// ignores, and records every problem on the file (sorted by position,
/// problems without a span first).
pub fn suppress_file(
    file: &mut FileReport,
    ignores: &[String],
    fact_exists: &dyn Fn(&str) -> bool,
) {
    let parsed = parse(&file.text);
    file.problems.extend(parsed.problems);
    // Nothing to silence and nothing to report about suppressions: the
    // findings stay as they are, without moving each into a new list.
    if !parsed.suppressions.is_empty() || !ignores.is_empty() {
        let findings = std::mem::take(&mut file.findings);
        let applied = apply(findings, &parsed.suppressions, ignores, fact_exists);
        file.findings = applied.kept;
        file.problems.extend(applied.problems);
    }
    file.problems
        .sort_by_key(|problem| problem.span.as_ref().map(|span| (span.start, span.end)));
}
