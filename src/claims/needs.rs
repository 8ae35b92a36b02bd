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
use std::ops::Range;

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
    /// How many `u64` words a feature set takes.
    width: usize,
    /// Every clause as a feature set, `width` words each: a clause holds
    /// when it shares a bit with the sentence.
    masks: Vec<u64>,
    /// For each pattern of the pack, in order: its range of clauses in
    /// `masks` (counted in clauses), and whether one clause is a number
    /// alone, which is then checked for real (see [`Features::number`]).
    patterns: Vec<(Range<usize>, bool)>,
}

/// What one sentence holds, as feature bits.
pub struct Features {
    /// The number bit is always set: whether a number is written is worked
    /// out only for a pattern that needs one and meets every other clause,
    /// because reading numbers at every token costs more than the other
    /// features together.
    bits: Vec<u64>,
    number: OnceCell<bool>,
}

fn set(bits: &mut [u64], feature: u16) {
    bits[usize::from(feature) / 64] |= 1 << (feature % 64);
}

impl<'r> NeedIndex<'r> {
    pub fn new(pack: &'r Pack) -> NeedIndex<'r> {
        let mut words = HashMap::default();
        let mut prefixes: Vec<(&'r str, u16)> = Vec::new();
        let mut count = SLOTS.len();
        let mut number = |need: &'r Need| -> u16 {
            let next = count as u16;
            let feature = match need {
                Need::Slot(kind) => return slot_feature(*kind),
                Need::Word(word) => *words.entry(word.as_str()).or_insert(next),
                Need::Prefix(prefix) => match prefixes.iter().find(|(p, _)| p == prefix) {
                    Some(&(_, feature)) => feature,
                    None => {
                        prefixes.push((prefix.as_str(), next));
                        next
                    }
                },
            };
            if feature == next {
                count += 1;
            }
            feature
        };
        let numbered: Vec<Vec<Vec<u16>>> = pack
            .patterns
            .iter()
            .map(|p| {
                p.program
                    .needs
                    .iter()
                    .map(|clause| clause.iter().map(&mut number).collect())
                    .collect()
            })
            .collect();
        let width = count.div_ceil(64);
        let number_alone = vec![slot_feature(SlotKind::Number)];
        let mut masks = Vec::new();
        let mut patterns = Vec::with_capacity(numbered.len());
        for clauses in numbered {
            let first = masks.len() / width;
            for clause in &clauses {
                let mut mask = vec![0; width];
                clause.iter().for_each(|&f| set(&mut mask, f));
                masks.extend(mask);
            }
            patterns.push((
                first..first + clauses.len(),
                clauses.contains(&number_alone),
            ));
        }
        NeedIndex {
            words,
            prefixes,
            width,
            masks,
            patterns,
        }
    }

    /// The features of a sentence: its words, and the slots its mentions
    /// and role phrases can fill.
    pub fn features(&self, lattice: &SentenceLattice<'_>) -> Features {
        let mut bits = vec![0; self.width];
        for at in 0..lattice.len() {
            let Some(word) = lattice.word(at) else {
                continue;
            };
            if let Some(&feature) = self.words.get(word) {
                set(&mut bits, feature);
            }
            for &(prefix, feature) in &self.prefixes {
                if word.starts_with(prefix) {
                    set(&mut bits, feature);
                }
            }
        }
        for kind in SLOTS {
            if kind == SlotKind::Number || lattice.could_fill(kind) {
                set(&mut bits, slot_feature(kind));
            }
        }
        Features {
            bits,
            number: OnceCell::new(),
        }
    }

    /// Whether pattern number `pattern` of the pack can match a sentence
    /// with these features.
    pub fn may_match(
        &self,
        pattern: usize,
        features: &Features,
        lattice: &SentenceLattice<'_>,
    ) -> bool {
        let (clauses, needs_number) = &self.patterns[pattern];
        let all_met = clauses.clone().all(|c| {
            let mask = &self.masks[c * self.width..(c + 1) * self.width];
            mask.iter().zip(&features.bits).any(|(m, b)| m & b != 0)
        });
        all_met
            && (!needs_number
                || *features
                    .number
                    .get_or_init(|| (0..lattice.len()).any(|at| lattice.number_at(at).is_some())))
    }
}
