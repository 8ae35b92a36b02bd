//! Turns rule files into a checked [`RuleSet`].
//!
//! Every file is parsed and walked in full, whatever went wrong before, so
//! that one load reports every problem: YAML syntax, unknown and missing
//! keys, bad values, duplicate ids, statement syntax, undeclared entities,
//! wrong kinds, and facts that disagree with each other.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::diagnostic::RuleDiagnostic;
use super::model::{
    ANY_LANGUAGE, Assertion, Bound, DateRange, Derived, Entity, EntityId, EntityKind, Example,
    ExpectedVerdict, Fact, FactId, Label, Origin, RuleSet, Severity, SourceFile, Statement,
};
use super::scalar_map::{LazyScalarMap, ScalarMap};
use super::yaml::{self, Node, Value};
use crate::dsl::ast::{self, EntityRef};
use crate::dsl::{DslError, parse_date, parse_statement};

const TOP_LEVEL_KEYS: &[&str] = &["entities", "facts"];
const ENTITY_KEYS: &[&str] = &["kind", "names", "demonyms"];
const FACT_KEYS: &[&str] = &["id", "fact", "source", "severity", "examples"];
const EXAMPLE_KEYS: &[&str] = &["text", "lang", "verdict", "date"];
/// The most keys any mapping of a rule file allows (a fact's).
const MAX_KEYS: usize = FACT_KEYS.len();
const _: () = assert!(
    TOP_LEVEL_KEYS.len() <= MAX_KEYS
        && ENTITY_KEYS.len() <= MAX_KEYS
        && EXAMPLE_KEYS.len() <= MAX_KEYS
);
const KINDS: &[&str] = &["country", "organization", "person", "role", "other"];
const LANGUAGE_HELP: &str =
    "use `any` or a two-letter ISO 639-1 language code in lower case, such as `en` or `fr`";

/// Diagnostics with the position they sort by: file index, then offset.
#[derive(Default)]
struct Diagnostics {
    items: Vec<(usize, usize, RuleDiagnostic)>,
}

impl Diagnostics {
    fn push(&mut self, file: usize, diagnostic: RuleDiagnostic) {
        let offset = diagnostic.primary_span().map_or(0, |span| span.start);
        self.items.push((file, offset, diagnostic));
    }

    fn into_sorted(mut self) -> Vec<RuleDiagnostic> {
        self.items.sort_by_key(|(file, offset, _)| (*file, *offset));
        self.items
            .into_iter()
            .map(|(_, _, diagnostic)| diagnostic)
            .collect()
    }
}

/// The key and value given for each allowed key of a mapping.
///
/// A mapping allows at most five keys, so a lookup by name is a short scan;
/// a hash map per mapping cost several percent of loading a large rule set.
struct KeyedValues<'n> {
    allowed: &'static [&'static str],
    values: [Option<(&'n Node, &'n Node)>; MAX_KEYS],
}

impl<'n> KeyedValues<'n> {
    fn get(&self, name: &str) -> Option<(&'n Node, &'n Node)> {
        let index = self.allowed.iter().position(|allowed| *allowed == name)?;
        self.values[index]
    }

    /// How many allowed keys were given.
    fn len(&self) -> usize {
        self.values.iter().flatten().count()
    }
}

/// A fact as read from its file, before its statement is resolved.
struct FactEntry {
    file: usize,
    id: String,
    id_span: Range<usize>,
    fact: Node,
    source: Option<String>,
    severity: Severity,
    examples: Vec<Example>,
    /// False when a problem other than the statement was already reported,
    /// so the fact cannot join the rule set.
    usable: bool,
}

struct Compiler {
    files: Vec<SourceFile>,
    diagnostics: Diagnostics,
    entities: Vec<Entity>,
    by_id: HashMap<String, EntityId>,
    /// Ids of entities whose declaration has a reported problem: statements
    /// naming them are not reported again as naming an unknown entity.
    broken_entities: HashSet<String>,
    fact_entries: Vec<FactEntry>,
}

/// Compiles rule files into a rule set, or returns every diagnostic.
pub(crate) fn compile(files: Vec<SourceFile>) -> Result<RuleSet, Vec<RuleDiagnostic>> {
    let mut compiler = Compiler {
        files,
        diagnostics: Diagnostics::default(),
        entities: Vec::new(),
        by_id: HashMap::new(),
        broken_entities: HashSet::new(),
        fact_entries: Vec::new(),
    };
    for file in 0..compiler.files.len() {
        compiler.read_file(file);
    }
    let facts = compiler.resolve_facts();
    let mut rule_set = RuleSet {
        files: std::mem::take(&mut compiler.files),
        entities: std::mem::take(&mut compiler.entities),
        facts,
        by_id: std::mem::take(&mut compiler.by_id),
        derived: Vec::new(),
        extra_lang_packs: Vec::new(),
    };
    rule_set.derived = derive(&rule_set);
    check_conflicts(&rule_set, &mut compiler.diagnostics);
    let diagnostics = compiler.diagnostics.into_sorted();
    if diagnostics.is_empty() {
        Ok(rule_set)
    } else {
        Err(diagnostics)
    }
}

