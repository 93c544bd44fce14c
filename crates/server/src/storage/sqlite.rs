//! Embedded storage: one SQLite file in WAL mode with full fsync on commit.
//!
//! rusqlite is synchronous, so each statement runs on the blocking pool
//! with a connection taken from a fixed pool of `DATABASE_POOL_SIZE`
//! connections. WAL lets readers proceed while one writer commits.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use deadpool::unmanaged::{Object, Pool, PoolError};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{ConfigEntry, ConfigId, PoolStatus, StorageError, bounded};

/// Schema migrations, applied in order; `PRAGMA user_version` records how
/// many have run.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS configs (
        namespace   TEXT    NOT NULL,
        key         TEXT    NOT NULL,
        environment TEXT    NOT NULL,
        value       TEXT    NOT NULL,
        version     INTEGER NOT NULL,
        created_at  TEXT    NOT NULL,
        updated_at  TEXT    NOT NULL,
        PRIMARY KEY (namespace, key, environment)
    )",
    // The runbook's second recommended index; the primary key covers its
    // first, (namespace, key).
    "CREATE INDEX IF NOT EXISTS idx_configs_env_created ON configs (environment, created_at)",
    // A row while Redis may hold values older than storage's (see
    // `Storage::mark_l2_stale`).
    "CREATE TABLE IF NOT EXISTS l2_stale (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)",
];

/// The database file's name in the data directory.
pub const SQLITE_FILE: &str = contract::files::DATA_FILE;

const COLUMNS: &str = "namespace, key, environment, value, version, created_at, updated_at";

pub struct SqliteStorage {
    pool: Pool<Connection>,
    timeout: Duration,
}

impl SqliteStorage {
    pub async fn open(
        data_dir: &Path,
        pool_size: usize,
        timeout: Duration,
    ) -> anyhow::Result<Self> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
        let path = data_dir.join(SQLITE_FILE);
        let pool = Pool::new(pool_size);
        for index in 0..pool_size {
            let conn = open_connection(&path, timeout)
                .with_context(|| format!("cannot open {}", path.display()))?;
            if index == 0 {
                migrate(&conn).with_context(|| format!("cannot migrate {}", path.display()))?;
            }
            pool.try_add(conn)
                .map_err(|(_, e)| anyhow::anyhow!("cannot fill the SQLite pool: {e}"))?;
        }
        Ok(SqliteStorage { pool, timeout })
    }

    /// Takes a connection and runs `statement` with it on the blocking pool.
    async fn with_connection<T: Send + 'static>(
        &self,
        what: &'static str,
        statement: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StorageError> {
        bounded(self.timeout, what, async {
            let conn: Object<Connection> = self.pool.get().await.map_err(pool_error)?;
            tokio::task::spawn_blocking(move || statement(&conn))
                .await
                .map_err(|e| StorageError::Failed(format!("{what} panicked: {e}")))?
                .map_err(sqlite_error)
        })
        .await
    }

    pub async fn get(&self, id: &ConfigId) -> Result<Option<ConfigEntry>, StorageError> {
        let id = id.clone();
        self.with_connection("read", move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM configs WHERE namespace = ?1 AND key = ?2 AND environment = ?3"
            ))?
            .query_row(params![id.namespace, id.key, id.environment], entry_from_row)
            .optional()
        })
        .await
    }

    pub async fn put(
        &self,
        id: &ConfigId,
        value: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<ConfigEntry, StorageError> {
        let (id, text) = (id.clone(), value.to_string());
        let stamp = now.to_rfc3339_opts(SecondsFormat::Micros, true);
        self.with_connection("write", move |conn| {
            conn.prepare_cached(&format!(
                "INSERT INTO configs ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)
                 ON CONFLICT (namespace, key, environment) DO UPDATE
                 SET value = excluded.value, version = configs.version + 1, updated_at = excluded.updated_at
                 RETURNING {COLUMNS}"
            ))?
            .query_row(params![id.namespace, id.key, id.environment, text, stamp], entry_from_row)
        })
        .await
    }

    pub async fn delete(&self, id: &ConfigId) -> Result<bool, StorageError> {
        let id = id.clone();
        self.with_connection("delete", move |conn| {
            conn.prepare_cached(
                "DELETE FROM configs WHERE namespace = ?1 AND key = ?2 AND environment = ?3",
            )?
            .execute(params![id.namespace, id.key, id.environment])
            .map(|rows| rows > 0)
        })
        .await
    }

    pub async fn list(
        &self,
        namespace: &str,
        environment: &str,
    ) -> Result<Vec<ConfigEntry>, StorageError> {
        let (namespace, environment) = (namespace.to_owned(), environment.to_owned());
        self.with_connection("list", move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM configs WHERE namespace = ?1 AND environment = ?2 ORDER BY key"
            ))?
            .query_map(params![namespace, environment], entry_from_row)?
            .collect()
        })
        .await
    }

    pub async fn mark_l2_stale(&self) -> Result<(), StorageError> {
        self.with_connection("write", |conn| {
            conn.execute(
                "INSERT INTO l2_stale VALUES (1, 1)
                 ON CONFLICT (id) DO UPDATE SET generation = generation + 1",
                [],
            )
            .map(drop)
        })
        .await
    }

    pub async fn l2_stale(&self) -> Result<Option<i64>, StorageError> {
        self.with_connection("read", |conn| {
            conn.query_row("SELECT generation FROM l2_stale", [], |row| row.get(0)).optional()
        })
        .await
    }

    pub async fn clear_l2_stale(&self, generation: i64) -> Result<(), StorageError> {
        self.with_connection("write", move |conn| {
            conn.execute("DELETE FROM l2_stale WHERE generation = ?1", [generation]).map(drop)
        })
        .await
    }

    pub async fn ping(&self) -> Result<(), StorageError> {
        self.with_connection("ping", |conn| conn.query_row("SELECT 1", [], |_| Ok(()))).await
    }

    pub fn pool_status(&self) -> PoolStatus {
        self.pool.status().into()
    }
}

fn open_connection(path: &Path, busy_timeout: Duration) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(busy_timeout)?;
    // WAL with synchronous=FULL: a commit is on disk before it is acknowledged.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(conn)
}

fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (version, migration) in (1..).zip(MIGRATIONS).skip(applied as usize) {
        conn.execute_batch(migration)?;
        conn.pragma_update(None, "user_version", version)?;
    }
    Ok(())
}

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<ConfigEntry> {
    let text: String = row.get(3)?;
    let value = serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(ConfigEntry {
        namespace: row.get(0)?,
        key: row.get(1)?,
        environment: row.get(2)?,
        value,
        version: row.get(4)?,
        created_at: timestamp(row, 5)?,
        updated_at: timestamp(row, 6)?,
    })
}

fn timestamp(row: &Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(index)?;
    DateTime::parse_from_rfc3339(&text).map(|at| at.with_timezone(&Utc)).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn pool_error(error: PoolError) -> StorageError {
    StorageError::Unavailable(format!("no SQLite connection: {error}"))
}

fn sqlite_error(error: rusqlite::Error) -> StorageError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StorageError::Unavailable(error.to_string())
        }
        _ => StorageError::Failed(error.to_string()),
    }
}
