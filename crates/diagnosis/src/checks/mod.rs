//! The check registry: every question the runbook asks, as a pure function
//! of the evidence and the runbook's figures.
//!
//! One list, [`REGISTRY`], drives everything that enumerates checks: the
//! subcommands, the documentation test and the sources a run collects. A check never does I/O; when the evidence it needs is
//! missing it answers UNKNOWN with the source's reason.

// Helpers return `Result<_, Verdict>`: the error is the check's answer,
// built once per check, so its size does not matter.
#![allow(clippy::result_large_err)]

/// The value of a `Result<T, Verdict>`, or the check returns the verdict.
macro_rules! or_return {
    ($result:expr) => {
        match $result {
            Ok(value) => value,
            Err(verdict) => return verdict,
        }
    };
}

mod baseline;
mod cache;
mod checklist;
mod common;
mod cpu;
mod db;
pub mod fleet;
mod history;
mod latency;
mod memory;
mod network;
mod quick;

pub mod rates;
mod resources;

use std::collections::BTreeSet;

pub use crate::evidence::scope::{Section, Source};
use crate::evidence::{Evidence, Outcome, SourceError};
use crate::report::{Finding, Status};
use crate::runbook::{KnownChecks, Runbook, StatusCap};
use crate::settings;
use crate::threshold::{Band, Direction, trim_float};
use crate::threshold::{BandClaim, Threshold, Unit};

/// What to check when `source` fails. Flags and their defaults are named
/// through the settings registry, so a hint never disagrees with `--help`.
pub fn hint(source: Source) -> String {
    let database = settings::DATABASE_URL.flag_with_default();
    match source {
        Source::Metrics => format!(
            "check that the metrics listener answers at {}",
            settings::METRICS_URL.flag_with_default()
        ),
        Source::Health | Source::ConfigRead => format!(
            "check that the service runs and that {} points at it",
            settings::API_URL.flag_with_default()
        ),
        Source::Database => {
            format!("give the database with {database} (URL or libpq key=value string)")
        }
        Source::RedisBigKeys => {
            format!(
                "ask for the scan with `llmcfg-doctor cache --bigkeys {} URL`",
                settings::REDIS_URL.option()
            )
        }
        Source::Redis => format!(
            "give the Redis the service uses with {} (redis://user:password@host:6379, rediss:// \
             for TLS)",
            settings::REDIS_URL.flag_with_default()
        ),
        Source::DatabaseInspection => format!(
            "check that {database} (URL or libpq key=value string) names the service's database \
             and that the server answers; the reason above says what failed"
        ),
        Source::MemoryTrend => {
            "sample memory over time with `llmcfg-doctor memory --duration 5m`".to_owned()
        }
        Source::Runtime => format!(
            "name the runtime with {} and the container ({}), pods ({}, {}), unit ({}) or \
             process ({}, {})",
            settings::RUNTIME.option(),
            settings::CONTAINER.option(),
            settings::NAMESPACE.option(),
            settings::SELECTOR.option(),
            settings::UNIT.option(),
            settings::PROCESS.option(),
            settings::PID.option(),
        ),
        Source::Network => format!(
            "check the dependencies' addresses ({}, {}, {}, {}); the service's connections need \
             its process on this host ({}) and the right to read its /proc entries (run as its \
             user or root)",
            settings::API_URL.option(),
            settings::METRICS_URL.option(),
            settings::DATABASE_URL.option(),
            settings::REDIS_URL.option(),
            settings::PID.option(),
        ),
        Source::Host => format!(
            "run the doctor on the service's host with {} and {} naming its directories; its \
             limits need its process ({})",
            settings::DATA_DIR.option(),
            settings::LOG_DIR.option(),
            settings::PID.option(),
        ),
        Source::Prometheus | Source::History => format!(
            "check that Prometheus answers at {} and scrapes the service",
            settings::PROMETHEUS_URL.flag_with_default()
        ),
    }
}

/// One check: its stable code, metadata and judging function.
pub struct Check {
    pub code: &'static str,
    pub section: Section,
    pub title: &'static str,
    pub needs: &'static [Source],
    /// The band of the runbook the check is judged by, when one is: what
    /// an override's `band` replaces and `explain` shows.
    pub band: Option<BandClaim>,
    pub judge: fn(&Evidence, &Runbook) -> Verdict,
}

