#!/usr/bin/env bash
# A local production-shaped cluster from Debian's packages (docs/PRODUCTION.md):
#   one etcd, three PostgreSQL 15 members managed by Patroni, HAProxy in front of the database
#   (primary and read-only ports) and of two portal nodes, and a Mosquitto of its own.
#
#   deploy/cluster.sh start    installs what is missing, starts what is not running (idempotent)
#   deploy/cluster.sh stop     stops everything it started
#   deploy/cluster.sh status   members and roles (patronictl list), and each process
#
# Environment:
#   CLUSTER_DIR          state folder (default: .cluster/ at the repository root)
#   CLUSTER_PORT_BASE    first port of the block the cluster uses (default 25400; see below)
#   CLUSTER_SYNCHRONOUS  1: synchronous replication (Patroni synchronous_mode), 0 (default): asynchronous;
#                        applied at every start, so `CLUSTER_SYNCHRONOUS=1 deploy/cluster.sh start`
#                        switches a running cluster
#   CLUSTER_PORTAL_NODES number of portal nodes (default 2)
#
# Must run as root (it installs packages and runs PostgreSQL as the postgres user).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLUSTER_DIR="${CLUSTER_DIR:-$REPO_ROOT/.cluster}"
PORT_BASE="${CLUSTER_PORT_BASE:-25400}"
SYNCHRONOUS="${CLUSTER_SYNCHRONOUS:-0}"
PORTAL_NODES="${CLUSTER_PORTAL_NODES:-2}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
MEMBERS=(1 2 3)
cd "$REPO_ROOT"   # the portal nodes run `node scripts/start.mjs` from here

# The port block, clear of the usual services (PostgreSQL 5432, Mosquitto 1883, Redis 6379,
# RabbitMQ 5672, NATS 4222, MariaDB 3306).
ETCD_CLIENT_PORT=$((PORT_BASE + 0))
ETCD_PEER_PORT=$((PORT_BASE + 1))
HAPROXY_PRIMARY_PORT=$((PORT_BASE + 10))   # database, read-write: the current primary
HAPROXY_REPLICA_PORT=$((PORT_BASE + 11))   # database, read-only: a replica
HAPROXY_HTTP_PORT=$((PORT_BASE + 20))      # the portal
HAPROXY_STATS_PORT=$((PORT_BASE + 21))     # HAProxy's own page
MOSQUITTO_PORT=$((PORT_BASE + 50))
pg_port() { echo $((PORT_BASE + 30 + $1)); }           # 25431..25433
patroni_port() { echo $((PORT_BASE + 40 + $1)); }      # 25441..25443 (REST API)
portal_port() { echo $((PORT_BASE + 60 + $1)); }       # 25461, 25462, …
portal_metrics_port() { echo $((PORT_BASE + 70 + $1)); }

log() { printf '[cluster] %s\n' "$*"; }
die() { printf '[cluster] error: %s\n' "$*" >&2; exit 1; }

pid_file() { echo "$CLUSTER_DIR/run/$1.pid"; }
is_running() {
  local file; file="$(pid_file "$1")"
  [[ -f "$file" ]] && kill -0 "$(cat "$file")" 2>/dev/null
}
# Starts a command in the background, detached from this shell, logging to CLUSTER_DIR/log/NAME.log.
launch() {
  local name="$1"; shift
  setsid "$@" >>"$CLUSTER_DIR/log/$name.log" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
}
wait_for() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || die "$what not ready after ${seconds}s (logs in $CLUSTER_DIR/log)"
    sleep 0.5
  done
}

install_missing_packages() {
  local missing=()
  command -v patroni >/dev/null || missing+=(patroni)
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v etcdctl >/dev/null || missing+=(etcd-client)
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v mosquitto >/dev/null && [[ -x /usr/sbin/mosquitto ]] || missing+=(mosquitto)
  [[ -x "$PG_BIN/postgres" ]] || missing+=(postgresql-15)
  command -v psql >/dev/null || missing+=(postgresql-client-15)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    # A fresh machine may have no package lists yet, or stale ones: refresh them and try again.
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" \
      || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"; }
  fi
}

