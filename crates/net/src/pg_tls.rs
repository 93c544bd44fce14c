//! TLS for PostgreSQL sessions, the doctor's and the server's, through rustls with the
//! process's crypto provider (ring), with libpq's meaning of `sslmode`:
//!
//! - `prefer` (the default) and `require`: encrypted, the server's
//!   certificate not checked, only the handshake's signatures;
//! - `verify-ca`: the certificate must chain to a trusted root;
//! - `verify-full`: and must also name the host connected to.
//!
//! tokio-postgres knows only `disable`, `prefer` and `require`, and none of
//! `sslrootcert`, `sslcert` or `sslkey`, so [`split`] takes those out of the
//! connection string (URL or key=value form) and hands back what they
//! asked for. As in libpq, `require` with a root certificate file given
//! verifies the chain like `verify-ca`; the roots are `sslrootcert`, else
//! `~/.postgresql/root.crt`, and `sslrootcert=system` means the operating
//! system's store. `sslcert` and `sslkey` authenticate the doctor with a
//! client certificate.
//!
//! Errors are [`PgTlsError`]: one line each, safe to print (they quote no
//! value of the connection string, only file paths).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};

/// What is wrong with a connection string's TLS settings or the files
/// they name.
#[derive(Debug, thiserror::Error)]
pub enum PgTlsError {
    #[error("a % escape is cut short")]
    EscapeCutShort,
    #[error("a % escape is not hex")]
    EscapeNotHex,
    #[error("a % escape is not UTF-8")]
    EscapeNotUtf8,
    /// The "keyword" may be a stray password: it is never quoted.
    #[error("a keyword is not followed by =")]
    KeywordWithoutEquals,
    #[error("a quoted value lacks its closing quote")]
    UnclosedQuote,
    #[error(
        "sslmode=verify-ca and verify-full need trusted roots: give sslrootcert=FILE \
         (or sslrootcert=system, or put them in ~/.postgresql/root.crt)"
    )]
    NoTrustedRoots,
    #[error("sslcert and sslkey go together: give both or neither")]
    HalfClientCertificate,
    #[error("sslrootcert {}: {reason}", path.display())]
    RootFile { path: PathBuf, reason: rustls::pki_types::pem::Error },
    #[error("sslrootcert {} holds no usable certificate", path.display())]
    NoUsableRoot { path: PathBuf },
    #[error("sslrootcert=system: the system's store has no certificate")]
    EmptySystemStore,
    #[error("cannot use the trusted roots: {0}")]
    UnusableRoots(rustls::client::VerifierBuilderError),
    #[error("TLS set-up failed: {0}")]
    SetUp(rustls::Error),
    #[error("sslcert {}: {reason}", path.display())]
    ClientCertificateFile { path: PathBuf, reason: rustls::pki_types::pem::Error },
    #[error("sslkey {}: {reason}", path.display())]
    ClientKeyFile { path: PathBuf, reason: rustls::pki_types::pem::Error },
    #[error("sslcert {}: {reason}", path.display())]
    ClientCertificateRefused { path: PathBuf, reason: rustls::Error },
}

/// How far the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    /// Encrypted, not authenticated (`prefer`, `require`).
    None,
    /// Chains to a trusted root (`verify-ca`).
    Chain,
    /// Chains to a trusted root and names the host (`verify-full`).
    Full,
}

/// Where trusted roots come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Roots {
    File(PathBuf),
    /// `sslrootcert=system`: the operating system's store.
    System,
}

/// What the connection string asked of TLS beyond what tokio-postgres reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsRequest {
    pub verification: Verification,
    pub roots: Option<Roots>,
    /// `sslcert` and `sslkey`.
    pub client_certificate: Option<(PathBuf, PathBuf)>,
}

