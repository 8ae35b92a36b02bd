//! Finds the articles to check: files and directories (recursively, in
//! parallel, honouring `.gitignore` and `.ignore`), and their `corpus.yaml`
//! entries.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::GlobSet;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::check::engine::{ArticleMeta, parse_date};
use crate::report::model::{FileReport, Origin, Problem, ProblemSeverity};
use crate::text::article::Format;
use crate::text::yaml::error_position;

pub const CORPUS_FILE: &str = "corpus.yaml";

/// One article to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    /// The path as shown in reports.
    pub display: String,
    pub format: Format,
    pub meta: ArticleMeta,
    /// Fact ids the article's `corpus.yaml` entry ignores.
    pub ignore: Vec<String>,
}

/// What the walk found: articles in a stable order (by path), problems with
/// `corpus.yaml` files (as reports of those files), and paths that do not
/// exist.
#[derive(Debug, Default)]
pub struct Discovery {
    pub inputs: Vec<Input>,
    pub corpus_reports: Vec<FileReport>,
    pub missing: Vec<PathBuf>,
}

/// The article formats by extension; anything else is not an article.
pub fn format_of(path: &Path) -> Option<Format> {
    format_of_extension(path.extension()?.to_str()?)
}

/// The format of a file name, by its extension read as `Path::extension`
/// reads it (after the name's last dot, unless that dot starts the name)
/// but without parsing a path: every file of a walk comes here.
fn format_of_name(name: &OsStr) -> Option<Format> {
    let bytes = name.as_encoded_bytes();
    if bytes == b".." {
        return None;
    }
    let dot = bytes
        .iter()
        .rposition(|&b| b == b'.')
        .filter(|&dot| dot > 0)?;
    format_of_extension(std::str::from_utf8(&bytes[dot + 1..]).ok()?)
}

/// `path.file_name()`, without parsing the path's components on Unix: the
/// bytes after its last separator, when they are a name (not empty, `.` or
/// `..`, where the method reads further). Every file of a walk comes here.
fn file_name_of(path: &Path) -> Option<&OsStr> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let tail = bytes.rsplit(|&b| b == b'/').next().unwrap_or(bytes);
        if !matches!(tail, b"" | b"." | b"..") {
            return Some(OsStr::from_bytes(tail));
        }
    }
    path.file_name()
}

/// The format of an extension, compared without a lower-cased copy.
fn format_of_extension(extension: &str) -> Option<Format> {
    if extension.eq_ignore_ascii_case("txt") {
        Some(Format::Plain)
    } else if extension.eq_ignore_ascii_case("md") || extension.eq_ignore_ascii_case("markdown") {
        Some(Format::Markdown)
    } else {
        None
    }
}

/// A file's directory, name and format, as `Path::parent`,
/// `Path::file_name` and `format_of` give them.
struct FileParts<'p> {
    dir: &'p Path,
    name: Cow<'p, str>,
    format: Option<Format>,
}

/// Splits a file's path into its parts. Each of the three `Path` methods
/// parses the path's components, which took most of the time of preparing
/// a walk's inputs, on the main thread before the first article is read.
/// Most paths are UTF-8 and end with a name after a directory that ends
/// with neither a separator nor a dot: such a path is split at its last
/// separator, which gives the same parts (a test compares them). Any other
/// path, and every path where prefixes such as `C:` make a directory, goes
/// through the methods.
fn file_parts(path: &Path) -> FileParts<'_> {
    if cfg!(unix)
        && let Some(text) = path.to_str()
        && let Some(at) = text.rfind(std::path::is_separator)
        && let (dir, name) = (&text[..at], &text[at + 1..])
        && dir
            .bytes()
            .last()
            .is_some_and(|b| b != b'.' && !std::path::is_separator(char::from(b)))
        && !matches!(name, "" | "." | "..")
    {
        // As `Path::extension` reads it: after the last dot, unless the
        // name's only dot starts it.
        let extension = name
            .rfind('.')
            .filter(|&dot| dot > 0)
            .map(|dot| &name[dot + 1..]);
        return FileParts {
            dir: Path::new(dir),
            name: Cow::Borrowed(name),
            format: extension.and_then(format_of_extension),
        };
    }
    FileParts {
        dir: path.parent().unwrap_or(Path::new("")),
        name: path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        format: format_of(path),
    }
}

