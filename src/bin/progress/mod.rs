//! Progress on stderr for the command-line programs: a bar when stderr is a terminal, nothing
//! drawn otherwise (the report lines are printed either way).
#![allow(dead_code, reason = "each program uses some of these helpers")]

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    /// A bar of `steps` steps (0: a counter with no end), with `template` as indicatif's style
    /// template; `None` when stderr is not a terminal.
    pub fn new(steps: u64, template: &str) -> Bar {
        if !std::io::stderr().is_terminal() {
            return Bar { bar: None };
        }
        let bar = if steps == 0 { ProgressBar::new_spinner() } else { ProgressBar::new(steps) };
        bar.set_style(ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()));
        // Steps may be long (training a model): the elapsed time keeps moving meanwhile.
        bar.enable_steady_tick(Duration::from_millis(200));
        Bar { bar: Some(bar) }
    }

    /// A bar with steps, their count and the elapsed time.
    pub fn steps(steps: u64) -> Bar {
        Bar::new(steps, "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg}")
    }

    /// Sets the number of steps.
    pub fn set_steps(&self, steps: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(steps);
        }
    }

    /// `n` steps done.
    pub fn advance(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// What is being done now.
    pub fn set_message(&self, message: impl Into<std::borrow::Cow<'static, str>>) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }

    /// The indicatif bar, when one is drawn (to wrap a reader, say).
    pub fn bar(&self) -> Option<&ProgressBar> {
        self.bar.as_ref()
    }

    /// Prints a report line on stderr, above the bar when there is one.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
