#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL server for the tests, from Debian's packages:
#   scripts/test-postgres.sh start   -> prints the JDBC URL to use
#   scripts/test-postgres.sh stop
# The server runs as the 'postgres' user on 127.0.0.1:${ALTUS_TEST_PG_PORT:-55432} with its data in
# ${ALTUS_TEST_PG_DIR:-/tmp/altus-test-pg}; database 'altus', user 'altus', password 'altus'.
set -euo pipefail
port="${ALTUS_TEST_PG_PORT:-55432}"
dir="${ALTUS_TEST_PG_DIR:-/tmp/altus-test-pg}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"

case "${1:-start}" in
  start)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
      echo "test-postgres: installing postgresql from Debian's packages" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
      bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
    if ! runuser -u postgres -- "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      rm -rf "$dir" && mkdir -p "$dir" && chown postgres "$dir"
      runuser -u postgres -- "$bin/initdb" -D "$dir" -A trust -U postgres >/dev/null
      runuser -u postgres -- "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
      runuser -u postgres -- "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -q \
        -c "CREATE USER altus PASSWORD 'altus'" -c "CREATE DATABASE altus OWNER altus" >/dev/null
    fi
    echo "jdbc:postgresql://127.0.0.1:$port/altus"
    ;;
  stop)
    [ -n "$bin" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2;;
esac
