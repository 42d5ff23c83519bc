#!/usr/bin/env bash
# Soak: the gateway under wrk load with every rule active (client address token, 10 request and 10 response body
# fields, subject header: restriction check and an access event per request to SQLite), for DURATION seconds (default
# 1800 = 30 min) in intervals of INTERVAL seconds (default 60). Long; not part of CI.
#
#   benchmarks/load/soak.sh                        # 30 minutes
#   DURATION=60 INTERVAL=15 benchmarks/load/soak.sh  # a one-minute smoke run
#
# Environment: DURATION, INTERVAL, WARMUP (default 30: the JIT's tiers settle before RSS and p99 are taken), CONNECTIONS (32), THREADS (1), NO_BUILD=1, KEEP_WORK=1.
# Prints a markdown table per interval (requests/s, p50, p99, 5xx, other non-2xx, gateway RSS) and a summary: 5xx count,
# RSS at start (after the warm-up) and end, p99 spread. Exits non-zero when a criterion fails: any 5xx or other non-2xx
# answer, RSS growth of 10% or more, or an interval's p99 above 2x the median p99 of all intervals (p99 not stable).
# The gateway's SQLite store (in the temp folder, removed at exit) grows by about 300 bytes per request: a 30-minute run
# at 5,000 requests/s needs a few GB of free space under $TMPDIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION=${DURATION:-1800}
INTERVAL=${INTERVAL:-60}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
(( INTERVAL > 0 && DURATION >= INTERVAL )) || fail "DURATION ($DURATION) must be at least INTERVAL ($INTERVAL) seconds"
WORK=$(mktemp -d -t privacyguard-soak.XXXXXX)
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_wrk
build_all
start_upstream
start_gateway
URL="http://127.0.0.1:$GATEWAY_PORT/subject/orders"
SUBJECT=customer-42

log "warm-up ${WARMUP}s"
run_wrk "$URL" "$WARMUP" "$WORK/wrk-warmup.txt" "$SUBJECT"
rss_start=$(rss_mib "$GATEWAY_PID")
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
intervals=$((DURATION / INTERVAL))
log "soak: $intervals intervals of ${INTERVAL}s against $URL (gateway RSS at start ${rss_start} MiB)"

total5xx=0
totalNon2xx=0
p99s=()
rows=()
for i in $(seq 1 "$intervals"); do
  out="$WORK/wrk-$i.txt"
  export LOAD_COUNT_STATUS=1
  run_wrk "$URL" "$INTERVAL" "$out" "$SUBJECT"
  unset LOAD_COUNT_STATUS
  rps=$(wrk_rps "$out")
  p50=$(wrk_pct_ms "$out" 50)
  p99=$(wrk_pct_ms "$out" 99)
  s5=$(awk '/^STATUS_5XX/ { print $2 }' "$out")
  sn=$(awk '/^STATUS_NON2XX/ { print $2 }' "$out")
  other=$((sn - s5))
  rss=$(rss_mib "$GATEWAY_PID")
  total5xx=$((total5xx + s5))
  totalNon2xx=$((totalNon2xx + sn))
  p99s+=("$p99")
  rows+=("| $i | $(printf '%.0f' "$rps") | $p50 | $p99 | $s5 | $other | $rss |")
  log "interval $i/$intervals: $rps req/s, p50 $p50 ms, p99 $p99 ms, 5xx $s5, other non-2xx $other, RSS $rss MiB"
done
rss_end=$(rss_mib "$GATEWAY_PID")
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

growth=$(awk -v a="$rss_start" -v b="$rss_end" 'BEGIN { printf "%.1f", 100 * (b - a) / a }')
median=$(printf '%s\n' "${p99s[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
worst=$(printf '%s\n' "${p99s[@]}" | sort -g | tail -1)
best=$(printf '%s\n' "${p99s[@]}" | sort -g | head -1)

echo
echo "Command: \`DURATION=$DURATION INTERVAL=$INTERVAL CONNECTIONS=$CONNECTIONS THREADS=$THREADS benchmarks/load/soak.sh\`"
echo "(each interval: \`wrk -t$THREADS -c$CONNECTIONS -d${INTERVAL}s --latency -s post.lua\` with LOAD_COUNT_STATUS=1 and X-Subject-Id against /subject/orders)"
echo "Machine: $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'). Load average (1/5/15 min): start $load_start, end $load_end."
echo
echo "| Interval | Requests/s | p50 (ms) | p99 (ms) | 5xx | Other non-2xx | Gateway RSS (MiB) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "5xx: $total5xx; other non-2xx: $((totalNon2xx - total5xx)). Gateway RSS: ${rss_start} MiB after the warm-up, ${rss_end} MiB at the end (${growth}%)."
echo "p99 per interval: median $median ms, lowest $best ms, highest $worst ms."

status=0
if (( totalNon2xx > 0 )); then
  log "criterion failed: $totalNon2xx answers were not 2xx ($total5xx of them 5xx)"
  status=1
fi
if awk -v g="$growth" 'BEGIN { exit !(g >= 10) }'; then
  log "criterion failed: RSS grew by ${growth}% (limit 10%)"
  status=1
fi
if awk -v w="$worst" -v m="$median" 'BEGIN { exit !(w > 2 * m) }'; then
  log "criterion failed: an interval's p99 ($worst ms) is above twice the median p99 ($median ms)"
  status=1
fi
(( status == 0 )) && log "soak passed: no 5xx, RSS growth ${growth}%, p99 within 2x of its median"
exit $status