# --- configuration files (rewritten at every start: the settings live here, not in the folder) ---

write_patroni_config() {
  local member="$1" dir="$CLUSTER_DIR/pg$1"
  install -d -o postgres -g postgres -m 0700 "$dir"
  cat > "$dir/patroni.yml" <<EOF
scope: portal
name: pg$member
log:
  level: INFO
restapi:
  listen: 127.0.0.1:$(patroni_port "$member")
  connect_address: 127.0.0.1:$(patroni_port "$member")
etcd3:
  host: 127.0.0.1:$ETCD_CLIENT_PORT
bootstrap:
  # Written to etcd once, when the cluster is first initialised; the synchronous mode is then
  # set by \`patronictl edit-config\` at every start (CLUSTER_SYNCHRONOUS).
  dcs:
    # ttl: how long the leader key lives without a renewal. A dead primary is noticed when it
    # expires, so this bounds the failover time (about ttl + loop_wait). Patroni requires
    # ttl >= loop_wait + 2 × retry_timeout; 20 leaves room for two failed DCS calls.
    ttl: 20
    # loop_wait: seconds between two rounds of each member's loop (renewal, health checks).
    loop_wait: 2
    # retry_timeout: how long a member retries etcd or PostgreSQL before demoting itself.
    # Short, so a primary cut off from etcd steps down well before its key expires.
    retry_timeout: 5
    # A replica more than 1 MB of WAL behind is never promoted (it would lose that much).
    maximum_lag_on_failover: 1048576
    synchronous_mode: false
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 128MB
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
postgresql:
  listen: 127.0.0.1:$(pg_port "$member")
  connect_address: 127.0.0.1:$(pg_port "$member")
  data_dir: $dir/data
  bin_dir: $PG_BIN
  pgpass: $dir/pgpass
  authentication:
    superuser:
      username: postgres
    replication:
      username: replicator
      password: replicator-local-only
    rewind:
      username: postgres
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
  parameters:
    unix_socket_directories: $dir
    # Small on purpose: three members share a small machine with the portal nodes.
    shared_buffers: 64MB
    effective_cache_size: 256MB
    work_mem: 4MB
    maintenance_work_mem: 32MB
    max_connections: 100
    max_wal_size: 512MB
    # Durable commits: what is acknowledged is on disk (and, in synchronous mode, on a standby).
    fsync: "on"
    synchronous_commit: "on"
EOF
  chown postgres:postgres "$dir/patroni.yml"
}

write_haproxy_config() {
  local pg_servers_primary="" pg_servers_replica="" portal_servers="" member node
  for member in "${MEMBERS[@]}"; do
    pg_servers_primary+="  server pg$member 127.0.0.1:$(pg_port "$member") check port $(patroni_port "$member")"$'\n'
    pg_servers_replica+="  server pg$member 127.0.0.1:$(pg_port "$member") check port $(patroni_port "$member")"$'\n'
  done
  for node in $(seq 1 "$PORTAL_NODES"); do
    portal_servers+="  server node$node 127.0.0.1:$(portal_port "$node") check"$'\n'
  done
  cat > "$CLUSTER_DIR/haproxy.cfg" <<EOF
global
  maxconn 2000
  log stdout format raw local0 notice

defaults
  log global
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 2s

# Read-write connections: only the member whose Patroni answers 200 on /primary.
# on-marked-down shutdown-sessions cuts the connections to a demoted or dead primary, so the
# portal's pool opens new ones to the new primary instead of waiting on dead sockets.
listen postgres_primary
  mode tcp
  bind 127.0.0.1:$HAPROXY_PRIMARY_PORT
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
${pg_servers_primary}
# Read-only connections: replicas that are streaming and at most 16 MB behind (/replica?lag).
# The portal checks the replay lag in seconds itself before it sends a read (DATABASE_REPLICA_URL).
listen postgres_replica
  mode tcp
  bind 127.0.0.1:$HAPROXY_REPLICA_PORT
  balance roundrobin
  option httpchk GET /replica?lag=16MB
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
${pg_servers_replica}
# HTTP to the portal nodes; a node is in rotation while /api/health/ready answers 200.
# A connection refused by a dead node is tried again on another one (retry-on, redispatch).
listen portal_http
  mode http
  bind 127.0.0.1:$HAPROXY_HTTP_PORT
  balance roundrobin
  option httpchk GET /api/health/ready
  http-check expect status 200
  option forwardfor
  option redispatch
  retries 3
  retry-on conn-failure empty-response response-timeout
  timeout server 60s
  default-server inter 1s fall 2 rise 2
${portal_servers}
listen stats
  mode http
  bind 127.0.0.1:$HAPROXY_STATS_PORT
  stats enable
  stats uri /
EOF
}

