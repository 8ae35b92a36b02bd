//! Embeds the project's `rules/` directory (entities, facts and language
//! packs) into the binary as the built-in rule set.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let manifest_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let rules_dir = manifest_dir.join("rules");
    let mut files = Vec::new();
    if rules_dir.is_dir() {
        collect(&rules_dir, &mut files);
    }
    // Sorted paths keep the embedded order, and so load order and
    // diagnostics, the same on every machine.
    files.sort();
    let mut generated = String::from(
        "/// Every file of the project's `rules/` directory, as (display name, contents).\n\
         pub static BUILTIN_FILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        let relative = path
            .strip_prefix(&manifest_dir)
            .expect("collected files lie under the manifest directory");
        let name = relative
            .components()
            .map(|component| component.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let absolute = path.to_str().expect("rule file paths are valid UTF-8");
        writeln!(generated, "    ({name:?}, include_str!({absolute:?})),")
            .expect("writing to a String");
    }
    generated.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("builtin_rules.rs"), generated).expect("OUT_DIR is writable");
}

/// Collects every `*.yaml` / `*.yml` file under `dir`, skipping hidden
/// entries such as editor swap files.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, files);
        } else if matches!(
            path.extension().and_then(|ext| ext.to_str()),
            Some("yaml" | "yml")
        ) {
            files.push(path);
        }
    }
}
