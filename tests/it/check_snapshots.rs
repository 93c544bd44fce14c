//! The checks, and the causes they point at, judged from recorded
//! evidence (a real healthy run, `fixtures/evidence/quick-healthy.json`)
//! and from variants of it that each change one thing, snapshotted with
//! insta.

use diagnosis::catalogue::{Query, RANGE};
use diagnosis::checks::{self, Section};
use diagnosis::evidence::bundle::Bundle;
use diagnosis::evidence::prometheus::{PrometheusEvidence, QueryAnswer, QueryResult, QuerySample};
use diagnosis::evidence::{Evidence, MetricsSample, Series, SourceError};
use diagnosis::report::{Finding, Report, Status};
use diagnosis::runbook::Runbook;

fn healthy_bundle() -> Bundle {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/evidence/quick-healthy.json");
    Bundle::read(std::path::Path::new(path)).unwrap()
}

/// The recorded run, of a service up a day: the variants below each model
/// a sampling window, which a service that started within the runbook's
/// range would not be judged on (its counters since it started are).
fn healthy() -> Evidence {
    let mut evidence = healthy_bundle().evidence;
    age_by_a_day(&mut evidence);
    evidence
}

/// Moves the service's start a day back in both scrapes.
fn age_by_a_day(evidence: &mut Evidence) {
    let (first, second) = scrapes(evidence);
    for sample in [first, second] {
        let started = sample.sum(PROCESS_START_TIME, &[]).unwrap();
        set(sample, PROCESS_START_TIME, &[], started - 86_400.0);
    }
}

const PROCESS_START_TIME: &str = "process_start_time_seconds";

#[test]
fn a_young_service_is_judged_on_what_it_counted_since_it_started() {
    // As recorded, but quiet in the doctor's window: the second scrape
    // counts what the first did. The service had started 1.8 s before it,
    // well within the runbook's range, and had read 32 keys.
    let mut young = healthy_bundle().evidence;
    let (first, second) = scrapes(&mut young);
    second.series = first.series.clone();
    let report = judge(&young, &[Section::Quick]);
    expect(
        &report,
        "quick.cache-hit-rate",
        Status::Ok,
        "100% (32 of 32 reads over the 1.8s since the service started)",
    );
    assert!(finding(&report, "quick.cache-hit-rate").judged);
    // The same scrapes of a service up a day: an idle window, not judged.
    age_by_a_day(&mut young);
    let old = judge(&young, &[Section::Quick]);
    let idle = finding(&old, "quick.cache-hit-rate");
    assert_eq!((idle.status, idle.judged), (Status::Ok, false), "{}", idle.summary);
    assert!(
        idle.summary
            .starts_with("not judged: reads answered from a cache: 0 of 0 reads over the last 1s"),
        "{}",
        idle.summary
    );
    assert_eq!(old.worst, Status::Ok);
}

/// The checks of `sections` the recorded run's requested sources select,
/// as `analyze` selects them, judged on `evidence`.
fn judge(evidence: &Evidence, sections: &[Section]) -> Report {
    let runbook = Runbook::embedded();
    let checks = checks::select(sections, &healthy_bundle().requested);
    let (findings, causes) = diagnosis::judge(checks, evidence, &runbook);
    Report::new("quick", "http://fixture:8080/".into(), chrono::Utc::now(), 1234, findings)
        .with_causes(causes)
}

const EVERY_SECTION: &[Section] =
    &[Section::Cpu, Section::Memory, Section::Cache, Section::Resources];

macro_rules! snapshot {
    ($name:expr, $evidence:expr, $sections:expr) => {
        insta::assert_json_snapshot!($name, judge(&$evidence, $sections), {
            ".started_at" => "[started_at]",
            ".duration_ms" => "[duration_ms]",
        });
    };
    ($name:expr, $evidence:expr) => {
        snapshot!($name, $evidence, &[Section::Quick])
    };
}

