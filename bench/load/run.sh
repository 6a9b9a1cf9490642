#!/usr/bin/env bash
# End-to-end SIP load: the same SIPp loads through Kamailio (stateful
# proxy, reference) and through imsemu's proxy, one after the other, on
# loopback only. See bench/load/README.md.
#
# usage: bench/load/run.sh [--rate N[,N...]] [--calls N] [--regs N]
#                          [--only kamailio|imsemu|direct] [--out FILE]
#                          [--loads register,call] [--baseline]
#                          [--hold MS] [--duration S] [--ramp] [--max-rate N]
#                          [--refine N]
#                          [--pin] [--pcap] [--children N] [--route-by-uri]
#                          [--clean]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATS="$HERE/loadstats.py"

HOST=127.0.0.1
KAM_PORT=5061
IMS_PORT=5062
UAS_PORT=5070
IMSEMU_PROXY_CMD="${IMSEMU_PROXY_CMD:-./imsemu sip-proxy --address 127.0.0.1 --port 5062}"
START_TIMEOUT="${START_TIMEOUT:-60}"     # seconds for a proxy to answer OPTIONS
KAMAILIO_SHM="${KAMAILIO_SHM:-1024}"  # MB; 64 runs out of tm memory near 500 calls/s,
                                       # 256 after ~130k registrations
KAMAILIO_PKG="${KAMAILIO_PKG:-8}"

RATES="200"
CALLS=""           # default: rate * DURATION
REGS=""            # default: rate * DURATION
DURATION=10
ONLY=""
LOADS="register,call"
BASELINE=0
OUT="$HERE/results.md"
HOLD=0
RAMP=0
MAX_RATE=20000
REFINE=2
PIN=0
PCAP=0
CHILDREN=2
CLEAN=0
PREREG=1

usage() {
  sed -n '6,12p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF

  --rate N[,N...]   offered rate(s), calls or REGISTERs per second (default 200)
  --calls N         INVITE/BYE calls per rate step (default: rate x duration)
  --regs N          REGISTER transactions per rate step (default: rate x duration)
  --duration S      seconds of load per step when --calls/--regs are not given (10)
  --only P          run only kamailio, only imsemu, or only direct
  --loads L         register,call (default) or one of them
  --baseline        first run the call load with no proxy (UAC straight to
                    UAS): the ceiling of SIPp itself on this machine
  --out FILE        Markdown results (default bench/load/results.md)
  --hold MS         call hold time between ACK and BYE (default 0)
  --ramp            start at the (first) --rate and double it until a step
                    has >= 0.1 % failed or achieves < 95 % of the offered
                    rate, or --max-rate (default 20000) is passed; then
                    bisect --refine (default 2) times between the last good
                    and the first failing rate
  --warmup S        before measuring, put S seconds (default 10; 0 = none) of
                    each load at 300/s through the proxy and discard the
                    figures: a JVM compiles its hot code in its first seconds
                    (the same warm-up is given to Kamailio, which needs none)
  --pin             SIPp on CPU 0, the proxy on CPU 1 (taskset)
  --pcap            capture the proxy port on lo during call loads and report
                    the proxy transit time in microseconds (costs CPU: use at
                    modest rates)
  --children N      Kamailio UDP worker processes (default 2: on 2 cores it
                    sustains ~3500 calls/s with 2, ~2500 with 4)
  --route-by-uri    do not register the UAS first: the proxy must relay
                    INVITEs for sip:service@127.0.0.1:$UAS_PORT by host:port
                    (by default the UAS is registered as "service" with
                    Contact sip:service@127.0.0.1:$UAS_PORT, so a
                    registrar-proxy that owns 127.0.0.1 routes it by lookup)
  --clean           delete the working directory bench/load/out/<stamp>/
                    (SIPp logs, proxy logs) after a successful run

env: IMSEMU_PROXY_CMD  command (run from the repository root) that starts our
                       proxy on 127.0.0.1:$IMS_PORT
                       (default: $IMSEMU_PROXY_CMD)
     START_TIMEOUT     seconds to wait for a proxy to answer (default 60)
exit: 0 ok; 2 a proxy failed to start; 3 SIPp failed fatally; 64 bad usage
EOF
}

