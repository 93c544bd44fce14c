//! A direct round trip to PostgreSQL: connect, then `SELECT 1`, each timed.
//! The `db` section's deeper probes build on the same connection settings.

use std::str::FromStr;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::evidence::{Outcome, SourceError};

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
}

/// Connects to `url` (URL or libpq key=value form) and times `SELECT 1`.
pub async fn round_trip(url: &str, timeout: Duration) -> Outcome<DbRoundTrip> {
    let target = crate::redact::connection_string(url);
    let mut config = tokio_postgres::Config::from_str(url).map_err(|e| {
        SourceError::Failed(format!("{target} is not a PostgreSQL connection string: {e}"))
    })?;
    config.connect_timeout(timeout);
    if config.get_application_name().is_none() {
        config.application_name("llmcfg-doctor");
    }
    let started = Instant::now();
    let (client, connection) = config
        .connect(tokio_postgres::NoTls)
        .await
        .map_err(|e| SourceError::Unavailable(format!("cannot connect to {target}: {e}")))?;
    let connect_ms = super::http::millis_since(started);
    let connection = tokio::spawn(connection);
    let started = Instant::now();
    let answer = client.simple_query("SELECT 1").await;
    let query_ms = super::http::millis_since(started);
    answer.map_err(|e| SourceError::Failed(format!("SELECT 1 on {target} failed: {e}")))?;
    let configs_indexes = client
        .query(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'configs' ORDER BY indexname",
            &[],
        )
        .await
        .map(|rows| rows.iter().map(|row| row.get::<_, String>(0)).collect())
        .map_err(|e| SourceError::Failed(format!("cannot list the indexes of configs: {e}")));
    drop(client);
    let _ = connection.await;
    Ok(DbRoundTrip { target, connect_ms, query_ms, configs_indexes })
}
