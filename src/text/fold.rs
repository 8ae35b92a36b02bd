//! Unicode folding with a map back to the original byte offsets.
//!
//! Names, patterns and articles are all compared in folded form: NFD with
//! combining marks removed, case folded, typographic apostrophes and quotes
//! made straight, no-break spaces made plain, ligatures expanded, and the
//! Arabic spelling variants that newspapers use interchangeably unified
//! (tashkeel and tatweel removed, alef forms to bare alef, alef maqsura to
//! ya, ta marbuta to ha, Arabic-Indic digits to ASCII digits). Folding works
//! character by character, so a folded span always maps back to whole
//! characters of the original.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folded text plus enough bookkeeping to map folded offsets back.
///
/// Instead of one entry per byte (which would cost four times the text's
/// size), only the points where the offset delta changes are stored: for
/// ASCII text the map is empty, for French text it holds one entry per
/// accented letter.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// `(folded offset, original offset)` at each point where the distance
    /// between the two changes, sorted by folded offset.
    breaks: Vec<(u32, u32)>,
    original_len: usize,
}

impl Folded {
    /// The original byte offset that corresponds to a folded byte offset.
    /// Offsets inside a character that folded to several bytes map to that
    /// character's start.
    pub fn to_original(&self, folded: usize) -> usize {
        let at = self
            .breaks
            .partition_point(|&(f, _)| (f as usize) <= folded);
        let mapped = if at == 0 {
            folded
        } else {
            let (f, o) = self.breaks[at - 1];
            o as usize + (folded - f as usize)
        };
        mapped.min(self.original_len)
    }

    /// Maps a folded range back to the original, widened to whole characters.
    pub fn original_range(
        &self,
        original: &str,
        folded: std::ops::Range<usize>,
    ) -> std::ops::Range<usize> {
        let mut start = self.to_original(folded.start);
        let mut end = self.to_original(folded.end).max(start);
        while start > 0 && !original.is_char_boundary(start) {
            start -= 1;
        }
        while end < original.len() && !original.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }
}