ORIG_ARGS=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATES="$2"; shift 2 ;;
    --calls) CALLS="$2"; shift 2 ;;
    --regs) REGS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --loads) LOADS="$2"; shift 2 ;;
    --baseline) BASELINE=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    --hold) HOLD="$2"; shift 2 ;;
    --ramp) RAMP=1; shift ;;
    --max-rate) MAX_RATE="$2"; shift 2 ;;
    --refine) REFINE="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --pin) PIN=1; shift ;;
    --pcap) PCAP=1; shift ;;
    --children) CHILDREN="$2"; shift 2 ;;
    --keep) shift ;;   # kept by default (old flag)
    --clean) CLEAN=1; shift ;;
    --route-by-uri) PREREG=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 64 ;;
  esac
done

case "$ONLY" in
  ""|kamailio|imsemu|direct) ;;
  *) echo "--only must be kamailio, imsemu or direct" >&2; exit 64 ;;
esac
IFS=',' read -r -a LOAD_LIST <<< "$LOADS"
for v in "${LOAD_LIST[@]}"; do
  case "$v" in register|call) ;; *) echo "--loads takes register,call" >&2; exit 64 ;; esac
done
: "${WARMUP:=10}"
for v in "$WARMUP" "$DURATION" "$HOLD" "$MAX_RATE" "$REFINE" "$CHILDREN" ${CALLS:+"$CALLS"} ${REGS:+"$REGS"}; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "not a number: $v" >&2; exit 64; }
done
IFS=',' read -r -a RATE_LIST <<< "$RATES"
for v in "${RATE_LIST[@]}"; do
  [[ "$v" =~ ^[0-9]+$ && "$v" -gt 0 ]] || { echo "bad rate: $v" >&2; exit 64; }
done
PROXIES=(kamailio imsemu)
[ -n "$ONLY" ] && PROXIES=("$ONLY")
[ "$BASELINE" = 1 ] && [ "$ONLY" != direct ] && PROXIES=(direct "${PROXIES[@]}")

need() { command -v "$1" >/dev/null 2>&1 || { echo "missing tool: $1 ($2)" >&2; exit 64; }; }
need sipp "apt-get install sip-tester"
need python3 "python3"
for p in "${PROXIES[@]}"; do
  [ "$p" = kamailio ] && need kamailio "apt-get install kamailio"
done
[ "$PIN" = 1 ] && need taskset "util-linux"
[ "$PCAP" = 1 ] && { need dumpcap "apt-get install tshark"; need tshark "apt-get install tshark"; }

STAMP="$(date +%Y%m%d-%H%M%S)-$$"
WORK="$HERE/out/$STAMP"
mkdir -p "$WORK"
RUNS="$WORK/runs.jsonl"
: > "$RUNS"
LOG="$WORK/run.log"

SIPP_CPU=(); PROXY_CPU=()
if [ "$PIN" = 1 ]; then SIPP_CPU=(taskset -c 0); PROXY_CPU=(taskset -c 1); fi

log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$LOG" >&2; }

# ---------------------------------------------------------------- cleanup --
# Everything we start is tracked by id: SIPp and dumpcap by PID, each proxy
# by its process group (both are started under setsid, Kamailio with -DD so
# it does not daemonise), so their children (Kamailio workers, the JVM
# behind a wrapper script) go too.
BG_PIDS=()          # sipp / dumpcap
PROXY_PGID=""       # process group of the running proxy
PROXY_NAME=""

alive_in_group() {  # non-zombie processes of process group $1
  ps -e -o pgid=,pid=,stat= | awk -v g="$1" '$1==g && $3 !~ /^Z/ {print $2}'
}

stop_group() {      # $1 pgid: TERM, wait up to 10 s, then KILL
  local g="$1" i
  [ -n "$g" ] || return 0
  kill -TERM -- "-$g" 2>/dev/null || true
  for i in $(seq 1 50); do
    [ -z "$(alive_in_group "$g")" ] && return 0
    sleep 0.2
  done
  log "process group $g did not stop on TERM, sending KILL"
  kill -KILL -- "-$g" 2>/dev/null || true
  sleep 0.5
}

