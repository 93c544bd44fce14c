//! Likely causes: the runbook's rules (`[causes.<name>]` in
//! `runbooks/performance.toml`, documented in `runbooks/causes.md`) judged
//! over a run's findings and evidence, ranked.
//!
//! Findings answer the runbook's questions one by one; a cause answers
//! "what is wrong?". A rule's supports that hold add their weights, its
//! contradictions that hold take theirs away. A cause is listed when every
//! required support holds, at least one holding support is a symptom (a
//! finding at WARNING or worse, or a required measure), and the score is
//! above zero; its confidence is the score against the runbook's
//! `[cause-confidence]` scores. A finding that was not run or is UNKNOWN
//! neither supports nor contradicts: it is named among what would
//! contradict the cause. A healthy service, every finding OK, has no
//! cause.
//!
//! Pure: may import the report, evidence, contract, runbook, threshold,
//! catalogue and analysis; does no I/O.

pub mod measure;
pub mod rule;

use crate::evidence::Evidence;
use crate::report::{Cause, Confidence, Finding, Sign};
use crate::runbook::Runbook;

use self::rule::{CauseRule, Clue, Side};

/// The causes the findings and evidence point at, most likely first (by
/// score, then by name).
pub fn rank(findings: &[Finding], evidence: &Evidence, runbook: &Runbook) -> Vec<Cause> {
    let mut causes: Vec<Cause> = runbook
        .causes
        .iter()
        .filter_map(|(name, rule)| judge(name, rule, findings, evidence, runbook))
        .collect();
    causes.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.cause.cmp(&b.cause)));
    causes
}

/// What one clue saw.
enum Seen {
    Holds(Sign),
    /// Observed, and does not hold: what was seen instead.
    Fails(String),
    /// Not run, UNKNOWN, or a measure the evidence cannot give.
    Unseen(String),
}

fn judge(
    name: &str,
    rule: &CauseRule,
    findings: &[Finding],
    evidence: &Evidence,
    runbook: &Runbook,
) -> Option<Cause> {
    let mut supported_by = Vec::new();
    let mut symptom = false;
    for clue in &rule.supports {
        match look(clue, Side::Supports, findings, evidence, runbook) {
            Seen::Holds(sign) => {
                symptom |= clue.is_symptom(Side::Supports);
                add(&mut supported_by, sign);
            }
            Seen::Fails(_) | Seen::Unseen(_) if clue.required => return None,
            Seen::Fails(_) | Seen::Unseen(_) => {}
        }
    }
    if !symptom {
        return None;
    }
    let mut contradicted_by = Vec::new();
    let mut would_contradict = Vec::new();
    for clue in &rule.contradicts {
        match look(clue, Side::Contradicts, findings, evidence, runbook) {
            Seen::Holds(sign) => add(&mut contradicted_by, sign),
            Seen::Fails(seen) | Seen::Unseen(seen) => {
                would_contradict.push(format!("{} ({seen})", clue.describe(Side::Contradicts)));
            }
        }
    }
    let total = |signs: &[Sign]| signs.iter().map(|sign| sign.weight).sum::<f64>();
    let score = total(&supported_by) - total(&contradicted_by);
    if score <= 0.0 {
        return None;
    }
    let confidence = if score >= runbook.cause_confidence.high {
        Confidence::High
    } else if score >= runbook.cause_confidence.medium {
        Confidence::Medium
    } else {
        Confidence::Low
    };
    Some(Cause {
        cause: name.to_owned(),
        title: rule.title.trim().to_owned(),
        confidence,
        score,
        supported_by,
        contradicted_by,
        would_contradict,
        resolution: rule.steps().map(str::to_owned).collect(),
        replica: None,
    })
}

/// Adds a sign; one already there (a finding that a rule weighs once at
/// WARNING and again at CRITICAL) takes the new weight as well.
fn add(signs: &mut Vec<Sign>, sign: Sign) {
    match signs.iter_mut().find(|seen| seen.code == sign.code) {
        Some(seen) => seen.weight += sign.weight,
        None => signs.push(sign),
    }
}

