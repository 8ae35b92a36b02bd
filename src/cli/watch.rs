//! `--watch`: re-run when a rule file or an article changes.
//!
//! Events are debounced (a save often fires several), the screen is cleared
//! between runs, and a watched path that disappears is reported and watched
//! for again instead of ending the session.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::Outcome;
use super::config::CheckConfig;

/// How long to wait for more events after the first before re-running.
const DEBOUNCE: Duration = Duration::from_millis(200);

fn clear_screen() {
    print!("\x1b[2J\x1b[H");
}

/// Watches `paths` and calls `run` on every change, until interrupted.
pub fn watch(paths: &[PathBuf], mut run: impl FnMut() -> Outcome) -> Outcome {
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch for changes: {e}");
            return Outcome::Error;
        }
    };
    let mut watched: Vec<PathBuf> = Vec::new();
    let attach = |watcher: &mut notify::RecommendedWatcher, watched: &mut Vec<PathBuf>| {
        for path in paths {
            if watched.contains(path) {
                continue;
            }
            match watcher.watch(path, RecursiveMode::Recursive) {
                Ok(()) => watched.push(path.clone()),
                Err(_) => eprintln!(
                    "watch: {} is missing; waiting for it to appear",
                    path.display()
                ),
            }
        }
    };
    attach(&mut watcher, &mut watched);
    clear_screen();
    run();
    eprintln!(
        "watching {} path(s) for changes; press Ctrl-C to stop",
        watched.len()
    );
    loop {
        match rx.recv_timeout(Duration::from_secs(2)) {
            Ok(_) => {
                while rx.recv_timeout(DEBOUNCE).is_ok() {}
                // A path that vanished (deleted, or replaced by an editor)
                // is dropped and re-attached when it exists again.
                watched.retain(|p| {
                    let exists = p.exists();
                    if !exists {
                        eprintln!("watch: {} disappeared; still watching for it", p.display());
                    }
                    exists
                });
                attach(&mut watcher, &mut watched);
                clear_screen();
                run();
                eprintln!("watching for changes; press Ctrl-C to stop");
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let before = watched.len();
                attach(&mut watcher, &mut watched);
                if watched.len() > before {
                    clear_screen();
                    run();
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Outcome::Error,
        }
    }
}

/// The paths a `check --watch` run depends on: its articles, rule
/// directories and configuration file.
pub fn check_paths(config: &CheckConfig) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = config
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    paths.extend(config.rule_paths.iter().cloned());
    paths.extend(config.config_file.iter().cloned());
    paths.dedup();
    paths
}

pub fn watch_check(config: CheckConfig) -> Outcome {
    if config.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("error: --watch cannot read standard input");
        return Outcome::Error;
    }
    let paths = check_paths(&config);
    watch(&paths, || super::check_cmd::run_config(&config))
}
