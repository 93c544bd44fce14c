//! The doctor's settings, each declared once: its flag, `LLMCFG_*`
//! environment variable, config-file key, default, one-line help, value
//! name and whether its value is a secret.
//!
//! The clap definitions, their help texts, `config show`, `config init`,
//! the plan's defaults, the README's settings table (checked by a test) and
//! the hints of the checks all read this list, so a default is written in
//! one place. Plain data: no clap, no I/O; any module may import it, and
//! it imports only [`crate::redact`].

/// What a setting is when nothing sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    /// A value, used as if it had been given.
    Literal(&'static str),
    /// Worked out at run time; the words say how.
    Described(&'static str),
    /// Unset: whatever needs the setting says how to give it.
    None,
}

/// One setting of the doctor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// The long flag without its dashes, e.g. `api-url`.
    pub flag: &'static str,
    /// The environment variable, e.g. `LLMCFG_API_URL`.
    pub env: &'static str,
    /// Whether a config file may hold it, under the flag's name.
    pub in_config_file: bool,
    pub default: DefaultValue,
    /// One line, without the default.
    pub help: &'static str,
    /// How help texts name the value, e.g. `URL`.
    pub value_name: &'static str,
    /// Never printed: shown through [`crate::redact`].
    pub secret: bool,
}

impl Setting {
    /// The key of the setting in a config file, if a file may hold it.
    pub fn config_key(&self) -> Option<&'static str> {
        self.in_config_file.then_some(self.flag)
    }

    /// The default as a value, if there is one.
    pub fn default_literal(&self) -> Option<&'static str> {
        match self.default {
            DefaultValue::Literal(value) => Some(value),
            DefaultValue::Described(_) | DefaultValue::None => None,
        }
    }

    /// The default in words: the value, how it is worked out, or `None`.
    pub fn default_text(&self) -> Option<&'static str> {
        match self.default {
            DefaultValue::Literal(text) | DefaultValue::Described(text) => Some(text),
            DefaultValue::None => None,
        }
    }

    /// The help line with its default, as `--help` shows it:
    /// `Kubernetes namespace [default: llm-config]`.
    pub fn help_with_default(&self) -> String {
        match self.default_text() {
            Some(default) => format!("{} [default: {default}]", self.help),
            None => self.help.to_owned(),
        }
    }

    /// The flag as typed, for a hint: `--redis-url`.
    pub fn option(&self) -> String {
        format!("--{}", self.flag)
    }

    /// The flag and its default, for a hint:
    /// `--metrics-url (default http://localhost:9090/metrics)`.
    pub fn flag_with_default(&self) -> String {
        match self.default_text() {
            Some(default) => format!("--{} (default {default})", self.flag),
            None => format!("--{}", self.flag),
        }
    }

    /// `value` as it may be printed: a secret's password hidden.
    pub fn shown(&self, value: &str) -> String {
        if self.secret { crate::redact::connection_string(value) } else { value.to_owned() }
    }
}

/// A setting a config file may hold, with a literal default or none.
const fn target(
    flag: &'static str,
    env: &'static str,
    default: DefaultValue,
    help: &'static str,
    value_name: &'static str,
) -> Setting {
    Setting { flag, env, in_config_file: true, default, help, value_name, secret: false }
}

pub const API_URL: Setting = target(
    "api-url",
    "LLMCFG_API_URL",
    DefaultValue::Literal("http://localhost:8080"),
    "The service's API",
    "URL",
);
pub const METRICS_URL: Setting = target(
    "metrics-url",
    "LLMCFG_METRICS_URL",
    DefaultValue::Literal("http://localhost:9090/metrics"),
    "The service's Prometheus metrics endpoint",
    "URL",
);
pub const PROMETHEUS_URL: Setting = target(
    "prometheus-url",
    "LLMCFG_PROMETHEUS_URL",
    DefaultValue::Literal("http://localhost:9091"),
    "Prometheus server (HTTP API)",
    "URL",
);
pub const DATABASE_URL: Setting = Setting {
    secret: true,
    ..target(
        "database-url",
        "LLMCFG_DATABASE_URL",
        DefaultValue::None,
        "PostgreSQL, as a URL or libpq key=value string",
        "URL",
    )
};
pub const REDIS_URL: Setting = Setting {
    secret: true,
    ..target("redis-url", "LLMCFG_REDIS_URL", DefaultValue::None, "Redis URL", "URL")
};
pub const RUNTIME: Setting = target(
    "runtime",
    "LLMCFG_RUNTIME",
    DefaultValue::Literal("auto"),
    "How the service is deployed",
    "RUNTIME",
);
pub const CONTAINER: Setting = target(
    "container",
    "LLMCFG_CONTAINER",
    DefaultValue::Literal("llm-config-manager"),
    "Docker container name or compose service",
    "NAME",
);
pub const NAMESPACE: Setting = target(
    "namespace",
    "LLMCFG_NAMESPACE",
    DefaultValue::Literal("llm-config"),
    "Kubernetes namespace",
    "NAME",
);
pub const SELECTOR: Setting = target(
    "selector",
    "LLMCFG_SELECTOR",
    DefaultValue::Literal("app=llm-config-manager"),
    "Kubernetes label selector",
    "SELECTOR",
);
pub const UNIT: Setting = target(
    "unit",
    "LLMCFG_UNIT",
    DefaultValue::Literal("llm-config-manager"),
    "systemd unit",
    "UNIT",
);
pub const PROCESS: Setting = target(
    "process",
    "LLMCFG_PROCESS",
    DefaultValue::Literal("llm-config-server"),
    "Process name",
    "NAME",
);
pub const PID: Setting = target(
    "pid",
    "LLMCFG_PID",
    DefaultValue::None,
    "Process id (implies the process runtime under auto)",
    "PID",
);
/// The data directory when neither a setting nor the service's process
/// names one (the runbook's).
pub const FALLBACK_DATA_DIR: &str = "/var/lib/llm-config";
/// The log directory when neither a setting nor the service's process
/// names one (the runbook's).
pub const FALLBACK_LOG_DIR: &str = "/var/log/llm-config";

