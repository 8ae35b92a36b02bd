//! Byte offsets to 1-based lines and character columns, and a miette
//! [`SourceCode`] that renders snippets without rescanning the file.
//!
//! Every output format turns finding spans into lines and columns, and a file
//! may carry thousands of findings. The index is built once per file (one
//! `memchr` pass for line starts, one pass counting characters at fixed
//! checkpoints), after which every lookup is a binary search plus a scan of
//! at most one checkpoint interval.

use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::report::model::{FileReport, Origin};

/// How many bytes separate two character-count checkpoints. Smaller means
/// faster lookups and a bigger index; 128 keeps the index under 7% of the
/// text while bounding each lookup's scan to 128 bytes even on a file made
/// of one enormous line.
const CHECKPOINT_INTERVAL: usize = 128;

/// The longest snippet shown with its context lines; longer ones show the
/// span alone (see [`IndexedSource`]).
const MAX_SNIPPET_BYTES: usize = 16 * 1024;

/// A 1-based line and 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The start of every line of one text, and character counts at regular byte
/// checkpoints, so that positions are found without rescanning the text.
#[derive(Debug, Clone)]
pub struct LineIndex<'text> {
    text: &'text str,
    /// Byte offset at which each line starts; the first is always 0. A line
    /// ends after its `\n`, so a `\r\n` ending belongs to the line it ends.
    line_starts: Vec<usize>,
    /// `chars_before_checkpoint[i]` is the number of characters that start
    /// before byte `i * CHECKPOINT_INTERVAL`.
    chars_before_checkpoint: Vec<usize>,
    /// Where the text starts in its file, added to every position.
    origin: Origin,
}

impl<'text> LineIndex<'text> {
    pub fn new(text: &'text str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(bytes.len() / 48 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|newline| newline + 1));

        let mut chars_before_checkpoint = Vec::with_capacity(bytes.len() / CHECKPOINT_INTERVAL + 1);
        let mut chars_so_far = 0;
        for chunk in bytes.chunks(CHECKPOINT_INTERVAL) {
            chars_before_checkpoint.push(chars_so_far);
            chars_so_far += count_char_starts(chunk);
        }
        chars_before_checkpoint.push(chars_so_far);

        LineIndex {
            text,
            line_starts,
            chars_before_checkpoint,
            origin: Origin::default(),
        }
    }

    /// The index of a report's text, giving positions in its file.
    pub fn for_file(file: &'text FileReport) -> Self {
        LineIndex {
            origin: file.origin,
            ..LineIndex::new(&file.text)
        }
    }

    /// The file line (0-based) of a line of the text, and how many
    /// characters of the file's line lie before the text on it.
    fn shift(&self, line_index: usize) -> (usize, usize) {
        let column = if line_index == 0 {
            self.origin.column
        } else {
            0
        };
        (self.origin.line + line_index, column)
    }

    /// The text this index was built over.
    pub fn text(&self) -> &'text str {
        self.text
    }

    /// How many lines the text has. A text that ends with `\n` has an empty
    /// last line after it, as editors show it.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based index of the line holding byte `offset` (clamped to the
    /// text's length).
    pub fn line_index_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        // `line_starts[0]` is 0, so at least one start is `<= offset` and the
        // subtraction cannot underflow.
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// Byte range of a 0-based line, without its line ending (`\n` or
    /// `\r\n`). An index past the last line gives an empty range at the end.
    pub fn line_range(&self, line_index: usize) -> Range<usize> {
        let Some(&start) = self.line_starts.get(line_index) else {
            return self.text.len()..self.text.len();
        };
        let mut end = self.line_end_with_terminator(line_index);
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
        }
        start..end
    }

    /// Byte offset just after a 0-based line's terminator (the next line's
    /// start), or the text's end for the last line.
    fn line_end_with_terminator(&self, line_index: usize) -> usize {
        self.line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The 1-based line and character column of byte `offset`. An offset past
    /// the end is clamped to the end, one inside a multi-byte character to
    /// that character's start.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset);
        let line_index = self.line_index_of(offset);
        let line_start = self.line_starts[line_index];
        let (line, column) = self.shift(line_index);
        Position {
            line: line + 1,
            column: column + self.chars_before(offset) - self.chars_before(line_start) + 1,
        }
    }

    /// The number of characters that start before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let checkpoint = offset / CHECKPOINT_INTERVAL;
        let checkpoint_start = checkpoint * CHECKPOINT_INTERVAL;
        self.chars_before_checkpoint[checkpoint]
            + count_char_starts(&self.text.as_bytes()[checkpoint_start..offset])
    }

    /// The 0-based character column of byte `offset` within its line, as
    /// miette's `SpanContents::column` expects it.
    fn zero_based_column(&self, offset: usize) -> usize {
        self.position(offset).column - 1
    }
}

