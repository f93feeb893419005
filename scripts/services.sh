#!/usr/bin/env bash
# Sourced by scripts/test.sh: the servers the scale-out tests need, on loopback only.
#   services_start   uses a server already answering, else installs (Debian, when missing)
#                    and starts PostgreSQL, Redis and an OpenSearch node under var/test-services/
#   services_stop    stops only what services_start started (test.sh traps it on EXIT)
# Exports TEST_POSTGRES_URL, REDIS_TEST_URL, KHAMRAP_TEST_OPENSEARCH_URL for the tests, and
# KHAMRAP_REQUIRE_REDIS / KHAMRAP_REQUIRE_OPENSEARCH=1 for each server that answers, so those
# tests fail instead of skipping. A server that cannot be started is reported (WARNING) and its
# tests skip with the reason: the SQLite run still decides.
# Ports (override with KHAMRAP_TEST_*_PORT): PostgreSQL 55432, Redis 56379, OpenSearch 59200.

svc_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
svc_dir="$svc_root/var/test-services"
svc_started=()
svc_summary=()

svc_log() { echo "[services] $*"; }

svc_sudo() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi
}

svc_apt() {  # svc_apt PACKAGE... : installs what is missing; 0 when all present afterwards
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  svc_log "installing from Debian: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # no service is started by the packages' scripts (policy-rc.d 101): we start our own
  local policy=/usr/sbin/policy-rc.d made_policy=""
  if [ ! -e $policy ] && svc_sudo true; then
    printf '#!/bin/sh\nexit 101\n' | svc_sudo tee $policy >/dev/null && svc_sudo chmod +x $policy && made_policy=1
  fi
  { svc_sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
      || { svc_sudo apt-get update -qq >/dev/null 2>&1 && svc_sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; }; }
  local rc=$?
  [ -n "$made_policy" ] && svc_sudo rm -f $policy
  return $rc
}

svc_tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

svc_wait() {  # svc_wait SECONDS COMMAND... : polls COMMAND every second
  local limit=$1; shift
  local i
  for ((i = 0; i < limit; i++)); do "$@" && return 0; sleep 1; done
  return 1
}

# --- PostgreSQL ----------------------------------------------------------------------------
svc_pg_answers() {
  "$svc_root/.venv/bin/python" - "$1" <<'PY' >/dev/null 2>&1
import sys, psycopg
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, password=u.password, dbname="postgres", connect_timeout=3).close()
PY
}

svc_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

start_postgres() {
  local default_url="postgres://postgres@127.0.0.1:5432/khamrap"
  local url="${TEST_POSTGRES_URL:-$default_url}"
  if svc_pg_answers "$url"; then export TEST_POSTGRES_URL="$url"; svc_summary+=("PostgreSQL: already running ($url)"); return 0; fi
  [ -n "${TEST_POSTGRES_URL:-}" ] && [ "$TEST_POSTGRES_URL" != "$default_url" ] && svc_log "nothing answers at TEST_POSTGRES_URL=$TEST_POSTGRES_URL; starting one"
  local bin; bin="$(svc_pg_bin)"
  if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then svc_apt postgresql || true; bin="$(svc_pg_bin)"; fi
  if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then svc_summary+=("PostgreSQL: WARNING not installed, PostgreSQL run skipped"); return 1; fi
  # a temporary folder (short socket path, reachable by the postgres user), removed on stop
  local port="${KHAMRAP_TEST_POSTGRES_PORT:-55432}" data as=()
  data="$(mktemp -d /tmp/khamrap-test-pg.XXXXXX)"
  PG_DATA="$data"
  if [ "$(id -u)" -eq 0 ]; then  # initdb refuses root: the cluster belongs to the postgres user
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    as=(runuser -u postgres --)
    chown postgres "$data"
  fi
  if ! "${as[@]}" "$bin/initdb" -D "$data/db" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
     && ! "${as[@]}" "$bin/initdb" -D "$data/db" -U postgres -A trust -E UTF8 --locale=C >"$data/initdb.log" 2>&1; then
    svc_summary+=("PostgreSQL: WARNING initdb failed (see $data/initdb.log), PostgreSQL run skipped"); return 1
  fi
  if ! "${as[@]}" "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 120 \
       -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null; then
    svc_summary+=("PostgreSQL: WARNING did not start (see $data/server.log), PostgreSQL run skipped"); return 1
  fi
  svc_started+=("postgres")
  PG_STOP=("${as[@]}" "$bin/pg_ctl" -D "$data/db" -m fast -w stop)
  export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/khamrap"
  svc_wait 60 svc_pg_answers "$TEST_POSTGRES_URL" || { svc_summary+=("PostgreSQL: WARNING started but does not answer"); return 1; }
  svc_summary+=("PostgreSQL: started ($TEST_POSTGRES_URL, data $data)")
}

# --- Redis ---------------------------------------------------------------------------------
svc_redis_answers() {
  "$svc_root/.venv/bin/python" -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()" "$1" >/dev/null 2>&1
}

