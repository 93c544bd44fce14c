"""BENCHMARKS.md from the outputs `scripts/bench` collected in one run.

Usage: python3 scripts/benchmarks-md.py LOG_DIR CLEAN_BUILD(true|false)
"""

import os
import re
import subprocess
import sys

log, clean_build = sys.argv[1], sys.argv[2] == "true"


def text(name):
    with open(os.path.join(log, name)) as f:
        return f.read()


def grab(pattern, name):
    match = re.search(pattern, text(name), re.M)
    if not match:
        sys.exit(f"benchmarks-md: no {pattern!r} in the {name} output:\n{text(name)[-2000:]}")
    return match


def shell(command):
    out = subprocess.run(command, shell=True, capture_output=True, text=True).stdout
    return out.strip().splitlines()[0]


def seconds(value, unit):
    return float(value) * {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]


commit = shell("git rev-parse --short HEAD")
date = shell("date -u '+%Y-%m-%d %H:%M UTC'")
cpu = shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
cores = os.cpu_count()
memory_gib = int(shell("grep MemTotal /proc/meminfo | awk '{print $2}'")) / 1048576

# The doctor: two hyperfine comparisons, then `all`, then the parser.
doctor = text("doctor")
ratios = [float(r) for r in re.findall(r"quick is ([\d.]+)x the speed of the bash check", doctor)]
means = [seconds(v, u) for v, u in re.findall(r"Time \(mean ± σ\):\s+([\d.]+) (m?s)", doctor)]
if len(ratios) != 2 or len(means) < 5:
    sys.exit(f"benchmarks-md: unexpected bench-doctor output:\n{doctor[-3000:]}")
cold_ratio, warm_ratio = ratios
bash_cold, quick_cold, bash_warm, quick_warm, all_mean = means[:5]
quick_rss_kib = int(grab(r"== peak RSS of llmcfg-doctor quick\n(\d+) KiB", "doctor").group(1))
parse_ours = float(grab(r"parse_200k_lines/exposition\s+time:\s+\[\S+ \S+ ([\d.]+) ms", "doctor").group(1))
parse_theirs = float(
    grab(r"parse_200k_lines/prometheus_parse\s+time:\s+\[\S+ \S+ ([\d.]+) ms", "doctor").group(1)
)

# The server: the wrk table, then criterion's L1 lines.
server = text("server")
rows = {
    name: (float(rps), float(p50), float(p99))
    for name, rps, p50, p99 in re.findall(
        r"^(\S+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+\d+%$", server, re.M
    )
}


def throughput(name):
    match = re.search(rf"l1_hit/{name}\s*(?:time:.*\n)?\s*thrpt:\s+\[\S+ \S+ ([\d.]+) (\w)elem/s", server)
    if not match:
        sys.exit(f"benchmarks-md: no l1_hit/{name} in the bench-server output")
    return float(match.group(1)) * {"M": 1e6, "K": 1e3, "G": 1e9}[match.group(2)]


hashmap, l1_tier, read_path = (throughput(n) for n in ("baseline_hashmap", "l1_tier", "service_read_path"))

fleets = [
    (int(pods), seconds(took, unit), int(rss))
    for pods, took, unit, rss in re.findall(
        r"fleet of (\d+) recorded pods: ([\d.]+)(m?s) in all \(sampling window 1 s\), peak RSS (\d+) MiB",
        text("fleet"),
    )
]
coherence = grab(r"over (\d+) writes: p50 ([\d.]+)([a-zµ]+), p99 ([\d.]+)([a-zµ]+)", "coherence")
writes = coherence.group(1)
coherence_p50 = seconds(coherence.group(2), coherence.group(3)) * 1e3
coherence_p99 = seconds(coherence.group(4), coherence.group(5)) * 1e3

