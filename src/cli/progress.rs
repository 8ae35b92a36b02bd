//! A progress bar on stderr for long runs on a terminal; never in CI or when
//! stderr is piped.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// Runs with fewer files finish before a bar would help.
const MIN_FILES: usize = 500;

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(files: usize) -> Progress {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        let show = files >= MIN_FILES && !ci && std::io::stderr().is_terminal();
        let bar = show.then(|| {
            let bar = ProgressBar::new(files as u64);
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
            {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar }
    }

    pub fn advance(&self, files: usize) {
        if let Some(bar) = &self.bar {
            bar.inc(files as u64);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
