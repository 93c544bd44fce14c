//! Conformance tests on the fixtures under `fixtures/exposition/` (hand-
//! written ones and captures of real `/metrics` endpoints), a differential
//! test against `prometheus-parse` 0.2 on the lines it handles, and a
//! mutation fuzz loop asserting the parser never panics.

use std::collections::BTreeMap;

use diagnosis::exposition::{Exposition, Format, MetricFamily, MetricType, ParseError};

const FIXTURES: [&str; 7] = [
    "text-0.0.4.prom",
    "openmetrics.om.txt",
    "edge-cases.prom",
    "prometheus-server.prom",
    "prometheus-server-accept-openmetrics.prom",
    "python-client.prom",
    "python-client.om.txt",
];

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/exposition/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(text: &str) -> Exposition<'_> {
    Exposition::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

fn family<'e>(exp: &'e Exposition<'_>, name: &str) -> &'e MetricFamily<'e> {
    exp.family(name).unwrap_or_else(|| panic!("no family {name}"))
}

/// The values of the samples named `name` whose labels match `filter`.
fn values(exp: &Exposition<'_>, name: &str, filter: &[(&str, &str)]) -> Vec<f64> {
    exp.samples(name).filter(|s| s.matches(filter)).map(|s| s.value).collect()
}

/// Lines that are neither blank nor comments.
fn sample_lines(text: &str) -> usize {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).count()
}

fn total_samples(exp: &Exposition<'_>) -> usize {
    exp.families().iter().map(|f| f.samples().len()).sum()
}

#[test]
fn every_fixture_parses_and_keeps_every_sample() {
    for name in FIXTURES {
        let text = fixture(name);
        let exp = Exposition::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(total_samples(&exp), sample_lines(&text), "{name}");
        let expected = if name.ends_with(".om.txt") { Format::OpenMetrics } else { Format::Text };
        assert_eq!(exp.format(), expected, "{name}");
    }
}

#[test]
fn text_fixture() {
    let text = fixture("text-0.0.4.prom");
    let exp = parse(&text);

    let requests = family(&exp, "http_requests_total");
    assert_eq!(requests.metric_type, MetricType::Counter);
    assert_eq!(requests.help.as_deref(), Some("The total number of HTTP requests."));
    let first = requests.samples().next().unwrap();
    assert_eq!(first.timestamp, Some(1_395_066_363.0));
    assert_eq!(first.label("code").as_deref(), Some("200"));
    assert_eq!(exp.sum("http_requests_total", &[]), Some(21473.0));
    assert_eq!(exp.sum("http_requests_total", &[("method", "post")]), Some(1030.0));
    assert_eq!(
        exp.sum("http_requests_total", &[("code", "200"), ("method", "get")]),
        Some(20431.0)
    );
    assert_eq!(exp.sum("http_requests_total", &[("code", "404")]), Some(0.0));
    assert_eq!(exp.sum("http_requests_missing", &[]), None);
    // The counter is also found by its name without `_total`.
    assert_eq!(exp.sum("http_requests", &[]), Some(21473.0));

    let nan = values(&exp, "cache_hit_ratio", &[("cache", "l2")]);
    assert!(nan[0].is_nan());
    let weird = exp.samples("something_weird").next().unwrap();
    assert_eq!(weird.value, f64::INFINITY);
    assert_eq!(weird.timestamp, Some(-3982.045));
    assert_eq!(
        family(&exp, "metric_without_timestamp_and_labels").metric_type,
        MetricType::Untyped
    );
    assert_eq!(family(&exp, "legacy_queue_length").metric_type, MetricType::Untyped);

    let durations = family(&exp, "http_request_duration_seconds_bucket");
    assert_eq!(durations.name, "http_request_duration_seconds");
    let histograms = durations.histograms();
    assert_eq!(histograms.len(), 2);
    let query = &histograms[0];
    assert_eq!(query.labels.len(), 1);
    assert_eq!(query.labels[0].name, "handler");
    assert_eq!(query.labels[0].value, "/api/v1/query");
    assert_eq!(
        query.buckets,
        vec![
            (0.05, 24054.0),
            (0.1, 33444.0),
            (0.2, 100392.0),
            (0.5, 129389.0),
            (1.0, 133988.0),
            (f64::INFINITY, 144320.0),
        ]
    );
    assert_eq!(query.sum, Some(53423.0));
    assert_eq!(query.count, Some(144320.0));
    assert_eq!(query.created, None);
    let median = query.quantile(0.5).unwrap();
    assert!((median - 0.157_83).abs() < 1e-5, "{median}");
    assert_eq!(query.quantile(0.99), Some(1.0));
    assert!(histograms[1].labels[0].value == "/metrics");

    let rpc = family(&exp, "rpc_duration_seconds_count");
    assert_eq!(rpc.metric_type, MetricType::Summary);
    let summaries = rpc.summaries();
    assert_eq!(summaries.len(), 1);
    assert!(summaries[0].labels.is_empty());
    assert_eq!(summaries[0].quantiles.len(), 5);
    assert_eq!(summaries[0].quantiles[0], (0.01, 3102.0));
    assert_eq!(summaries[0].sum, Some(1.7560473e7));
    assert_eq!(summaries[0].count, Some(2693.0));
    assert!(rpc.histograms().is_empty());
    assert!(durations.summaries().is_empty());
}

