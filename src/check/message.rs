//! The words of findings: the claim in the rule language, and what the
//! rules hold at the article's date and since when.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::claims::Statement;
use crate::rules::model::{
    Assertion, Bound, DateRange, EntityId, FactId, RuleSet, Statement as FactStatement,
};

/// How an entity is called in messages: its first name valid in any
/// language (often the acronym: NATO), else its first English name, else its
/// first name, else its id.
pub fn display(rules: &RuleSet, id: EntityId) -> String {
    display_str(rules, id).to_owned()
}

/// [`display`], borrowed from the rules: messages push the name into their
/// text, so copying it first only cost an allocation.
fn display_str(rules: &RuleSet, id: EntityId) -> &str {
    let e = rules.entity(id);
    let pick = |lang: &str| {
        e.names
            .iter()
            .find(|n| n.lang == lang)
            .map(|n| n.text.as_str())
    };
    pick("any")
        .or_else(|| pick("en"))
        .or_else(|| e.names.first().map(|n| n.text.as_str()))
        .unwrap_or(e.id.as_str())
}

/// Every entity's id and display name, looked up once per rule set.
///
/// A message names two or three entities; reaching a name through the
/// entity, its labels and their languages cost three dependent memory
/// loads per label, which on a rule set of thousands of entities mostly
/// missed the cache. Here each entity's two strings sit side by side.
#[derive(Debug, Clone)]
pub struct Names<'r> {
    /// (id, display name) of each entity, by `EntityId`.
    names: Vec<(&'r str, &'r str)>,
}

impl<'r> Names<'r> {
    pub fn new(rules: &'r RuleSet) -> Self {
        Names {
            names: (0..rules.entities.len())
                .map(|id| (rules.entity(id).id.as_str(), display_str(rules, id)))
                .collect(),
        }
    }

    /// The entity's id, as the rules write it.
    pub fn id(&self, id: EntityId) -> &'r str {
        self.names[id].0
    }

    /// The entity's name in messages (see [`display`]).
    pub fn display(&self, id: EntityId) -> &'r str {
        self.names[id].1
    }
}

/// A role's name in running text: lower case unless it is an acronym.
pub(crate) fn role_name(names: &Names<'_>, id: EntityId) -> String {
    let name = names.display(id).to_owned();
    if name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
    {
        name
    } else {
        name.to_lowercase()
    }
}

/// A period in words: `since 2024-03-07`, `from A until B`, or nothing.
pub fn period(range: &DateRange) -> String {
    match (range.start, range.end) {
        (None, None) => String::new(),
        (Some(s), None) => format!("since {s}"),
        (None, Some(e)) => format!("until {e}"),
        (Some(s), Some(e)) => format!("from {s} until {e}"),
    }
}

/// The claim as the rule language would write it, with entity ids.
pub fn claim_text(rules: &RuleSet, statement: &Statement) -> String {
    claim_text_with(&Names::new(rules), statement)
}

/// [`claim_text`] with the entities' names already looked up.
pub fn claim_text_with(names: &Names<'_>, statement: &Statement) -> String {
    // Built with pushes rather than `format!`: one allocation per claim,
    // and no cloned ids, since every finding carries this text.
    let id = |e: EntityId| names.id(e);
    let mut text = String::with_capacity(48);
    match statement {
        Statement::Member {
            member,
            organization,
            negated,
        } => {
            text.push_str(id(member.entity));
            text.push_str(if *negated { " not in " } else { " in " });
            text.push_str(id(organization.entity));
        }
        Statement::Count {
            organization,
            number,
        } => {
            text.push_str(id(organization.entity));
            text.push_str(" has ");
            push_number(&mut text, u64::from(*number));
            text.push_str(" members");
        }
        Statement::MemberList {
            organization,
            members,
        } => {
            text.push_str("members of ");
            text.push_str(id(organization.entity));
            text.push_str(" are {");
            for (position, m) in members.iter().enumerate() {
                if position > 0 {
                    text.push_str(", ");
                }
                text.push_str(id(m.entity));
            }
            text.push('}');
        }
        Statement::Office {
            person,
            role,
            of,
            former,
        } => {
            text.push_str(id(person.entity));
            text.push_str(if *former { " was " } else { " is " });
            text.push_str(id(*role));
            if let Some(of) = of {
                text.push_str(" of ");
                text.push_str(id(*of));
            }
        }
    }
    text
}