/// Folds one character into `out`. Returns nothing: callers measure `out`.
fn fold_char(c: char, out: &mut String) {
    match c {
        // Typographic apostrophes, primes and accents used as apostrophes.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`' => {
            out.push('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' => out.push('"'),
        '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' | '\u{200A}' | '\u{2002}'
        | '\u{2003}' | '\u{3000}' => out.push(' '),
        // Zero-width characters and the byte-order mark carry no text.
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => out.push('-'),
        'ß' | 'ẞ' => out.push_str("ss"),
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' => out.push('d'),
        'ł' | 'Ł' => out.push('l'),
        'ı' => out.push('i'),
        // Arabic: tatweel and tashkeel (harakat, tanween, shadda, sukun,
        // superscript alef) are dropped; spelling variants unified.
        '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => {}
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => out.push('ا'),
        'ى' | 'ی' => out.push('ي'),
        'ة' => out.push('ه'),
        'ؤ' => out.push('و'),
        'ئ' => out.push('ي'),
        'ک' => out.push('ك'),
        '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '،' => out.push(','),
        '؛' => out.push(';'),
        '؟' => out.push('?'),
        '…' => out.push_str("..."),
        _ => {
            for d in std::iter::once(c).nfd() {
                if is_combining_mark(d) {
                    continue;
                }
                for l in d.to_lowercase() {
                    out.push(l);
                }
            }
        }
    }
}

/// What the tables know about every two-byte character (U+0080 to U+07FF:
/// Latin accents, Greek, Cyrillic, Hebrew, Arabic): its folded form, computed
/// once with `fold_char`, and its Unicode classes.
///
/// Those characters are most of the non-ASCII text factlint reads, and
/// `fold_char` decomposes each one anew (a few hundred instructions), as the
/// standard library's class lookups search their tables (a few hundred more
/// outside ASCII); a table lookup gives the same answers for a few
/// instructions.
struct TwoByteTable {
    /// Per code point from U+0080: how many characters the folded form has
    /// and the first two of them; `SLOW` when it has more, `SAME` when it is
    /// the character itself.
    folded: Vec<(u8, [char; 2])>,
    /// Per code point from U+0080: `ALPHABETIC`, `NUMERIC`, `UPPER` and
    /// `LOWER` bits.
    classes: Vec<u8>,
    /// Which two-byte characters fold to themselves (`SAME`): bit
    /// `continuation % 64` of the entry for the lead byte. Runs of them (most
    /// Arabic words) are stepped over with one lookup per character, without
    /// decoding it; the entries of bytes that do not start a two-byte
    /// character are empty.
    same: [u64; 256],
}

const SLOW: u8 = u8::MAX;
const SAME: u8 = u8::MAX - 1;
const ALPHABETIC: u8 = 1;
const NUMERIC: u8 = 2;
const UPPER: u8 = 4;
const LOWER: u8 = 8;

impl TwoByteTable {
    fn build() -> TwoByteTable {
        let mut folded = Vec::with_capacity(0x800 - 0x80);
        let mut classes = Vec::with_capacity(0x800 - 0x80);
        let mut same = [0; 256];
        let mut out = String::new();
        for c in (0x80u32..0x800).filter_map(char::from_u32) {
            out.clear();
            fold_char(c, &mut out);
            let mut chars = out.chars();
            let first = [chars.next(), chars.next()];
            let count = match (first, chars.next()) {
                ([Some(f), None], _) if f == c => {
                    let mut utf8 = [0; 2];
                    c.encode_utf8(&mut utf8);
                    same[usize::from(utf8[0])] |= 1 << (utf8[1] % 64);
                    SAME
                }
                ([None, _], _) => 0,
                ([Some(_), None], _) => 1,
                ([Some(_), Some(_)], None) => 2,
                _ => SLOW,
            };
            folded.push((count, first.map(|c| c.unwrap_or(' '))));
            let class = |has: bool, class: u8| if has { class } else { 0 };
            classes.push(
                class(c.is_alphabetic(), ALPHABETIC)
                    | class(c.is_numeric(), NUMERIC)
                    | class(c.is_uppercase(), UPPER)
                    | class(c.is_lowercase(), LOWER),
            );
        }
        TwoByteTable {
            folded,
            classes,
            same,
        }
    }

    /// The end of the run of two-byte characters from `i` that fold to
    /// themselves.
    fn same_run_end(&self, bytes: &[u8], i: usize) -> usize {
        let mut rest = &bytes[i..];
        // `next` follows `lead`, so it is the continuation byte if `lead`
        // starts a two-byte character; if `lead` does not, its entry is empty.
        while let [lead, next, after @ ..] = rest {
            if self.same[usize::from(*lead)] & (1 << (next % 64)) == 0 {
                break;
            }
            rest = after;
        }
        bytes.len() - rest.len()
    }
}

/// Which two-byte characters (U+0080 to U+07FF) are word characters
/// (letters and digits): bit `continuation % 64` of the entry for the lead
/// byte. Arabic, Greek, Cyrillic and accented Latin letters are then
/// classified by their two bytes with one lookup, without being decoded or
/// their lead byte checked first: the entries of other bytes (ASCII, the
/// leads of longer characters) are empty. The name scan and the tokenizer
/// share it.
#[derive(Debug)]
pub(crate) struct TwoByteWords([u64; 256]);

impl TwoByteWords {
    /// The table, built once.
    pub(crate) fn get() -> &'static TwoByteWords {
        static TABLE: std::sync::OnceLock<TwoByteWords> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            let mut word = [0; 256];
            for c in ('\u{80}'..'\u{800}').filter(|&c| is_word_char(c)) {
                let mut utf8 = [0; 2];
                c.encode_utf8(&mut utf8);
                word[usize::from(utf8[0])] |= 1 << (utf8[1] % 64);
            }
            TwoByteWords(word)
        })
    }

    /// Whether `lead` and `next` start a two-byte word character. `next`
    /// must follow `lead` in the text: if `lead` starts a two-byte
    /// character, it is that character's continuation byte.
    #[inline(always)]
    pub(crate) fn is_word(&self, lead: u8, next: u8) -> bool {
        self.0[usize::from(lead)] & (1 << (next % 64)) != 0
    }

    /// The end of the run of two-byte word characters that starts at `i`
    /// of `bytes` (`i` itself if none starts there).
    #[inline(always)]
    pub(crate) fn word_end(&self, bytes: &[u8], i: usize) -> usize {
        let mut rest = &bytes[i..];
        while let [lead, next, after @ ..] = rest {
            if !self.is_word(*lead, *next) {
                break;
            }
            rest = after;
        }
        bytes.len() - rest.len()
    }
}

fn two_byte_table() -> &'static TwoByteTable {
    static TABLE: std::sync::OnceLock<TwoByteTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(TwoByteTable::build)
}