untrack() {         # drop $1 from BG_PIDS
  local x n=()
  for x in "${BG_PIDS[@]}"; do [ "$x" = "$1" ] || n+=("$x"); done
  BG_PIDS=("${n[@]}")
}

wait_bounded() {    # $1 pid, $2 seconds; exit status in WB_RC
  local pid="$1" deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "pid $pid still running after $2 s: stopping it"
      stop_pid "$pid" TERM
      break
    fi
    sleep 0.2
  done
  WB_RC=0
  wait "$pid" 2>/dev/null || WB_RC=$?
}

stop_pid() {        # $1 pid, $2 first signal
  local p="$1" sig="${2:-TERM}" i
  kill -0 "$p" 2>/dev/null || return 0
  kill "-$sig" "$p" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$p" 2>/dev/null || { wait "$p" 2>/dev/null || true; return 0; }
    sleep 0.2
  done
  kill -KILL "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}

stop_proxy() {
  if [ -n "$PROXY_PGID" ]; then
    log "stopping $PROXY_NAME (process group $PROXY_PGID)"
    stop_group "$PROXY_PGID"
    PROXY_PGID=""
  fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local p
  for p in "${BG_PIDS[@]}"; do stop_pid "$p" TERM; done
  BG_PIDS=()
  stop_proxy
  if [ "$CLEAN" = 1 ] && [ "$rc" = 0 ]; then
    rm -rf "$WORK"
  else
    echo "working files kept in $WORK" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- proxies --
start_group() {     # $1 name, $2 port, $3 log file, $4 workdir, command...
  local name="$1" port="$2" logf="$3" wd="$4" pid g
  shift 4
  # setsid gives the proxy its own process group (pid == pgid, since this
  # background job is not a group leader), so all its children are stopped
  # together by id
  ( cd "$wd" && exec "${PROXY_CPU[@]}" setsid "$@" ) > "$logf" 2>&1 < /dev/null &
  pid=$!
  PROXY_PGID="$pid"
  PROXY_NAME="$name"
  PROXY_PORT="$port"
  sleep 0.3
  g="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')"
  if [ -n "$g" ] && [ "$g" != "$pid" ]; then
    log "warning: $name runs in process group $g, not $pid"
    PROXY_PGID="$g"
  fi
  if [ -z "$(alive_in_group "$PROXY_PGID")" ]; then
    wait "$pid" 2>/dev/null || true
    log "$name exited right away; its output:"; tail -20 "$logf" >&2
    PROXY_PGID=""
    return 1
  fi
}

start_kamailio() {  # $1 dir
  local d="$1"
  mkdir -p "$d"
  # -DD: no fork into the background (we keep the PID and the log); -E: log
  # to stderr. It still writes the pidfile.
  start_group kamailio "$KAM_PORT" "$d/kamailio.log" "$d" \
      kamailio -f "$HERE/kamailio.cfg" -P "$d/kamailio.pid" -DD -E \
      -m "$KAMAILIO_SHM" -M "$KAMAILIO_PKG" -w "$d" \
      -A "LISTEN_ADDR=$HOST" -A "LISTEN_PORT=$KAM_PORT" -A "CHILDREN=$CHILDREN"
}

start_imsemu() {    # $1 dir
  local d="$1"
  mkdir -p "$d"
  log "starting our proxy: (cd $REPO && $IMSEMU_PROXY_CMD)"
  start_group imsemu "$IMS_PORT" "$d/imsemu.log" "$REPO" \
      bash -c "exec $IMSEMU_PROXY_CMD"
}

wait_ready() {      # $1 port, $2 log file
  local port="$1" deadline=$((SECONDS + START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ -z "$(alive_in_group "$PROXY_PGID")" ]; then
      log "$PROXY_NAME died while starting; its output:"; tail -20 "$2" >&2
      return 1
    fi
    if python3 "$STATS" probe "$HOST" "$port" 2 >> "$LOG" 2>&1; then
      return 0
    fi
  done
  log "$PROXY_NAME did not answer OPTIONS on $HOST:$port within ${START_TIMEOUT}s; its output:"
  tail -20 "$2" >&2
  return 1
}

# ------------------------------------------------------------------ loads --
FATAL=0

sipp_rc_ok() {  # 0 all ok, 1 some calls failed, 97/99 normal exits
  case "$1" in 0|1|97|99) return 0 ;; *) return 1 ;; esac
}

run_register() {  # $1 proxy $2 rate $3 count $4 dir
  local p="$1" rate="$2" n="$3" d="$4" rc=0 tmo
  mkdir -p "$d"
  python3 "$STATS" users "$d/users.csv" "b${p:0:1}r${rate}u" "$n"
  tmo=$(( n / rate + 30 ))
  log "$p: REGISTER load, $n at ${rate}/s"
  ( cd "$d" && exec "${SIPP_CPU[@]}" \
      sipp "$HOST:$PROXY_PORT" -sf "$HERE/register.xml" -inf "$d/users.csv" \
      -i "$HOST" -r "$rate" -m "$n" -l $((rate * 10 + 100)) \
      -timeout "${tmo}s" -recv_timeout 10000 -nostdin -fd 1 \
      -trace_stat -trace_counts -trace_err -trace_rtt -rtt_freq 1 \
      > "$d/sipp.out" 2>&1 ) &
  local pid=$!; BG_PIDS+=("$pid")
  wait_bounded "$pid" $((tmo + 15)); rc=$WB_RC
  untrack "$pid"
  sipp_rc_ok "$rc" || { FATAL=1; log "$p: SIPp register exit code $rc (see $d/sipp.out)"; tail -5 "$d/sipp.out" >&2; }
  python3 "$STATS" collect --dir "$d" --proxy "$p" --load register \
      --rate "$rate" --hold 0 --sipp-rc "$rc" --uac-scenario register --out "$RUNS"
}

run_calls() {     # $1 proxy $2 rate $3 count $4 dir
  local p="$1" rate="$2" n="$3" d="$4" rc=0 tmo uas cap="" pcapf=""
  mkdir -p "$d"
  tmo=$(( n / rate + HOLD / 1000 + 30 ))
  if [ "$PCAP" = 1 ] && [ "$p" != direct ]; then
    pcapf="$d/proxy.pcapng"
    dumpcap -q -i lo -f "udp port $PROXY_PORT" -w "$pcapf" > "$d/dumpcap.log" 2>&1 &
    cap=$!; BG_PIDS+=("$cap"); sleep 1
  fi
  ( cd "$d" && exec "${SIPP_CPU[@]}" \
      sipp -sf "$HERE/uas.xml" -i "$HOST" -p "$UAS_PORT" \
      -default_behaviors all,-abortunexp \
      -timeout "$((tmo + 15))s" -nostdin -fd 1 \
      -trace_stat -trace_counts -trace_err > "$d/uas.out" 2>&1 ) &
  uas=$!; BG_PIDS+=("$uas")
  sleep 0.5
  if ! kill -0 "$uas" 2>/dev/null; then
    log "UAS SIPp did not start (port $UAS_PORT busy?)"; tail -5 "$d/uas.out" >&2
    untrack "$uas"; FATAL=1
    echo "{\"proxy\": \"$p\", \"load\": \"call\", \"rate\": $rate, \"error\": \"UAS did not start\"}" >> "$RUNS"
    return 0
  fi
  log "$p: INVITE/BYE load, $n calls at ${rate}/s (hold ${HOLD} ms)"
  ( cd "$d" && exec "${SIPP_CPU[@]}" \
      sipp "$HOST:$UAS_PORT" -sf "$HERE/uac-invite-bye.xml" -s service \
      -rsa "$HOST:$PROXY_PORT" -i "$HOST" -r "$rate" -m "$n" -d "$HOLD" \
      -l $((rate * (10 + HOLD / 1000) + 100)) \
      -timeout "${tmo}s" -recv_timeout 10000 -nostdin -fd 1 \
      -trace_stat -trace_counts -trace_err -trace_rtt -rtt_freq 1 \
      > "$d/sipp.out" 2>&1 ) &
  local pid=$!; BG_PIDS+=("$pid")
  wait_bounded "$pid" $((tmo + 15)); rc=$WB_RC
  untrack "$pid"
  # UAS: SIGUSR1 = stop taking calls, finish the open ones, write stats, exit
  kill -USR1 "$uas" 2>/dev/null || true
  local i
  for i in $(seq 1 40); do kill -0 "$uas" 2>/dev/null || break; sleep 0.25; done
  stop_pid "$uas" TERM
  untrack "$uas"
  if [ -n "$cap" ]; then
    stop_pid "$cap" TERM
    untrack "$cap"
  fi
  sipp_rc_ok "$rc" || { FATAL=1; log "$p: SIPp UAC exit code $rc (see $d/sipp.out)"; tail -5 "$d/sipp.out" >&2; }
  python3 "$STATS" collect --dir "$d" --proxy "$p" --load call \
      --rate "$rate" --hold "$HOLD" --sipp-rc "$rc" --uac-scenario uac-invite-bye \
      --out "$RUNS" ${pcapf:+--pcap "$pcapf" --proxy-port "$PROXY_PORT"}
}

step_ok() {  # last line of RUNS for load $1: <0.1 % failed and >= 95 % offered
  python3 - "$RUNS" "$1" <<'EOF'
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
r = [x for x in runs if x["load"] == sys.argv[2]][-1]
ok = ("error" not in r and r["attempted"] > 0
      and r["failed"] / r["attempted"] < 0.001
      and r["achieved"] >= 0.95 * r["rate"])
sys.exit(0 if ok else 1)
EOF
}

ramp_load() {     # $1 proxy $2 load $3 proxy dir: double, then bisect
  local p="$1" load="$2" d="$3" rate="${RATE_LIST[0]}" good=0 bad=0 i mid
  while [ "$rate" -le "$MAX_RATE" ]; do
    run_load "$p" "$load" "$rate" "$d"
    if step_ok "$load"; then good=$rate; rate=$((rate * 2)); sleep 2
    else bad=$rate; break; fi
  done
  # refine between the last good and the first bad rate (--refine steps)
  for i in $(seq 1 "$REFINE"); do
    [ "$good" -gt 0 ] && [ "$bad" -gt 0 ] || break
    mid=$(( (good + bad) / 2 / 50 * 50 ))
    [ "$mid" -gt "$good" ] && [ "$mid" -lt "$bad" ] || break
    sleep 5    # let the proxy drain the overload of the failed step
    run_load "$p" "$load" "$mid" "$d"
    if step_ok "$load"; then good=$mid; else bad=$mid; fi
  done
  log "$p: $load sustained up to ${good}/s (first failing step ${bad}/s; 0 = none)"
}

run_load() {      # $1 proxy $2 load $3 rate $4 proxy dir
  case "$2" in
    register) run_register "$1" "$3" "${REGS:-$(($3 * DURATION))}" "$4/register-r$3" ;;
    call) run_calls "$1" "$3" "${CALLS:-$(($3 * DURATION))}" "$4/call-r$3" ;;
  esac
}

