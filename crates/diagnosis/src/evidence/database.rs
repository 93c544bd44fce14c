//! What the doctor saw of PostgreSQL: a timed round trip and, for the
//! `db` section, the inspection of one read-only session (activity, locks,
//! statements, the `configs` table, buffer hits over the window).

use serde::{Deserialize, Serialize};

use super::Outcome;

/// Times of one connect and one trivial query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DbRoundTrip {
    /// The connection string, password hidden.
    pub target: String,
    pub connect_ms: f64,
    pub query_ms: f64,
    /// `indexdef` of every index on the `configs` table (empty when the
    /// table does not exist in this database).
    pub configs_indexes: Outcome<Vec<String>>,
    /// The `db` section's inspection, when it was asked for.
    #[serde(default)]
    pub inspection: Option<Outcome<DbInspection>>,
}

/// What the `db` section saw in its session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DbInspection {
    /// Round trips of the whole session, the connection's start-up included.
    pub round_trips: u32,
    /// The session's user, for the GRANT that widens what it sees.
    pub user: String,
    /// Whether the user may see every session and statement
    /// (`pg_read_all_stats`, part of `pg_monitor`).
    pub sees_all: bool,
    /// Whether the session is encrypted (`pg_stat_ssl`).
    #[serde(default)]
    pub tls: bool,
    pub settings: DbSettings,
    pub connections: Outcome<Connections>,
    /// The oldest active queries of this database (other than ours),
    /// oldest first.
    pub active_queries: Outcome<Vec<ActiveQuery>>,
    pub blocked: Outcome<Vec<BlockedSession>>,
    pub statements: Outcome<Statements>,
    /// `None` when this database has no `configs` table.
    pub configs_table: Outcome<Option<TableStats>>,
    pub cache_hit: Outcome<CacheHit>,
}

/// The settings the runbook tunes, in bytes, and `max_connections`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DbSettings {
    pub max_connections: u32,
    pub shared_buffers_bytes: u64,
    pub effective_cache_size_bytes: u64,
    pub maintenance_work_mem_bytes: u64,
    /// Memory of the database's host, when the doctor runs on it (the
    /// connection goes to a Unix socket or a loopback address).
    #[serde(default)]
    pub host_memory_bytes: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connections {
    /// Every backend of the server holding a client connection (all
    /// databases: `max_connections` is the server's).
    pub total: u32,
    /// The server's sessions per `state` (`active`, `idle`, `idle in
    /// transaction`, ...).
    pub by_state: std::collections::BTreeMap<String, u32>,
    /// Sessions of this database idle in a transaction.
    pub idle_in_transaction: u32,
    /// Seconds since the oldest idle-in-transaction session went idle.
    pub oldest_idle_in_transaction_s: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActiveQuery {
    pub pid: i32,
    pub age_s: f64,
    pub state: String,
    /// The query text, cut to 200 characters.
    pub query: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockedSession {
    pub pid: i32,
    pub waiting_s: f64,
    /// The lock mode it waits for, and on what.
    pub wants: Option<String>,
    pub relation: Option<String>,
    pub query: String,
    pub blockers: Vec<Blocker>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Blocker {
    pub pid: i32,
    /// The modes it holds on the relation the blocked session waits for.
    pub modes: Vec<String>,
    pub state: Option<String>,
    pub query: Option<String>,
}

/// The slowest statements by mean time, or why there are none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Statements {
    /// `pg_stat_statements` is not installed in this database.
    Missing,
    Top {
        statements: Vec<Statement>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub query: String,
    pub calls: i64,
    pub mean_ms: f64,
    pub total_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableStats {
    pub seq_scan: i64,
    pub idx_scan: i64,
    pub n_live_tup: i64,
    pub n_dead_tup: i64,
    pub last_vacuum_age_s: Option<f64>,
    pub last_autovacuum_age_s: Option<f64>,
    pub last_analyze_age_s: Option<f64>,
    pub last_autoanalyze_age_s: Option<f64>,
    /// From `pg_class.relpages` (as of the last VACUUM or ANALYZE).
    pub table_bytes: i64,
    pub index_bytes: i64,
}

/// Buffer hits and reads of this database over the sampling window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CacheHit {
    pub window_s: f64,
    pub blks_hit: i64,
    pub blks_read: i64,
}
