//! Finds names in folded text: every name of every language in one trie,
//! whole words only, elided and cliticised forms included, the acronym rule
//! applied, and the longest name winning.
//!
//! The index knows nothing of entities: each name carries an opaque `u32`
//! tag that the caller maps back to what it means.

use std::collections::BTreeMap;
use std::ops::Range;

use super::fold::{
    Folded, HIGH_BITS, TwoByteWords, ascii_not_word, fold_str, is_alphabetic, is_uppercase,
    is_word_char,
};

/// Arabic proclitics that attach to the following word without a space:
/// `و` (and), `ف` (so), `ب` (with), `ل` (for), `ك` (like).
const ARABIC_PROCLITICS: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];

/// Whether `bytes` starts with one of `ARABIC_PROCLITICS`, told by its
/// UTF-8 bytes rather than by decoding a character.
fn starts_with_proclitic(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0xD9, 0x81 | 0x83 | 0x84 | 0x88, ..] | [0xD8, 0xA8, ..]
    )
}

#[derive(Debug, Clone)]
struct Pattern {
    tags: Vec<u32>,
    /// Written in capitals (`US`, `NATO`): never matches an all-lower-case word.
    acronym: bool,
    /// An Arabic name that starts with the article `ال`, stored without its
    /// alef so that `لليابان` (`ل` + `اليابان`) is found: it must follow `ل`.
    needs_lam: bool,
    arabic: bool,
}

/// One name found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    /// Folded byte range of the name itself (clitics excluded).
    pub start: usize,
    pub end: usize,
    /// Start of the whole word, clitics included (`و` in `واليابان`).
    pub word_start: usize,
    /// The name's number in the index, whose tags [`NameIndex::tags`]
    /// gives: a match carries no list of its own.
    pub pattern: u32,
}

/// The index over every name.
///
/// A name only counts where it starts a word, or follows up to three Arabic
/// proclitics at the start of a word, so instead of running an automaton
/// over every byte (and then throwing away the matches inside words), the
/// index walks a trie of the names from each of those positions. Most walks
/// end at the first or second byte, and the trie costs a few bytes per name
/// byte to build and keep.
#[derive(Debug, Clone)]
pub struct NameIndex {
    trie: Trie,
    patterns: Vec<Pattern>,
    /// Which two-byte characters are word characters, kept here so that the
    /// scan reaches the shared table without a lookup of its own.
    two_byte_words: &'static TwoByteWords,
}

/// The folded names as a byte trie, flattened: each node's children and the
/// patterns ending there are contiguous runs of `edges` and `ends`.
#[derive(Debug, Clone)]
struct Trie {
    /// The root's child for each byte (0: none; the root, node 0, is
    /// nobody's child).
    root: Vec<u32>,
    /// The node two bytes down for each pair of bytes (`first << 8 | second`),
    /// so that the first two steps of a walk, where nodes have the most
    /// children, are single lookups.
    root2: Vec<u32>,
    nodes: Vec<TrieNode>,
    /// `(byte, child)`, sorted by byte within each node.
    edges: Vec<(u8, u32)>,
    /// Pattern numbers, ascending within each node.
    ends: Vec<u32>,
    /// For each node with one child: the bytes down the run of nodes with
    /// one child that end no name (`chain_bytes[offset..offset + len]`),
    /// and the node that run leads to. Most of a long name's bytes are
    /// such a run, which a walk then compares at once instead of stepping
    /// node by node.
    chains: Vec<Chain>,
    chain_bytes: Vec<u8>,
    /// A quick test that turns down most positions before any walk: the
    /// first four bytes of every name of four bytes or more, hashed into a
    /// bit set, and the first two bytes of every shorter name (every byte
    /// after a one-byte name) as a bit set of byte pairs. A position where
    /// neither set has its bytes cannot start a name.
    long_prefixes: Box<[u64; (1 << PREFIX_BITS) / 64]>,
    short_prefixes: Box<[u64; (1 << 16) / 64]>,
    /// A second test for the positions that pass the first, before their
    /// walk: the first four bytes of the names of four to seven bytes, and
    /// the first eight bytes of the longer ones, each hashed into a bit set.
    /// Four bytes are two Arabic letters, often the article `ال` that many
    /// names share with the words of the text, so most walks that the first
    /// test let through found nothing; eight bytes tell them apart.
    middle_prefixes: Box<[u64; (1 << PREFIX_BITS) / 64]>,
    eight_byte_prefixes: Box<[u64; (1 << PREFIX_BITS) / 64]>,
    /// Whether some name starts with a character that is not a word
    /// character: if none does, no walk needs to start at one.
    starts_with_not_word: bool,
    /// Whether some name that starts with a non-ASCII byte has fewer than
    /// four bytes, or four to seven: if none does, the finer test at the
    /// start of a word in another script (Arabic) needs only its eight-byte
    /// set, as only such names can start there.
    non_ascii_short: bool,
    non_ascii_middle: bool,
}

/// The number of bits of the hashed four-byte prefixes: a few thousand
/// names fill a small part of the set, so few positions pass it by chance.
const PREFIX_BITS: u32 = 20;

fn prefix_hash(prefix: u32) -> usize {
    (prefix.wrapping_mul(0x9E37_79B1) >> (32 - PREFIX_BITS)) as usize
}

