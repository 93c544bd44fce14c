//! The fields of the server's structured log lines (one JSON object per
//! line) that the doctor reads.

/// The line's level: `ERROR`, `WARN`, `INFO`, ...
pub const LEVEL: &str = "level";
/// When the line was written, RFC 3339.
pub const TIMESTAMP: &str = "timestamp";
/// How long the logged request took, in milliseconds.
pub const DURATION_MS: &str = "duration_ms";