/// Lines and columns of offsets asked for in (mostly) increasing order, as
/// the findings of a file are, without indexing the whole text.
///
/// A file's machine-readable output needs the positions of a few spans, so
/// building a [`LineIndex`] (every line start, character counts over the
/// whole text) cost more than the lookups. The cursor instead remembers
/// where it stands — its line and the characters between the line's start
/// and itself — and counts only the bytes between it and the next offset,
/// so a file's positions cost time in the distance covered, however long
/// its lines. It gives exactly [`LineIndex::position`]'s answers.
#[derive(Debug, Clone)]
pub struct LineCursor<'text> {
    text: &'text str,
    /// Where the cursor stands: a character boundary.
    offset: usize,
    /// Line breaks (`\n`) before `offset`.
    newlines: usize,
    /// Byte offset at which the line holding `offset` starts.
    line_start: usize,
    /// Characters from `line_start` up to `offset`.
    column_chars: usize,
    /// Where the text starts in its file, added to every position.
    origin: Origin,
}

impl<'text> LineCursor<'text> {
    pub fn new(text: &'text str) -> Self {
        LineCursor {
            text,
            offset: 0,
            newlines: 0,
            line_start: 0,
            column_chars: 0,
            origin: Origin::default(),
        }
    }

    /// A cursor over a report's text, giving positions in its file.
    pub fn for_file(file: &'text FileReport) -> Self {
        LineCursor {
            origin: file.origin,
            ..LineCursor::new(&file.text)
        }
    }

    /// The 1-based line and character column of byte `offset`. An offset
    /// past the end is clamped to the end, one inside a multi-byte character
    /// to that character's start.
    pub fn position(&mut self, offset: usize) -> Position {
        let target = floor_char_boundary(self.text, offset);
        let bytes = self.text.as_bytes();
        if target >= self.offset {
            let between = &bytes[self.offset..target];
            match memchr::memrchr(b'\n', between) {
                None => self.column_chars += count_char_starts(between),
                Some(last) => {
                    self.newlines += count_newlines(between);
                    self.line_start = self.offset + last + 1;
                    self.column_chars = count_char_starts(&bytes[self.line_start..target]);
                }
            }
        } else {
            let between = &bytes[target..self.offset];
            let newlines = count_newlines(between);
            if newlines == 0 {
                self.column_chars -= count_char_starts(between);
            } else {
                self.newlines -= newlines;
                self.line_start =
                    memchr::memrchr(b'\n', &bytes[..target]).map_or(0, |newline| newline + 1);
                self.column_chars = count_char_starts(&bytes[self.line_start..target]);
            }
        }
        self.offset = target;
        let origin_column = if self.newlines == 0 {
            self.origin.column
        } else {
            0
        };
        Position {
            line: self.origin.line + self.newlines + 1,
            column: origin_column + self.column_chars + 1,
        }
    }
}

/// Counts the line breaks (`\n`) in `bytes`, a byte-wide count per block of
/// at most 128 bytes as in [`count_char_starts`].
fn count_newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(128)
        .map(|block| {
            let newlines = block.iter().fold(0u8, |count, &byte| {
                count.wrapping_add(u8::from(byte == b'\n'))
            });
            usize::from(newlines)
        })
        .sum()
}

/// Counts the bytes that start a UTF-8 character, i.e. every byte that is
/// not a continuation byte (`0b10xx_xxxx`). Over any slice of valid UTF-8
/// cut at arbitrary bytes, this counts the characters that begin inside it.
///
/// Every file with findings is counted whole once, so the count is kept in
/// a byte per block of at most 128 bytes, which the compiler turns into
/// vector additions; a plain `filter().count()` cost about ten
/// instructions a byte.
fn count_char_starts(bytes: &[u8]) -> usize {
    bytes
        .chunks(128)
        .map(|block| {
            // A block of at most 128 bytes cannot overflow the byte-wide
            // count.
            let starts = block.iter().fold(0u8, |count, &byte| {
                count.wrapping_add(u8::from((byte & 0xC0) != 0x80))
            });
            usize::from(starts)
        })
        .sum()
}

/// The largest character boundary that is `<= offset`, clamped to the text.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest character boundary that is `>= offset`, clamped to the text.
pub fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// A span made safe to slice `text` with: inside the text, on character
/// boundaries, and with `start <= end`. Correct spans come back unchanged;
/// the clamping only keeps a faulty span from crashing a report.
pub fn clamp_span(text: &str, span: &Range<usize>) -> Range<usize> {
    let end = ceil_char_boundary(text, span.end);
    let start = floor_char_boundary(text, span.start.min(end));
    start..end
}

