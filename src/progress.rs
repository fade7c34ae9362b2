//! Progress on stderr: an indicatif spinner on a terminal, nothing otherwise (never with `-q`,
//! `-o json|yaml` or when stderr is not a TTY), so logs and CI output stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{GlobalArgs, OutputFormat};

/// A spinner that may be disabled.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A spinner when the flags and the terminal allow one.
    pub fn new(global: &GlobalArgs) -> Progress {
        let enabled = !global.quiet
            && global.verbose == 0
            && global.output == OutputFormat::Text
            && std::io::stderr().is_terminal();
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