/// The distinct (negated, period) pairs of membership assertions given in
/// rule-set order, sorted (stably) by start: the same assertion over the
/// same period (a direct statement and a roster saying it again) is said
/// once.
pub(crate) fn member_periods(
    parts: impl IntoIterator<Item = (bool, DateRange)>,
) -> Vec<(bool, DateRange)> {
    let mut out: Vec<(bool, DateRange)> = Vec::new();
    for part in parts {
        if !out.contains(&part) {
            out.push(part);
        }
    }
    out.sort_by_key(|(_, r)| r.start);
    out
}

/// The words every message about claims at `date` opens with (`on
/// 2024-03-07, `). The claims of an article share its date, so the judge
/// writes them once per article rather than once per finding.
pub fn opening(date: Date) -> String {
    let mut text = String::with_capacity(16);
    text.push_str("on ");
    push_date(&mut text, date);
    text.push_str(", ");
    text
}

/// One distinct (negated, period) of the membership assertions of a member
/// in an organization, with the words every membership message writes for
/// it (`Japan is not a member of AUKUS since 2021-09-15`): written once,
/// where a message would write both names and up to two dates each time.
#[derive(Debug, Clone)]
pub(crate) struct MemberPart {
    period: DateRange,
    statement: String,
}

/// The distinct (negated, period) pairs of the membership assertions of
/// `member` in `organization`, given in rule-set order, as
/// [`member_periods`] lists them, each with its words.
pub(crate) fn member_parts(
    names: &Names<'_>,
    member: EntityId,
    organization: EntityId,
    parts: impl IntoIterator<Item = (bool, DateRange)>,
) -> Vec<MemberPart> {
    let (m, o) = (names.display(member), names.display(organization));
    member_periods(parts)
        .into_iter()
        .map(|(negated, period)| {
            let mut statement = String::new();
            statement.push_str(m);
            statement.push_str(if negated {
                " is not a member of "
            } else {
                " is a member of "
            });
            statement.push_str(o);
            push_period(&mut statement, &period);
            MemberPart { period, statement }
        })
        .collect()
}

/// One distinct (bound, number, period) of the count assertions about an
/// organization, with the words every count message writes for it.
#[derive(Debug, Clone)]
pub(crate) struct CountPart {
    bound: Bound,
    period: DateRange,
    /// The count as a message states it when it is in force (`NATO has at
    /// least 29 members from 2017-06-05 until 2020-03-27`).
    statement: String,
    /// The bound and number followed by the period (`at least 29 from
    /// 2017-06-05 until 2020-03-27`), as a message recalls it around the
    /// count in force. Both are written once, where a message would write
    /// the name, the number and up to two dates each time.
    text: String,
}

/// The distinct (bound, number, period) triples of the count assertions
/// about `organization` given in rule-set order, sorted (stably) by start,
/// each with its words.
pub(crate) fn count_periods(
    names: &Names<'_>,
    organization: EntityId,
    parts: impl IntoIterator<Item = (Bound, u32, DateRange)>,
) -> Vec<CountPart> {
    let o = names.display(organization);
    let mut distinct: Vec<(Bound, u32, DateRange)> = Vec::new();
    for part in parts {
        if !distinct.contains(&part) {
            distinct.push(part);
        }
    }
    distinct.sort_by_key(|(_, _, r)| r.start);
    distinct
        .into_iter()
        .map(|(bound, number, period)| {
            let mut text = String::new();
            push_bound_words(&mut text, bound, number);
            let mut statement = String::new();
            statement.push_str(o);
            statement.push_str(" has ");
            statement.push_str(&text);
            statement.push_str(" members");
            let period_start = text.len();
            push_period(&mut text, &period);
            statement.push_str(&text[period_start..]);
            CountPart {
                bound,
                period,
                statement,
                text,
            }
        })
        .collect()
}

/// The assertions `keep` accepts, in rule-set order, with their facts'
/// periods, for the message functions called without an index.
fn derived_where(
    rules: &RuleSet,
    keep: impl Fn(&Assertion) -> bool,
) -> impl Iterator<Item = (&Assertion, DateRange)> {
    rules
        .derived
        .iter()
        .filter(move |d| keep(&d.assertion))
        .map(|d| (&d.assertion, rules.facts[d.fact].period))
}