#[test]
fn healthy_run() {
    snapshot!("quick-healthy", healthy());
}

#[test]
fn a_healthy_service_has_no_cause() {
    let every_section: Vec<Section> = Section::ALL.into_iter().collect();
    let report = judge(&healthy(), &every_section);
    let faults =
        report.findings.iter().filter(|f| matches!(f.status, Status::Warning | Status::Critical));
    assert_eq!(faults.count(), 0);
    assert_eq!(report.causes, [], "{:#?}", report.causes);
}

#[test]
fn degraded_service_with_hot_cpu_and_tight_memory() {
    let mut evidence = healthy();
    let health = evidence.health.as_mut().unwrap().as_mut().unwrap();
    let body = health.body.as_mut().unwrap();
    body["status"] = "degraded".into();
    body["checks"]["cache"]["l2"]["status"] = "down".into();
    health.total_ms = 180.0;
    let runtime = evidence.runtime.as_mut().unwrap().as_mut().unwrap();
    runtime.cpu.as_mut().unwrap().percent_of_available = 91.0;
    let memory = runtime.memory.as_mut().unwrap();
    memory.limit_bytes = memory.used_bytes * 10 / 7;
    snapshot!("quick-degraded", evidence);
}

#[test]
fn errors_and_a_cold_cache() {
    let mut evidence = healthy();
    let window = evidence.metrics.as_mut().unwrap().as_mut().unwrap();
    let second = window.second.as_mut().unwrap();
    // A thousand reads of keys no tier holds: L1 misses, then storage.
    add(second, "cache_misses_total", &[("tier", "l1")], 1000.0);
    add(second, READS, &[("operation", "get"), ("source", "storage")], 1000.0);
    add(second, "config_operations_total", &[("operation", "get")], 1000.0);
    let operations = second.sum("config_operations_total", &[]).unwrap();
    set(
        second,
        "config_errors_total",
        &[("operation", "get"), ("kind", "unavailable")],
        (operations * 0.05).ceil(),
    );
    let runtime = evidence.runtime.as_mut().unwrap().as_mut().unwrap();
    let logs = runtime.logs.as_mut().unwrap().as_mut().unwrap();
    logs.errors = 2;
    logs.recent_errors =
        vec![r#"{"level":"ERROR","message":"request failed","status":503}"#.into()];
    snapshot!("quick-errors-cold-cache", evidence);
}

/// `config_operation_duration_seconds_count`: one observation per read,
/// labelled with what answered it.
const READS: &str = "config_operation_duration_seconds_count";

/// Sets the series `name{labels}` of `sample` to `value`, adding it when
/// missing.
fn set(sample: &mut MetricsSample, name: &str, labels: &[(&str, &str)], value: f64) {
    let wanted = Series::new(name, labels.iter().copied(), value);
    match sample.series.iter_mut().find(|s| s.name() == name && s.labels() == wanted.labels()) {
        Some(series) => series.value = value,
        None => sample.series.push(wanted),
    }
}

/// Adds `delta` to the series `name{labels}` of `sample` (from 0).
fn add(sample: &mut MetricsSample, name: &str, labels: &[(&str, &str)], delta: f64) {
    let labels_only: Vec<(&str, &str)> = labels.to_vec();
    let now = sample.matching(name, &labels_only).map(|s| s.value).sum::<f64>();
    set(sample, name, labels, now + delta);
}

/// Makes `/health` say that `tier` is enabled (and up) or not, as the
/// edited metrics do.
fn health_tier(evidence: &mut Evidence, tier: &str, enabled: bool) {
    let probe = evidence.health.as_mut().unwrap().as_mut().unwrap();
    let block = &mut probe.body.as_mut().unwrap()["checks"]["cache"][tier];
    block["enabled"] = enabled.into();
    if tier == "l2" {
        block["status"] = if enabled { "up" } else { "disabled" }.into();
    }
}

/// The healthy run's two scrapes, for editing.
fn scrapes(evidence: &mut Evidence) -> (&mut MetricsSample, &mut MetricsSample) {
    let window = evidence.metrics.as_mut().unwrap().as_mut().unwrap();
    (&mut window.first, window.second.as_mut().unwrap())
}

fn finding<'a>(report: &'a Report, code: &str) -> &'a Finding {
    report.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no {code}"))
}