fn eight_byte_hash(prefix: u64) -> usize {
    (prefix.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PREFIX_BITS)) as usize
}

/// The eight bytes of `text` from `start` as a little-endian number, if
/// there are eight.
#[inline(always)]
fn eight_bytes_at(text: &[u8], start: usize) -> Option<u64> {
    let &[a, b, c, d, e, f, g, h] = text.get(start..start + 8)? else {
        return None;
    };
    Some(u64::from_le_bytes([a, b, c, d, e, f, g, h]))
}

/// Two bytes as an index into tables of byte pairs: the low half of the
/// little-endian number that starts with them.
fn pair(first: u8, second: u8) -> usize {
    usize::from(first) | usize::from(second) << 8
}

fn has_bit<const N: usize>(bits: &[u64; N], i: usize) -> bool {
    bits[i / 64] & (1 << (i % 64)) != 0
}

fn set_bit<const N: usize>(bits: &mut [u64; N], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

#[derive(Debug, Clone, Copy, Default)]
struct TrieNode {
    edges: (u32, u32),
    ends: (u32, u32),
}

impl TrieNode {
    fn has_one_child(&self) -> bool {
        self.edges.1 - self.edges.0 == 1
    }

    fn ends_a_name(&self) -> bool {
        self.ends.0 != self.ends.1
    }
}

/// A run of nodes that a walk passes without a choice (see
/// [`Trie::chains`]).
#[derive(Debug, Clone, Copy, Default)]
struct Chain {
    offset: u32,
    len: u32,
    target: u32,
}

impl Trie {
    fn new(names: &[String]) -> Trie {
        // Built as a tree of sibling chains (a node's first child, a node's
        // next sibling), which costs no allocation per node, then flattened.
        const NONE: u32 = u32::MAX;
        let mut byte: Vec<u8> = vec![0];
        let mut first_child: Vec<u32> = vec![NONE];
        let mut next_sibling: Vec<u32> = vec![NONE];
        let mut pattern_ends: Vec<(u32, u32)> = Vec::with_capacity(names.len());
        for (pattern, name) in names.iter().enumerate() {
            let mut node = 0;
            for &b in name.as_bytes() {
                let mut child = first_child[node];
                while child != NONE && byte[child as usize] != b {
                    child = next_sibling[child as usize];
                }
                if child == NONE {
                    child = byte.len() as u32;
                    byte.push(b);
                    first_child.push(NONE);
                    next_sibling.push(first_child[node]);
                    first_child[node] = child;
                }
                node = child as usize;
            }
            pattern_ends.push((node as u32, pattern as u32));
        }
        // By node, and within a node in pattern order (the sort is stable).
        pattern_ends.sort_by_key(|&(node, _)| node);
        let children = |node: usize| {
            let mut list = Vec::new();
            let mut child = first_child[node];
            while child != NONE {
                list.push((byte[child as usize], child));
                child = next_sibling[child as usize];
            }
            list.sort_unstable();
            list
        };
        let mut trie = Trie {
            root: vec![0; 256],
            root2: vec![0; 1 << 16],
            nodes: Vec::with_capacity(byte.len()),
            edges: Vec::with_capacity(byte.len()),
            ends: Vec::with_capacity(names.len()),
            chains: Vec::new(),
            chain_bytes: Vec::new(),
            long_prefixes: Box::new([0; (1 << PREFIX_BITS) / 64]),
            short_prefixes: Box::new([0; (1 << 16) / 64]),
            middle_prefixes: Box::new([0; (1 << PREFIX_BITS) / 64]),
            eight_byte_prefixes: Box::new([0; (1 << PREFIX_BITS) / 64]),
            starts_with_not_word: names
                .iter()
                .any(|n| n.chars().next().is_some_and(|c| !is_word_char(c))),
            non_ascii_short: names
                .iter()
                .any(|n| n.as_bytes().first().is_some_and(|&b| b >= 0x80) && n.len() < 4),
            non_ascii_middle: names.iter().any(|n| {
                n.as_bytes().first().is_some_and(|&b| b >= 0x80) && (4..8).contains(&n.len())
            }),
        };
        for name in names.iter().map(|n| n.as_bytes()) {
            match *name {
                [a, b, c, d, e, f, g, h, ..] => {
                    set_bit(
                        &mut trie.long_prefixes,
                        prefix_hash(u32::from_le_bytes([a, b, c, d])),
                    );
                    set_bit(
                        &mut trie.eight_byte_prefixes,
                        eight_byte_hash(u64::from_le_bytes([a, b, c, d, e, f, g, h])),
                    );
                }
                [a, b, c, d, ..] => {
                    let hash = prefix_hash(u32::from_le_bytes([a, b, c, d]));
                    set_bit(&mut trie.long_prefixes, hash);
                    set_bit(&mut trie.middle_prefixes, hash);
                }
                [a] => (0..=255u8).for_each(|b| set_bit(&mut trie.short_prefixes, pair(a, b))),
                [a, b, ..] => set_bit(&mut trie.short_prefixes, pair(a, b)),
                [] => {}
            }
        }
        for (first, child) in children(0) {
            trie.root[usize::from(first)] = child;
            for (second, grandchild) in children(child as usize) {
                trie.root2[pair(first, second)] = grandchild;
            }
        }
        let mut ends = pattern_ends.iter().peekable();
        for (node, &first) in first_child.iter().enumerate() {
            let edges = trie.edges.len();
            let mut child = first;
            while child != NONE {
                trie.edges.push((byte[child as usize], child));
                child = next_sibling[child as usize];
            }
            trie.edges[edges..].sort_unstable();
            let first_end = trie.ends.len() as u32;
            while let Some(&(_, pattern)) = ends.next_if(|&&(n, _)| n as usize == node) {
                trie.ends.push(pattern);
            }
            trie.nodes.push(TrieNode {
                edges: (edges as u32, trie.edges.len() as u32),
                ends: (first_end, trie.ends.len() as u32),
            });
        }
        trie.chain_runs();
        trie
    }

    /// Works out `chains`. A run's bytes are stored once, from the node
    /// that starts it: each node further down the run takes the rest of
    /// those bytes, so a walk that enters the run below its start (as the
    /// first two bytes, looked up at once, may make it) still finds its
    /// own.
    fn chain_runs(&mut self) {
        let only_child = |node: usize| self.edges[self.nodes[node].edges.0 as usize];
        // A node the run of its parent passes through: its parent has it
        // as only child, and it ends no name and has one child itself.
        let passed = |node: u32| {
            let n = self.nodes[node as usize];
            n.has_one_child() && !n.ends_a_name()
        };
        let mut inside = vec![false; self.nodes.len()];
        for node in 0..self.nodes.len() {
            if self.nodes[node].has_one_child() && passed(only_child(node).1) {
                inside[only_child(node).1 as usize] = true;
            }
        }
        let mut chains = vec![Chain::default(); self.nodes.len()];
        let mut bytes = Vec::new();
        let mut run = Vec::new();
        for (start, &inside) in inside.iter().enumerate() {
            if !self.nodes[start].has_one_child() || inside {
                continue;
            }
            let offset = bytes.len();
            run.clear();
            let mut node = start;
            let target = loop {
                run.push(node);
                let (byte, child) = only_child(node);
                bytes.push(byte);
                if !passed(child) {
                    break child;
                }
                node = child as usize;
            };
            let len = bytes.len() - offset;
            for (k, &node) in run.iter().enumerate() {
                chains[node] = Chain {
                    offset: (offset + k) as u32,
                    len: (len - k) as u32,
                    target,
                };
            }
        }
        self.chains = chains;
        self.chain_bytes = bytes;
    }

    /// Calls `found(end, pattern)` for every name that occurs in `text` at
    /// `start`, shortest first and, for one length, in pattern order.
    ///
    /// Most positions fail the prefix test, which is all that is inlined into
    /// the scan: the walk stays out of line, so that the scan keeps its
    /// variables in registers.
    #[inline(always)]
    fn matches_at(&self, text: &[u8], start: usize, found: impl FnMut(usize, usize)) {
        if let Some(prefix) = text.get(start..start + 4) {
            let prefix = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
            if !self.may_start_with(prefix) {
                return;
            }
        }
        self.walk(text, start, found);
    }

    /// Whether a name may start with the four bytes of `prefix` (read as a
    /// little-endian number): `false` rules out every name.
    #[inline(always)]
    fn may_start_with(&self, prefix: u32) -> bool {
        has_bit(&self.short_prefixes, (prefix & 0xFFFF) as usize)
            || has_bit(&self.long_prefixes, prefix_hash(prefix))
    }

    /// The second, finer prefix test: whether a name may start at `start`,
    /// judged by the eight bytes there (all names pass near the end of the
    /// text, where there are fewer). `false` rules out every name.
    #[inline(always)]
    fn may_start_at(&self, text: &[u8], start: usize) -> bool {
        let Some(prefix) = eight_bytes_at(text, start) else {
            return true;
        };
        has_bit(&self.short_prefixes, (prefix & 0xFFFF) as usize)
            || has_bit(&self.middle_prefixes, prefix_hash(prefix as u32))
            || has_bit(&self.eight_byte_prefixes, eight_byte_hash(prefix))
    }

    /// `may_start_at` where the text has a non-ASCII byte at `start`, so
    /// that only the names that start with one can start there: their
    /// short and middle sets are only looked at if some of them is that
    /// short. Most of the time (names in Arabic are rarely shorter than four
    /// letters) one lookup does the work of three.
    #[inline(always)]
    fn may_start_at_non_ascii(&self, text: &[u8], start: usize) -> bool {
        let Some(prefix) = eight_bytes_at(text, start) else {
            return true;
        };
        has_bit(&self.eight_byte_prefixes, eight_byte_hash(prefix))
            || (self.non_ascii_middle && has_bit(&self.middle_prefixes, prefix_hash(prefix as u32)))
            || (self.non_ascii_short && has_bit(&self.short_prefixes, (prefix & 0xFFFF) as usize))
    }

    /// The walk of `matches_at`, after the second prefix test. The first
    /// test is the caller's; at the starts of Arabic words the caller makes
    /// the second one instead, which is then made twice when it passes,
    /// as it seldom does.
    #[inline(never)]
    fn walk(&self, text: &[u8], start: usize, mut found: impl FnMut(usize, usize)) {
        if !self.may_start_at(text, start) {
            return;
        }
        let Some(&first) = text.get(start) else {
            return;
        };
        let mut node = self.root[usize::from(first)];
        if node == 0 {
            return;
        }
        self.report(node, start + 1, &mut found);
        let Some(&second) = text.get(start + 1) else {
            return;
        };
        node = self.root2[pair(first, second)];
        let mut end = start + 2;
        while node != 0 {
            let n = self.nodes[node as usize];
            // Most nodes end no name: their empty run is not looked at.
            if n.ends_a_name() {
                for &pattern in &self.ends[n.ends.0 as usize..n.ends.1 as usize] {
                    found(end, pattern as usize);
                }
            }
            // Below the first two bytes most nodes have one child, and the
            // nodes under it one child too, down to the end of a name: their
            // bytes are compared as one run.
            if n.has_one_child() {
                let chain = self.chains[node as usize];
                let run = &self.chain_bytes[chain.offset as usize..][..chain.len as usize];
                let follows = text
                    .get(end..end + run.len())
                    .is_some_and(|bytes| bytes.iter().zip(run).all(|(a, b)| a == b));
                if !follows {
                    return;
                }
                node = chain.target;
                end += run.len();
                continue;
            }
            let Some(&b) = text.get(end) else {
                return;
            };
            let edges = &self.edges[n.edges.0 as usize..n.edges.1 as usize];
            node = if edges.len() <= 8 {
                edges
                    .iter()
                    .find(|&&(byte, _)| byte == b)
                    .map_or(0, |&(_, c)| c)
            } else {
                edges
                    .binary_search_by_key(&b, |&(byte, _)| byte)
                    .map_or(0, |k| edges[k].1)
            };
            end += 1;
        }
    }

    /// Reports the patterns that end at `node`, as ending at `end`.
    fn report(&self, node: u32, end: usize, found: &mut impl FnMut(usize, usize)) {
        let n = self.nodes[node as usize];
        for &pattern in &self.ends[n.ends.0 as usize..n.ends.1 as usize] {
            found(end, pattern as usize);
        }
    }
}

fn is_acronym(name: &str) -> bool {
    // At least two letters, all of them capitals.
    let mut letters = 0;
    for c in name.chars().filter(|&c| is_alphabetic(c)) {
        if !is_uppercase(c) {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

impl NameIndex {
    /// Builds the index from `(name as written, tag)` pairs.
    pub fn new<'a>(names: impl IntoIterator<Item = (&'a str, u32)>) -> NameIndex {
        let mut folded_names: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut position = std::collections::HashMap::<(String, bool, bool), usize>::new();
        let mut add = |folded: String, tag: u32, acronym: bool, needs_lam: bool| {
            if folded.trim().is_empty() {
                return;
            }
            let arabic = folded.chars().next().is_some_and(is_arabic);
            let key = (folded.clone(), acronym, needs_lam);
            let at = *position.entry(key).or_insert_with(|| {
                folded_names.push(folded);
                patterns.push(Pattern {
                    tags: Vec::new(),
                    acronym,
                    needs_lam,
                    arabic,
                });
                patterns.len() - 1
            });
            if !patterns[at].tags.contains(&tag) {
                patterns[at].tags.push(tag);
            }
        };
        for (name, tag) in names {
            let folded = fold_str(name.trim());
            let acronym = is_acronym(name);
            if let Some(rest) = folded.strip_prefix("ال") {
                add(format!("ل{rest}"), tag, false, true);
            }
            add(folded, tag, acronym, false);
        }
        NameIndex {
            trie: Trie::new(&folded_names),
            patterns,
            two_byte_words: TwoByteWords::get(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Name number `pattern` found at `found` of the folded text, if it
    /// counts there: as a whole word (clitics allowed before it), and in
    /// capitals somewhere if it is an acronym.
    fn accept(
        &self,
        folded: &Folded,
        original: &str,
        found: Range<usize>,
        number: usize,
    ) -> Option<NameMatch> {
        let text = folded.text.as_str();
        let pattern = &self.patterns[number];
        if text[found.end..].chars().next().is_some_and(is_word_char) {
            return None;
        }
        let word_start = self.word_start(text, found.start, pattern)?;
        if pattern.acronym {
            let written = &original[folded.original_range(original, found.clone())];
            if !written.chars().any(|c| c.is_uppercase()) {
                return None;
            }
        }
        Some(NameMatch {
            start: found.start,
            end: found.end,
            word_start,
            pattern: number as u32,
        })
    }

    /// The tags of name number `pattern` (see [`NameMatch::pattern`]), as
    /// given to [`NameIndex::new`].
    pub fn tags(&self, pattern: u32) -> &[u32] {
        &self.patterns[pattern as usize].tags
    }

    /// Every name in `folded.text`, non-overlapping, longest first, sorted by
    /// position. `original` is the text `folded` was made from, consulted for
    /// the acronym rule.
    pub fn find(&self, folded: &Folded, original: &str) -> Vec<NameMatch> {
        let text = folded.text.as_str();
        let bytes = text.as_bytes();
        let mut candidates: Vec<NameMatch> = Vec::new();
        let mut candidate = |start: usize, end: usize, pattern: usize| {
            candidates.extend(self.accept(folded, original, start..end, pattern));
        };
        // `word_start` accepts a name only right after a character that is
        // not a word character (or at the very start), or after one to three
        // proclitics that follow such a character: those are the only
        // positions the trie is walked from.
        let n = bytes.len();
        let mut i = 0;
        // 0x80 when the character before `i` is not a word character (or
        // there is none), 0 when it is: the bit that marks the first byte of
        // a chunk as a start.
        let mut after_non_word: u64 = 0x80;
        // Whether a walk may start at a character that is not a word
        // character: not unless some name starts with one. As the high bits
        // of a chunk, for the ASCII scan.
        let walk_from_not_word = self.trie.starts_with_not_word;
        let not_word_starts = if walk_from_not_word { HIGH_BITS } else { 0 };
        while i < n {
            // Eight bytes at a time while they are ASCII: which of them are
            // not letters or digits, and so which positions follow such a
            // byte, is a few operations on the word they make. A chunk that
            // holds a non-ASCII byte still has its ASCII bytes before that
            // one read this way (accented Latin text has one every few
            // words); `ascii_not_word` is exact for them, as its carries
            // only move towards later bytes. The four more bytes read with
            // the chunk hold the prefix of a name starting at its last byte.
            // The window is borrowed, not copied, so that its bytes are read
            // from the text where they are.
            //
            // Two chunks at a time first, while both are ASCII: the loop's
            // own work, and the constants that `ascii_not_word` needs in
            // registers, then serve sixteen bytes.
            while let Some(Ok(window)) = bytes.get(i..i + 20).map(<&[u8; 20]>::try_from) {
                let low = u64::from_le_bytes([
                    window[0], window[1], window[2], window[3], window[4], window[5], window[6],
                    window[7],
                ]);
                let high = u64::from_le_bytes([
                    window[8], window[9], window[10], window[11], window[12], window[13],
                    window[14], window[15],
                ]);
                if (low | high) & HIGH_BITS != 0 {
                    break;
                }
                let low_not_word = ascii_not_word(low);
                let high_not_word = ascii_not_word(high);
                let starts =
                    (low_not_word << 8 | after_non_word) & !(low_not_word & !not_word_starts);
                self.walk_from_chunk(bytes, window, 0, i, starts, &mut candidate);
                let starts =
                    (high_not_word << 8 | low_not_word >> 56) & !(high_not_word & !not_word_starts);
                self.walk_from_chunk(bytes, window, 8, i, starts, &mut candidate);
                after_non_word = high_not_word >> 56;
                i += 16;
            }
            while let Some(Ok(window)) = bytes.get(i..i + 12).map(<&[u8; 12]>::try_from) {
                let chunk = u64::from_le_bytes([
                    window[0], window[1], window[2], window[3], window[4], window[5], window[6],
                    window[7],
                ]);
                let high = chunk & HIGH_BITS;
                let not_word = ascii_not_word(chunk);
                if high == 0 {
                    // All ASCII, the common case, tested first so that it
                    // needs no mask of the bytes to keep.
                    let starts = (not_word << 8 | after_non_word) & !(not_word & !not_word_starts);
                    self.walk_from_chunk(bytes, window, 0, i, starts, &mut candidate);
                    after_non_word = not_word >> 56;
                    i += 8;
                    continue;
                }
                // The high bit of each ASCII byte before the first other one:
                // the bits below the lowest set bit of `high`.
                let kept = high.wrapping_sub(1) & !high & HIGH_BITS;
                let not_word = not_word & kept;
                let starts =
                    (not_word << 8 | after_non_word) & kept & !(not_word & !not_word_starts);
                self.walk_from_chunk(bytes, window, 0, i, starts, &mut candidate);
                if kept != 0 {
                    // The high bit of the last ASCII byte, the highest in
                    // `kept`, moved to bit 7.
                    after_non_word = (not_word & (kept ^ kept >> 8)) >> (kept.ilog2() - 7);
                    i += (high.trailing_zeros() / 8) as usize;
                }
                break;
            }
            // A character at a time elsewhere: other scripts, the ASCII bytes
            // between their words (a space, a comma), the last few bytes.
            while i < n {
                let lead = bytes[i];
                let is_word = match lead {
                    0..0x80 => {
                        // Back to the chunks if the next byte is ASCII too,
                        // so that a lone space or comma between two words of
                        // another script is not a chunk of its own.
                        if i + 12 <= n && bytes[i + 1] < 0x80 {
                            break;
                        }
                        let is_word = lead.is_ascii_alphanumeric();
                        if after_non_word != 0 && (is_word || walk_from_not_word) {
                            self.trie
                                .matches_at(bytes, i, |end, p| candidate(i, end, p));
                        }
                        i += 1;
                        is_word
                    }
                    // A two-byte character (Arabic, Greek, Cyrillic, accented
                    // Latin), classified by its bytes: `lead` starts a
                    // character, and the text is valid UTF-8, so the next
                    // byte is its continuation.
                    0xC0..0xE0 => {
                        let is_word = self.is_two_byte_word(lead, bytes[i + 1]);
                        if after_non_word != 0 && (is_word || walk_from_not_word) {
                            self.matches_at_two_byte_start(bytes, i, &mut candidate);
                        }
                        i += 2;
                        if is_word {
                            i = self.two_byte_word_end(bytes, i);
                        }
                        is_word
                    }
                    _ => {
                        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                        let is_word = is_word_char(c);
                        if after_non_word != 0 && (is_word || walk_from_not_word) {
                            self.trie
                                .matches_at(bytes, i, |end, p| candidate(i, end, p));
                        }
                        i += c.len_utf8();
                        is_word
                    }
                };
                after_non_word = if is_word { 0 } else { 0x80 };
            }
        }
        // Candidates come by start, then by length; the overlapping automaton
        // gave them by end. `longest_first` orders them by length and start,
        // keeping the given order only among names of the same span, which
        // both give in pattern order.
        longest_first(candidates)
    }

    /// Whether `lead` and `next` start a two-byte word character. `next`
    /// must follow `lead` in the text: if `lead` starts a two-byte character,
    /// it is that character's continuation byte.
    #[inline(always)]
    fn is_two_byte_word(&self, lead: u8, next: u8) -> bool {
        self.two_byte_words.is_word(lead, next)
    }

    /// Where the run of two-byte word characters from `i` ends.
    ///
    /// The rest of a word in a two-byte script starts nothing: its
    /// characters are only classified, until one that is not a two-byte word
    /// character. The loop is out of line so that it keeps the table and the
    /// text in registers, which the scan has too many variables to spare.
    #[inline(never)]
    fn two_byte_word_end(&self, bytes: &[u8], i: usize) -> usize {
        self.two_byte_words.word_end(bytes, i)
    }

    /// Walks the trie from each start in a chunk of ASCII text that passes
    /// the prefix test. The chunk is the eight bytes of `window` from `at`,
    /// and `window` starts at `i` in `bytes`; `starts` holds the high bit of
    /// each byte of the chunk that follows a character that is not a word
    /// character. `window` holds four bytes more than the chunk, so that the
    /// prefix of each start is in it.
    #[inline(always)]
    fn walk_from_chunk<const N: usize>(
        &self,
        bytes: &[u8],
        window: &[u8; N],
        at: usize,
        i: usize,
        mut starts: u64,
        candidate: &mut impl FnMut(usize, usize, usize),
    ) {
        while starts != 0 {
            let offset = at + (starts.trailing_zeros() / 8) as usize;
            // One bounds check for the four bytes, where indexing each
            // made four. The window always holds them (it has four bytes
            // after the chunk's last); were it not to, the walk would decide.
            let may_start = window[offset..]
                .first_chunk()
                .is_none_or(|&prefix| self.trie.may_start_with(u32::from_le_bytes(prefix)));
            if may_start {
                let start = i + offset;
                self.trie
                    .walk(bytes, start, |end, p| candidate(start, end, p));
            }
            starts &= starts - 1;
        }
    }

    /// Walks the trie from `start`, where a two-byte character follows one
    /// that is not a word character, and from after each of up to three
    /// Arabic proclitics there.
    ///
    /// These are mostly the starts of Arabic words, where the first prefix
    /// test is weak: its four bytes are two letters, often the article `ال`
    /// that many names begin with. So the finer eight-byte test is the only
    /// one made, and made here, before the call to the walk; and only for
    /// the names that start with a non-ASCII byte, as `start` holds one, and
    /// after a proclitic only names in Arabic count (see `word_start`).
    fn matches_at_two_byte_start(
        &self,
        bytes: &[u8],
        start: usize,
        candidate: &mut impl FnMut(usize, usize, usize),
    ) {
        let mut at = start;
        loop {
            if self.trie.may_start_at_non_ascii(bytes, at) {
                self.trie.walk(bytes, at, |end, p| candidate(at, end, p));
            }
            if at - start == 6 || !starts_with_proclitic(&bytes[at..]) {
                break;
            }
            at += 2;
        }
    }

    /// Where the word holding a name starting at `start` begins, or `None`
    /// when the name starts inside a word.
    fn word_start(&self, text: &str, start: usize, pattern: &Pattern) -> Option<usize> {
        let before = &text[..start];
        let mut chars = before.char_indices().rev();
        let Some((i, prev)) = chars.next() else {
            return (!pattern.needs_lam).then_some(start);
        };
        if pattern.needs_lam {
            // `ل` + name without its alef, optionally after `و` or `ف`.
            if prev != 'ل' {
                return None;
            }
            return match chars.next() {
                None => Some(i),
                Some((_, c)) if !is_word_char(c) => Some(i),
                Some((j, c)) if c == 'و' || c == 'ف' => {
                    let before_clitic = text[..j].chars().next_back();
                    before_clitic.is_none_or(|c| !is_word_char(c)).then_some(j)
                }
                _ => None,
            };
        }
        if !is_word_char(prev) {
            return Some(start);
        }
        if !pattern.arabic || !ARABIC_PROCLITICS.contains(&prev) {
            return None;
        }
        // Up to two proclitics (`وب`, `فل`), then a word boundary.
        let mut word_start = i;
        for _ in 0..2 {
            match text[..word_start].char_indices().next_back() {
                None => return Some(word_start),
                Some((_, c)) if !is_word_char(c) => return Some(word_start),
                Some((j, c)) if ARABIC_PROCLITICS.contains(&c) => word_start = j,
                Some(_) => return None,
            }
        }
        text[..word_start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c))
            .then_some(word_start)
    }
}

/// Keeps the longest of overlapping candidates; ties go to the earlier one.
///
/// The kept matches never overlap, so they are held by where they start
/// (clitics included): a candidate overlaps a kept match only if it overlaps
/// the last one starting before the candidate's end. Each candidate costs a
/// logarithmic lookup, so a text with a million names (one enormous line)
/// is resolved as fast, per name, as a short article.
fn longest_first(mut candidates: Vec<NameMatch>) -> Vec<NameMatch> {
    // Most often no two candidates overlap: each ends before the next one
    // starts (clitics included). Then every one is kept, and they are
    // already in order.
    let low = |m: &NameMatch| m.word_start.min(m.start);
    if candidates.windows(2).all(|w| w[0].end <= low(&w[1])) {
        return candidates;
    }
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    // A tree, not a sorted list: a segment of one enormous line holds tens
    // of thousands of names, and inserting into the middle of a list made
    // that quadratic (a 100 MB single-line file took 60% longer).
    let mut kept: BTreeMap<usize, NameMatch> = BTreeMap::new();
    for c in candidates {
        let low = low(&c);
        let overlaps = kept
            .range(..c.end)
            .next_back()
            .is_some_and(|(_, k)| k.end > low);
        if !overlaps {
            kept.insert(low, c);
        }
    }
    let mut kept: Vec<NameMatch> = kept.into_values().collect();
    kept.sort_by_key(|k| k.start);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::fold;

    fn index() -> NameIndex {
        NameIndex::new([
            ("AUKUS", 1),
            ("ASEAN", 2),
            ("US", 3),
            ("United States", 3),
            ("Nouvelle-Zélande", 4),
            ("Zélande", 5),
            ("اليابان", 6),
            ("كوريا الجنوبية", 7),
            ("Japon", 6),
            ("Bruneï", 8),
            ("حلف الناتو", 9),
        ])
    }

    /// Renders each match as `original text=tags`.
    fn check(input: &str, expect: &[&str]) {
        let folded = fold(input);
        let index = index();
        let got: Vec<String> = index
            .find(&folded, input)
            .into_iter()
            .map(|m| {
                let r = folded.original_range(input, m.start..m.end);
                format!("{}={:?}", &input[r], index.tags(m.pattern))
            })
            .collect();
        assert_eq!(got, expect, "find({input:?})");
    }

    #[test]
    fn matches_whole_words_case_and_marks_insensitively() {
        check("Le JAPON et le Brunei.", &["JAPON=[6]", "Brunei=[8]"]);
        check("Japonais", &[]);
    }

    #[test]
    fn elided_forms_count() {
        check(
            "l'AUKUS, d’Aukus et dell'ASEAN",
            &["AUKUS=[1]", "Aukus=[1]", "ASEAN=[2]"],
        );
    }

    #[test]
    fn acronyms_never_match_all_lower_case() {
        check("Readers asked us about the US.", &["US=[3]"]);
        check("Nato and Asean", &["Asean=[2]"]);
    }

    #[test]
    fn longest_name_wins() {
        check("la Nouvelle-Zélande", &["Nouvelle-Zélande=[4]"]);
        check("the United States", &["United States=[3]"]);
    }

    #[test]
    fn arabic_clitics_count() {
        check(
            "واليابان وكوريا الجنوبية",
            &["اليابان=[6]", "كوريا الجنوبية=[7]"],
        );
        check("لليابان", &["ليابان=[6]"]);
        check("بحلف الناتو", &["حلف الناتو=[9]"]);
        check("باليابانية", &[]);
    }
    /// Every pattern's folded name, read back from the trie.
    fn trie_names(trie: &Trie) -> Vec<String> {
        fn walk(trie: &Trie, node: u32, prefix: &mut Vec<u8>, out: &mut Vec<Vec<u8>>) {
            let n = trie.nodes[node as usize];
            for &p in &trie.ends[n.ends.0 as usize..n.ends.1 as usize] {
                out[p as usize] = prefix.clone();
            }
            let edges: Vec<(u8, u32)> = if node == 0 {
                (0..=255u8)
                    .filter(|&b| trie.root[usize::from(b)] != 0)
                    .map(|b| (b, trie.root[usize::from(b)]))
                    .collect()
            } else {
                trie.edges[n.edges.0 as usize..n.edges.1 as usize].to_vec()
            };
            for (b, child) in edges {
                prefix.push(b);
                walk(trie, child, prefix, out);
                prefix.pop();
            }
        }
        let mut out = vec![Vec::new(); trie.ends.len()];
        walk(trie, 0, &mut Vec::new(), &mut out);
        out.into_iter()
            .map(|b| String::from_utf8(b).expect("names are UTF-8"))
            .collect()
    }

    /// The old search: an overlapping automaton over the whole text.
    fn find_reference(
        index: &NameIndex,
        automaton: &aho_corasick::AhoCorasick,
        folded: &Folded,
        original: &str,
    ) -> Vec<NameMatch> {
        let text = folded.text.as_str();
        let mut candidates: Vec<NameMatch> = Vec::new();
        for m in automaton.find_overlapping_iter(text) {
            candidates.extend(index.accept(folded, original, m.range(), m.pattern().as_usize()));
        }
        longest_first(candidates)
    }

    /// A name after every length of ASCII run, so that the chunked scan
    /// meets its start, and the non-ASCII characters around it, at each
    /// offset within a chunk, within a pair of chunks, and near the end of
    /// the text.
    #[test]
    fn names_are_found_at_every_offset_of_a_chunk() {
        for run in 0..40 {
            let filler = "x".repeat(run);
            for (text, expect) in [
                (format!("{filler} US"), vec!["US=[3]"]),
                (format!("{filler}é US é"), vec!["US=[3]"]),
                (format!("{filler}·Japon·"), vec!["Japon=[6]"]),
                (
                    format!("{filler}US"),
                    if run == 0 { vec!["US=[3]"] } else { vec![] },
                ),
                (
                    format!("{filler}é Bruneï, ASEAN"),
                    vec!["Bruneï=[8]", "ASEAN=[2]"],
                ),
                (format!("{filler} واليابان"), vec!["اليابان=[6]"]),
                (format!("{filler}ب لليابان ok"), vec!["ليابان=[6]"]),
                (format!("{filler}日本 Japon"), vec!["Japon=[6]"]),
                (format!("{filler} و اليابان، {filler}"), vec!["اليابان=[6]"]),
                (format!("{filler}٪اليابان٪{filler}"), vec!["اليابان=[6]"]),
                (format!("{filler} دولة اليابان"), vec!["اليابان=[6]"]),
            ] {
                check(&text, &expect);
            }
        }
    }

    #[test]
    fn proclitics_are_told_by_their_bytes() {
        for c in ('\u{80}'..'\u{800}').chain(['a', ' ', '日']) {
            let text = format!("{c}x");
            assert_eq!(
                starts_with_proclitic(text.as_bytes()),
                ARABIC_PROCLITICS.contains(&c),
                "{c:?}"
            );
        }
        assert!(!starts_with_proclitic(&[0xD9]));
    }

    #[test]
    fn two_byte_word_table_agrees_with_is_word_char() {
        let index = index();
        for c in '\u{80}'..'\u{800}' {
            let mut utf8 = [0; 2];
            c.encode_utf8(&mut utf8);
            assert_eq!(
                index.is_two_byte_word(utf8[0], utf8[1]),
                is_word_char(c),
                "{c:?}"
            );
        }
        // Neither ASCII nor the lead of a longer character starts one.
        for lead in (0..0x80).chain(0xE0..=0xFF) {
            for next in 0..=0xFF {
                assert!(!index.is_two_byte_word(lead, next), "{lead:#x} {next:#x}");
            }
        }
    }

    #[test]
    fn trie_walks_find_what_the_automaton_found() {
        let names = [
            ("AUKUS", 1),
            ("ASEAN", 2),
            ("US", 3),
            ("us", 10),
            ("United States", 3),
            ("United", 11),
            ("States", 12),
            ("Nouvelle-Zélande", 4),
            ("Zélande", 5),
            ("اليابان", 6),
            ("ليابان", 13),
            ("كوريا الجنوبية", 7),
            ("Japon", 6),
            ("Bruneï", 8),
            ("حلف الناتو", 9),
            ("الناتو", 14),
            ("ب", 15),
            ("وب", 16),
            ("'x", 17),
            ("x", 18),
            ("a-b", 19),
            ("b", 20),
        ];
        check_against_automaton(&names);
        // Without the Arabic names shorter than eight bytes, which the test
        // at the starts of Arabic words only looks for when there are some.
        let long_arabic: Vec<(&str, u32)> = names
            .iter()
            .copied()
            .filter(|(name, _)| name.is_ascii() || name.len() >= 8)
            .collect();
        check_against_automaton(&long_arabic);
    }

    /// Compares `find` with `find_reference` on random texts made of
    /// pieces that hold these names and the characters around them.
    fn check_against_automaton(names: &[(&str, u32)]) {
        let index = NameIndex::new(names.iter().copied());
        assert_eq!(trie_names(&index.trie).len(), index.patterns.len());
        let automaton = aho_corasick::AhoCorasickBuilder::new()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(trie_names(&index.trie))
            .expect("a small automaton builds");
        let pieces = [
            "AUKUS",
            "aukus",
            "Aukus",
            "US",
            "us",
            "United States",
            "United",
            "States",
            "la ",
            "Nouvelle-Zélande",
            "Zélande",
            "اليابان",
            "ليابان",
            "ل",
            "و",
            "ف",
            "ب",
            "ك",
            "كوريا الجنوبية",
            "حلف الناتو",
            "الناتو",
            "JAPON",
            "Japonais",
            " ",
            ", ",
            "l'",
            "d’",
            "-",
            "x",
            "'",
            "a",
            "b",
            "é",
            "2",
            "Bruneï",
            "ASEAN",
            "\n",
            // Characters that are not words in two and three bytes, and
            // runs long enough for the scan's eight-byte chunks.
            "·",
            "€",
            "日本",
            "Ωx",
            "\u{a0}",
            "the meeting ended ",
            "وقال المسؤولون ",
            // A two-byte character that is not a word character, and Arabic
            // words long enough to fill chunks.
            "٪",
            "والمملكة",
            "في",
        ];
        let mut seed = 3u32;
        for _ in 0..20000 {
            let mut input = String::new();
            for _ in 0..(seed % 16) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                input.push_str(pieces[(seed >> 8) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let folded = fold(&input);
            assert_eq!(
                index.find(&folded, &input),
                find_reference(&index, &automaton, &folded, &input),
                "find({input:?})"
            );
        }
    }
}
