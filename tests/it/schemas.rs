//! The published JSON Schemas (`schemas/`) hold for what the doctor
//! writes: every report, diff and evidence bundle the tests read from the
//! doctor goes through [`doctor_json`], which validates it against the
//! schema of its kind, and the tests below check the schemas themselves.

use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

/// The kinds of documents the doctor writes, each with its schema.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Report,
    Diff,
    Bundle,
    Timeline,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Report, Kind::Diff, Kind::Bundle, Kind::Timeline];

    fn file(self) -> &'static str {
        match self {
            Kind::Report => "report.schema.json",
            Kind::Diff => "diff.schema.json",
            Kind::Bundle => "bundle.schema.json",
            Kind::Timeline => "timeline.schema.json",
        }
    }

    /// The kind of `document`, told apart as readers do: a bundle says
    /// `kind`, a diff's command is `diff`, a report has findings.
    fn of(document: &Value) -> Option<Kind> {
        if document["kind"] == "evidence" {
            Some(Kind::Bundle)
        } else if document["kind"] == "timeline" {
            Some(Kind::Timeline)
        } else if document["command"] == "diff" {
            Some(Kind::Diff)
        } else if document.get("findings").is_some() {
            Some(Kind::Report)
        } else {
            None
        }
    }

    fn schema(self) -> Value {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas").join(self.file());
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn validator(self) -> &'static jsonschema::Validator {
        static VALIDATORS: OnceLock<Vec<jsonschema::Validator>> = OnceLock::new();
        let validators = VALIDATORS.get_or_init(|| {
            Kind::ALL
                .iter()
                .map(|kind| {
                    jsonschema::options()
                        .should_validate_formats(true)
                        .build(&kind.schema())
                        .unwrap_or_else(|e| panic!("{} is not a valid schema: {e}", kind.file()))
                })
                .collect()
        });
        &validators[self as usize]
    }

    /// Every way `document` breaks the schema, one per line.
    fn violations(self, document: &Value) -> Vec<String> {
        self.validator()
            .iter_errors(document)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect()
    }
}

/// The JSON report, diff or bundle a doctor run printed, held to its
/// schema as [`doctor_json`] does; a panic shows the run's stderr.
pub fn doctor_output(output: &std::process::Output) -> Value {
    checked(&output.stdout, &String::from_utf8_lossy(&output.stderr))
}

/// A document the doctor wrote (a report, a diff or a bundle), parsed and
/// held to its published schema; panics with every violation otherwise.
pub fn doctor_json(bytes: &[u8]) -> Value {
    checked(bytes, "")
}

fn checked(bytes: &[u8], stderr: &str) -> Value {
    let document: Value = serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!("not JSON: {e}: {:?}; stderr: {stderr}", String::from_utf8_lossy(bytes));
    });
    let kind =
        Kind::of(&document).unwrap_or_else(|| panic!("not a report, diff or bundle: {document:#}"));
    let violations = kind.violations(&document);
    assert!(
        violations.is_empty(),
        "the {kind:?} breaks schemas/{}:\n{}\n{document:#}",
        kind.file(),
        violations.join("\n")
    );
    document
}

/// Each schema's `schema_version` is the one the code writes.
#[test]
fn schemas_carry_the_versions_the_code_writes() {
    let version = |kind: Kind| kind.schema()["properties"]["schema_version"]["const"].as_u64();
    assert_eq!(version(Kind::Report), Some(u64::from(diagnosis::report::SCHEMA_VERSION)));
    assert_eq!(version(Kind::Diff), Some(u64::from(diagnosis::diff::SCHEMA_VERSION)));
    assert_eq!(version(Kind::Bundle), Some(u64::from(diagnosis::evidence::bundle::SCHEMA_VERSION)));
    assert_eq!(version(Kind::Timeline), Some(u64::from(diagnosis::timeline::SCHEMA_VERSION)));
}

/// The committed bundles, and `analyze` of each in every format-bearing
/// way: the report, and the diff of each against the others.
#[test]
fn fixtures_and_what_analyze_and_diff_make_of_them_hold_to_the_schemas() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/evidence");
    let mut bundles: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    bundles.sort();
    assert!(bundles.len() >= 4, "{bundles:?}");
    for bundle in &bundles {
        doctor_json(&std::fs::read(bundle).unwrap());
        let output = crate::doctor_quick::doctor()
            .args(["analyze", "--format", "json"])
            .arg(bundle)
            .output()
            .unwrap();
        let report = doctor_json(&output.stdout);
        assert!(!report["findings"].as_array().unwrap().is_empty(), "{}", bundle.display());
        let output = crate::doctor_quick::doctor()
            .args(["diff", "--format", "json"])
            .arg(&bundles[0])
            .arg(bundle)
            .output()
            .unwrap();
        doctor_json(&output.stdout);
    }
}

/// The validator is live: documents that break the layout are caught.
#[test]
fn a_document_that_breaks_its_schema_is_caught() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/evidence/quick-mixed.json");
    let output =
        crate::doctor_quick::doctor().args(["analyze", "--format", "json"]).arg(&path).output();
    let report = doctor_json(&output.unwrap().stdout);
    let broken = |change: &dyn Fn(&mut Value)| {
        let mut copy = report.clone();
        change(&mut copy);
        Kind::Report.violations(&copy)
    };
    assert!(!broken(&|r| r["worst"] = "FINE".into()).is_empty());
    assert!(!broken(&|r| r["findings"][0]["status"] = Value::Null).is_empty());
    assert!(!broken(&|r| r["findings"][0]["surprise"] = 1.into()).is_empty());
    assert!(!broken(&|r| r["started_at"] = "yesterday".into()).is_empty());
    assert!(!broken(&|r| r["schema_version"] = 3.into()).is_empty());
    let mut bundle: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    bundle["health"] = serde_json::json!({ "Err": { "kind": "lost", "reason": "?" } });
    assert!(!Kind::Bundle.violations(&bundle).is_empty());
}