/// Asserts `code`'s status and that its summary holds `words`.
fn expect(report: &Report, code: &str, status: Status, words: &str) {
    let finding = finding(report, code);
    assert_eq!(finding.status, status, "{code}: {}", finding.summary);
    assert!(finding.summary.contains(words), "{code}: {} lacks {words:?}", finding.summary);
}

const QUICK_AND_CACHE: &[Section] = &[Section::Quick, Section::Cache, Section::Checklist];

#[test]
fn a_hot_key_with_a_few_cold_ones_behind_l1_and_l2_is_healthy() {
    // 300 reads of a hot key from L1, 33 first reads of cold keys that
    // miss L1, then L2 (which has not seen them either), then storage.
    let mut evidence = healthy();
    health_tier(&mut evidence, "l2", true);
    let (first, second) = scrapes(&mut evidence);
    for tier_counter in ["cache_hits_total", "cache_misses_total"] {
        set(first, tier_counter, &[("tier", "l2")], 0.0);
    }
    add(second, "cache_hits_total", &[("tier", "l1")], 161.0);
    add(second, "cache_misses_total", &[("tier", "l1")], 33.0);
    set(second, "cache_hits_total", &[("tier", "l2")], 0.0);
    set(second, "cache_misses_total", &[("tier", "l2")], 33.0);
    add(second, READS, &[("operation", "get"), ("source", "l1")], 161.0);
    add(second, READS, &[("operation", "get"), ("source", "storage")], 33.0);
    add(second, "config_operations_total", &[("operation", "get")], 194.0);
    let report = judge(&evidence, QUICK_AND_CACHE);
    let judged = "reads answered from a cache: 90.1% (300 of 333 reads over the last 1s)";
    expect(&report, "cache.hit-rate", Status::Ok, judged);
    expect(&report, "quick.cache-hit-rate", Status::Ok, judged);
    expect(&report, "checklist.cache-hit-rate", Status::Ok, "90.1%");
    // L2's own rate is context: it saw only L1's misses.
    expect(&report, "cache.l2-hit-rate", Status::Ok, "L2 0% (0 of 33 lookups over the last 1s)");
    expect(&report, "cache.l1-hit-rate", Status::Ok, "L1 90.1% (300 of 333 lookups");
    for finding in report.findings.iter().filter(|f| f.section == "cache") {
        assert_eq!(finding.status, Status::Ok, "{}: {}", finding.code, finding.summary);
    }
}

#[test]
fn a_truly_cold_cache_is_critical() {
    let mut evidence = healthy();
    let (_, second) = scrapes(&mut evidence);
    add(second, "cache_misses_total", &[("tier", "l1")], 200.0);
    add(second, READS, &[("operation", "get"), ("source", "storage")], 200.0);
    add(second, "config_operations_total", &[("operation", "get")], 200.0);
    let report = judge(&evidence, QUICK_AND_CACHE);
    let judged = "41% (139 of 339 reads over the last 1s); by source: L1 139, L2 0, storage 200";
    expect(&report, "cache.hit-rate", Status::Critical, judged);
    expect(&report, "quick.cache-hit-rate", Status::Critical, judged);
    expect(&report, "checklist.cache-hit-rate", Status::Warning, "41%");
    expect(&report, "cache.l1-hit-rate", Status::Ok, "L1 41% (139 of 339 lookups");
}

