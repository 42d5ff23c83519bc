#!/usr/bin/env bash
# Load comparison on loopback, one run on one machine: the upstream directly, bare YARP with the same route, and the
# PrivacyGuard gateway (client address as a token, 10 request and 10 response body fields of a ~2 KB JSON body; and
# the same with a subject header, which adds a restriction check and an access event written to SQLite).
#
#   benchmarks/load/run.sh          # defaults: DURATION=15 WARMUP=5 GATEWAY_WARMUP=20 CONNECTIONS=32 THREADS=1
#   DURATION=30 benchmarks/load/run.sh
#
# Environment: DURATION (seconds measured per target), WARMUP (seconds of load before measuring the upstream),
# GATEWAY_WARMUP (the same for bare YARP and each gateway target: their JIT tiers take longer to settle, far longer on
# a busy machine), ROUNDS and ROUND_DURATION (interleaved bare YARP / gateway rounds after the table, default 4 of 10 s;
# ROUNDS=0 skips them), CONNECTIONS, THREADS (wrk -c/-t), NO_BUILD=1 (use the
# existing Release outputs), KEEP_WORK=1 (keep the temp folder with logs and the gateway's store).
# Prints a markdown table (requests/s, p50, p99, ratios against bare YARP) on stdout; progress goes to stderr.
# Exits non-zero if any app fails to start, a proxied answer is not 2xx, or the gateway forwarded or returned a raw
# personal value.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
GATEWAY_WARMUP=${GATEWAY_WARMUP:-20}
ROUNDS=${ROUNDS:-4}
ROUND_DURATION=${ROUND_DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
WORK=$(mktemp -d -t privacyguard-load.XXXXXX)
trap cleanup EXIT
trap 'exit 130' INT TERM

RAW_VALUES=("alice.martin@example.com" "alice.shipping@example.org" "bob.durand@example.net" "carol.petit@example.com"
  "Alice Martin" "Bob Durand" "Carol Petit" "+33 6 12 34 56 78" "203.0.113.42")

# post URL OUTFILE [extra curl args...]: POSTs request.json, prints the status code.
post() {
  local url=$1 out=$2
  shift 2
  curl -s -o "$out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H 'X-Load-Record: 1' \
    --data-binary @"$LOAD_DIR/request.json" "$@" "$url"
}

assert_no_raw() {
  local what=$1 file=$2 value
  for value in "${RAW_VALUES[@]}"; do
    if grep -qF -- "$value" "$file"; then
      fail "$what holds a raw personal value ($value)"
    fi
  done
}

check_answers() {
  local status
  status=$(post "http://127.0.0.1:$UPSTREAM_PORT/api/orders" "$WORK/direct.json")
  [[ $status == 200 ]] || fail "upstream answered $status"
  status=$(post "http://127.0.0.1:$BARE_PORT/api/orders" "$WORK/bare.json")
  [[ $status == 200 ]] || fail "bare YARP answered $status"
  grep -qF "alice.martin@example.com" "$WORK/bare.json" || fail "bare YARP did not pass the upstream's body through"

  local route
  for route in api subject; do
    status=$(post "http://127.0.0.1:$GATEWAY_PORT/$route/orders" "$WORK/gateway-$route.json" -H 'X-Subject-Id: customer-42')
    [[ $status == 200 ]] || fail "gateway /$route answered $status: $(head -c 300 "$WORK/gateway-$route.json")"
    assert_no_raw "the gateway's response on /$route" "$WORK/gateway-$route.json"
    grep -qF "@pseudonymized.invalid" "$WORK/gateway-$route.json" || fail "the gateway's response on /$route was not rewritten"
    curl -s "http://127.0.0.1:$UPSTREAM_PORT/_load/last" >"$WORK/seen-$route.json"
    assert_no_raw "what the upstream received through /$route" "$WORK/seen-$route.json"
    grep -qF "@pseudonymized.invalid" "$WORK/seen-$route.json" || fail "the request body on /$route was not rewritten"
    if grep -qF '"xForwardedFor":"127.0.0.1"' "$WORK/seen-$route.json"; then
      fail "the gateway forwarded the raw client address on /$route"
    fi
  done
  log "checked: all answers 200; through the gateway no raw e-mail, name, phone or IP reached the upstream or came back"
}

# A 10 MB body on a rewrite route (limit 1 MiB) is refused with 413 before it is buffered.
check_large_body() {
  head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$WORK/large.json"
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @"$WORK/large.json" \
    "http://127.0.0.1:$GATEWAY_PORT/api/orders")
  [[ $status == 413 ]] || fail "a 10 MB body answered $status, expected 413"
  log "checked: a 10 MB body on the rewrite route is refused with 413"
}

