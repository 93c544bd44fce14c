//! Server settings, read from the runbook's environment variables.
//!
//! Every knob the runbook turns (`CACHE_L1_SIZE`, `DATABASE_POOL_SIZE`,
//! `SERVER_WORKERS`, ...) is a field here, so advice printed by the doctor is
//! true of this server. Parsing is strict: a value that does not parse is an
//! error naming the variable, never a silent fallback to the default.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// Where configs are persisted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageBackend {
    /// SQLite file under the data directory (the default).
    Embedded { data_dir: PathBuf },
    /// PostgreSQL, from a `postgres://` / `postgresql://` URL.
    Postgres { url: String },
}

impl StorageBackend {
    /// The label value used in metrics and `/health`.
    pub fn name(&self) -> &'static str {
        match self {
            StorageBackend::Embedded { .. } => "sqlite",
            StorageBackend::Postgres { .. } => "postgres",
        }
    }
}

/// The whole resolved configuration of one server process.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub api_addr: SocketAddr,
    pub metrics_addr: SocketAddr,
    pub storage: StorageBackend,
    pub database_pool_size: usize,
    /// How long a request waits for a storage connection or statement.
    pub storage_timeout: Duration,
    pub l1_enabled: bool,
    pub l1_capacity: u64,
    pub l1_ttl: Duration,
    pub l2_enabled: bool,
    pub redis_url: Option<String>,
    pub redis_pool_size: usize,
    pub l2_ttl: Duration,
    /// Deadline of one Redis command; past it the read falls through to storage.
    pub redis_timeout: Duration,
    pub workers: usize,
    /// Requests per second per client address; 0 disables rate limiting.
    pub rate_limit_rps: u32,
    pub rate_limit_burst: u32,
    pub compression: bool,
    pub compression_level: u32,
    pub max_body_bytes: usize,
    /// What the server gives its clients before it sheds them.
    pub connections: ConnectionLimits,
    /// How stale an L1 answer may be when the change channel goes quiet:
    /// past it without a fence, reads skip L1 (PostgreSQL only).
    pub coherence_bound: Duration,
    /// How often the change channel is fenced; under the bound.
    pub coherence_heartbeat: Duration,
    /// Where the change listener connects, when not `DATABASE_URL` (a
    /// direct connection where the pool goes through a transaction-mode
    /// pooler, which cannot LISTEN).
    pub coherence_database_url: Option<String>,
    pub api_token: Option<String>,
    pub log_dir: Option<PathBuf>,
    pub log_filter: String,
}

/// How long a client may take and how many may be connected at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections on each port; one more is answered 503 and closed.
    pub max_open: usize,
    /// From a request's first byte to its whole head.
    pub head_timeout: Duration,
    /// For a request's whole body, once its head is in (408 past it).
    pub body_timeout: Duration,
    /// A kept-alive connection with no request under way.
    pub idle_timeout: Duration,
}

/// Host cores, the default of `SERVER_WORKERS`.
pub fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

impl ServerConfig {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self> {
        Self::from_vars(&std::env::vars().collect())
    }

