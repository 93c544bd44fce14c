//! The service's resident size sampled over `memory --duration`.

use serde::{Deserialize, Serialize};

/// Samples over the run; the first is at 0 s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RssTrend {
    pub url: String,
    pub interval_seconds: f64,
    /// (seconds since the first sample, resident bytes).
    pub samples: Vec<(f64, f64)>,
}
