//! PostgreSQL storage through a deadpool of tokio-postgres connections.
//!
//! The pool holds `DATABASE_POOL_SIZE` connections; waiting for one, opening
//! one and every statement are bounded by the storage timeout, so a stalled
//! database turns into 503s instead of piling up requests. Every write and
//! delete announces itself on [`CHANNEL`] in the same statement, so the
//! announcement commits exactly when the change does
//! ([`crate::coherence`]).

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use deadpool_postgres::{
    Manager, ManagerConfig, Object, Pool, PoolError, RecyclingMethod, Runtime,
};
use tokio_postgres::Row;

use super::{ConfigEntry, ConfigId, PoolStatus, StorageError, bounded};
use crate::coherence::CHANNEL;
use crate::config::scrub_url;

/// Schema migrations, applied in order inside one transaction each; the
/// table `llmcfg_schema` records how many have run.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS configs (
        namespace   TEXT        NOT NULL,
        key         TEXT        NOT NULL,
        environment TEXT        NOT NULL,
        value       JSONB       NOT NULL,
        version     BIGINT      NOT NULL,
        created_at  TIMESTAMPTZ NOT NULL,
        updated_at  TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (namespace, key, environment)
    )",
    // The runbook's second recommended index; the primary key covers its
    // first, (namespace, key).
    "CREATE INDEX IF NOT EXISTS idx_configs_env_created ON configs (environment, created_at)",
    // A row while Redis may hold values older than storage's (see
    // `Storage::mark_l2_stale`).
    "CREATE TABLE IF NOT EXISTS l2_stale (id INTEGER PRIMARY KEY CHECK (id = 1), generation BIGINT NOT NULL)",
];

const COLUMNS: &str = "namespace, key, environment, value, version, created_at, updated_at";

/// The announcement of a changed row, sent when its statement commits:
/// the payload of [`crate::coherence::Announcement`], with this
/// replica's origin in the parameter `origin` and the new `version` (NULL
/// for a delete).
fn announce(origin: &str, version: &str) -> String {
    format!(
        "pg_notify('{CHANNEL}', json_build_object('origin', {origin}::text, \
         'namespace', namespace, 'key', key, 'environment', environment, \
         'version', {version})::text)"
    )
}

pub struct PostgresStorage {
    pool: Pool,
    timeout: Duration,
    /// This replica's name in its change announcements.
    origin: String,
}

/// The client settings and TLS connector of a connection string named by
/// `variable` (`DATABASE_URL`, `COHERENCE_DATABASE_URL`).
pub fn client_config(
    variable: &str,
    url: &str,
    timeout: Duration,
) -> anyhow::Result<(tokio_postgres::Config, tokio_postgres_rustls::MakeRustlsConnect)> {
    let invalid = || format!("{variable} {} is not a valid connection string", scrub_url(url));
    let (rest, tls) = net::pg_tls::split(url).map_err(anyhow::Error::msg).with_context(invalid)?;
    let tls = net::pg_tls::connector(&tls)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("{variable} {}: TLS", scrub_url(url)))?;
    let mut pg_config = tokio_postgres::Config::from_str(&rest).with_context(invalid)?;
    pg_config.connect_timeout(timeout);
    if pg_config.get_application_name().is_none() {
        pg_config.application_name("llm-config-server");
    }
    Ok((pg_config, tls))
}

impl PostgresStorage {
    pub async fn open(
        url: &str,
        pool_size: usize,
        timeout: Duration,
        origin: &str,
    ) -> anyhow::Result<Self> {
        let (pg_config, tls) = client_config("DATABASE_URL", url, timeout)?;
        let manager = Manager::from_config(
            pg_config,
            tls,
            ManagerConfig { recycling_method: RecyclingMethod::Fast },
        );
        let pool = Pool::builder(manager)
            .max_size(pool_size)
            .wait_timeout(Some(timeout))
            .create_timeout(Some(timeout))
            .recycle_timeout(Some(timeout))
            .runtime(Runtime::Tokio1)
            .build()
            .context("cannot build the PostgreSQL pool")?;
        let storage = PostgresStorage { pool, timeout, origin: origin.to_owned() };
        storage
            .migrate()
            .await
            .with_context(|| format!("cannot prepare the schema on {}", scrub_url(url)))?;
        storage.require_durable_commits().await?;
        Ok(storage)
    }