pub const DATA_DIR: Setting = target(
    "data-dir",
    "LLMCFG_DATA_DIR",
    DefaultValue::Described(
        "where the service's process holds its database open, else /var/lib/llm-config",
    ),
    "The service's data directory",
    "DIR",
);
pub const LOG_DIR: Setting = target(
    "log-dir",
    "LLMCFG_LOG_DIR",
    DefaultValue::Described(
        "where the service's process holds its log files open, else /var/log/llm-config",
    ),
    "The service's log directory",
    "DIR",
);
pub const TIMEOUT: Setting = target(
    "timeout",
    "LLMCFG_TIMEOUT",
    DefaultValue::Literal("5s"),
    "Deadline of the whole run, e.g. 5s or 1500ms",
    "DURATION",
);
pub const WINDOW: Setting = target(
    "window",
    "LLMCFG_WINDOW",
    DefaultValue::Described("1s, or a quarter of --timeout when that is shorter"),
    "Sampling window of rates and CPU when neither Prometheus nor the service's start gives a \
     wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the \
     deadline",
    "DURATION",
);
pub const REQUIRE_TRAFFIC: Setting = target(
    "require-traffic",
    "LLMCFG_REQUIRE_TRAFFIC",
    DefaultValue::Literal("false"),
    "Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not \
     judged)",
    "BOOL",
);
pub const RUNBOOK: Setting = target(
    "runbook",
    "LLMCFG_RUNBOOK",
    DefaultValue::Described("the compiled-in runbooks/performance.toml"),
    "Runbook file with the thresholds and remediation texts",
    "FILE",
);
pub const STATE_DIR: Setting = target(
    "state-dir",
    "LLMCFG_STATE_DIR",
    DefaultValue::Described("$XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor"),
    "Where a run keeps its last readings, so that the next within 90s measures from them \
     instead of sampling anew; `none` keeps nothing",
    "DIR",
);
pub const FORMAT: Setting = Setting {
    in_config_file: false,
    ..target(
        "format",
        "LLMCFG_FORMAT",
        DefaultValue::Described("table on a terminal, else json"),
        "Output format",
        "FORMAT",
    )
};
pub const FAIL_ON: Setting = Setting {
    in_config_file: false,
    ..target(
        "fail-on",
        "LLMCFG_FAIL_ON",
        DefaultValue::Literal("warning"),
        "Lowest worst status that makes the exit code non-zero",
        "STATUS",
    )
};
pub const CONFIG: Setting = Setting {
    in_config_file: false,
    ..target(
        "config",
        "LLMCFG_CONFIG",
        DefaultValue::Described("$XDG_CONFIG_HOME/llmcfg-doctor/config.toml"),
        "Config file",
        "FILE",
    )
};

/// Every setting, in the order help texts list them.
pub const ALL: &[Setting] = &[
    API_URL,
    METRICS_URL,
    PROMETHEUS_URL,
    DATABASE_URL,
    REDIS_URL,
    RUNTIME,
    CONTAINER,
    NAMESPACE,
    SELECTOR,
    UNIT,
    PROCESS,
    PID,
    DATA_DIR,
    LOG_DIR,
    TIMEOUT,
    WINDOW,
    REQUIRE_TRAFFIC,
    STATE_DIR,
    FORMAT,
    FAIL_ON,
    CONFIG,
    RUNBOOK,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_variables_follow_the_flags() {
        for (i, setting) in ALL.iter().enumerate() {
            assert!(ALL[..i].iter().all(|other| other.flag != setting.flag), "{}", setting.flag);
            let env = format!("LLMCFG_{}", setting.flag.to_uppercase().replace('-', "_"));
            assert_eq!(setting.env, env);
            assert!(!setting.help.contains("[default"), "{}: the default is added", setting.flag);
        }
    }

    #[test]
    fn hints_name_the_flag_and_its_default() {
        assert_eq!(
            METRICS_URL.flag_with_default(),
            "--metrics-url (default http://localhost:9090/metrics)"
        );
        assert_eq!(DATABASE_URL.flag_with_default(), "--database-url");
        assert_eq!(NAMESPACE.help_with_default(), "Kubernetes namespace [default: llm-config]");
    }

    #[test]
    fn secrets_are_shown_without_their_password() {
        assert_eq!(DATABASE_URL.shown("postgres://u:pw@db/app"), "postgres://u:***@db/app");
        assert_eq!(CONTAINER.shown("c:pw"), "c:pw");
    }

    /// The README's settings table is this list.
    #[test]
    fn the_readme_table_is_the_registry() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
                .expect("README.md is readable");
        let mut table = String::from(
            "| flag | environment | config file | default | meaning |\n|---|---|---|---|---|\n",
        );
        for setting in ALL {
            let key = setting.config_key().map_or("no".to_owned(), |key| format!("`{key}`"));
            let default = match setting.default {
                DefaultValue::Literal(value) => format!("`{value}`"),
                DefaultValue::Described(words) => words.to_owned(),
                DefaultValue::None => "none".to_owned(),
            };
            table.push_str(&format!(
                "| `--{}` | `{}` | {key} | {default} | {} |\n",
                setting.flag, setting.env, setting.help
            ));
        }
        assert!(readme.contains(&table), "README.md should hold this settings table:\n{table}");
    }
}