#[test]
fn openmetrics_fixture() {
    let text = fixture("openmetrics.om.txt");
    let exp = parse(&text);
    assert_eq!(exp.format(), Format::OpenMetrics);

    let acme = family(&exp, "acme_http_router_request_seconds");
    assert_eq!(acme.metric_type, MetricType::Summary);
    assert_eq!(acme.unit.as_deref(), Some("seconds"));
    let summaries = acme.summaries();
    assert_eq!(summaries.len(), 2);
    assert_eq!(summaries[1].labels.len(), 2);
    assert_eq!(summaries[1].sum, Some(479.3));
    assert_eq!(summaries[1].count, Some(34.0));
    assert_eq!(summaries[1].created, Some(1605281325.0));
    assert!(summaries[1].quantiles.is_empty());

    let cpu = family(&exp, "process_cpu_seconds_total");
    assert_eq!(cpu.name, "process_cpu_seconds");
    assert_eq!(cpu.metric_type, MetricType::Counter);
    assert_eq!(exp.sum("process_cpu_seconds_total", &[]), Some(4.20072246e6));
    assert_eq!(exp.sum("process_cpu_seconds", &[]), Some(4.20072246e6));

    // `_total` and `_created` attach to the counter declared without `_total`;
    // exemplars are skipped and timestamps are seconds.
    let foo = family(&exp, "foo");
    assert_eq!(foo.metric_type, MetricType::Counter);
    let names: Vec<&str> = foo.samples().map(|s| s.name).collect();
    assert_eq!(names, ["foo_total", "foo_created", "foo_total", "foo_created"]);
    let first = foo.samples().next().unwrap();
    assert_eq!(first.value, 17.0);
    assert_eq!(first.timestamp, Some(1520879607.789));
    assert_eq!(exp.sum("foo_total", &[]), Some(20.0));
    assert_eq!(exp.sum("foo", &[("a", "2")]), Some(3.0));
    assert_eq!(exp.sum("foo_created", &[("a", "1")]), Some(1520430000.123));

    let latency = family(&exp, "request_latency_seconds").histograms();
    assert_eq!(latency.len(), 1);
    assert_eq!(latency[0].buckets.len(), 4);
    assert_eq!(latency[0].buckets[2], (1.0, 17.0));
    assert_eq!(latency[0].count, Some(17.0));
    assert_eq!(latency[0].created, Some(1520430000.123));

    let queue = family(&exp, "queue_wait_seconds");
    assert_eq!(queue.metric_type, MetricType::GaugeHistogram);
    let queue = queue.histograms();
    assert_eq!(queue[0].sum, Some(0.5));
    assert_eq!(queue[0].count, Some(27.0));
    assert_eq!(queue[0].buckets.last(), Some(&(f64::INFINITY, 27.0)));

    let build = family(&exp, "build_info");
    assert_eq!(build.name, "build");
    assert_eq!(build.metric_type, MetricType::Info);
    let info = build.samples().next().unwrap();
    assert_eq!(info.label("commit").as_deref(), Some("deadbeef"));

    let door = family(&exp, "door");
    assert_eq!(door.metric_type, MetricType::StateSet);
    assert_eq!(exp.sum("door", &[("door", "open")]), Some(1.0));
    assert_eq!(family(&exp, "mystery").metric_type, MetricType::Untyped);
    assert_eq!(exp.sum("mystery", &[]), Some(f64::NEG_INFINITY));
}