/// Every number below 100 as two digits, for [`push_date`].
const TWO_DIGITS: &str = "\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// `n` (below 100) as two digits.
fn two_digits(n: u16) -> &'static str {
    let at = usize::from(n) * 2;
    &TWO_DIGITS[at..at + 2]
}

/// Appends a date as `YYYY-MM-DD`, as jiff's `Display` writes it, without
/// going through the formatting machinery for the common four-digit years
/// (a test compares the two). Digits are copied in pairs from a table: a
/// message writes up to five dates, and dividing out each digit and
/// pushing it as a character cost most of a message.
fn push_date(out: &mut String, date: Date) {
    let year = date.year();
    match u16::try_from(year) {
        Ok(year) if year <= 9999 => {
            let (month, day) = (date.month().unsigned_abs(), date.day().unsigned_abs());
            out.reserve(10);
            out.push_str(two_digits(year / 100));
            out.push_str(two_digits(year % 100));
            out.push('-');
            out.push_str(two_digits(u16::from(month)));
            out.push('-');
            out.push_str(two_digits(u16::from(day)));
        }
        _ => {
            let _ = write!(out, "{date}");
        }
    }
}

/// Appends ` since A`, ` until B`, ` from A until B`, or nothing: the
/// period of [`period`] after a space, as a message adds it to a statement.
fn push_period(out: &mut String, range: &DateRange) {
    match (range.start, range.end) {
        (None, None) => {}
        (Some(s), None) => {
            out.push_str(" since ");
            push_date(out, s);
        }
        (None, Some(e)) => {
            out.push_str(" until ");
            push_date(out, e);
        }
        (Some(s), Some(e)) => {
            out.push_str(" from ");
            push_date(out, s);
            out.push_str(" until ");
            push_date(out, e);
        }
    }
}

/// The positions, among `ranges` not in force at `date`, of the one just
/// before and the one just after `date`, as [`nearest`] picks them: the
/// latest end (the last of equals) and the earliest start (the first of
/// equals).
fn nearest_positions(
    ranges: impl Iterator<Item = DateRange> + Clone,
    date: Date,
) -> (Option<usize>, Option<usize>) {
    let others = ranges.enumerate().filter(|(_, r)| !r.contains(date));
    let before = others
        .clone()
        .filter(|(_, r)| r.end.is_some_and(|e| e <= date))
        .max_by_key(|(_, r)| r.end)
        .map(|(i, _)| i);
    let after = others
        .filter(|(_, r)| r.start.is_some_and(|s| s > date))
        .min_by_key(|(_, r)| r.start)
        .map(|(i, _)| i);
    (before, after)
}

/// Appends the parts of the periods just before and just after `date`
/// (see [`nearest_positions`]) in parentheses, separated by `; `, when there
/// are any: what held before the period in force and what holds after it.
fn push_nearest<P>(
    text: &mut String,
    parts: &[P],
    range: impl Fn(&P) -> DateRange,
    date: Date,
    part: impl Fn(&mut String, &P),
) {
    let (before, after) = nearest_positions(parts.iter().map(&range), date);
    if before.is_none() && after.is_none() {
        return;
    }
    text.push_str(" (");
    for (k, position) in before.into_iter().chain(after).enumerate() {
        if k > 0 {
            text.push_str("; ");
        }
        part(text, &parts[position]);
    }
    text.push(')');
}

pub fn membership(rules: &RuleSet, member: EntityId, organization: EntityId, date: Date) -> String {
    let parts = derived_where(rules, |a| {
        matches!(a, Assertion::Member { member: x, organization: y, .. } if *x == member && *y == organization)
    })
    .filter_map(|(a, period)| match a {
        Assertion::Member { negated, .. } => Some((*negated, period)),
        _ => None,
    });
    let parts = member_parts(&Names::new(rules), member, organization, parts);
    membership_with(&opening(date), &parts, date)
}

