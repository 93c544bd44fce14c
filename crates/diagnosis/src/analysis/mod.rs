//! Pure analysis the checks share: quantiles interpolated from histogram
//! buckets as Prometheus does, counter deltas with one reset rule, the
//! least-squares slope of a trend, the median of repeated probes, and the
//! widest honest window of the service's counters.
//!
//! May import evidence, the catalogue and the contract; does no I/O.

pub mod counters;
pub mod probes;
pub mod quantile;
pub mod span;
pub mod trend;