/// Suggests the candidate closest to `word` when it is a likely misspelling.
fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let allowed = (lower.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::levenshtein(&lower, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn one_of(words: &[&str]) -> String {
    words
        .iter()
        .map(|word| format!("`{word}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_language_code(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|b| b.is_ascii_lowercase())
}

fn parse_kind(text: &str) -> Option<EntityKind> {
    Some(match text {
        "country" => EntityKind::Country,
        "organization" => EntityKind::Organization,
        "person" => EntityKind::Person,
        "role" => EntityKind::Role,
        "other" => EntityKind::Other,
        _ => return None,
    })
}

/// A kind with its article, for messages: "a country", "an organization".
fn kind_with_article(kind: EntityKind) -> String {
    match kind {
        EntityKind::Organization | EntityKind::Other => format!("an {}", kind.as_str()),
        _ => format!("a {}", kind.as_str()),
    }
}

impl Compiler {
    fn file(&self, file: usize) -> &SourceFile {
        &self.files[file]
    }

    fn report(&mut self, file: usize, diagnostic: RuleDiagnostic) {
        let diagnostic = diagnostic.in_file(&self.files[file]);
        self.diagnostics.push(file, diagnostic);
    }

    /// Reports a value of the wrong shape.
    fn wrong_shape(&mut self, file: usize, node: &Node, what: &str, expected: &str, help: &str) {
        self.report(
            file,
            RuleDiagnostic::new(
                "rules::wrong-type",
                format!("expected {expected} for {what}, found {}", node.describe()),
            )
            .primary(node.span.clone(), format!("expected {expected}"))
            .help(help),
        );
    }

    /// Checks the keys of a mapping against the allowed ones: reports
    /// unknown keys (with a suggestion), duplicates and non-text keys, and
    /// returns the value of each known key.
    fn keyed<'n>(
        &mut self,
        file: usize,
        entries: &'n [(Node, Node)],
        allowed: &'static [&'static str],
        owner: &str,
    ) -> KeyedValues<'n> {
        let mut found = KeyedValues {
            allowed,
            values: [None; MAX_KEYS],
        };
        for (key, value) in entries {
            let Some(name) = key.as_scalar() else {
                self.report(
                    file,
                    RuleDiagnostic::new(
                        "rules::bad-key",
                        format!("expected a key name in {owner}"),
                    )
                    .primary(key.span.clone(), "not a key name"),
                );
                continue;
            };
            let Some(known) = allowed.iter().position(|allowed| *allowed == name) else {
                let help = match suggest(name, allowed.iter().copied()) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!("the keys allowed here are {}", one_of(allowed)),
                };
                self.report(
                    file,
                    RuleDiagnostic::new(
                        "rules::unknown-key",
                        format!("unknown key `{name}` in {owner}"),
                    )
                    .primary(key.span.clone(), "unknown key")
                    .help(help),
                );
                continue;
            };
            if let Some((first, _)) = found.values[known] {
                let first_span = first.span.clone();
                self.report(
                    file,
                    RuleDiagnostic::new(
                        "rules::duplicate-key",
                        format!("duplicate key `{name}` in {owner}"),
                    )
                    .primary(key.span.clone(), "given again here")
                    .secondary(first_span, "first given here")
                    .help("give each key once"),
                );
                continue;
            }
            found.values[known] = Some((key, value));
        }
        found
    }

    /// Reports a missing required key at `owner_span`.
    fn missing_key(
        &mut self,
        file: usize,
        owner_span: Range<usize>,
        key: &str,
        owner: &str,
        help: &str,
    ) {
        self.report(
            file,
            RuleDiagnostic::new("rules::missing-key", format!("{owner} has no `{key}`"))
                .primary(owner_span, format!("`{key}` is missing here"))
                .help(help.to_string()),
        );
    }

    /// A scalar value, or a reported error.
    fn scalar<'n>(&mut self, file: usize, node: &'n Node, what: &str) -> Option<&'n str> {
        match node.as_scalar() {
            Some(text) => Some(text),
            None => {
                self.wrong_shape(
                    file,
                    node,
                    what,
                    "a single value",
                    "write a single text value",
                );
                None
            }
        }
    }

    fn read_file(&mut self, file: usize) {
        let text = std::sync::Arc::clone(&self.file(file).text);
        let root = match yaml::parse(&text) {
            Ok(root) => root,
            Err(error) => {
                let offset = error.offset.min(text.len());
                self.report(
                    file,
                    RuleDiagnostic::new("rules::yaml", format!("invalid YAML: {}", error.message))
                        .primary(offset..offset, error.message.clone())
                        .help("fix the YAML syntax; the rest of this file cannot be checked until it parses"),
                );
                return;
            }
        };
        let entries = match &root.value {
            Value::Null => return,
            Value::Map(entries) => entries,
            _ => {
                self.wrong_shape(
                    file,
                    &root,
                    "a rule file",
                    "a mapping",
                    "a rule file is a mapping with `entities:`, `facts:`, or both",
                );
                return;
            }
        };
        let keys = self.keyed(file, entries, TOP_LEVEL_KEYS, "a rule file");
        if let Some((_, entities)) = keys.get("entities") {
            self.read_entities(file, entities);
        }
        if let Some((_, facts)) = keys.get("facts") {
            self.read_facts(file, facts);
        }
    }

    fn read_entities(&mut self, file: usize, node: &Node) {
        let entries = match &node.value {
            Value::Null => return,
            Value::Map(entries) => entries,
            _ => {
                self.wrong_shape(
                    file,
                    node,
                    "`entities`",
                    "a mapping",
                    "`entities:` maps each entity id to its kind and names",
                );
                return;
            }
        };
        for (key, body) in entries {
            let Some(id) = key.as_scalar() else {
                self.report(
                    file,
                    RuleDiagnostic::new("rules::bad-id", "expected an entity id")
                        .primary(key.span.clone(), "not an entity id"),
                );
                continue;
            };
            self.read_entity(file, id, key, body);
        }
    }

    fn read_entity(&mut self, file: usize, id: &str, key: &Node, body: &Node) {
        let mut usable = true;
        if id.trim().is_empty() || id.trim() != id || id.contains(['"', '\n', '\r', '\t']) {
            self.report(
                file,
                RuleDiagnostic::new("rules::bad-id", format!("invalid entity id \"{id}\""))
                    .primary(key.span.clone(), "invalid id")
                    .help("an entity id is made of letters, digits, '-' and '_'; it may not be empty, contain double quotes or line breaks, or start or end with a space"),
            );
            usable = false;
        }
        let owner = format!("entity \"{id}\"");
        let Some(entries) = body.as_map() else {
            self.wrong_shape(
                file,
                body,
                &owner,
                "a mapping",
                "an entity has `kind:`, `names:` and optionally `demonyms:`",
            );
            return;
        };
        let keys = self.keyed(file, entries, ENTITY_KEYS, &owner);
        let kind = match keys.get("kind") {
            None => {
                self.missing_key(
                    file,
                    key.span.clone(),
                    "kind",
                    &owner,
                    "add `kind:` with one of `country`, `organization`, `person`, `role`, `other`",
                );
                None
            }
            Some((_, node)) => match self.scalar(file, node, "`kind`") {
                None => None,
                Some(text) => match parse_kind(text) {
                    Some(kind) => Some(kind),
                    None => {
                        let help = match suggest(text, KINDS.iter().copied()) {
                            Some(suggestion) => format!("did you mean `{suggestion}`?"),
                            None => format!("the kind is one of {}", one_of(KINDS)),
                        };
                        self.report(
                            file,
                            RuleDiagnostic::new(
                                "rules::bad-kind",
                                format!("unknown entity kind `{text}`"),
                            )
                            .primary(node.span.clone(), "unknown kind")
                            .help(help),
                        );
                        None
                    }
                },
            },
        };
        let names = match keys.get("names") {
            None => {
                self.missing_key(
                    file,
                    key.span.clone(),
                    "names",
                    &owner,
                    "add `names:` with the entity's names per language, like `names: {en: [Japan]}`",
                );
                None
            }
            Some((_, node)) => self.read_labels(file, node, "names"),
        };
        let demonyms = match keys.get("demonyms") {
            None => Some(Vec::new()),
            Some((_, node)) => self.read_labels(file, node, "demonyms"),
        };
        if let Some(&first) = self.by_id.get(id) {
            let first_origin = self.entities[first].origin.clone();
            let mut diagnostic = RuleDiagnostic::new(
                "rules::duplicate-id",
                format!("entity \"{id}\" is declared twice"),
            )
            .primary(key.span.clone(), "declared again here")
            .help("entity ids must be unique across all rule files; remove or rename one of them");
            if first_origin.file == file {
                diagnostic = diagnostic.secondary(first_origin.span, "first declared here");
            } else {
                diagnostic = diagnostic.with_related(
                    RuleDiagnostic::new(
                        "rules::duplicate-id",
                        format!("entity \"{id}\" is first declared here"),
                    )
                    .in_file(&self.files[first_origin.file])
                    .primary(first_origin.span, "first declared here")
                    .into_advice(),
                );
            }
            self.report(file, diagnostic);
            return;
        }
        let (Some(kind), Some(names), Some(demonyms), true) = (kind, names, demonyms, usable)
        else {
            self.broken_entities.insert(id.to_string());
            return;
        };
        self.by_id.insert(id.to_string(), self.entities.len());
        self.entities.push(Entity {
            id: id.to_string(),
            kind,
            names,
            demonyms,
            origin: Origin {
                file,
                span: key.span.clone(),
            },
        });
    }

    /// Reads `names:` or `demonyms:`: language keys mapped to lists of text.
    fn read_labels(&mut self, file: usize, node: &Node, what: &str) -> Option<Vec<Label>> {
        let Some(entries) = node.as_map() else {
            self.wrong_shape(
                file,
                node,
                &format!("`{what}`"),
                "a mapping of languages to lists",
                &format!("write `{what}:` as languages mapped to lists, like `{{en: [Japan], fr: [Japon]}}`"),
            );
            return None;
        };
        let mut labels = Vec::new();
        let mut ok = true;
        let mut seen: HashMap<&str, Range<usize>> = HashMap::new();
        for (key, list) in entries {
            let Some(lang) = key.as_scalar() else {
                self.report(
                    file,
                    RuleDiagnostic::new(
                        "rules::bad-language",
                        format!("expected a language key in `{what}`"),
                    )
                    .primary(key.span.clone(), "not a language key")
                    .help(LANGUAGE_HELP),
                );
                ok = false;
                continue;
            };
            if lang != ANY_LANGUAGE && !is_language_code(lang) {
                self.report(
                    file,
                    RuleDiagnostic::new(
                        "rules::bad-language",
                        format!("invalid language key `{lang}` in `{what}`"),
                    )
                    .primary(key.span.clone(), "not a language code")
                    .help(LANGUAGE_HELP),
                );
                ok = false;
                continue;
            }
            if let Some(first) = seen.get(lang) {
                let first = first.clone();
                self.report(
                    file,
                    RuleDiagnostic::new(
                        "rules::duplicate-key",
                        format!("language `{lang}` is given twice in `{what}`"),
                    )
                    .primary(key.span.clone(), "given again here")
                    .secondary(first, "first given here")
                    .help("merge the two lists into one"),
                );
                ok = false;
                continue;
            }
            seen.insert(lang, key.span.clone());
            let Some(items) = list.as_seq() else {
                self.wrong_shape(
                    file,
                    list,
                    &format!("`{what}` in `{lang}`"),
                    "a list",
                    &format!("write the {what} as a list, like `{lang}: [Japan]`"),
                );
                ok = false;
                continue;
            };
            for item in items {
                match item.as_scalar() {
                    Some(text) if !text.trim().is_empty() => labels.push(Label {
                        lang: lang.to_string(),
                        text: text.to_string(),
                    }),
                    _ => {
                        self.report(
                            file,
                            RuleDiagnostic::new(
                                "rules::bad-name",
                                format!("expected a non-empty text in `{what}`"),
                            )
                            .primary(item.span.clone(), "not a name"),
                        );
                        ok = false;
                    }
                }
            }
        }
        ok.then_some(labels)
    }

    fn read_facts(&mut self, file: usize, node: &Node) {
        let items = match &node.value {
            Value::Null => return,
            Value::Seq(items) => items,
            _ => {
                self.wrong_shape(
                    file,
                    node,
                    "`facts`",
                    "a list",
                    "`facts:` is a list of facts, each starting with `- id:`",
                );
                return;
            }
        };
        for item in items {
            self.read_fact(file, item);
        }
    }

    fn read_fact(&mut self, file: usize, item: &Node) {
        let Some(entries) = item.as_map() else {
            self.wrong_shape(
                file,
                item,
                "a fact",
                "a mapping",
                "a fact is a mapping with `id:` and `fact:`",
            );
            return;
        };
        let owner_span = entries
            .first()
            .map_or(item.span.clone(), |(key, _)| key.span.clone());
        let id_text = entries
            .iter()
            .find(|(key, _)| key.as_scalar() == Some("id"))
            .and_then(|(_, value)| value.as_scalar())
            .map(str::to_string);
        let owner = match &id_text {
            Some(id) => format!("fact \"{id}\""),
            None => "a fact".to_string(),
        };
        let keys = self.keyed(file, entries, FACT_KEYS, &owner);
        let mut usable = true;
        let (id, id_span) = match keys.get("id") {
            None => {
                self.missing_key(
                    file,
                    owner_span.clone(),
                    "id",
                    &owner,
                    "add `id:` with a unique name for the fact, like `japan-not-in-aukus`",
                );
                usable = false;
                (String::new(), owner_span.clone())
            }
            Some((_, node)) => match self.scalar(file, node, "`id`") {
                Some(text) if !text.is_empty() && !text.contains(char::is_whitespace) => {
                    (text.to_string(), node.span.clone())
                }
                Some(text) => {
                    self.report(
                        file,
                        RuleDiagnostic::new("rules::bad-id", format!("invalid fact id \"{text}\""))
                            .primary(node.span.clone(), "invalid id")
                            .help("a fact id is a non-empty name without spaces, like `japan-not-in-aukus`"),
                    );
                    usable = false;
                    (text.to_string(), node.span.clone())
                }
                None => {
                    usable = false;
                    (String::new(), node.span.clone())
                }
            },
        };
        let fact = match keys.get("fact") {
            None => {
                self.missing_key(
                    file,
                    owner_span.clone(),
                    "fact",
                    &owner,
                    "add `fact:` with the statement, like `fact: Japan not in AUKUS`",
                );
                None
            }
            Some((_, node)) => self.scalar(file, node, "`fact`").map(|_| (*node).clone()),
        };
        let source = match keys.get("source") {
            None => None,
            Some((_, node)) => match self.scalar(file, node, "`source`") {
                Some(text) => Some(text.to_string()),
                None => {
                    usable = false;
                    None
                }
            },
        };
        let severity = match keys.get("severity") {
            None => Severity::Error,
            Some((_, node)) => match self.scalar(file, node, "`severity`") {
                Some("error") => Severity::Error,
                Some("warning") => Severity::Warning,
                Some(text) => {
                    let help = match suggest(text, ["error", "warning"]) {
                        Some(suggestion) => format!("did you mean `{suggestion}`?"),
                        None => "the severity is `error` (the default) or `warning`".to_string(),
                    };
                    self.report(
                        file,
                        RuleDiagnostic::new(
                            "rules::bad-severity",
                            format!("invalid severity `{text}`"),
                        )
                        .primary(node.span.clone(), "not a severity")
                        .help(help),
                    );
                    usable = false;
                    Severity::Error
                }
                None => {
                    usable = false;
                    Severity::Error
                }
            },
        };
        let examples = match keys.get("examples") {
            None => Vec::new(),
            Some((_, node)) => match self.read_examples(file, node) {
                Some(examples) => examples,
                None => {
                    usable = false;
                    Vec::new()
                }
            },
        };
        let Some(fact) = fact else {
            return;
        };
        self.fact_entries.push(FactEntry {
            file,
            id,
            id_span,
            fact,
            source,
            severity,
            examples,
            usable,
        });
    }

    fn read_examples(&mut self, file: usize, node: &Node) -> Option<Vec<Example>> {
        let items = match &node.value {
            Value::Null => return Some(Vec::new()),
            Value::Seq(items) => items,
            _ => {
                self.wrong_shape(
                    file,
                    node,
                    "`examples`",
                    "a list",
                    "`examples:` is a list, each starting with `- text:`",
                );
                return None;
            }
        };
        let mut examples = Vec::new();
        let mut ok = true;
        for item in items {
            match self.read_example(file, item) {
                Some(example) => examples.push(example),
                None => ok = false,
            }
        }
        ok.then_some(examples)
    }

    fn read_example(&mut self, file: usize, item: &Node) -> Option<Example> {
        let Some(entries) = item.as_map() else {
            self.wrong_shape(
                file,
                item,
                "an example",
                "a mapping",
                "an example has `text:` and `verdict:`",
            );
            return None;
        };
        let owner_span = entries
            .first()
            .map_or(item.span.clone(), |(key, _)| key.span.clone());
        let keys = self.keyed(file, entries, EXAMPLE_KEYS, "an example");
        let mut ok = keys.len() == entries.len();
        let text = match keys.get("text") {
            None => {
                self.missing_key(
                    file,
                    owner_span.clone(),
                    "text",
                    "an example",
                    "add `text:` with the sentence to check",
                );
                None
            }
            Some((_, node)) => self
                .scalar(file, node, "`text`")
                .map(|text| (text.to_string(), node.span.clone())),
        };
        let lang = match keys.get("lang") {
            None => None,
            Some((_, node)) => match self.scalar(file, node, "`lang`") {
                Some(code) if is_language_code(code) => Some(code.to_string()),
                Some(code) => {
                    self.report(
                        file,
                        RuleDiagnostic::new("rules::bad-language", format!("invalid example language `{code}`"))
                            .primary(node.span.clone(), "not a language code")
                            .help("use a two-letter ISO 639-1 code in lower case, such as `en`, or leave `lang:` out to detect the language"),
                    );
                    ok = false;
                    None
                }
                None => {
                    ok = false;
                    None
                }
            },
        };
        let verdict = match keys.get("verdict") {
            None => {
                self.missing_key(
                    file,
                    owner_span,
                    "verdict",
                    "an example",
                    "add `verdict:` with `supported`, `contradicted` or `none`",
                );
                None
            }
            Some((_, node)) => match self.scalar(file, node, "`verdict`") {
                Some("supported") => Some(ExpectedVerdict::Supported),
                Some("contradicted") => Some(ExpectedVerdict::Contradicted),
                Some("none") => Some(ExpectedVerdict::None),
                Some(other) => {
                    let verdicts = ["supported", "contradicted", "none"];
                    let help = match suggest(other, verdicts) {
                        Some(suggestion) => format!("did you mean `{suggestion}`?"),
                        None => format!("the verdict is one of {}", one_of(&verdicts)),
                    };
                    self.report(
                        file,
                        RuleDiagnostic::new(
                            "rules::bad-verdict",
                            format!("invalid example verdict `{other}`"),
                        )
                        .primary(node.span.clone(), "not a verdict")
                        .help(help),
                    );
                    None
                }
                None => None,
            },
        };
        let date = match keys.get("date") {
            None => None,
            Some((_, node)) => match self.scalar(file, node, "`date`") {
                None => {
                    ok = false;
                    None
                }
                Some(text) => match parse_date(text) {
                    Ok(date) => date.first_day(),
                    Err(error) => {
                        let map = ScalarMap::new(&self.file(file).text, node.defined.clone(), text);
                        self.report(
                            file,
                            RuleDiagnostic::new(
                                "rules::bad-date",
                                format!("invalid example date: {}", error.message),
                            )
                            .primary(map.span(error.span), error.label)
                            .help("write the date as YYYY-MM-DD, YYYY-MM or YYYY"),
                        );
                        ok = false;
                        None
                    }
                },
            },
        };
        let ((text, text_span), verdict) = (text?, verdict?);
        ok.then_some(Example {
            text,
            lang,
            verdict,
            date,
            origin: Origin {
                file,
                span: text_span,
            },
        })
    }

    /// Parses and resolves every fact's statement; reports duplicate fact
    /// ids. Returns the facts that are free of problems.
    fn resolve_facts(&mut self) -> Vec<Fact> {
        let entries = std::mem::take(&mut self.fact_entries);
        let mut first_by_id: HashMap<String, (usize, Range<usize>)> = HashMap::new();
        let mut facts = Vec::new();
        for entry in entries {
            let mut usable = entry.usable;
            if !entry.id.is_empty() {
                if let Some((first_file, first_span)) = first_by_id.get(&entry.id).cloned() {
                    let mut diagnostic = RuleDiagnostic::new(
                        "rules::duplicate-id",
                        format!("fact id \"{}\" is used twice", entry.id),
                    )
                    .primary(entry.id_span.clone(), "used again here")
                    .help("fact ids must be unique across all rule files; reports and suppressions refer to facts by id");
                    if first_file == entry.file {
                        diagnostic = diagnostic.secondary(first_span, "first used here");
                    } else {
                        diagnostic = diagnostic.with_related(
                            RuleDiagnostic::new(
                                "rules::duplicate-id",
                                format!("fact id \"{}\" is first used here", entry.id),
                            )
                            .in_file(&self.files[first_file])
                            .primary(first_span, "first used here")
                            .into_advice(),
                        );
                    }
                    self.report(entry.file, diagnostic);
                    usable = false;
                } else {
                    first_by_id.insert(entry.id.clone(), (entry.file, entry.id_span.clone()));
                }
            }
            let text = entry.fact.as_scalar().unwrap_or_default().to_string();
            let map = LazyScalarMap::new(
                self.file(entry.file).text.clone(),
                entry.fact.defined.clone(),
                &text,
            );
            let (statement, errors) = parse_statement(&text);
            for error in errors {
                self.report_dsl_error(entry.file, &map, error);
            }
            let Some(statement) = statement else {
                continue;
            };
            let resolved = self.resolve_statement(entry.file, &map, &statement);
            let period = DateRange {
                start: statement.period.start.and_then(|date| date.first_day()),
                end: statement.period.end.and_then(|date| date.first_day()),
            };
            if let (Some(resolved), true) = (resolved, usable) {
                facts.push(Fact {
                    id: entry.id,
                    text: text.clone(),
                    statement: resolved,
                    period,
                    source: entry.source,
                    severity: entry.severity,
                    examples: entry.examples,
                    origin: Origin {
                        file: entry.file,
                        span: entry.fact.span.clone(),
                    },
                });
            }
        }
        facts
    }

    fn report_dsl_error(&mut self, file: usize, map: &LazyScalarMap, error: DslError) {
        let mut diagnostic = RuleDiagnostic::new("rules::statement", error.message)
            .primary(map.span(error.span), error.label);
        if let Some(help) = error.help {
            diagnostic = diagnostic.help(help);
        }
        self.report(file, diagnostic);
    }

    /// Resolves every entity of a statement, checking kinds. Reports every
    /// problem before giving up.
    fn resolve_statement(
        &mut self,
        file: usize,
        map: &LazyScalarMap,
        statement: &ast::Statement,
    ) -> Option<Statement> {
        use EntityKind::{Country, Organization, Other, Person, Role};
        const MEMBERS: &[EntityKind] = &[Country, Organization, Other];
        const ORGANIZATIONS: &[EntityKind] = &[Organization];
        match &statement.claim {
            ast::Claim::Membership {
                member,
                organization,
                negated,
            } => {
                let member = self.resolve(file, map, member, MEMBERS, "a member");
                let organization = self.resolve(
                    file,
                    map,
                    organization,
                    ORGANIZATIONS,
                    "what an entity is a member of",
                );
                Some(Statement::Membership {
                    member: member?,
                    organization: organization?,
                    negated: *negated,
                })
            }
            ast::Claim::Count {
                organization,
                bound,
                number,
                ..
            } => {
                let organization =
                    self.resolve(file, map, organization, ORGANIZATIONS, "what has members");
                Some(Statement::Count {
                    organization: organization?,
                    bound: *bound,
                    number: *number,
                })
            }
            ast::Claim::Roster {
                organization,
                members,
            } => {
                let organization =
                    self.resolve(file, map, organization, ORGANIZATIONS, "what has members");
                let members: Vec<Option<EntityId>> = members
                    .iter()
                    .map(|member| self.resolve(file, map, member, MEMBERS, "a member"))
                    .collect();
                Some(Statement::Roster {
                    organization: organization?,
                    members: members.into_iter().collect::<Option<Vec<_>>>()?,
                })
            }
            ast::Claim::Office { person, role, of } => {
                let person = self.resolve(file, map, person, &[Person], "the holder of an office");
                let role = self.resolve(file, map, role, &[Role], "the office held");
                let of = self.resolve(
                    file,
                    map,
                    of,
                    &[Country, Organization],
                    "what an office is held in",
                );
                Some(Statement::Office {
                    person: person?,
                    role: role?,
                    of: of?,
                })
            }
        }
    }

    fn resolve(
        &mut self,
        file: usize,
        map: &LazyScalarMap,
        entity: &EntityRef,
        allowed: &[EntityKind],
        position: &str,
    ) -> Option<EntityId> {
        let Some(&id) = self.by_id.get(&entity.id) else {
            if self.broken_entities.contains(&entity.id) {
                return None;
            }
            let help = self.suggest_entity(&entity.id);
            self.report(
                file,
                RuleDiagnostic::new(
                    "rules::unknown-entity",
                    format!("unknown entity \"{}\"", entity.id),
                )
                .primary(
                    map.span(entity.span.clone()),
                    "not declared under `entities:`",
                )
                .help(help),
            );
            return None;
        };
        let kind = self.entities[id].kind;
        if allowed.contains(&kind) {
            return Some(id);
        }
        let expected = allowed
            .iter()
            .map(|kind| kind_with_article(*kind))
            .collect::<Vec<_>>();
        let expected = match expected.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        let declared = self.entities[id].origin.clone();
        let declared_at = self.position(&declared);
        let diagnostic = RuleDiagnostic::new(
            "rules::wrong-kind",
            format!(
                "\"{}\" is {}, but {position} must be {expected}",
                entity.id,
                kind_with_article(kind)
            ),
        )
        .primary(
            map.span(entity.span.clone()),
            format!("{} here", kind_with_article(kind)),
        )
        .help(format!(
            "use {expected} here, or change the kind of \"{}\" (declared at {declared_at})",
            entity.id
        ));
        self.report(file, diagnostic);
        None
    }

    /// `file:line:col` of a declaration, for messages.
    fn position(&self, origin: &Origin) -> String {
        let file = &self.files[origin.file];
        let before = file.text.get(..origin.span.start).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        format!("{}:{line}:{column}", file.name)
    }

    fn suggest_entity(&self, id: &str) -> String {
        let candidates = self.entities.iter().map(|entity| entity.id.as_str());
        match suggest(id, candidates) {
            Some(suggestion) => format!("did you mean \"{suggestion}\"?"),
            None => "declare the entity under `entities:` in a rule file, or check its spelling"
                .to_string(),
        }
    }
}

