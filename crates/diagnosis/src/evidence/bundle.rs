//! The evidence file: what `collect` writes and `analyze` and `diff` read.
//!
//! A bundle is the [`Evidence`] of one run under a small header: `kind`
//! (always `"evidence"`, which tells a bundle from a JSON report, since
//! both carry a `schema_version`), the bundle layout's `schema_version`,
//! the section whose sources were collected and the sources the run was
//! asked to look at (`requested_sources`: the opt-in ones, such as Redis,
//! only when asked for), which select the checks offline as they were
//! selected live. The header is checked
//! before the evidence is parsed, so a report, a bundle from a newer
//! doctor or some other JSON file each get a one-line reason rather than a
//! parse error from deep inside the evidence.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Evidence;
use super::scope::{Section, Source};

/// Version of the bundle layout; bumped on any incompatible change.
/// Version 2 added `requested_sources`.
pub const SCHEMA_VERSION: u32 = 2;

/// The evidence of one run and the section it was collected for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    kind: Kind,
    schema_version: u32,
    /// The section whose sources were collected; `analyze` and `diff`
    /// judge it by default.
    pub section: Section,
    /// The sources the run was asked to look at.
    #[serde(rename = "requested_sources")]
    pub requested: BTreeSet<Source>,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// The only `kind` a bundle has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Kind {
    #[serde(rename = "evidence")]
    Evidence,
}

/// Why a file is not a bundle this build can judge. The message follows
/// the file's name on one line.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("cannot read: {0}")]
    Read(#[from] std::io::Error),
    #[error("not JSON: {0}")]
    NotJson(serde_json::Error),
    #[error("not an evidence bundle (`llmcfg-doctor collect` writes them)")]
    NotABundle,
    #[error("evidence schema version {0}, but this llmcfg-doctor reads version {SCHEMA_VERSION}")]
    Version(String),
    #[error("malformed evidence: {0}")]
    Malformed(serde_json::Error),
}

impl Bundle {
    pub fn new(section: Section, requested: BTreeSet<Source>, evidence: Evidence) -> Bundle {
        Bundle {
            kind: Kind::Evidence,
            schema_version: SCHEMA_VERSION,
            section,
            requested,
            evidence,
        }
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("evidence always serialises") + "\n"
    }

    pub fn read(path: &Path) -> Result<Bundle, BundleError> {
        Bundle::parse(&std::fs::read_to_string(path)?)
    }

    /// Checks the header, then parses the evidence.
    pub fn parse(text: &str) -> Result<Bundle, BundleError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(BundleError::NotJson)?;
        if value.get("kind").and_then(serde_json::Value::as_str) != Some("evidence") {
            return Err(BundleError::NotABundle);
        }
        match value.get("schema_version") {
            Some(version) if version.as_u64() == Some(u64::from(SCHEMA_VERSION)) => {}
            Some(version) => return Err(BundleError::Version(version.to_string())),
            None => return Err(BundleError::Version("missing".to_owned())),
        }
        serde_json::from_value(value).map_err(BundleError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_reads_back_as_written() {
        let evidence = Evidence { collected_at: Some(chrono::Utc::now()), ..Evidence::default() };
        let requested = [Source::Metrics, Source::Redis].into();
        let bundle = Bundle::new(Section::Cache, requested, evidence);
        let text = bundle.to_json();
        assert!(text.starts_with("{\n  \"kind\": \"evidence\",\n  \"schema_version\": 2,\n"));
        assert!(text.contains("\"requested_sources\": [\n    \"metrics\",\n    \"redis\"\n  ]"));
        assert_eq!(Bundle::parse(&text).unwrap(), bundle);
    }

    #[test]
    fn the_header_is_checked_before_the_evidence() {
        let reason = |text: &str| Bundle::parse(text).unwrap_err().to_string();
        assert!(reason("{\"kind\": ").starts_with("not JSON: "));
        // A report has a schema_version too, but no kind.
        assert_eq!(
            reason(r#"{"schema_version": 1, "command": "quick", "findings": []}"#),
            "not an evidence bundle (`llmcfg-doctor collect` writes them)"
        );
        assert_eq!(
            reason(r#"{"kind": "evidence", "schema_version": 3, "metrics": 3}"#),
            "evidence schema version 3, but this llmcfg-doctor reads version 2"
        );
        // A version 1 bundle does not say which sources were asked for.
        assert_eq!(
            reason(r#"{"kind": "evidence", "schema_version": 1, "section": "quick"}"#),
            "evidence schema version 1, but this llmcfg-doctor reads version 2"
        );
        assert!(reason(r#"{"kind": "evidence"}"#).contains("version missing"));
        assert!(
            reason(r#"{"kind": "evidence", "schema_version": 2, "section": "nope"}"#)
                .starts_with("malformed evidence: unknown variant `nope`")
        );
    }
}
