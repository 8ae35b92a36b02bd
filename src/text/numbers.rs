//! Numbers written in digits or in words.
//!
//! The words come from language packs: a lexicon of number words (with the
//! elided and combining forms a language glues together, such as Italian
//! `vent` in `ventotto` or Spanish `veinti` in `veintidos`), the joiners that
//! may stand between parts (`et`, `y`, `und`, `and`, Arabic `و`), and the
//! multipliers (`cent`, `hundred`, and French `vingt` in `quatre-vingts`).
//! A word is split into lexicon entries when it is written as one
//! (`zweiunddreissig` = `zwei` + `und` + `dreissig`), and the parts are
//! combined only when they form a well-made number: `two three` is not five.

use std::collections::{HashMap, HashSet};

use foldhash::fast::RandomState;

use super::tokens::{Token, TokenKind};

/// The number vocabulary of one language, folded.
#[derive(Debug, Clone, Default)]
pub struct NumberWords {
    // Reading a number tries every substring of a word against these sets,
    // so they use a fast hasher rather than the DoS-resistant default.
    values: HashMap<String, u32, RandomState>,
    joiners: HashSet<String, RandomState>,
    multipliers: HashSet<String, RandomState>,
    longest: usize,
    /// Every value and joiner in a trie, built from the sets above.
    trie: Trie,
    /// The byte pairs a word can start with if it is made of entries:
    /// the first two bytes of an entry, or an entry of one byte and any
    /// byte after it. A bit per pair (`first << 8 | second`); most words
    /// are turned down by this one test.
    first_pairs: Vec<u64>,
}

/// The lexicon as a byte trie, so that splitting a word walks it once from
/// each position instead of hashing every substring, and a word that does
/// not start with a lexicon entry (most words) is turned down after a byte
/// or two.
#[derive(Debug, Clone, Default)]
struct Trie {
    /// The child of the root for each first byte (0: none; the root is
    /// node 0 and nobody's child).
    root: Vec<u32>,
    nodes: Vec<TrieNode>,
}

#[derive(Debug, Clone, Default)]
struct TrieNode {
    /// The part of the lexicon word that ends here, if one does.
    part: Option<Part>,
    /// Children by byte, in the order they were added.
    children: Vec<(u8, u32)>,
}

impl Trie {
    fn new<'a>(words: impl IntoIterator<Item = (&'a str, Part)>) -> Trie {
        let mut trie = Trie {
            root: vec![0; 256],
            nodes: vec![TrieNode::default()],
        };
        for (word, part) in words {
            let mut node = 0;
            for &b in word.as_bytes() {
                node = match trie.child(node, b) {
                    Some(child) => child,
                    None => {
                        let child = trie.nodes.len() as u32;
                        trie.nodes.push(TrieNode::default());
                        if node == 0 {
                            trie.root[usize::from(b)] = child;
                        } else {
                            trie.nodes[node as usize].children.push((b, child));
                        }
                        child
                    }
                };
            }
            trie.nodes[node as usize].part = Some(part);
        }
        trie
    }

    fn child(&self, node: u32, b: u8) -> Option<u32> {
        if node == 0 {
            return self.root.get(usize::from(b)).copied().filter(|&c| c != 0);
        }
        self.nodes[node as usize]
            .children
            .iter()
            .find(|&&(byte, _)| byte == b)
            .map(|&(_, child)| child)
    }

    /// The part `word` is, if it is a lexicon entry.
    fn get(&self, word: &str) -> Option<Part> {
        let mut node = 0;
        for &b in word.as_bytes() {
            node = self.child(node, b)?;
        }
        self.nodes.get(node as usize)?.part
    }

    /// Calls `found(end, part)` for every lexicon entry that `bytes` starts
    /// with, shortest first.
    fn prefixes(&self, bytes: &[u8], mut found: impl FnMut(usize, Part)) {
        let mut node = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let Some(child) = self.child(node, b) else {
                return;
            };
            node = child;
            if let Some(part) = self.nodes[node as usize].part {
                found(i + 1, part);
            }
        }
    }
}

/// One part of a number: a value, a multiplier, or a joiner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Value(u32),
    Multiplier(u32),
    Joiner,
}