/// What a judging function decides; [`Check::run`] turns it into a
/// [`Finding`] with the check's metadata and remediation.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub status: Status,
    pub summary: String,
    pub value: Option<f64>,
    pub unit: Option<Unit>,
    pub threshold: Option<Threshold>,
    pub evidence: String,
    /// Overrides the runbook's remediation; the only advice an UNKNOWN
    /// finding carries (how to make it measurable).
    pub remediation: Option<String>,
    /// Whether the status judges a figure: false for an idle or thin
    /// window ([`Verdict::not_judged`]) and for what was not measured.
    pub judged: bool,
}

impl Verdict {
    /// The finding of check `code`: the runbook's text fixes what was
    /// measured; an UNKNOWN finding only carries advice on how to make it
    /// measurable.
    pub fn into_finding(
        self,
        code: &str,
        section: &str,
        title: &str,
        runbook: &Runbook,
    ) -> Finding {
        let remediation = match self.status {
            Status::Ok => None,
            Status::Unknown => self.remediation,
            Status::Warning | Status::Critical => {
                self.remediation.or_else(|| runbook.remediation(code))
            }
        };
        Finding {
            code: code.to_owned(),
            section: section.to_owned(),
            title: title.to_owned(),
            status: self.status,
            summary: self.summary,
            value: self.value,
            unit: self.unit,
            threshold: self.threshold,
            evidence: self.evidence,
            remediation,
            judged: self.judged && self.status != Status::Unknown,
            replica: None,
        }
    }

    pub fn new(status: Status, summary: impl Into<String>, evidence: impl Into<String>) -> Verdict {
        Verdict {
            status,
            summary: summary.into(),
            value: None,
            unit: None,
            threshold: None,
            evidence: evidence.into(),
            remediation: None,
            judged: true,
        }
    }

    /// UNKNOWN because `source` failed.
    pub fn source_failed(source: Source, error: &SourceError) -> Verdict {
        let mut verdict = Verdict::new(
            Status::Unknown,
            format!("not measured: {error}"),
            format!("{source:?} source"),
        );
        verdict.remediation = Some(format!("To measure this, {}.", hint(source)));
        verdict
    }

    /// UNKNOWN because the evidence does not hold what the check needs.
    pub fn not_measured(reason: impl Into<String>, evidence: impl Into<String>) -> Verdict {
        Verdict::new(Status::Unknown, format!("not measured: {}", reason.into()), evidence)
    }

    /// An idle or thin window, which the doctor saw: too few events to
    /// judge a figure by (`reason` says how many, over what, and how many
    /// are needed). OK and marked not judged; UNKNOWN when the runbook
    /// requires traffic (`ratios.require-traffic`, `--require-traffic`).
    pub fn not_judged(
        reason: impl Into<String>,
        evidence: impl Into<String>,
        runbook: &Runbook,
    ) -> Verdict {
        let reason = reason.into();
        if runbook.ratios.require_traffic {
            return Verdict::not_measured(
                format!("{reason} (traffic is required: --{})", settings::REQUIRE_TRAFFIC.flag),
                evidence,
            );
        }
        Verdict {
            judged: false,
            ..Verdict::new(Status::Ok, format!("not judged: {reason}"), evidence)
        }
    }

    pub fn measured(mut self, value: f64, unit: Unit) -> Verdict {
        self.value = Some(value);
        self.unit = Some(unit);
        self
    }

    /// Advice for this finding in place of the runbook's text.
    pub fn advise(mut self, remediation: impl Into<String>) -> Verdict {
        self.remediation = Some(remediation.into());
        self
    }

    pub fn threshold(mut self, threshold: Threshold) -> Verdict {
        self.threshold = Some(threshold);
        self
    }

    /// The verdict lowered to `cap` when it is a WARNING or CRITICAL above
    /// it, saying so; UNKNOWN is never capped.
    fn capped(mut self, cap: Status, code: &str) -> Verdict {
        let judged = self.status;
        if matches!(judged, Status::Warning | Status::Critical)
            && judged.severity() > cap.severity()
        {
            self.status = cap;
            self.summary.push_str(&format!(
                " ({judged}, capped at {cap} by overrides.{code} of the runbook)"
            ));
        }
        self
    }
}

