//! Where the service lives and how to look at it: the resolved plan of a
//! run.
//!
//! Every setting resolves as flag > `LLMCFG_*` environment variable >
//! config file > the runbook's default. Clap handles the first two (each
//! flag names its variable), [`Settings::load`] the third, and
//! [`diagnosis::settings`] declares every name and default. May import
//! `settings`, `runbook` and `redact`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use clap::{ValueEnum, ValueHint};
use serde::{Deserialize, Serialize};
use url::Url;

use diagnosis::evidence::PastWindow;
use diagnosis::evidence::scope::Source;
use diagnosis::runbook::{Runbook, RunbookError};
use diagnosis::settings::{
    API_URL, CONTAINER, DATA_DIR, DATABASE_URL, FALLBACK_DATA_DIR, FALLBACK_LOG_DIR, LOG_DIR,
    METRICS_URL, NAMESPACE, PID, PROCESS, PROMETHEUS_URL, REDIS_URL, REQUIRE_TRAFFIC, RUNBOOK,
    RUNTIME, SELECTOR, STATE_DIR, Setting, TIMEOUT, UNIT, WINDOW,
};

/// How the service is deployed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum RuntimeChoice {
    /// Kubernetes in a pod or a kubeconfig context in the namespace, else a
    /// loaded systemd unit, else the Docker container, else a process by name.
    Auto,
    Docker,
    Kubernetes,
    Systemd,
    Process,
}

/// The struct of a layer's settings and its [`Settings::or`], from one
/// list: each field with its type, the registry entry it is named by
/// (flag, variable, help and default all come from there) and the clap
/// attributes of its own. A setting added to the list is a flag, a
/// variable and a config key at once, and is layered like the others.
macro_rules! layered_settings {
    ($(#[$outer:meta])* pub struct $name:ident {
        $($field:ident: $ty:ty = $setting:ident $(, #[$extra:meta])*;)*
    }) => {
        $(#[$outer])*
        pub struct $name {
            $(
                #[arg(long = $setting.flag, env = $setting.env, value_name = $setting.value_name,
                    help = $setting.help_with_default(), hide_env_values = $setting.secret,
                    global = true)]
                $(#[$extra])*
                pub $field: Option<$ty>,
            )*
        }

        impl $name {
            /// Fills every unset field of `self` from `fallback`.
            pub fn or(self, fallback: $name) -> $name {
                $name { $($field: self.$field.or(fallback.$field),)* }
            }
        }
    };
}

layered_settings! {
    /// The settings one layer gives, each optional: the flags with their
    /// environment variables (clap), or a config file (keys named like the
    /// flags). Names, variables, help texts and defaults come from
    /// [`diagnosis::settings`].
    #[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, clap::Args)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    #[command(next_help_heading = "Target")]
    pub struct Settings {
        api_url: String = API_URL;
        metrics_url: String = METRICS_URL;
        prometheus_url: String = PROMETHEUS_URL;
        database_url: String = DATABASE_URL;
        redis_url: String = REDIS_URL;
        runtime: RuntimeChoice = RUNTIME, #[arg(value_enum)];
        container: String = CONTAINER;
        namespace: String = NAMESPACE;
        selector: String = SELECTOR;
        unit: String = UNIT;
        process: String = PROCESS;
        pid: u32 = PID;
        data_dir: PathBuf = DATA_DIR, #[arg(value_hint = ValueHint::DirPath)];
        log_dir: PathBuf = LOG_DIR, #[arg(value_hint = ValueHint::DirPath)];
        timeout: String = TIMEOUT, #[arg(help_heading = "Run")];
        window: String = WINDOW, #[arg(help_heading = "Run")];
        require_traffic: bool = REQUIRE_TRAFFIC, #[arg(help_heading = "Run", num_args = 0..=1,
            require_equals = true, default_missing_value = "true")];
        state_dir: PathBuf = STATE_DIR,
            #[arg(help_heading = "Run", value_hint = ValueHint::DirPath)];
        runbook: PathBuf = RUNBOOK, #[arg(help_heading = "Run", value_hint = ValueHint::FilePath)];
    }
}

/// A configuration problem: exit 3 with this one line.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PlanError(pub String);

impl From<RunbookError> for PlanError {
    fn from(error: RunbookError) -> Self {
        PlanError(error.to_string())
    }
}

