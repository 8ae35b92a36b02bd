//! Diagnostics for rule sets that do not load, rendered with miette.
//!
//! Every problem found while loading a rule set becomes one
//! [`RuleDiagnostic`]: a message, the rule file it is in (with the file's
//! text, so that miette prints `file:line:col` and the offending line), the
//! labelled spans, and help. Problems that concern a path rather than a
//! file's content (a missing directory, an unreadable file) carry no source.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::model::SourceFile;

/// One labelled span of a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticLabel {
    pub span: Range<usize>,
    pub text: String,
    /// The primary label marks the offending token; others give context.
    pub primary: bool,
}

/// One problem in a rule set.
#[derive(Debug, Clone)]
pub struct RuleDiagnostic {
    /// A stable identifier of the kind of problem, like `rules::unknown-key`.
    pub code: &'static str,
    pub message: String,
    /// The display name of the rule file the problem is in, if any.
    pub file: Option<String>,
    pub labels: Vec<DiagnosticLabel>,
    pub help: Option<String>,
    /// Notes pointing into other files, such as the first declaration of a
    /// duplicated id.
    pub related: Vec<RuleDiagnostic>,
    pub severity: miette::Severity,
    source: Option<NamedSource<YamlText>>,
    text: Option<Arc<str>>,
}

/// A rule file's text as miette reads it, with columns counted in
/// characters: miette counts bytes, which would put `file:line:col` past
/// the offending token on any line with accented or non-Latin text.
#[derive(Debug, Clone)]
struct YamlText(Arc<str>);

impl SourceCode for YamlText {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self
            .0
            .read_span(span, context_lines_before, context_lines_after)?;
        // Only the span read without context lines gives the column of the
        // `file:line:col` header; context reads start at a line start.
        if context_lines_before != 0 || context_lines_after != 0 {
            return Ok(contents);
        }
        let offset = span.offset().min(self.0.len());
        let line_start = self
            .0
            .get(..offset)
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |index| index + 1);
        let column = self
            .0
            .get(line_start..offset)
            .map_or(contents.column(), |line| line.chars().count());
        Ok(Box::new(MietteSpanContents::new(
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

impl RuleDiagnostic {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        RuleDiagnostic {
            code,
            message: message.into(),
            file: None,
            labels: Vec::new(),
            help: None,
            related: Vec::new(),
            severity: miette::Severity::Error,
            source: None,
            text: None,
        }
    }

    /// Attaches the rule file the labels point into.
    pub(crate) fn in_file(mut self, file: &SourceFile) -> Self {
        self.file = Some(file.name.clone());
        self.source = Some(
            NamedSource::new(&file.name, YamlText(Arc::clone(&file.text))).with_language("yaml"),
        );
        self.text = Some(Arc::clone(&file.text));
        self
    }

    pub(crate) fn primary(mut self, span: Range<usize>, text: impl Into<String>) -> Self {
        self.labels.push(DiagnosticLabel {
            span,
            text: text.into(),
            primary: true,
        });
        self
    }

    pub(crate) fn secondary(mut self, span: Range<usize>, text: impl Into<String>) -> Self {
        self.labels.push(DiagnosticLabel {
            span,
            text: text.into(),
            primary: false,
        });
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_related(mut self, related: RuleDiagnostic) -> Self {
        self.related.push(related);
        self
    }

    /// Marks a diagnostic as a note that explains another one.
    pub(crate) fn into_advice(mut self) -> Self {
        self.severity = miette::Severity::Advice;
        self
    }

    /// The span of the primary label, if any.
    pub fn primary_span(&self) -> Option<Range<usize>> {
        self.labels
            .iter()
            .find(|label| label.primary)
            .or(self.labels.first())
            .map(|label| label.span.clone())
    }

    /// The 1-based line and column (in characters) where the primary label
    /// starts, as miette prints them.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        let text = self.text.as_deref()?;
        let offset = self.primary_span()?.start.min(text.len());
        let before = text.get(..offset)?;
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |index| index + 1);
        let column = before[line_start..].chars().count() + 1;
        Some((line, column))
    }

    /// `file:line:col` of the primary label, or the file name alone.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_deref()?;
        Some(match self.line_column() {
            Some((line, column)) => format!("{file}:{line}:{column}"),
            None => file.to_string(),
        })
    }
}

impl fmt::Display for RuleDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleDiagnostic {}

impl Diagnostic for RuleDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|source| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() || self.source.is_none() {
            return None;
        }
        Some(Box::new(self.labels.iter().map(|label| {
            let span = label.span.start..label.span.end;
            if label.primary {
                LabeledSpan::new_primary_with_span(Some(label.text.clone()), span)
            } else {
                LabeledSpan::new_with_span(Some(label.text.clone()), span)
            }
        })))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related
                .iter()
                .map(|related| related as &dyn Diagnostic),
        ))
    }
}

/// Every diagnostic of a rule set that failed to load, in a stable order:
/// problems with paths first, then by file and position.
#[derive(Debug, Clone, Default)]
pub struct LoadErrors {
    pub diagnostics: Vec<RuleDiagnostic>,
}

impl LoadErrors {
    pub fn len(&self) -> usize {
        self.diagnostics.len()
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, RuleDiagnostic> {
        self.diagnostics.iter()
    }

    /// Renders every diagnostic, each followed by a blank line; callers
    /// print their own summary line after them.
    pub fn render(&self, options: RenderOptions) -> String {
        self.diagnostics
            .iter()
            .map(|diagnostic| format!("{}\n", render(diagnostic, options)))
            .collect()
    }
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.len() {
            1 => f.write_str("the rule set has 1 error"),
            count => write!(f, "the rule set has {count} errors"),
        }
    }
}

impl std::error::Error for LoadErrors {}

impl Diagnostic for LoadErrors {
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(
            self.diagnostics
                .iter()
                .map(|diagnostic| diagnostic as &dyn Diagnostic),
        ))
    }
}

/// How to render diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap text at this many columns.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 100,
        }
    }
}

/// Renders one diagnostic the way miette's graphical handler prints it.
pub fn render(diagnostic: &dyn Diagnostic, options: RenderOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .without_syntax_highlighting();
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        // Rendering only fails if a span lies outside its source, which the
        // loader never produces; fall back to the plain message rather than
        // lose the diagnostic.
        out = format!("error: {diagnostic}\n");
    }
    out
}