# The server's memory at 100,000 keys: as shipped (heap profiling on), then
# with the sampling off; each with /proc/PID/smaps_rollup's split.
memory = [
    {
        "label": label,
        "keys": int(keys),
        "rss": float(rss),
        "estimate": float(estimate),
        "split": dict(re.findall(r"^  (\w+):\s+([\d.]+) MiB$", block, re.M)),
    }
    for label, keys, rss, estimate, block in re.findall(
        r"^(.+): (\d+) keys in L1; VmRSS ([\d.]+) MiB; the L1 estimate ([\d.]+) MiB\n((?:  .*\n?)*)",
        text("memory"),
        re.M,
    )
]
if len(memory) != 2:
    sys.exit(f"benchmarks-md: unexpected bench-memory output:\n{text('memory')[-3000:]}")
shipped = memory[0]

sizes = {os.path.basename(p): int(s) for s, p in (l.split() for l in text("sizes").splitlines())}


def mib(size):
    return f"{size / 1048576:.1f} MiB"


nginx, cached = rows["nginx"], rows["cached"]
memory_rows = "\n".join(
    f"| {m['label']} | {m['rss']:.1f} MiB | {float(m['split'].get('Anonymous', 'nan')):.1f} MiB "
    f"| {float(m['split'].get('Shared_Clean', 0)) + float(m['split'].get('Private_Clean', 0)):.1f} MiB "
    f"| {m['estimate']:.1f} MiB |"
    for m in memory
)
command = "scripts/bench --clean-build" if clean_build else "scripts/bench"
print(f"""# Benchmarks

Measured by `{command}` in one run on {date}, commit `{commit}`:
{cores} cores ({cpu}), {memory_gib:.0f} GiB. Each comparison puts its
baseline in the same run; ratios first, absolute figures as context.

## Ratios

| comparison | ours | baseline, same run | ratio | target |
|---|---|---|---|---|
| `quick`, runs 1.5 s apart with readings kept | {quick_warm * 1e3:.0f} ms | the runbook's bash check, {bash_warm:.2f} s | **{warm_ratio:.1f}×** | ≥ 5× |
| `quick`, back to back, nothing kept | {quick_cold:.3f} s | the bash check, {bash_cold:.2f} s | {cold_ratio:.2f}× | — (each run samples its own 1 s window) |
| cached GET, wrk 32 connections | {cached[0]:,.0f} req/s, p99 {cached[2]:.2f} ms | nginx static file, {nginx[0]:,.0f} req/s, p99 {nginx[2]:.2f} ms | **{cached[0] / nginx[0]:.2f}** | ≥ 0.75, p99 ≤ nginx's + 0.5 ms |
| L1 hit, whole service read path | {read_path / 1e6:.2f} M/s | `HashMap` lookup, {hashmap / 1e6:.2f} M/s | **{read_path / hashmap:.2f}** | ≥ 0.40 |
| exposition parser, 200k lines | {parse_ours:.1f} ms | prometheus-parse, {parse_theirs:.1f} ms | **{parse_theirs / parse_ours:.1f}×** | ≥ 10× |""")
if "etcd-range" in rows:
    etcd = rows["etcd-range"]
    print(
        f"| cached GET | {cached[0]:,.0f} req/s | etcd v3 gateway range read of the same value, "
        f"{etcd[0]:,.0f} req/s | **{cached[0] / etcd[0]:.1f}×** | ≥ 5× |"
    )
for pods, took, rss in fleets:
    target = "< 2 s" if pods == 50 else "< 5 s"
    print(
        f"| `fleet`, {pods} recorded pods, release build | {took - 1:.2f} s beyond the 1 s window, "
        f"peak RSS {rss} MiB | — | — | {target} beyond the window, < 50 MB |"
    )