#[test]
fn edge_case_fixture() {
    let text = fixture("edge-cases.prom");
    let exp = parse(&text);

    let rule = family(&exp, "job:request_errors:rate5m");
    assert_eq!(rule.metric_type, MetricType::Gauge);
    assert_eq!(rule.help.as_deref(), Some("Errors per second; help with a \\ backslash"));
    let samples: Vec<_> = rule.samples().collect();
    assert_eq!(samples[0].label("job").as_deref(), Some("api:v1"));
    assert_eq!(samples[0].label("le:gacy").as_deref(), Some("x"));
    assert!(samples[1].labels.is_empty());

    let escaped = family(&exp, "escaped_help");
    assert_eq!(
        escaped.help.as_deref(),
        Some("First line\nsecond line, a backslash \\ and a \"quote\".")
    );
    let s: Vec<_> = escaped.samples().collect();
    assert_eq!(s.len(), 5);
    assert_eq!(s[0].label("path").as_deref(), Some("C:\\dir\\file"));
    assert_eq!(s[0].label("quote").as_deref(), Some("say \"hi\""));
    assert_eq!(s[0].label("nl").as_deref(), Some("a\nb"));
    assert_eq!(s[1].label("punct").as_deref(), Some("a,b=c}d{e"));
    assert_eq!(s[1].label("spaces").as_deref(), Some("  x  y  "));
    assert_eq!(s[1].label("unicode").as_deref(), Some("héllo → 世界 🎉"));
    assert_eq!(s[2].label("hash").as_deref(), Some("# not an exemplar"));
    assert_eq!(s[2].label("trailing").as_deref(), Some("comma"));
    assert_eq!(s[2].labels.iter().count(), 2);
    assert_eq!(s[2].value, 4.0);
    assert_eq!(s[3].label("empty").as_deref(), Some(""));
    assert_eq!(s[4].label("spaced").as_deref(), Some("out"));
    assert_eq!(s[4].label("tabs").as_deref(), Some("in"));
    assert_eq!(s[4].value, 6.0);
    assert_eq!(s[4].timestamp, Some(1_700_000_000.0));
    // The empty-value filter matches an absent label, as in PromQL.
    assert_eq!(exp.sum("escaped_help", &[("empty", "")]), Some(20.0));

    let odd = |v: &str| values(&exp, "odd_values", &[("v", v)])[0];
    assert_eq!(odd("exp"), 1500.0);
    assert_eq!(odd("neg_exp"), -2e-7);
    assert_eq!(odd("pos_inf"), f64::INFINITY);
    assert_eq!(odd("neg_inf"), f64::NEG_INFINITY);
    assert!(odd("nan").is_nan());
    assert_eq!(odd("int"), -42.0);
    assert_eq!(odd("big"), 18446744073709551616.0);
    assert_eq!(odd("leading_dot"), 0.5);
}