/// Every assertion of every fact, rosters expanded.
fn derive(rule_set: &RuleSet) -> Vec<Derived> {
    let mut derived = Vec::new();
    for (fact_id, fact) in rule_set.facts.iter().enumerate() {
        let mut push = |assertion: Assertion, direct: bool| {
            derived.push(Derived {
                fact: fact_id,
                assertion,
                direct,
            });
        };
        match &fact.statement {
            Statement::Membership {
                member,
                organization,
                negated,
            } => push(
                Assertion::Member {
                    member: *member,
                    organization: *organization,
                    negated: *negated,
                },
                true,
            ),
            Statement::Count {
                organization,
                bound,
                number,
            } => push(
                Assertion::Count {
                    organization: *organization,
                    bound: *bound,
                    number: *number,
                },
                true,
            ),
            Statement::Office { person, role, of } => push(
                Assertion::Office {
                    person: *person,
                    role: *role,
                    of: *of,
                },
                true,
            ),
            Statement::Roster {
                organization,
                members,
            } => {
                for member in members {
                    push(
                        Assertion::Member {
                            member: *member,
                            organization: *organization,
                            negated: false,
                        },
                        false,
                    );
                }
                push(
                    Assertion::Count {
                        organization: *organization,
                        bound: Bound::Exactly,
                        number: u32::try_from(members.len()).unwrap_or(u32::MAX),
                    },
                    false,
                );
                let listed_kinds: HashSet<EntityKind> = members
                    .iter()
                    .map(|member| rule_set.entities[*member].kind)
                    .collect();
                for (other, entity) in rule_set.entities.iter().enumerate() {
                    if other != *organization
                        && !members.contains(&other)
                        && listed_kinds.contains(&entity.kind)
                    {
                        push(
                            Assertion::Member {
                                member: other,
                                organization: *organization,
                                negated: true,
                            },
                            false,
                        );
                    }
                }
            }
        }
    }
    derived
}