/// The status of `value` in `band`.
pub fn judge_band(value: f64, band: &Band, direction: Direction) -> Status {
    match direction {
        Direction::HigherIsWorse if value > band.critical => Status::Critical,
        Direction::HigherIsWorse if value >= band.warning => Status::Warning,
        Direction::LowerIsWorse if value < band.critical => Status::Critical,
        Direction::LowerIsWorse if value <= band.warning => Status::Warning,
        _ => Status::Ok,
    }
}

/// Judges a percentage against a band, with the standard wording.
pub fn percent_verdict(
    what: &str,
    value: f64,
    band: &Band,
    direction: Direction,
    evidence: String,
) -> Verdict {
    let status = judge_band(value, band, direction);
    Verdict::new(status, format!("{what} {}%", round1(value)), evidence)
        .measured(round2(value), Unit::Percent)
        .threshold(Threshold::band(band, direction, Unit::Percent))
}

pub fn round1(value: f64) -> String {
    trim_float((value * 10.0).round() / 10.0)
}

pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The value a source produced, or the verdict that it failed or was not
/// collected.
#[expect(
    clippy::result_large_err,
    reason = "the error is the check's answer, returned once per check"
)]
pub fn require<T>(outcome: &Option<Outcome<T>>, source: Source) -> Result<&T, Verdict> {
    match outcome {
        Some(Ok(value)) => Ok(value),
        Some(Err(error)) => Err(Verdict::source_failed(source, error)),
        None => {
            Err(Verdict::not_measured(format!("the {source:?} source was not collected"), "none"))
        }
    }
}

impl Check {
    /// Judges the evidence and dresses the verdict as a finding, with the
    /// runbook's override of this check (its own band, a cap on its status)
    /// applied.
    pub fn run(&self, evidence: &Evidence, runbook: &Runbook) -> Finding {
        let mut verdict = (self.judge)(evidence, &runbook.for_check(self.code, self.band));
        if let Some(change) = runbook.overrides.get(self.code) {
            if change.band.is_some() {
                verdict.evidence.push_str(&format!("; band from overrides.{}", self.code));
            }
            match change.max_status {
                Some(StatusCap::Ok) => verdict = verdict.capped(Status::Ok, self.code),
                Some(StatusCap::Warning) => verdict = verdict.capped(Status::Warning, self.code),
                None => {}
            }
        }
        verdict.into_finding(self.code, self.section.name(), self.title, runbook)
    }
}

/// Every check, section by section, in report order.
pub static REGISTRY: &[&[&Check]] = &[
    quick::CHECKS,
    baseline::CHECKS,
    latency::CHECKS,
    network::LATENCY_CHECKS,
    cpu::CHECKS,
    memory::CHECKS,
    cache::CHECKS,
    network::CHECKS,
    resources::CHECKS,
    checklist::CHECKS,
    db::CHECKS,
    history::CHECKS,
];

/// Every check, in report order.
pub fn all() -> impl Iterator<Item = &'static Check> {
    REGISTRY.iter().flat_map(|section| section.iter().copied())
}

/// Whether `code` is a check's code or a group of codes (`baseline.l1-hit`
/// for `baseline.l1-hit.p50` and its siblings).
pub fn is_known_code_or_group(code: &str) -> bool {
    all().map(|check| check.code).chain(fleet::CODES.iter().copied()).any(|known| {
        known == code || known.strip_prefix(code).is_some_and(|rest| rest.starts_with('.'))
    })
}

/// The registry as a runbook file is checked against: the codes it may
/// name and the band each check claims.
pub struct Registry;

impl KnownChecks for Registry {
    fn codes(&self) -> Vec<&'static str> {
        all().map(|check| check.code).collect()
    }

    fn is_known_code_or_group(&self, code: &str) -> bool {
        is_known_code_or_group(code)
    }

    fn band(&self, code: &str) -> Option<BandClaim> {
        all().find(|check| check.code == code)?.band
    }
}

/// The checks of one section.
pub fn of_section(section: Section) -> impl Iterator<Item = &'static Check> {
    all().filter(move |check| check.section == section)
}

