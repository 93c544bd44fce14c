//! `llmcfg-doctor watch [SECTION]`: a section judged again every
//! `--interval`, its findings redrawn in place on the alternate screen
//! with what changed since the previous round marked (`render::watch`).
//!
//! The terminal is put back (raw mode off, the normal screen, the cursor
//! shown) when the view ends, whether by `q`, Esc, Ctrl-C or a panic; the
//! last round's status line is then printed for the scrollback and is what
//! the command exits with. Off a terminal the command refuses: pipelines
//! want `--wait` and a report.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use crossterm::{cursor, execute, terminal};
use tokio::sync::mpsc;

use super::Cli;
use crate::plan::Plan;
use diagnosis::checks::{self, Section};
use diagnosis::render::watch::{Frame, farewell};
use diagnosis::report::{Report, Status};

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The section to watch
    #[arg(value_enum, default_value = "quick")]
    pub section: Section,
}

/// What the keyboard asks of the view.
enum Input {
    Quit,
    /// The terminal changed size: draw again.
    Redraw,
}

pub fn exec(args: &WatchArgs, cli: &Cli, plan: Plan) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return super::fail(
            "watch needs a terminal; in a pipeline use a section with --wait and --format json",
        );
    }
    let plan = super::section_plan(args.section, plan);
    let requested = plan.requested_sources();
    let checks = match plan.selection.apply(checks::select(&[args.section], &requested)) {
        Ok(checks) => checks,
        Err(message) => return super::fail(&message),
    };
    let runtime = match super::runtime() {
        Ok(runtime) => runtime,
        Err(message) => return super::fail(&message),
    };
    let screen = match Screen::enter() {
        Ok(screen) => screen,
        Err(error) => return super::fail(&format!("cannot take over the terminal: {error}")),
    };
    let mut inputs = keyboard();
    let every = humantime::format_duration(cli.output.interval).to_string();
    let color = std::env::var_os("NO_COLOR").is_none();
    // The latest round's report, and the one before it.
    let mut latest: Option<Report> = None;
    let mut round = 0;
    'rounds: loop {
        let started = Instant::now();
        let judged = runtime.block_on(async {
            tokio::select! {
                report = crate::doctor::diagnose(&plan, args.section.name(), &checks, &|_| {}) => {
                    Some(report)
                }
                _ = quit_asked(&mut inputs) => None,
            }
        });
        let Some(report) = judged else { break };
        round += 1;
        let previous = latest.replace(report);
        let report = latest.as_ref().expect("a round was just kept");
        loop {
            let (width, height) = terminal::size().unwrap_or((80, 24));
            let frame = Frame {
                report,
                previous: previous.as_ref(),
                round,
                every: &every,
                width: usize::from(width),
                height: usize::from(height),
                color,
            };
            if screen.draw(&frame.lines()).is_err() {
                break 'rounds;
            }
            let next = tokio::time::Instant::from_std(started + cli.output.interval);
            let input = runtime.block_on(async {
                tokio::select! {
                    _ = tokio::time::sleep_until(next) => None,
                    input = inputs.recv() => Some(input.unwrap_or(Input::Quit)),
                }
            });
            match input {
                None => break,
                Some(Input::Redraw) => continue,
                Some(Input::Quit) => break 'rounds,
            }
        }
    }
    drop(screen);
    runtime.shutdown_background();
    match &latest {
        Some(report) => {
            println!("{}", farewell(report, round));
            ExitCode::from(report.exit_code(cli.output.fail_on))
        }
        None => ExitCode::from(Status::Unknown.exit_code()),
    }
}

/// Waits for a quit, passing over redraws (there is nothing to draw yet).
async fn quit_asked(inputs: &mut mpsc::UnboundedReceiver<Input>) {
    loop {
        match inputs.recv().await {
            Some(Input::Redraw) => continue,
            Some(Input::Quit) | None => return,
        }
    }
}

/// Keys and resizes, read on a thread of their own: `q`, Esc and Ctrl-C
/// quit (raw mode turns Ctrl-C into a key).
fn keyboard() -> mpsc::UnboundedReceiver<Input> {
    let (send, receive) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        loop {
            let input = match crossterm::event::read() {
                Ok(Event::Key(KeyEvent {
                    code: KeyCode::Char('q' | 'Q') | KeyCode::Esc, ..
                })) => Input::Quit,
                Ok(Event::Key(KeyEvent { code: KeyCode::Char('c'), modifiers, .. }))
                    if modifiers.contains(KeyModifiers::CONTROL) =>
                {
                    Input::Quit
                }
                Ok(Event::Resize(..)) => Input::Redraw,
                Ok(_) => continue,
                // The terminal is gone: nobody is watching.
                Err(_) => Input::Quit,
            };
            let quit = matches!(input, Input::Quit);
            if send.send(input).is_err() || quit {
                return;
            }
        }
    });
    receive
}

/// The terminal while the view owns it: raw mode, the alternate screen,
/// no cursor. Put back on drop and, through a panic hook, on a panic.
struct Screen;

impl Screen {
    fn enter() -> std::io::Result<Screen> {
        terminal::enable_raw_mode()?;
        let screen = Screen;
        execute!(std::io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            Screen::restore();
            previous(info);
        }));
        Ok(screen)
    }

    /// Draws `lines` from the top left, clearing what each line and the
    /// rest of the screen held before.
    fn draw(&self, lines: &[String]) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        execute!(out, cursor::MoveTo(0, 0))?;
        for (index, line) in lines.iter().enumerate() {
            // Raw mode: a newline does not return the carriage. None after
            // the last line, which would scroll the screen.
            if index > 0 {
                write!(out, "\r\n")?;
            }
            write!(out, "{line}")?;
            execute!(out, terminal::Clear(terminal::ClearType::UntilNewLine))?;
        }
        execute!(out, terminal::Clear(terminal::ClearType::FromCursorDown))?;
        out.flush()
    }

    fn restore() {
        let _ = execute!(std::io::stdout(), cursor::Show, terminal::LeaveAlternateScreen);
        let _ = terminal::disable_raw_mode();
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        Screen::restore();
    }
}
