//! Control-group accounting of a process, read from the host: CPU time
//! used, and the CPU and memory limits that apply. Handles cgroup v1
//! (per-controller hierarchies, including the hybrid layout) and v2.
//!
//! Reading the counters directly lets a CPU sample last exactly the
//! sampling window, for a plain process and for a container alike.

use std::path::{Path, PathBuf};

use diagnosis::evidence::host::Limit;

const ROOT: &str = "/sys/fs/cgroup";

/// Where a process's cgroup files are.
#[derive(Debug, Clone, Default)]
pub struct Cgroup {
    /// v1 controller name → directory.
    v1: Vec<(String, PathBuf)>,
    /// The v2 directory, when the unified hierarchy is mounted.
    v2: Option<PathBuf>,
}

impl Cgroup {
    /// The cgroup of `pid`, from `/proc/PID/cgroup`.
    pub fn of(pid: u32) -> Option<Cgroup> {
        let text = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).ok()?;
        Some(Cgroup::from_proc_cgroup(&text))
    }

    /// The cgroup a `/proc/PID/cgroup` file names (the fuzz targets' entry).
    #[doc(hidden)]
    pub fn from_proc_cgroup(text: &str) -> Cgroup {
        let mut cgroup = Cgroup::default();
        for line in text.lines() {
            let mut fields = line.splitn(3, ':');
            let (Some(_), Some(controllers), Some(path)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let relative = path.trim_start_matches('/');
            if controllers.is_empty() {
                // Hybrid layouts mount v2 under `unified`; pure v2 at the root.
                let hybrid = Path::new(ROOT).join("unified");
                let unified = if hybrid.is_dir() {
                    Some(hybrid)
                } else {
                    Path::new(ROOT).join("cgroup.controllers").exists().then(|| PathBuf::from(ROOT))
                };
                cgroup.v2 = unified.map(|root| root.join(relative));
                continue;
            }
            for controller in controllers.split(',') {
                let mount = [Path::new(ROOT).join(controllers), Path::new(ROOT).join(controller)]
                    .into_iter()
                    .find(|dir| dir.is_dir());
                if let Some(mount) = mount {
                    cgroup.v1.push((controller.to_owned(), mount.join(relative)));
                }
            }
        }
        cgroup
    }

    /// A cgroup whose files are in the given directories (the fuzz targets'
    /// entry).
    #[doc(hidden)]
    pub fn at(v1: Vec<(String, PathBuf)>, v2: Option<PathBuf>) -> Cgroup {
        Cgroup { v1, v2 }
    }

    fn v1_file(&self, controller: &str, file: &str) -> Option<String> {
        let dir = &self.v1.iter().find(|(name, _)| name == controller)?.1;
        std::fs::read_to_string(dir.join(file)).ok()
    }

    fn v2_file(&self, file: &str) -> Option<String> {
        std::fs::read_to_string(self.v2.as_ref()?.join(file)).ok()
    }

    /// CPU time used by the group since it was created, in seconds.
    pub fn cpu_seconds(&self) -> Option<f64> {
        if let Some(nanos) =
            self.v1_file("cpuacct", "cpuacct.usage").and_then(|t| t.trim().parse::<f64>().ok())
        {
            return Some(nanos / 1e9);
        }
        let stat = self.v2_file("cpu.stat")?;
        let micros: f64 =
            stat.lines().find_map(|l| l.strip_prefix("usage_usec ")?.trim().parse().ok())?;
        Some(micros / 1e6)
    }

    /// Cores the group may use, when a CFS quota limits it.
    pub fn cpu_limit(&self) -> Option<f64> {
        let quota_period = match self.v1_file("cpu", "cpu.cfs_quota_us") {
            Some(quota) => {
                let period = self.v1_file("cpu", "cpu.cfs_period_us")?;
                (quota.trim().parse::<f64>().ok()?, period.trim().parse::<f64>().ok()?)
            }
            None => {
                let max = self.v2_file("cpu.max")?;
                let mut fields = max.split_whitespace();
                (fields.next()?.parse().ok()?, fields.next()?.parse().ok()?)
            }
        };
        let (quota, period) = quota_period;
        (quota > 0.0 && period > 0.0).then_some(quota / period)
    }

    /// Bytes the group may use, when limited (v1 reports "no limit" as a
    /// huge number, which callers compare with host memory).
    pub fn memory_limit(&self) -> Option<u64> {
        self.v1_file("memory", "memory.limit_in_bytes")
            .or_else(|| self.v2_file("memory.max"))
            .and_then(|text| text.trim().parse().ok())
    }

    /// `pids.max`: the most tasks (processes and threads) the group may
    /// hold; `None` where the file does not exist (the root group).
    pub fn pids_limit(&self) -> Option<Limit> {
        Limit::parse(&self.v1_file("pids", "pids.max").or_else(|| self.v2_file("pids.max"))?)
    }

    /// OOM kills the kernel made in the group since it was created
    /// (`oom_kill` of v1's `memory.oom_control` or v2's `memory.events`),
    /// with the directory it was read from.
    pub fn oom_kills(&self) -> Option<(u64, PathBuf)> {
        let count = |text: &str| {
            text.lines().find_map(|line| line.strip_prefix("oom_kill ")?.trim().parse().ok())
        };
        if let Some(dir) = self.v1.iter().find(|(name, _)| name == "memory").map(|(_, d)| d)
            && let Some(kills) =
                std::fs::read_to_string(dir.join("memory.oom_control")).ok().and_then(|t| count(&t))
        {
            return Some((kills, dir.clone()));
        }
        let dir = self.v2.as_ref()?;
        let kills = count(&std::fs::read_to_string(dir.join("memory.events")).ok()?)?;
        Some((kills, dir.clone()))
    }

    /// Tasks in the group now.
    pub fn pids_current(&self) -> Option<u64> {
        let text = self.v1_file("pids", "pids.current").or_else(|| self.v2_file("pids.current"))?;
        text.trim().parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_cpu_accounting() {
        let Some(cgroup) = Cgroup::of(std::process::id()) else { return };
        let before = cgroup.cpu_seconds().expect("cpu accounting is readable");
        let mut spin = 0u64;
        let until = std::time::Instant::now() + std::time::Duration::from_millis(50);
        while std::time::Instant::now() < until {
            spin = spin.wrapping_add(1);
        }
        std::hint::black_box(spin);
        assert!(cgroup.cpu_seconds().unwrap() > before);
    }

    #[test]
    fn this_process_has_an_oom_kill_count() {
        let Some(cgroup) = Cgroup::of(std::process::id()) else { return };
        let (_, dir) = cgroup.oom_kills().expect("the memory controller's oom_kill count");
        assert!(dir.starts_with(ROOT), "{}", dir.display());
    }
}