impl NumberWords {
    /// Builds the vocabulary. Words must already be folded.
    pub fn new(
        values: impl IntoIterator<Item = (String, u32)>,
        joiners: impl IntoIterator<Item = String>,
        multipliers: impl IntoIterator<Item = String>,
    ) -> NumberWords {
        let values: HashMap<String, u32, RandomState> = values.into_iter().collect();
        let joiners: HashSet<String, RandomState> = joiners.into_iter().collect();
        let multipliers: HashSet<String, RandomState> = multipliers
            .into_iter()
            .filter(|m| values.contains_key(m))
            .collect();
        let longest = values
            .keys()
            .chain(joiners.iter())
            .map(|w| w.len())
            .max()
            .unwrap_or(0);
        let mut words = NumberWords {
            values,
            joiners,
            multipliers,
            longest,
            trie: Trie::default(),
            first_pairs: Vec::new(),
        };
        words.build_trie();
        words
    }

    /// Builds the trie from the sets, each word with the part that looking
    /// it up in the sets gives.
    fn build_trie(&mut self) {
        let words = self.values.keys().chain(self.joiners.iter());
        let trie = Trie::new(words.filter_map(|w| Some((w.as_str(), self.part_in_sets(w)?))));
        self.trie = trie;
        let mut first_pairs = vec![0u64; (1 << 16) / 64];
        let mut set = |pair: usize| first_pairs[pair / 64] |= 1 << (pair % 64);
        for word in self.values.keys().chain(self.joiners.iter()) {
            match *word.as_bytes() {
                [first] => (0..=255).for_each(|second| set(usize::from(first) << 8 | second)),
                [first, second, ..] => set(usize::from(first) << 8 | usize::from(second)),
                [] => {}
            }
        }
        self.first_pairs = first_pairs;
    }

    /// Adds another vocabulary's words (a user pack extending a language).
    pub fn extend(&mut self, other: &NumberWords) {
        self.values
            .extend(other.values.iter().map(|(k, v)| (k.clone(), *v)));
        self.joiners.extend(other.joiners.iter().cloned());
        self.multipliers.extend(other.multipliers.iter().cloned());
        self.longest = self.longest.max(other.longest);
        self.build_trie();
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    fn part(&self, word: &str) -> Option<Part> {
        self.trie.get(word)
    }

    /// What a word is by the sets, which the trie answers faster.
    fn part_in_sets(&self, word: &str) -> Option<Part> {
        if let Some(&v) = self.values.get(word) {
            return Some(if self.multipliers.contains(word) {
                Part::Multiplier(v)
            } else {
                Part::Value(v)
            });
        }
        self.joiners.contains(word).then_some(Part::Joiner)
    }

    /// Splits a word into lexicon parts, preferring the fewest parts.
    fn segment(&self, word: &str, out: &mut Vec<Part>) -> bool {
        let bytes = word.as_bytes();
        let n = bytes.len();
        // One walk down the trie tells whether the word is an entry itself
        // and whether it starts with one at all, which most words do not:
        // those are turned down before setting up the table.
        let mut whole = None;
        let mut starts_with_entry = false;
        self.trie.prefixes(bytes, |len, part| {
            starts_with_entry = true;
            if len == n {
                whole = Some(part);
            }
        });
        if let Some(p) = whole {
            out.push(p);
            return true;
        }
        if word.len() > 4 * self.longest.max(1) || !starts_with_entry {
            return false;
        }
        // Shortest segmentation by dynamic programming over the positions
        // where a lexicon entry can end. Every entry is whole characters, so
        // those are character boundaries. Position `i` is tried in order and
        // each entry starting there (from the trie) improves `best[end]` only
        // if it needs strictly fewer parts, so that ties keep the earlier cut.
        let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1]; // (parts, previous cut)
        best[0] = Some((0, 0));
        for i in 0..n {
            let Some((count, _)) = best[i] else { continue };
            self.trie.prefixes(&bytes[i..], |len, _| {
                let j = i + len;
                if best[j].is_none_or(|(c, _)| c > count + 1) {
                    best[j] = Some((count + 1, i));
                }
            });
        }
        if best[n].is_none() {
            return false;
        }
        let mut pieces = Vec::new();
        let mut j = n;
        while j > 0 {
            let (_, i) = best[j].unwrap_or((0, 0));
            pieces.push(&word[i..j]);
            j = i;
        }
        for piece in pieces.into_iter().rev() {
            if let Some(p) = self.part(piece) {
                out.push(p);
            }
        }
        true
    }