#[test]
fn a_disabled_l1_leaves_the_hit_rate_to_l2() {
    let mut evidence = healthy();
    health_tier(&mut evidence, "l1", false);
    health_tier(&mut evidence, "l2", true);
    let (first, second) = scrapes(&mut evidence);
    for sample in [first, second] {
        // No L1 series at all; its reads were L2's.
        let l1_reads = sample.sum(READS, &[("source", "l1")]).unwrap();
        sample.series.retain(|s| s.label("tier") != Some("l1"));
        set(sample, READS, &[("operation", "get"), ("source", "l1")], 0.0);
        set(sample, READS, &[("operation", "get"), ("source", "l2")], l1_reads);
        set(sample, "cache_hits_total", &[("tier", "l2")], l1_reads);
        set(sample, "cache_misses_total", &[("tier", "l2")], 0.0);
    }
    let report = judge(&evidence, QUICK_AND_CACHE);
    expect(&report, "cache.hit-rate", Status::Ok, "100% (139 of 139 reads over the last 1s)");
    expect(&report, "cache.l1-hit-rate", Status::Ok, "L1 is not enabled");
    // L2 sees every read now, so its own rate is judged.
    let l2 = finding(&report, "cache.l2-hit-rate");
    assert!(l2.summary.starts_with("L2 answers every read (L1 is off)"), "{}", l2.summary);
    assert!(l2.threshold.as_ref().unwrap().bounds().is_some(), "{:?}", l2.threshold);

    // Without L2 either, every read goes to storage.
    health_tier(&mut evidence, "l2", false);
    let (first, second) = scrapes(&mut evidence);
    for sample in [first, second] {
        let l2_reads = sample.sum(READS, &[("source", "l2")]).unwrap();
        sample.series.retain(|s| s.label("tier") != Some("l2"));
        set(sample, READS, &[("operation", "get"), ("source", "l2")], 0.0);
        set(sample, READS, &[("operation", "get"), ("source", "storage")], l2_reads);
    }
    let report = judge(&evidence, QUICK_AND_CACHE);
    expect(&report, "cache.hit-rate", Status::Critical, "no cache tier is enabled");
    expect(&report, "cache.l2-hit-rate", Status::Ok, "L2 is not enabled");
}

#[test]
fn too_few_reads_are_not_judged_and_say_the_rule() {
    let mut evidence = healthy();
    let (first, second) = scrapes(&mut evidence);
    // The window saw 3 reads, all from L1, and no other operation.
    for name in ["cache_hits_total", READS, "config_operations_total"] {
        for series in second.series.iter_mut().filter(|s| s.name() == name) {
            let before = first.matching(name, &[]).find(|s| s.labels() == series.labels());
            series.value = before.map_or(0.0, |s| s.value);
        }
    }
    add(second, "cache_hits_total", &[("tier", "l1")], 3.0);
    add(second, READS, &[("operation", "get"), ("source", "l1")], 3.0);
    add(second, "config_operations_total", &[("operation", "get")], 3.0);
    let report = judge(&evidence, QUICK_AND_CACHE);
    let rule = "3 of 3 reads over the last 1s, at least 20 needed (a wider window needs \
                Prometheus (--prometheus-url), a run within 90s of an earlier one, or a longer \
                --window)";
    for code in ["cache.hit-rate", "quick.cache-hit-rate", "checklist.cache-hit-rate"] {
        expect(&report, code, Status::Ok, rule);
        assert!(!finding(&report, code).judged, "{code}");
    }
    expect(
        &report,
        "cache.l1-hit-rate",
        Status::Ok,
        "not judged: L1 3 of 3 lookups over the last 1s, at least 20 needed",
    );
    // Three operations do not make an error rate; the logs show no error.
    expect(
        &report,
        "quick.recent-errors",
        Status::Ok,
        "error rate not judged: 0 of 3 operations over the last 1s, at least 20 needed",
    );
    // A gate that insists on traffic has nothing to judge.
    let mut insisting = Runbook::embedded();
    insisting.ratios.require_traffic = true;
    let checks = checks::select(QUICK_AND_CACHE, &healthy_bundle().requested);
    let (findings, _) = diagnosis::judge(checks, &evidence, &insisting);
    let gate = findings.iter().find(|f| f.code == "cache.hit-rate").unwrap();
    assert_eq!(gate.status, Status::Unknown, "{}", gate.summary);
}

