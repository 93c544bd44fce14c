#![no_main]
//! A scraped `/metrics` body: the Prometheus text and OpenMetrics parser,
//! then what the metrics source does with a parsed exposition.

use diagnosis::exposition::{Exposition, Format};
use libfuzzer_sys::fuzz_target;
use llmcfg_doctor::sources::metrics::{impossible_sample, owned_series};

fn exercise(exposition: &Exposition<'_>) {
    let _ = owned_series(exposition);
    let _ = impossible_sample(exposition);
    for family in exposition.families() {
        for sample in family.samples() {
            for label in sample.labels.iter() {
                let _ = (label.name.len(), label.value.len());
            }
            let _ = sample.label("le");
        }
        for histogram in family.histograms() {
            let _ = histogram.quantile(0.5);
            let _ = histogram.quantile(0.99);
        }
        let _ = family.summaries();
    }
    let _ = exposition.sum("http_requests_total", &[("status", "500")]);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(exposition) = Exposition::parse(text) {
        exercise(&exposition);
        let _ = exposition.into_owned();
    }
    for format in [Format::Text, Format::OpenMetrics] {
        if let Ok(exposition) = Exposition::parse_as(text, format) {
            exercise(&exposition);
        }
    }
});