# The timeline over a backfilled day, beside the same range queries sent
# straight to Prometheus.
timeline = grab(
    r"timeline: (\d+) range queries of (\d+) steps, (\d+) checks judged at each.*\n"
    r"doctor median ([\d.]+) s, peak RSS ([\d.]+) MiB\n"
    r"baseline median ([\d.]+) s.*\nratio ([\d.]+)",
    "timeline",
)
t_queries, t_steps, t_checks, t_ours, t_rss, t_theirs, t_ratio = timeline.groups()
print(
    f"| `timeline --since 24h --step 1m`, {t_checks} checks at each of {t_steps} steps, release build "
    f"| {float(t_ours):.2f} s, peak RSS {float(t_rss):.0f} MiB "
    f"| the same {t_queries} range queries straight to Prometheus, {float(t_theirs):.2f} s "
    f"| {float(t_ratio):.2f}× | — |"
)
print(
    f"| coherence: acknowledged write to the last of 3 replicas serving it, {writes} writes "
    f"| p50 {coherence_p50:.1f} ms, p99 {coherence_p99:.1f} ms | — | — | — |"
)
print(
    f"| server RSS, {shipped['keys']:,} distinct keys in L1 (SQLite) | {shipped['rss']:.1f} MiB "
    f"({shipped['rss'] * 1.048576:.1f} MB), of which the L1's own estimate is {shipped['estimate']:.1f} MiB "
    f"| — | — | < 100 MB at 100k keys, and the rest explained |"
)
print(
    f"| binaries as `cargo build --release` makes them | doctor {mib(sizes['llmcfg-doctor'])}, "
    f"server {mib(sizes['llm-config-server'])} | — | — | — (the size target is `dist`'s) |"
)
if clean_build:
    print("\n## Building\n")
    print("Measured by `scripts/bench-build` in the same run; each build from an empty")
    print("target directory but the two after one check file changed.\n")
    print(text("build").strip())

print("""
## Context

The cached GET and its ceilings, `wrk -t2 -c32 -d10s`, the same JSON body,\nmedians of 3 rounds in which the contenders take turns:

| run | req/s | p50 ms | p99 ms | of nginx's static file |
|---|---|---|---|---|""")
for name, (rps, p50, p99) in rows.items():
    print(f"| {name} | {rps:,.0f} | {p50:.3f} | {p99:.3f} | {rps / nginx[0]:.0%} |")
print(f"""
`bare-axum` is `examples/bare_axum.rs`: axum on the same runtime answering
the same bytes, with no middleware, logging, metrics or cache; the gap to
`cached` is what those layers cost. `uncached` reads SQLite on every
request (L1 off).

The L1 hit (criterion): a `HashMap` lookup {hashmap / 1e6:.2f} M/s, the
L1 tier alone {l1_tier / 1e6:.2f} M/s, the whole service read path
{read_path / 1e6:.2f} M/s.

The server's memory with {shipped['keys']:,} keys in L1 (`scripts/bench-memory`:
wrk PUTs distinct keys at 16 connections until L1 holds them), from
`/proc/PID/smaps_rollup`:

| | VmRSS | anonymous | file pages, clean | L1's estimate |
|---|---|---|---|---|
{memory_rows}

Anonymous memory is the heap (the L1's entries, SQLite's page cache,
the runtime); the clean file pages are the binary's code and SQLite's
mapped files, which the kernel can drop and read again. The second row
turns jemalloc's heap sampling off (`_RJEM_MALLOC_CONF=prof:false`):
the difference is what `/debug/pprof/heap` costs.

`quick` with readings kept starts its window at the previous run's
scrape and CPU reading, 1.5 s earlier (hyperfine's `--prepare`, untimed,
for both commands); its findings cover those 1.5 s. Back to back with
nothing kept, each run samples its own 1 s window. `llmcfg-doctor all`
(every section, no `--duration`, nothing kept): {all_mean:.2f} s. Peak
RSS of `quick`: {quick_rss_kib / 1024:.1f} MiB.

## Reproduce

- `scripts/bench-doctor 10`: `quick` and the bash check both ways, `all`, the parser.
- `scripts/bench-server 10s`: the server, nginx and bare axum, then the L1 benchmark.
- `cargo build --release --bin llmcfg-doctor && LLMCFG_BENCH_DOCTOR=target/release/llmcfg-doctor scripts/test kubernetes_runtime::fleet_at_scale -- --ignored --nocapture`
- `scripts/test server_coherence::propagation -- --ignored --nocapture`
- `scripts/bench-memory`: the server's memory at 100,000 keys, with the live heap by call path when `jeprof` is there.
- `scripts/bench-timeline`: `timeline --since 24h --step 1m` against a backfilled Prometheus, beside the same range queries sent straight to it.
- `CARGO_TARGET_DIR=$(mktemp -d) cargo build --release --timings`: the clean build, with where its time goes.""")
