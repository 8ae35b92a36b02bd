//! Reading rule sets from directories or from the embedded built-in set.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::builtin::{builtin_files, is_language_pack};
use super::compile::compile;
use super::diagnostic::{LoadErrors, RuleDiagnostic};
use super::model::{RuleSet, SourceFile};

/// Where rules come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleSource {
    /// The rule set embedded in the binary (the project's `rules/`).
    Builtin,
    /// A directory of `*.yaml` / `*.yml` files, read recursively; files under
    /// its top-level `lang/` folder are language packs.
    Dir(PathBuf),
}

/// Loads and merges the given sources into one checked rule set.
///
/// Every problem of every source is collected; the rule set is returned
/// only when there is none. Whether `--rules` replaces the built-in set is
/// the caller's choice: `load(&[Dir(a), Dir(b)])` merges `a` and `b` alone.
/// Language packs found under `lang/` in directories are returned unread in
/// [`RuleSet::extra_lang_packs`]; the built-in packs are not, as the
/// language module reads them from [`builtin_files`] itself.
pub fn load(sources: &[RuleSource]) -> Result<RuleSet, LoadErrors> {
    let mut files = Vec::new();
    let mut lang_packs = Vec::new();
    let mut diagnostics = Vec::new();
    for source in sources {
        match source {
            RuleSource::Builtin => {
                for (name, text) in builtin_files() {
                    if !is_language_pack(name) {
                        files.push(SourceFile {
                            name: (*name).to_string(),
                            text: Arc::from(*text),
                        });
                    }
                }
            }
            RuleSource::Dir(dir) => {
                read_directory(dir, &mut files, &mut lang_packs, &mut diagnostics);
            }
        }
    }
    finish(files, lang_packs, diagnostics)
}

/// Loads a rule set from files already in memory (tests, tools). Every file
/// is read as a rule file, whatever its name.
pub fn load_files(files: Vec<SourceFile>) -> Result<RuleSet, LoadErrors> {
    finish(files, Vec::new(), Vec::new())
}

fn finish(
    files: Vec<SourceFile>,
    lang_packs: Vec<(PathBuf, String)>,
    mut diagnostics: Vec<RuleDiagnostic>,
) -> Result<RuleSet, LoadErrors> {
    match compile(files) {
        Ok(mut rule_set) if diagnostics.is_empty() => {
            rule_set.extra_lang_packs = lang_packs;
            Ok(rule_set)
        }
        Ok(_) => Err(LoadErrors { diagnostics }),
        Err(more) => {
            diagnostics.extend(more);
            Err(LoadErrors { diagnostics })
        }
    }
}

/// A file found in a rules directory.
struct Found {
    /// The path relative to the rules directory, used for sorting.
    relative: PathBuf,
    path: PathBuf,
    is_language_pack: bool,
}