#[test]
fn prometheus_server_captures() {
    for name in ["prometheus-server.prom", "prometheus-server-accept-openmetrics.prom"] {
        let text = fixture(name);
        let exp = parse(&text);
        assert_eq!(exp.format(), Format::Text);

        let requests = family(&exp, "prometheus_http_requests_total");
        assert_eq!(requests.metric_type, MetricType::Counter);
        // The capture script polled /-/ready until the server was up.
        let ready =
            exp.sum("prometheus_http_requests_total", &[("handler", "/-/ready"), ("code", "200")]);
        assert_eq!(ready, Some(1.0), "{name}");
        let none = exp.sum("prometheus_http_requests_total", &[("code", "999")]);
        assert_eq!(none.map(f64::to_bits), Some(0.0f64.to_bits()), "{name}");

        let durations = family(&exp, "prometheus_http_request_duration_seconds");
        assert_eq!(durations.metric_type, MetricType::Histogram);
        let histograms = durations.histograms();
        assert!(!histograms.is_empty());
        for histogram in &histograms {
            assert!(histogram.labels.iter().all(|l| l.name != "le"));
            let (last_bound, last_count) = *histogram.buckets.last().unwrap();
            assert_eq!(last_bound, f64::INFINITY);
            assert_eq!(Some(last_count), histogram.count);
            assert!(histogram.sum.is_some());
            assert!(histogram.buckets.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(histogram.buckets.windows(2).all(|w| w[0].1 <= w[1].1));
        }

        let gc = family(&exp, "go_gc_duration_seconds");
        assert_eq!(gc.metric_type, MetricType::Summary);
        let gc = gc.summaries();
        assert_eq!(gc.len(), 1);
        assert_eq!(gc[0].quantiles.len(), 5);
        assert!(gc[0].count.is_some() && gc[0].sum.is_some());

        let build = family(&exp, "prometheus_build_info");
        let build = build.samples().next().unwrap();
        assert_eq!(build.label("branch").as_deref(), Some("debian/sid"));
        assert_eq!(build.value, 1.0);

        // Every declared family is found by its name and every sample has a
        // declared family (the server writes a TYPE line for each).
        for declared in text.lines().filter_map(|l| l.strip_prefix("# TYPE ")) {
            let family_name = declared.split(' ').next().unwrap();
            assert!(exp.families().iter().any(|f| f.name == family_name));
        }
        assert!(exp.families().iter().all(|f| f.metric_type != MetricType::Untyped));
    }
}

#[test]
fn python_client_captures() {
    let text = fixture("python-client.om.txt");
    let exp = parse(&text);
    assert_eq!(exp.format(), Format::OpenMetrics);
    let requests = family(&exp, "app_requests");
    assert_eq!(requests.metric_type, MetricType::Counter);
    assert_eq!(exp.sum("app_requests_total", &[]), Some(4.5));
    assert_eq!(exp.sum("app_requests_total", &[("path", "/a,b=c}")]), Some(3.0));
    assert_eq!(
        exp.sum("app_requests_total", &[("path", "quote\"back\\slash\nnewline")]),
        Some(1.5)
    );
    assert_eq!(exp.samples("app_requests_created").count(), 2);

    let latency = family(&exp, "app_latency_seconds").histograms();
    assert_eq!(latency.len(), 1);
    assert_eq!(latency[0].labels.len(), 1);
    assert_eq!(latency[0].buckets.len(), 6);
    assert_eq!(latency[0].buckets[4], (10.0, 3.0));
    assert_eq!(latency[0].count, Some(3.0));
    assert_eq!(latency[0].sum, Some(2.053));
    assert!(latency[0].created.is_some());

    let payload = family(&exp, "app_payload_bytes");
    assert_eq!(payload.unit.as_deref(), Some("bytes"));
    assert_eq!(payload.summaries()[0].count, Some(2.0));
    assert_eq!(family(&exp, "app_build").metric_type, MetricType::Info);
    assert_eq!(family(&exp, "app_state").metric_type, MetricType::StateSet);
    // The client's escaping quirk: the declared family stays empty and the
    // sample forms its own untyped family.
    assert_eq!(family(&exp, "app:queue_depth").samples().len(), 0);
    assert_eq!(family(&exp, "app_queue_depth").metric_type, MetricType::Untyped);

    // In 0.0.4 the client writes `_created` as separate gauges and keeps the
    // colon in the name.
    let text = fixture("python-client.prom");
    let exp = parse(&text);
    assert_eq!(family(&exp, "app_requests_created").metric_type, MetricType::Gauge);
    assert_eq!(exp.sum("app_requests_total", &[]), Some(4.5));
    assert_eq!(exp.sum("app:queue_depth", &[]), Some(-7.25));
}

#[test]
fn parse_as_and_content_type() {
    let text = fixture("openmetrics.om.txt");
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    let exp = Exposition::parse_as(&text, Format::from_content_type(content_type)).unwrap();
    assert_eq!(exp.format(), Format::OpenMetrics);

    // A truncated OpenMetrics body is reported when OpenMetrics is asked for.
    let truncated = &text[..text.find("# TYPE door").unwrap()];
    let err = Exposition::parse_as(truncated, Format::OpenMetrics).unwrap_err();
    assert!(err.reason.contains("EOF"), "{err}");
    // Taken as 0.0.4 the float timestamps are read as milliseconds.
    let exp = Exposition::parse_as(truncated, Format::Text).unwrap();
    let foo = exp.samples("foo_total").next().unwrap();
    assert_eq!(foo.timestamp, Some(1520879607.789 / 1000.0));
}

#[test]
fn errors_name_the_line() {
    let cases: [(&str, usize, &str); 8] = [
        ("a 1\nb{x=\"1\" 2\n", 2, "expected ',' or '}'"),
        ("a 1\n\n\nb 1 2 3\n", 4, "unexpected text after timestamp"),
        ("a{x=\"unterminated} 1\n", 1, "unterminated value"),
        ("# TYPE a histogramm\na 1\n", 1, "unknown metric type"),
        ("a 1\n# TYPE a gauge\n", 2, "after its samples"),
        ("a one\n", 1, "invalid value"),
        ("a 1 soon\n", 1, "invalid timestamp"),
        ("a 1\n# EOF\nb 1\n", 3, "after # EOF"),
    ];
    for (input, line, reason) in cases {
        let err: ParseError = Exposition::parse(input).unwrap_err();
        assert_eq!(err.line, line, "{input:?}: {err}");
        assert!(err.reason.contains(reason), "{input:?}: {err}");
        assert_eq!(err.to_string(), format!("line {line}: {}", err.reason));
    }
}

#[test]
fn into_owned_outlives_the_input() {
    let owned = {
        let text = fixture("edge-cases.prom");
        Exposition::parse(&text).unwrap().into_owned()
    };
    let sample = owned.samples("escaped_help").next().unwrap();
    assert_eq!(sample.label("quote").as_deref(), Some("say \"hi\""));
}

#[test]
fn serializes_to_json() {
    let exp = parse("# HELP m Help.\n# TYPE m counter\nm_total{a=\"x\\\"y\"} 2 1500\n");
    let json = serde_json::to_value(&exp).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "format": "text",
            "families": [{
                "name": "m",
                "metric_type": "counter",
                "help": "Help.",
                "unit": null,
                "samples": [{
                    "name": "m_total",
                    "labels": [{"name": "a", "value": "x\"y"}],
                    "value": 2.0,
                    "timestamp": 1.5,
                }],
            }],
        })
    );
    // JSON has no infinity (serde_json writes `null`), so this round trip
    // uses finite bounds only.
    let histograms =
        parse("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"2\"} 2\nh_count 2\n");
    let histograms = histograms.family("h").unwrap().histograms();
    let json = serde_json::to_string(&histograms).unwrap();
    let back: Vec<diagnosis::exposition::Histogram<'_>> = serde_json::from_str(&json).unwrap();
    assert_eq!(back[0].buckets[0], (1.0, 1.0));
    assert_eq!(back[0].count, Some(2.0));
}