/// Takes the TLS settings tokio-postgres cannot read out of `conn`,
/// rewriting `sslmode=verify-*` as `require` (the verification is then
/// done here).
pub fn split(conn: &str) -> Result<(String, TlsRequest), PgTlsError> {
    let is_url = conn.starts_with("postgres://") || conn.starts_with("postgresql://");
    let mut params = if is_url {
        url_params(conn)?
    } else {
        keyword_values(conn)?
            .into_iter()
            .map(|(key, value)| Param { key, value, raw: None })
            .collect()
    };
    // Every occurrence goes (tokio-postgres would refuse the key); the
    // last one counts, as in libpq.
    let mut take = |key: &str| {
        let mut last = None;
        params.retain(|param| {
            let taken = param.key == key;
            if taken {
                last = Some(param.value.clone());
            }
            !taken
        });
        last
    };
    let root_file = take("sslrootcert");
    let client_certificate = take("sslcert");
    let client_key = take("sslkey");
    let mode = take("sslmode");
    let verification = match mode.as_deref() {
        Some("verify-full") => Verification::Full,
        Some("verify-ca") => Verification::Chain,
        Some("require") if root_file.is_some() => Verification::Chain,
        _ => Verification::None,
    };
    let rewritten_mode = match (mode.as_deref(), verification) {
        (_, Verification::Chain | Verification::Full) => Some("require"),
        (mode, Verification::None) => mode,
    };
    if let Some(mode) = rewritten_mode {
        params.push(Param { key: "sslmode".to_owned(), value: mode.to_owned(), raw: None });
    }
    let roots = match root_file.as_deref() {
        Some("system") => Some(Roots::System),
        Some(file) => Some(Roots::File(PathBuf::from(file))),
        None if verification == Verification::None => None,
        None => Some(Roots::File(default_root_file().ok_or(PgTlsError::NoTrustedRoots)?)),
    };
    let client_certificate = match (client_certificate, client_key) {
        (Some(cert), Some(key)) => Some((PathBuf::from(cert), PathBuf::from(key))),
        (None, None) => None,
        _ => return Err(PgTlsError::HalfClientCertificate),
    };
    let rest = if is_url { url_with(conn, &params) } else { keywords(&params) };
    Ok((rest, TlsRequest { verification, roots, client_certificate }))
}

/// One connection parameter; `raw` is a URL query's `key=value` segment as
/// written, kept byte for byte when the parameter is passed on.
struct Param {
    key: String,
    value: String,
    raw: Option<String>,
}

/// libpq's default root file, when it exists.
fn default_root_file() -> Option<PathBuf> {
    let file = Path::new(&std::env::var_os("HOME")?).join(".postgresql/root.crt");
    file.is_file().then_some(file)
}

/// The query parameters of a URL, percent-decoded as libpq and
/// tokio-postgres decode them (a `+` is a plus).
fn url_params(url: &str) -> Result<Vec<Param>, PgTlsError> {
    let query = url.split_once('?').map_or("", |(_, query)| query);
    query
        .split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            let (key, value) = segment.split_once('=').unwrap_or((segment, ""));
            Ok(Param {
                key: percent_decode(key)?,
                value: percent_decode(value)?,
                raw: Some(segment.to_owned()),
            })
        })
        .collect()
}

/// `url` with its query made of `params`. Everything else is kept as
/// written: libpq URLs may list several hosts, which a URL parser would
/// refuse.
fn url_with(url: &str, params: &[Param]) -> String {
    let base = url.split_once('?').map_or(url, |(base, _)| base);
    if params.is_empty() {
        return base.to_owned();
    }
    let query: Vec<String> = params
        .iter()
        .map(|param| param.raw.clone().unwrap_or_else(|| format!("{}={}", param.key, param.value)))
        .collect();
    format!("{base}?{}", query.join("&"))
}

/// Decodes `%XX` escapes.
pub fn percent_decode(text: &str) -> Result<String, PgTlsError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or(PgTlsError::EscapeCutShort)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| PgTlsError::EscapeNotHex)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| PgTlsError::EscapeNotUtf8)
}

/// libpq `key = value` pairs: values may be single-quoted, and `\` escapes
/// the next character (quoted or not). Later keys win.
pub fn keyword_values(raw: &str) -> Result<Vec<(String, String)>, PgTlsError> {
    let mut pairs = Vec::new();
    let mut chars = raw.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(pairs);
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=') {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(PgTlsError::KeywordWithoutEquals);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    Some('\\') => value.extend(chars.next()),
                    Some('\'') => break,
                    Some(c) => value.push(c),
                    None => return Err(PgTlsError::UnclosedQuote),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    value.extend(chars.next());
                } else {
                    value.push(c);
                }
            }
        }
        pairs.push((key, value));
    }
}

