//! Durable storage of configs: embedded SQLite by default, PostgreSQL when
//! `DATABASE_URL` names one.
//!
//! Both backends keep the same table (`configs`, primary key on namespace,
//! key and environment), create or migrate it at start, and acknowledge a
//! write only after it is committed. Every call is bounded by the storage
//! timeout; a backend that cannot answer in time yields
//! [`StorageError::Unavailable`], which the API turns into 503.

mod postgres;
mod sqlite;

pub use postgres::client_config;

pub use sqlite::SQLITE_FILE;

use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::config::{ServerConfig, StorageBackend};
use contract::metrics::Backend;

/// Identifies one config value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConfigId {
    pub namespace: String,
    pub key: String,
    pub environment: String,
}

/// A stored config value with its bookkeeping, as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfigEntry {
    pub namespace: String,
    pub key: String,
    #[serde(rename = "env")]
    pub environment: String,
    pub value: serde_json::Value,
    pub version: i64,
    #[serde(serialize_with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

fn rfc3339<S: serde::Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// Why storage could not answer.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// No connection, pool exhausted past its wait, or a deadline passed.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// The backend answered with an error.
    #[error("storage failed: {0}")]
    Failed(String),
}

/// Occupancy of a connection pool, exported as `connection_pool_*`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PoolStatus {
    pub size: usize,
    pub idle: usize,
    pub waiting: usize,
}

impl From<deadpool::Status> for PoolStatus {
    fn from(status: deadpool::Status) -> Self {
        PoolStatus { size: status.max_size, idle: status.available, waiting: status.waiting }
    }
}

/// The configured backend.
pub enum Storage {
    Sqlite(sqlite::SqliteStorage),
    Postgres(postgres::PostgresStorage),
}

impl Storage {
    /// Opens the backend the configuration names and migrates its schema;
    /// `origin` names this replica in PostgreSQL's change announcements.
    pub async fn open(config: &ServerConfig, origin: &str) -> anyhow::Result<Storage> {
        let (pool_size, timeout) = (config.database_pool_size, config.storage_timeout);
        Ok(match &config.storage {
            StorageBackend::Embedded { data_dir } => {
                Storage::Sqlite(sqlite::SqliteStorage::open(data_dir, pool_size, timeout).await?)
            }
            StorageBackend::Postgres { url } => {
                let storage = postgres::PostgresStorage::open(url, pool_size, timeout, origin);
                Storage::Postgres(storage.await?)
            }
        })
    }

    pub async fn get(&self, id: &ConfigId) -> Result<Option<ConfigEntry>, StorageError> {
        match self {
            Storage::Sqlite(s) => s.get(id).await,
            Storage::Postgres(s) => s.get(id).await,
        }
    }

    /// Inserts or replaces a value; the version starts at 1 and grows by one
    /// with every write.
    pub async fn put(
        &self,
        id: &ConfigId,
        value: &serde_json::Value,
    ) -> Result<ConfigEntry, StorageError> {
        let now = Utc::now();
        match self {
            Storage::Sqlite(s) => s.put(id, value, now).await,
            Storage::Postgres(s) => s.put(id, value, now).await,
        }
    }

    /// Deletes a value; `false` when there was none.
    pub async fn delete(&self, id: &ConfigId) -> Result<bool, StorageError> {
        match self {
            Storage::Sqlite(s) => s.delete(id).await,
            Storage::Postgres(s) => s.delete(id).await,
        }
    }

    /// Every value of a namespace in one environment, ordered by key.
    pub async fn list(
        &self,
        namespace: &str,
        environment: &str,
    ) -> Result<Vec<ConfigEntry>, StorageError> {
        match self {
            Storage::Sqlite(s) => s.list(namespace, environment).await,
            Storage::Postgres(s) => s.list(namespace, environment).await,
        }
    }

    /// Records, durably, that Redis missed a write or delete and may serve
    /// a value storage has since replaced; a server that starts while the
    /// mark is there purges its keys from Redis before using it, so a
    /// restart does not forget what the replay list in memory knew.
    pub async fn mark_l2_stale(&self) -> Result<(), StorageError> {
        match self {
            Storage::Sqlite(s) => s.mark_l2_stale().await,
            Storage::Postgres(s) => s.mark_l2_stale().await,
        }
    }

    /// The generation of the standing [`Storage::mark_l2_stale`] mark,
    /// if there is one; each mark moves it on.
    pub async fn l2_stale(&self) -> Result<Option<i64>, StorageError> {
        match self {
            Storage::Sqlite(s) => s.l2_stale().await,
            Storage::Postgres(s) => s.l2_stale().await,
        }
    }

    /// Removes the mark of `generation` once Redis has been purged; a mark
    /// made since (a later generation) stands.
    pub async fn clear_l2_stale(&self, generation: i64) -> Result<(), StorageError> {
        match self {
            Storage::Sqlite(s) => s.clear_l2_stale(generation).await,
            Storage::Postgres(s) => s.clear_l2_stale(generation).await,
        }
    }

    /// One trivial round trip, timed.
    pub async fn ping(&self) -> Result<Duration, StorageError> {
        let started = Instant::now();
        match self {
            Storage::Sqlite(s) => s.ping().await?,
            Storage::Postgres(s) => s.ping().await?,
        }
        Ok(started.elapsed())
    }

    pub fn pool_status(&self) -> PoolStatus {
        match self {
            Storage::Sqlite(s) => s.pool_status(),
            Storage::Postgres(s) => s.pool_status(),
        }
    }

    /// The `backend` label of storage metrics.
    pub fn backend(&self) -> Backend {
        match self {
            Storage::Sqlite(_) => Backend::Sqlite,
            Storage::Postgres(_) => Backend::Postgres,
        }
    }
}

/// Runs `future` under `timeout`, turning expiry into `Unavailable`.
async fn bounded<T>(
    timeout: Duration,
    what: &str,
    future: impl Future<Output = Result<T, StorageError>>,
) -> Result<T, StorageError> {
    tokio::time::timeout(timeout, future).await.unwrap_or_else(|_| {
        Err(StorageError::Unavailable(format!("{what} took longer than {timeout:?}")))
    })
}
