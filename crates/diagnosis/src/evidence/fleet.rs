//! What the doctor read of several replicas side by side: the same keys
//! read from each, to find replicas serving different versions.

use serde::{Deserialize, Serialize};

/// One key read from every replica; when they disagreed, read again once
/// the replicas' trust bound had passed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyVersions {
    /// `namespace/key` in environment `env`.
    pub key: String,
    pub env: String,
    pub first: Vec<ReplicaRead>,
    /// The second reading, taken `settle_ms` after the first when the
    /// first disagreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled: Option<Vec<ReplicaRead>>,
    pub settle_ms: u64,
}

/// What one replica answered for a key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicaRead {
    pub replica: String,
    /// The version served; none when the replica answered 404.
    pub version: Option<i64>,
    /// Why the replica gave no usable answer (an error, a timeout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl KeyVersions {
    /// The latest reading: the settled one when there was one.
    pub fn latest(&self) -> &[ReplicaRead] {
        self.settled.as_deref().unwrap_or(&self.first)
    }
}