// ---------------------------------------------------------------------------
// Differential test against prometheus-parse 0.2.

/// One sample as (name, labels, value bits), with `le` and `quantile`
/// normalized through f64 since prometheus-parse keeps them as numbers.
type Flat = (String, BTreeMap<String, String>, u64);

fn value_key(value: f64) -> u64 {
    if value.is_nan() { u64::MAX } else { value.to_bits() }
}

fn number_label(value: f64) -> String {
    format!("{value:?}")
}

/// Sorted labels, with `le` and `quantile` values written as f64 would.
fn normalized(labels: impl Iterator<Item = (String, String)>) -> BTreeMap<String, String> {
    labels
        .map(|(name, value)| {
            let value = match (name.as_str(), value.parse::<f64>()) {
                ("le" | "quantile", Ok(number)) => number_label(number),
                _ => value,
            };
            (name, value)
        })
        .collect()
}

fn ours_flat(text: &str) -> Vec<Flat> {
    let exp = parse(text);
    let mut out = Vec::new();
    for family in exp.families() {
        for sample in family.samples() {
            let labels = normalized(
                sample.labels.iter().map(|l| (l.name.into_owned(), l.value.into_owned())),
            );
            out.push((sample.name.to_string(), labels, value_key(sample.value)));
        }
    }
    out.sort();
    out
}

