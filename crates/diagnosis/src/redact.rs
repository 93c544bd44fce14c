//! Secrets never leave the process: every URL and connection string shown
//! in output, logs, a bundle or an error goes through here first.
//!
//! Redaction parses what it redacts. A URL's password and any query
//! parameter that names a secret are hidden; a libpq `key = 'value'`
//! string is tokenised as libpq does (spaces around `=`, quoted values
//! with escapes); a string that parses as neither, such as a URL with a
//! port out of range, is scrubbed as free text ([`text`]), which is also
//! the last pass over every error message the command prints.

use std::borrow::Cow;

use url::Url;

/// What a hidden secret is shown as.
const HIDDEN: &str = "***";

/// Parameter and keyword names whose value is a secret (compared without
/// case): libpq's, and what URLs commonly carry.
const SECRET_NAMES: &[&str] = &[
    "password",
    "sslpassword",
    "passwd",
    "pass",
    "pwd",
    "token",
    "access_token",
    "api_key",
    "apikey",
    "secret",
];

fn is_secret(name: &str) -> bool {
    SECRET_NAMES.iter().any(|secret| secret.eq_ignore_ascii_case(name))
}

/// The URL with its password and every secret query parameter as `***`.
pub fn url(url: &Url) -> String {
    let secret_query = url.query_pairs().any(|(name, _)| is_secret(&name));
    if url.password().is_none() && !secret_query {
        return url.to_string();
    }
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some(HIDDEN));
    }
    if secret_query {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if is_secret(&name) { HIDDEN.into() } else { value.into_owned() };
                (name.into_owned(), value)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown.to_string()
}

/// A connection string as it may be shown: a URL through [`url`], a
/// libpq `key=value` string with its secret values hidden, anything else
/// through [`text`].
pub fn connection_string(raw: &str) -> String {
    if raw.contains("://") {
        return match Url::parse(raw) {
            Ok(parsed) if parsed.has_host() => url(&parsed),
            _ => text(raw).into_owned(),
        };
    }
    keywords(raw).unwrap_or_else(|| text(raw).into_owned())
}

/// A libpq keyword/value string with secret values as `***`, rebuilt
/// from its tokens; `None` when it does not tokenise (no `=`, an
/// unterminated quote).
fn keywords(raw: &str) -> Option<String> {
    let mut shown = Vec::new();
    let mut rest = raw.trim_start();
    while !rest.is_empty() {
        let name_end = rest.find(|c: char| c == '=' || c.is_whitespace())?;
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start().strip_prefix('=')?.trim_start();
        let value_end = value_end(rest)?;
        let value = &rest[..value_end];
        rest = rest[value_end..].trim_start();
        if name.is_empty() {
            return None;
        }
        shown.push(if is_secret(name) {
            format!("{name}={HIDDEN}")
        } else {
            format!("{name}={value}")
        });
    }
    Some(shown.join(" "))
}

/// Where a libpq value starting `rest` ends: after its closing quote, or
/// at the first unescaped space.
fn value_end(rest: &str) -> Option<usize> {
    if rest.starts_with('\'') {
        return closing_quote(rest, '\'');
    }
    let mut chars = rest.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            c if c.is_whitespace() => return Some(at),
            _ => {}
        }
    }
    Some(rest.len())
}

/// Just past the quote that closes the one `quoted` starts with, escapes
/// skipped.
fn closing_quote(quoted: &str, quote: char) -> Option<usize> {
    let mut chars = quoted.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            c if c == quote => return Some(at + 1),
            _ => {}
        }
    }
    None
}

/// Free text with the secrets of any URL or `name=value` pair in it
/// hidden: a URL's user-info password (`scheme://user:***@host`), and the
/// value of every secret name followed by `=` (with or without spaces,
/// quoted or not). For text that is not known to be one connection
/// string: error messages, a command line's rejected value.
pub fn text(free: &str) -> Cow<'_, str> {
    let passwords = url_passwords(free);
    let values = secret_values(free);
    if passwords.is_empty() && values.is_empty() {
        return Cow::Borrowed(free);
    }
    let mut spans: Vec<(usize, usize)> = passwords.into_iter().chain(values).collect();
    spans.sort_unstable();
    let mut shown = String::with_capacity(free.len());
    let mut at = 0;
    for (start, end) in spans {
        if end <= at {
            continue;
        }
        shown.push_str(&free[at..start.max(at)]);
        shown.push_str(HIDDEN);
        at = end;
    }
    shown.push_str(&free[at..]);
    Cow::Owned(shown)
}

/// Characters that end a URL in running text.
fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>')
}