fn display_path(path: &Path) -> String {
    // A path that is UTF-8 is shown as it is, without going through the
    // formatter (once per article).
    let shown = match path.to_str() {
        Some(text) => text,
        None => &path.display().to_string(),
    };
    shown.strip_prefix("./").unwrap_or(shown).to_string()
}

/// A key that sorts paths as `Path`'s own order does, by their components,
/// but compares as bytes: each separator becomes a zero byte, below every
/// byte a name holds. The two orders agree for paths whose components are
/// names joined by single separators after a common start, as a walk
/// yields them. Comparing components took most of the time of a walk's
/// sort, itself a tenth of the time before the first article is read.
fn component_order_key(path: &Path) -> Vec<u8> {
    path.as_os_str()
        .as_encoded_bytes()
        .iter()
        .map(|&b| {
            if std::path::is_separator(char::from(b)) {
                0
            } else {
                b
            }
        })
        .collect()
}

/// Collects one walker thread's files and adds them to the shared list
/// when the thread is done, instead of taking its lock for every file.
struct ThreadFiles<'a> {
    files: Vec<PathBuf>,
    shared: &'a Mutex<Vec<PathBuf>>,
}

impl Drop for ThreadFiles<'_> {
    fn drop(&mut self) {
        if let Ok(mut list) = self.shared.lock() {
            list.append(&mut self.files);
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    date: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<String>,
}

/// A directory's `corpus.yaml`: metadata by file name.
#[derive(Debug, Default)]
struct Corpus {
    entries: HashMap<String, (ArticleMeta, Vec<String>)>,
}

fn problem(message: String, span: Option<Range<usize>>, help: Option<&str>) -> Problem {
    Problem {
        severity: ProblemSeverity::Warning,
        message,
        span,
        help: help.map(str::to_string),
    }
}

fn offset<T>(s: &Spanned<T>) -> Option<Range<usize>> {
    let span = s.referenced.span();
    let start = span.byte_offset()? as usize;
    Some(start..start + span.byte_len().unwrap_or(0) as usize)
}

/// Reads a `corpus.yaml`, reporting what is wrong in it (a malformed date,
/// an entry naming a missing file) as warnings on that file.
fn read_corpus(dir: &Path, languages: &[String]) -> (Corpus, Option<FileReport>) {
    let path = dir.join(CORPUS_FILE);
    let Ok(bytes) = std::fs::read(&path) else {
        return (Corpus::default(), None);
    };
    let display = display_path(&path);
    let text: Arc<str> = match String::from_utf8(bytes) {
        Ok(t) => Arc::from(t),
        Err(e) => {
            let report = FileReport {
                path: display,
                text: Arc::from(""),
                findings: Vec::new(),
                problems: vec![Problem {
                    severity: ProblemSeverity::Error,
                    message: format!(
                        "{CORPUS_FILE} is not valid UTF-8 (at byte {})",
                        e.utf8_error().valid_up_to()
                    ),
                    span: None,
                    help: Some("save the file as UTF-8".into()),
                }],
                origin: Origin::default(),
            };
            return (Corpus::default(), Some(report));
        }
    };
    let mut problems = Vec::new();
    let mut corpus = Corpus::default();
    match serde_saphyr::from_str::<Option<HashMap<Spanned<String>, Spanned<RawEntry>>>>(&text) {
        Ok(map) => {
            // Entries in file order, so warnings come out in a stable order.
            let mut entries: Vec<_> = map.unwrap_or_default().into_iter().collect();
            entries.sort_by_key(|(name, _)| name.referenced.span().byte_offset());
            for (name, entry) in entries {
                if !dir.join(&name.value).is_file() {
                    problems.push(problem(
                        format!(
                            "{CORPUS_FILE} names {:?}, which is not in {}",
                            name.value,
                            display_path(dir)
                        ),
                        offset(&name),
                        Some("remove the entry or restore the file"),
                    ));
                }
                let entry = entry.value;
                let mut meta = ArticleMeta::default();
                if let Some(date) = &entry.date {
                    match parse_date(&date.value) {
                        Some(d) => meta.date = Some(d),
                        None => problems.push(problem(
                            format!("malformed date {:?} for {}", date.value, name.value),
                            offset(date),
                            Some("write the date as YYYY-MM-DD"),
                        )),
                    }
                }
                if let Some(lang) = &entry.lang {
                    let code = lang.value.trim().to_lowercase();
                    if !languages.contains(&code) {
                        problems.push(problem(
                            format!("unknown language {:?} for {}", lang.value, name.value),
                            offset(lang),
                            Some(&format!(
                                "factlint has language packs for {}; the language is detected instead",
                                languages.join(", ")
                            )),
                        ));
                    }
                    meta.lang = Some(code);
                }
                corpus.entries.insert(name.value, (meta, entry.ignore));
            }
        }
        Err(e) => {
            let (at, message) = error_position(&e);
            problems.push(problem(
                format!("{CORPUS_FILE} cannot be read: {message}"),
                at.map(|a| a..a),
                Some(
                    "each entry reads `file.txt: {date: 2024-07-12, lang: fr, ignore: [fact-id]}`",
                ),
            ));
        }
    }
    let report = (!problems.is_empty()).then(|| FileReport {
        path: display,
        text,
        findings: Vec::new(),
        problems,
        origin: Origin::default(),
    });
    (corpus, report)
}

fn passes(path: &Path, include: Option<&GlobSet>, exclude: Option<&GlobSet>) -> bool {
    if include.is_none() && exclude.is_none() {
        return true;
    }
    let rel = path.strip_prefix(".").unwrap_or(path);
    include.is_none_or(|g| g.is_match(rel)) && exclude.is_none_or(|g| !g.is_match(rel))
}

/// Finds every article under `paths`. Explicit files are checked whatever
/// their extension (read as plain text unless Markdown); directories yield
/// `.txt`, `.md` and `.markdown` files, never `corpus.yaml`.
/// `languages` are those with a pack: a `corpus.yaml` entry naming another
/// is reported.
pub fn discover(
    paths: &[PathBuf],
    include: Option<&GlobSet>,
    exclude: Option<&GlobSet>,
    threads: usize,
    languages: &[String],
) -> Discovery {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut discovery = Discovery::default();
    for path in paths {
        if path.as_os_str() == "-" {
            discovery.inputs.push(Input {
                path: None,
                display: "<stdin>".into(),
                format: Format::Markdown,
                meta: ArticleMeta::default(),
                ignore: Vec::new(),
            });
            continue;
        }
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            let collected = Mutex::new(Vec::new());
            ignore::WalkBuilder::new(path)
                .threads(threads.max(1))
                .build_parallel()
                .run(|| {
                    let mut thread_files = ThreadFiles {
                        files: Vec::new(),
                        shared: &collected,
                    };
                    Box::new(move |entry| {
                        if let Ok(entry) = entry {
                            let p = entry.path();
                            let is_file = entry.file_type().is_some_and(|t| t.is_file());
                            if is_file
                                && file_name_of(p).and_then(format_of_name).is_some()
                                && passes(p, include, exclude)
                            {
                                thread_files.files.push(p.to_path_buf());
                            }
                        }
                        ignore::WalkState::Continue
                    })
                });
            let mut list = collected.into_inner().unwrap_or_default();
            // Every path of the list starts with `path` and goes on with
            // names the walk joined, the case where the keys' order is the
            // paths' own; the paths are distinct, so no two keys are equal.
            list.sort_by_cached_key(|p| component_order_key(p));
            found.extend(list);
        } else {
            discovery.missing.push(path.clone());
        }
    }
    // Each directory's corpus.yaml, read once, by the directory.
    let mut corpora: Vec<Corpus> = Vec::new();
    let mut corpus_of_dir: HashMap<PathBuf, usize> = HashMap::new();
    // Files come sorted, so most share the directory of the file before:
    // its corpus.yaml is found again without hashing the path.
    let mut current: Option<(PathBuf, usize)> = None;
    for path in found {
        let FileParts { dir, name, format } = file_parts(&path);
        let index = match &current {
            Some((current_dir, index)) if current_dir.as_os_str() == dir.as_os_str() => *index,
            _ => {
                let index = *corpus_of_dir.entry(dir.to_path_buf()).or_insert_with(|| {
                    let (corpus, report) = read_corpus(
                        if dir.as_os_str().is_empty() {
                            Path::new(".")
                        } else {
                            dir
                        },
                        languages,
                    );
                    discovery.corpus_reports.extend(report);
                    corpora.push(corpus);
                    corpora.len() - 1
                });
                current = Some((dir.to_path_buf(), index));
                index
            }
        };
        let (meta, ignore) = corpora[index]
            .entries
            .get(name.as_ref())
            .cloned()
            .unwrap_or_default();
        let format = format.unwrap_or(Format::Plain);
        discovery.inputs.push(Input {
            display: display_path(&path),
            path: Some(path),
            format,
            meta,
            ignore,
        });
    }
    discovery
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_articles_and_reads_corpus_entries() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::fs::write(dir.path().join("b.md"), "y").unwrap();
        std::fs::write(dir.path().join("c.html"), "z").unwrap();
        std::fs::write(
            dir.path().join(CORPUS_FILE),
            "a.txt: {date: 2021-11-15, lang: fr, ignore: [x]}\nmissing.txt: {date: 2020-01-01}\nb.md: {date: 2021-13-01, lang: xx}\n",
        )
        .unwrap();
        let d = discover(
            &[dir.path().to_path_buf()],
            None,
            None,
            2,
            &["fr".to_string()],
        );
        let names: Vec<String> = d
            .inputs
            .iter()
            .map(|i| {
                i.path
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.txt", "b.md"]);
        assert_eq!(d.inputs[0].meta.lang.as_deref(), Some("fr"));
        assert_eq!(d.inputs[0].ignore, ["x"]);
        let problems: Vec<&str> = d.corpus_reports[0]
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("missing.txt"));
        assert!(problems[1].contains("malformed date"));
        assert!(problems[2].contains("unknown language \"xx\""));
    }

    #[test]
    fn component_keys_sort_walked_paths_as_paths_sort() {
        // Names with bytes below the separator and above it, so that the
        // byte order and the component order differ wherever they can.
        let names = [
            "a", "a-b", "a.b", "a b", "ab", "-", ".x", "é", "A", "a0", "a!", "a.md", "b",
        ];
        let mut seed = 5u32;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) as usize % n
        };
        for root in ["root", "root/", "./root", "/abs/root", "."] {
            for _ in 0..200 {
                let mut paths = Vec::new();
                for _ in 0..1 + next(12) {
                    let mut path = PathBuf::from(root);
                    for _ in 0..1 + next(3) {
                        path.push(names[next(names.len())]);
                    }
                    paths.push(path);
                }
                paths.sort();
                paths.dedup();
                let mut by_key = paths.clone();
                by_key.reverse();
                by_key.sort_by_cached_key(|p| component_order_key(p));
                assert_eq!(by_key, paths);
            }
        }
    }

    #[test]
    fn file_parts_are_what_the_path_methods_give() {
        let pieces = [
            "a",
            "/",
            "//",
            ".",
            "..",
            "b.md",
            ".md",
            "a.",
            "..md",
            "x.TXT",
            "é",
            "c:",
            "n.markdown",
            "d.e.txt",
        ];
        let mut seed = 3u32;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) as usize % n
        };
        for _ in 0..20000 {
            let text: String = (0..1 + next(6))
                .map(|_| pieces[next(pieces.len())])
                .collect();
            let path = Path::new(&text);
            let parts = file_parts(path);
            assert_eq!(
                parts.dir.as_os_str(),
                path.parent().unwrap_or(Path::new("")).as_os_str(),
                "{text:?}"
            );
            assert_eq!(
                parts.name,
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default(),
                "{text:?}"
            );
            assert_eq!(parts.format, format_of(path), "{text:?}");
            assert_eq!(file_name_of(path), path.file_name(), "{text:?}");
            if let Some(name) = path.file_name() {
                assert_eq!(format_of_name(name), format_of(path), "{text:?}");
            }
        }
        // A name that is not UTF-8 still has a UTF-8 extension.
        #[cfg(unix)]
        for bytes in [&b"\xff.md"[..], b"a.\xff", b"\xff", b".\xffmd"] {
            use std::os::unix::ffi::OsStrExt;
            let name = OsStr::from_bytes(bytes);
            assert_eq!(
                format_of_name(name),
                format_of(Path::new(name)),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn missing_paths_are_named() {
        let d = discover(&[PathBuf::from("/no/such/path")], None, None, 1, &[]);
        assert_eq!(d.missing, [PathBuf::from("/no/such/path")]);
    }
}