fn theirs_flat(text: &str) -> Vec<Flat> {
    use prometheus_parse::{Scrape, Value};
    let scrape = Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).unwrap();
    let mut out = Vec::new();
    for sample in scrape.samples {
        let labels = normalized(sample.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
        match sample.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => {
                out.push((sample.metric, labels, value_key(v)));
            }
            Value::Histogram(buckets) => {
                for bucket in buckets {
                    let mut labels = labels.clone();
                    labels.insert("le".into(), number_label(bucket.less_than));
                    out.push((
                        format!("{}_bucket", sample.metric),
                        labels,
                        value_key(bucket.count),
                    ));
                }
            }
            Value::Summary(quantiles) => {
                for quantile in quantiles {
                    let mut labels = labels.clone();
                    labels.insert("quantile".into(), number_label(quantile.quantile));
                    out.push((sample.metric.clone(), labels, value_key(quantile.count)));
                }
            }
        }
    }
    out.sort();
    out
}

/// Whether prometheus-parse reads this sample line correctly: a metric name
/// without `:`, and a non-empty label set of plain `name="value"` pairs
/// whose values hold no `,`, `=`, `}`, `"` or `\` and no blanks around
/// tokens.
fn prometheus_parse_handles(line: &str) -> bool {
    let name_end = line.find(['{', ' ', '\t']).unwrap_or(line.len());
    let name = &line[..name_end];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return false;
    }
    if !line[name_end..].starts_with('{') {
        // A label set after blanks is beyond it too.
        return !line[name_end..].trim_start().starts_with('{');
    }
    let Some(close) = line.find('}') else {
        return false;
    };
    let set = &line[name_end + 1..close];
    if set.is_empty() || set.contains('\\') {
        return false;
    }
    set.split(',').enumerate().all(|(i, pair)| {
        let trailing = pair.is_empty() && i == set.split(',').count() - 1;
        trailing
            || pair.split_once('=').is_some_and(|(k, v)| {
                !k.is_empty()
                    && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    && v.len() >= 2
                    && v.starts_with('"')
                    && v.ends_with('"')
                    && !v[1..v.len() - 1].contains(['"', '='])
            })
    })
}

