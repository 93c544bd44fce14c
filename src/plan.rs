//! Where the service lives and how to look at it: the resolved plan of a
//! run.
//!
//! Every setting resolves as flag > `LLMCFG_*` environment variable >
//! config file > the runbook's default. Clap handles the first two (each
//! flag names its variable); [`ConfigFile`] supplies the third.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use crate::runbook::{Runbook, RunbookError};

/// How the service is deployed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
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

/// The settings a config file may hold; every key is optional and named
/// like its flag.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    pub api_url: Option<String>,
    pub metrics_url: Option<String>,
    pub prometheus_url: Option<String>,
    pub database_url: Option<String>,
    pub redis_url: Option<String>,
    pub runtime: Option<RuntimeChoice>,
    pub container: Option<String>,
    pub namespace: Option<String>,
    pub selector: Option<String>,
    pub unit: Option<String>,
    pub process: Option<String>,
    pub pid: Option<u32>,
    pub data_dir: Option<PathBuf>,
    pub log_dir: Option<PathBuf>,
    pub timeout: Option<String>,
    pub runbook: Option<PathBuf>,
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
    pub runbook: Runbook,
}

/// The default config file: `$XDG_CONFIG_HOME/llmcfg-doctor/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("llmcfg-doctor").join("config.toml"))
}

impl Settings {
    /// Reads a config file. A missing file is an error only when it was
    /// named explicitly.
    pub fn load(path: &Path, explicit: bool) -> Result<Settings, PlanError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                return Ok(Settings::default());
            }
            Err(e) => return Err(PlanError(format!("{}: cannot read: {e}", path.display()))),
        };
        toml::from_str(&text).map_err(|e| {
            let (line, reason) = crate::runbook::toml_error(&text, &e);
            PlanError(format!("{}: line {line}: {reason}", path.display()))
        })
    }

    /// Fills every unset field of `self` from `fallback`.
    pub fn or(self, fallback: Settings) -> Settings {
        Settings {
            api_url: self.api_url.or(fallback.api_url),
            metrics_url: self.metrics_url.or(fallback.metrics_url),
            prometheus_url: self.prometheus_url.or(fallback.prometheus_url),
            database_url: self.database_url.or(fallback.database_url),
            redis_url: self.redis_url.or(fallback.redis_url),
            runtime: self.runtime.or(fallback.runtime),
            container: self.container.or(fallback.container),
            namespace: self.namespace.or(fallback.namespace),
            selector: self.selector.or(fallback.selector),
            unit: self.unit.or(fallback.unit),
            process: self.process.or(fallback.process),
            pid: self.pid.or(fallback.pid),
            data_dir: self.data_dir.or(fallback.data_dir),
            log_dir: self.log_dir.or(fallback.log_dir),
            timeout: self.timeout.or(fallback.timeout),
            runbook: self.runbook.or(fallback.runbook),
        }
    }

    /// Applies the runbook's defaults and validates everything.
    pub fn resolve(self) -> Result<Plan, PlanError> {
        let timeout = parse_duration("timeout", self.timeout.as_deref().unwrap_or("5s"))?;
        if timeout < Duration::from_millis(100) {
            return Err(PlanError(format!(
                "--timeout {timeout:?} is too short; give at least 100ms"
            )));
        }
        let runbook = match &self.runbook {
            Some(path) => Runbook::load(path)?,
            None => Runbook::embedded(),
        };
        Ok(Plan {
            api_url: parse_url(
                "api-url",
                self.api_url.as_deref().unwrap_or("http://localhost:8080"),
            )?,
            metrics_url: parse_url(
                "metrics-url",
                self.metrics_url.as_deref().unwrap_or("http://localhost:9090/metrics"),
            )?,
            prometheus_url: parse_url(
                "prometheus-url",
                self.prometheus_url.as_deref().unwrap_or("http://localhost:9091"),
            )?,
            database_url: self.database_url.filter(|u| !u.is_empty()),
            redis_url: self.redis_url.filter(|u| !u.is_empty()),
            runtime: self.runtime.unwrap_or(RuntimeChoice::Auto),
            container: self.container.unwrap_or_else(|| "llm-config-manager".into()),
            namespace: self.namespace.unwrap_or_else(|| "llm-config".into()),
            selector: self.selector.unwrap_or_else(|| "app=llm-config-manager".into()),
            unit: self.unit.unwrap_or_else(|| "llm-config-manager".into()),
            process: self.process.unwrap_or_else(|| "llm-config-server".into()),
            pid: self.pid,
            data_dir: self.data_dir.unwrap_or_else(|| "/var/lib/llm-config".into()),
            log_dir: self.log_dir.unwrap_or_else(|| "/var/log/llm-config".into()),
            timeout,
            sample: (timeout / 4).min(Duration::from_secs(1)),
            probe_path: "/api/v1/configs/test/key?env=production".into(),
            trend: None,
            bigkeys: false,
            runbook,
        })
    }
}

fn parse_url(flag: &str, raw: &str) -> Result<Url, PlanError> {
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
        assert_eq!(
            Settings::load(&dir.path().join("none.toml"), false).unwrap(),
            Settings::default()
        );
        assert!(Settings::load(&dir.path().join("none.toml"), true).is_err());
    }
}
