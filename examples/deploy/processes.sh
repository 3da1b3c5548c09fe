#!/usr/bin/env bash
# Plain processes, no containers: M machines, each running core and N workers, sharing one
# PostgreSQL and one Redis. Run the "machine" part on every machine, the "coordinator" part once.
# Adapt the hosts; see docs/scale-out.md for sizing and monitoring.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/use-node.sh

PG=${PG:-postgres://postgres@db-host:5432}       # catalog, tenants and run store
export ONBOARD_REDIS_URL=${ONBOARD_REDIS_URL:-redis://redis-host:6379}
export ONBOARD_STORE=${ONBOARD_STORE:-$PG/onboard_runs}
: "${ONBOARD_SECRET_KEY:?export ONBOARD_SECRET_KEY (the same on coordinators and workers)}"
WORKERS=${WORKERS:-2}        # worker processes on this machine: about one per core left after core
CONCURRENCY=${CONCURRENCY:-4} # tasks per worker process

case "${1:-}" in
  machine)
    # core: stateless, one process per machine here; put a load balancer (or DNS round-robin) in
    # front of all of them and give its URL to the coordinator as --core. Tokens must not cross
    # the network in clear: terminate HTTPS at the load balancer (see nginx.conf), or let core
    # serve HTTPS itself by exporting MADEUP_TLS_CERT and MADEUP_TLS_KEY (PEM files) here.
    MADEUP_CATALOG_URL=$PG/madeup_catalog MADEUP_POSTGRES_URL=$PG MADEUP_DEFAULT_DIALECT=postgres \
      node packages/core/bin/madeup-core.js serve --host 0.0.0.0 --port 8080 &
    for i in $(seq 1 "$WORKERS"); do
      node packages/onboard/bin/onboard.js worker --concurrency "$CONCURRENCY" \
        --metrics-port $((9463 + i)) > "worker-$i.log" &
    done
    # SIGTERM to this script's children lets each worker finish or hand back its tasks.
    trap 'kill -TERM $(jobs -p); wait' TERM INT
    wait
    ;;
  coordinator)
    shift
    # e.g. ./processes.sh coordinator --mapping examples/vendor-x/mapping.yaml \
    #        --source postgres://vendor@vendor-host/vendorx --core https://core-lb:8443
    : "${ONBOARD_TOKEN:?export ONBOARD_TOKEN (the tenant's token)}"
    exec node packages/onboard/bin/onboard.js run --executor bullmq "$@"
    ;;
  *)
    echo "usage: $0 machine | coordinator --mapping FILE --source URL --core URL" >&2
    exit 2
    ;;
esac
