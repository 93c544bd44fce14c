//! Counting the service's log lines by level, wherever they come from
//! (Docker logs, files under the log directory, journald, pod logs).
//!
//! The server writes one JSON object per line with a `level` field; other
//! services' plain-text lines are recognised by an `ERROR`/`WARN` token.

use chrono::{DateTime, Utc};

use crate::evidence::LogSummary;

/// How many of the latest ERROR lines a summary keeps.
const KEPT_ERRORS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warn,
    Other,
}

/// A line's level: the JSON `level` field when the line is a JSON object,
/// else the first `ERROR`/`WARN`/`WARNING` word in it.
pub fn level_of(line: &str) -> Level {
    let line = line.trim();
    if line.starts_with('{')
        && let Ok(value) = serde_json::from_str::<serde_json::Value>(line)
        && let Some(level) = value.get("level").and_then(|l| l.as_str())
    {
        return match level.to_ascii_uppercase().as_str() {
            "ERROR" | "FATAL" | "CRITICAL" => Level::Error,
            "WARN" | "WARNING" => Level::Warn,
            _ => Level::Other,
        };
    }
    for word in line.split(|c: char| !c.is_ascii_alphabetic()) {
        match word {
            "ERROR" | "FATAL" => return Level::Error,
            "WARN" | "WARNING" => return Level::Warn,
            _ => {}
        }
    }
    Level::Other
}

/// The `timestamp` of a JSON log line.
pub fn timestamp_of(line: &str) -> Option<DateTime<Utc>> {
    let value: serde_json::Value = serde_json::from_str(line.trim()).ok()?;
    let text = value.get("timestamp")?.as_str()?;
    DateTime::parse_from_rfc3339(text).ok().map(|at| at.with_timezone(&Utc))
}

/// Counts lines by level; keeps the last few ERROR lines.
pub fn summarize<'a>(
    source: String,
    window_seconds: u64,
    lines: impl IntoIterator<Item = &'a str>,
) -> LogSummary {
    let mut summary = LogSummary {
        source,
        window_seconds,
        lines: 0,
        errors: 0,
        warnings: 0,
        recent_errors: Vec::new(),
    };
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        summary.lines += 1;
        match level_of(line) {
            Level::Error => {
                summary.errors += 1;
                if summary.recent_errors.len() == KEPT_ERRORS {
                    summary.recent_errors.remove(0);
                }
                summary.recent_errors.push(line.trim().to_owned());
            }
            Level::Warn => summary.warnings += 1,
            Level::Other => {}
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_json_and_plain_text() {
        assert_eq!(level_of(r#"{"level":"ERROR","message":"request failed"}"#), Level::Error);
        assert_eq!(
            level_of(r#"{"level":"WARN","message":"ERROR in text does not count"}"#),
            Level::Warn
        );
        assert_eq!(level_of(r#"{"level":"INFO","message":"request"}"#), Level::Other);
        assert_eq!(level_of("2026-01-01 12:00:00 ERROR storage down"), Level::Error);
        assert_eq!(level_of("[WARNING] slow"), Level::Warn);
        assert_eq!(level_of("TERRORS are not errors"), Level::Other);
    }

    #[test]
    fn summaries_count_and_keep_the_latest_errors() {
        let lines = [
            "{\"level\":\"ERROR\",\"n\":1}",
            "",
            "{\"level\":\"INFO\"}",
            "ERROR b",
            "ERROR c",
            "ERROR d",
            "WARN x",
        ];
        let summary = summarize("test".into(), 300, lines);
        assert_eq!((summary.lines, summary.errors, summary.warnings), (6, 4, 1));
        assert_eq!(summary.recent_errors, ["ERROR b", "ERROR c", "ERROR d"]);
    }

    #[test]
    fn timestamps_of_server_lines() {
        let at =
            timestamp_of(r#"{"timestamp":"2026-11-27T09:15:54.077384Z","level":"INFO"}"#).unwrap();
        assert_eq!(at, DateTime::parse_from_rfc3339("2026-11-27T09:15:54.077384Z").unwrap());
        assert_eq!(timestamp_of("plain"), None);
    }
}