    /// Whether a number may start with the word `word`: `false` when
    /// [`NumberWords::read`] finds none at a token of that word, whatever
    /// follows it. Callers ask once for each word they know, instead of
    /// reading at every token of it.
    pub fn may_start_with(&self, word: &str) -> bool {
        // Digits are read whole or glued to a joiner; any other start must
        // be a word made of lexicon entries.
        word.bytes().any(|b| b.is_ascii_digit())
            || self.joiners.contains("")
            || self.segment(word, &mut Vec::new())
    }

    /// Reads a number at `tokens[at]`: digits, or number words possibly
    /// spread over several tokens. Returns the value and how many tokens it
    /// took.
    pub fn read(&self, folded: &str, tokens: &[Token], at: usize) -> Option<(u32, usize)> {
        let first = tokens.get(at)?;
        if first.kind == TokenKind::Digits {
            return first.text(folded).parse::<u32>().ok().map(|v| (v, 1));
        }
        let text = first.text(folded);
        // Most words start with no entry of the lexicon, so they can be
        // neither a number word nor a joiner with digits glued to it: they
        // are turned down by their first two bytes (a word of one byte by
        // its byte), unless a pack declares an empty joiner, which would
        // glue digits to nothing.
        let starts_like_an_entry = match *text.as_bytes() {
            [first] => self.trie.child(0, first).is_some(),
            [first, second, ..] => {
                let pair = usize::from(first) << 8 | usize::from(second);
                self.first_pairs[pair / 64] & (1 << (pair % 64)) != 0
            }
            [] => false,
        };
        if !starts_like_an_entry && !self.joiners.contains("") {
            return None;
        }
        // Digits glued to a joiner: Arabic `الـ32` (the 32) folds to `ال32`.
        if let Some(digits_at) = text.bytes().position(|b| b.is_ascii_digit()) {
            let (prefix, digits) = text.split_at(digits_at);
            if self.joiners.contains(prefix) && digits.bytes().all(|b| b.is_ascii_digit()) {
                return digits.parse::<u32>().ok().map(|v| (v, 1));
            }
        }
        if self.is_empty() {
            return None;
        }
        let mut acc = Accumulator::default();
        let mut taken = 0;
        let mut parts = Vec::new();
        let mut previous_end = None;
        for token in &tokens[at..] {
            if token.kind != TokenKind::Word {
                break;
            }
            parts.clear();
            if !self.segment(token.text(folded), &mut parts) {
                break;
            }
            let hyphenated = previous_end.is_some_and(|end| &folded[end..token.start] == "-");
            let mut trial = acc;
            if !parts
                .iter()
                .enumerate()
                .all(|(i, &p)| trial.add(p, i > 0 || hyphenated))
            {
                break;
            }
            acc = trial;
            taken += 1;
            previous_end = Some(token.end);
        }
        // A trailing joiner (`trente et`) belongs to the next words, not to
        // the number.
        while taken > 0 && acc.value().is_none() {
            taken -= 1;
            acc = Accumulator::default();
            let mut ok = true;
            let mut previous_end = None;
            for token in &tokens[at..at + taken] {
                parts.clear();
                let hyphenated = previous_end.is_some_and(|end| &folded[end..token.start] == "-");
                ok &= self.segment(token.text(folded), &mut parts)
                    && parts
                        .iter()
                        .enumerate()
                        .all(|(i, &p)| acc.add(p, i > 0 || hyphenated));
                previous_end = Some(token.end);
            }
            if !ok {
                return None;
            }
        }
        acc.value().map(|v| (v, taken))
    }
}

/// Combines number parts left to right, refusing combinations that no
/// language writes.
#[derive(Debug, Clone, Copy, Default)]
struct Accumulator {
    total: u32,
    current: u32,
    parts: u32,
    pending_joiner: bool,
    /// The value of the last part added, to check the next one against it.
    last: u32,
}

impl Accumulator {
    /// Adds a part; `joined` when it is written glued to the previous part
    /// or joined to it by a hyphen.
    fn add(&mut self, part: Part, joined: bool) -> bool {
        match part {
            Part::Joiner => {
                // A joiner may open a number only in languages that glue it on
                // (Arabic `و`), and never twice in a row.
                if self.pending_joiner {
                    return false;
                }
                self.pending_joiner = true;
                true
            }
            Part::Multiplier(m) => {
                if self.parts > 0 && self.current == 0 {
                    return false;
                }
                if m >= 100 {
                    self.total += self.current.max(1) * m;
                    self.current = 0;
                } else if self.parts > 0 && self.current < 10 && self.current > 0 {
                    // `quatre-vingt`: a unit times twenty.
                    self.current *= m;
                } else if self.parts == 0 || self.current % 100 == 0 {
                    self.current += m;
                } else {
                    return false;
                }
                self.parts += 1;
                self.pending_joiner = false;
                self.last = m;
                true
            }
            Part::Value(v) => {
                if self.parts > 0 && !Self::combines(self.total, self.current, self.last, v, joined)
                {
                    return false;
                }
                self.current += v;
                self.parts += 1;
                self.pending_joiner = false;
                self.last = v;
                true
            }
        }
    }

