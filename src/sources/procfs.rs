//! Reading `/proc` and `/sys`, with errors an operator can act on:
//! permission problems say how to run instead, a vanished `/proc/PID`
//! says the process exited, and other systems say they are not Linux.

use crate::evidence::{Outcome, SourceError};

/// The whole of a `/proc` or `/sys` file.
pub fn read(path: &str) -> Outcome<String> {
    std::fs::read_to_string(path).map_err(|e| error(path, &e))
}

/// A read error of `path` as a source error.
pub fn error(path: &str, error: &std::io::Error) -> SourceError {
    match error.kind() {
        _ if !cfg!(target_os = "linux") => {
            SourceError::Unsupported(format!("{path} is Linux-only ({error})"))
        }
        std::io::ErrorKind::PermissionDenied => SourceError::Unavailable(format!(
            "cannot read {path} ({error}); run the doctor as the service's user or as root"
        )),
        std::io::ErrorKind::NotFound if path.starts_with("/proc/") => SourceError::Unavailable(
            format!("{path} does not exist ({error}); did the process exit?"),
        ),
        _ => SourceError::Failed(format!("cannot read {path}: {error}")),
    }
}
