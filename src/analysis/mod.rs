//! Pure analysis the checks share: quantiles interpolated from histogram
//! buckets as Prometheus does, counter deltas with one reset rule, the
//! least-squares slope of a trend, and the median of repeated probes.
//!
//! May import evidence, the catalogue and the contract; does no I/O.

pub mod counters;
pub mod probes;
pub mod quantile;
pub mod trend;