    /// Refuses a database whose commits are acknowledged before they are
    /// flushed to disk (`synchronous_commit = off` for the server, the
    /// database or the role): the API acknowledges a write once its
    /// commit returns, and a crash of PostgreSQL would lose such writes.
    /// Every other value (`local`, `on`, `remote_write`, `remote_apply`)
    /// flushes the commit locally first. Checked rather than set, since a
    /// transaction-mode pooler refuses session settings at start-up.
    async fn require_durable_commits(&self) -> anyhow::Result<()> {
        let client = self.client().await?;
        let row = client.query_one("SHOW synchronous_commit", &[]).await?;
        let setting: String = row.get(0);
        if setting == "off" {
            anyhow::bail!(
                "DATABASE_URL: synchronous_commit is off, so PostgreSQL acknowledges commits \
                 before they are on disk and a crash can lose acknowledged writes; set it to on \
                 (ALTER ROLE <user> SET synchronous_commit = on)"
            );
        }
        Ok(())
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        // Serialise concurrent starts of several replicas.
        tx.execute("SELECT pg_advisory_xact_lock(7305413)", &[]).await?;
        tx.execute("CREATE TABLE IF NOT EXISTS llmcfg_schema (version INTEGER NOT NULL)", &[])
            .await?;
        let applied: i32 = tx
            .query_opt("SELECT version FROM llmcfg_schema", &[])
            .await?
            .map_or(0, |row| row.get(0));
        for migration in MIGRATIONS.iter().skip(applied as usize) {
            tx.batch_execute(migration).await?;
        }
        tx.execute("DELETE FROM llmcfg_schema", &[]).await?;
        tx.execute("INSERT INTO llmcfg_schema VALUES ($1)", &[&(MIGRATIONS.len() as i32)]).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn client(&self) -> Result<Object, StorageError> {
        self.pool.get().await.map_err(pool_error)
    }

    pub async fn mark_l2_stale(&self) -> Result<(), StorageError> {
        bounded(self.timeout, "write", async {
            let statement = "INSERT INTO l2_stale VALUES (1, 1)
                             ON CONFLICT (id) DO UPDATE SET generation = l2_stale.generation + 1";
            self.client().await?.execute(statement, &[]).await.map(drop).map_err(pg_error)
        })
        .await
    }

    pub async fn l2_stale(&self) -> Result<Option<i64>, StorageError> {
        bounded(self.timeout, "read", async {
            let row = self
                .client()
                .await?
                .query_opt("SELECT generation FROM l2_stale", &[])
                .await
                .map_err(pg_error)?;
            Ok(row.map(|row| row.get(0)))
        })
        .await
    }

    pub async fn clear_l2_stale(&self, generation: i64) -> Result<(), StorageError> {
        bounded(self.timeout, "write", async {
            let statement = "DELETE FROM l2_stale WHERE generation = $1";
            self.client()
                .await?
                .execute(statement, &[&generation])
                .await
                .map(drop)
                .map_err(pg_error)
        })
        .await
    }

    pub async fn get(&self, id: &ConfigId) -> Result<Option<ConfigEntry>, StorageError> {
        bounded(self.timeout, "read", async {
            let client = self.client().await?;
            let statement = client
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM configs WHERE namespace = $1 AND key = $2 AND environment = $3"
                ))
                .await
                .map_err(pg_error)?;
            let row = client
                .query_opt(&statement, &[&id.namespace, &id.key, &id.environment])
                .await
                .map_err(pg_error)?;
            Ok(row.as_ref().map(entry_from_row))
        })
        .await
    }

    pub async fn put(
        &self,
        id: &ConfigId,
        value: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<ConfigEntry, StorageError> {
        bounded(self.timeout, "write", async {
            let client = self.client().await?;
            let statement = client
                .prepare_cached(&format!(
                    "WITH written AS (
                         INSERT INTO configs ({COLUMNS}) VALUES ($1, $2, $3, $4, 1, $5, $5)
                         ON CONFLICT (namespace, key, environment) DO UPDATE
                         SET value = excluded.value, version = configs.version + 1, updated_at = excluded.updated_at
                         RETURNING {COLUMNS})
                     SELECT {COLUMNS}, {} FROM written",
                    announce("$6", "version")
                ))
                .await
                .map_err(pg_error)?;
            let row = client
                .query_one(
                    &statement,
                    &[&id.namespace, &id.key, &id.environment, value, &now, &self.origin],
                )
                .await
                .map_err(pg_error)?;
            Ok(entry_from_row(&row))
        })
        .await
    }

    pub async fn delete(&self, id: &ConfigId) -> Result<bool, StorageError> {
        bounded(self.timeout, "delete", async {
            let client = self.client().await?;
            let statement = client
                .prepare_cached(&format!(
                    "WITH gone AS (
                         DELETE FROM configs WHERE namespace = $1 AND key = $2 AND environment = $3
                         RETURNING namespace, key, environment)
                     SELECT {} FROM gone",
                    announce("$4", "NULL")
                ))
                .await
                .map_err(pg_error)?;
            let rows = client
                .execute(&statement, &[&id.namespace, &id.key, &id.environment, &self.origin])
                .await
                .map_err(pg_error)?;
            Ok(rows > 0)
        })
        .await
    }

    pub async fn list(
        &self,
        namespace: &str,
        environment: &str,
    ) -> Result<Vec<ConfigEntry>, StorageError> {
        bounded(self.timeout, "list", async {
            let client = self.client().await?;
            let statement = client
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM configs WHERE namespace = $1 AND environment = $2 ORDER BY key"
                ))
                .await
                .map_err(pg_error)?;
            let rows = client.query(&statement, &[&namespace, &environment]).await.map_err(pg_error)?;
            Ok(rows.iter().map(entry_from_row).collect())
        })
        .await
    }

    pub async fn ping(&self) -> Result<(), StorageError> {
        bounded(self.timeout, "ping", async {
            let client = self.client().await?;
            client.simple_query("SELECT 1").await.map_err(pg_error)?;
            Ok(())
        })
        .await
    }

    pub fn pool_status(&self) -> PoolStatus {
        self.pool.status().into()
    }
}

fn entry_from_row(row: &Row) -> ConfigEntry {
    ConfigEntry {
        namespace: row.get(0),
        key: row.get(1),
        environment: row.get(2),
        value: row.get(3),
        version: row.get(4),
        created_at: row.get(5),
        updated_at: row.get(6),
    }
}

fn pool_error(error: PoolError) -> StorageError {
    StorageError::Unavailable(format!("no PostgreSQL connection: {}", net::error_chain(&error)))
}

fn pg_error(error: tokio_postgres::Error) -> StorageError {
    if error.is_closed() || error.as_db_error().is_none() {
        StorageError::Unavailable(error.to_string())
    } else {
        StorageError::Failed(error.to_string())
    }
}