write_mosquitto_config() {
  install -d -o mosquitto -g mosquitto "$CLUSTER_DIR/mosquitto"
  cat > "$CLUSTER_DIR/mosquitto.conf" <<EOF
listener $MOSQUITTO_PORT 127.0.0.1
allow_anonymous true
persistence true
persistence_location $CLUSTER_DIR/mosquitto/
autosave_interval 10
# Each portal connection has a persistent session: what the broker holds for a node that is
# away waits for it (up to this many messages per session, then newer ones are dropped).
max_queued_messages 100000
user mosquitto
EOF
}

# --- starting ---

start_etcd() {
  if is_running etcd; then return; fi
  log "starting etcd on 127.0.0.1:$ETCD_CLIENT_PORT"
  launch etcd etcd --name portal-etcd --data-dir "$CLUSTER_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "portal-etcd=http://127.0.0.1:$ETCD_PEER_PORT"
  wait_for etcd 30 curl -sf "http://127.0.0.1:$ETCD_CLIENT_PORT/health"
}

start_member() {
  local member="$1"
  write_patroni_config "$member"
  if is_running "patroni$member"; then return; fi
  # A PostgreSQL left running by a Patroni that was killed (the failover test kills both, but
  # a crash may not) would refuse a second postmaster: stop it first.
  local postmaster="$CLUSTER_DIR/pg$member/data/postmaster.pid"
  if [[ -f "$postmaster" ]] && kill -0 "$(head -1 "$postmaster")" 2>/dev/null; then
    log "stopping the orphaned PostgreSQL of pg$member"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/pg$member/data" stop -m fast || true
  fi
  log "starting Patroni pg$member (PostgreSQL on $(pg_port "$member"), REST on $(patroni_port "$member"))"
  # setpriv, not runuser: it execs Patroni as postgres in place (runuser stays as a parent), so
  # the pid file holds Patroni's own pid, the one the failover test kills.
  launch "patroni$member" env HOME="$CLUSTER_DIR/pg$member" setpriv --reuid=postgres --regid=postgres --init-groups \
    patroni "$CLUSTER_DIR/pg$member/patroni.yml"
}

primary_port() {
  local member
  for member in "${MEMBERS[@]}"; do
    if curl -sf -o /dev/null "http://127.0.0.1:$(patroni_port "$member")/primary"; then pg_port "$member"; return 0; fi
  done
  return 1
}

apply_replication_mode() {
  local mode=false
  [[ "$SYNCHRONOUS" == 1 ]] && mode=true
  log "replication: synchronous_mode=$mode"
  patronictl -c "$CLUSTER_DIR/pg1/patroni.yml" edit-config --force --quiet -s "synchronous_mode=$mode" >/dev/null
}