/// What `clue` sees in the findings (its codes) or the evidence (its
/// measure).
fn look(
    clue: &Clue,
    side: Side,
    findings: &[Finding],
    evidence: &Evidence,
    runbook: &Runbook,
) -> Seen {
    if let Some(measure) = clue.measure {
        return match measure.read(evidence, runbook.ratios.min_sample) {
            Some(reading) if clue.value_holds(Some(reading.value)) => Seen::Holds(Sign {
                code: measure.name().to_owned(),
                status: None,
                value: Some(reading.value),
                unit: reading.unit,
                text: reading.source,
                weight: clue.weight,
            }),
            Some(reading) => Seen::Fails(format!("is {}", amount(reading.value, reading.unit))),
            None => Seen::Unseen("not measured".to_owned()),
        };
    }
    let named: Vec<&Finding> =
        findings.iter().filter(|finding| clue.names(&finding.code)).collect();
    if let Some(finding) = named.iter().find(|f| clue.holds_for_finding(side, f.status, f.value)) {
        return Seen::Holds(Sign {
            code: finding.code.clone(),
            status: Some(finding.status),
            value: finding.value,
            unit: finding.unit,
            text: finding.summary.clone(),
            weight: clue.weight,
        });
    }
    let measured: Vec<String> = named
        .iter()
        .filter(|f| f.status != crate::report::Status::Unknown)
        .map(|f| match f.value {
            Some(value) => format!("{} is {} at {}", f.code, f.status, amount(value, f.unit)),
            None => format!("{} is {}", f.code, f.status),
        })
        .collect();
    match (measured.is_empty(), named.is_empty()) {
        (false, _) => Seen::Fails(measured.join(", ")),
        (true, false) => Seen::Unseen("not measured".to_owned()),
        (true, true) => Seen::Unseen("not run".to_owned()),
    }
}