fn read_directory(
    dir: &Path,
    files: &mut Vec<SourceFile>,
    lang_packs: &mut Vec<(PathBuf, String)>,
    diagnostics: &mut Vec<RuleDiagnostic>,
) {
    let shown = dir.display();
    match std::fs::metadata(dir) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            diagnostics.push(
                RuleDiagnostic::new(
                    "rules::no-directory",
                    format!("rules directory {shown} does not exist"),
                )
                .help("check the path given to --rules"),
            );
            return;
        }
        Err(error) => {
            diagnostics.push(RuleDiagnostic::new(
                "rules::unreadable",
                format!("cannot read rules directory {shown}: {error}"),
            ));
            return;
        }
        Ok(metadata) if !metadata.is_dir() => {
            let parent = dir
                .parent()
                .filter(|parent| !parent.as_os_str().is_empty())
                .map_or_else(|| ".".to_string(), |parent| parent.display().to_string());
            diagnostics.push(
                RuleDiagnostic::new(
                    "rules::not-a-directory",
                    format!("rules path {shown} is a file, not a directory"),
                )
                .help(format!(
                    "--rules takes the directory that holds the rule files, such as {parent}"
                )),
            );
            return;
        }
        Ok(_) => {}
    }
    let mut found = Vec::new();
    let mut visited = HashSet::new();
    walk(dir, Path::new(""), &mut found, &mut visited, diagnostics);
    found.sort_by(|a, b| a.relative.cmp(&b.relative));
    if !found.iter().any(|file| !file.is_language_pack) {
        diagnostics.push(
            RuleDiagnostic::new(
                "rules::empty-directory",
                format!("rules directory {shown} holds no rule files (*.yaml, *.yml)"),
            )
            .help("a rule set is a directory of YAML files with `entities:` and `facts:`"),
        );
    }
    for file in found {
        let name = file.path.display().to_string();
        let bytes = match std::fs::read(&file.path) {
            Ok(bytes) => bytes,
            Err(error) => {
                diagnostics.push(RuleDiagnostic::new(
                    "rules::unreadable",
                    format!("cannot read rule file {name}: {error}"),
                ));
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let valid_up_to = error.utf8_error().valid_up_to();
                let bad_length = error.utf8_error().error_len().unwrap_or(1);
                // The lossy text keeps every byte before the first bad one,
                // so the offset still points at it; the replacement
                // character it becomes is three bytes long.
                let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
                let source = SourceFile {
                    name: name.clone(),
                    text: Arc::from(lossy),
                };
                let replacement_length = char::REPLACEMENT_CHARACTER.len_utf8();
                diagnostics.push(
                    RuleDiagnostic::new(
                        "rules::not-utf8",
                        format!("rule file {name} is not valid UTF-8"),
                    )
                    .in_file(&source)
                    .primary(
                        valid_up_to..valid_up_to + replacement_length,
                        format!(
                            "invalid UTF-8 ({bad_length} byte{})",
                            if bad_length == 1 { "" } else { "s" }
                        ),
                    )
                    .help("save the file as UTF-8"),
                );
                continue;
            }
        };
        if file.is_language_pack {
            lang_packs.push((file.path, text));
        } else {
            files.push(SourceFile {
                name,
                text: Arc::from(text),
            });
        }
    }
}

/// Collects YAML files under `dir` (whose path relative to the rules
/// directory is `relative`), skipping hidden entries and directories already
/// visited through a symbolic link.
fn walk(
    dir: &Path,
    relative: &Path,
    found: &mut Vec<Found>,
    visited: &mut HashSet<PathBuf>,
    diagnostics: &mut Vec<RuleDiagnostic>,
) {
    if let Ok(canonical) = dir.canonicalize()
        && !visited.insert(canonical)
    {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(RuleDiagnostic::new(
                "rules::unreadable",
                format!("cannot read directory {}: {error}", dir.display()),
            ));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                diagnostics.push(RuleDiagnostic::new(
                    "rules::unreadable",
                    format!("cannot read directory {}: {error}", dir.display()),
                ));
                continue;
            }
        };
        let file_name = entry.file_name();
        if file_name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let entry_relative = relative.join(&file_name);
        // Metadata of the target, so that symbolic links are followed.
        let Ok(metadata) = std::fs::metadata(&path) else {
            diagnostics.push(RuleDiagnostic::new(
                "rules::unreadable",
                format!("cannot read {}", path.display()),
            ));
            continue;
        };
        if metadata.is_dir() {
            walk(&path, &entry_relative, found, visited, diagnostics);
        } else if matches!(
            path.extension().and_then(|extension| extension.to_str()),
            Some("yaml" | "yml")
        ) {
            let is_language_pack = entry_relative
                .components()
                .next()
                .is_some_and(|first| first.as_os_str() == "lang")
                && entry_relative.components().count() > 1;
            found.push(Found {
                relative: entry_relative,
                path,
                is_language_pack,
            });
        }
    }
}
