//! `docs/cli.md` is generated from the doc comments of the clap definitions
//! (`src/cli/args.rs`), as ruff generates its rule docs from code. This test
//! fails when the two drift apart; `UPDATE_DOCS=1 cargo test cli_reference`
//! rewrites the file.

use clap::CommandFactory;
use factlint::cli::args::Cli;

fn render() -> String {
    let mut out = String::from(
        "# Command-line reference\n\n<!-- Generated from src/cli/args.rs by tests/it/cli_reference.rs; do not edit. -->\n",
    );
    let mut root = Cli::command().term_width(100);
    root.build();
    let mut stack: Vec<(String, clap::Command)> = vec![("factlint".to_string(), root)];
    while let Some((name, mut command)) = stack.pop() {
        let help = command.render_long_help().to_string();
        out.push_str(&format!(
            "\n## `{name}`\n\n```text\n{}\n```\n",
            help.trim_end()
        ));
        let mut children: Vec<(String, clap::Command)> = command
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .map(|c| (format!("{name} {}", c.get_name()), c.clone()))
            .collect();
        children.reverse();
        stack.extend(children);
    }
    out
}

#[test]
fn cli_reference_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cli.md");
    let expected = render();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).expect("docs/cli.md is writable");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/cli.md is out of date with src/cli/args.rs; run `UPDATE_DOCS=1 cargo test cli_reference`"
    );
}