fn amount(value: f64, unit: Option<crate::threshold::Unit>) -> String {
    unit.map_or_else(|| crate::threshold::trim_float(value), |unit| unit.amount(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Status;

    fn healthy() -> Evidence {
        let path =
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/evidence/quick-healthy.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn finding(code: &str, status: Status, value: Option<f64>) -> Finding {
        Finding {
            code: code.to_owned(),
            section: code.split('.').next().unwrap().to_owned(),
            title: code.to_owned(),
            status,
            summary: format!("{code} summary"),
            value,
            unit: None,
            threshold: None,
            evidence: String::new(),
            remediation: None,
            judged: true,
            replica: None,
        }
    }

    fn names(causes: &[Cause]) -> Vec<&str> {
        causes.iter().map(|cause| cause.cause.as_str()).collect()
    }

    #[test]
    fn every_finding_ok_gives_no_cause_whatever_the_measures() {
        // Uptime 0 and an almost empty L1 hold for the healthy run; without
        // a finding at WARNING or worse they are context, not a cause. (The
        // healthy run judged by the real checks: tests/it/check_snapshots.rs.)
        let runbook = Runbook::embedded();
        let findings: Vec<Finding> = runbook
            .causes
            .values()
            .flat_map(|rule| rule.supports.iter().chain(&rule.contradicts))
            .flat_map(Clue::codes)
            .map(|code| finding(code, Status::Ok, Some(0.0)))
            .collect();
        assert!(findings.len() > 20);
        assert!(rank(&findings, &healthy(), &runbook).is_empty());
    }

    #[test]
    fn a_low_hit_rate_right_after_a_start_is_a_cold_cache_not_a_short_ttl() {
        let runbook = Runbook::embedded();
        let findings = [finding("quick.cache-hit-rate", Status::Critical, Some(40.0))];
        let causes = rank(&findings, &healthy(), &runbook);
        assert_eq!(names(&causes), ["cold-cache"]);
        let cold = &causes[0];
        assert_eq!(cold.confidence, Confidence::High);
        let supports: Vec<&str> = cold.supported_by.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(supports, ["quick.cache-hit-rate", "uptime-seconds", "l1-fill-percent"]);
        assert!(!cold.resolution.is_empty());
    }

    #[test]
    fn evictions_with_a_full_l1_point_at_its_size() {
        let runbook = Runbook::embedded();
        let mut evidence = healthy();
        let probe = evidence.health.as_mut().unwrap().as_mut().unwrap();
        let l1 = &mut probe.body.as_mut().unwrap()["checks"]["cache"]["l1"];
        l1["entries"] = l1["capacity"].clone();
        probe.body.as_mut().unwrap()["uptime_seconds"] = 86_400.into();
        let findings = [
            finding("cache.hit-rate", Status::Critical, Some(55.0)),
            finding("cache.l1-evictions", Status::Critical, Some(30.0)),
        ];
        let causes = rank(&findings, &evidence, &runbook);
        assert_eq!(names(&causes)[0], "l1-too-small");
        assert_eq!(causes[0].confidence, Confidence::High);
        assert!(!names(&causes).contains(&"cold-cache"), "up for a day");
    }

    #[test]
    fn what_was_not_looked_at_is_named_as_what_would_contradict() {
        let runbook = Runbook::embedded();
        let findings = [finding("quick.cpu", Status::Critical, Some(95.0))];
        let causes = rank(&findings, &healthy(), &runbook);
        let hot_loop = causes.iter().find(|c| c.cause == "hot-loop").expect("hot-loop listed");
        assert_eq!(hot_loop.confidence, Confidence::Low);
        assert!(
            hot_loop.would_contradict.iter().any(|w| w.contains("not run")),
            "{:?}",
            hot_loop.would_contradict
        );
    }

    #[test]
    fn contradictions_that_hold_lower_the_score_and_can_drop_a_cause() {
        let runbook = Runbook::embedded();
        let findings = [
            finding("cache.hit-rate", Status::Warning, Some(75.0)),
            finding("cache.l1-evictions", Status::Ok, Some(0.0)),
        ];
        // The healthy run's L1 holds 0.5% of its capacity: not too small.
        let causes = rank(&findings, &healthy(), &runbook);
        assert!(!names(&causes).contains(&"l1-too-small"), "{:?}", names(&causes));
    }

    /// `healthy()` with the database probed at `database_address`.
    fn with_database_at(database_address: &str) -> Evidence {
        let connects = serde_json::json!({
            "attempts": 10, "succeeded": 10, "lost": 0, "timed_out": 0, "timeout_ms": 1000.0,
            "min_ms": 0.9, "avg_ms": 1.4, "max_ms": 5.1, "address": database_address,
        });
        let network = serde_json::json!({
            "dependencies": [{"dependency": "database", "host": "db", "port": 5432, "connects": connects}],
            "not_probed": [],
            "tcp": {"Err": {"kind": "unsupported", "reason": "not read"}},
            "connections": {"Err": {"kind": "unsupported", "reason": "not read"}},
            "interfaces": {"Err": {"kind": "unsupported", "reason": "not read"}},
        });
        let mut evidence = healthy();
        evidence.network = Some(Ok(serde_json::from_value(network).unwrap()));
        evidence
    }

    #[test]
    fn slow_connects_on_loopback_are_not_the_network() {
        // A busy host slows loopback connects as much as any network would.
        let runbook = Runbook::embedded();
        let findings = [finding("latency.dependency-rtt", Status::Warning, Some(1.3))];
        let on_loopback = rank(&findings, &with_database_at("127.0.0.1:5432"), &runbook);
        assert!(!names(&on_loopback).contains(&"network-loss"), "{:?}", names(&on_loopback));
        let remote = rank(&findings, &with_database_at("10.0.0.5:5432"), &runbook);
        assert_eq!(names(&remote), ["network-loss"]);
        // Without the network source the endpoints are unknown: the finding
        // still points at the network.
        assert_eq!(names(&rank(&findings, &healthy(), &runbook)), ["network-loss"]);
    }

    #[test]
    fn unknown_findings_neither_support_nor_contradict() {
        let runbook = Runbook::embedded();
        let findings = [finding("resources.fds", Status::Unknown, None)];
        assert!(rank(&findings, &healthy(), &runbook).is_empty());
    }

    #[test]
    fn every_cause_has_its_doc_entry() {
        let page = include_str!("../../../../runbooks/causes.md");
        for name in Runbook::embedded().causes.keys() {
            assert!(page.contains(&format!("## `{name}`")), "runbooks/causes.md lacks {name}");
        }
    }
}
