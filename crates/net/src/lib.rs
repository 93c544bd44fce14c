//! What the network clients of both programs share: the process-wide TLS
//! provider (rustls with ring), TLS for PostgreSQL sessions with libpq's
//! meaning of `sslmode` ([`pg_tls`]), and errors printed with their causes
//! on one line ([`error_chain`]).
//!
//! The server's storage and the doctor's probes open PostgreSQL sessions
//! the same way; this crate is that one way, and nothing else of either
//! program.

pub mod pg_tls;

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