/// The range of member counts an assertion allows.
fn count_range(bound: Bound, number: u32) -> (u32, u32) {
    match bound {
        Bound::Exactly => (number, number),
        Bound::AtLeast => (number, u32::MAX),
        Bound::AtMost => (0, number),
    }
}

/// Whether two assertions about the same thing cannot both hold.
fn disagree(first: &Assertion, second: &Assertion) -> bool {
    match (first, second) {
        (
            Assertion::Member {
                member: first_member,
                organization: first_organization,
                negated: first_negated,
            },
            Assertion::Member {
                member: second_member,
                organization: second_organization,
                negated: second_negated,
            },
        ) => {
            first_member == second_member
                && first_organization == second_organization
                && first_negated != second_negated
        }
        (
            Assertion::Count {
                organization: first_organization,
                bound: first_bound,
                number: first_number,
            },
            Assertion::Count {
                organization: second_organization,
                bound: second_bound,
                number: second_number,
            },
        ) => {
            let (first_low, first_high) = count_range(*first_bound, *first_number);
            let (second_low, second_high) = count_range(*second_bound, *second_number);
            first_organization == second_organization
                && (first_low.max(second_low) > first_high.min(second_high))
        }
        _ => false,
    }
}

/// The key assertions that may disagree share: the organization, and for
/// memberships the member.
fn conflict_key(assertion: &Assertion) -> Option<(u8, EntityId, EntityId)> {
    match assertion {
        Assertion::Member {
            member,
            organization,
            ..
        } => Some((0, *member, *organization)),
        Assertion::Count { organization, .. } => Some((1, *organization, *organization)),
        Assertion::Office { .. } => None,
    }
}