declare -A RPS P50 P99 NON2XX ERRORS CPU_US
TARGETS=(direct bare gateway gateway-subject)
declare -A LABEL=(
  [direct]="upstream directly (Kestrel)"
  [bare]="bare YARP, same route"
  [gateway]="gateway: client IP token + 10 body fields each way"
  [gateway-subject]="gateway: the same + subject (restriction check, access event to SQLite)"
)

# measure NAME URL PID WARMUP [SUBJECT]: warm-up, then the measured run; PID is the process under test, whose CPU time
# per request (user + system, from /proc) is recorded too: on a shared machine it moves far less than requests/s.
measure() {
  local name=$1 url=$2 pid=$3 warmup=$4 subject=${5:-} ticks
  log "$name: warm-up ${warmup}s"
  run_wrk "$url" "$warmup" "$WORK/wrk-$name-warmup.txt" "$subject"
  log "$name: measuring ${DURATION}s"
  ticks=$(cpu_ticks "$pid")
  run_wrk "$url" "$DURATION" "$WORK/wrk-$name.txt" "$subject"
  ticks=$(( $(cpu_ticks "$pid") - ticks ))
  CPU_US[$name]=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$(wrk_requests "$WORK/wrk-$name.txt")" 'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "n/a" }')
  RPS[$name]=$(wrk_rps "$WORK/wrk-$name.txt")
  P50[$name]=$(wrk_pct_ms "$WORK/wrk-$name.txt" 50)
  P99[$name]=$(wrk_pct_ms "$WORK/wrk-$name.txt" 99)
  NON2XX[$name]=$(wrk_non2xx "$WORK/wrk-$name.txt")
  ERRORS[$name]=$(wrk_errors "$WORK/wrk-$name.txt")
  log "$name: ${RPS[$name]} req/s, p50 ${P50[$name]} ms, p99 ${P99[$name]} ms, non-2xx ${NON2XX[$name]}, ${CPU_US[$name]} us CPU per request"
}

# round NAME URL PID: one interleaved round of ROUND_DURATION seconds (the process is already warm); sets RPS and CPU_US.
round() {
  local name=$1 url=$2 pid=$3 ticks
  ticks=$(cpu_ticks "$pid")
  run_wrk "$url" "$ROUND_DURATION" "$WORK/wrk-$name.txt"
  ticks=$(( $(cpu_ticks "$pid") - ticks ))
  CPU_US[$name]=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$(wrk_requests "$WORK/wrk-$name.txt")" 'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "n/a" }')
  RPS[$name]=$(wrk_rps "$WORK/wrk-$name.txt")
  NON2XX[$name]=$(wrk_non2xx "$WORK/wrk-$name.txt")
  ERRORS[$name]=$(wrk_errors "$WORK/wrk-$name.txt")
  log "$name: ${RPS[$name]} req/s, ${CPU_US[$name]} us CPU per request"
}

# Bare YARP and the gateway's rewrite route in alternating order (ABBA...), so that the machine drifting during the
# run (a shared virtual machine's speed moves by tens of percent within minutes) weighs on both alike.
interleaved_rounds() {
  local r first second target
  for ((r = 1; r <= ROUNDS; r++)); do
    if ((r % 2 == 1)); then first=bare; second=gateway; else first=gateway; second=bare; fi
    for target in $first $second; do
      if [[ $target == bare ]]; then
        round "bare-r$r" "http://127.0.0.1:$BARE_PORT/api/orders" "$BARE_PID"
      else
        round "gateway-r$r" "http://127.0.0.1:$GATEWAY_PORT/api/orders" "$GATEWAY_PID"
      fi
    done
    TARGETS_CHECKED+=("bare-r$r" "gateway-r$r")
  done
}

