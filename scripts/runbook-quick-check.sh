#!/usr/bin/env bash
# Baseline for scripts/bench-doctor: the runbook's 1-minute health check as
# an operator would run it by hand against a Docker Compose deployment
# (curl timing of /health, its status through jq, docker stats, ERROR lines
# in the last 5 minutes of compose logs, the raw cache counters).
set -u
api=${API:-http://localhost:8080}
metrics=${METRICS:-http://localhost:9090/metrics}
container=${CONTAINER:-llm-config-manager}

echo "response time: $(curl -s -o /dev/null -w '%{time_total}s' "$api/health")"
echo "status: $(curl -s "$api/health" | jq -r '.status')"
docker stats "$container" --no-stream --format 'CPU {{.CPUPerc}}, memory {{.MemPerc}}'
echo "errors: $(docker-compose logs --since 5m "$container" 2>/dev/null | grep -c ERROR)"
curl -s "$metrics" | grep cache_hits_total | tail -2