/// The checks a run of `sections` judges, given the sources it was asked
/// to look at (`requested`): a check that looks only at sources nobody
/// asked for (Redis without `--redis-url`, the memory trend without
/// `--duration`) is left out; one that also looks elsewhere runs and says
/// what it is missing. `db` asked by itself keeps every check, so that
/// without a database each says how to give one.
///
/// A live run and `analyze` of the bundle it wrote both select here, from
/// the sources the bundle records as requested, so they judge the same
/// checks.
pub fn select(sections: &[Section], requested: &BTreeSet<Source>) -> Vec<&'static Check> {
    let only_db = sections == [Section::Db];
    all()
        .filter(|check| sections.contains(&check.section))
        .filter(|check| only_db || check.needs.iter().any(|source| requested.contains(source)))
        .collect()
}

/// Which checks a run judges, by code: those `--check` patterns match
/// (every one, when there is none) less those `--skip` patterns match.
/// Patterns are globs over codes, such as `cache.*` or `*.p99`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    only: Vec<glob::Pattern>,
    skip: Vec<glob::Pattern>,
    /// Codes the runbook's overrides disable.
    disabled: Vec<String>,
}

impl Selection {
    /// The selection of `only` and `skip`; a pattern that is not a glob, or
    /// matches no check, is an error naming the nearest code.
    pub fn new(only: &[String], skip: &[String]) -> Result<Selection, String> {
        let parse = |flag: &str, raw: &String| {
            let pattern = glob::Pattern::new(raw)
                .map_err(|e| format!("{flag} {raw:?} is not a glob: {e}"))?;
            if all().any(|check| pattern.matches(check.code)) {
                return Ok(pattern);
            }
            let hint = crate::runbook::nearest(raw, all().map(|check| check.code))
                .map(|code| format!(" (did you mean {code}?)"))
                .unwrap_or_default();
            Err(format!("{flag} {raw:?} matches no check{hint}; `llmcfg-doctor checks` lists them"))
        };
        Ok(Selection {
            only: only.iter().map(|raw| parse("--check", raw)).collect::<Result<_, _>>()?,
            skip: skip.iter().map(|raw| parse("--skip", raw)).collect::<Result<_, _>>()?,
            disabled: Vec::new(),
        })
    }

    /// This selection less the checks `runbook` disables.
    pub fn under(mut self, runbook: &Runbook) -> Selection {
        self.disabled = runbook.disabled().map(str::to_owned).collect();
        self
    }

    pub fn admits(&self, code: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|pattern| pattern.matches(code)))
            && !self.skip.iter().any(|pattern| pattern.matches(code))
            && !self.disabled.iter().any(|disabled| disabled == code)
    }

    /// `checks` less those this selection leaves out; an error when it
    /// leaves none, since a run that judges nothing would pass blind.
    pub fn apply(&self, checks: Vec<&'static Check>) -> Result<Vec<&'static Check>, String> {
        let Some(section) = checks.first().map(|check| check.section.name()) else {
            return Ok(checks);
        };
        let kept: Vec<_> = checks.into_iter().filter(|check| self.admits(check.code)).collect();
        if kept.is_empty() {
            return Err(format!(
                "--check, --skip and the runbook's disabled checks leave no check of {section} to \
                 judge"
            ));
        }
        Ok(kept)
    }
}