/// The resolved plan of one run.
#[derive(Debug, Clone)]
pub struct Plan {
    pub api_url: Url,
    pub metrics_url: Url,
    pub prometheus_url: Url,
    pub database_url: Option<String>,
    pub redis_url: Option<String>,
    pub runtime: RuntimeChoice,
    pub container: String,
    pub namespace: String,
    pub selector: String,
    pub unit: String,
    pub process: String,
    pub pid: Option<u32>,
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    /// Whether the directories were given (flag, variable, config file);
    /// when not, the sources look where the service's process keeps its
    /// files before they fall back to the defaults.
    pub data_dir_given: bool,
    pub log_dir_given: bool,
    /// The whole run's deadline.
    pub timeout: Duration,
    /// The window CPU and counter rates are sampled over.
    pub sample: Duration,
    /// The config read timed by the latency probe.
    pub probe_path: String,
    /// How long `memory --duration` samples the resident size.
    pub trend: Option<Duration>,
    /// Whether `cache --bigkeys` asked for a scan of Redis's keys.
    pub bigkeys: bool,
    /// Where readings are kept for the next run; none keeps nothing
    /// ([`crate::sources::kept`]).
    pub state_dir: Option<PathBuf>,
    /// Shared: a fleet's plans, one per replica, are the same but for
    /// the replica's addresses.
    pub runbook: std::sync::Arc<Runbook>,
    /// The checks `--check` and `--skip` leave in.
    pub selection: diagnosis::checks::Selection,
    /// The past span to judge through Prometheus alone (`--at`,
    /// `--since`); `None` judges the present.
    pub past: Option<PastWindow>,
    /// How far back the service's usual is (`history --against`).
    pub history_offset: Duration,
}

/// The usual the `history` section compares with: the same span a week
/// earlier, weekly seasonality being the rule for a service people use.
pub const DEFAULT_HISTORY_OFFSET: Duration = Duration::from_secs(7 * 86_400);

impl Plan {
    /// The sources the plan asks for: every one but the opt-in sources
    /// nobody asked for. The memory trend takes minutes and runs only with
    /// `--duration`; the database is probed only when `--database-url`
    /// names one (embedded storage has none), Redis only when
    /// `--redis-url` does. A run of the past asks Prometheus alone: every
    /// other source is a live look. `collect` records this set in the
    /// bundle, for `analyze`.
    pub fn requested_sources(&self) -> BTreeSet<Source> {
        let asked = |source: &Source| match source {
            _ if self.past.is_some() => matches!(source, Source::Prometheus | Source::History),
            Source::MemoryTrend => self.trend.is_some(),
            Source::Database | Source::DatabaseInspection => self.database_url.is_some(),
            Source::Redis => self.redis_url.is_some(),
            Source::RedisBigKeys => self.bigkeys,
            _ => true,
        };
        Source::ALL.into_iter().filter(asked).collect()
    }

    /// How long a run may take: `--timeout`, plus the sampling window when
    /// `--window` asked for one longer than a quarter of it (the default
    /// window always fits).
    pub fn run_length(&self) -> Duration {
        if self.sample > self.timeout / 4 { self.timeout + self.sample } else { self.timeout }
    }
}

/// The past span of `--at` (an RFC 3339 time, or a time ago such as
/// `-2h`) and `--since` (its length; it ends at `--at`, else now), with
/// the runbook's `range` when only `--at` is given; `None` with neither.
/// A time in the future, or one that does not parse, is an error.
pub fn past_window(
    at: Option<&str>,
    since: Option<Duration>,
    range: Duration,
    now: DateTime<Utc>,
) -> Result<Option<PastWindow>, PlanError> {
    if at.is_none() && since.is_none() {
        return Ok(None);
    }
    let at = match at.map(str::trim) {
        None => now,
        Some(ago) if ago.starts_with('-') => {
            let ago = humantime::parse_duration(&ago[1..]).map_err(|e| {
                PlanError(format!("--at {ago:?}: {e} (give a time such as -2h or -30m)"))
            })?;
            now - chrono::Duration::from_std(ago)
                .map_err(|_| PlanError(format!("--at -{ago:?} is too far back")))?
        }
        Some(time) => DateTime::parse_from_rfc3339(time)
            .map_err(|e| {
                PlanError(format!(
                    "--at {time:?}: {e} (give an RFC 3339 time such as 2026-12-07T02:47:00Z, or \
                     a time ago such as -2h)"
                ))
            })?
            .with_timezone(&Utc),
    };
    if at > now {
        return Err(PlanError(format!(
            "--at {} is in the future; the doctor judges the past and the present",
            diagnosis::evidence::rfc3339(at)
        )));
    }
    let span = since.unwrap_or(range);
    if span < Duration::from_secs(1) {
        return Err(PlanError(format!("--since {span:?} is too short; give at least 1s")));
    }
    Ok(Some(PastWindow { at, seconds: span.as_secs() }))
}

