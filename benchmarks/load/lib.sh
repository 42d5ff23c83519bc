# Shared by run.sh and soak.sh (sourced, not run): builds the three apps, starts them on free loopback ports, runs wrk
# and parses its output. Every process started here is killed by cleanup (installed as the EXIT trap by the caller).

LOAD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LOAD_DIR/../.." && pwd)
UPSTREAM_DLL="$LOAD_DIR/LoadUpstream/bin/Release/net10.0/LoadUpstream.dll"
BARE_DLL="$LOAD_DIR/BareProxy/bin/Release/net10.0/BareProxy.dll"
GATEWAY_DLL="$REPO_ROOT/src/PrivacyGuard.Gateway/bin/Release/net10.0/PrivacyGuard.Gateway.dll"
STARTED_PIDS=()
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "${WORK:-}" && -d "$WORK" && "${KEEP_WORK:-0}" != 1 ]]; then
    rm -rf "$WORK"
  fi
}

ensure_wrk() {
  command -v wrk >/dev/null && return
  log "wrk not found: installing the Debian package"
  if [[ $(id -u) == 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null; }
  else
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null
  fi
  command -v wrk >/dev/null || fail "could not install wrk (apt-get install -y wrk)"
}

build_all() {
  if [[ "${NO_BUILD:-0}" == 1 ]]; then
    log "skipping the build (NO_BUILD=1)"
  else
    log "building Release: upstream, bare YARP, gateway"
    # The three share no project, so they build side by side.
    local project name pids=() names=()
    for project in "$LOAD_DIR/LoadUpstream/LoadUpstream.csproj" "$LOAD_DIR/BareProxy/BareProxy.csproj" "$REPO_ROOT/src/PrivacyGuard.Gateway/PrivacyGuard.Gateway.csproj"; do
      name=$(basename "$project" .csproj)
      dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly >"$WORK/build-$name.log" 2>&1 &
      pids+=("$!")
      names+=("$name")
    done
    local i failed=0
    for i in "${!pids[@]}"; do
      if ! wait "${pids[$i]}"; then
        cat "$WORK/build-${names[$i]}.log" >&2
        failed=1
      fi
    done
    (( failed == 0 )) || fail "build (see the errors above)"
  fi
  [[ -f "$UPSTREAM_DLL" && -f "$BARE_DLL" && -f "$GATEWAY_DLL" ]] || fail "build outputs missing"
}

# A loopback port nothing listens on (and that no earlier call returned).
USED_PORTS=" "
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 30000))
    [[ "$USED_PORTS" == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      USED_PORTS+="$port "
      echo "$port"
      return
    fi
  done
}

# wait_ready URL PID NAME: polls URL until it answers 200 (60 s at most).
wait_ready() {
  local url=$1 pid=$2 name=$3 i
  for i in $(seq 1 240); do
    kill -0 "$pid" 2>/dev/null || fail "$name exited during start-up (log: $WORK/$name.log)"
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$url" || true) == 200 ]] && return
    sleep 0.25
  done
  fail "$name did not answer $url within 60 s"
}

start_upstream() {
  UPSTREAM_PORT=$(free_port)
  (cd "$LOAD_DIR/LoadUpstream/bin/Release/net10.0" && exec dotnet "$UPSTREAM_DLL" --urls "http://127.0.0.1:$UPSTREAM_PORT") >"$WORK/upstream.log" 2>&1 &
  UPSTREAM_PID=$!
  STARTED_PIDS+=("$UPSTREAM_PID")
  wait_ready "http://127.0.0.1:$UPSTREAM_PORT/_load/last" "$UPSTREAM_PID" upstream
  log "upstream on 127.0.0.1:$UPSTREAM_PORT (pid $UPSTREAM_PID)"
}

start_bare() {
  BARE_PORT=$(free_port)
  (cd "$LOAD_DIR/BareProxy/bin/Release/net10.0" && exec dotnet "$BARE_DLL" --urls "http://127.0.0.1:$BARE_PORT" \
    --ReverseProxy:Routes:api:ClusterId=upstream "--ReverseProxy:Routes:api:Match:Path=/api/{**rest}" \
    --ReverseProxy:Clusters:upstream:Destinations:d1:Address="http://127.0.0.1:$UPSTREAM_PORT/") >"$WORK/bare.log" 2>&1 &
  BARE_PID=$!
  STARTED_PIDS+=("$BARE_PID")
  # Any answer from the upstream through the route proves the proxy is up; the upstream answers 200 to everything.
  wait_ready "http://127.0.0.1:$BARE_PORT/api/ready" "$BARE_PID" bare
  log "bare YARP on 127.0.0.1:$BARE_PORT (pid $BARE_PID)"
}

# The real gateway (Release) with its settings in $WORK/gateway/appsettings.json and a SQLite store in
# $WORK/gateway/.data. Route /api/ uses policy "orders" (client address as a token, 10 request and 10 response body
# fields); route /subject/ uses "orders-subject" (the same, plus X-Subject-Id: restriction check and an access event
# per request, written to the SQLite access log).
start_gateway() {
  GATEWAY_PORT=$(free_port)
  mkdir -p "$WORK/gateway"
  local key
  key=$(head -c 32 /dev/urandom | base64)
  sed -e "s|@KEY@|$key|" -e "s|@UPSTREAM@|http://127.0.0.1:$UPSTREAM_PORT/|" "$LOAD_DIR/gateway.appsettings.json" >"$WORK/gateway/appsettings.json"
  (cd "$WORK/gateway" && exec dotnet "$GATEWAY_DLL" --urls "http://127.0.0.1:$GATEWAY_PORT") >"$WORK/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  STARTED_PIDS+=("$GATEWAY_PID")
  wait_ready "http://127.0.0.1:$GATEWAY_PORT/readyz" "$GATEWAY_PID" gateway
  log "gateway on 127.0.0.1:$GATEWAY_PORT (pid $GATEWAY_PID, store $WORK/gateway/.data)"
}

# CPU time (user + system) of a process so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# run_wrk URL SECONDS OUTFILE [SUBJECT]: wrk -t$THREADS -c$CONNECTIONS with post.lua; output kept in OUTFILE.
run_wrk() {
  local url=$1 seconds=$2 out=$3 subject=${4:-}
  (cd "$LOAD_DIR" && LOAD_SUBJECT="$subject" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency -s post.lua "$url") >"$out" 2>&1 \
    || { cat "$out" >&2; fail "wrk against $url"; }
}

# Parsers of wrk's output: requests per second; a latency percentile (50, 99...) in milliseconds; non-2xx count.
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
wrk_pct_ms() {
  awk -v p="$2%" '$1 == p {
    v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
    if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000; else if (unit == "m") v = v * 60000
    printf "%.3f", v }' "$1"
}
wrk_requests() { awk '/requests in/ { print $1 }' "$1"; }
wrk_non2xx() { awk '/Non-2xx or 3xx responses:/ { n = $NF } END { print n + 0 }' "$1"; }
wrk_errors() { awk '/Socket errors:/ { print; found = 1 } END { if (!found) print "none" }' "$1"; }