/// Every source the given checks need, without repeats.
pub fn sources_needed<'a>(checks: impl IntoIterator<Item = &'a Check>) -> Vec<Source> {
    let mut needed: Vec<Source> =
        checks.into_iter().flat_map(|check| check.needs.iter().copied()).collect();
    needed.sort();
    needed.dedup();
    needed
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::runbook::EMBEDDED;

    fn replace_in_embedded(from: &str, to: &str) -> String {
        assert!(EMBEDDED.contains(from), "{from}");
        EMBEDDED.replacen(from, to, 1)
    }

    #[test]
    fn the_embedded_runbook_names_only_known_checks() {
        Runbook::parse(EMBEDDED, "<embedded runbook>", &Registry).unwrap();
    }

    #[test]
    fn every_band_of_the_runbook_is_claimed_and_every_claim_is_a_band() {
        let runbook = Runbook::embedded();
        let fields: Vec<&str> = runbook.bands().into_iter().map(|(field, _, _)| field).collect();
        for check in all() {
            if let Some(claim) = check.band {
                assert!(
                    fields.contains(&claim.field),
                    "{} claims no band: {}",
                    check.code,
                    claim.field
                );
            }
        }
        for field in fields {
            assert!(
                all().any(|check| check.band.is_some_and(|claim| claim.field == field)),
                "no check is judged by the band {field}"
            );
        }
    }

    fn with_overrides(overrides: &str) -> Result<Runbook, String> {
        Runbook::parse(&format!("{EMBEDDED}\n{overrides}\n"), "custom.toml", &Registry)
            .map_err(|error| error.to_string())
    }

    #[test]
    fn overrides_must_name_a_check_and_make_sense_for_it() {
        let cases = [
            (
                "[overrides.\"cache.l1-hitrate\"]\ndisabled = true",
                "custom.toml: overrides.cache.l1-hitrate: no check has this code; did you mean \
                 `cache.l1-hit-rate`?",
            ),
            ("[overrides.\"quick.cpu\"]", "overrides.quick.cpu: says nothing"),
            (
                "[overrides.\"quick.cpu\"]\ndisabled = true\nmax-status = \"ok\"",
                "a disabled check is not judged",
            ),
            (
                "[overrides.\"quick.health-status\"]\nband = { warning = 1, critical = 2 }",
                "overrides.quick.health-status: this check is not judged by a band",
            ),
            (
                "[overrides.\"cache.l1-hit-rate\"]\nband = { warning = 50, critical = 80 }",
                "overrides.cache.l1-hit-rate: band: warning (50) is below critical (80)",
            ),
            ("[overrides.\"quick.cpu\"]\nmax-status = \"critical\"", "unknown variant `critical`"),
            ("[overrides.\"quick.cpu\"]\nmute = true", "unknown field `mute`"),
        ];
        for (overrides, expected) in cases {
            let error = with_overrides(overrides).unwrap_err();
            assert!(error.contains(expected), "{error} lacks {expected}");
            assert_eq!(error.lines().count(), 1, "{error}");
        }
    }

    #[test]
    fn an_overriding_band_is_seen_by_its_check_alone() {
        let runbook =
            with_overrides("[overrides.\"quick.cpu\"]\nband = { warning = 10, critical = 20 }")
                .unwrap();
        let own = Band { warning: 10.0, critical: 20.0 };
        let claim = |code: &str| Registry.band(code);
        assert_eq!(runbook.for_check("quick.cpu", claim("quick.cpu")).resources.cpu, own);
        let usage = runbook.for_check("cpu.usage", claim("cpu.usage"));
        assert_eq!(usage.resources.cpu, runbook.resources.cpu);
        assert!(matches!(usage, Cow::Borrowed(_)));
        let (field, band, _, _) =
            runbook.band_of("quick.cpu", claim("quick.cpu").unwrap()).unwrap();
        assert_eq!((field.as_str(), band), ("overrides.quick.cpu.band", own));
        assert_eq!(
            runbook.band_of("cpu.usage", claim("cpu.usage").unwrap()).unwrap().0,
            "resources.cpu"
        );
    }

    #[test]
    fn a_stalled_request_band_can_be_overridden() {
        let overrides =
            "[overrides.\"quick.stalled-requests\"]\nband = { warning = 5, critical = 9 }";
        let runbook = with_overrides(overrides).unwrap();
        let own = Band { warning: 5.0, critical: 9.0 };
        let claim = Registry.band("quick.stalled-requests");
        let judged = runbook.for_check("quick.stalled-requests", claim);
        assert_eq!(judged.latency.stalled_request_s, own);
        let (field, _, _, unit) =
            runbook.band_of("latency.stalled-requests", claim.unwrap()).unwrap();
        assert_eq!((field.as_str(), unit), ("latency.stalled-request-s", Unit::Seconds));
    }

    #[test]
    fn bad_files_name_file_field_and_reason_on_one_line() {
        let cases = [
            (replace_in_embedded("cpu = { warning = 50", "cpu = { warnin = 50"), "unknown field"),
            (replace_in_embedded("critical = 80 }\nmemory", "critical = eighty }\nmemory"), "line"),
            (
                replace_in_embedded(
                    "cpu = { warning = 50, critical = 80 }",
                    "cpu = { warning = 90, critical = 80 }",
                ),
                "resources.cpu",
            ),
            (
                replace_in_embedded(
                    "cache-hit-rate = { warning = 80, critical = 70 }",
                    "cache-hit-rate = { warning = 60, critical = 70 }",
                ),
                "lower is worse",
            ),
            (
                replace_in_embedded("[remediation]", "[remediation]\n\"quick.nope\" = \"x\""),
                "no check has this code",
            ),
            (
                replace_in_embedded("p50_ms = 0.5, p95_ms = 1", "p50_ms = 5, p95_ms = 1"),
                "baseline.l1-hit",
            ),
            (
                replace_in_embedded(
                    "cache-hit-ratio = { warning = 99, critical = 95 }",
                    "cache-hit-ratio = { warning = 90, critical = 95 }",
                ),
                "db.cache-hit-ratio",
            ),
            (
                replace_in_embedded(
                    "long-running-s = { warning = 30, critical = 300 }",
                    "long-running-s = { warning = 300, critical = 30 }",
                ),
                "db.long-running-s",
            ),
            (
                replace_in_embedded("heavy-seq-scans = 1000", "heavy-seq-scans = 0"),
                "db.heavy-seq-scans",
            ),
            (replace_in_embedded("ready-ms = 100", "ready-ms = -1"), "db.ready-ms"),
            (replace_in_embedded("min-sample = 20", "min-sample = 0"), "ratios.min-sample"),
            (replace_in_embedded("min-replicas = 3", "min-replicas = 1"), "fleet.min-replicas"),
            (
                replace_in_embedded(
                    "resident-memory = { gap = 64, factor = 1.5 }",
                    "resident-memory = { gap = 64, factor = 0.5 }",
                ),
                "fleet.resident-memory",
            ),
            (replace_in_embedded("min-sample = 20", "min-sample = 2.5"), "line"),
            (
                replace_in_embedded(
                    r#"{ code = "cache.l1-evictions", weight = 3 }"#,
                    r#"{ code = "cache.l1-evictoins", weight = 3 }"#,
                ),
                "causes.l1-too-small.supports[1].code: no check has the code `cache.l1-evictoins`; did you mean `cache.l1-evictions`?",
            ),
            (
                replace_in_embedded(r#"measure = "uptime-seconds""#, r#"measure = "uptime""#),
                "unknown variant `uptime`",
            ),
            (
                replace_in_embedded(
                    r#"measure = "uptime-seconds", below = 600"#,
                    r#"measure = "uptime-seconds""#,
                ),
                "causes.cold-cache.supports[1].measure: a measure needs `above` or `below`",
            ),
            (
                replace_in_embedded("[causes.hot-loop]", "[causes.hot-loop]\nresolutoin = \"x\""),
                "unknown field `resolutoin`",
            ),
            (
                replace_in_embedded("high = 5", "high = 2"),
                "cause-confidence: high (2) is below medium (3)",
            ),
            (
                EMBEDDED.to_owned()
                    + "\n[causes.vague]\ntitle = \"t\"\nresolution = \"r\"\n\
                       supports = [{ code = \"cache.l1-fill\", status-at-least = \"ok\" }]\n",
                "causes.vague.supports: needs a symptom",
            ),
        ];
        for (text, expected) in cases {
            let error = Runbook::parse(&text, "custom.toml", &Registry).unwrap_err().to_string();
            assert!(error.starts_with("custom.toml: "), "{error}");
            assert!(error.contains(expected), "{error} lacks {expected}");
            assert_eq!(error.lines().count(), 1, "{error}");
        }
    }

    #[test]
    fn a_selection_takes_globs_and_names_the_nearest_code_of_a_typo() {
        let owned = |patterns: &[&str]| patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let selection =
            Selection::new(&owned(&["cache.*", "quick.cpu"]), &owned(&["cache.l2*"])).unwrap();
        assert!(selection.admits("cache.l1-hit-rate"));
        assert!(selection.admits("quick.cpu"));
        assert!(!selection.admits("cache.l2-hit-rate"));
        assert!(!selection.admits("quick.memory"));
        assert!(Selection::default().admits("quick.memory"));
        let error = Selection::new(&owned(&["quick.cpuu"]), &[]).unwrap_err();
        assert!(error.contains("did you mean quick.cpu?"), "{error}");
        assert!(Selection::new(&[], &owned(&["[z"])).unwrap_err().contains("not a glob"));
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for check in all() {
            assert!(seen.insert(check.code), "duplicate code {}", check.code);
            let (section, rest) = check.code.split_once('.').expect("section.name");
            assert_eq!(section, check.section.name(), "{}", check.code);
            assert!(
                rest.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'),
                "{} is not kebab-case",
                check.code
            );
        }
    }

    #[test]
    fn every_check_has_a_remediation_and_a_doc_page() {
        let runbook = Runbook::embedded();
        for check in all() {
            assert!(runbook.remediation(check.code).is_some(), "{} has no remediation", check.code);
            let page = format!(
                "{}/../../runbooks/{}.md",
                env!("CARGO_MANIFEST_DIR"),
                check.section.name()
            );
            let text =
                std::fs::read_to_string(&page).unwrap_or_else(|_| panic!("{page} is missing"));
            assert!(
                text.contains(&format!("`{}`", check.code)),
                "{page} does not document {}",
                check.code
            );
        }
    }

    /// The mixed fixture judged under `overrides`, by code.
    fn judged_with(overrides: &str) -> Vec<Finding> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/evidence/quick-mixed.json");
        let evidence: Evidence =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let text = format!("{}\n{overrides}\n", crate::runbook::EMBEDDED);
        let runbook = Runbook::parse(&text, "custom.toml", &Registry).unwrap();
        of_section(Section::Quick).map(|check| check.run(&evidence, &runbook)).collect()
    }

    #[test]
    fn a_cap_lowers_warning_and_critical_but_never_unknown() {
        let plain = judged_with("");
        let of = |status: Status| {
            plain.iter().find(|f| f.status == status).unwrap_or_else(|| panic!("no {status}"))
        };
        let (critical, unknown) = (of(Status::Critical), of(Status::Unknown));
        let capped = judged_with(&format!(
            "[overrides.\"{}\"]\nmax-status = \"warning\"\n\
             [overrides.\"{}\"]\nmax-status = \"ok\"",
            critical.code, unknown.code
        ));
        let after = |code: &str| capped.iter().find(|f| f.code == code).unwrap();
        assert_eq!(after(&critical.code).status, Status::Warning);
        assert!(
            after(&critical.code).summary.ends_with(&format!(
                "(CRITICAL, capped at WARNING by overrides.{} of the runbook)",
                critical.code
            )),
            "{}",
            after(&critical.code).summary
        );
        assert!(after(&critical.code).remediation.is_some(), "a WARNING still says what to do");
        assert_eq!(after(&unknown.code), unknown, "UNKNOWN: the check could not see");
        let silenced =
            judged_with(&format!("[overrides.\"{}\"]\nmax-status = \"ok\"", critical.code));
        let silenced = silenced.iter().find(|f| f.code == critical.code).unwrap();
        assert_eq!((silenced.status, &silenced.remediation), (Status::Ok, &None));
    }

    #[test]
    fn the_runbooks_disabled_checks_leave_the_selection() {
        let runbook = Runbook::parse(
            &format!("{}\n[overrides.\"quick.cpu\"]\ndisabled = true\n", crate::runbook::EMBEDDED),
            "custom.toml",
            &Registry,
        )
        .unwrap();
        let selection = Selection::default().under(&runbook);
        assert!(!selection.admits("quick.cpu"));
        assert!(selection.admits("quick.memory"));
        let only_cpu = Selection::new(&["quick.cpu".to_owned()], &[]).unwrap().under(&runbook);
        let Err(error) = only_cpu.apply(of_section(Section::Quick).collect()) else {
            panic!("a selection of nothing but a disabled check is refused");
        };
        assert!(error.contains("the runbook's disabled checks"), "{error}");
    }

    #[test]
    fn bands_judge_both_directions() {
        let cpu = Band { warning: 50.0, critical: 80.0 };
        assert_eq!(judge_band(49.9, &cpu, Direction::HigherIsWorse), Status::Ok);
        assert_eq!(judge_band(50.0, &cpu, Direction::HigherIsWorse), Status::Warning);
        assert_eq!(judge_band(80.0, &cpu, Direction::HigherIsWorse), Status::Warning);
        assert_eq!(judge_band(80.1, &cpu, Direction::HigherIsWorse), Status::Critical);
        let hits = Band { warning: 80.0, critical: 70.0 };
        assert_eq!(judge_band(80.1, &hits, Direction::LowerIsWorse), Status::Ok);
        assert_eq!(judge_band(75.0, &hits, Direction::LowerIsWorse), Status::Warning);
        assert_eq!(judge_band(69.9, &hits, Direction::LowerIsWorse), Status::Critical);
    }
}