/// How far before `at` the usual of `history --against` is: a duration
/// (`1d`, `1w`), or the time the usual span ends (RFC 3339), which must be
/// before `at`.
pub fn history_offset(against: &str, at: DateTime<Utc>) -> Result<Duration, PlanError> {
    let against = against.trim();
    if let Ok(offset) = humantime::parse_duration(against) {
        return match offset.is_zero() {
            true => Err(PlanError("--against 0s compares the span with itself".into())),
            false => Ok(offset),
        };
    }
    let usual = DateTime::parse_from_rfc3339(against)
        .map_err(|_| {
            PlanError(format!(
                "--against {against:?}: give a duration such as 1d or 1w, or an RFC 3339 time"
            ))
        })?
        .with_timezone(&Utc);
    (at - usual).to_std().ok().filter(|offset| !offset.is_zero()).ok_or_else(|| {
        PlanError(format!("--against {against}: the usual must end before the time judged"))
    })
}

/// The default config file: `$XDG_CONFIG_HOME/llmcfg-doctor/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    Some(xdg_dir("XDG_CONFIG_HOME", ".config")?.join("config.toml"))
}

/// The doctor's directory under the XDG base directory `variable`, else
/// under `fallback` in the home directory (the XDG default).
fn xdg_dir(variable: &str, fallback: &str) -> Option<PathBuf> {
    let base = std::env::var_os(variable)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(fallback)))?;
    Some(base.join("llmcfg-doctor"))
}

impl Settings {
    /// Reads a config file; `None` when it is missing and was not named
    /// explicitly (a missing file that was is an error).
    pub fn load(path: &Path, explicit: bool) -> Result<Option<Settings>, PlanError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(None),
            Err(e) => return Err(PlanError(format!("{}: cannot read: {e}", path.display()))),
        };
        toml::from_str(&text).map(Some).map_err(|e| {
            let (line, reason) = diagnosis::runbook::toml_error(&text, &e);
            PlanError(format!("{}: line {line}: {reason}", path.display()))
        })
    }

    /// Applies the defaults of [`diagnosis::settings`] and validates everything.
    pub fn resolve(self) -> Result<Plan, PlanError> {
        let timeout = parse_duration(TIMEOUT.flag, &or_default(self.timeout, &TIMEOUT))?;
        if timeout < Duration::from_millis(100) {
            return Err(PlanError(format!(
                "--timeout {timeout:?} is too short; give at least 100ms"
            )));
        }
        let mut runbook = match &self.runbook {
            Some(path) => Runbook::load(path, &diagnosis::checks::Registry)?,
            None => Runbook::embedded(),
        };
        if let Some(required) = self.require_traffic {
            runbook.ratios.require_traffic = required;
        }
        let sample = match &self.window {
            Some(window) => {
                let window = parse_duration(WINDOW.flag, window)?;
                if window < Duration::from_millis(100) {
                    return Err(PlanError(format!(
                        "--{} {window:?} is too short; give at least 100ms",
                        WINDOW.flag
                    )));
                }
                window
            }
            None => (timeout / 4).min(Duration::from_secs(1)),
        };
        let runtime = match self.runtime {
            Some(runtime) => runtime,
            None => RuntimeChoice::from_str(RUNTIME.default_literal().unwrap_or_default(), false)
                .map_err(PlanError)?,
        };
        Ok(Plan {
            api_url: parse_url(&API_URL, &or_default(self.api_url, &API_URL))?,
            metrics_url: parse_url(&METRICS_URL, &or_default(self.metrics_url, &METRICS_URL))?,
            prometheus_url: parse_url(
                &PROMETHEUS_URL,
                &or_default(self.prometheus_url, &PROMETHEUS_URL),
            )?,
            database_url: self.database_url.filter(|u| !u.is_empty()),
            redis_url: self.redis_url.filter(|u| !u.is_empty()),
            runtime,
            container: or_default(self.container, &CONTAINER),
            namespace: or_default(self.namespace, &NAMESPACE),
            selector: or_default(self.selector, &SELECTOR),
            unit: or_default(self.unit, &UNIT),
            process: or_default(self.process, &PROCESS),
            pid: self.pid,
            data_dir_given: self.data_dir.is_some(),
            log_dir_given: self.log_dir.is_some(),
            data_dir: self.data_dir.unwrap_or_else(|| FALLBACK_DATA_DIR.into()),
            log_dir: self.log_dir.unwrap_or_else(|| FALLBACK_LOG_DIR.into()),
            timeout,
            sample,
            probe_path: "/api/v1/configs/test/key?env=production".into(),
            trend: None,
            bigkeys: false,
            state_dir: state_dir(self.state_dir),
            runbook: std::sync::Arc::new(runbook),
            selection: diagnosis::checks::Selection::default(),
            past: None,
            history_offset: DEFAULT_HISTORY_OFFSET,
        })
    }
}

