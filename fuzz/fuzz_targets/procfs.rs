#![no_main]
//! What the host, network and process sources read from /proc and
//! /sys/fs/cgroup: every text parser gets the same input (each picks the
//! lines it knows). The cgroup accessors read files, so the input is also
//! written to a scratch directory whose cgroup file names all lead to it;
//! the first byte chooses a v1 or a v2 layout (inputs up to 4 KiB).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use llmcfg_doctor::sources::cgroup::Cgroup;
use llmcfg_doctor::sources::{host, network, process, procfs};

const V1: &[(&str, &[&str])] = &[
    ("cpuacct", &["cpuacct.usage"]),
    ("cpu", &["cpu.cfs_quota_us", "cpu.cfs_period_us"]),
    ("memory", &["memory.limit_in_bytes", "memory.oom_control"]),
    ("pids", &["pids.max", "pids.current"]),
];
const V2: &[&str] =
    &["cpu.stat", "cpu.max", "memory.max", "pids.max", "memory.events", "pids.current"];

struct Scratch {
    data: PathBuf,
    v1: Cgroup,
    v2: Cgroup,
}

fn scratch() -> &'static Scratch {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    SCRATCH.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("llmcfg-fuzz-cgroup-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let data = root.join("data");
        let link = |dir: &Path, name: &str| {
            std::fs::create_dir_all(dir).unwrap();
            std::os::unix::fs::symlink(&data, dir.join(name)).unwrap();
        };
        let mut v1 = Vec::new();
        for (controller, files) in V1 {
            let dir = root.join("v1").join(controller);
            for file in *files {
                link(&dir, file);
            }
            v1.push(((*controller).to_owned(), dir));
        }
        let v2 = root.join("v2");
        for file in V2 {
            link(&v2, file);
        }
        std::fs::write(&data, "").unwrap();
        Scratch { data, v1: Cgroup::at(v1, None), v2: Cgroup::at(Vec::new(), Some(v2)) }
    })
}

fn cgroup_files(data: &[u8]) {
    let scratch = scratch();
    std::fs::write(&scratch.data, data).unwrap();
    let cgroup = if data.first().is_some_and(|b| b & 1 == 1) { &scratch.v1 } else { &scratch.v2 };
    let _ = cgroup.cpu_seconds();
    let _ = cgroup.cpu_limit();
    let _ = cgroup.memory_limit();
    let _ = cgroup.pids_limit();
    let _ = cgroup.oom_kills();
    let _ = cgroup.pids_current();
}

fuzz_target!(|data: &[u8]| {
    // Cgroup files are a few lines; longer inputs only slow the file work.
    if data.len() <= 4096 {
        cgroup_files(data);
    }
    let Ok(text) = std::str::from_utf8(data) else { return };

    // host.rs: /proc/meminfo, /proc/PID/limits, /proc/loadavg,
    // /proc/self/mountinfo, /proc/diskstats.
    let _ = host::meminfo(text);
    let _ = host::soft_limit(text, "Max processes");
    let _ = host::soft_limit(text, "Max open files");
    let _ = host::loadavg_threads(text);
    let mounts = host::mountinfo(text);
    for path in ["/", "/var/lib/llm-config", "/tmp/x"] {
        let _ = host::mount_containing(&mounts, Path::new(path));
    }
    let _ = host::diskstats(text);

    // procfs.rs: /proc/net/tcp and tcp6.
    for socket in procfs::tcp_table(text) {
        let _ = procfs::tcp_state_name(socket.state);
    }

    // network.rs: /proc/net/snmp and /proc/net/netstat.
    for protocol in ["Tcp", "TcpExt", "Ip", "Udp"] {
        let _ = network::protocol_counters(text, protocol);
    }

    // process.rs: /proc/PID/limits and /proc/PID/status.
    let _ = process::fd_limit(text);
    let _ = process::threads(text);

    // cgroup.rs: /proc/PID/cgroup.
    let _ = Cgroup::from_proc_cgroup(text);
});