#[test]
fn differential_against_prometheus_parse() {
    for name in FIXTURES {
        let text = fixture(name);
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with('#') || prometheus_parse_handles(l.trim()))
            .collect();
        let filtered = kept.join("\n") + "\n";
        let ours = ours_flat(&filtered);
        let theirs = theirs_flat(&filtered);
        assert!(!ours.is_empty(), "{name}");
        if name.starts_with("prometheus-server") || name == "text-0.0.4.prom" {
            // Nearly everything there is within prometheus-parse's reach.
            assert!(ours.len() * 10 >= sample_lines(&text) * 9, "{name}");
        }
        assert_eq!(ours.len(), theirs.len(), "{name}");
        for (a, b) in ours.iter().zip(&theirs) {
            assert_eq!(a, b, "{name}");
        }
    }
}

// ---------------------------------------------------------------------------
// Fuzzing by mutation: no input may make the parser panic.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A random char boundary of `text`.
    fn boundary(&mut self, text: &str) -> usize {
        let mut i = self.below(text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

const TOKENS: [&str; 26] = [
    "{",
    "}",
    "\"",
    "\\",
    ",",
    "=",
    "#",
    " ",
    "\t",
    "\n",
    "\r\n",
    "# EOF\n",
    "# TYPE h histogram\n",
    "# HELP h \\",
    "le=\"+Inf\"",
    "quantile=\"x\"",
    "_bucket",
    "_total",
    "_created",
    "NaN",
    "1e309",
    "-",
    "é",
    "\u{0}",
    "# {a=\"b\"} 1 ",
    "{}",
];

fn mutate(rng: &mut Rng, text: &mut String) {
    match rng.below(6) {
        0 => {
            let at = rng.boundary(text);
            text.truncate(at);
        }
        1 => {
            let start = rng.boundary(text);
            let mut end = (start + rng.below(16)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(start..end, "");
        }
        2 | 3 => {
            let at = rng.boundary(text);
            let token = TOKENS[rng.below(TOKENS.len())];
            text.insert_str(at, token);
        }
        4 => {
            let lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let line = lines[rng.below(lines.len())].to_owned();
                let at = rng.boundary(text);
                text.insert_str(at, &line);
            }
        }
        _ => {
            let at = rng.boundary(text);
            let c = char::from(b' ' + rng.below(95) as u8);
            text.insert(at, c);
        }
    }
}

/// Runs every query on a parsed exposition.
fn exercise(exp: &Exposition<'_>) {
    for family in exp.families() {
        for sample in family.samples() {
            for label in sample.labels {
                assert!(sample.label(&label.name).is_some());
            }
            let _ = sample.matches(&[("le", "+Inf"), ("", "")]);
            assert!(exp.family(sample.name).is_some());
        }
        for histogram in family.histograms() {
            for q in [0.0, 0.5, 0.99, 1.0] {
                let _ = histogram.quantile(q);
            }
        }
        let _ = family.summaries();
        let _ = exp.sum(&family.name, &[("a", "b")]);
    }
    serde_json::to_string(exp).unwrap();
    let _ = exp.clone().into_owned();
}

#[test]
fn fuzzed_inputs_never_panic() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut parsed = 0;
    let mut rejected = 0;
    for name in FIXTURES {
        let original = fixture(name);
        for _ in 0..600 {
            let mut text = original.clone();
            for _ in 0..1 + rng.below(4) {
                mutate(&mut rng, &mut text);
            }
            let lines = text.split('\n').count();
            for result in [
                Exposition::parse(&text),
                Exposition::parse_as(&text, Format::Text),
                Exposition::parse_as(&text, Format::OpenMetrics),
            ] {
                match result {
                    Ok(exp) => {
                        parsed += 1;
                        exercise(&exp);
                    }
                    Err(err) => {
                        rejected += 1;
                        assert!(err.line >= 1 && err.line <= lines, "{err}");
                        assert!(!err.to_string().contains(['\n', '\r']), "{err:?}");
                    }
                }
            }
        }
    }
    // Random bytes.
    for _ in 0..2000 {
        let bytes: Vec<u8> = (0..rng.below(200)).map(|_| rng.next() as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(exp) = Exposition::parse(&text) {
            exercise(&exp);
        }
    }
    assert!(parsed > 1000 && rejected > 1000, "{parsed} {rejected}");
}
