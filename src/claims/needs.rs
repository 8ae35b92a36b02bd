//! Rules out, for a whole sentence, the patterns that cannot match in it.
//!
//! Every pattern states what a sentence must hold for it to match (its
//! [`Need`] clauses: a word, one of a group's words, an organization, a
//! number). A pack's needs are numbered once; a sentence's words and
//! fillers then become one bit set, and a pattern runs only when each of its
//! clauses has a bit in it. Most sentences that name an entity are read by
//! a handful of patterns, so this spares the VM almost every run.

use std::cell::OnceCell;
use std::collections::HashMap;

use foldhash::fast::RandomState;

use super::lattice::SentenceLattice;
use crate::lang::Pack;
use crate::lang::pattern::SlotKind;
use crate::lang::vm::{Lattice, Need};

/// The slot kinds, in the order of their feature numbers.
const SLOTS: [SlotKind; 7] = [
    SlotKind::Member,
    SlotKind::Members,
    SlotKind::Organization,
    SlotKind::Number,
    SlotKind::Person,
    SlotKind::Role,
    SlotKind::Of,
];

fn slot_feature(kind: SlotKind) -> u16 {
    SLOTS.iter().position(|&k| k == kind).unwrap_or(0) as u16
}

/// The numbered needs of one pack and each pattern's clauses over them.
pub struct NeedIndex<'r> {
    /// Feature numbers of plain words; slots take the first numbers.
    words: HashMap<&'r str, u16, RandomState>,
    prefixes: Vec<(&'r str, u16)>,
    /// How many features there are.
    count: usize,
    /// For each pattern of the pack, in order, its clauses.
    clauses: Vec<Vec<Vec<u16>>>,
}

/// What one sentence holds, as feature bits.
pub struct Features {
    bits: Vec<u64>,
    /// Whether a number is written in the sentence, worked out the first
    /// time a pattern that needs one asks: reading numbers at every token
    /// costs more than the other features together.
    number: OnceCell<bool>,
}

impl Features {
    fn set(&mut self, feature: u16) {
        self.bits[usize::from(feature) / 64] |= 1 << (feature % 64);
    }

    fn has(&self, feature: u16) -> bool {
        self.bits[usize::from(feature) / 64] & (1 << (feature % 64)) != 0
    }
}

impl<'r> NeedIndex<'r> {
    pub fn new(pack: &'r Pack) -> NeedIndex<'r> {
        let mut index = NeedIndex {
            words: HashMap::default(),
            prefixes: Vec::new(),
            count: SLOTS.len(),
            clauses: Vec::with_capacity(pack.patterns.len()),
        };
        for pattern in &pack.patterns {
            let clauses = pattern
                .program
                .needs
                .iter()
                .map(|clause| clause.iter().map(|need| index.number(need)).collect())
                .collect();
            index.clauses.push(clauses);
        }
        index
    }

    fn number(&mut self, need: &'r Need) -> u16 {
        let next = self.count as u16;
        let feature = match need {
            Need::Slot(kind) => return slot_feature(*kind),
            Need::Word(word) => *self.words.entry(word.as_str()).or_insert(next),
            Need::Prefix(prefix) => match self.prefixes.iter().find(|(p, _)| p == prefix) {
                Some(&(_, feature)) => feature,
                None => {
                    self.prefixes.push((prefix.as_str(), next));
                    next
                }
            },
        };
        if feature == next {
            self.count += 1;
        }
        feature
    }

    /// The features of a sentence: its words, and the slots its mentions,
    /// numbers and role phrases can fill.
    pub fn features(&self, lattice: &SentenceLattice<'_>) -> Features {
        let mut features = Features {
            bits: vec![0; self.count.div_ceil(64)],
            number: OnceCell::new(),
        };
        for at in 0..lattice.len() {
            let Some(word) = lattice.word(at) else {
                continue;
            };
            if let Some(&feature) = self.words.get(word) {
                features.set(feature);
            }
            for &(prefix, feature) in &self.prefixes {
                if word.starts_with(prefix) {
                    features.set(feature);
                }
            }
        }
        for kind in SLOTS {
            if kind != SlotKind::Number && lattice.could_fill(kind) {
                features.set(slot_feature(kind));
            }
        }
        features
    }

    /// Whether pattern number `pattern` of the pack can match a sentence
    /// with these features.
    pub fn may_match(
        &self,
        pattern: usize,
        features: &Features,
        lattice: &SentenceLattice<'_>,
    ) -> bool {
        let number = slot_feature(SlotKind::Number);
        self.clauses[pattern].iter().all(|clause| {
            clause.iter().any(|&f| {
                if f == number {
                    *features.number.get_or_init(|| {
                        (0..lattice.len()).any(|at| lattice.number_at(at).is_some())
                    })
                } else {
                    features.has(f)
                }
            })
        })
    }
}