/// Whether `c` has any of the `classes` bits, through the table for
/// two-byte characters and the standard library's lookups beyond.
fn has_class(c: char, classes: u8) -> bool {
    let cp = c as usize;
    if (0x80..0x800).contains(&cp) {
        return two_byte_table().classes[cp - 0x80] & classes != 0;
    }
    (classes & ALPHABETIC != 0 && c.is_alphabetic())
        || (classes & NUMERIC != 0 && c.is_numeric())
        || (classes & UPPER != 0 && c.is_uppercase())
        || (classes & LOWER != 0 && c.is_lowercase())
}

/// `c.is_alphabetic()`, faster outside ASCII.
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        has_class(c, ALPHABETIC)
    }
}

/// `c.is_alphanumeric()`, faster outside ASCII.
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        has_class(c, ALPHABETIC | NUMERIC)
    }
}

/// `c.is_uppercase()`, faster outside ASCII.
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        has_class(c, UPPER)
    }
}

/// `c.is_lowercase()`, faster outside ASCII.
pub fn is_lowercase(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_lowercase()
    } else {
        has_class(c, LOWER)
    }
}

/// The end of the run of bytes from `i` that fold byte for byte by lower
/// casing alone: ASCII other than the backtick.
///
/// Looks at eight bytes at a time. A byte stops the run if its high bit is
/// set (a non-ASCII character starts) or if it is a backtick, found as a zero
/// byte of `word ^ 0x60…`; the zero-byte test can only raise false alarms
/// above a true zero byte, so the lowest flagged byte is always the real stop.
fn ascii_run_end(bytes: &[u8], mut i: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TICKS: u64 = 0x6060_6060_6060_6060;
    while let Some(Ok(chunk)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
        let word = u64::from_le_bytes(chunk);
        let ticks = word ^ TICKS;
        let stop = (word | (ticks.wrapping_sub(ONES) & !ticks)) & HIGH;
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 && bytes[i] != b'`' {
        i += 1;
    }
    i
}

/// Folds `original` into `text`, calling `on_char(original end, produced,
/// consumed, text)` after each character that folds to something else than
/// itself or its ASCII lower case, so that `fold` can keep its offset map
/// and `fold_str` can skip it.
///
/// Characters that fold to themselves (most Arabic letters) or to their
/// ASCII lower case never move the offset map, so runs of them are copied
/// whole; only the others are folded one by one. The ASCII capitals of the
/// runs are lower-cased at the end, in one pass over all of `text`: the
/// folded forms of the other characters hold none (see the test
/// `folded_characters_hold_no_ascii_capitals`), and a pass per run cost more
/// in starting and finishing than in lower casing.
fn fold_into(
    original: &str,
    text: &mut String,
    mut on_char: impl FnMut(usize, usize, usize, &str),
) {
    let bytes = original.as_bytes();
    let table = two_byte_table();
    let mut run_start = 0;
    let mut i = 0;
    let flush = |text: &mut String, run: Range<usize>| text.push_str(&original[run]);
    let folded_from = text.len();
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 && b != b'`' {
            i = ascii_run_end(bytes, i);
            continue;
        }
        // A two-byte character: `b` is its lead byte and the next byte its
        // continuation, as the text is valid UTF-8.
        let entry = if (0xC0..0xE0).contains(&b) {
            let cp = (usize::from(b & 0x1F) << 6) | usize::from(bytes[i + 1] & 0x3F);
            table.folded[cp - 0x80]
        } else {
            (SLOW, [' '; 2])
        };
        if entry.0 == SAME {
            i = table.same_run_end(bytes, i + 2);
            continue;
        }
        flush(text, run_start..i);
        let before = text.len();
        let len = match entry {
            // The backtick is the only ASCII character that folds to
            // something else, an apostrophe of the same length.
            _ if b == b'`' => {
                text.push('\'');
                1
            }
            (0, _) => 2,
            (1, [c, _]) => {
                text.push(c);
                2
            }
            (2, [c, d]) => {
                text.push(c);
                text.push(d);
                2
            }
            _ => {
                let c = original[i..].chars().next().unwrap_or('\u{FFFD}');
                fold_char(c, text);
                c.len_utf8()
            }
        };
        i += len;
        run_start = i;
        if b != b'`' {
            on_char(i, text.len() - before, len, text);
        }
    }
    flush(text, run_start..bytes.len());
    // Lower casing touches only ASCII capitals: the bytes of non-ASCII
    // characters are all above 0x7F.
    text[folded_from..].make_ascii_lowercase();
}

