//! The names of the files the server writes: daily log files under
//! `LLMCFG_LOG_DIR` and the embedded database under `LLMCFG_DATA_DIR`. The
//! server names its files by these; the doctor finds a process's
//! directories by the files it holds open.

/// Log files are `llm-config-server.YYYY-MM-DD.log`.
pub const LOG_FILE_PREFIX: &str = "llm-config-server";
/// The extension of every log file.
pub const LOG_FILE_SUFFIX: &str = "log";
/// The embedded database's file in the data directory.
pub const DATA_FILE: &str = "configs.sqlite3";

/// Whether `name` is one of the server's log files.
pub fn is_log_file(name: &str) -> bool {
    name.starts_with(LOG_FILE_PREFIX) && name.ends_with(&format!(".{LOG_FILE_SUFFIX}"))
}

/// Whether `name` is the embedded database (not its `-wal` or `-shm`).
pub fn is_data_file(name: &str) -> bool {
    name == DATA_FILE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_files_are_told_by_name() {
        assert!(is_log_file("llm-config-server.2026-12-07.log"));
        assert!(!is_log_file("other.2026-12-07.log"));
        assert!(!is_log_file("llm-config-server.2026-12-07.log.gz"));
        assert!(is_data_file("configs.sqlite3"));
        assert!(!is_data_file("configs.sqlite3-wal"));
    }
}
