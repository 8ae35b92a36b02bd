//! Rules out, for a whole sentence, the patterns that cannot match in it.
//!
//! Every pattern states what a sentence must hold for it to match (its
//! [`Need`] clauses: a word, one of a group's words, an organization, a
//! number). A pack's needs and distinct clauses are numbered once; a
//! sentence's words and fillers then mark the clauses they meet, and a
//! pattern runs only when each of its clauses is marked. Most sentences that
//! name an entity are read by a handful of patterns, so this spares the VM
//! almost every run.

use std::cell::OnceCell;
use std::collections::HashMap;

use super::lattice::SentenceLattice;
use super::vocabulary::Vocabulary;
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

/// The slots an entity mention fills.
const ENTITY_SLOTS: [SlotKind; 5] = [
    SlotKind::Member,
    SlotKind::Members,
    SlotKind::Organization,
    SlotKind::Person,
    SlotKind::Of,
];

fn slot_feature(kind: SlotKind) -> u16 {
    SLOTS.iter().position(|&k| k == kind).unwrap_or(0) as u16
}

/// The numbered needs of one pack and each pattern's clauses over them.
pub struct NeedIndex<'r> {
    prefixes: Vec<(&'r str, u16)>,
    /// The feature number of each punctuation mark a pattern needs.
    puncts: Vec<(char, u16)>,
    /// The distinct clauses of the pack's patterns are numbered; these are
    /// the numbers of the clauses each feature meets, feature after feature
    /// (`clauses_of[feature_ends[f - 1]..feature_ends[f]]` for feature `f`).
    /// A sentence holds a few features, each in a few clauses, so marking
    /// the clauses of the features present costs far less than testing
    /// every clause.
    clauses_of: Vec<u32>,
    feature_ends: Vec<u32>,
    /// How many `u64` words a set of clause numbers takes.
    clause_width: usize,
    /// The clauses each word of the vocabulary meets, by itself and by the
    /// prefixes it starts with (`clause_width` words from `clause_width ×
    /// word number`), and those each slot kind meets (in the order of
    /// [`SLOTS`]): a token then marks its clauses with one union of sets.
    word_clauses: Vec<u64>,
    slot_clauses: Vec<u64>,
    /// The clauses met by each combination of the slots of
    /// [`ENTITY_SLOTS`] (bit `k` for the `k`th), as
    /// [`SentenceLattice::entity_fills_at`] gives them: a token where a
    /// mention starts marks them with one union.
    entity_fill_clauses: Vec<u64>,
    /// For each pattern of the pack, in order: the set of its clauses
    /// (`clause_width` words from `clause_width × pattern`).
    pattern_clauses: Vec<u64>,
    /// For each pattern, whether one clause is a number alone, which is then
    /// checked for real (see [`Features::number`]).
    needs_number: Vec<bool>,
    /// For each pattern, the clauses a match meets one after the other, in
    /// the pattern's order: every element a clause stands for takes tokens
    /// after those of the elements before it, so a sentence whose tokens do
    /// not meet these clauses in this order cannot match, even if it holds
    /// each of them somewhere. Clauses with a number are left out (numbers
    /// are not read token by token here), and so are all of a pattern with
    /// an antecedent, which is found before the match.
    in_order: Vec<Vec<u32>>,
    /// For each pattern, the clause the first token of every match meets,
    /// if there is one (see [`crate::lang::vm::Program`]'s
    /// `first_token_meets_first_need`).
    first_clause: Vec<Option<u32>>,
}

/// The feature number of a word no pattern needs.
const NO_FEATURE: u16 = u16::MAX;

/// Which clauses one sentence meets, as a whole and token by token. The
/// caller keeps one from sentence to sentence, so that its lists are
/// allocated once (see [`NeedIndex::features`]).
#[derive(Default)]
pub struct Features {
    /// The clauses each token meets, `clause_width` words per token.
    met_at: Vec<u64>,
    /// The clauses met, by clause number: patterns share most clauses
    /// (`{org}`, `(member|members|...)`), so each is tested once per sentence
    /// and a pattern is then one comparison of bit sets.
    met: Vec<u64>,
    /// Whether a number is written. The number feature is always taken as
    /// present: whether it is is worked out only for a pattern that needs
    /// one and meets every other clause, because reading numbers at every
    /// token costs more than the other features together.
    number: OnceCell<bool>,
}

