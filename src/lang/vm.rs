//! Runs compiled patterns over a sentence in linear time.
//!
//! Patterns compile to a small instruction program run as a Pike VM: all
//! alternatives advance together, one thread per instruction and position,
//! so matching a sentence of `n` tokens costs `O(n × program length)`
//! whatever the pattern. Nothing is backtracked and no regex is built from
//! pack text.
//!
//! The VM does not know what an entity is: a [`Lattice`] tells it, at each
//! token, which words, punctuation and slot fillers start there.

use super::pattern::{Element, SlotKind};

/// A word of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternWord {
    pub text: String,
    /// Written with `*`: any word that starts with `text`.
    pub prefix: bool,
    /// The word's number in the vocabulary of the pack that runs the
    /// program (see [`Program::number_words`]), or [`UNNUMBERED`]: a numbered
    /// word is compared by number with [`Lattice::word_id`], which costs one
    /// comparison instead of one of strings.
    pub id: u32,
}

/// The number of a word no vocabulary has numbered.
pub const UNNUMBERED: u32 = u32::MAX;

impl PatternWord {
    fn new(text: &str, prefix: bool) -> PatternWord {
        PatternWord {
            text: text.to_string(),
            prefix,
            id: UNNUMBERED,
        }
    }

    /// Whether the token at `at` is this word.
    pub fn is_at<L: Lattice>(&self, lattice: &L, at: usize) -> bool {
        if self.id == UNNUMBERED || self.prefix {
            lattice
                .word(at)
                .is_some_and(|w| word_matches(w, &self.text, self.prefix))
        } else {
            lattice.word_id(at) == self.id
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inst {
    Word(PatternWord),
    Punct(char),
    /// One of several phrases of plain words (`(member|member states)`),
    /// or none of them when `optional`. A group of words compiles to this
    /// one instruction rather than to a split per alternative, because the
    /// VM pays for every thread it steps and such groups are everywhere.
    Phrases {
        phrases: Vec<Vec<PatternWord>>,
        optional: bool,
        /// The number of each phrase's first word, in the order of
        /// `phrases`, or [`UNNUMBERED`] when it has none (not numbered yet,
        /// or written with `*`). A group may hold a dozen phrases, each a
        /// list of words elsewhere in memory: the token's number is
        /// compared with this one list first, and only the phrases whose
        /// first word it is, or may be, are read.
        first_words: Vec<u32>,
    },
    Slot(SlotKind),
    Antecedent(SlotKind),
    /// Any word token (gaps).
    AnyWord,
    /// A word that may stand before a list element (`le`, `the sultanate of`).
    ListFiller,
    /// A list conjunction (`et`, `and`, `و`).
    ListConjunction,
    /// A member appended to the list capture.
    ListItem,
    /// Consumes nothing; passes at the end of the sentence.
    End,
    /// Consumes nothing; passes when the mention here carries a glued
    /// conjunction (Arabic `وكوريا`: `و` + `كوريا`), which separates list
    /// items like a written one.
    GluedConjunction,
    Split(usize, usize),
    Jmp(usize),
    Match,
}

impl Inst {
    /// The words the instruction matches, if it matches words.
    pub fn words(&self) -> impl Iterator<Item = &PatternWord> {
        let (word, phrases) = match self {
            Inst::Word(word) => (Some(word), None),
            Inst::Phrases { phrases, .. } => (None, Some(phrases)),
            _ => (None, None),
        };
        word.into_iter()
            .chain(phrases.into_iter().flatten().flatten())
    }
}

/// Something a sentence must hold somewhere for a pattern to match in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Need {
    /// This folded word.
    Word(String),
    /// A word starting with this (a pattern word written with `*`).
    Prefix(String),
    /// This punctuation mark (`{member} , ...`).
    Punct(char),
    /// Something that can fill this slot.
    Slot(SlotKind),
}

/// A compiled pattern.
#[derive(Debug, Clone, Default)]
pub struct Program {
    pub insts: Vec<Inst>,
    /// What every match needs, as clauses that must all hold, each met by
    /// any one of its needs: `{org} (has|counts) {n}` needs an organization,
    /// `has` or `counts`, and a number. Callers test them on a whole
    /// sentence first, so that most patterns never run on most sentences.
    pub needs: Vec<Vec<Need>>,
    /// Whether every match's first token meets the first clause of
    /// `needs`: callers may then skip the start positions whose token does
    /// not.
    pub first_token_meets_first_need: bool,
    /// The instructions that can consume a match's first token: those
    /// reachable from the start through jumps, splits and antecedents.
    /// Callers test them to skip start positions where nothing can match.
    pub first: Vec<Inst>,
    /// Whether a match may begin with an instruction that consumes nothing
    /// and depends on more than one token (the end anchor, or an empty
    /// match), so that no start position can be ruled out.
    pub starts_anywhere: bool,
    /// Whether the program takes an antecedent, whose filler depends on
    /// where the match opened (see [`search`]).
    pub has_antecedent: bool,
}

/// How many filler words may precede a list element.
pub const LIST_FILLER: usize = 3;

impl Program {
    pub fn compile(elements: &[Element]) -> Program {
        let mut program = Program::default();
        match elements.split_first() {
            // Fillers before a list that opens the pattern are not part of
            // the match's span, and the search tries every start anyway, so
            // they would only start the same match again from each of the
            // words before it.
            Some((Element::Slot(SlotKind::Members), rest)) => {
                program.emit_list(false);
                program.emit_sequence(rest);
            }
            _ => program.emit_sequence(elements),
        }
        program.insts.push(Inst::Match);
        program.find_first();
        program.needs = needs(elements);
        program.first_token_meets_first_need = elements
            .first()
            .is_some_and(|first| takes_first_token_with_need(first, true));
        program.has_antecedent = program
            .insts
            .iter()
            .any(|inst| matches!(inst, Inst::Antecedent(_)));
        program
    }

    /// Numbers every plain word of the program (prefixes are compared as
    /// text) with `number`, which gives [`UNNUMBERED`] for a word it does
    /// not know; the lattice the program then runs over must number its
    /// tokens the same way.
    pub fn number_words(&mut self, number: &mut dyn FnMut(&str) -> u32) {
        let mut number_one = |word: &mut PatternWord| {
            if !word.prefix {
                word.id = number(&word.text);
            }
        };
        for inst in self.insts.iter_mut().chain(self.first.iter_mut()) {
            match inst {
                Inst::Word(word) => number_one(word),
                Inst::Phrases {
                    phrases,
                    first_words,
                    ..
                } => {
                    phrases.iter_mut().flatten().for_each(&mut number_one);
                    *first_words = first_words_of(phrases);
                }
                _ => {}
            }
        }
    }

    /// Fills `first` and `starts_anywhere` by walking every path from the
    /// first instruction that consumes no token.
    fn find_first(&mut self) {
        let mut seen = vec![false; self.insts.len()];
        let mut stack = vec![0];
        while let Some(pc) = stack.pop() {
            if std::mem::replace(&mut seen[pc], true) {
                continue;
            }
            match &self.insts[pc] {
                Inst::Split(a, b) => stack.extend([*b, *a]),
                Inst::Jmp(target) => stack.push(*target),
                Inst::Antecedent(_) => stack.push(pc + 1),
                Inst::End | Inst::Match => self.starts_anywhere = true,
                Inst::Phrases { optional: true, .. } => {
                    let inst = self.insts[pc].clone();
                    if !self.first.contains(&inst) {
                        self.first.push(inst);
                    }
                    stack.push(pc + 1);
                }
                inst => {
                    if !self.first.contains(inst) {
                        self.first.push(inst.clone());
                    }
                }
            }
        }
    }

    fn emit_sequence(&mut self, elements: &[Element]) {
        for e in elements {
            self.emit(e);
        }
    }

    /// Emits `Split` with a placeholder second branch to patch later.
    fn split_here(&mut self) -> usize {
        self.insts
            .push(Inst::Split(self.insts.len() + 1, usize::MAX));
        self.insts.len() - 1
    }

    fn patch_second(&mut self, at: usize, target: usize) {
        if let Inst::Split(_, b) = &mut self.insts[at] {
            *b = target;
        }
    }

    fn emit_optional_fillers(&mut self, count: usize) {
        let mut splits = Vec::new();
        for _ in 0..count {
            splits.push(self.split_here());
            self.insts.push(Inst::ListFiller);
        }
        let end = self.insts.len();
        for s in splits {
            // Prefer the branch that skips the filler: a list element should
            // start as early as it can.
            if let Inst::Split(a, _) = self.insts[s] {
                self.insts[s] = Inst::Split(end, a);
            }
        }
    }

    fn emit(&mut self, element: &Element) {
        match element {
            Element::Word { text, prefix } => {
                self.insts.push(Inst::Word(PatternWord::new(text, *prefix)))
            }
            Element::Punct(c) => self.insts.push(Inst::Punct(*c)),
            Element::Slot(SlotKind::Members) => self.emit_list(true),
            Element::Slot(kind) => self.insts.push(Inst::Slot(*kind)),
            Element::Antecedent(kind) => self.insts.push(Inst::Antecedent(*kind)),
            Element::End => self.insts.push(Inst::End),
            Element::Gap(n) => {
                let mut splits = Vec::new();
                for _ in 0..*n {
                    splits.push(self.split_here());
                    self.insts.push(Inst::AnyWord);
                }
                let end = self.insts.len();
                for s in splits {
                    self.patch_second(s, end);
                }
            }
            Element::Choice {
                alternatives,
                optional,
            } if alternatives.iter().all(|a| plain_words(a).is_some()) => {
                let phrases: Vec<Vec<PatternWord>> =
                    alternatives.iter().filter_map(|a| plain_words(a)).collect();
                self.insts.push(Inst::Phrases {
                    first_words: first_words_of(&phrases),
                    phrases,
                    optional: *optional,
                });
            }
            Element::Choice {
                alternatives,
                optional,
            } => {
                let mut jumps = Vec::new();
                let mut splits = Vec::new();
                let count = alternatives.len();
                for (i, alternative) in alternatives.iter().enumerate() {
                    let last = i + 1 == count;
                    if !last || *optional {
                        splits.push(self.split_here());
                    }
                    self.emit_sequence(alternative);
                    self.insts.push(Inst::Jmp(usize::MAX));
                    jumps.push(self.insts.len() - 1);
                    let next = self.insts.len();
                    if let Some(&s) = splits.last() {
                        if !last || *optional {
                            self.patch_second(s, next);
                        }
                    }
                }
                let end = self.insts.len();
                for j in jumps {
                    self.insts[j] = Inst::Jmp(end);
                }
            }
        }
    }

    /// `{members}`: `[filler] item { (, [conj] | conj | glued) [filler] item }`,
    /// without the first `[filler]` unless `leading_fillers`.
    fn emit_list(&mut self, leading_fillers: bool) {
        if leading_fillers {
            self.emit_optional_fillers(LIST_FILLER);
        }
        self.insts.push(Inst::ListItem);
        let loop_start = self.insts.len();
        let more = self.split_here(); // more items, or done
        // A conjunction glued to the next name needs no separator word.
        let written_or_glued = self.split_here();
        // Separator: a comma with an optional conjunction, or a conjunction.
        let comma_or_conj = self.split_here();
        self.insts.push(Inst::Punct(','));
        let conj_after_comma = self.split_here();
        self.insts.push(Inst::ListConjunction);
        let after_separator = self.insts.len();
        self.patch_second(conj_after_comma, after_separator);
        self.insts.push(Inst::Jmp(usize::MAX));
        let jump_over_conj = self.insts.len() - 1;
        let bare_conj = self.insts.len();
        self.patch_second(comma_or_conj, bare_conj);
        self.insts.push(Inst::ListConjunction);
        self.insts.push(Inst::Jmp(usize::MAX));
        let jump_over_glued = self.insts.len() - 1;
        let glued = self.insts.len();
        self.patch_second(written_or_glued, glued);
        self.insts.push(Inst::GluedConjunction);
        self.insts.push(Inst::ListItem);
        self.insts.push(Inst::Jmp(loop_start));
        let element = self.insts.len();
        self.insts[jump_over_conj] = Inst::Jmp(element);
        self.insts[jump_over_glued] = Inst::Jmp(element);
        self.emit_optional_fillers(LIST_FILLER);
        self.insts.push(Inst::ListItem);
        self.insts.push(Inst::Jmp(loop_start));
        let done = self.insts.len();
        self.patch_second(more, done);
    }
}

/// The words of an alternative made of plain words only.
fn plain_words(elements: &[Element]) -> Option<Vec<PatternWord>> {
    if elements.is_empty() {
        return None;
    }
    elements
        .iter()
        .map(|e| match e {
            Element::Word { text, prefix } => Some(PatternWord::new(text, *prefix)),
            _ => None,
        })
        .collect()
}

/// Whether `word` is `text`, or starts with it when `prefix`.
pub fn word_matches(word: &str, text: &str, prefix: bool) -> bool {
    if prefix {
        word.starts_with(text)
    } else {
        word == text
    }
}

/// The numbers of the first words of `phrases` (see [`Inst::Phrases`]).
fn first_words_of(phrases: &[Vec<PatternWord>]) -> Vec<u32> {
    phrases
        .iter()
        .map(|phrase| match phrase.first() {
            Some(word) if !word.prefix => word.id,
            _ => UNNUMBERED,
        })
        .collect()
}

/// The phrases of an [`Inst::Phrases`] (its `phrases` and `first_words`)
/// that occur at token `at`, in order.
pub fn phrases_at<'p, L: Lattice>(
    phrases: &'p [Vec<PatternWord>],
    first_words: &'p [u32],
    lattice: &'p L,
    at: usize,
) -> impl Iterator<Item = &'p [PatternWord]> + 'p {
    let here = lattice.word_id(at);
    phrases
        .iter()
        .zip(first_words)
        .filter(move |&(phrase, &first)| {
            (first == UNNUMBERED || first == here) && phrase_at(lattice, at, phrase)
        })
        .map(|(phrase, _)| phrase.as_slice())
}

/// Whether `phrase` is written at token `at`.
pub fn phrase_at<L: Lattice>(lattice: &L, at: usize, phrase: &[PatternWord]) -> bool {
    phrase
        .iter()
        .enumerate()
        .all(|(k, word)| word.is_at(lattice, at + k))
}

/// Whether `element` takes the first token of every match that starts with
/// it, and that token meets the element's clause (see [`needs`]). A list
/// takes its first item first only where it opens the pattern (`top`):
/// elsewhere fillers may come before it. Numbers are never a clause a
/// token is tested for alone.
fn takes_first_token_with_need(element: &Element, top: bool) -> bool {
    match element {
        Element::Word { .. } | Element::Punct(_) => true,
        Element::Slot(SlotKind::Number) => false,
        Element::Slot(SlotKind::Members) => top,
        Element::Slot(_) => true,
        Element::Choice {
            alternatives,
            optional: false,
        } => alternatives.iter().all(|alternative| {
            alternative
                .first()
                .is_some_and(|first| takes_first_token_with_need(first, false))
        }),
        Element::Choice { optional: true, .. }
        | Element::Antecedent(_)
        | Element::Gap(_)
        | Element::End => false,
    }
}

/// The clauses a sentence must meet for `elements` to match in it.
///
/// A plain word, a punctuation mark, a slot or an antecedent is a clause of
/// its own. A group that is not optional gives one clause: any
/// alternative's first need (an alternative with no need at all makes the
/// group need nothing). Gaps, options and the end anchor need nothing: the
/// test only ever rules sentences out where no match can be.
fn needs(elements: &[Element]) -> Vec<Vec<Need>> {
    let mut clauses: Vec<Vec<Need>> = Vec::new();
    for element in elements {
        let clause = match element {
            Element::Word { text, prefix } => vec![if *prefix {
                Need::Prefix(text.clone())
            } else {
                Need::Word(text.clone())
            }],
            Element::Punct(c) => vec![Need::Punct(*c)],
            Element::Slot(kind) | Element::Antecedent(kind) => vec![Need::Slot(*kind)],
            Element::Choice {
                alternatives,
                optional: false,
            } => {
                let mut any = Vec::new();
                for alternative in alternatives {
                    match needs(alternative).into_iter().next() {
                        Some(first) => any.extend(first),
                        None => {
                            any.clear();
                            break;
                        }
                    }
                }
                any
            }
            Element::Choice { optional: true, .. } | Element::Gap(_) | Element::End => Vec::new(),
        };
        if !clause.is_empty() && !clauses.contains(&clause) {
            clauses.push(clause);
        }
    }
    clauses
}

/// What the VM can ask about a sentence.
pub trait Lattice {
    /// What a filled slot holds.
    type Capture: Clone;

    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The folded word at a token, if it is a word (digits included).
    fn word(&self, at: usize) -> Option<&str>;
    /// The number of the word at a token in the vocabulary the program's
    /// words were numbered with, or [`UNNUMBERED`] for punctuation and for
    /// words it does not hold. A lattice whose programs are not numbered
    /// need not say.
    fn word_id(&self, _at: usize) -> u32 {
        UNNUMBERED
    }
    fn punct(&self, at: usize) -> Option<char>;
    fn is_list_conjunction(&self, at: usize) -> bool;
    /// Whether an entity mention starts at this token (fillers stop there).
    fn starts_mention(&self, at: usize) -> bool;
    /// Whether the mention at this token starts with a glued conjunction.
    fn glued_conjunction(&self, at: usize) -> bool;
    /// Every way `kind` can be filled starting at `at`: tokens taken and capture.
    fn fill(&self, kind: SlotKind, at: usize, out: &mut Vec<(usize, Self::Capture)>);
    /// A filler for `kind` from before `at` in the sentence.
    fn antecedent(&self, kind: SlotKind, at: usize) -> Option<Self::Capture>;
}

/// One filled slot of a match.
#[derive(Debug, Clone)]
pub struct Capture<C> {
    pub kind: SlotKind,
    /// Token range; empty for antecedents.
    pub tokens: std::ops::Range<usize>,
    pub value: C,
}

/// No capture yet: the root of every capture chain.
const NO_CAPTURE: u32 = u32::MAX;

/// A thread is copied at every split, so it holds its captures as the index
/// of its last one in [`Scratch::nodes`], each node pointing at the one
/// before: threads that share a prefix share its nodes, and nothing is
/// allocated per thread.
#[derive(Clone, Copy)]
///
/// Threads are copied at every step, so their fields are 32-bit: no program
/// or sentence comes near four billion instructions or tokens.
struct Thread {
    pc: u32,
    captures: u32,
    /// The first token the match consumed, for its span, or [`NO_FIRST`].
    first: u32,
    /// The token the thread's run started at.
    start: u32,
}

/// No token consumed yet.
const NO_FIRST: u32 = u32::MAX;

impl Thread {
    /// Where the thread's match opened, or `pos` if it has taken no token.
    fn first_or(&self, pos: usize) -> usize {
        if self.first == NO_FIRST {
            pos
        } else {
            self.first as usize
        }
    }