/// When two overlapping ranges both hold, in words.
fn overlap_note(first: &DateRange, second: &DateRange) -> String {
    let start = match (first.start, second.start) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let end = match (first.end, second.end) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    match (start, end) {
        (Some(start), _) => format!("both hold on {start}"),
        (None, Some(end)) => format!("both hold before {end}"),
        (None, None) => "both always hold".to_string(),
    }
}

/// Reports pairs of facts that disagree at some date, once per pair, at the
/// later fact.
fn check_conflicts(rule_set: &RuleSet, diagnostics: &mut Diagnostics) {
    let mut by_key: HashMap<(u8, EntityId, EntityId), Vec<usize>> = HashMap::new();
    let mut reported: HashSet<(FactId, FactId)> = HashSet::new();
    for (index, later) in rule_set.derived.iter().enumerate() {
        let Some(key) = conflict_key(&later.assertion) else {
            continue;
        };
        let earlier_indices = by_key.entry(key).or_default();
        for &earlier_index in earlier_indices.iter() {
            let earlier = &rule_set.derived[earlier_index];
            if earlier.fact == later.fact || reported.contains(&(earlier.fact, later.fact)) {
                continue;
            }
            let earlier_fact = &rule_set.facts[earlier.fact];
            let later_fact = &rule_set.facts[later.fact];
            if !disagree(&earlier.assertion, &later.assertion)
                || !earlier_fact.period.overlaps(&later_fact.period)
            {
                continue;
            }
            reported.insert((earlier.fact, later.fact));
            diagnostics.push(
                later_fact.origin.file,
                conflict_diagnostic(rule_set, earlier, later),
            );
        }
        earlier_indices.push(index);
    }
}

