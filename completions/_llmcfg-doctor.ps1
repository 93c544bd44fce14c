
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'llmcfg-doctor' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'llmcfg-doctor'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'llmcfg-doctor' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('quick', 'quick', [CompletionResultType]::ParameterValue, 'The 1-minute health check: response time, health, CPU, memory, errors, cache')
            [CompletionResult]::new('baseline', 'baseline', [CompletionResultType]::ParameterValue, 'Baseline: P50/P95/P99 and rate of each runbook operation vs its figures')
            [CompletionResult]::new('latency', 'latency', [CompletionResultType]::ParameterValue, 'Latency: API P95, slowest operations, storage, one timed read, database')
            [CompletionResult]::new('cpu', 'cpu', [CompletionResultType]::ParameterValue, 'CPU: usage, request rate, slowest requests in the logs, workers vs cores')
            [CompletionResult]::new('memory', 'memory', [CompletionResultType]::ParameterValue, 'Memory: usage vs limit, OOM kills, L1 size, breakdown, leak trend')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Cache: hit rate per tier, evictions, fill, TTLs, Redis reachability')
            [CompletionResult]::new('network', 'network', [CompletionResultType]::ParameterValue, 'Network: dependency round trips, DNS, connections, TCP errors, MTUs')
            [CompletionResult]::new('resources', 'resources', [CompletionResultType]::ParameterValue, 'Resource exhaustion: file descriptors, threads, disks, old files')
            [CompletionResult]::new('checklist', 'checklist', [CompletionResultType]::ParameterValue, 'The runbook''s optimization checklist, item by item')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'PostgreSQL: connections, long and blocked queries, slow statements, indexes, vacuum')
            [CompletionResult]::new('all', 'all', [CompletionResultType]::ParameterValue, 'Every section above, on one collection of evidence')
            [CompletionResult]::new('fleet', 'fleet', [CompletionResultType]::ParameterValue, 'Run a section against every replica and judge them as a fleet')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Start a bundled server, drive traffic at it and diagnose it')
            [CompletionResult]::new('collect', 'collect', [CompletionResultType]::ParameterValue, 'Save the evidence a section looks at (a support bundle) to --output or stdout')
            [CompletionResult]::new('analyze', 'analyze', [CompletionResultType]::ParameterValue, 'Judge evidence saved by `collect`, offline')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two evidence bundles, before and after a fix, check by check')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write every page into a directory')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the settings in effect and where each came from, or write a config file')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a check code or a likely cause: what it measures, its band, what to do')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'llmcfg-doctor;quick' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;baseline' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;latency' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;cpu' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Also take a CPU profile of the server over this many seconds')
            [CompletionResult]::new('--profile-out', '--profile-out', [CompletionResultType]::ParameterName, 'Where to save the profile [default: llmcfg-cpu-<time>.pprof]')
            [CompletionResult]::new('--api-token', '--api-token', [CompletionResultType]::ParameterName, 'Bearer token, when the server requires one for profiling')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;memory' {
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Sample resident memory for this long and judge its trend, e.g. 5m')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;cache' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('--bigkeys', '--bigkeys', [CompletionResultType]::ParameterName, 'Also scan Redis for its largest keys (SCAN + MEMORY USAGE, at most 50000 keys or 2 s)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;network' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;resources' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;checklist' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;db' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;all' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;fleet' {
            [CompletionResult]::new('--replica', '--replica', [CompletionResultType]::ParameterName, 'A replica''s API URL, with its metrics URL after `=` when it is not the API''s host on --metrics-url''s port and path (repeatable); without any, the replicas are the runtime''s pods or containers')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A key to read from every replica, to find versions that differ (repeatable)')
            [CompletionResult]::new('--sample-namespace', '--sample-namespace', [CompletionResultType]::ParameterName, 'Also read up to 20 keys of this namespace, as the first replica lists them')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment of the keys read')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many requests to the replicas are in flight at once (the sampling window between two scrapes holds none)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;demo' {
            [CompletionResult]::new('--workload', '--workload', [CompletionResultType]::ParameterName, 'How long to drive traffic before the diagnosis')
            [CompletionResult]::new('--fault', '--fault', [CompletionResultType]::ParameterName, 'Induce a real fault and diagnose it; `--fault list` names them')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;collect' {
            [CompletionResult]::new('--section', '--section', [CompletionResultType]::ParameterName, 'The section whose sources to collect')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;analyze' {
            [CompletionResult]::new('--section', '--section', [CompletionResultType]::ParameterName, 'The section whose checks to run [default: the one collected]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;diff' {
            [CompletionResult]::new('--section', '--section', [CompletionResultType]::ParameterName, 'Judge both with this section''s checks [default: each the one it was collected for]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;completions' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write llmcfg-doctor.1 and a page per subcommand (llmcfg-doctor-quick.1, ...) into this directory, creating it, instead of printing the main page')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;config' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting''s value and where it came from (flag, environment variable, config file, default), secrets hidden; a table, or JSON with --format json')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a config file holding every setting at its default, commented')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'llmcfg-doctor;config;show' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;config;init' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the file if it exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting''s value and where it came from (flag, environment variable, config file, default), secrets hidden; a table, or JSON with --format json')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a config file holding every setting at its default, commented')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'llmcfg-doctor;config;help;show' {
            break
        }
        'llmcfg-doctor;config;help;init' {
            break
        }
        'llmcfg-doctor;config;help;help' {
            break
        }
        'llmcfg-doctor;explain' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The service''s API [default: http://localhost:8080]')
            [CompletionResult]::new('--metrics-url', '--metrics-url', [CompletionResultType]::ParameterName, 'The service''s Prometheus metrics endpoint [default: http://localhost:9090/metrics]')
            [CompletionResult]::new('--prometheus-url', '--prometheus-url', [CompletionResultType]::ParameterName, 'Prometheus server (HTTP API) [default: http://localhost:9091]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL, as a URL or libpq key=value string')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis URL')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How the service is deployed [default: auto]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Docker container name or compose service [default: llm-config-manager]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace [default: llm-config]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Kubernetes label selector [default: app=llm-config-manager]')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'systemd unit [default: llm-config-manager]')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Process name [default: llm-config-server]')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Process id (implies the process runtime under auto)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'The service''s data directory [default: /var/lib/llm-config]')
            [CompletionResult]::new('--log-dir', '--log-dir', [CompletionResultType]::ParameterName, 'The service''s log directory [default: /var/log/llm-config]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where a run keeps its last readings, so that the next within 90s measures from them instead of sampling anew; `none` keeps nothing [default: $XDG_STATE_HOME/llmcfg-doctor, else ~/.local/state/llmcfg-doctor]')
            [CompletionResult]::new('--runbook', '--runbook', [CompletionResultType]::ParameterName, 'Runbook file with the thresholds and remediation texts [default: the compiled-in runbooks/performance.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, else json]')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest worst status that makes the exit code non-zero')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report (for `collect`, the evidence) to FILE instead of stdout')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Run again until a run passes the --fail-on floor, for at most DURATION')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the starts of two attempts of --wait')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'llmcfg-doctor;help' {
            [CompletionResult]::new('quick', 'quick', [CompletionResultType]::ParameterValue, 'The 1-minute health check: response time, health, CPU, memory, errors, cache')
            [CompletionResult]::new('baseline', 'baseline', [CompletionResultType]::ParameterValue, 'Baseline: P50/P95/P99 and rate of each runbook operation vs its figures')
            [CompletionResult]::new('latency', 'latency', [CompletionResultType]::ParameterValue, 'Latency: API P95, slowest operations, storage, one timed read, database')
            [CompletionResult]::new('cpu', 'cpu', [CompletionResultType]::ParameterValue, 'CPU: usage, request rate, slowest requests in the logs, workers vs cores')
            [CompletionResult]::new('memory', 'memory', [CompletionResultType]::ParameterValue, 'Memory: usage vs limit, OOM kills, L1 size, breakdown, leak trend')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Cache: hit rate per tier, evictions, fill, TTLs, Redis reachability')
            [CompletionResult]::new('network', 'network', [CompletionResultType]::ParameterValue, 'Network: dependency round trips, DNS, connections, TCP errors, MTUs')
            [CompletionResult]::new('resources', 'resources', [CompletionResultType]::ParameterValue, 'Resource exhaustion: file descriptors, threads, disks, old files')
            [CompletionResult]::new('checklist', 'checklist', [CompletionResultType]::ParameterValue, 'The runbook''s optimization checklist, item by item')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'PostgreSQL: connections, long and blocked queries, slow statements, indexes, vacuum')
            [CompletionResult]::new('all', 'all', [CompletionResultType]::ParameterValue, 'Every section above, on one collection of evidence')
            [CompletionResult]::new('fleet', 'fleet', [CompletionResultType]::ParameterValue, 'Run a section against every replica and judge them as a fleet')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Start a bundled server, drive traffic at it and diagnose it')
            [CompletionResult]::new('collect', 'collect', [CompletionResultType]::ParameterValue, 'Save the evidence a section looks at (a support bundle) to --output or stdout')
            [CompletionResult]::new('analyze', 'analyze', [CompletionResultType]::ParameterValue, 'Judge evidence saved by `collect`, offline')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two evidence bundles, before and after a fix, check by check')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write every page into a directory')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the settings in effect and where each came from, or write a config file')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a check code or a likely cause: what it measures, its band, what to do')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'llmcfg-doctor;help;quick' {
            break
        }
        'llmcfg-doctor;help;baseline' {
            break
        }
        'llmcfg-doctor;help;latency' {
            break
        }
        'llmcfg-doctor;help;cpu' {
            break
        }
        'llmcfg-doctor;help;memory' {
            break
        }
        'llmcfg-doctor;help;cache' {
            break
        }
        'llmcfg-doctor;help;network' {
            break
        }
        'llmcfg-doctor;help;resources' {
            break
        }
        'llmcfg-doctor;help;checklist' {
            break
        }
        'llmcfg-doctor;help;db' {
            break
        }
        'llmcfg-doctor;help;all' {
            break
        }
        'llmcfg-doctor;help;fleet' {
            break
        }
        'llmcfg-doctor;help;demo' {
            break
        }
        'llmcfg-doctor;help;collect' {
            break
        }
        'llmcfg-doctor;help;analyze' {
            break
        }
        'llmcfg-doctor;help;diff' {
            break
        }
        'llmcfg-doctor;help;completions' {
            break
        }
        'llmcfg-doctor;help;man' {
            break
        }
        'llmcfg-doctor;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting''s value and where it came from (flag, environment variable, config file, default), secrets hidden; a table, or JSON with --format json')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a config file holding every setting at its default, commented')
            break
        }
        'llmcfg-doctor;help;config;show' {
            break
        }
        'llmcfg-doctor;help;config;init' {
            break
        }
        'llmcfg-doctor;help;explain' {
            break
        }
        'llmcfg-doctor;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