/// The state directory: `given` (none for `none`), else
/// `$XDG_STATE_HOME/llmcfg-doctor`, else `~/.local/state/llmcfg-doctor`.
fn state_dir(given: Option<PathBuf>) -> Option<PathBuf> {
    match given {
        Some(given) => {
            (given.as_os_str() != "none" && !given.as_os_str().is_empty()).then_some(given)
        }
        None => xdg_dir("XDG_STATE_HOME", ".local/state"),
    }
}

/// `given`, else the setting's default value.
fn or_default<T: for<'a> From<&'a str>>(given: Option<T>, setting: &Setting) -> T {
    given.unwrap_or_else(|| T::from(setting.default_literal().unwrap_or_default()))
}

fn parse_url(setting: &Setting, raw: &str) -> Result<Url, PlanError> {
    let flag = setting.flag;
    let url =
        Url::parse(raw).map_err(|e| PlanError(format!("--{flag} {raw:?} is not a URL: {e}")))?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url),
        _ => Err(PlanError(format!(
            "--{flag} {raw:?} must be an http:// or https:// URL with a host"
        ))),
    }
}

/// Parses `5s`, `1500ms`, `2m`.
pub fn parse_duration(flag: &str, raw: &str) -> Result<Duration, PlanError> {
    humantime::parse_duration(raw.trim()).map_err(|e| {
        PlanError(format!("--{flag} {raw:?} is not a duration such as 5s or 500ms: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_runbooks() {
        let plan = Settings::default().resolve().unwrap();
        assert_eq!(plan.api_url.as_str(), "http://localhost:8080/");
        assert_eq!(plan.metrics_url.as_str(), "http://localhost:9090/metrics");
        assert_eq!(plan.prometheus_url.as_str(), "http://localhost:9091/");
        assert_eq!(plan.container, "llm-config-manager");
        assert_eq!(plan.timeout, Duration::from_secs(5));
        assert_eq!(plan.sample, Duration::from_secs(1));
    }

    #[test]
    fn earlier_settings_win() {
        let flags = Settings { container: Some("flag".into()), ..Settings::default() };
        let file = Settings {
            container: Some("file".into()),
            unit: Some("file-unit".into()),
            ..Settings::default()
        };
        let plan = flags.or(file).resolve().unwrap();
        assert_eq!((plan.container.as_str(), plan.unit.as_str()), ("flag", "file-unit"));
    }

    #[test]
    fn bad_values_are_one_line_errors() {
        let bad = [
            Settings { api_url: Some("localhost:8080".into()), ..Settings::default() },
            Settings { timeout: Some("soon".into()), ..Settings::default() },
            Settings { timeout: Some("1ms".into()), ..Settings::default() },
        ];
        for settings in bad {
            let error = settings.resolve().unwrap_err().to_string();
            assert_eq!(error.lines().count(), 1, "{error}");
        }
    }

    #[test]
    fn config_files_reject_unknown_keys_with_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "container = \"c\"\ncontainr = \"typo\"\n").unwrap();
        let error = Settings::load(&path, true).unwrap_err().to_string();
        assert!(error.contains("line 2") && error.contains("unknown field"), "{error}");
        assert_eq!(Settings::load(&dir.path().join("none.toml"), false).unwrap(), None);
        assert!(Settings::load(&dir.path().join("none.toml"), true).is_err());
    }
}
