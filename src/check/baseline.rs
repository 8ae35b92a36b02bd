//! Baselines: accept the contradictions a corpus already has, report only
//! new ones.
//!
//! A finding is recognised by a fingerprint that does not depend on where
//! the claim sits, so a baseline survives edits that move lines: it hashes
//! the file's path, the fact id, the quoted claim text (normalised), and
//! the claim's occurrence index among identical quotes of that fact in the
//! file. Nothing here reads or writes files; the CLI does.

use std::collections::HashSet;
use std::collections::hash_map::Entry;

use foldhash::{HashMap, HashMapExt as _};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::check::finding::{Finding, Verdict};
use crate::report::lines::clamp_span;
use crate::report::model::{FileReport, RunReport};

/// The baseline format this version writes and reads.
pub const BASELINE_VERSION: u32 = 1;
const BASELINE_TOOL: &str = "factlint";

/// One accepted contradiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub file: String,
    pub fact: String,
    pub fingerprint: String,
    /// The claim's words when the baseline was written, for people reading
    /// the file; matching uses the fingerprint alone.
    pub quote: String,
}

/// A parsed baseline file.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    pub entries: Vec<BaselineEntry>,
    fingerprints: HashSet<String>,
}

impl Baseline {
    pub fn new(entries: Vec<BaselineEntry>) -> Self {
        let fingerprints = entries.iter().map(|e| e.fingerprint.clone()).collect();
        Baseline {
            entries,
            fingerprints,
        }
    }

    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    tool: String,
    entries: Vec<BaselineEntry>,
}

/// A path as fingerprints see it: `\` written as `/` and any leading `./`
/// dropped, so the same checkout gives the same fingerprints on every
/// platform and whether the user typed `./articles` or `articles`.
pub fn normalize_path(path: &str) -> String {
    let forward = path.replace('\\', "/");
    let mut rest = forward.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped.trim_start_matches('/');
    }
    rest.to_owned()
}

/// Claim text as fingerprints see it: Unicode NFC, lower-cased, runs of
/// whitespace (line breaks included) collapsed to one space, trimmed. Re-
/// wrapping a paragraph or changing a capital does not make a claim new.
pub fn normalize_quote(quote: &str) -> String {
    let mut out = String::with_capacity(quote.len());
    normalize_quote_into(quote, &mut out);
    out
}

