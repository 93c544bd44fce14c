//! Reading `/proc` and `/sys`, with errors an operator can act on:
//! permission problems say how to run instead, a vanished `/proc/PID`
//! says the process exited, and other systems say they are not Linux.
//! Also the readers several sources share: TCP tables and a process's
//! socket inodes.

use diagnosis::evidence::{Outcome, SourceError};

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

/// The directory of the files process `pid` holds open whose names
/// `matches`, the one holding most of them (the first by name on a tie):
/// where a process keeps its logs or data when nobody said. `None` when
/// it holds none, or its fds cannot be read (another user's process).
/// A process with a root of its own (a container) names paths in its
/// root: they are reached through `/proc/PID/root`.
pub fn open_file_directory(pid: u32, matches: impl Fn(&str) -> bool) -> Option<std::path::PathBuf> {
    let dir = open_file_directory_inside(pid, matches)?;
    let root = std::fs::read_link(format!("/proc/{pid}/root")).ok()?;
    if root == std::path::Path::new("/") {
        return Some(dir);
    }
    let inside = dir.strip_prefix("/").unwrap_or(&dir);
    Some(std::path::Path::new(&format!("/proc/{pid}/root")).join(inside))
}

/// [`open_file_directory`] as the process names it, in its own root.
fn open_file_directory_inside(
    pid: u32,
    matches: impl Fn(&str) -> bool,
) -> Option<std::path::PathBuf> {
    let mut counts: std::collections::BTreeMap<std::path::PathBuf, usize> = Default::default();
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?.flatten() {
        let Ok(target) = std::fs::read_link(entry.path()) else { continue };
        let named = target.file_name().and_then(|name| name.to_str()).is_some_and(&matches);
        if let (true, Some(dir)) = (named && target.is_absolute(), target.parent()) {
            *counts.entry(dir.to_owned()).or_default() += 1;
        }
    }
    let most = counts.values().copied().max()?;
    counts.into_iter().find(|(_, count)| *count == most).map(|(dir, _)| dir)
}

/// The `st` column of a TCP table for an established connection.
pub const TCP_ESTABLISHED: u8 = 0x01;
/// The `st` column of a TCP table for a listener.
pub const TCP_LISTEN: u8 = 0x0A;

/// The kernel's names of TCP states, by the number a TCP table shows.
pub fn tcp_state_name(state: u8) -> &'static str {
    match state {
        TCP_ESTABLISHED => "ESTABLISHED",
        0x02 => "SYN_SENT",
        0x03 => "SYN_RECV",
        0x04 => "FIN_WAIT1",
        0x05 => "FIN_WAIT2",
        0x06 => "TIME_WAIT",
        0x07 => "CLOSE",
        0x08 => "CLOSE_WAIT",
        0x09 => "LAST_ACK",
        TCP_LISTEN => "LISTEN",
        0x0B => "CLOSING",
        0x0C => "NEW_SYN_RECV",
        _ => "UNKNOWN",
    }
}

/// One row of `/proc/net/tcp` or `/proc/net/tcp6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcpSocket {
    pub local_port: u16,
    pub state: u8,
    /// 0 for sockets no process holds (TIME_WAIT and the like).
    pub inode: u64,
}

/// The rows of a TCP table; rows that do not parse are skipped.
pub fn tcp_table(text: &str) -> Vec<TcpSocket> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let local_port = fields.get(1)?.rsplit(':').next()?;
            Some(TcpSocket {
                local_port: u16::from_str_radix(local_port, 16).ok()?,
                state: u8::from_str_radix(fields.get(3)?, 16).ok()?,
                inode: fields.get(9)?.parse().ok()?,
            })
        })
        .collect()
}

/// Inodes of the sockets among `pid`'s fds.
pub fn socket_inodes(pid: u32) -> Outcome<Vec<u64>> {
    let dir = format!("/proc/{pid}/fd");
    let fds = std::fs::read_dir(&dir).map_err(|e| error(&dir, &e))?;
    Ok(fds
        .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .filter_map(|link| link.to_str()?.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok())
        .collect())
}

/// A file of `fixtures/proc`.
#[cfg(test)]
pub fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/proc/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcp_tables_parse() {
        let v4 = tcp_table(&fixture("net-tcp"));
        assert_eq!(v4.len(), 276);
        assert_eq!(v4.iter().filter(|s| s.state == TCP_LISTEN).count(), 8);
        let established: Vec<_> = v4.iter().filter(|s| s.state == TCP_ESTABLISHED).collect();
        assert!(established.len() == 2 && established.iter().all(|s| s.inode != 0));
        assert!(v4.iter().filter(|s| tcp_state_name(s.state) == "TIME_WAIT").all(|s| s.inode == 0));
        let v6 = tcp_table(&fixture("net-tcp6"));
        assert_eq!(v6.iter().map(|s| s.state).collect::<Vec<_>>(), [TCP_LISTEN, 1, 1]);
        let line = "  sl  local_address rem_address   st\n   0: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000  0 4242 1\n   1: garbage\n";
        assert_eq!(tcp_table(line), [TcpSocket { local_port: 8080, state: 1, inode: 4242 }]);
    }

    #[test]
    fn this_process_sockets_are_found() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let inodes = socket_inodes(std::process::id()).unwrap();
        let table = tcp_table(&read("/proc/self/net/tcp").unwrap());
        let mine = table.iter().find(|s| s.local_port == port && s.state == TCP_LISTEN).unwrap();
        assert!(inodes.contains(&mine.inode));
        assert!(matches!(socket_inodes(u32::MAX), Err(SourceError::Unavailable(_))));
    }
}
