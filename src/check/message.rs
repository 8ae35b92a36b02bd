//! The words of findings: the claim in the rule language, and what the
//! rules hold at the article's date and since when.

use jiff::civil::Date;

use crate::claims::Statement;
use crate::rules::model::{
    Assertion, Bound, DateRange, EntityId, FactId, RuleSet, Statement as FactStatement,
};

/// How an entity is called in messages: its first name valid in any
/// language (often the acronym: NATO), else its first English name, else its
/// first name, else its id.
pub fn display(rules: &RuleSet, id: EntityId) -> String {
    let e = rules.entity(id);
    let pick = |lang: &str| {
        e.names
            .iter()
            .find(|n| n.lang == lang)
            .map(|n| n.text.clone())
    };
    pick("any")
        .or_else(|| pick("en"))
        .or_else(|| e.names.first().map(|n| n.text.clone()))
        .unwrap_or_else(|| e.id.clone())
}

/// A role's name in running text: lower case unless it is an acronym.
fn role_name(rules: &RuleSet, id: EntityId) -> String {
    let name = display(rules, id);
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

fn with_period(text: String, range: &DateRange) -> String {
    let p = period(range);
    if p.is_empty() {
        text
    } else {
        format!("{text} {p}")
    }
}

/// The claim as the rule language would write it, with entity ids.
pub fn claim_text(rules: &RuleSet, statement: &Statement) -> String {
    let id = |e: EntityId| rules.entity(e).id.clone();
    match statement {
        Statement::Member {
            member,
            organization,
            negated,
        } => {
            format!(
                "{} {} {}",
                id(member.entity),
                if *negated { "not in" } else { "in" },
                id(organization.entity)
            )
        }
        Statement::Count {
            organization,
            number,
        } => format!("{} has {number} members", id(organization.entity)),
        Statement::MemberList {
            organization,
            members,
        } => {
            let list: Vec<String> = members.iter().map(|m| id(m.entity)).collect();
            format!(
                "members of {} are {{{}}}",
                id(organization.entity),
                list.join(", ")
            )
        }
        Statement::Office {
            person,
            role,
            of,
            former,
        } => {
            let verb = if *former { "was" } else { "is" };
            match of {
                Some(of) => format!("{} {verb} {} of {}", id(person.entity), id(*role), id(*of)),
                None => format!("{} {verb} {}", id(person.entity), id(*role)),
            }
        }
    }
}

fn facts_periods(
    rules: &RuleSet,
    keep: impl Fn(&Assertion) -> bool,
) -> Vec<(&Assertion, DateRange)> {
    let mut out: Vec<(&Assertion, DateRange)> = Vec::new();
    for d in rules.derived.iter().filter(|d| keep(&d.assertion)) {
        let range = rules.facts[d.fact].period;
        if !out.iter().any(|(a, r)| *a == &d.assertion && *r == range) {
            out.push((&d.assertion, range));
        }
    }
    out.sort_by_key(|(_, r)| r.start);
    out
}

/// Puts the period in force first and the others in parentheses.
fn current_then_others(parts: Vec<(String, DateRange)>, date: Date) -> String {
    let (current, others): (Vec<_>, Vec<_>) =
        parts.into_iter().partition(|(_, r)| r.contains(date));
    // The first part in force is the decisive one (direct facts come first);
    // the periods around it say since when and what held before or after.
    let mut text = current
        .into_iter()
        .map(|(t, _)| t)
        .next()
        .unwrap_or_default();
    let nearby = nearest(others, date);
    if !nearby.is_empty() {
        text = format!("{text} ({})", nearby.join("; "));
    }
    text
}

/// The texts of the periods just before and just after `date`, at most one
/// of each, in time order.
fn nearest(others: Vec<(String, DateRange)>, date: Date) -> Vec<String> {
    let before = others
        .iter()
        .filter(|(_, r)| r.end.is_some_and(|e| e <= date))
        .max_by_key(|(_, r)| r.end);
    let after = others
        .iter()
        .filter(|(_, r)| r.start.is_some_and(|s| s > date))
        .min_by_key(|(_, r)| r.start);
    before
        .into_iter()
        .chain(after)
        .map(|(t, _)| t.clone())
        .collect()
}

pub fn membership(rules: &RuleSet, member: EntityId, organization: EntityId, date: Date) -> String {
    let (m, o) = (display(rules, member), display(rules, organization));
    let parts = facts_periods(rules, |a| {
        matches!(a, Assertion::Member { member: x, organization: y, .. } if *x == member && *y == organization)
    })
    .into_iter()
    .map(|(a, r)| {
        let negated = matches!(a, Assertion::Member { negated: true, .. });
        let text = if negated { format!("{m} is not a member of {o}") } else { format!("{m} is a member of {o}") };
        (with_period(text, &r), r)
    })
    .collect();
    format!("on {date}, {}", current_then_others(parts, date))
}

fn bound_words(bound: Bound, number: u32) -> String {
    match bound {
        Bound::Exactly => number.to_string(),
        Bound::AtLeast => format!("at least {number}"),
        Bound::AtMost => format!("at most {number}"),
    }
}

pub fn count(rules: &RuleSet, organization: EntityId, date: Date) -> String {
    let o = display(rules, organization);
    let parts: Vec<(Bound, u32, DateRange)> = facts_periods(
        rules,
        |a| matches!(a, Assertion::Count { organization: x, .. } if *x == organization),
    )
    .into_iter()
    .filter_map(|(a, r)| match a {
        Assertion::Count { bound, number, .. } => Some((*bound, *number, r)),
        _ => None,
    })
    .collect();
    let (mut current, others): (Vec<_>, Vec<_>) =
        parts.into_iter().partition(|(_, _, r)| r.contains(date));
    // An exact count is what decides a claim when there is one, so it leads;
    // bounds in force at the same time follow it.
    current.sort_by_key(|(bound, _, _)| *bound != Bound::Exactly);
    if current.is_empty() {
        return format!("on {date}, the rules give no member count for {o}");
    }
    let now: Vec<String> = current
        .iter()
        .map(|(bound, number, range)| {
            with_period(
                format!("{o} has {} members", bound_words(*bound, *number)),
                range,
            )
        })
        .collect();
    let others = others
        .into_iter()
        .map(|(bound, number, r)| (with_period(bound_words(bound, number), &r), r))
        .collect();
    let nearby = nearest(others, date);
    let head = now.join("; ");
    if nearby.is_empty() {
        format!("on {date}, {head}")
    } else {
        format!("on {date}, {head} ({})", nearby.join("; "))
    }
}

pub fn member_list(
    rules: &RuleSet,
    fact: FactId,
    extra: &[EntityId],
    missing: &[EntityId],
    date: Date,
) -> String {
    let f = &rules.facts[fact];
    let FactStatement::Roster {
        organization,
        members,
    } = &f.statement
    else {
        return String::new();
    };
    let names: Vec<String> = members.iter().map(|m| display(rules, *m)).collect();
    let mut text = with_period(
        format!(
            "on {date}, the {} members of {} are {}",
            members.len(),
            display(rules, *organization),
            names.join(", ")
        ),
        &f.period,
    );
    if !extra.is_empty() {
        let e: Vec<String> = extra.iter().map(|m| display(rules, *m)).collect();
        text.push_str(&format!("; not a member: {}", e.join(", ")));
    }
    if !missing.is_empty() {
        let m: Vec<String> = missing.iter().map(|m| display(rules, *m)).collect();
        text.push_str(&format!("; left out: {}", m.join(", ")));
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
    let p = display(rules, person);
    let r = role_name(rules, role);
    let office = |of: Option<EntityId>| match of {
        Some(of) => format!("{r} of {}", display(rules, of)),
        None => r.clone(),
    };
    let office_facts = |keep: &dyn Fn(EntityId) -> bool| {
        let mut v: Vec<(EntityId, EntityId, DateRange)> = rules
            .facts
            .iter()
            .filter_map(|f| match f.statement {
                FactStatement::Office {
                    person: x,
                    role: y,
                    of: z,
                } if y == role && of.is_none_or(|o| o == z) && keep(x) => Some((x, z, f.period)),
                _ => None,
            })
            .collect();
        v.sort_by_key(|(_, _, r)| r.start);
        v
    };
    let own = office_facts(&|x| x == person);
    let mut parts = Vec::new();
    if own.is_empty() {
        parts.push(format!("the rules know no term of {p} as {}", office(of)));
    } else if let Some((_, z, range)) = own.iter().find(|(_, _, r)| r.contains(date)) {
        parts.push(with_period(format!("{p} is {}", office(Some(*z))), range));
    } else {
        let terms: Vec<String> = own
            .iter()
            .map(|(_, _, r)| period(r))
            .filter(|t| !t.is_empty())
            .collect();
        parts.push(format!(
            "{p} was {} {}",
            office(own.first().map(|(_, z, _)| *z)),
            terms.join(" and ")
        ));
    }
    let holders = office_facts(&|x| x != person);
    if let Some((h, z, range)) = holders.iter().find(|(_, _, r)| r.contains(date)) {
        parts.push(with_period(
            format!("the {} is {}", office(Some(*z)), display(rules, *h)),
            range,
        ));
    }
    format!("on {date}, {}", parts.join("; "))
}