#[test]
fn errors_that_ended_before_the_window_have_ended() {
    let mut evidence = healthy();
    let (first, second) = scrapes(&mut evidence);
    for sample in [first, second] {
        set(sample, "config_errors_total", &[("operation", "put"), ("kind", "unavailable")], 32.0);
    }
    let report = judge(&evidence, &[Section::Quick]);
    expect(
        &report,
        "quick.recent-errors",
        Status::Ok,
        "error rate 0% (0 of 139 operations over the last 1s); 32 errors in 221 operations since \
         the service started, none in the last 1s: the incident has ended",
    );
    // Without a second scrape nor logs, nothing says whether they go on.
    evidence.metrics.as_mut().unwrap().as_mut().unwrap().second = None;
    evidence.runtime = None;
    let report = judge(&evidence, &[Section::Quick]);
    let finding = finding(&report, "quick.recent-errors");
    assert_eq!(finding.status, Status::Unknown, "{}", finding.summary);
    // The first scrape's totals: 32 reads and 50 writes.
    let totals = "32 errors in 82 operations since the service started;";
    assert!(finding.summary.contains(totals), "{}", finding.summary);
}

/// Prometheus evidence answering `answers`, each with one series.
fn prometheus(answers: &[(Query, QueryAnswer)]) -> PrometheusEvidence {
    PrometheusEvidence {
        url: "http://prometheus:9091/".into(),
        evaluated_at: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
        window_seconds: 300.0,
        results: answers
            .iter()
            .map(|(query, answer)| {
                let result =
                    QueryResult { promql: query.promql(RANGE), answer: Ok(answer.clone()) };
                (query.key(), result)
            })
            .collect(),
    }
}

fn one(value: f64) -> QueryAnswer {
    QueryAnswer::Data { samples: vec![QuerySample { labels: Default::default(), value }] }
}

#[test]
fn prometheus_judges_the_error_and_hit_rates_over_five_minutes() {
    let by_source = |l1, storage| QueryAnswer::Data {
        samples: [("l1", l1), ("l2", 0.0), ("storage", storage)]
            .into_iter()
            .map(|(source, value)| QuerySample {
                labels: [("source".to_owned(), source.to_owned())].into(),
                value,
            })
            .collect(),
    };
    // A burst over the last five minutes that the 1s sampling window missed.
    let mut evidence = healthy();
    evidence.prometheus = Some(Ok(prometheus(&[
        (Query::ConfigOperations, one(400.0)),
        (Query::ConfigErrors, one(20.0)),
        (Query::ReadsBySource, by_source(380.0, 20.0)),
    ])));
    let report = judge(&evidence, &[Section::Quick, Section::Cache]);
    expect(
        &report,
        "quick.recent-errors",
        Status::Critical,
        "error rate 5% (20 of 400 operations over the last 300s)",
    );
    assert!(finding(&report, "quick.recent-errors").evidence.starts_with("prometheus"));
    expect(&report, "cache.hit-rate", Status::Ok, "95% (380 of 400 reads over the last 300s)");
    // Five operations in five minutes are too few; the logs show no error.
    evidence.prometheus = Some(Ok(prometheus(&[
        (Query::ConfigOperations, one(5.0)),
        (Query::ConfigErrors, one(1.0)),
    ])));
    let report = judge(&evidence, &[Section::Quick]);
    expect(
        &report,
        "quick.recent-errors",
        Status::Ok,
        "error rate not judged: 1 of 5 operations over the last 300s, at least 20 needed;",
    );
    // No data for the operations sends the rate to the sampling window.
    evidence.prometheus = Some(Ok(prometheus(&[(Query::ConfigOperations, QueryAnswer::NoData)])));
    let report = judge(&evidence, &[Section::Quick]);
    expect(&report, "quick.recent-errors", Status::Ok, "0 of 139 operations over the last 1s");
}