/// Byte spans of the passwords in `scheme://user:password@host` URLs.
fn url_passwords(free: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = free[from..].find("://") {
        let start = from + found + 3;
        let end = free[start..].find(ends_url).map_or(free.len(), |n| start + n);
        let candidate = &free[start..end];
        // The last `@` ends the user info: a password may hold `@`, `/` or
        // `:` when it was not percent-encoded.
        if let Some(at) = candidate.rfind('@')
            && let Some(colon) = candidate[..at].find(':')
        {
            spans.push((start + colon + 1, start + at));
        }
        from = end.max(start);
    }
    spans
}

/// Byte spans of the values of `secret = value` pairs: quoted values to
/// their closing quote, others to the next space, `&`, `;` or `,`.
fn secret_values(free: &str) -> Vec<(usize, usize)> {
    let lower = free.to_ascii_lowercase();
    let mut spans = Vec::new();
    for name in SECRET_NAMES {
        let mut from = 0;
        while let Some(found) = lower[from..].find(name) {
            let start = from + found;
            from = start + name.len();
            let starts_word = lower[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
            let after = &free[from..];
            let value_at = after.trim_start();
            let Some(value) = value_at.strip_prefix('=').map(str::trim_start) else {
                continue;
            };
            if !starts_word || value.is_empty() {
                continue;
            }
            let value_start = free.len() - value.len();
            let value_len = match value.chars().next() {
                Some(quote @ ('\'' | '"')) => closing_quote(value, quote).unwrap_or(value.len()),
                _ => value
                    .find(|c: char| c.is_whitespace() || matches!(c, '&' | ';' | ',' | ')'))
                    .unwrap_or(value.len()),
            };
            spans.push((value_start, value_start + value_len));
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden() {
        let parsed = Url::parse("postgres://user:secret@db:5432/app").unwrap();
        assert_eq!(url(&parsed), "postgres://user:***@db:5432/app");
        assert_eq!(connection_string("redis://:pw@h:6379"), "redis://:***@h:6379");
        assert_eq!(
            connection_string("host=db user=u password=secret dbname=x"),
            "host=db user=u password=*** dbname=x"
        );
        assert_eq!(connection_string("http://h:1/x"), "http://h:1/x");
    }

    /// Every secret of the hostile cases, in every form the doctor may
    /// be handed it.
    #[test]
    fn no_form_of_a_connection_string_shows_its_secret() {
        let cases = [
            ("postgres://adv_user:S3cretPw@127.0.0.1:notaport/adv_db", "S3cretPw"),
            ("redis://:R3disPw@127.0.0.1:99999", "R3disPw"),
            ("host=h password = S3cretKv dbname=x", "S3cretKv"),
            ("host=h password='S3cret Pw2' dbname=x", "S3cret"),
            ("host=h password='it\\'s S3cret' dbname=x", "S3cret"),
            ("host=h PASSWORD=S3cretUp", "S3cretUp"),
            ("host=h password='S3cretOpen", "S3cretOpen"),
            ("postgres://u@127.0.0.1:1/db?password=S3cretQry", "S3cretQry"),
            ("postgres://u@127.0.0.1:1/db?sslmode=require&password=S3cretQ2&x=1", "S3cretQ2"),
            ("http://admin:ApiPw55@127.0.0.1:badport", "ApiPw55"),
            ("http://admin:Pa/ss@w0rd@host:1", "ss@w0rd"),
            ("postgres://u:S3c%20ret@h/db", "S3c"),
        ];
        for (raw, secret) in cases {
            let shown = connection_string(raw);
            assert!(!shown.contains(secret), "{raw} shown as {shown}");
            assert!(shown.contains(HIDDEN), "{raw} shown as {shown}");
            let in_text = format!("error: invalid value '{raw}' for '--url <URL>': bad");
            let shown = text(&in_text);
            assert!(!shown.contains(secret), "{in_text} shown as {shown}");
        }
    }

    #[test]
    fn what_is_not_secret_is_kept() {
        assert_eq!(
            connection_string("host=h port=5432 sslmode='verify full'"),
            "host=h port=5432 sslmode='verify full'"
        );
        assert_eq!(
            text("no secret here: http://h:9090/api?q=1"),
            "no secret here: http://h:9090/api?q=1"
        );
        assert_eq!(text("the passwords file"), "the passwords file");
        assert_eq!(text("compass=north"), "compass=north");
        assert_eq!(
            connection_string("postgres://u@h/db?sslmode=require"),
            "postgres://u@h/db?sslmode=require"
        );
    }
}
