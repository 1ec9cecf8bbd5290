#!/usr/bin/env bash
# Starts (or stops) a throw-away MariaDB server for the tests, from Debian's packages:
#   scripts/test-mariadb.sh start   -> prints the JDBC URL to use
#   scripts/test-mariadb.sh stop
# The server runs as the 'mysql' user on 127.0.0.1:${ALTUS_TEST_MARIADB_PORT:-53306} with its data
# in ${ALTUS_TEST_MARIADB_DIR:-/tmp/altus-test-mariadb}; database 'altus', user 'altus', password
# 'altus', who may also create the tests' own databases (altus_*).
set -euo pipefail
port="${ALTUS_TEST_MARIADB_PORT:-53306}"
dir="${ALTUS_TEST_MARIADB_DIR:-/tmp/altus-test-mariadb}"
sock="$dir/mysqld.sock"
pidfile="$dir/mysqld.pid"

running() { [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
client() { mariadb --no-defaults -S "$sock" -u root "$@"; }

case "${1:-start}" in
  start)
    if [ ! -x /usr/sbin/mariadbd ]; then
      echo "test-mariadb: installing mariadb-server from Debian's packages" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2 && apt-get install -y -qq mariadb-server >&2
    fi
    if ! running; then
      rm -rf "$dir" && mkdir -p "$dir/data" && chown -R mysql:mysql "$dir"
      mariadb-install-db --no-defaults --user=mysql --datadir="$dir/data" \
        --auth-root-authentication-method=socket --skip-test-db > "$dir/install.log" 2>&1 || {
        echo "test-mariadb: mariadb-install-db failed:" >&2; tail -n 20 "$dir/install.log" >&2
        exit 1
      }
      # durability off: a test database is thrown away, and fsyncs cost the shared machine
      runuser -u mysql -- /usr/sbin/mariadbd --no-defaults --datadir="$dir/data" \
        --socket="$sock" --pid-file="$pidfile" --port="$port" --bind-address=127.0.0.1 \
        --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --sync-binlog=0 \
        --innodb-buffer-pool-size=64M --max-connections=300 --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_bin --log-error="$dir/server.log" > /dev/null 2>&1 &
      for _ in $(seq 1 150); do
        client -e 'SELECT 1' > /dev/null 2>&1 && break
        sleep 0.2
      done
      if ! client -e 'SELECT 1' > /dev/null 2>&1; then
        echo "test-mariadb: the server did not start; its log:" >&2
        tail -n 30 "$dir/server.log" >&2 2>/dev/null || true
        exit 1
      fi
      client -e "CREATE DATABASE altus; CREATE USER 'altus'@'127.0.0.1' IDENTIFIED BY 'altus';
        GRANT ALL ON altus.* TO 'altus'@'127.0.0.1';
        GRANT ALL ON \`altus\\_%\`.* TO 'altus'@'127.0.0.1';"
    fi
    echo "jdbc:mariadb://127.0.0.1:$port/altus"
    ;;
  stop)
    if running; then
      kill "$(cat "$pidfile")"
      for _ in $(seq 1 100); do running || break; sleep 0.1; done
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2;;
esac
