//! What the doctor saw of Redis itself: PING round trips, `INFO` at both
//! ends of the sampling window, the slow log and, when asked, the largest
//! keys.

use serde::{Deserialize, Serialize};

use super::Outcome;

/// What the doctor saw of Redis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedisEvidence {
    /// The URL, password hidden.
    pub target: String,
    pub connect_ms: f64,
    pub ping: Outcome<PingStats>,
    pub info: Outcome<InfoWindow>,
    pub slowlog: Outcome<Vec<SlowEntry>>,
    /// The largest keys, when `--bigkeys` asked for a scan.
    #[serde(default)]
    pub big_keys: Option<Outcome<BigKeys>>,
}

/// PING round trips, like `redis-cli --latency`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PingStats {
    pub samples: u32,
    pub min_ms: f64,
    pub avg_ms: f64,
    pub max_ms: f64,
    /// Each PING's time, in the order sent (the source sends a bounded
    /// number); empty in bundles written before the doctor kept them.
    #[serde(default)]
    pub times_ms: Vec<f64>,
}

/// The fields of one `INFO` the checks use; `None` when Redis left one out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RedisInfo {
    pub redis_version: Option<String>,
    pub used_memory: Option<u64>,
    /// 0 means no limit.
    pub maxmemory: Option<u64>,
    pub maxmemory_policy: Option<String>,
    pub mem_fragmentation_ratio: Option<f64>,
    pub evicted_keys: Option<u64>,
    pub keyspace_hits: Option<u64>,
    pub keyspace_misses: Option<u64>,
    pub connected_clients: Option<u64>,
    /// From `INFO` (Redis 7+) or else `CONFIG GET maxclients`.
    pub maxclients: Option<u64>,
    pub rejected_connections: Option<u64>,
    pub blocked_clients: Option<u64>,
}

impl RedisInfo {
    /// Parses the text `INFO` answers with.
    pub fn parse(text: &str) -> RedisInfo {
        let mut info = RedisInfo::default();
        for line in text.lines() {
            let Some((key, value)) = line.trim().split_once(':') else { continue };
            let number = || value.parse::<u64>().ok();
            match key {
                "redis_version" => info.redis_version = Some(value.to_owned()),
                "used_memory" => info.used_memory = number(),
                "maxmemory" => info.maxmemory = number(),
                "maxmemory_policy" => info.maxmemory_policy = Some(value.to_owned()),
                "mem_fragmentation_ratio" => info.mem_fragmentation_ratio = value.parse().ok(),
                "evicted_keys" => info.evicted_keys = number(),
                "keyspace_hits" => info.keyspace_hits = number(),
                "keyspace_misses" => info.keyspace_misses = number(),
                "connected_clients" => info.connected_clients = number(),
                "maxclients" => info.maxclients = number(),
                "rejected_connections" => info.rejected_connections = number(),
                "blocked_clients" => info.blocked_clients = number(),
                _ => {}
            }
        }
        info
    }
}

/// `INFO` at the start of the window and, when it fit before the deadline,
/// at its end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InfoWindow {
    pub first: RedisInfo,
    pub second: Option<RedisInfo>,
    pub window_seconds: Option<f64>,
}

impl InfoWindow {
    /// The newest reading.
    pub fn latest(&self) -> &RedisInfo {
        self.second.as_ref().unwrap_or(&self.first)
    }
}

/// One slow log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlowEntry {
    pub id: u64,
    /// Unix time it was logged.
    pub at: i64,
    pub duration_ms: f64,
    /// The command and its arguments, truncated.
    pub command: String,
}

/// What a bounded `--bigkeys` scan found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BigKeys {
    pub scanned: u64,
    /// False when the budget ran out before the keyspace did.
    pub complete: bool,
    /// (key, bytes by `MEMORY USAGE`), largest first.
    pub largest: Vec<(String, u64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_fields_are_parsed() {
        let info = RedisInfo::parse(
            "# Memory\r\nused_memory:916864\r\nmaxmemory:0\r\nmaxmemory_policy:noeviction\r\n\
             mem_fragmentation_ratio:7.63\r\n# Stats\r\nevicted_keys:3\r\nkeyspace_hits:10\r\n",
        );
        assert_eq!(info.used_memory, Some(916864));
        assert_eq!(info.maxmemory, Some(0));
        assert_eq!(info.maxmemory_policy.as_deref(), Some("noeviction"));
        assert_eq!(info.mem_fragmentation_ratio, Some(7.63));
        assert_eq!(info.evicted_keys, Some(3));
        assert_eq!(info.keyspace_misses, None);
    }
}
