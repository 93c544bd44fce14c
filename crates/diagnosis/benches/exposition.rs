//! Throughput of `diagnosis::exposition::Exposition::parse` (alone, and followed by
//! decoding every label) against `prometheus_parse::Scrape::parse` on one
//! generated 200 000-line exposition: histograms with 14 buckets, counters
//! with four labels and gauges, each family with HELP and TYPE.

use std::fmt::Write as _;
use std::hint::black_box;
use std::io;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use diagnosis::exposition::Exposition;

const LINES: usize = 200_000;

const BUCKETS: [&str; 14] = [
    "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5",
    "10", "+Inf",
];
const METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];
const STATUSES: [&str; 5] = ["200", "201", "404", "429", "500"];
const ROUTES: [&str; 8] = [
    "/v1/configs",
    "/v1/configs/{id}",
    "/v1/configs/{id}/versions",
    "/v1/models",
    "/v1/models/{name}/deploy",
    "/v1/health",
    "/v1/cache/stats",
    "/metrics",
];

/// Appends lines to `out` and stops (returning `false`) once `LINES` are
/// written.
struct Writer {
    out: String,
    lines: usize,
}

impl Writer {
    fn line(&mut self, args: std::fmt::Arguments<'_>) -> bool {
        if self.lines == LINES {
            return false;
        }
        self.out.write_fmt(args).expect("writing to a String");
        self.out.push('\n');
        self.lines += 1;
        true
    }
}

/// A deterministic exposition of exactly `LINES` lines.
fn generate() -> String {
    let mut w = Writer { out: String::with_capacity(LINES * 90), lines: 0 };
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for subsystem in 0.. {
        let name = format!("llmcfg_subsystem{subsystem}_request_duration_seconds");
        w.line(format_args!("# HELP {name} Request latency of subsystem {subsystem}."));
        w.line(format_args!("# TYPE {name} histogram"));
        for method in METHODS {
            for route in ROUTES {
                for status in STATUSES {
                    let labels =
                        format!("method=\"{method}\",route=\"{route}\",status=\"{status}\"");
                    let mut count = 0;
                    for le in BUCKETS {
                        count += next() % 500;
                        if !w.line(format_args!("{name}_bucket{{{labels},le=\"{le}\"}} {count}")) {
                            return w.out;
                        }
                    }
                    let sum = (next() % 10_000_000) as f64 / 997.0;
                    w.line(format_args!("{name}_sum{{{labels}}} {sum}"));
                    w.line(format_args!("{name}_count{{{labels}}} {count}"));
                }
            }
        }
        let name = format!("llmcfg_subsystem{subsystem}_requests_total");
        w.line(format_args!("# HELP {name} Requests handled by subsystem {subsystem}."));
        w.line(format_args!("# TYPE {name} counter"));
        for instance in 0..4 {
            for method in METHODS {
                for route in ROUTES {
                    for status in STATUSES {
                        let value = next() % 100_000_000;
                        w.line(format_args!(
                            "{name}{{instance=\"10.0.0.{instance}:9090\",method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {value}"
                        ));
                    }
                }
            }
        }
        let name = format!("llmcfg_subsystem{subsystem}_cache_bytes");
        w.line(format_args!("# HELP {name} Bytes held in the cache of subsystem {subsystem}."));
        w.line(format_args!("# TYPE {name} gauge"));
        for instance in 0..4 {
            for route in ROUTES {
                let value = (next() % 1_000_000_000) as f64 * 1.5e3;
                w.line(format_args!(
                    "{name}{{instance=\"10.0.0.{instance}:9090\",route=\"{route}\"}} {value:e}"
                ));
            }
        }
    }
    unreachable!("the loop returns once LINES are written")
}

fn parse_with_prometheus_parse(input: &str) -> io::Result<prometheus_parse::Scrape> {
    prometheus_parse::Scrape::parse(input.lines().map(|line| Ok(line.to_owned())))
}

fn bench(c: &mut Criterion) {
    let input = generate();
    let ours = Exposition::parse(&input).expect("the generated exposition parses");
    let samples: usize = ours.families().iter().map(|f| f.samples().len()).sum();
    parse_with_prometheus_parse(&input).expect("prometheus-parse parses the exposition");
    eprintln!(
        "input: {} lines, {} bytes, {} families, {samples} samples",
        input.lines().count(),
        input.len(),
        ours.families().len()
    );

    let mut group = c.benchmark_group("parse_200k_lines");
    group
        .throughput(Throughput::Bytes(input.len() as u64))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("exposition", |b| {
        b.iter(|| Exposition::parse(black_box(&input)).expect("parses"))
    });
    // Labels are decoded lazily; this variant also decodes every label of
    // every sample, as prometheus-parse materializes them.
    group.bench_function("exposition_and_every_label", |b| {
        b.iter(|| {
            let exp = Exposition::parse(black_box(&input)).expect("parses");
            let mut bytes = 0;
            for family in exp.families() {
                for sample in family.samples() {
                    for label in sample.labels {
                        bytes += label.name.len() + label.value.len();
                    }
                }
            }
            black_box(bytes)
        })
    });
    group.bench_function("prometheus_parse", |b| {
        b.iter(|| parse_with_prometheus_parse(black_box(&input)).expect("parses"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
