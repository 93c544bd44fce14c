//! Secrets never leave the process: every URL shown in output, logs or a
//! bundle goes through here first.

use url::Url;

/// The URL with its password replaced by `***`.
pub fn url(url: &Url) -> String {
    if url.password().is_some() {
        let mut shown = url.clone();
        let _ = shown.set_password(Some("***"));
        shown.to_string()
    } else {
        url.to_string()
    }
}

/// Like [`url`] for a connection string that may not parse as a URL
/// (libpq `key=value` form): hides any `password=` value.
pub fn connection_string(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(parsed) if parsed.has_host() => url(&parsed),
        _ => raw
            .split_whitespace()
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_owned(),
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
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
}
