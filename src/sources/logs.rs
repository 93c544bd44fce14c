//! Counting the service's log lines by level, wherever they come from
//! (Docker logs, files under the log directory, journald, pod logs).
//!
//! The server writes one JSON object per line with a `level` field; other
//! services' plain-text lines are recognised by an `ERROR`/`WARN` token.

use chrono::{DateTime, Utc};

use contract::logs;
use diagnosis::evidence::{LogSummary, SlowLine};

/// How many of the latest ERROR lines a summary keeps.
const KEPT_ERRORS: usize = 3;
/// How many of the slowest requests a summary keeps.
const KEPT_SLOWEST: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warn,
    Other,
}

/// A line's level: the JSON `level` field when the line is a JSON object,
/// else the first `ERROR`/`WARN`/`WARNING` word in it.
pub fn level_of(line: &str) -> Level {
    match json_object(line) {
        Some(json) => level_in(&json, line),
        None => level_in_text(line),
    }
}

/// The line as a JSON object, when it is one.
fn json_object(line: &str) -> Option<serde_json::Value> {
    let line = line.trim();
    if !line.starts_with('{') {
        return None;
    }
    serde_json::from_str::<serde_json::Value>(line).ok().filter(serde_json::Value::is_object)
}

fn level_in(json: &serde_json::Value, line: &str) -> Level {
    match json.get(logs::LEVEL).and_then(|l| l.as_str()) {
        Some(level) => match level.to_ascii_uppercase().as_str() {
            "ERROR" | "FATAL" | "CRITICAL" => Level::Error,
            "WARN" | "WARNING" => Level::Warn,
            _ => Level::Other,
        },
        None => level_in_text(line),
    }
}

fn level_in_text(line: &str) -> Level {
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
    let text = value.get(logs::TIMESTAMP)?.as_str()?;
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
        slowest: Vec::new(),
    };
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        summary.lines += 1;
        let json = json_object(line);
        let level = match &json {
            Some(json) => level_in(json, line),
            None => level_in_text(line),
        };
        match level {
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
        if let Some(duration_ms) = json.as_ref().and_then(|j| j.get(logs::DURATION_MS)?.as_f64()) {
            keep_if_slow(
                &mut summary.slowest,
                SlowLine { duration_ms, line: line.trim().to_owned() },
            );
        }
    }
    summary
}

/// Keeps `slowest` sorted, slowest first, at most `KEPT_SLOWEST` long.
fn keep_if_slow(slowest: &mut Vec<SlowLine>, candidate: SlowLine) {
    if slowest.len() == KEPT_SLOWEST
        && slowest.last().is_some_and(|last| last.duration_ms >= candidate.duration_ms)
    {
        return;
    }
    let at = slowest.partition_point(|kept| kept.duration_ms >= candidate.duration_ms);
    slowest.insert(at, candidate);
    slowest.truncate(KEPT_SLOWEST);
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
    fn the_slowest_requests_are_kept_in_order() {
        let lines: Vec<String> = (0..30)
            .map(|n| format!("{{\"level\":\"INFO\",\"duration_ms\":{}}}", (n * 7) % 30))
            .collect();
        let summary = summarize("t".into(), 60, lines.iter().map(String::as_str));
        let durations: Vec<f64> = summary.slowest.iter().map(|s| s.duration_ms).collect();
        assert_eq!(durations, [29.0, 28.0, 27.0, 26.0, 25.0, 24.0, 23.0, 22.0, 21.0, 20.0]);
    }

    #[test]
    fn timestamps_of_server_lines() {
        let at =
            timestamp_of(r#"{"timestamp":"2026-11-27T09:15:54.077384Z","level":"INFO"}"#).unwrap();
        assert_eq!(at, DateTime::parse_from_rfc3339("2026-11-27T09:15:54.077384Z").unwrap());
        assert_eq!(timestamp_of("plain"), None);
    }
}
