#!/usr/bin/env bash
# Starts (or stops) a throw-away RabbitMQ broker for the tests, from Debian's packages:
#   scripts/test-rabbitmq.sh start   -> prints the AMQP URL to use (user with every right)
#   scripts/test-rabbitmq.sh stop
# The broker runs as the 'rabbitmq' user on 127.0.0.1:${ALTUS_TEST_RABBITMQ_PORT:-55672} with its
# own Erlang node name, distribution port (AMQP port + 1), port mapper (AMQP port + 2) and data in
# ${ALTUS_TEST_RABBITMQ_DIR:-/tmp/altus-test-rabbitmq}, so it disturbs no other broker on the host.
# Virtual host 'altus'; users, each with the password 'altus':
#   altus             every right on the virtual host (the tests' own user)
#   altus-controller  the controller role: every queue and exchange of the cloud
#   altus-network     the network role: its own queues (network.*), the fanout notifications
#   altus-compute     the compute role: its own queues (compute.*), the fanout notifications
# (docs/operator-guide.md, "Multi-node", tells what each role may do and why.)
set -euo pipefail
port="${ALTUS_TEST_RABBITMQ_PORT:-55672}"
dir="${ALTUS_TEST_RABBITMQ_DIR:-/tmp/altus-test-rabbitmq}"
export RABBITMQ_NODENAME="altus-test-$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$port"
export RABBITMQ_DIST_PORT=$((port + 1)) ERL_EPMD_PORT=$((port + 2))
export RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log"
export RABBITMQ_CONFIG_FILE="$dir/rabbitmq" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
export RABBITMQ_PID_FILE="$dir/broker.pid" HOME="$dir" ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
bin=/usr/lib/rabbitmq/bin

as_rabbitmq() { runuser -u rabbitmq --preserve-environment -- "$@"; }
ctl() { as_rabbitmq "$bin/rabbitmqctl" -q "$@"; }
running() { [ -s "$RABBITMQ_PID_FILE" ] && kill -0 "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

case "${1:-start}" in
  start)
    if [ ! -x "$bin/rabbitmq-server" ]; then
      echo "test-rabbitmq: installing rabbitmq-server from Debian's packages" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2 && apt-get install -y -qq rabbitmq-server >&2
    fi
    if ! running; then
      rm -rf "$dir" && mkdir -p "$dir/log" "$dir/mnesia"
      head -c 30 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$dir/.erlang.cookie"
      chmod 400 "$dir/.erlang.cookie"
      echo "[]." > "$dir/enabled_plugins"
      # no disk or memory alarms for a test broker on a busy shared machine
      printf '%s\n' "listeners.tcp.default = 127.0.0.1:$port" "disk_free_limit.absolute = 1MB" \
        "vm_memory_high_watermark.relative = 0.8" "loopback_users = none" \
        "load_definitions = $dir/definitions.json" > "$dir/rabbitmq.conf"
      # the virtual host, users and rights are loaded at boot (one rabbitmqctl call costs a second)
      /usr/bin/python3 - "$dir/definitions.json" <<'PY'
import base64, hashlib, json, os, sys
def user(name):  # RabbitMQ's rabbit_password_hashing_sha256: base64(salt + sha256(salt + password))
    salt = os.urandom(4)
    digest = hashlib.sha256(salt + b"altus").digest()
    return {"name": name, "password_hash": base64.b64encode(salt + digest).decode(),
            "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ""}
def role(name):  # configure, write, read: its own queues, reply queues, the fanout exchanges
    own = "^(%s\\..*|amq\\.gen-.*|altus\\.fanout\\..*)$" % name
    return {"user": "altus-" + name, "vhost": "altus", "configure": own,
            "write": "^(amq\\.default|amq\\.gen-.*|altus\\.fanout\\..*)$", "read": own}
every = lambda u: {"user": u, "vhost": "altus", "configure": ".*", "write": ".*", "read": ".*"}
users = ["altus", "altus-controller", "altus-network", "altus-compute"]
json.dump({"vhosts": [{"name": "altus"}], "users": [user(u) for u in users],
           "permissions": [every("altus"), every("altus-controller"), role("network"),
                           role("compute")]}, open(sys.argv[1], "w"), indent=1)
PY
      chown -R rabbitmq:rabbitmq "$dir"
      (cd "$dir" && as_rabbitmq "$bin/rabbitmq-server" -detached) >/dev/null 2>&1
      # the listener opens once the definitions are loaded (the Erlang CLI's own start costs more)
      for _ in $(seq 1 300); do
        listening && break
        sleep 0.2
      done
      if ! listening; then
        echo "test-rabbitmq: the broker did not start; its log:" >&2
        tail -n 30 "$dir/log/"*.log >&2 2>/dev/null || true
        exit 1
      fi
    fi
    echo "amqp://altus:altus@127.0.0.1:$port/altus"
    ;;
  stop)
    if [ -d "$dir" ]; then
      ctl stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
      epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
      rm -rf "$dir"
    fi
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2;;
esac