/// Folds `original`, keeping the offset map.
pub fn fold(original: &str) -> Folded {
    let mut text = String::with_capacity(original.len());
    let mut breaks = Vec::new();
    // The distance original - folded after the last break; a new break is
    // recorded only when a character changes it.
    let mut delta: isize = 0;
    fold_into(original, &mut text, |end, produced, consumed, text| {
        let new_delta = end as isize - text.len() as isize;
        if new_delta != delta || produced != consumed {
            // Every position from the end of this character on maps with the
            // new delta.
            breaks.push((text.len() as u32, end as u32));
            delta = new_delta;
        }
    });
    Folded {
        text,
        breaks,
        original_len: original.len(),
    }
}

/// Folds a short string (a name, a pattern word) without keeping the map.
pub fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, |_, _, _, _| {});
    out
}

pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// For eight ASCII bytes, the high bit of each byte that is not a letter or
/// digit (the word characters of ASCII). Adding `0x80 - low` to a byte below
/// 0x80 sets its high bit exactly when the byte is at least `low`, without
/// carrying into the next byte. Setting bit 5 of every byte makes capitals
/// lower case and moves no other byte into `a..=z`, so one range test
/// covers both cases.
///
/// A byte of 0x80 or more may carry into the bytes after it (towards the
/// most significant end), never into those before it, so the answer for
/// the ASCII bytes that precede the first non-ASCII one stays exact.
pub(crate) fn ascii_not_word(chunk: u64) -> u64 {
    const fn each(b: u8) -> u64 {
        u64::from_le_bytes([b; 8])
    }
    let at_least = |chunk: u64, low: u8| chunk.wrapping_add(each(0x80 - low));
    let digit = at_least(chunk, b'0') & !at_least(chunk, b'9' + 1);
    let lower = chunk | each(0x20);
    let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
    !(digit | letter) & HIGH_BITS
}

