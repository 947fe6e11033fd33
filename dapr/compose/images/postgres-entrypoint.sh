#!/bin/sh
# The local stand-in for the official postgres image's entrypoint (scripts/containers/local-infra.sh):
# on an empty PGDATA, initdb with POSTGRES_USER (default postgres) / POSTGRES_PASSWORD, password
# logins from anywhere; then `postgres ARGS…` runs the server.
set -eu
if [ "${1:-}" = postgres ]; then
  shift
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    pwfile=$(mktemp)
    printf '%s' "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}" >"$pwfile"
    initdb --username="${POSTGRES_USER:-postgres}" --pwfile="$pwfile" --auth=scram-sha-256 -D "$PGDATA" >/dev/null
    rm -f "$pwfile"
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  fi
  exec postgres -D "$PGDATA" "$@"
fi
exec "$@"
