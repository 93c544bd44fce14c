//! Draws the progress that long sources report, on stderr when it is a
//! terminal; elsewhere (pipes, CI logs, cron) nothing is drawn.

use std::io::IsTerminal;
use std::sync::OnceLock;

use indicatif::{ProgressBar, ProgressStyle};

use crate::sources::Progress;

/// A progress bar, made on the first report it gets and cleared when
/// dropped.
pub struct TerminalProgress {
    enabled: bool,
    bar: OnceLock<ProgressBar>,
}

impl TerminalProgress {
    /// Draws on stderr when it is a terminal.
    pub fn on_stderr() -> TerminalProgress {
        TerminalProgress { enabled: std::io::stderr().is_terminal(), bar: OnceLock::new() }
    }

    pub fn report(&self, progress: Progress) {
        if !self.enabled {
            return;
        }
        match progress {
            Progress::TrendSample { taken, planned, duration } => {
                let bar = self.bar.get_or_init(|| {
                    let bar = ProgressBar::new(planned);
                    bar.set_style(
                        ProgressStyle::with_template(
                            "memory trend {bar:30} {pos}/{len} samples, {elapsed} of {msg}",
                        )
                        .expect("a valid template"),
                    );
                    bar.set_message(humantime::format_duration(duration).to_string());
                    bar
                });
                bar.set_position(taken);
            }
        }
    }
}

impl Drop for TerminalProgress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