    /// Reads the configuration from a map of variables (the environment in
    /// production, a literal map in tests).
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self> {
        let env = Vars(vars);
        let storage = match env.text("DATABASE_URL") {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                StorageBackend::Postgres { url: url.to_owned() }
            }
            Some(url) if !url.is_empty() => bail!(
                "DATABASE_URL must be a postgres:// URL (unset it for embedded storage), got {:?}",
                scrub_url(url)
            ),
            _ => StorageBackend::Embedded {
                data_dir: PathBuf::from(env.text("LLMCFG_DATA_DIR").unwrap_or("./data")),
            },
        };
        let redis_url = env.text("REDIS_URL").filter(|u| !u.is_empty()).map(str::to_owned);
        let config = ServerConfig {
            api_addr: env.parse("API_ADDR", "127.0.0.1:8080".parse()?)?,
            metrics_addr: env.parse("METRICS_ADDR", "127.0.0.1:9090".parse()?)?,
            storage,
            database_pool_size: env.parse("DATABASE_POOL_SIZE", 10)?,
            storage_timeout: Duration::from_millis(env.parse("STORAGE_TIMEOUT_MS", 5000)?),
            l1_enabled: env.flag("CACHE_L1_ENABLED", true)?,
            l1_capacity: env.parse("CACHE_L1_SIZE", 10_000)?,
            l1_ttl: Duration::from_secs(env.parse("CACHE_L1_TTL_SECONDS", 3600)?),
            l2_enabled: env.flag("CACHE_L2_ENABLED", redis_url.is_some())?,
            redis_url,
            redis_pool_size: env.parse("REDIS_POOL_SIZE", 4)?,
            l2_ttl: Duration::from_secs(env.parse("CACHE_L2_TTL_SECONDS", 3600)?),
            redis_timeout: Duration::from_millis(env.parse("REDIS_TIMEOUT_MS", 100)?),
            workers: env.parse("SERVER_WORKERS", available_cores())?,
            rate_limit_rps: env.parse("RATE_LIMIT_RPS", 0)?,
            rate_limit_burst: env.parse("RATE_LIMIT_BURST", 0)?,
            compression: env.flag("ENABLE_COMPRESSION", false)?,
            compression_level: env.parse("COMPRESSION_LEVEL", 6)?,
            max_body_bytes: env.parse("LLMCFG_MAX_BODY_BYTES", 1024 * 1024)?,
            connections: ConnectionLimits {
                max_open: env.parse("HTTP_MAX_CONNECTIONS", 10_000)?,
                head_timeout: Duration::from_millis(env.parse("HTTP_HEAD_TIMEOUT_MS", 10_000)?),
                body_timeout: Duration::from_millis(env.parse("HTTP_BODY_TIMEOUT_MS", 30_000)?),
                idle_timeout: Duration::from_millis(env.parse("HTTP_IDLE_TIMEOUT_MS", 60_000)?),
            },
            coherence_bound: Duration::from_millis(env.parse("CACHE_COHERENCE_BOUND_MS", 1000)?),
            coherence_heartbeat: Duration::from_millis(
                env.parse("CACHE_COHERENCE_HEARTBEAT_MS", 200)?,
            ),
            coherence_database_url: env
                .text("COHERENCE_DATABASE_URL")
                .filter(|u| !u.is_empty())
                .map(str::to_owned),
            api_token: env.text("LLMCFG_API_TOKEN").filter(|t| !t.is_empty()).map(str::to_owned),
            log_dir: env.text("LLMCFG_LOG_DIR").filter(|d| !d.is_empty()).map(PathBuf::from),
            log_filter: env.text("RUST_LOG").unwrap_or("info").to_owned(),
        };
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        if self.workers == 0 {
            bail!("SERVER_WORKERS must be at least 1");
        }
        let limits = &self.connections;
        if limits.max_open == 0 {
            bail!("HTTP_MAX_CONNECTIONS must be at least 1");
        }
        for (name, timeout) in [
            ("HTTP_HEAD_TIMEOUT_MS", limits.head_timeout),
            ("HTTP_BODY_TIMEOUT_MS", limits.body_timeout),
            ("HTTP_IDLE_TIMEOUT_MS", limits.idle_timeout),
        ] {
            if timeout.is_zero() {
                bail!("{name} must be at least 1");
            }
        }
        if self.database_pool_size == 0 {
            bail!("DATABASE_POOL_SIZE must be at least 1");
        }
        if self.l1_enabled && self.l1_capacity == 0 {
            bail!("CACHE_L1_SIZE must be at least 1 while CACHE_L1_ENABLED is true");
        }
        if self.l2_enabled && self.redis_url.is_none() {
            bail!("CACHE_L2_ENABLED is true but REDIS_URL is not set");
        }
        if self.l2_enabled && self.redis_pool_size == 0 {
            bail!("REDIS_POOL_SIZE must be at least 1 while CACHE_L2_ENABLED is true");
        }
        if self.coherence_heartbeat.is_zero() || self.coherence_heartbeat >= self.coherence_bound {
            bail!(
                "CACHE_COHERENCE_HEARTBEAT_MS ({:?}) must be above 0 and below CACHE_COHERENCE_BOUND_MS ({:?})",
                self.coherence_heartbeat,
                self.coherence_bound
            );
        }
        if !(1..=9).contains(&self.compression_level) {
            bail!("COMPRESSION_LEVEL must be between 1 and 9, got {}", self.compression_level);
        }
        let exposed = !self.api_addr.ip().is_loopback();
        if exposed && self.api_token.is_none() {
            bail!(
                "API_ADDR {} is not a loopback address: set LLMCFG_API_TOKEN so writes need a bearer token",
                self.api_addr
            );
        }
        Ok(())
    }

    /// The rate limit as (per second, burst), when enabled. A burst of 0
    /// means "one second's worth".
    pub fn rate_limit(&self) -> Option<(u32, u32)> {
        (self.rate_limit_rps > 0).then(|| {
            let burst = if self.rate_limit_burst == 0 {
                self.rate_limit_rps
            } else {
                self.rate_limit_burst
            };
            (self.rate_limit_rps, burst)
        })
    }
}