/// A file's text with its line index and display name, readable by miette's
/// renderers in time proportional to the snippet shown rather than to the
/// offset of the span.
///
/// It answers `read_span` exactly as miette's own `str` implementation does
/// (same snippet bounds, 0-based line of the first snippet line, same rules
/// for context lines), with two deliberate differences: columns are counted
/// in characters rather than bytes, and `line_count` is the number of lines
/// in the snippet rather than the number of line breaks from the start of
/// the file.
#[derive(Debug, Clone)]
pub struct IndexedSource<'text> {
    name: String,
    index: LineIndex<'text>,
}

impl<'text> IndexedSource<'text> {
    pub fn new(name: impl Into<String>, text: &'text str) -> Self {
        IndexedSource {
            name: name.into(),
            index: LineIndex::new(text),
        }
    }

    pub fn from_index(name: impl Into<String>, index: LineIndex<'text>) -> Self {
        IndexedSource {
            name: name.into(),
            index,
        }
    }

    pub fn index(&self) -> &LineIndex<'text> {
        &self.index
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.index.text;
        let span_start = span.offset();
        let span_end = span_start
            .checked_add(span.len())
            .ok_or(MietteError::OutOfBounds)?;
        if span_end > text.len() {
            return Err(MietteError::OutOfBounds);
        }

        let first_span_line = self.index.line_index_of(span_start);
        // The line holding the span's last byte; an empty span sits on the
        // line of its offset.
        let last_span_line = self.index.line_index_of(if span.is_empty() {
            span_start
        } else {
            span_end - 1
        });

        // Like miette's `str` implementation, no context before means the
        // snippet starts at the span itself, with the span's column.
        let (snippet_start, first_snippet_line) = if context_lines_before == 0 {
            (floor_char_boundary(text, span_start), first_span_line)
        } else {
            let first_line = first_span_line.saturating_sub(context_lines_before);
            (self.index.line_starts[first_line], first_line)
        };

        let (snippet_end, last_snippet_line) = if context_lines_after == 0 {
            (ceil_char_boundary(text, span_end), last_span_line)
        } else {
            let last_line = (last_span_line + context_lines_after).min(self.index.line_count() - 1);
            (self.index.line_end_with_terminator(last_line), last_line)
        };
        let snippet_end = snippet_end.max(snippet_start);
        // A snippet with a very long line (a file written on one line)
        // shows the span alone, as with no context: miette pads highlights
        // to their column, and a column of millions is beyond what it can
        // format.
        let (snippet_start, snippet_end, first_snippet_line, last_snippet_line) =
            if snippet_end - snippet_start > MAX_SNIPPET_BYTES {
                (
                    floor_char_boundary(text, span_start),
                    ceil_char_boundary(text, span_end),
                    first_span_line,
                    last_span_line,
                )
            } else {
                (
                    snippet_start,
                    snippet_end,
                    first_snippet_line,
                    last_snippet_line,
                )
            };

        // miette numbers lines from the snippet's first line on, so only
        // that line and its column need the text's origin in the file.
        let (first_file_line, _) = self.index.shift(first_snippet_line);
        // The snippet's column, in the file: that of the span with no
        // context, 0 at a line start, the origin's on a segment's first line.
        let column = self.index.zero_based_column(snippet_start);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[snippet_start..snippet_end],
            SourceSpan::from(snippet_start..snippet_end),
            first_file_line,
            column,
            last_snippet_line - first_snippet_line + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::{LineCursor, LineIndex, count_char_starts, count_newlines};

    #[test]
    fn the_cursor_agrees_with_the_index_in_any_order() {
        let text = "ab\ncafé\r\n\nقال المتحدث\n𝄞x\n\nend".repeat(30);
        let index = LineIndex::new(&text);
        let mut offsets: Vec<usize> = (0..=text.len() + 3).collect();
        // Forwards, backwards, and jumping about, as overlapping spans do.
        let mut cursor = LineCursor::new(&text);
        for &offset in &offsets {
            assert_eq!(cursor.position(offset), index.position(offset), "{offset}");
        }
        offsets.reverse();
        for &offset in &offsets {
            assert_eq!(cursor.position(offset), index.position(offset), "{offset}");
        }
        for step in 0..offsets.len() {
            let offset = (step * 7919) % (text.len() + 4);
            assert_eq!(cursor.position(offset), index.position(offset), "{offset}");
        }
        let lines = text.bytes().filter(|&b| b == b'\n').count();
        assert_eq!(count_newlines(text.as_bytes()), lines);
    }

    #[test]
    fn char_starts_are_counted_at_every_length_and_offset() {
        let text = "Le Japon, l'été — قال المتحدث 𝄞 ".repeat(40);
        let bytes = text.as_bytes();
        for start in 0..9 {
            for end in (start..bytes.len()).step_by(7) {
                let slice = &bytes[start..end];
                let expected = slice.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
                assert_eq!(count_char_starts(slice), expected, "{start}..{end}");
            }
        }
    }
}