#[test]
fn every_source_down() {
    let evidence = Evidence {
        collected_at: None,
        metrics: Some(Err(SourceError::Unavailable(
            "http://h:9090/metrics: connection refused".into(),
        ))),
        health: Some(Err(SourceError::TimedOut(
            "/health gave no answer within the 5000ms deadline".into(),
        ))),
        runtime: Some(Err(SourceError::Unavailable(
            "no process named llm-config-server runs on this host".into(),
        ))),
        ..Evidence::default()
    };
    snapshot!("quick-sources-down", evidence);
}

#[test]
fn every_section_from_the_healthy_run() {
    snapshot!("all-healthy", healthy(), EVERY_SECTION);
}

#[test]
fn every_section_with_an_evicting_cache_and_slow_requests() {
    let mut evidence = healthy();
    let window = evidence.metrics.as_mut().unwrap().as_mut().unwrap();
    let second = window.second.as_mut().unwrap();
    let evicted = [("tier", "l1"), ("cause", "size")];
    second.series.push(Series::new("cache_evictions_total", evicted, 40.0));
    let runtime = evidence.runtime.as_mut().unwrap().as_mut().unwrap();
    let logs = runtime.logs.as_mut().unwrap().as_mut().unwrap();
    logs.slowest = vec![diagnosis::evidence::SlowLine {
        duration_ms: 850.0,
        line: r#"{"level":"INFO","route":"/api/v1/configs/{namespace}/{key}","duration_ms":850.0}"#
            .into(),
    }];
    let process = runtime.process.as_mut().unwrap();
    process.open_fds = Some(900);
    process.fd_limit = Some(1024);
    snapshot!("all-evicting-slow", evidence, EVERY_SECTION);
}