/// [`normalize_quote`], appending to `out`.
///
/// Every finding's fingerprint normalises its quote, so the common cases
/// avoid the general path (an NFC pass into a new string, a lower-casing
/// into another, then a split and a join): ASCII text is already NFC and
/// lower-cases byte by byte, and text made of characters NFC never changes
/// is lower-cased word by word.
fn normalize_quote_into(quote: &str, out: &mut String) {
    if quote.is_ascii() {
        // ASCII is already NFC, and lower-casing it leaves its whitespace
        // alone, so each word is copied and lower-cased where it lands.
        let bytes = quote.as_bytes();
        let is_space = |byte: u8| char::from(byte).is_whitespace();
        let mut position = 0;
        let mut first = true;
        loop {
            while position < bytes.len() && is_space(bytes[position]) {
                position += 1;
            }
            if position == bytes.len() {
                return;
            }
            let start = position;
            while position < bytes.len() && !is_space(bytes[position]) {
                position += 1;
            }
            if !first {
                out.push(' ');
            }
            first = false;
            let word_start = out.len();
            out.push_str(&quote[start..position]);
            out[word_start..].make_ascii_lowercase();
        }
    }
    // When every character is NFC whatever surrounds it, the text is NFC,
    // and lower-casing character by character is what `str::to_lowercase`
    // does for every character but `Σ` (not among those); neither touches
    // whitespace, so the words can be lower-cased one by one, most of them
    // ASCII or caseless and copied as they are.
    let start = out.len();
    for (position, word) in quote.split_whitespace().enumerate() {
        if position > 0 {
            out.push(' ');
        }
        let word_start = out.len();
        out.push_str(word);
        if word.is_ascii() {
            out[word_start..].make_ascii_lowercase();
            continue;
        }
        let mut changes = false;
        for c in word.chars() {
            if !is_nfc_alone(c) {
                out.truncate(start);
                return normalize_quote_slowly(quote, out);
            }
            changes |= if c.is_ascii() {
                c.is_ascii_uppercase()
            } else {
                !is_caseless(c) && !c.to_lowercase().eq(std::iter::once(c))
            };
        }
        if changes {
            out.truncate(word_start);
            for c in word.chars() {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// [`normalize_quote`] by its definition, for quotes with characters that
/// NFC may change; text the quick check finds in NFC skips the NFC pass.
fn normalize_quote_slowly(quote: &str, out: &mut String) {
    let lowered = match unicode_normalization::is_nfc_quick(quote.chars()) {
        unicode_normalization::IsNormalized::Yes => quote.to_lowercase(),
        _ => quote.nfc().collect::<String>().to_lowercase(),
    };
    collapse_whitespace_into(&lowered, out);
}

/// Whether `c` is a starter (combining class 0) that NFC keeps as it is
/// whatever comes before or after it (quick check "yes"): then a text made
/// only of such characters is in NFC. Covers Latin-1 and Latin Extended,
/// Arabic letters, digits and punctuation, and general punctuation; a test
/// checks every character of these ranges against the Unicode tables.
fn is_nfc_alone(c: char) -> bool {
    matches!(c,
        '\0'..='\u{2ff}'
        | '\u{600}'..='\u{60f}'
        | '\u{61b}'..='\u{64a}'
        | '\u{660}'..='\u{66f}'
        | '\u{671}'..='\u{6d5}'
        | '\u{2002}'..='\u{206f}')
}

/// Whether `c`, outside ASCII, has no lower-case form other than itself
/// (Arabic and general punctuation), which saves a table search.
fn is_caseless(c: char) -> bool {
    matches!(c, '\u{600}'..='\u{6ff}' | '\u{2002}'..='\u{206f}')
}

/// Appends the words of `text` (split at Unicode whitespace) joined by one
/// space, as `split_whitespace` then `join(" ")` would.
fn collapse_whitespace_into(text: &str, out: &mut String) {
    for (position, word) in text.split_whitespace().enumerate() {
        if position > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// FNV-1a, 64 bits: tiny, fast, and — unlike std's hasher — the same on
/// every run and platform, which a fingerprint stored in a file needs.
/// It is fed part by part, so a file's path is hashed once for all the
/// file's findings.
#[derive(Clone, Copy)]
struct Fnv1a64 {
    hash: u64,
    parts: usize,
}

impl Fnv1a64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Fnv1a64 {
            hash: Self::OFFSET_BASIS,
            parts: 0,
        }
    }

    /// Hashes the next part.
    fn part(self, part: &[u8]) -> Self {
        let mut hash = self.begin_part();
        hash.bytes(part);
        hash
    }

    /// Hashes an occurrence index, in decimal, as the next part. Nearly
    /// every index is a single digit.
    fn occurrence(self, occurrence: usize) -> Self {
        match u8::try_from(occurrence) {
            Ok(digit @ 0..=9) => {
                let mut hash = self.begin_part();
                hash.byte(b'0' + digit);
                hash
            }
            _ => self.part(itoa::Buffer::new().format(occurrence).as_bytes()),
        }
    }

    /// Starts the next part, whose bytes then come through
    /// [`Fnv1a64::byte`] and [`Fnv1a64::bytes`].
    fn begin_part(mut self) -> Self {
        // A separator byte that UTF-8 text never contains keeps ("ab", "c")
        // and ("a", "bc") apart.
        if self.parts > 0 {
            self.byte(0xFF);
        }
        self.parts += 1;
        self
    }

    fn byte(&mut self, byte: u8) {
        self.hash ^= u64::from(byte);
        self.hash = self.hash.wrapping_mul(Self::PRIME);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.byte(byte);
        }
    }

    fn fingerprint(self) -> Fingerprint {
        Fingerprint::from_hash(self.hash)
    }
}

/// A finding's fingerprint: 16 lower-case hex digits, held inline so that
/// computing one for every finding allocates nothing.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 16]);

impl Fingerprint {
    /// The hash as 16 lower-case hex digits, as `format!("{:016x}")`
    /// writes it.
    pub fn from_hash(hash: u64) -> Self {
        let mut digits = [0u8; 16];
        digits[..8].copy_from_slice(&hex_digits((hash >> 32) as u32));
        digits[8..].copy_from_slice(&hex_digits(hash as u32));
        Fingerprint(digits)
    }

    pub fn as_str(&self) -> &str {
        // Hex digits are ASCII, so this never fails.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// The eight lower-case hex digits of `value`, most significant first,
/// worked out for all eight at once in the bytes of one word instead of a
/// table lookup per digit (every finding has a fingerprint).
fn hex_digits(value: u32) -> [u8; 8] {
    // Spread the nibbles one per byte: byte `i` of the little-endian word
    // holds nibble `i`, so the big-endian bytes are the most significant
    // digit first.
    let spread = u64::from(value);
    let spread = (spread | (spread << 16)) & 0x0000_FFFF_0000_FFFF;
    let spread = (spread | (spread << 8)) & 0x00FF_00FF_00FF_00FF;
    let nibbles = (spread | (spread << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
    // A nibble of 10 or more carries into bit 4 when 6 is added (no byte
    // overflows into the next); those digits are letters, which start
    // 0x27 after where `'0' + nibble` would put them.
    let letters = ((nibbles + 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101;
    (nibbles + 0x3030_3030_3030_3030 + letters * 0x27).to_be_bytes()
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

/// The fingerprint of one claim: 16 lower-case hex digits. `occurrence`
/// is 0 for the first claim of this fact with this (normalised) quote in
/// the file, 1 for the second, and so on.
pub fn fingerprint(path: &str, fact_id: &str, quote: &str, occurrence: usize) -> String {
    Fnv1a64::new()
        .part(normalize_path(path).as_bytes())
        .part(fact_id.as_bytes())
        .part(normalize_quote(quote).as_bytes())
        .part(itoa::Buffer::new().format(occurrence).as_bytes())
        .fingerprint()
        .to_string()
}

/// The text a finding quotes, with a faulty span clamped to the text.
pub fn quote_of<'a>(text: &'a str, finding: &Finding) -> &'a str {
    &text[clamp_span(text, &finding.span)]
}

/// The fingerprint of every finding of a file, in the order of
/// `file.findings`, as strings (see [`fingerprint_values`]).
pub fn fingerprints(file: &FileReport) -> Vec<String> {
    fingerprint_values(file)
        .iter()
        .map(Fingerprint::to_string)
        .collect()
}

/// The fingerprint of every finding of a file, in the order of
/// `file.findings`. Occurrences are counted in that (offset) order among
/// findings with the same verdict, fact and normalised quote, so the second
/// identical contradiction stays the second when lines move.
pub fn fingerprint_values(file: &FileReport) -> Vec<Fingerprint> {
    let mut fingerprinter = Fingerprinter::new(file);
    file.findings
        .iter()
        .map(|finding| fingerprinter.next(finding))
        .collect()
}

/// Fingerprints the findings of one file one at a time, as
/// [`fingerprint_values`] does for all of them at once, so that a format
/// writing each finding as it goes keeps no list of fingerprints.
///
/// No normalised quote is built: each quote is normalised as it is hashed,
/// and identical quotes are counted by their verdict and hash (which covers
/// the path, the fact and the quote). Two different facts or quotes with
/// the same hash would then be counted as one, so a hash met again is
/// checked by comparing the facts and the normalised quotes; a finding
/// whose hash another fact or quote took first is counted by its text.
pub struct Fingerprinter<'a> {
    text: &'a str,
    /// The hash after the file's (normalised) path, the same for every
    /// finding of the file.
    path: Fnv1a64,
    /// For each (verdict, hash): the first fact and quote with it, and how
    /// many findings had them so far. The fact is not part of the key,
    /// which spares hashing its id a second time.
    seen: HashMap<(Verdict, u64), (&'a str, &'a str, usize)>,
    /// How many findings had each (verdict, fact, normalised quote) whose
    /// hash another fact or quote took first: nearly always empty.
    collided: HashMap<(Verdict, &'a str, String), usize>,
}

impl<'a> Fingerprinter<'a> {
    pub fn new(file: &'a FileReport) -> Self {
        Fingerprinter {
            text: &file.text,
            path: hash_normalized_path(&file.path),
            seen: HashMap::with_capacity(file.findings.len()),
            collided: HashMap::new(),
        }
    }

    /// The fingerprint of the next finding of the file, which must come
    /// after every finding given before it in `file.findings` (findings
    /// left out all have another verdict, which counts apart).
    pub fn next(&mut self, finding: &'a Finding) -> Fingerprint {
        let quote = quote_of(self.text, finding);
        let after_fact = self.path.part(finding.fact_id.as_bytes());
        let after_quote = hash_normalized_quote(after_fact.begin_part(), quote);
        let occurrence = match self.seen.entry((finding.verdict, after_quote.hash)) {
            Entry::Occupied(mut entry) => {
                let (first_fact, first_quote, count) = entry.get_mut();
                if *first_fact == &*finding.fact_id
                    && (*first_quote == quote
                        || normalize_quote(first_quote) == normalize_quote(quote))
                {
                    *count += 1;
                    *count - 1
                } else {
                    let key = (finding.verdict, &*finding.fact_id, normalize_quote(quote));
                    let count = self.collided.entry(key).or_insert(0);
                    *count += 1;
                    *count - 1
                }
            }
            Entry::Vacant(entry) => {
                entry.insert((&finding.fact_id, quote, 1));
                0
            }
        };
        after_quote.occurrence(occurrence).fingerprint()
    }
}

/// The hash of a file's path as [`normalize_path`] writes it, without
/// building the normalised path when the path has no `\` and does not
/// start with `./`, as is nearly always the case.
fn hash_normalized_path(path: &str) -> Fnv1a64 {
    if path.contains('\\') || path.starts_with("./") {
        Fnv1a64::new().part(normalize_path(path).as_bytes())
    } else {
        Fnv1a64::new().part(path.as_bytes())
    }
}

/// What [`hash_normalized_quote`] does with each byte: 0 for ASCII
/// whitespace (as `char::is_whitespace` has it), 0x80 for a byte of a
/// non-ASCII character and for NUL, and the lower-case byte for any other
/// ASCII byte.
static QUOTE_BYTES: [u8; 256] = {
    let mut table = [0x80u8; 256];
    let mut byte = 0;
    while byte < 0x80 {
        table[byte] = (byte as u8).to_ascii_lowercase();
        byte += 1;
    }
    let mut space = b'\t';
    while space <= b'\r' {
        table[space as usize] = 0;
        space += 1;
    }
    table[b' ' as usize] = 0;
    // NUL lower-cases to 0, which would read as whitespace: it goes the
    // way of non-ASCII characters, which hashes it as the character it is.
    table[0] = 0x80;
    table
};

/// Which two-byte characters with a lead byte from 0xD8 to 0xDB (U+0600
/// to U+06FF: Arabic letters, digits and punctuation) are hashed as they
/// are: those NFC keeps whatever surrounds them (see [`is_nfc_alone`]),
/// none of which has a case or is whitespace. Indexed by the lead byte's
/// last two bits and the second byte's last six.
static ARABIC_KEPT: [bool; 256] = {
    let mut table = [false; 256];
    let mut index = 0;
    while index < 256 {
        let code = 0x600 + index as u32;
        table[index] =
            matches!(code, 0x600..=0x60f | 0x61b..=0x64a | 0x660..=0x66f | 0x671..=0x6d5);
        index += 1;
    }
    table
};

/// How many bytes the character at `at` takes when it is hashed as it is
/// written, lower-cased: an ASCII byte that is neither whitespace nor NUL
/// (one), or an Arabic character of [`ARABIC_KEPT`] (two); 0 for any other
/// character and at the end.
fn simple_char_len(bytes: &[u8], at: usize) -> usize {
    match bytes[at..] {
        [byte, ..] if QUOTE_BYTES[usize::from(byte)].wrapping_sub(1) < 0x7F => 1,
        [lead @ 0xD8..=0xDB, next, ..]
            if ARABIC_KEPT[usize::from(lead & 0x03) << 6 | usize::from(next & 0x3F)] =>
        {
            2
        }
        _ => 0,
    }
}

/// Hashes the characters from `at` on, lower-cased, while they are those of
/// [`simple_char_len`] or a single space between two of them, and returns
/// the hash and where the run ends.
fn hash_simple_run(mut value: u64, bytes: &[u8], mut at: usize) -> (u64, usize) {
    let step = |hash: u64, byte: u8| (hash ^ u64::from(byte)).wrapping_mul(Fnv1a64::PRIME);
    while let Some(&byte) = bytes.get(at) {
        let lowered = QUOTE_BYTES[usize::from(byte)];
        if lowered.wrapping_sub(1) < 0x7F {
            value = step(value, lowered);
            at += 1;
            continue;
        }
        match simple_char_len(bytes, at) {
            2 => {
                value = step(step(value, byte), bytes[at + 1]);
                at += 2;
            }
            // A space before another word is the one space normalising
            // leaves between words.
            _ if byte == b' ' && at + 1 < bytes.len() && simple_char_len(bytes, at + 1) > 0 => {
                value = step(value, b' ');
                at += 1;
            }
            _ => break,
        }
    }
    (value, at)
}

/// Hashes `quote` normalised (see [`normalize_quote`]) into `hash`, whose
/// part has begun, without building the normalised text when the quote
/// takes the fast path: ASCII and characters NFC never changes are
/// lower-cased as they are hashed, and whitespace runs become one space.
fn hash_normalized_quote(hash: Fnv1a64, quote: &str) -> Fnv1a64 {
    let step = |hash: u64, byte: u8| (hash ^ u64::from(byte)).wrapping_mul(Fnv1a64::PRIME);
    let bytes = quote.as_bytes();
    let mut value = hash.hash;
    // Whether a word was hashed, and whether whitespace followed it: a
    // space then goes before the next word.
    let mut any_word = false;
    let mut space_before = false;
    let mut position = 0;
    while position < bytes.len() {
        let byte = QUOTE_BYTES[usize::from(bytes[position])];
        if byte == 0 {
            space_before = any_word;
            position += 1;
            continue;
        }
        if simple_char_len(bytes, position) > 0 {
            if space_before {
                value = step(value, b' ');
                space_before = false;
            }
            any_word = true;
            // Most quotes are ASCII or Arabic words with one space between
            // them: the run of such words is hashed in a loop of its own,
            // which leaves the rest (other whitespace, other characters)
            // to this one.
            (value, position) = hash_simple_run(value, bytes, position);
            continue;
        }
        let Some(c) = quote[position..].chars().next() else {
            break;
        };
        let end = position + c.len_utf8();
        if c.is_whitespace() {
            space_before = any_word;
            position = end;
            continue;
        }
        if !is_nfc_alone(c) {
            // NFC may change the text: hash the definition's result
            // instead of what was hashed so far.
            let mut hash = hash;
            hash.bytes(normalize_quote(quote).as_bytes());
            return hash;
        }
        if space_before {
            value = step(value, b' ');
            space_before = false;
        }
        any_word = true;
        let mut buffer = [0u8; 4];
        let lowered = if is_caseless(c) {
            &bytes[position..end]
        } else {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(single), None) => single.encode_utf8(&mut buffer).as_bytes(),
                // A character that lower-cases to several (`İ`): hash
                // them all here.
                _ => {
                    for lower in c.to_lowercase() {
                        for &byte in lower.encode_utf8(&mut buffer).as_bytes() {
                            value = step(value, byte);
                        }
                    }
                    &[]
                }
            }
        };
        for &byte in lowered {
            value = step(value, byte);
        }
        position = end;
    }
    Fnv1a64 {
        hash: value,
        parts: hash.parts,
    }
}

/// The baseline file recording every contradiction of a run, as pretty JSON
/// ending with a newline. Entries are sorted by file, fact, quote and
/// fingerprint — not by offset — so moving text around does not reorder
/// the file and baseline diffs stay small.
pub fn write_baseline(run: &RunReport) -> String {
    let mut entries = Vec::new();
    for file in &run.files {
        let prints = fingerprint_values(file);
        for (finding, print) in file.findings.iter().zip(prints) {
            if finding.verdict == Verdict::Contradicted {
                entries.push(BaselineEntry {
                    file: normalize_path(&file.path),
                    fact: finding.fact_id.to_string(),
                    fingerprint: print.to_string(),
                    quote: quote_of(&file.text, finding).to_owned(),
                });
            }
        }
    }
    entries.sort_by(|a, b| {
        (&a.file, &a.fact, &a.quote, &a.fingerprint).cmp(&(
            &b.file,
            &b.fact,
            &b.quote,
            &b.fingerprint,
        ))
    });
    let document = BaselineFile {
        version: BASELINE_VERSION,
        tool: BASELINE_TOOL.to_owned(),
        entries,
    };
    // Serialising plain strings and integers cannot fail; the fallback only
    // keeps this function total.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// Reads a baseline file's text. Anything that is not a factlint baseline of
/// a version this build understands is an error naming what is wrong.
pub fn parse_baseline(text: &str) -> Result<Baseline, String> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|error| format!("the baseline is not valid JSON: {error}"))?;
    let Some(object) = value.as_object() else {
        return Err(
            "not a factlint baseline: expected a JSON object with \"tool\": \"factlint\""
                .to_owned(),
        );
    };
    if object.get("tool").and_then(|tool| tool.as_str()) != Some(BASELINE_TOOL) {
        return Err("not a factlint baseline: expected \"tool\": \"factlint\" (write one with --write-baseline)".to_owned());
    }
    match object.get("version").and_then(|version| version.as_u64()) {
        Some(version) if version == u64::from(BASELINE_VERSION) => {}
        Some(version) => {
            return Err(format!(
                "unsupported baseline version {version}: this factlint reads version {BASELINE_VERSION}"
            ));
        }
        None => return Err("not a factlint baseline: missing a numeric \"version\"".to_owned()),
    }
    let document: BaselineFile = serde_json::from_value(value)
        .map_err(|error| format!("malformed factlint baseline: {error}"))?;
    if let Some(entry) = document
        .entries
        .iter()
        .find(|entry| !is_fingerprint(&entry.fingerprint))
    {
        return Err(format!(
            "malformed factlint baseline: fingerprint {:?} (file {}, fact {}) is not 16 hex digits",
            entry.fingerprint, entry.file, entry.fact
        ));
    }
    Ok(Baseline::new(document.entries))
}

fn is_fingerprint(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// Removes every contradiction the baseline already records, leaving new
/// contradictions and all supporting quotes. Returns how many were removed,
/// for a summary such as "3 known contradictions hidden by the baseline".
pub fn filter_new(run: &mut RunReport, baseline: &Baseline) -> usize {
    let mut removed = 0;
    for file in &mut run.files {
        let prints = fingerprint_values(file);
        let mut prints = prints.iter();
        let before = file.findings.len();
        file.findings.retain(|finding| {
            // `prints` has exactly one fingerprint per finding, visited in
            // the same order `retain` visits the findings.
            let print = prints.next().map(Fingerprint::as_str).unwrap_or_default();
            finding.verdict != Verdict::Contradicted || !baseline.contains(print)
        });
        removed += before - file.findings.len();
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition the fast paths must agree with.
    fn reference_normalize_quote(quote: &str) -> String {
        let lowered: String = quote.nfc().collect::<String>().to_lowercase();
        lowered.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Quotes that exercise every path of the normalisation.
    const QUOTES: [&str; 23] = [
        "The 32 members of NATO",
        "a b\u{a0}c d ",
        " x  y z\n",
        "عضو في الناتو ",
        "NATO و EU  x\ty",
        "ا\u{64b}ب ج",
        "",
        "NUL\0inside \0 and\0",
        "   ",
        "Japan  is IN\tNATO",
        "\u{b}Lead\u{c}and\r\ntrail \u{1c}x\u{1f} ",
        "Le Japon, membre de l'AUKUS",
        "L'ÉTÉ  À\u{a0}Tokyo",
        "e\u{301}te\u{301} déjà",
        "ΟΔΥΣΣΕΥΣ Σ",
        "قال المتحدث إن اليابان عضو",
        "İstanbul\u{3000}ŞEHİR\u{2028}x",
        "ÀÉÎ\u{a0}ñ —  «Ünïcödé» … ‘quote’ Ǆ ǅ",
        "تضم رابطة آسيان عشرة أعضاء، ١٠ ؟",
        "Ω\u{2000}Å\u{212b}",
        "  \u{2003}Ǳ\u{2029}",
        "Giappone non è membro della NATO",
        "اليابان\u{a0}عضو؛ بِسْمِ اللَّهِ ۝ ٰ ۖ ؟",
    ];

    #[test]
    fn normalized_quotes_match_the_definition() {
        for quote in QUOTES {
            assert_eq!(
                normalize_quote(quote),
                reference_normalize_quote(quote),
                "{quote:?}"
            );
        }
    }

    #[test]
    fn quotes_hash_as_their_normalised_text() {
        for quote in QUOTES {
            let hashed = hash_normalized_quote(Fnv1a64::new().part(b"a.md").begin_part(), quote);
            let expected = Fnv1a64::new()
                .part(b"a.md")
                .part(reference_normalize_quote(quote).as_bytes());
            assert_eq!(hashed.hash, expected.hash, "{quote:?}");
            assert_eq!(hashed.parts, expected.parts, "{quote:?}");
        }
    }

    #[test]
    fn the_fast_character_ranges_agree_with_the_unicode_tables() {
        for c in ('\0'..='\u{2fff}').filter(|&c| is_nfc_alone(c)) {
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "{c:?}"
            );
        }
        for c in ('\u{80}'..='\u{2fff}').filter(|&c| is_caseless(c)) {
            assert!(c.to_lowercase().eq(std::iter::once(c)), "{c:?}");
        }
    }

    #[test]
    fn arabic_characters_are_kept_as_nfc_keeps_them() {
        for (index, &kept) in ARABIC_KEPT.iter().enumerate() {
            let c = char::from_u32(0x600 + index as u32).unwrap();
            assert_eq!(kept, is_nfc_alone(c), "{c:?}");
            if kept {
                assert!(is_caseless(c) && !c.is_whitespace(), "{c:?}");
            }
        }
    }

    #[test]
    fn fingerprints_are_the_hash_in_hex() {
        let mut hash: u64 = 0x0123_4567_89ab_cdef;
        for _ in 0..1000 {
            assert_eq!(
                Fingerprint::from_hash(hash).as_str(),
                format!("{hash:016x}")
            );
            hash = hash.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) ^ 0xF0F0;
        }
        for hash in [0, u64::MAX, 0xA0A0_A0A0_0909_0909, 0x9A9A_9A9A_FAFA_FAFA] {
            assert_eq!(
                Fingerprint::from_hash(hash).as_str(),
                format!("{hash:016x}")
            );
        }
    }

    /// [`fingerprint_values`] by its definition, counting identical
    /// quotes by their normalised text.
    fn fingerprints_by_text(file: &FileReport) -> Vec<Fingerprint> {
        let mut seen: HashMap<(Verdict, &str, String), usize> = HashMap::new();
        file.findings
            .iter()
            .map(|finding| {
                let quote = reference_normalize_quote(quote_of(&file.text, finding));
                let count = seen
                    .entry((finding.verdict, &*finding.fact_id, quote.clone()))
                    .or_insert(0);
                *count += 1;
                let print = fingerprint(&file.path, &finding.fact_id, &quote, *count - 1);
                Fingerprint(print.as_bytes().try_into().unwrap())
            })
            .collect()
    }

    /// A file whose findings quote `quotes` (each found in the text after
    /// the previous one), each of the fact and verdict given with it.
    fn file_quoting(path: &str, text: &str, quotes: &[(&str, &str, Verdict)]) -> FileReport {
        let mut from = 0;
        let findings = quotes
            .iter()
            .map(|&(quote, fact, verdict)| {
                let start = from + text[from..].find(quote).unwrap();
                from = start + 1;
                Finding {
                    fact: 0,
                    fact_id: fact.into(),
                    verdict,
                    severity: crate::check::finding::FindingSeverity::Info,
                    span: start..start + quote.len(),
                    claim: String::new(),
                    message: String::new(),
                    source: None,
                    pattern: String::new(),
                }
            })
            .collect();
        FileReport {
            path: path.into(),
            text: text.into(),
            findings,
            problems: Vec::new(),
            origin: Default::default(),
        }
    }

    #[test]
    fn occurrences_are_counted_per_verdict_fact_and_normalised_quote() {
        use Verdict::{Contradicted, Supported};
        let text = "Japan in NATO. japan  IN nato. Japan in NATO. Japan in NATO. \
                    L'ÉTÉ à Tokyo. l'été À TOKYO. e\u{301}te\u{301} x. ÉTÉ X.";
        let quotes = [
            ("Japan in NATO", "a", Contradicted),
            ("japan  IN nato", "a", Contradicted),
            ("Japan in NATO", "b", Contradicted),
            ("Japan in NATO", "a", Supported),
            ("L'ÉTÉ à Tokyo", "a", Contradicted),
            ("l'été À TOKYO", "a", Contradicted),
            ("e\u{301}te\u{301} x", "a", Contradicted),
            ("ÉTÉ X", "a", Contradicted),
        ];
        for path in ["a.md", "./dir\\a.md", ".//x/a.md"] {
            let file = file_quoting(path, text, &quotes);
            assert_eq!(
                fingerprint_values(&file),
                fingerprints_by_text(&file),
                "{path}"
            );
        }
    }

    #[test]
    fn a_hash_taken_by_another_quote_counts_apart() {
        let text = "Japan in NATO. Japan in NATO. japan in nato.";
        let quote = "Japan in NATO";
        let file = file_quoting(
            "a.md",
            text,
            &[
                (quote, "a", Verdict::Contradicted),
                (quote, "a", Verdict::Contradicted),
                ("japan in nato", "a", Verdict::Contradicted),
            ],
        );
        let mut fingerprinter = Fingerprinter::new(&file);
        // Another fact and quote took the findings' hash first, as a
        // collision would have it.
        let hash = hash_normalized_quote(fingerprinter.path.part(b"a").begin_part(), quote).hash;
        fingerprinter
            .seen
            .insert((Verdict::Contradicted, hash), ("other", "other quote", 7));
        let prints: Vec<Fingerprint> = file
            .findings
            .iter()
            .map(|finding| fingerprinter.next(finding))
            .collect();
        assert_eq!(prints, fingerprints_by_text(&file));
    }

    #[test]
    fn fingerprints_match_the_definition() {
        // FNV-1a over the parts, separated by 0xFF, as 16 hex digits.
        let parts: [&[u8]; 4] = [b"a/b.md", b"fact-id", b"japan is in nato", b"12"];
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (index, part) in parts.iter().enumerate() {
            if index > 0 {
                hash ^= 0xFF;
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
            for &byte in *part {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        assert_eq!(
            fingerprint("./a\\b.md", "fact-id", "Japan  is\nIN NATO", 12),
            format!("{hash:016x}")
        );
    }
}