/// Hides the password of a URL, for logs and error messages.
pub fn scrub_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "<unparsable URL>".to_owned(),
    }
}

/// Typed access to a variable map with errors that name the variable.
struct Vars<'a>(&'a HashMap<String, String>);

impl Vars<'_> {
    fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim())
    }

    fn parse<T>(&self, name: &str, default: T) -> Result<T>
    where
        T: std::str::FromStr,
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        match self.text(name) {
            None | Some("") => Ok(default),
            Some(raw) => raw.parse().with_context(|| format!("{name}={raw:?} is not valid")),
        }
    }

    fn flag(&self, name: &str, default: bool) -> Result<bool> {
        match self.text(name).map(str::to_ascii_lowercase).as_deref() {
            None | Some("") => Ok(default),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(other) => bail!("{name}={other:?} is not a boolean (use true or false)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<ServerConfig> {
        ServerConfig::from_vars(
            &pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        )
    }

    #[test]
    fn defaults_are_the_runbooks() {
        let c = config(&[]).unwrap();
        assert_eq!(c.api_addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.metrics_addr.to_string(), "127.0.0.1:9090");
        assert_eq!(c.l1_capacity, 10_000);
        assert_eq!(c.l1_ttl, Duration::from_secs(3600));
        assert!(c.l1_enabled && !c.l2_enabled);
        assert_eq!(c.storage.name(), "sqlite");
        assert_eq!(c.rate_limit(), None);
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err = config(&[("CACHE_L1_SIZE", "lots")]).unwrap_err();
        assert!(format!("{err:#}").contains("CACHE_L1_SIZE"), "{err:#}");
        let err = config(&[("CACHE_L1_ENABLED", "maybe")]).unwrap_err();
        assert!(err.to_string().contains("CACHE_L1_ENABLED"));
        let err = config(&[("DATABASE_URL", "mysql://u:secret@h/db")]).unwrap_err();
        assert!(!err.to_string().contains("secret"), "{err}");
    }

    #[test]
    fn exposed_address_needs_a_token() {
        assert!(config(&[("API_ADDR", "0.0.0.0:8080")]).is_err());
        assert!(config(&[("API_ADDR", "0.0.0.0:8080"), ("LLMCFG_API_TOKEN", "t")]).is_ok());
    }

    #[test]
    fn l2_follows_redis_url() {
        let c = config(&[("REDIS_URL", "redis://127.0.0.1:6379")]).unwrap();
        assert!(c.l2_enabled);
        assert!(config(&[("CACHE_L2_ENABLED", "true")]).is_err());
    }

    #[test]
    fn scrubbed_urls_hide_passwords() {
        assert_eq!(scrub_url("postgres://u:pw@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(scrub_url("redis://h:6379"), "redis://h:6379");
    }
}