    /// Whether `v` may follow a number made of `total` (hundreds already
    /// closed) and `current` (the part under a hundred), whose last part was
    /// `last`.
    fn combines(total: u32, current: u32, last: u32, v: u32, joined: bool) -> bool {
        let tens_then_unit = current % 10 == 0 && current >= 20 && v < 10 && last >= 20;
        // `dix-sept`, Spanish `dieci` + `seis`: only written as one word or
        // with a hyphen, so that `ten two` stays two numbers.
        let ten_then_unit = joined && current == 10 && last == 10 && (1..10).contains(&v);
        // French 70–99: `soixante-dix`, `quatre-vingt-douze`.
        let score_then_teen = current % 20 == 0 && current >= 60 && (10..20).contains(&v);
        // German and Arabic put the unit first: `zweiunddreissig`, `اثنان وثلاثون`.
        let unit_then_tens =
            current < 10 && current > 0 && (20..100).contains(&v) && v % 10 == 0 && last < 10;
        // Arabic teens: `ثلاثة عشر`.
        let unit_then_ten = current < 10 && current > 0 && v == 10 && last < 10;
        let hundreds_then_rest = current == 0 && total >= 100 && v < 100;
        tens_then_unit
            || ten_then_unit
            || score_then_teen
            || unit_then_tens
            || unit_then_ten
            || hundreds_then_rest
    }

