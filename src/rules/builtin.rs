//! The built-in rule set: the project's `rules/` directory, embedded at
//! build time by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Every embedded file as (display name, contents), sorted by name. Names
/// look like `rules/entities.yaml`; language packs are under `rules/lang/`.
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    BUILTIN_FILES
}

/// Whether an embedded file is a language pack rather than a rule file.
pub fn is_language_pack(name: &str) -> bool {
    name.starts_with("rules/lang/")
}
