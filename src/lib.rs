//! llmcfg-doctor: diagnose the LLM Config Manager against its performance
//! runbook, and `llm-config-server`, the service it diagnoses.
//!
//! The doctor's data flow: a [`plan::Plan`] says where the service lives;
//! [`sources`] collect [`evidence::Evidence`] concurrently under one
//! deadline; [`checks`] judge it against the [`runbook::Runbook`];
//! [`causes`] ranks what the findings point at; [`render`] prints the
//! [`report::Report`]; [`diff`] compares two reports
//! (before and after a fix).

pub mod analysis;
pub mod catalogue;
pub mod causes;
pub mod checks;
pub mod cli;
pub mod contract;
pub mod diagnosis;
pub mod diff;
pub mod doctor;
pub mod evidence;
pub mod exposition;
pub mod pg_tls;
pub mod plan;
pub mod redact;
pub mod render;
pub mod report;
pub mod runbook;
pub mod server;
pub mod settings;
pub mod sources;
pub mod threshold;
pub mod timeline;

/// Installs the process-wide TLS provider (rustls with ring) that every
/// HTTP, PostgreSQL and Kubernetes client uses. Call once at start; later
/// calls do nothing.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// An error and its causes, `a: b: c` (connect errors say little at the top).
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