    fn value(&self) -> Option<u32> {
        (self.parts > 0 && !self.pending_joiner).then_some(self.total + self.current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;

    fn words() -> NumberWords {
        let values = [
            ("one", 1),
            ("two", 2),
            ("three", 3),
            ("ten", 10),
            ("thirty", 30),
            ("hundred", 100),
            ("un", 1),
            ("deux", 2),
            ("quatre", 4),
            ("dix", 10),
            ("sept", 7),
            ("onze", 11),
            ("douze", 12),
            ("vingt", 20),
            ("vingts", 20),
            ("trente", 30),
            ("soixante", 60),
            ("cent", 100),
            ("trenta", 30),
            ("trent", 30),
            ("due", 2),
            ("uno", 1),
            ("vent", 20),
            ("venti", 20),
            ("otto", 8),
            ("zwei", 2),
            ("dreissig", 30),
            ("zehn", 10),
            ("ein", 1),
            ("veinti", 20),
            ("dos", 2),
            ("treinta", 30),
            ("اثنان", 2),
            ("ثلاثون", 30),
            ("ثلاثه", 3),
            ("عشر", 10),
            ("عشره", 10),
            ("تسعه", 9),
        ];
        NumberWords::new(
            values.into_iter().map(|(w, v)| (w.to_string(), v)),
            ["and", "et", "und", "y", "و", "ال"]
                .into_iter()
                .map(String::from),
            ["hundred", "cent", "vingt", "vingts"]
                .into_iter()
                .map(String::from),
        )
    }

    fn check(input: &str, expect: Option<(u32, usize)>) {
        let input = crate::text::fold::fold_str(input);
        let input = input.as_str();
        let mut tokens = Vec::new();
        tokenize(input, 0..input.len(), &mut tokens);
        assert_eq!(words().read(input, &tokens, 0), expect, "read({input:?})");
    }

    #[test]
    fn reads_digits_and_simple_words() {
        check("32 members", Some((32, 1)));
        check("ten members", Some((10, 1)));
        check("dix membres", Some((10, 1)));
        check("تسعه اعضاء", Some((9, 1)));
    }

    #[test]
    fn tells_the_words_no_number_starts_with() {
        let words = words();
        for word in [
            "thirty",
            "trentadue",
            "zweiunddreissig",
            "ال32",
            "32",
            "and",
        ] {
            assert!(words.may_start_with(word), "{word:?}");
        }
        for word in ["the", "member", "of", "otherwise", "تضم"] {
            assert!(!words.may_start_with(word), "{word:?}");
            // What the answer promises: no number is read at that word,
            // whatever follows it.
            for rest in ["", " two", " thirty-two members"] {
                let text = format!("{word}{rest}");
                let mut tokens = Vec::new();
                tokenize(&text, 0..text.len(), &mut tokens);
                assert_eq!(words.read(&text, &tokens, 0), None, "{text:?}");
            }
        }
    }

    #[test]
    fn reads_compounds_in_each_language() {
        check("thirty-two", Some((32, 2)));
        check("thirty two members", Some((32, 2)));
        check("trente-deux", Some((32, 2)));
        check("trente et un pays", Some((31, 3)));
        check("soixante-dix", Some((70, 2)));
        check("quatre-vingt-douze", Some((92, 3)));
        check("quatre-vingts", Some((80, 2)));
        check("trentadue", Some((32, 1)));
        check("ventotto", Some((28, 1)));
        check("zweiunddreissig", Some((32, 1)));
        check("veintidos", Some((22, 1)));
        check("treinta y dos", Some((32, 3)));
        check("اثنان وثلاثون عضوا", Some((32, 2)));
        check("ثلاثه عشر", Some((13, 2)));
        check("dix-sept", Some((17, 2)));
        check("الـ32", Some((32, 1)));
        check("one hundred and two", Some((102, 4)));
    }

    #[test]
    fn refuses_malformed_sequences() {
        check("two three", Some((2, 1)));
        check("ten two", Some((10, 1)));
        check("often", None);
        check("et", None);
        check("trente et", Some((30, 1)));
    }
    /// The old segmentation, hashing every substring, that the trie walk
    /// must match.
    fn segment_reference(words: &NumberWords, word: &str, out: &mut Vec<Part>) -> bool {
        if let Some(p) = words.part_in_sets(word) {
            out.push(p);
            return true;
        }
        if word.len() > 4 * words.longest.max(1) {
            return false;
        }
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(word.len()))
            .collect();
        let n = bounds.len();
        let mut best: Vec<Option<(usize, usize)>> = vec![None; n];
        best[0] = Some((0, 0));
        for i in 0..n {
            let Some((count, _)) = best[i] else { continue };
            for j in i + 1..n {
                if bounds[j] - bounds[i] > words.longest {
                    break;
                }
                if words.part_in_sets(&word[bounds[i]..bounds[j]]).is_some()
                    && best[j].is_none_or(|(c, _)| c > count + 1)
                {
                    best[j] = Some((count + 1, i));
                }
            }
        }
        if best[n - 1].is_none() {
            return false;
        }
        let mut pieces = Vec::new();
        let mut j = n - 1;
        while j > 0 {
            let (_, i) = best[j].unwrap_or((0, 0));
            pieces.push(&word[bounds[i]..bounds[j]]);
            j = i;
        }
        for piece in pieces.into_iter().rev() {
            if let Some(p) = words.part_in_sets(piece) {
                out.push(p);
            }
        }
        true
    }

    #[test]
    fn trie_segments_like_the_substring_search() {
        let mut words = words();
        words.extend(&NumberWords::new(
            // `abc` is `a` + `bc` or `ab` + `c`: a tie the earlier cut wins.
            [
                ("tre", 3),
                ("trenta", 30),
                ("ab", 5),
                ("c", 6),
                ("bc", 7),
                ("a", 8),
            ]
            .into_iter()
            .map(|(w, v)| (w.to_string(), v)),
            ["e".to_string()],
            [],
        ));
        let pieces = [
            "un",
            "deux",
            "dix",
            "sept",
            "vingt",
            "vingts",
            "cent",
            "trent",
            "trenta",
            "trente",
            "tre",
            "e",
            "et",
            "und",
            "zwei",
            "dreissig",
            "y",
            "و",
            "ال",
            "ثلاثون",
            "عشر",
            "x",
            "é",
            "often",
            "the",
            "a",
            "otto",
            "vent",
            "i",
            "s",
            "abc",
            "b",
            "c",
        ];
        let mut seed = 5u32;
        for _ in 0..20000 {
            let mut word = String::new();
            for _ in 0..=(seed % 5) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                word.push_str(pieces[(seed >> 8) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            assert_eq!(
                words.segment(&word, &mut fast),
                segment_reference(&words, &word, &mut slow),
                "segment({word:?})"
            );
            assert_eq!(fast, slow, "segment({word:?})");
        }
    }
}