/// [`membership`] given the message's [`opening`] and the parts of the
/// membership assertions of its member in its organization as
/// [`member_parts`] lists them, so that a message costs time in the few
/// assertions it reads rather than in the size of the rule set, and the
/// judge words them once per rule set rather than once per message.
pub(crate) fn membership_with(opening: &str, parts: &[MemberPart], date: Date) -> String {
    let mut text = String::with_capacity(opening.len() + 96);
    text.push_str(opening);
    // The first part in force is the decisive one (direct facts come first);
    // the periods around it say since when and what held before or after.
    if let Some(current) = parts.iter().find(|part| part.period.contains(date)) {
        text.push_str(&current.statement);
    }
    push_nearest(
        &mut text,
        parts,
        |part| part.period,
        date,
        |text, part| text.push_str(&part.statement),
    );
    text
}

fn push_bound_words(out: &mut String, bound: Bound, number: u32) {
    match bound {
        Bound::Exactly => {}
        Bound::AtLeast => out.push_str("at least "),
        Bound::AtMost => out.push_str("at most "),
    }
    push_number(out, u64::from(number));
}

/// Appends `n` in decimal, as `{n}` formats it, without the formatting
/// machinery.
fn push_number(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

pub fn count(rules: &RuleSet, organization: EntityId, date: Date) -> String {
    let parts = derived_where(
        rules,
        |a| matches!(a, Assertion::Count { organization: x, .. } if *x == organization),
    )
    .filter_map(|(a, period)| match a {
        Assertion::Count { bound, number, .. } => Some((*bound, *number, period)),
        _ => None,
    });
    let names = Names::new(rules);
    let parts = count_periods(&names, organization, parts);
    count_with(&names, &opening(date), &parts, organization, date)
}

/// [`count`] given the message's [`opening`] and the distinct (bound,
/// number, period) triples of the count assertions about `organization`
/// as [`count_periods`] lists them.
pub(crate) fn count_with(
    names: &Names<'_>,
    opening: &str,
    parts: &[CountPart],
    organization: EntityId,
    date: Date,
) -> String {
    // Room for a count in force and the counts before and after it, so
    // that the text is not grown on the way.
    let mut text = String::with_capacity(opening.len() + 144);
    text.push_str(opening);
    // An exact count is what decides a claim when there is one, so it leads;
    // bounds in force at the same time follow it, each group in list order.
    let in_force = |exact: bool| {
        parts.iter().filter(move |part| {
            part.period.contains(date) && (part.bound == Bound::Exactly) == exact
        })
    };
    let mut first = true;
    for part in in_force(true).chain(in_force(false)) {
        if !first {
            text.push_str("; ");
        }
        first = false;
        text.push_str(&part.statement);
    }
    if first {
        text.push_str("the rules give no member count for ");
        text.push_str(names.display(organization));
        return text;
    }
    push_nearest(
        &mut text,
        parts,
        |part| part.period,
        date,
        |text, part| text.push_str(&part.text),
    );
    text
}

pub fn member_list(
    rules: &RuleSet,
    fact: FactId,
    extra: &[EntityId],
    missing: &[EntityId],
    date: Date,
) -> String {
    member_list_with(
        rules,
        &Names::new(rules),
        &opening(date),
        fact,
        extra,
        missing,
    )
}

/// [`member_list`] with the entities' names already looked up and the
/// message's [`opening`] written.
pub fn member_list_with(
    rules: &RuleSet,
    names: &Names<'_>,
    opening: &str,
    fact: FactId,
    extra: &[EntityId],
    missing: &[EntityId],
) -> String {
    let f = &rules.facts[fact];
    let FactStatement::Roster {
        organization,
        members,
    } = &f.statement
    else {
        return String::new();
    };
    let push_names = |text: &mut String, ids: &[EntityId]| {
        for (position, id) in ids.iter().enumerate() {
            if position > 0 {
                text.push_str(", ");
            }
            text.push_str(names.display(*id));
        }
    };
    let mut text = String::with_capacity(opening.len() + 48 + 16 * members.len());
    text.push_str(opening);
    text.push_str("the ");
    push_number(&mut text, members.len() as u64);
    text.push_str(" members of ");
    text.push_str(names.display(*organization));
    text.push_str(" are ");
    push_names(&mut text, members);
    push_period(&mut text, &f.period);
    if !extra.is_empty() {
        text.push_str("; not a member: ");
        push_names(&mut text, extra);
    }
    if !missing.is_empty() {
        text.push_str("; left out: ");
        push_names(&mut text, missing);
    }
    text
}

pub fn office(
    rules: &RuleSet,
    person: EntityId,
    role: EntityId,
    of: Option<EntityId>,
    date: Date,
) -> String {
    let names = Names::new(rules);
    let role_text = role_name(&names, role);
    let mut terms: Vec<Term> = rules
        .facts
        .iter()
        .filter_map(|f| match f.statement {
            FactStatement::Office {
                person,
                role: r,
                of,
            } if r == role => Some(Term::new(&names, &role_text, person, of, f.period)),
            _ => None,
        })
        .collect();
    terms.sort_by_key(|t| t.period.start);
    office_with(&names, &opening(date), &terms, &role_text, person, of, date)
}

/// One term of an office, as messages read it, with the words they write
/// for it, written once where a message would write names and up to two
/// dates each time.
#[derive(Debug, Clone)]
pub struct Term {
    pub person: EntityId,
    pub of: EntityId,
    pub period: DateRange,
    /// The office (`prime minister of Japan`).
    office: String,
    /// The period after a space (` from 2021-10-04 until 2024-10-01`), or
    /// nothing.
    period_text: String,
    /// The term as a message names its holder (`; the prime minister of
    /// Japan is Fumio Kishida from 2021-10-04 until 2024-10-01`).
    holder: String,
}

impl Term {
    /// A term of the role named `role_text` in running text
    /// ([`role_name`]).
    pub fn new(
        names: &Names<'_>,
        role_text: &str,
        person: EntityId,
        of: EntityId,
        period: DateRange,
    ) -> Term {
        let mut office = String::new();
        office.push_str(role_text);
        office.push_str(" of ");
        office.push_str(names.display(of));
        let mut period_text = String::new();
        push_period(&mut period_text, &period);
        let mut holder = String::new();
        holder.push_str("; the ");
        holder.push_str(&office);
        holder.push_str(" is ");
        holder.push_str(names.display(person));
        holder.push_str(&period_text);
        Term {
            person,
            of,
            period,
            office,
            period_text,
            holder,
        }
    }
}

/// [`office`] given the message's [`opening`], every term of the role,
/// sorted (stably) by start, and the role's name in running text
/// ([`role_name`]): all the same for every message about the role (the
/// opening for every claim of an article), so the judge makes them once.
pub fn office_with(
    names: &Names<'_>,
    opening: &str,
    terms: &[Term],
    role_text: &str,
    person: EntityId,
    of: Option<EntityId>,
    date: Date,
) -> String {
    let p = names.display(person);
    // The terms of the office asked about.
    let terms = terms.iter().filter(|t| of.is_none_or(|o| o == t.of));
    let mut own = terms.clone().filter(|t| t.person == person).peekable();
    let mut text = String::with_capacity(opening.len() + 128);
    text.push_str(opening);
    match own.peek().copied() {
        None => {
            text.push_str("the rules know no term of ");
            text.push_str(p);
            text.push_str(" as ");
            text.push_str(role_text);
            if let Some(of) = of {
                text.push_str(" of ");
                text.push_str(names.display(of));
            }
        }
        Some(first) => {
            if let Some(current) = own.clone().find(|t| t.period.contains(date)) {
                text.push_str(p);
                text.push_str(" is ");
                text.push_str(&current.office);
                text.push_str(&current.period_text);
            } else {
                text.push_str(p);
                text.push_str(" was ");
                text.push_str(&first.office);
                text.push(' ');
                // The periods joined with " and", each written with the
                // space the join puts after "and"; the first period's
                // space was written above.
                let mut first = true;
                for t in own.filter(|t| !t.period_text.is_empty()) {
                    if first {
                        text.push_str(&t.period_text[1..]);
                    } else {
                        text.push_str(" and");
                        text.push_str(&t.period_text);
                    }
                    first = false;
                }
            }
        }
    }
    if let Some(holder) = terms
        .filter(|t| t.person != person)
        .find(|t| t.period.contains(date))
    {
        text.push_str(&holder.holder);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_jiff_writes_them() {
        let dates = [
            Date::constant(0, 1, 1),
            Date::constant(7, 2, 9),
            Date::constant(999, 10, 31),
            Date::constant(2024, 3, 7),
            Date::constant(9999, 12, 31),
            Date::constant(-1, 1, 1),
            Date::constant(-9999, 6, 15),
        ];
        for date in dates {
            let mut ours = String::new();
            push_date(&mut ours, date);
            assert_eq!(ours, date.to_string());
        }
    }
}