fn conflict_diagnostic(rule_set: &RuleSet, earlier: &Derived, later: &Derived) -> RuleDiagnostic {
    let earlier_fact = &rule_set.facts[earlier.fact];
    let later_fact = &rule_set.facts[later.fact];
    let says = |derived: &Derived| {
        let assertion = rule_set.describe_assertion(&derived.assertion);
        if derived.direct {
            format!("this says {assertion}")
        } else {
            format!("this roster implies {assertion}")
        }
    };
    let note = overlap_note(&earlier_fact.period, &later_fact.period);
    let mut diagnostic = RuleDiagnostic::new(
        "rules::conflict",
        format!(
            "fact \"{}\" contradicts fact \"{}\": {}",
            later_fact.id, earlier_fact.id, note
        ),
    )
    .in_file(&rule_set.files[later_fact.origin.file])
    .primary(later_fact.origin.span.clone(), says(later))
    .help(format!(
        "\"{}\" holds {} and \"{}\" holds {}; correct one of them or make their periods meet without overlapping",
        later_fact.id, later_fact.period, earlier_fact.id, earlier_fact.period
    ));
    if earlier_fact.origin.file == later_fact.origin.file {
        diagnostic = diagnostic.secondary(
            earlier_fact.origin.span.clone(),
            format!("but {}", says(earlier)),
        );
    } else {
        diagnostic = diagnostic.with_related(
            RuleDiagnostic::new(
                "rules::conflict",
                format!("fact \"{}\" is declared here", earlier_fact.id),
            )
            .in_file(&rule_set.files[earlier_fact.origin.file])
            .primary(earlier_fact.origin.span.clone(), says(earlier))
            .into_advice(),
        );
    }
    diagnostic
}