/// Every series of an exposition fixture, as the metrics source keeps them.
fn series_of(fixture: &str) -> Vec<Series> {
    let path = format!("{}/fixtures/exposition/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let exposition = diagnosis::exposition::Exposition::parse(&text).unwrap();
    llmcfg_doctor::sources::metrics::owned_series(&exposition)
}

/// `--metrics-url` at Prometheus's own `/metrics` (a real recording) while
/// `/health` is the service's, with L1 enabled: every check that reads
/// metrics is UNKNOWN with that reason; none says a tier is not enabled.
#[test]
fn every_section_with_the_metrics_of_another_program() {
    let mut evidence = healthy();
    let window = evidence.metrics.as_mut().unwrap().as_mut().unwrap();
    window.url = "http://prometheus:9090/metrics".into();
    window.first.series = series_of("prometheus-server.prom");
    window.second.as_mut().unwrap().series = series_of("prometheus-server.prom");
    let sections = [&[Section::Quick][..], EVERY_SECTION].concat();
    snapshot!("all-foreign-metrics", evidence, &sections);
}

/// `/health` says L1 is enabled, the service's metrics count no L1 lookup:
/// the two views disagree, a WARNING with both.
#[test]
fn health_and_metrics_disagree_on_the_l1_tier() {
    let mut evidence = healthy();
    let window = evidence.metrics.as_mut().unwrap().as_mut().unwrap();
    for sample in [Some(&mut window.first), window.second.as_mut()].into_iter().flatten() {
        sample.series.retain(|s| s.label("tier") != Some("l1"));
    }
    snapshot!("cache-l1-disagreement", evidence, &[Section::Cache]);
}

/// The other way round: `/health` says L1 is off, the metrics count its
/// lookups.
#[test]
fn health_says_l1_is_off_while_the_metrics_count_it() {
    let mut evidence = healthy();
    let health = evidence.health.as_mut().unwrap().as_mut().unwrap();
    health.body.as_mut().unwrap()["checks"]["cache"]["l1"]["enabled"] = false.into();
    snapshot!("cache-l1-off-in-health", evidence, &[Section::Cache]);
}

/// A container the engine keeps restarting, and one whose health check
/// fails while it runs: each is a finding by its state alone.
#[test]
fn a_restarting_or_unhealthy_container_is_critical_by_its_state() {
    let docker = |state: &str, detail: Option<&str>, health: Option<&str>| {
        let mut evidence = healthy();
        let runtime = evidence.runtime.as_mut().unwrap().as_mut().unwrap();
        runtime.kind = diagnosis::evidence::RuntimeKind::Docker;
        runtime.name = "llm-config-manager".into();
        runtime.state = state.into();
        runtime.health = health.map(Into::into);
        runtime.restarts = Some(5);
        runtime.replicas = vec![diagnosis::evidence::ReplicaState {
            name: "llm-config-manager".into(),
            state: state.into(),
            detail: detail.map(Into::into),
            health: health.map(Into::into),
            since: Some("2026-11-27T09:40:02Z".parse().unwrap()),
            address: None,
        }];
        evidence
    };
    snapshot!("quick-container-restarting", docker("restarting", Some("exit code 137"), None));
    snapshot!("quick-container-unhealthy", docker("running", None, Some("unhealthy")));
}

/// Prometheus evidence answering the two request-rate queries.
fn prometheus_rates(last_minute: f64, five_minutes: f64) -> PrometheusEvidence {
    prometheus(&[
        (Query::HttpRequestRateLastMinute, one(last_minute)),
        (Query::HttpRequestRate, one(five_minutes)),
    ])
}

#[test]
fn rising_traffic_with_a_busy_cpu_is_a_warning() {
    let runbook = Runbook::embedded();
    let request_rate = checks::all().find(|check| check.code == "cpu.request-rate").unwrap();
    let mut evidence = healthy();
    evidence.prometheus = Some(Ok(prometheus_rates(150.0, 100.0)));
    let calm = request_rate.run(&evidence, &runbook);
    assert_eq!(calm.status, Status::Ok, "{}", calm.summary);
    assert!(
        calm.summary.contains("rising: 150/s over the last minute against 100/s over five"),
        "{}",
        calm.summary
    );
    let runtime = evidence.runtime.as_mut().unwrap().as_mut().unwrap();
    runtime.cpu.as_mut().unwrap().percent_of_available = 65.0;
    let busy = request_rate.run(&evidence, &runbook);
    assert_eq!(busy.status, Status::Warning, "{}", busy.summary);
    evidence.prometheus = Some(Ok(prometheus_rates(100.0, 100.0)));
    assert_eq!(request_rate.run(&evidence, &runbook).status, Status::Ok);
}

#[test]
fn requests_refused_by_the_rate_limit_point_at_it() {
    let mut evidence = healthy();
    let window = evidence.metrics.as_mut().unwrap().as_mut().unwrap();
    let second = window.second.as_mut().unwrap();
    // A series new in the window counts from zero: 50 requests refused.
    let refused =
        [("method", "GET"), ("route", "/api/v1/configs/{namespace}/{key}"), ("status", "429")];
    second.series.push(Series::new("http_requests_total", refused, 50.0));
    let report = judge(&evidence, &[Section::Quick]);
    let causes: Vec<&str> = report.causes.iter().map(|c| c.cause.as_str()).collect();
    assert_eq!(causes, ["rate-limited"], "{:#?}", report.causes);
    let refused = &report.causes[0].supported_by[0];
    assert_eq!(refused.code, "rate-limited-percent");
    assert!(refused.value.unwrap() > 1.0, "{refused:?}");
    assert!(refused.text.contains(" over "), "names its window: {}", refused.text);
}