    /// The thread moved to instruction `pc`.
    fn at(self, pc: usize) -> Thread {
        Thread {
            pc: pc as u32,
            ..self
        }
    }
}

/// One capture and the index of the capture taken before it.
struct Node<C> {
    previous: u32,
    capture: Capture<C>,
}

/// Appends a capture to a thread's chain.
fn capture<C>(nodes: &mut Vec<Node<C>>, thread: &mut Thread, capture: Capture<C>) {
    nodes.push(Node {
        previous: thread.captures,
        capture,
    });
    thread.captures = (nodes.len() - 1) as u32;
}

/// The captures of a chain, first taken first.
fn captures<C: Clone>(nodes: &[Node<C>], mut at: u32) -> Vec<Capture<C>> {
    let mut out = Vec::new();
    while at != NO_CAPTURE {
        let node = &nodes[at as usize];
        out.push(node.capture.clone());
        at = node.previous;
    }
    out.reverse();
    out
}

/// A successful match: tokens `start..end` and what the slots hold.
#[derive(Debug, Clone)]
pub struct Match<C> {
    pub start: usize,
    pub end: usize,
    pub captures: Vec<Capture<C>>,
}

/// The VM's working memory, kept between runs so that matching a sentence
/// allocates nothing once the buffers have grown to the longest sentence.
pub struct Scratch<C> {
    /// Threads waiting at each token position.
    queues: Vec<Vec<Thread>>,
    /// The threads of the position being stepped.
    stack: Vec<Thread>,
    /// Every capture taken in this run.
    nodes: Vec<Node<C>>,
    /// For each instruction, the step that last ran it: a thread reaching an
    /// instruction already run at this position is a duplicate.
    visited: Vec<u64>,
    /// Numbers the steps of every run, so `visited` needs no clearing.
    step: u64,
    fills: Vec<(usize, C)>,
}

impl<C> Default for Scratch<C> {
    fn default() -> Self {
        Scratch {
            queues: Vec::new(),
            stack: Vec::new(),
            nodes: Vec::new(),
            visited: Vec::new(),
            step: 0,
            fills: Vec::new(),
        }
    }
}

/// Matches `program` anchored at token `start`; returns the longest match.
pub fn run<L: Lattice>(
    program: &Program,
    lattice: &L,
    start: usize,
    scratch: &mut Scratch<L::Capture>,
) -> Option<Match<L::Capture>> {
    search(program, lattice, start..start + 1, &mut |_| true, scratch).map(|(_, m)| m)
}

/// Finds the match that [`run`] finds at the first start in `starts` where
/// `can_start` holds and `run` finds one, and returns that start with it.
///
/// Instead of one run per start, the threads of every start step together,
/// a new start joining at its position: a list of five names would
/// otherwise be read five times, once from each name. The result is the
/// same as trying each start in turn because the threads of an earlier
/// start are stepped first at every position, so they meet exactly what
/// they would meet alone; a later start's thread that reaches an
/// instruction already reached there by an earlier start's has the same
/// future, so dropping it loses nothing the earlier start does not find.
/// That holds only while a thread's future depends on its position and
/// instruction alone, which an antecedent breaks (it looks back from where
/// the thread's match opened): programs with one are run start by start.
pub fn search<L: Lattice>(
    program: &Program,
    lattice: &L,
    starts: std::ops::Range<usize>,
    can_start: &mut impl FnMut(usize) -> bool,
    scratch: &mut Scratch<L::Capture>,
) -> Option<(usize, Match<L::Capture>)> {
    if program.has_antecedent && starts.len() > 1 {
        return starts
            .filter(|&start| can_start(start))
            .find_map(|start| run(program, lattice, start, scratch).map(|m| (start, m)));
    }
    let n = lattice.len();
    let Scratch {
        queues,
        stack,
        nodes,
        visited,
        step,
        fills,
    } = scratch;
    if queues.len() < n + 2 {
        queues.resize_with(n + 2, Vec::new);
    }
    if visited.len() < program.insts.len() {
        visited.resize(program.insts.len(), 0);
    }
    nodes.clear();
    // Threads waiting in `queues` after the current position: once none is
    // left and no start remains, no other match can be found.
    let mut waiting = 0usize;
    // The best match so far: the start its thread set out from, its span,
    // and its chain of captures, which are copied out only once the search
    // is over, as a better match often replaces it.
    let mut best: Option<(usize, std::ops::Range<usize>, u32)> = None;
    let last_start = starts.end.min(n + 1);
    for pos in starts.start..=n {
        // Once a match is found, later starts cannot win, and neither can
        // the threads of later starts still running.
        let may_start = best.is_none() && pos < last_start && can_start(pos);
        if waiting == 0 && !may_start {
            if best.is_some() || pos >= last_start {
                break;
            }
            continue;
        }
        *step += 1;
        let step = *step;
        stack.clear();
        waiting -= queues[pos].len();
        if may_start {
            queues[pos].push(Thread {
                pc: 0,
                captures: NO_CAPTURE,
                first: NO_FIRST,
                start: pos as u32,
            });
        }
        // Earlier starts first (the sort is stable, so each start's threads
        // keep their order), and the first thread on top of the stack.
        if queues[pos].len() > 1 {
            queues[pos].sort_by_key(|t| t.start);
        }
        stack.extend(queues[pos].drain(..).rev());
        while let Some(thread) = stack.pop() {
            if best
                .as_ref()
                .is_some_and(|(start, ..)| thread.start as usize > *start)
            {
                continue;
            }
            let pc = thread.pc as usize;
            if visited[pc] == step {
                continue;
            }
            visited[pc] = step;
            // Words taken before a list's first item (`Analysts noted that`)
            // are not part of what the text claims, so they do not open the
            // match's span.
            let mut advance = |mut t: Thread, len: usize, opens_span: bool| {
                if opens_span && t.first == NO_FIRST {
                    t.first = pos as u32;
                }
                t.pc += 1;
                queues[pos + len].push(t);
                waiting += 1;
            };
            match &program.insts[pc] {
                Inst::Match => {
                    let begin = thread.first_or(pos);
                    let thread_start = thread.start as usize;
                    let better = match &best {
                        None => true,
                        Some((start, span, _)) => {
                            thread_start < *start || (thread_start == *start && pos > span.end)
                        }
                    };
                    if better {
                        best = Some((thread_start, begin..pos, thread.captures));
                    }
                }
                Inst::Jmp(target) => stack.push(thread.at(*target)),
                Inst::Split(a, b) => {
                    // Push the second branch first so the first is taken first.
                    stack.push(thread.at(*b));
                    stack.push(thread.at(*a));
                }
                Inst::End => {
                    let rest_is_closing =
                        (pos..n).all(|p| matches!(lattice.punct(p), Some('.' | '!' | '?')));
                    if rest_is_closing {
                        stack.push(thread.at(pc + 1));
                    }
                }
                Inst::GluedConjunction => {
                    if lattice.glued_conjunction(pos) {
                        stack.push(thread.at(pc + 1));
                    }
                }
                Inst::Phrases {
                    phrases,
                    optional,
                    first_words,
                } => {
                    if *optional {
                        stack.push(thread.at(pc + 1));
                    }
                    for phrase in phrases_at(phrases, first_words, lattice, pos) {
                        advance(thread, phrase.len(), true);
                    }
                }
                Inst::Antecedent(kind) => {
                    if let Some(value) = lattice.antecedent(*kind, thread.first_or(pos)) {
                        let mut t = thread;
                        capture(
                            nodes,
                            &mut t,
                            Capture {
                                kind: *kind,
                                tokens: pos..pos,
                                value,
                            },
                        );
                        t.pc += 1;
                        stack.push(t);
                    }
                }
                _ if pos >= n => {}
                Inst::Word(word) => {
                    if word.is_at(lattice, pos) {
                        advance(thread, 1, true);
                    }
                }
                Inst::Punct(c) => {
                    if lattice.punct(pos) == Some(*c) {
                        advance(thread, 1, true);
                    }
                }
                Inst::AnyWord => {
                    if lattice.word(pos).is_some() {
                        advance(thread, 1, true);
                    }
                }
                Inst::ListFiller => {
                    if lattice.word(pos).is_some()
                        && !lattice.starts_mention(pos)
                        && !lattice.is_list_conjunction(pos)
                    {
                        advance(thread, 1, false);
                    }
                }
                Inst::ListConjunction => {
                    if lattice.is_list_conjunction(pos) {
                        advance(thread, 1, true);
                    }
                }
                Inst::Slot(_) | Inst::ListItem => {
                    let kind = match program.insts[pc] {
                        Inst::Slot(kind) => kind,
                        _ => SlotKind::Members,
                    };
                    fills.clear();
                    lattice.fill(kind, pos, fills);
                    for (len, value) in fills.drain(..) {
                        let mut t = thread;
                        capture(
                            nodes,
                            &mut t,
                            Capture {
                                kind,
                                tokens: pos..pos + len,
                                value,
                            },
                        );
                        advance(t, len.max(1), true);
                    }
                }
            }
        }
    }
    // Threads still waiting past the last token, or left behind by an
    // early end, are dropped before the next run; only this sentence's
    // queues can hold any.
    if waiting > 0 {
        queues[starts.start.min(n)..n + 2]
            .iter_mut()
            .for_each(Vec::clear);
    }
    best.map(|(start, span, chain)| {
        (
            start,
            Match {
                start: span.start,
                end: span.end,
                captures: captures(nodes, chain),
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::pattern::parse;

    /// A toy lattice: capitalised words are entities, digits are numbers.
    struct Toy<'a>(Vec<&'a str>);

    impl Lattice for Toy<'_> {
        type Capture = String;
        fn len(&self) -> usize {
            self.0.len()
        }
        fn word(&self, at: usize) -> Option<&str> {
            self.0
                .get(at)
                .copied()
                .filter(|w| w.chars().all(char::is_alphanumeric))
        }
        fn punct(&self, at: usize) -> Option<char> {
            self.0
                .get(at)
                .and_then(|w| w.chars().next())
                .filter(|c| !c.is_alphanumeric())
        }
        fn is_list_conjunction(&self, at: usize) -> bool {
            self.0.get(at) == Some(&"and")
        }
        fn starts_mention(&self, at: usize) -> bool {
            self.0
                .get(at)
                .is_some_and(|w| w.starts_with(char::is_uppercase))
        }
        fn glued_conjunction(&self, at: usize) -> bool {
            self.0.get(at).is_some_and(|w| w.starts_with("&"))
        }
        fn fill(&self, kind: SlotKind, at: usize, out: &mut Vec<(usize, String)>) {
            let Some(w) = self.0.get(at) else { return };
            let w = w.trim_start_matches('&');
            let ok = match kind {
                SlotKind::Number => w.chars().all(|c| c.is_ascii_digit()),
                _ => w.starts_with(char::is_uppercase),
            };
            if ok {
                out.push((1, w.to_string()));
                // Two capitalised words are also one name (`New Zealand`),
                // so that fillers of several tokens are tested too.
                if kind != SlotKind::Number
                    && let Some(next) = self
                        .0
                        .get(at + 1)
                        .filter(|n| n.starts_with(char::is_uppercase))
                {
                    out.push((2, format!("{w} {next}")));
                }
            }
        }
        fn antecedent(&self, _kind: SlotKind, at: usize) -> Option<String> {
            self.0[..at]
                .iter()
                .rev()
                .find(|w| w.starts_with(char::is_uppercase))
                .map(|w| w.to_string())
        }
    }

    fn check(pattern: &str, sentence: &str, expect: &str) {
        let program = Program::compile(&parse(pattern).unwrap());
        let toy = Toy(sentence.split(' ').collect());
        let got = (0..toy.len())
            .find_map(|s| run(&program, &toy, s, &mut Scratch::default()))
            .map(|m| {
                let caps: Vec<String> = m
                    .captures
                    .iter()
                    .map(|c| format!("{}={}", c.kind.name(), c.value))
                    .collect();
                format!("{}..{} {}", m.start, m.end, caps.join(" "))
            })
            .unwrap_or_else(|| "no match".into());
        assert_eq!(got, expect, "{pattern:?} on {sentence:?}");
    }

    #[test]
    fn matches_sequences_options_and_choices() {
        check(
            "{member} is [a] member of {org}",
            "so Japan is a member of NATO",
            "1..7 member=Japan org=NATO",
        );
        check(
            "{member} is [a] member of {org}",
            "Japan is member of NATO",
            "0..5 member=Japan org=NATO",
        );
        check(
            "{member} is not (a member|part) of {org}",
            "Japan is not part of AUKUS",
            "0..6 member=Japan org=AUKUS",
        );
        check(
            "{org} has {n} members",
            "NATO has 32 members",
            "0..4 org=NATO n=32",
        );
        check("{org} has {n} members", "NATO has many members", "no match");
    }

    #[test]
    fn matches_lists_with_fillers_and_conjunctions() {
        check(
            "{org} brings together {members}",
            "Quad brings together Australia , India , Japan and the United",
            "0..11 org=Quad members=Australia members=India members=Japan members=United",
        );
        check(
            "members are {members}",
            "members are the sultanate of Brunei , and Laos",
            "0..9 members=Brunei members=Laos",
        );
        check(
            "members are {members}",
            "members are Brunei &Laos and Chile",
            "0..6 members=Brunei members=Laos members=Chile",
        );
    }

    #[test]
    fn tells_whether_a_match_starts_on_a_token_that_meets_the_first_need() {
        let meets =
            |pattern: &str| Program::compile(&parse(pattern).unwrap()).first_token_meets_first_need;
        assert!(meets("{members} are allies"));
        assert!(meets("(its|the bloc s) {n} members"));
        assert!(meets(", {person}"));
        // An option, a number, an antecedent or a list behind a group's
        // fillers may come first without meeting the first need.
        assert!(!meets("[the] {n} members of {org}"));
        assert!(!meets("{n} members of {org}"));
        assert!(!meets("{org<} has {n} members"));
        assert!(!meets("([the] alliance | bloc) has members"));
        assert!(!meets("(allies | {members}) are here"));
    }

    #[test]
    fn a_list_that_opens_a_pattern_starts_at_its_first_item() {
        // The words before the list are not taken as fillers, which would
        // only find the same match from an earlier start.
        let program = Program::compile(&parse("{members} are allies").unwrap());
        assert_eq!(program.first, [Inst::ListItem]);
        check(
            "{members} are allies",
            "so the Japan and Canada are allies",
            "2..7 members=Japan members=Canada",
        );
        // A list further in still takes its fillers.
        check(
            "allies are {members}",
            "allies are the sultanate of Brunei",
            "0..6 members=Brunei",
        );
    }

    fn check_needs(pattern: &str, expect: &str) {
        let program = Program::compile(&parse(pattern).unwrap());
        let got: Vec<String> = program
            .needs
            .iter()
            .map(|clause| {
                let any: Vec<String> = clause
                    .iter()
                    .map(|need| match need {
                        Need::Word(w) => w.clone(),
                        Need::Prefix(p) => format!("{p}*"),
                        Need::Punct(c) => c.to_string(),
                        Need::Slot(kind) => format!("{{{}}}", kind.name()),
                    })
                    .collect();
                any.join("|")
            })
            .collect();
        assert_eq!(got.join(" "), expect, "{pattern:?}");
    }

    #[test]
    fn needs_are_what_every_match_contains() {
        check_needs(
            "{org} (has|counts) [now] {n} member*",
            "{org} has|counts {n} member*",
        );
        // An alternative that needs nothing makes its group need nothing.
        check_needs(
            "{member} ([the] | is) part of {org<}",
            "{member} part of {org}",
        );
        // A group's clause takes each alternative's first need.
        check_needs("(is a member | belongs) to {org}", "is|belongs to {org}");
        // A punctuation mark is needed like a word; gaps and the end
        // anchor need nothing, and neither does a group one of whose
        // alternatives is the end.
        check_needs("{members} , ...2 $", "{members} ,");
        check_needs("{role} , {person} (,|$)", "{role} , {person}");
    }

    #[test]
    fn end_anchor() {
        check(
            "{role} , {person} (,|$)",
            "Minister , Kishida .",
            "0..3 role=Minister person=Kishida",
        );
        check(
            "{role} , {person} (,|$)",
            "Minister , Kishida , said",
            "0..4 role=Minister person=Kishida",
        );
        check(
            "{role} , {person} (,|$)",
            "Minister , Kishida flew",
            "no match",
        );
    }

    #[test]
    fn gaps_and_antecedents() {
        check(
            "{org} ...2 has {n} members",
            "NATO which now has 32 members",
            "0..6 org=NATO n=32",
        );
        check(
            "which has {n} members {org<}",
            "NATO , which has 32 members",
            "2..6 n=32 org=NATO",
        );
    }

    fn describe(found: Option<(usize, Match<String>)>) -> String {
        match found {
            None => "no match".into(),
            Some((start, m)) => {
                let caps: Vec<String> = m
                    .captures
                    .iter()
                    .map(|c| format!("{}={}@{:?}", c.kind.name(), c.value, c.tokens))
                    .collect();
                format!("from {start}: {}..{} {}", m.start, m.end, caps.join(" "))
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Stepping every start together finds what running each start in
        /// turn finds first, with the same span and captures.
        #[test]
        fn search_finds_what_runs_start_by_start_find(
            pattern in proptest::sample::select(vec![
                "{members} (is|are) [not] [a] member of {org}",
                "{member} , [a] {org} member",
                "[the] {n} {org} members",
                "{org} brings together {members}",
                "{members} ...2 {org}",
                "members are {members}",
                "{role} , {person} (,|$)",
                "{org} ...2 has {n} members",
            ]),
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Japan", "NATO", "Minister", "and", "&Laos", "is", "are", "not", "a",
                    "member", "members", "of", "the", ",", ".", "32", "has", "brings",
                    "together", "which",
                ]),
                0..14,
            ),
        ) {
            let program = Program::compile(&parse(pattern).unwrap());
            let toy = Toy(words);
            let mut scratch = Scratch::default();
            for from in 0..=toy.len() {
                let one_by_one = (from..toy.len())
                    .find_map(|s| run(&program, &toy, s, &mut scratch).map(|m| (s, m)));
                let together = search(&program, &toy, from..toy.len(), &mut |_| true, &mut scratch);
                proptest::prop_assert_eq!(describe(together), describe(one_by_one));
            }
        }
    }
}
