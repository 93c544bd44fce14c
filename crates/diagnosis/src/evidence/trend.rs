//! The service's resident size sampled over `memory --duration`.

use serde::{Deserialize, Serialize};

/// Samples over the run; the first is at 0 s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RssTrend {
    pub url: String,
    pub interval_seconds: f64,
    /// (seconds since the first sample, resident bytes).
    pub samples: Vec<(f64, f64)>,
    /// (seconds since the first sample, the L1 cache's own estimate of its
    /// size), read from the same scrapes as `samples`: what the cache
    /// accounts for of the growth. Empty when the service exports no such
    /// estimate (L1 disabled, another program, a bundle from before it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub l1_samples: Vec<(f64, f64)>,
}
