//! Progress on stderr: an indicatif spinner on a terminal, nothing otherwise (never with `-q`,
//! `-o json|yaml` or when stderr is not a TTY), so logs and CI output stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::output::Settings;

/// A spinner that may be disabled.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A spinner when the flags and the terminal allow one.
    pub fn new(output: &Settings) -> Progress {
        let enabled = output.progress() && std::io::stderr().is_terminal();
        if !enabled {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress { bar: Some(bar) }
    }

    /// Sets the message.
    pub fn set(&self, msg: impl Into<String>) {
        if let Some(bar) = &self.bar {
            bar.set_message(msg.into());
        }
    }

    /// Clears the spinner.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// One progress line per region (`us-west-2  3/7 clusters`) for a fleet run, under the same
/// rules as [`Progress`]: a terminal only, never with `-q`, `-v` or `-o json|yaml`.
pub struct RegionProgress {
    bars: Vec<(String, ProgressBar)>,
    _multi: Option<indicatif::MultiProgress>,
}

impl RegionProgress {
    /// A line per `(region, clusters)` when the flags and the terminal allow them.
    pub fn new(output: &Settings, regions: &[(String, usize)]) -> RegionProgress {
        let enabled = output.progress() && std::io::stderr().is_terminal();
        if !enabled {
            return RegionProgress { bars: Vec::new(), _multi: None };
        }
        let multi = indicatif::MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let width = regions.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
        let style = ProgressStyle::with_template("{spinner} {prefix} {pos}/{len} clusters {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let bars = regions
            .iter()
            .map(|(region, total)| {
                let bar = multi.add(ProgressBar::new(*total as u64));
                bar.set_style(style.clone());
                bar.set_prefix(format!("{region:<width$}"));
                bar.enable_steady_tick(Duration::from_millis(120));
                (region.clone(), bar)
            })
            .collect();
        RegionProgress { bars, _multi: Some(multi) }
    }

    /// One more cluster of `region` is done.
    pub fn done(&self, region: &str) {
        if let Some((_, bar)) = self.bars.iter().find(|(r, _)| r == region) {
            bar.inc(1);
        }
    }

    /// Clears every line.
    pub fn finish(&self) {
        for (_, bar) in &self.bars {
            bar.finish_and_clear();
        }
    }
}

impl Drop for RegionProgress {
    fn drop(&mut self) {
        self.finish();
    }
}