/// A keyword string of `pairs`, every value quoted.
fn keywords(params: &[Param]) -> String {
    let quoted = |value: &str| value.replace('\\', "\\\\").replace('\'', "\\'");
    params
        .iter()
        .map(|param| format!("{}='{}'", param.key, quoted(&param.value)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The rustls connector for `request`; errors name the file at fault.
pub fn connector(
    request: &TlsRequest,
) -> Result<tokio_postgres_rustls::MakeRustlsConnect, PgTlsError> {
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let chain = match &request.roots {
        Some(roots) if request.verification != Verification::None => {
            let store = Arc::new(root_store(roots)?);
            let verifier =
                WebPkiServerVerifier::builder_with_provider(store, Arc::clone(&provider))
                    .build()
                    .map_err(PgTlsError::UnusableRoots)?;
            Some(verifier)
        }
        _ => None,
    };
    let verifier = Verifier {
        provider: Arc::clone(&provider),
        chain,
        check_name: request.verification == Verification::Full,
    };
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(PgTlsError::SetUp)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier));
    let config = match &request.client_certificate {
        None => builder.with_no_client_auth(),
        Some((cert, key)) => {
            let chain = CertificateDer::pem_file_iter(cert)
                .and_then(Iterator::collect::<Result<Vec<_>, _>>)
                .map_err(|reason| PgTlsError::ClientCertificateFile {
                    path: cert.clone(),
                    reason,
                })?;
            let key = PrivateKeyDer::from_pem_file(key)
                .map_err(|reason| PgTlsError::ClientKeyFile { path: key.clone(), reason })?;
            builder.with_client_auth_cert(chain, key).map_err(|reason| {
                PgTlsError::ClientCertificateRefused { path: cert.clone(), reason }
            })?
        }
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

fn root_store(roots: &Roots) -> Result<RootCertStore, PgTlsError> {
    let mut store = RootCertStore::empty();
    match roots {
        Roots::File(file) => {
            let certificates = CertificateDer::pem_file_iter(file)
                .and_then(Iterator::collect::<Result<Vec<_>, _>>)
                .map_err(|reason| PgTlsError::RootFile { path: file.clone(), reason })?;
            store.add_parsable_certificates(certificates);
            if store.is_empty() {
                return Err(PgTlsError::NoUsableRoot { path: file.clone() });
            }
        }
        Roots::System => {
            store.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
            if store.is_empty() {
                return Err(PgTlsError::EmptySystemStore);
            }
        }
    }
    Ok(store)
}

/// Checks the server's certificate as far as the `sslmode` asks, and
/// always the handshake's signatures.
#[derive(Debug)]
struct Verifier {
    provider: Arc<CryptoProvider>,
    /// The chain check, absent for `prefer` and `require`.
    chain: Option<Arc<WebPkiServerVerifier>>,
    /// Whether the certificate must name the host (`verify-full`).
    check_name: bool,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        // The chain is checked before the name, so a wrong name alone means
        // the chain is good: enough for `verify-ca`.
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.check_name => Ok(ServerCertVerified::assertion()),
            verdict => verdict,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_modes_become_require_with_their_files_taken_out() {
        let (rest, request) = split(
            "postgres://doctor:pw@db-1:5432,db-2:5432/app?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=3",
        )
        .unwrap();
        assert_eq!(
            rest,
            "postgres://doctor:pw@db-1:5432,db-2:5432/app?connect_timeout=3&sslmode=require"
        );
        assert_eq!(request.verification, Verification::Full);
        assert_eq!(request.roots, Some(Roots::File("/etc/ca.pem".into())));

        let (rest, request) = split(
            "host=db user = doctor password='it\\'s a secret' sslmode=verify-ca sslrootcert=system",
        )
        .unwrap();
        assert_eq!(rest, "host='db' user='doctor' password='it\\'s a secret' sslmode='require'");
        assert_eq!(
            (request.verification, request.roots),
            (Verification::Chain, Some(Roots::System))
        );
    }

    #[test]
    fn other_url_parameters_are_passed_on_as_written() {
        let (rest, request) = split(
            "postgres://u@h/db?options=-c%20statement_timeout%3D5s&sslrootcert=%2Fa.pem&application_name=a+b&sslrootcert=%2Fb.pem&sslmode=verify-ca",
        )
        .unwrap();
        assert_eq!(
            rest,
            "postgres://u@h/db?options=-c%20statement_timeout%3D5s&application_name=a+b&sslmode=require"
        );
        assert_eq!(request.roots, Some(Roots::File("/b.pem".into())), "the last one counts");
    }

    #[test]
    fn plain_modes_pass_through() {
        let (rest, request) = split("postgres://u@h/db?sslmode=require").unwrap();
        assert_eq!(rest, "postgres://u@h/db?sslmode=require");
        assert_eq!((request.verification, request.roots), (Verification::None, None));
        assert_eq!(split("postgres://u@h/db").unwrap().0, "postgres://u@h/db");
        // libpq: `require` with a root file verifies the chain.
        let (_, request) = split("host=h sslmode=require sslrootcert=/ca.pem").unwrap();
        assert_eq!(request.verification, Verification::Chain);
    }

    #[test]
    fn bad_strings_are_one_line_errors() {
        let error = |conn: &str| split(conn).unwrap_err().to_string();
        assert!(error("host=h password='open").contains("closing quote"));
        assert!(error("host").contains("not followed by ="));
        assert!(error("host=h sslcert=/c.pem").contains("together"));
        assert!(error("postgres://u@h/db?application_name=%4").contains("cut short"));
        let missing = split("host=h sslmode=verify-full sslrootcert=/nonexistent/ca.pem").unwrap();
        let error = connector(&missing.1).err().unwrap();
        assert!(matches!(error, PgTlsError::RootFile { .. }), "{error:?}");
        let error = error.to_string();
        assert!(error.starts_with("sslrootcert /nonexistent/ca.pem:"), "{error}");
        assert_eq!(error.lines().count(), 1, "{error}");
    }
}