ensure_wrk
build_all
start_upstream
start_bare
start_gateway
check_answers

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
measure direct "http://127.0.0.1:$UPSTREAM_PORT/api/orders" "$UPSTREAM_PID" "$WARMUP"
# Bare YARP gets the gateway's warm-up: with the upstream's 5 s its JIT tiers had not settled, and its first measured
# seconds cost it ~30% more CPU per request than the same process later, which flattered the gateway's ratio.
measure bare "http://127.0.0.1:$BARE_PORT/api/orders" "$BARE_PID" "$GATEWAY_WARMUP"
measure gateway "http://127.0.0.1:$GATEWAY_PORT/api/orders" "$GATEWAY_PID" "$GATEWAY_WARMUP"
TARGETS_CHECKED=("${TARGETS[@]}")
if ((ROUNDS > 0)); then
  interleaved_rounds
fi
measure gateway-subject "http://127.0.0.1:$GATEWAY_PORT/subject/orders" "$GATEWAY_PID" "$GATEWAY_WARMUP" customer-42
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
gateway_rss=$(rss_mib "$GATEWAY_PID")
check_large_body

echo
echo "Command: \`DURATION=$DURATION WARMUP=$WARMUP GATEWAY_WARMUP=$GATEWAY_WARMUP ROUNDS=$ROUNDS ROUND_DURATION=$ROUND_DURATION CONNECTIONS=$CONNECTIONS THREADS=$THREADS benchmarks/load/run.sh\`"
echo "(each target: \`wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency -s post.lua\` after a warm-up of ${WARMUP}s for the upstream, ${GATEWAY_WARMUP}s for the proxies; body $(stat -c %s "$LOAD_DIR/request.json") B, response $(stat -c %s "$LOAD_DIR/response.json") B)"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); $(dotnet --version 2>/dev/null | sed 's/^/SDK /'); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Load average (1/5/15 min): before $load_before, after $load_after. Gateway RSS after the run: ${gateway_rss} MiB."
echo "CPU per request: user + system time of the process under test (the upstream for the first row, the proxy for the others) over the measured run, divided by its requests."
echo
echo "| Target | Requests/s | p50 (ms) | p99 (ms) | Req/s vs bare YARP | p99 added vs bare YARP (ms) | CPU per request (us) | Non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for name in "${TARGETS[@]}"; do
  ratio=$(awk -v a="${RPS[$name]}" -v b="${RPS[bare]}" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }')
  added=$(awk -v a="${P99[$name]}" -v b="${P99[bare]}" 'BEGIN { printf "%+.3f", a - b }')
  printf '| %s | %.0f | %s | %s | %s | %s | %s | %s |\n' "${LABEL[$name]}" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" "$ratio" "$added" "${CPU_US[$name]}" "${NON2XX[$name]}"
done

if ((ROUNDS > 0)); then
  echo
  echo "Interleaved rounds, bare YARP and the gateway's rewrite route alternating (ABBA), ${ROUND_DURATION}s each, warm processes:"
  echo
  echo "| Round | Bare YARP req/s | Gateway req/s | Gateway vs bare | CPU per request, bare → gateway (us) |"
  echo "|---|---:|---:|---:|---:|"
  ratios=()
  for ((r = 1; r <= ROUNDS; r++)); do
    ratio=$(awk -v a="${RPS[gateway-r$r]:-0}" -v b="${RPS[bare-r$r]:-0}" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else print "0" }')
    ratios+=("$ratio")
    printf '| %s | %.0f | %.0f | %s%% | %s → %s |\n' "$r" "${RPS[bare-r$r]}" "${RPS[gateway-r$r]}" "$ratio" "${CPU_US[bare-r$r]}" "${CPU_US[gateway-r$r]}"
  done
  median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  echo
  echo "Median gateway vs bare YARP over the ${#ratios[@]} rounds: ${median}%."
fi

status=0
for name in "${TARGETS_CHECKED[@]}"; do
  if [[ ${NON2XX[$name]} != 0 || ${ERRORS[$name]} != none ]]; then
    log "$name: ${NON2XX[$name]} non-2xx answers; socket errors: ${ERRORS[$name]}"
    status=1
  fi
done
exit $status