start_haproxy() {
  local before=""
  [[ -f "$CLUSTER_DIR/haproxy.cfg" ]] && before="$(cat "$CLUSTER_DIR/haproxy.cfg")"
  write_haproxy_config
  haproxy -c -q -f "$CLUSTER_DIR/haproxy.cfg"
  if is_running haproxy; then
    # Reload in place, keeping its connections, only if the configuration changed (more portal nodes).
    [[ "$before" == "$(cat "$CLUSTER_DIR/haproxy.cfg")" ]] || kill -USR2 "$(cat "$(pid_file haproxy)")"
  else
    log "starting HAProxy: database primary $HAPROXY_PRIMARY_PORT, replica $HAPROXY_REPLICA_PORT, HTTP $HAPROXY_HTTP_PORT, stats $HAPROXY_STATS_PORT"
    launch haproxy haproxy -W -db -f "$CLUSTER_DIR/haproxy.cfg"
  fi
  # A fresh HAProxy counts every server up until its first checks fail: wait until the primary
  # port has exactly one member behind it.
  wait_for "HAProxy's primary backend" 30 one_primary_behind_haproxy
}

one_primary_behind_haproxy() {
  local up
  up="$(curl -sf "http://127.0.0.1:$HAPROXY_STATS_PORT/;csv" | awk -F, '$1 == "postgres_primary" && $2 ~ /^pg/ && $18 == "UP"' | wc -l)"
  [[ "$up" == 1 ]]
}

start_mosquitto() {
  write_mosquitto_config
  if is_running mosquitto; then return; fi
  log "starting Mosquitto on 127.0.0.1:$MOSQUITTO_PORT"
  launch mosquitto mosquitto -c "$CLUSTER_DIR/mosquitto.conf"
  wait_for Mosquitto 15 bash -c "exec 3<>/dev/tcp/127.0.0.1/$MOSQUITTO_PORT"
}

ensure_portal_database() {
  local url="postgresql://postgres@127.0.0.1:$HAPROXY_PRIMARY_PORT/postgres"
  wait_for "the primary through HAProxy" 60 psql "$url" -Atc 'select 1'
  if [[ -z "$(psql "$url" -Atc "select 1 from pg_database where datname = 'portal'")" ]]; then
    log "creating the database portal"
    psql "$url" -qc 'create database portal'
  fi
}

session_secret() {
  local file="$CLUSTER_DIR/session-secret"
  if [[ ! -s "$file" ]]; then (umask 077; openssl rand -base64 32 > "$file"); fi
  cat "$file"
}

start_portal_node() {
  local node="$1" secret="$2"
  if is_running "portal$node"; then return; fi
  log "starting portal node $node on 127.0.0.1:$(portal_port "$node")"
  mkdir -p "$CLUSTER_DIR/portal$node"
  # The cluster runs the demo portfolio (development mode): production also needs https,
  # an SMTP relay and no demo data (README, Configuration).
  launch "portal$node" env NODE_ENV=development PORT="$(portal_port "$node")" HOST=127.0.0.1 \
    PUBLIC_URL="http://localhost:$HAPROXY_HTTP_PORT" TRUST_PROXY=true \
    DATABASE_URL="postgres://postgres@127.0.0.1:$HAPROXY_PRIMARY_PORT/portal" \
    DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$HAPROXY_REPLICA_PORT/portal" \
    MQTT_URL="mqtt://127.0.0.1:$MOSQUITTO_PORT" MQTT_CLIENT_ID="portal-node$node" MQTT_CONNECTIONS=8 \
    METRICS_PORT="$(portal_metrics_port "$node")" \
    DATA_DIR="$CLUSTER_DIR/portal$node" SESSION_SECRET="$secret" \
    node scripts/start.mjs
  # One node at a time: the first loads the demo data into an empty database and builds the bundle.
  wait_for "portal node $node" 600 curl -sf "http://127.0.0.1:$(portal_port "$node")/api/health/ready"
}