fn set(bits: &mut [u64], feature: usize) {
    bits[feature / 64] |= 1 << (feature % 64);
}

impl<'r> NeedIndex<'r> {
    pub fn new(pack: &'r Pack, vocabulary: &Vocabulary<'r>) -> NeedIndex<'r> {
        // The feature number of each word of the vocabulary, or
        // `NO_FEATURE` for words no pattern needs; slots take the first
        // numbers.
        let mut word_features = vec![NO_FEATURE; vocabulary.len()];
        let mut prefixes: Vec<(&'r str, u16)> = Vec::new();
        let mut puncts: Vec<(char, u16)> = Vec::new();
        let mut count = SLOTS.len();
        let mut number = |need: &'r Need| -> u16 {
            let next = count as u16;
            let feature = match need {
                Need::Slot(kind) => return slot_feature(*kind),
                Need::Word(word) => {
                    // Every need word is in the vocabulary, which numbers
                    // them from the same patterns.
                    let slot = &mut word_features[vocabulary.id(word) as usize];
                    if *slot == NO_FEATURE {
                        *slot = next;
                    }
                    *slot
                }
                Need::Prefix(prefix) => match prefixes.iter().find(|(p, _)| p == prefix) {
                    Some(&(_, feature)) => feature,
                    None => {
                        prefixes.push((prefix.as_str(), next));
                        next
                    }
                },
                Need::Punct(c) => match puncts.iter().find(|(p, _)| p == c) {
                    Some(&(_, feature)) => feature,
                    None => {
                        puncts.push((*c, next));
                        next
                    }
                },
            };
            if feature == next {
                count += 1;
            }
            feature
        };
        // Each pattern's clauses as sorted feature lists.
        let numbered: Vec<Vec<Vec<u16>>> = pack
            .patterns
            .iter()
            .map(|p| {
                p.program
                    .needs
                    .iter()
                    .map(|clause| {
                        let mut features: Vec<u16> = clause.iter().map(&mut number).collect();
                        features.sort_unstable();
                        features.dedup();
                        features
                    })
                    .collect()
            })
            .collect();
        let mut clause_numbers: HashMap<&[u16], usize> = HashMap::new();
        let mut features_clauses: Vec<Vec<u32>> = vec![Vec::new(); count];
        let by_pattern: Vec<Vec<usize>> = numbered
            .iter()
            .map(|clauses| {
                clauses
                    .iter()
                    .map(|clause| {
                        let next = clause_numbers.len();
                        let number = *clause_numbers.entry(clause).or_insert(next);
                        if number == next {
                            for &feature in clause {
                                features_clauses[usize::from(feature)].push(number as u32);
                            }
                        }
                        number
                    })
                    .collect()
            })
            .collect();
        let mut clauses_of = Vec::new();
        let mut feature_ends = Vec::with_capacity(count);
        for clauses in features_clauses {
            clauses_of.extend(clauses);
            feature_ends.push(clauses_of.len() as u32);
        }
        let clause_width = clause_numbers.len().div_ceil(64).max(1);
        let mut pattern_clauses = vec![0; clause_width * by_pattern.len()];
        for (p, clauses) in by_pattern.iter().enumerate() {
            let set_of = &mut pattern_clauses[p * clause_width..(p + 1) * clause_width];
            clauses.iter().for_each(|&c| set(set_of, c));
        }
        let number_alone = vec![slot_feature(SlotKind::Number)];
        let needs_number = numbered
            .iter()
            .map(|clauses| clauses.contains(&number_alone))
            .collect();
        let number = slot_feature(SlotKind::Number);
        let in_order = numbered
            .iter()
            .zip(&by_pattern)
            .zip(&pack.patterns)
            .map(|((clauses, numbers), pattern)| {
                if pattern.program.has_antecedent {
                    return Vec::new();
                }
                clauses
                    .iter()
                    .zip(numbers)
                    .filter(|(clause, _)| !clause.contains(&number))
                    .map(|(_, &n)| n as u32)
                    .collect()
            })
            .collect();
        let first_clause = by_pattern
            .iter()
            .zip(&pack.patterns)
            .map(|(numbers, pattern)| {
                let first = numbers
                    .first()
                    .filter(|_| pattern.program.first_token_meets_first_need);
                first.map(|&n| n as u32)
            })
            .collect();
        let mut index = NeedIndex {
            prefixes,
            puncts,
            clauses_of,
            feature_ends,
            clause_width,
            word_clauses: vec![0; clause_width * vocabulary.len()],
            slot_clauses: vec![0; clause_width * SLOTS.len()],
            entity_fill_clauses: vec![0; clause_width << ENTITY_SLOTS.len()],
            pattern_clauses,
            needs_number,
            in_order,
            first_clause,
        };
        let mut word_clauses = std::mem::take(&mut index.word_clauses);
        for (word, id) in vocabulary.words() {
            let row = &mut word_clauses[id as usize * clause_width..][..clause_width];
            if let Some(&feature) = word_features.get(id as usize)
                && feature != NO_FEATURE
            {
                index.mark(row, feature);
            }
            for &(prefix, feature) in &index.prefixes {
                if word.starts_with(prefix) {
                    index.mark(row, feature);
                }
            }
        }
        index.word_clauses = word_clauses;
        let mut slot_clauses = std::mem::take(&mut index.slot_clauses);
        for (row, kind) in slot_clauses.chunks_exact_mut(clause_width).zip(SLOTS) {
            index.mark(row, slot_feature(kind));
        }
        index.slot_clauses = slot_clauses;
        let mut entity_fill_clauses = std::mem::take(&mut index.entity_fill_clauses);
        for (fills, row) in entity_fill_clauses
            .chunks_exact_mut(clause_width)
            .enumerate()
        {
            for (k, kind) in ENTITY_SLOTS.into_iter().enumerate() {
                if fills & (1 << k) != 0 {
                    index.mark_slot(row, kind);
                }
            }
        }
        index.entity_fill_clauses = entity_fill_clauses;
        index
    }

    /// Adds the clauses of `clauses` to `met`.
    fn mark_all(met: &mut [u64], clauses: &[u64]) {
        met.iter_mut().zip(clauses).for_each(|(m, c)| *m |= c);
    }

    /// Marks in `met` the clauses that a filler of `kind` meets.
    fn mark_slot(&self, met: &mut [u64], kind: SlotKind) {
        let width = self.clause_width;
        let k = usize::from(slot_feature(kind));
        Self::mark_all(met, &self.slot_clauses[k * width..][..width]);
    }

    /// Marks in `met` the clauses that `feature` meets.
    fn mark(&self, met: &mut [u64], feature: u16) {
        let feature = usize::from(feature);
        let start = match feature {
            0 => 0,
            f => self.feature_ends[f - 1] as usize,
        };
        for &clause in &self.clauses_of[start..self.feature_ends[feature] as usize] {
            set(met, clause as usize);
        }
    }

    /// Marks in `met` the clauses the token at `at` meets: a word by itself
    /// (numbered by the pack's vocabulary) and by the prefixes it starts
    /// with, a punctuation mark by itself.
    fn mark_word(&self, lattice: &SentenceLattice<'_>, at: usize, met: &mut [u64]) {
        if let Some(c) = lattice.punct(at) {
            if let Some(&(_, feature)) = self.puncts.iter().find(|&&(p, _)| p == c) {
                self.mark(met, feature);
            }
            return;
        }
        let width = self.clause_width;
        let id = lattice
            .word_ids()
            .get(at)
            .map_or(usize::MAX, |&id| id as usize);
        if let Some(clauses) = self.word_clauses.get(id.saturating_mul(width)..) {
            Self::mark_all(met, &clauses[..width]);
        } else if !self.prefixes.is_empty()
            && let Some(word) = lattice.word(at)
        {
            for &(prefix, feature) in &self.prefixes {
                if word.starts_with(prefix) {
                    self.mark(met, feature);
                }
            }
        }
    }

    /// The clauses each token of the sentence meets: by its word, and by
    /// the slots a filler starting there can fill (numbers aside).
    fn met_at(&self, lattice: &SentenceLattice<'_>, met: &mut Vec<u64>) {
        let width = self.clause_width;
        met.clear();
        met.resize(lattice.len() * width, 0);
        for (at, row) in met.chunks_exact_mut(width).enumerate() {
            self.mark_word(lattice, at, row);
        }
        // An entity slot is filled where a mention starts, or by the mention
        // right after a classifier noun; a role slot where a role phrase
        // starts. Those few tokens are marked from the mentions and roles,
        // instead of asking at every token.
        let mut mark_fills = |at: usize| {
            let fills = lattice.entity_fills_at(at, &ENTITY_SLOTS) as usize;
            if fills != 0 {
                let row = &mut met[at * width..][..width];
                Self::mark_all(row, &self.entity_fill_clauses[fills * width..][..width]);
            }
        };
        for mention in lattice.mentions {
            mark_fills(mention.first);
            if let Some(before) = mention.first.checked_sub(1) {
                mark_fills(before);
            }
        }
        for role in lattice.roles {
            self.mark_slot(&mut met[role.first * width..][..width], SlotKind::Role);
        }
    }

    /// Whether the sentence's tokens meet the clauses of `pattern` one
    /// after the other (see [`NeedIndex::in_order`]).
    fn met_in_order(&self, pattern: usize, met_at: &[u64]) -> bool {
        let width = self.clause_width;
        let mut rows = met_at.chunks_exact(width);
        self.in_order[pattern].iter().all(|&clause| {
            let (word, bit) = (clause as usize / 64, 1 << (clause % 64));
            rows.any(|row| row[word] & bit != 0)
        })
    }

    /// Whether a match of `pattern` may start at token `at`: `false` when
    /// the token does not meet the clause every match's first token meets.
    pub fn may_start_at(&self, pattern: usize, features: &Features, at: usize) -> bool {
        match self.first_clause[pattern] {
            None => true,
            Some(clause) => {
                let word = at * self.clause_width + clause as usize / 64;
                features
                    .met_at
                    .get(word)
                    .is_some_and(|w| w & (1 << (clause % 64)) != 0)
            }
        }
    }

    /// Whether `pattern` can still match in the tokens from `from` on: a
    /// match found there takes every token of its ordered clauses at or
    /// after `from`. Once a pattern has matched, this spares the search
    /// for another match in the rest of the sentence, which most often
    /// holds nothing.
    pub fn may_match_from(&self, pattern: usize, features: &Features, from: usize) -> bool {
        if self.in_order[pattern].is_empty() {
            return true;
        }
        self.met_in_order(pattern, &features.met_at[from * self.clause_width..])
    }

    /// Works out into `features` (whatever it held before is dropped) the
    /// features of a sentence: its words (numbered by the pack's
    /// vocabulary), the slots its mentions and role phrases can fill, and
    /// the clauses these meet, token by token and in all.
    pub fn features(&self, lattice: &SentenceLattice<'_>, features: &mut Features) {
        // The sentence meets what its tokens meet, and a number is taken as
        // present (see `Features::number`). Most sentences go on to the
        // ordered test of some pattern, so the clauses of each token are
        // worked out here once, rather than token by token again later.
        let Features {
            met_at,
            met,
            number,
        } = features;
        self.met_at(lattice, met_at);
        met.clear();
        met.resize(self.clause_width, 0);
        for row in met_at.chunks_exact(self.clause_width) {
            met.iter_mut().zip(row).for_each(|(all, at)| *all |= at);
        }
        self.mark_slot(met, SlotKind::Number);
        *number = OnceCell::new();
    }

    /// The numbers of the patterns of the pack that can match a sentence
    /// with these features, in order.
    pub fn candidates<'a>(
        &'a self,
        features: &'a Features,
        lattice: &'a SentenceLattice<'_>,
    ) -> impl Iterator<Item = usize> + 'a {
        // Every pattern's clauses are tested together as bit sets, in one
        // pass; the order and the number are worked out for those left.
        self.pattern_clauses
            .chunks_exact(self.clause_width)
            .enumerate()
            .filter(|(_, needed)| {
                needed
                    .iter()
                    .zip(&features.met)
                    .all(|(need, met)| need & !met == 0)
            })
            .map(|(pattern, _)| pattern)
            // The order is tested first: reading numbers costs more.
            .filter(move |&pattern| {
                (self.in_order[pattern].len() < 2 || self.met_in_order(pattern, &features.met_at))
                    && (!self.needs_number[pattern]
                        || *features.number.get_or_init(|| {
                            (0..lattice.len()).any(|at| lattice.number_at(at).is_some())
                        }))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::lattice::LatticeBuffers;
    use crate::claims::lexicon::Lexicon;
    use crate::claims::vocabulary::NumberedWords;
    use crate::lang::Packs;
    use crate::rules::{RuleSource, load};
    use crate::text::fold::fold;
    use crate::text::tokens::tokenize;

    /// The patterns of the built-in English pack that the needs let run on
    /// `sentence` from token `from` on, as the pattern texts that contain
    /// `pick`, in pack order.
    fn check(sentence: &str, from: usize, pick: &str, expect: &[&str]) {
        let rules = load(&[RuleSource::Builtin]).unwrap();
        let packs = Packs::builtin_only("en");
        let pack = packs.get("en").unwrap();
        let vocabulary = Vocabulary::new(pack);
        let needs = NeedIndex::new(pack, &vocabulary);
        let lexicon = Lexicon::new(&rules);
        let folded = fold(sentence);
        let names = lexicon.index.find(&folded, sentence);
        let text = folded.text.as_str();
        let mut tokens = Vec::new();
        tokenize(text, 0..text.len(), &mut tokens);
        let mut ids = Vec::new();
        vocabulary.number_tokens(&tokens, text, &mut ids);
        let words = NumberedWords {
            ids: &ids,
            vocabulary: &vocabulary,
        };
        let mut buffers = LatticeBuffers::default();
        let lattice = SentenceLattice::new(
            text,
            &tokens,
            pack,
            &lexicon,
            &names,
            "en",
            words,
            &mut buffers,
        );
        let mut features = Features::default();
        needs.features(&lattice, &mut features);
        let got: Vec<&str> = needs
            .candidates(&features, &lattice)
            .filter(|&p| needs.may_match_from(p, &features, from))
            .map(|p| pack.patterns[p].text.as_str())
            .filter(|text| text.contains(pick))
            .collect();
        assert_eq!(got, expect, "{sentence:?} from {from}");
    }

    #[test]
    fn a_pattern_runs_only_where_its_words_slots_and_punctuation_come_in_order() {
        let not_member = "{members} (is|are) not [a|an] (member|part) of [the] {org}";
        check(
            "Japan is not a member of NATO.",
            0,
            "not [a|an] (member|part)",
            &[not_member],
        );
        // The comma of `{member} , not a member of` is needed like a word.
        check(
            "Japan, not a member of NATO, said no.",
            0,
            "not [a|an] (member|part)",
            &["{member} , not [a|an] (member|part) of [the] {org}"],
        );
        // In the wrong order, the words meet no pattern.
        check(
            "A member of NATO is not Japan.",
            0,
            "not [a|an] (member|part)",
            &[],
        );
    }

    #[test]
    fn after_a_match_a_pattern_runs_again_only_if_the_rest_can_match() {
        let not_member = "{members} (is|are) not [a|an] (member|part) of [the] {org}";
        let sentence = "Japan is not a member of NATO and Canada is not a member of AUKUS.";
        check(sentence, 0, "not [a|an] (member|part)", &[not_member]);
        check(sentence, 7, "not [a|an] (member|part)", &[not_member]);
        check(sentence, 9, "not [a|an] (member|part)", &[]);
    }
}