# ------------------------------------------------------------------- main --
python3 "$STATS" portfree "$HOST" "$UAS_PORT" || exit 64
START_FAILED=0
for p in "${PROXIES[@]}"; do
  pdir="$WORK/$p"
  if [ "$p" = direct ]; then
    # baseline: UAC straight to UAS, no proxy (the rig's own ceiling)
    log "=== direct (no proxy) ==="
    PROXY_NAME=direct; PROXY_PORT=$UAS_PORT; PROXY_PGID=""
    mkdir -p "$pdir"
    if [ "$RAMP" = 1 ]; then
      ramp_load direct call "$pdir"
    else
      for rate in "${RATE_LIST[@]}"; do run_load direct call "$rate" "$pdir"; sleep 1; done
    fi
    continue
  fi
  port=$KAM_PORT; [ "$p" = imsemu ] && port=$IMS_PORT
  if ! python3 "$STATS" portfree "$HOST" "$port"; then
    log "$p: port $HOST:$port is already taken by something else"
    START_FAILED=1
    echo "{\"proxy\": \"$p\", \"load\": \"call\", \"rate\": 0, \"error\": \"port $port busy\"}" >> "$RUNS"
    continue
  fi
  log "=== $p ==="
  started=0
  if [ "$p" = kamailio ]; then start_kamailio "$pdir" && started=1
  else start_imsemu "$pdir" && started=1; fi
  if [ "$started" = 1 ]; then
    logf="$pdir/kamailio.log"; [ "$p" = imsemu ] && logf="$pdir/imsemu.log"
    wait_ready "$PROXY_PORT" "$logf" || started=0
  fi
  if [ "$started" = 0 ]; then
    START_FAILED=1
    stop_proxy
    echo "{\"proxy\": \"$p\", \"load\": \"call\", \"rate\": 0, \"error\": \"failed to start\"}" >> "$RUNS"
    continue
  fi
  log "$p answers on $HOST:$PROXY_PORT"
  if [ "$PREREG" = 1 ]; then
    python3 "$STATS" register "$HOST" "$PROXY_PORT" service "sip:service@$HOST:$UAS_PORT" >> "$LOG" 2>&1 \
      || log "$p: warning: registering the UAS as 'service' failed; calls rely on routing by Request-URI"
  fi

  if [ "$WARMUP" -gt 0 ]; then
    log "$p: warm-up, $WARMUP s of each load at 300/s (not reported)"
    saved_runs=$RUNS; RUNS="$WORK/warmup.jsonl"
    for load in "${LOAD_LIST[@]}"; do
      case "$load" in
        register) run_register "$p" 300 $((300 * WARMUP)) "$pdir/warmup-register" ;;
        call) run_calls "$p" 300 $((300 * WARMUP)) "$pdir/warmup-call" ;;
      esac
      sleep 1
    done
    RUNS=$saved_runs
  fi

  if [ "$RAMP" = 1 ]; then
    for load in "${LOAD_LIST[@]}"; do
      ramp_load "$p" "$load" "$pdir"
      sleep 2
    done
  else
    for rate in "${RATE_LIST[@]}"; do
      for load in "${LOAD_LIST[@]}"; do
        [ "$p" = direct ] && [ "$load" = register ] && continue
        run_load "$p" "$load" "$rate" "$pdir"
        sleep 1
      done
    done
  fi
  stop_proxy
  sleep 1