/// Whether a folded character belongs to a word. Apostrophes and hyphens do
/// not: `l'aukus` is two words and `nouvelle-zelande` is matched as a name
/// through its hyphen, not as one word.
pub fn is_word_char(c: char) -> bool {
    is_alphanumeric(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(fold(input).text, expect, "fold({input:?})");
        assert_eq!(fold_str(input), expect, "fold_str({input:?})");
    }

    #[test]
    fn folds_case_marks_and_ligatures() {
        check("Bruneï", "brunei");
        check("JAPON", "japon");
        check("Nouvelle-Zélande", "nouvelle-zelande");
        check("Großbritannien", "grossbritannien");
        check("Œuvre", "oeuvre");
        check("l’AUKUS", "l'aukus");
        check("«\u{a0}libre\u{a0}»", "\" libre \"");
        check("Việt Nam", "viet nam");
    }

    #[test]
    fn folds_arabic_spelling_variants() {
        check("عضوًا", "عضوا");
        check("إلى", "الي");
        check("أستراليا", "استراليا");
        check("رابطة", "رابطه");
        check("حلف شمال الأطلسي", "حلف شمال الاطلسي");
        check("٣٢", "32");
        check("تـــسعة", "تسعه");
    }

    #[test]
    fn maps_folded_offsets_back_to_the_original() {
        let original = "Le Japon et la Thaïlande, membres de l’Asean.";
        let folded = fold(original);
        let start = folded.text.find("thailande").unwrap();
        let range = folded.original_range(original, start..start + "thailande".len());
        assert_eq!(&original[range], "Thaïlande");
        let start = folded.text.find("asean").unwrap();
        let range = folded.original_range(original, start..start + 5);
        assert_eq!(&original[range], "Asean");
    }

    #[test]
    fn maps_arabic_offsets_back_across_removed_marks() {
        let original = "يضم الآن 32 عضوًا في الحلف";
        let folded = fold(original);
        let start = folded.text.find("عضوا").unwrap();
        let range = folded.original_range(original, start..start + "عضوا".len());
        assert_eq!(&original[range], "عضوًا");
    }

    /// The character-by-character fold that the fast paths must reproduce:
    /// every character through `fold_char`, a break wherever it changes the
    /// offset delta or its length.
    fn fold_reference(original: &str) -> Folded {
        let mut text = String::new();
        let mut breaks = Vec::new();
        let mut delta: isize = 0;
        let mut end = 0;
        for c in original.chars() {
            let before = text.len();
            fold_char(c, &mut text);
            end += c.len_utf8();
            let new_delta = end as isize - text.len() as isize;
            if new_delta != delta || text.len() - before != c.len_utf8() {
                breaks.push((text.len() as u32, end as u32));
                delta = new_delta;
            }
        }
        Folded {
            text,
            breaks,
            original_len: original.len(),
        }
    }

    /// Folds `input` both ways and compares text and offset map.
    fn check_same_as_reference(input: &str) {
        let fast = fold(input);
        let slow = fold_reference(input);
        assert_eq!(fast.text, slow.text, "fold({input:?})");
        assert_eq!(fast.breaks, slow.breaks, "fold({input:?}) breaks");
        assert_eq!(fold_str(input), slow.text, "fold_str({input:?})");
    }

    #[test]
    fn fast_paths_fold_like_fold_char() {
        check_same_as_reference("");
        check_same_as_reference("Plain ASCII, `ticks` AND Capitals: 0123456789 ~!@#$%^&*()");
        check_same_as_reference("Le Japon et la Thaïlande, membres de l’Asean… «\u{a0}x\u{a0}»");
        check_same_as_reference("Großbritannien und Œuvre: ÆØÅ đ ł ı İstanbul Ǆ ΐ ŉ");
        check_same_as_reference("يضم الآن 32 عضوًا في الحلف، أي تـــسعة ٣٢ ۳۲؟ لليابان");
        check_same_as_reference("Việt Nam 日本 한국 \u{FEFF}x\u{200B}y 😀 \u{10FFFF}");
        check_same_as_reference("abcdefgh`ijklmnop`qrstuvwxé12345678ABCDEFGHé`");
        // Runs of Arabic letters that fold to themselves, ended by one that
        // does not, by ASCII, by a three-byte character and by the text's end.
        check_same_as_reference("المملكةالمتحدة والمملكة، والمملكه日 Xالمملكه");
        // Every character up to U+3000 (the table's range and the special
        // cases beyond it), each between ASCII letters of varying run length
        // so that both the eight-byte and the byte-wise scans meet it.
        let mut text = String::new();
        for (n, c) in ('\u{0}'..='\u{3000}').enumerate() {
            text.push(c);
            text.push_str(&"Ab`"[..n % 4]);
            text.push_str(&"XYZxyzQQ"[..n % 9 % 8]);
        }
        check_same_as_reference(&text);
        for c in '\u{0}'..='\u{3000}' {
            check_same_as_reference(&format!("Zz{c}"));
        }
    }

    #[test]
    fn class_tables_agree_with_the_standard_library() {
        for c in ('\u{0}'..='\u{D7FF}')
            .chain('\u{E000}'..='\u{10FFFF}')
            .step_by(1)
        {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lowercase(c), c.is_lowercase(), "{c:?}");
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn folded_characters_hold_no_ascii_capitals() {
        // `fold_into` lower-cases ASCII once over everything it wrote,
        // folded characters included, which is right only if they hold no
        // ASCII capital.
        let mut out = String::new();
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            out.clear();
            fold_char(c, &mut out);
            assert!(!out.bytes().any(|b| b.is_ascii_uppercase()), "{c:?}");
        }
    }

    #[test]
    fn ascii_text_needs_no_breaks() {
        let folded = fold("NATO has 32 members.");
        assert!(folded.breaks.is_empty());
        assert_eq!(folded.to_original(5), 5);
    }

    #[test]
    fn ascii_not_word_is_exact_below_the_first_non_ascii_byte() {
        for b in 0..0x80u8 {
            for high in [0x80u8, 0xC3, 0xD8, 0xE2, 0xFF] {
                for at in 0..8 {
                    for high_at in at + 1..8 {
                        let mut bytes = [b'a'; 8];
                        bytes[at] = b;
                        bytes[high_at..].fill(high);
                        let below = (1u64 << (8 * high_at)) - 1;
                        let expect = if b.is_ascii_alphanumeric() {
                            0
                        } else {
                            0x80 << (8 * at)
                        };
                        assert_eq!(
                            ascii_not_word(u64::from_le_bytes(bytes)) & below,
                            expect,
                            "{b:#x} at {at}, {high:#x} from {high_at}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn ascii_not_word_marks_every_byte_but_letters_and_digits() {
        for b in 0..0x80u8 {
            for at in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[at] = b;
                let expect = if b.is_ascii_alphanumeric() {
                    0
                } else {
                    0x80 << (8 * at)
                };
                assert_eq!(
                    ascii_not_word(u64::from_le_bytes(bytes)),
                    expect,
                    "{b:#x} at {at}"
                );
            }
        }
    }
}
