#![no_main]
//! PostgreSQL and Redis connection strings from the command line or the
//! service's environment: libpq keyword/value and URL handling, the
//! addresses the network source derives from them, and redaction.
//!
//! Invariant: a password put in a connection string or in free text never
//! appears in what redaction shows, nor in an error about the string.

use diagnosis::redact;
use libfuzzer_sys::fuzz_target;
use llmcfg_doctor::sources::network::{postgres_addresses, redis_address};
use net::pg_tls;

const SECRET: &str = "XYZSECRET123";

fn no_secret(shown: &str, what: &str, input: &str) {
    assert!(!shown.contains(SECRET), "{what} shows the password of {input:?}: {shown:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };

    let _ = pg_tls::split(text);
    let _ = pg_tls::keyword_values(text);
    let _ = pg_tls::percent_decode(text);
    let _ = redact::connection_string(text);
    let _ = redact::text(text);
    let _ = postgres_addresses(text);
    let _ = redis_address(text);

    // URL parsers drop tabs and newlines, so "XYZSEC\nRET123" in a path is
    // shown as the marker without being the password.
    let unbroken: String = text.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if unbroken.contains(SECRET) {
        return;
    }
    let keyword_form = format!("password={SECRET} {text}");
    no_secret(&redact::connection_string(&keyword_form), "connection_string", &keyword_form);
    if let Err(error) = pg_tls::split(&keyword_form) {
        no_secret(&error.to_string(), "split's error", &keyword_form);
    }
    if let Err(error) = postgres_addresses(&keyword_form) {
        no_secret(&error, "postgres_addresses' error", &keyword_form);
    }

    let free = format!("{text} password={SECRET}");
    no_secret(&redact::text(&free), "text", &free);

    let url_form = format!("postgres://user:{SECRET}@{text}");
    no_secret(&redact::connection_string(&url_form), "connection_string", &url_form);
    if let Err(error) = postgres_addresses(&url_form) {
        no_secret(&error, "postgres_addresses' error", &url_form);
    }
    let redis_form = format!("redis://user:{SECRET}@{text}");
    no_secret(&redact::connection_string(&redis_form), "connection_string", &redis_form);
    if let Err(error) = redis_address(&redis_form) {
        no_secret(&error, "redis_address' error", &redis_form);
    }
});