done

cat > "$WORK/meta.json" <<EOF
{"date": "$(date -Is)", "machine": "$(nproc) cores, $(uname -r)",
 "sipp": "$(sipp -v 2>&1 | grep -o 'v[0-9][^ ]*' | head -1)",
 "kamailio": "$(command -v kamailio >/dev/null && kamailio -v | head -1 | awk '{print $3}' || echo n/a)",
 "command": "bench/load/run.sh $(printf '%s ' "${ORIG_ARGS[@]}" | sed 's/"/\\"/g')",
 "imsemu_cmd": "$(printf '%s' "$IMSEMU_PROXY_CMD" | sed 's/"/\\"/g')",
 "hold": $HOLD, "routing": "$([ "$PREREG" = 1 ] && echo "UAS registered as service (location lookup)" || echo "by Request-URI host:port")", "pin": "$([ "$PIN" = 1 ] && echo 'sipp cpu0, proxy cpu1' || echo no)"}
EOF
mkdir -p "$(dirname "$OUT")"
python3 "$STATS" report "$RUNS" "$OUT" --meta "$WORK/meta.json"
echo
echo "results written to $OUT"
[ "$START_FAILED" = 1 ] && { log "a proxy failed to start"; exit 2; }
[ "$FATAL" = 1 ] && { log "SIPp failed fatally in at least one run"; exit 3; }
exit 0