# What the failover test (scripts/cluster-failover.ts) reads: the addresses, so no port is written twice.
write_cluster_env() {
  local member node
  {
    echo "PORTAL_URL=http://127.0.0.1:$HAPROXY_HTTP_PORT"
    echo "DATABASE_URL=postgres://postgres@127.0.0.1:$HAPROXY_PRIMARY_PORT/portal"
    echo "MQTT_URL=mqtt://127.0.0.1:$MOSQUITTO_PORT"
    echo "SESSION_SECRET=$1"
    for member in "${MEMBERS[@]}"; do echo "PATRONI_pg$member=http://127.0.0.1:$(patroni_port "$member")"; done
    for node in $(seq 1 "$PORTAL_NODES"); do echo "PORTAL_portal$node=http://127.0.0.1:$(portal_port "$node")"; done
  } > "$CLUSTER_DIR/cluster.env"
  chmod 0600 "$CLUSTER_DIR/cluster.env"
}

start() {
  [[ $EUID -eq 0 ]] || die "run as root (it installs packages and runs PostgreSQL as postgres)"
  install_missing_packages
  mkdir -p "$CLUSTER_DIR/run" "$CLUSTER_DIR/log"
  chmod 0755 "$CLUSTER_DIR"
  chown postgres:postgres "$CLUSTER_DIR/log"
  # Patroni and PostgreSQL run as postgres, so every folder above CLUSTER_DIR must let that user
  # through; a checkout inside a folder only root may enter (mode 0700, as mktemp -d makes) does not.
  setpriv --reuid=postgres --regid=postgres --init-groups test -x "$CLUSTER_DIR" \
    || die "the postgres user cannot reach $CLUSTER_DIR: put the repository where it can (every folder above it at least o+x), or set CLUSTER_DIR to such a folder"
  start_etcd
  local member
  for member in "${MEMBERS[@]}"; do start_member "$member"; done
  wait_for "a Patroni primary" 120 primary_port
  apply_replication_mode
  start_haproxy
  start_mosquitto
  ensure_portal_database
  local secret node; secret="$(session_secret)"
  for node in $(seq 1 "$PORTAL_NODES"); do start_portal_node "$node" "$secret"; done
  wait_for "the portal through HAProxy" 30 curl -sf "http://127.0.0.1:$HAPROXY_HTTP_PORT/api/health/ready"
  write_cluster_env "$secret"
  status
  log "portal: http://localhost:$HAPROXY_HTTP_PORT  database: postgres://postgres@127.0.0.1:$HAPROXY_PRIMARY_PORT/portal (replica port $HAPROXY_REPLICA_PORT)  MQTT: mqtt://127.0.0.1:$MOSQUITTO_PORT"
}

# --- stopping ---

stop_process() {
  local name="$1" file; file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 0
  local pid; pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name ($pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop() {
  [[ -d "$CLUSTER_DIR/run" ]] || { log "nothing to stop in $CLUSTER_DIR"; return 0; }
  local file node member
  for file in "$CLUSTER_DIR"/run/portal*.pid; do
    [[ -e "$file" ]] && stop_process "$(basename "$file" .pid)"
  done
  stop_process haproxy
  stop_process mosquitto
  # Replicas first, so the primary does not fail over to one of them while they all stop.
  for member in 3 2 1; do stop_process "patroni$member"; done
  for member in "${MEMBERS[@]}"; do
    local postmaster="$CLUSTER_DIR/pg$member/data/postmaster.pid"
    if [[ -f "$postmaster" ]] && kill -0 "$(head -1 "$postmaster")" 2>/dev/null; then
      runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/pg$member/data" stop -m fast || true
    fi
  done
  stop_process etcd
}

status() {
  if is_running etcd; then
    patronictl -c "$CLUSTER_DIR/pg1/patroni.yml" list || true
  fi
  local name file
  for file in "$CLUSTER_DIR"/run/*.pid; do
    [[ -e "$file" ]] || continue
    name="$(basename "$file" .pid)"
    if is_running "$name"; then printf '  %-10s running (pid %s)\n' "$name" "$(cat "$file")"; else printf '  %-10s stopped\n' "$name"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
