# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_llmcfg_doctor_global_optspecs
    string join \n api-url= metrics-url= prometheus-url= database-url= redis-url= runtime= container= namespace= selector= unit= process= pid= data-dir= log-dir= timeout= window= require-traffic= state-dir= runbook= format= fail-on= o/output= check= skip= q/quiet v/verbose wait= interval= at= since= config= h/help V/version
end

function __fish_llmcfg_doctor_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_llmcfg_doctor_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_llmcfg_doctor_using_subcommand
    set -l cmd (__fish_llmcfg_doctor_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "quick" -d 'The 1-minute health check: response time, health, CPU, memory, errors, cache'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "baseline" -d 'Baseline: P50/P95/P99 and rate of each runbook operation vs its figures'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "latency" -d 'Latency: API P95, slowest operations, storage, one timed read, database'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "cpu" -d 'CPU: usage, request rate, slowest requests in the logs, workers vs cores'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "memory" -d 'Memory: usage vs limit, OOM kills, L1 size, breakdown, leak trend'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "cache" -d 'Cache: hit rate per tier, evictions, fill, TTLs, Redis reachability'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "network" -d 'Network: dependency round trips, DNS, connections, TCP errors, MTUs'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "resources" -d 'Resource exhaustion: file descriptors, threads, disks, old files'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "checklist" -d 'The runbook\'s optimization checklist, item by item'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "db" -d 'PostgreSQL: connections, long and blocked queries, slow statements, indexes, vacuum'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "all" -d 'Every section above, on one collection of evidence'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "history" -d 'The service against its own history: figures beside a week (or --against) earlier, and its objectives\' error budgets'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "timeline" -d 'When each check changed status over --since (6h), with restarts and deploys, from Prometheus'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "fleet" -d 'Run a section against every replica and judge them as a fleet'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "watch" -d 'Watch a section live: its findings redrawn every --interval, changes marked (q quits)'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "demo" -d 'Start a bundled server, drive traffic at it and diagnose it'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "collect" -d 'Save the evidence a section looks at (a support bundle) to --output or stdout'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "analyze" -d 'Judge evidence saved by `collect`, offline'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "diff" -d 'Compare two evidence bundles, before and after a fix, check by check'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "completions" -d 'Print the shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "man" -d 'Print the man page, or write every page into a directory'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "config" -d 'Show the settings in effect and where each came from, or write a config file'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "explain" -d 'Explain a check code or a likely cause: what it measures, its band, what to do'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "checks" -d 'List every check: code, title and the sources it looks at (--format json for tools)'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand quick" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand baseline" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand latency" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l profile -d 'Also take a CPU profile of the server over this many seconds' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l profile-out -d 'Where to save the profile [default: llmcfg-cpu-<time>.pprof]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l api-token -d 'Bearer token, when the server requires one for profiling' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cpu" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l duration -d 'Sample resident memory for this long and judge its trend, e.g. 5m' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l heap-profile -d 'Also save the server\'s heap profile (jemalloc\'s, for `jeprof`) to FILE' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l api-token -d 'Bearer token, when the server requires one for profiling' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand memory" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -l bigkeys -d 'Also scan Redis for its largest keys (SCAN + MEMORY USAGE, at most 50000 keys or 2 s)'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand cache" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand network" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand resources" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checklist" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand db" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand all" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l against -d 'The usual to compare with: the same span this long before (1d, 1w), or the span ending at an RFC 3339 TIME' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand history" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l step -d 'Time between two judged steps, e.g. 1m; each step judges the runbook\'s range before it' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand timeline" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l replica -d 'A replica\'s API URL, with its metrics URL after `=` when it is not the API\'s host on --metrics-url\'s port and path (repeatable); without any, the replicas are the runtime\'s pods or containers' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l key -d 'A key to read from every replica, to find versions that differ (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l sample-namespace -d 'Also read up to 20 keys of this namespace, as the first replica lists them' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l env -d 'The environment of the keys read' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l concurrency -d 'How many requests to the replicas are in flight at once (the sampling window between two scrapes holds none)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand fleet" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand watch" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l workload -d 'How long to drive traffic before the diagnosis' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l fault -d 'Induce a real fault and diagnose it; `--fault list` names them' -r -f -a "list\t'Name the faults and what each induces'
l1-too-small\t'CACHE_L1_SIZE far below the hot set: evictions, reads going to storage'
cold-cache\t'A restart over existing data, then reads spread over every key'
slow-storage\t'Another process holds the SQLite write lock in bursts; writers take the small pool and reads wait for it'
error-burst\t'Another process holds the SQLite write lock past the storage deadline: writes fail with 503'
rate-limited\t'One client sends far more than RATE_LIMIT_RPS allows: HTTP 429s'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand demo" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l section -d 'The section whose sources to collect' -r -f -a "quick\t''
baseline\t''
latency\t''
cpu\t''
memory\t''
cache\t''
network\t''
resources\t''
checklist\t''
db\t''
history\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand collect" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l section -d 'The section whose checks to run [default: the one collected]' -r -f -a "quick\t''
baseline\t''
latency\t''
cpu\t''
memory\t''
cache\t''
network\t''
resources\t''
checklist\t''
db\t''
history\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand analyze" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l section -d 'Judge both with this section\'s checks [default: each the one it was collected for]' -r -f -a "quick\t''
baseline\t''
latency\t''
cpu\t''
memory\t''
cache\t''
network\t''
resources\t''
checklist\t''
db\t''
history\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand diff" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand completions" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l out-dir -d 'Write llmcfg-doctor.1 and a page per subcommand (llmcfg-doctor-quick.1, ...) into this directory, creating it, instead of printing the main page' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand man" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -f -a "show" -d 'Print every setting\'s value and where it came from (flag, environment variable, config file, default), secrets hidden; a table, or JSON with --format json'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -f -a "init" -d 'Write a config file holding every setting at its default, commented'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and not __fish_seen_subcommand_from show init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -l force -d 'Replace the file if it exists'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print every setting\'s value and where it came from (flag, environment variable, config file, default), secrets hidden; a table, or JSON with --format json'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a config file holding every setting at its default, commented'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand explain" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l api-url -d 'The service\'s API [default: http://localhost:8080]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l metrics-url -d 'The service\'s Prometheus metrics endpoint [default: http://localhost:9090/metrics]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l prometheus-url -d 'Prometheus server (HTTP API) [default: http://localhost:9091]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l database-url -d 'PostgreSQL, as a URL or libpq key=value string' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l redis-url -d 'Redis URL' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l runtime -d 'How the service is deployed [default: auto]' -r -f -a "auto\t'Kubernetes in a pod or a kubeconfig context in the namespace, else a loaded systemd unit, else the Docker container, else a process by name'
docker\t''
kubernetes\t''
systemd\t''
process\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l container -d 'Docker container name or compose service [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l namespace -d 'Kubernetes namespace [default: llm-config]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l selector -d 'Kubernetes label selector [default: app=llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l unit -d 'systemd unit [default: llm-config-manager]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l process -d 'Process name [default: llm-config-server]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l pid -d 'Process id (implies the process runtime under auto)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l data-dir -d 'The service\'s data directory [default: where the service\'s process holds its database open, else /var/lib/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l log-dir -d 'The service\'s log directory [default: where the service\'s process holds its log files open, else /var/log/llm-config]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l timeout -d 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l window -d 'Sampling window of rates and CPU when neither Prometheus nor the service\'s start gives a wider one, e.g. 30s; a window longer than a quarter of --timeout adds its length to the deadline [default: 1s, or a quarter of --timeout when that is shorter]' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l require-traffic -d 'Make a rate or ratio whose window saw too few events to judge UNKNOWN instead of OK (not judged) [default: false]' -r -f -a "true\t''
false\t''"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l state-dir -d 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]' -r -f -a "(__fish_complete_directories)"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l runbook -d 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l format -d 'Output format [default: table on a terminal, else json]' -r -f -a "table\t'A table for people; colour on a terminal unless NO_COLOR is set'
json\t'The versioned JSON report, for programs'
markdown\t'A findings table and what to do, in Markdown, for tickets and CI summaries'
nagios\t'A monitoring-plugin status line and performance data, for Nagios'
junit\t'JUnit XML for CI test reports: a suite per section, a case per check'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l fail-on -d 'Lowest worst status that makes the exit code non-zero' -r -f -a "warning\t'WARNING, UNKNOWN and CRITICAL fail'
unknown\t'UNKNOWN and CRITICAL fail; WARNING passes'
critical\t'Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass'"
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -s o -l output -d 'Write the report (for `collect`, the evidence) to FILE instead of stdout' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l check -d 'Judge only the checks whose code matches PATTERN (a glob such as `cache.*`; repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l skip -d 'Leave out the checks whose code matches PATTERN (repeatable)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l wait -d 'Run again until a run passes the --fail-on floor, for at most DURATION' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l interval -d 'Time between the starts of two attempts of --wait, or two rounds of `watch`' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l at -d 'Judge a past time through Prometheus: an RFC 3339 time (2026-12-07T02:47:00Z) or a time ago (-2h)' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l since -d 'Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h' -r
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -l config -d 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]' -r -F
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -s q -l quiet -d 'The table\'s status line alone'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -s v -l verbose -d 'The table with where every finding\'s figure came from and what judged it, OK findings included'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand checks" -s V -l version -d 'Print version'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "quick" -d 'The 1-minute health check: response time, health, CPU, memory, errors, cache'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "baseline" -d 'Baseline: P50/P95/P99 and rate of each runbook operation vs its figures'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "latency" -d 'Latency: API P95, slowest operations, storage, one timed read, database'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "cpu" -d 'CPU: usage, request rate, slowest requests in the logs, workers vs cores'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "memory" -d 'Memory: usage vs limit, OOM kills, L1 size, breakdown, leak trend'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "cache" -d 'Cache: hit rate per tier, evictions, fill, TTLs, Redis reachability'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "network" -d 'Network: dependency round trips, DNS, connections, TCP errors, MTUs'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "resources" -d 'Resource exhaustion: file descriptors, threads, disks, old files'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "checklist" -d 'The runbook\'s optimization checklist, item by item'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "db" -d 'PostgreSQL: connections, long and blocked queries, slow statements, indexes, vacuum'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "all" -d 'Every section above, on one collection of evidence'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "history" -d 'The service against its own history: figures beside a week (or --against) earlier, and its objectives\' error budgets'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "timeline" -d 'When each check changed status over --since (6h), with restarts and deploys, from Prometheus'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "fleet" -d 'Run a section against every replica and judge them as a fleet'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "watch" -d 'Watch a section live: its findings redrawn every --interval, changes marked (q quits)'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "demo" -d 'Start a bundled server, drive traffic at it and diagnose it'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "collect" -d 'Save the evidence a section looks at (a support bundle) to --output or stdout'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "analyze" -d 'Judge evidence saved by `collect`, offline'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "diff" -d 'Compare two evidence bundles, before and after a fix, check by check'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "completions" -d 'Print the shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "man" -d 'Print the man page, or write every page into a directory'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "config" -d 'Show the settings in effect and where each came from, or write a config file'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "explain" -d 'Explain a check code or a likely cause: what it measures, its band, what to do'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "checks" -d 'List every check: code, title and the sources it looks at (--format json for tools)'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and not __fish_seen_subcommand_from quick baseline latency cpu memory cache network resources checklist db all history timeline fleet watch demo collect analyze diff completions man config explain checks help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print every setting\'s value and where it came from (flag, environment variable, config file, default), secrets hidden; a table, or JSON with --format json'
complete -c llmcfg-doctor -n "__fish_llmcfg_doctor_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write a config file holding every setting at its default, commented'