start_redis() {
  local default_url="redis://127.0.0.1:6379/13"
  local url="${REDIS_TEST_URL:-$default_url}"
  if svc_redis_answers "$url"; then export REDIS_TEST_URL="$url" KHAMRAP_REQUIRE_REDIS=1; svc_summary+=("Redis: already running ($url)"); return 0; fi
  command -v redis-server >/dev/null || svc_apt redis-server || true
  if ! command -v redis-server >/dev/null; then svc_summary+=("Redis: WARNING not installed, RQ worker test skipped"); return 1; fi
  local port="${KHAMRAP_TEST_REDIS_PORT:-56379}" data="$svc_dir/redis"
  rm -rf "$data"; mkdir -p "$data"
  redis-server --bind 127.0.0.1 --port "$port" --dir "$data" --save "" --appendonly no --daemonize yes \
    --pidfile "$data/redis.pid" --logfile "$data/redis.log" >/dev/null 2>&1 || true
  export REDIS_TEST_URL="redis://127.0.0.1:$port/13"
  if svc_wait 30 svc_redis_answers "$REDIS_TEST_URL"; then
    svc_started+=("redis"); REDIS_PIDFILE="$data/redis.pid"; export KHAMRAP_REQUIRE_REDIS=1
    svc_summary+=("Redis: started ($REDIS_TEST_URL)")
  else
    svc_summary+=("Redis: WARNING did not start (see $data/redis.log), RQ worker test skipped"); unset REDIS_TEST_URL; return 1
  fi
}

# --- OpenSearch ----------------------------------------------------------------------------
svc_os_answers() { curl -fsS --max-time 5 "$1/_cluster/health?wait_for_status=yellow&timeout=2s" >/dev/null 2>&1; }

start_opensearch() {  # builds (Maven) and launches in the background; opensearch_wait waits
  if [ -n "${KHAMRAP_TEST_OPENSEARCH_URL:-}" ] && svc_os_answers "$KHAMRAP_TEST_OPENSEARCH_URL"; then
    export KHAMRAP_REQUIRE_OPENSEARCH=1; svc_summary+=("OpenSearch: already running ($KHAMRAP_TEST_OPENSEARCH_URL)"); OS_READY=1; return 0
  fi
  command -v curl >/dev/null || svc_apt curl || true
  { command -v java >/dev/null && command -v mvn >/dev/null; } || svc_apt openjdk-17-jdk-headless maven || true
  local port="${KHAMRAP_TEST_OPENSEARCH_PORT:-59200}" home="$svc_dir/opensearch"
  rm -rf "$home"; mkdir -p "$home"
  OS_URL="http://127.0.0.1:$port"
  (
    bash "$svc_root/scripts/opensearch.sh" build >"$home/build.log" 2>&1 || { echo "build failed" >>"$home/build.log"; exit 1; }
    # A test node lives for one command: the JVM's first (C1) compiler alone. Measured with
    # the OpenSearch contract tests: 10 CPU s for start and tests instead of 23 (the second
    # compiler's work never pays back in a node this short-lived; a deployment keeps it).
    OPENSEARCH_HOME="$home" OPENSEARCH_PORT="$port" OPENSEARCH_JAVA_OPTS="-XX:TieredStopAtLevel=1" exec bash "$svc_root/scripts/opensearch.sh" run >"$home/node.log" 2>&1
  ) &
  OS_PID=$!
  svc_started+=("opensearch")
  OS_T0=$(date +%s)
}

opensearch_wait() {
  [ -n "${OS_READY:-}" ] && return 0
  [ -z "${OS_PID:-}" ] && return 1
  local home="$svc_dir/opensearch" i
  for ((i = 0; i < ${KHAMRAP_TEST_OPENSEARCH_WAIT:-600}; i++)); do
    if svc_os_answers "$OS_URL"; then
      export KHAMRAP_TEST_OPENSEARCH_URL="$OS_URL" KHAMRAP_REQUIRE_OPENSEARCH=1
      local rss; rss=$(ps -o rss= -p "$(pgrep -P "$OS_PID" java 2>/dev/null || echo "$OS_PID")" 2>/dev/null | tr -d ' ')
      svc_summary+=("OpenSearch: started ($OS_URL, build+start $(( $(date +%s) - OS_T0 )) s, RSS ${rss:-?} kB, data $home/data)")
      return 0
    fi
    kill -0 "$OS_PID" 2>/dev/null || break
    sleep 1
  done
  svc_summary+=("OpenSearch: WARNING did not come up (see $home/build.log, $home/node.log), OpenSearch contract tests skipped")
  tail -20 "$home/build.log" "$home/node.log" 2>/dev/null | sed 's/^/[opensearch] /'
  return 1
}

services_start() {
  mkdir -p "$svc_dir"
  start_opensearch || true   # the slowest: Maven build and JVM start run while the others start
  start_postgres || true
  start_redis || true
  opensearch_wait || true
  printf '[services] %s\n' "${svc_summary[@]}"
}

services_stop() {
  local s
  for s in "${svc_started[@]}"; do
    case $s in
      postgres) "${PG_STOP[@]}" >/dev/null 2>&1 || true; [ -n "${PG_DATA:-}" ] && rm -rf "$PG_DATA" ;;
      redis) [ -f "$REDIS_PIDFILE" ] && kill "$(cat "$REDIS_PIDFILE")" 2>/dev/null || true ;;
      opensearch)
        if [ -n "${OS_PID:-}" ]; then
          pkill -TERM -P "$OS_PID" 2>/dev/null; kill -TERM "$OS_PID" 2>/dev/null
          for _ in $(seq 1 30); do kill -0 "$OS_PID" 2>/dev/null || break; sleep 1; done
          pkill -KILL -P "$OS_PID" 2>/dev/null; kill -KILL "$OS_PID" 2>/dev/null
        fi ;;
    esac
  done
  svc_started=()
}
