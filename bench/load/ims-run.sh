#!/usr/bin/env bash
# IMS load through the full chain of the default scenario (two-domains.xml):
# SIPp registers N callees of domain2.com and N callers of domain1.com with
# Digest MD5 (or, with --aka, IMS AKA subscribers of ims/aka-scenario.xml),
# then places calls userK@domain1.com -> userK@domain2.com through
# pcscf1 -> scscf1 -> icscf2 -> scscf2 -> pcscf2. See bench/load/README.md,
# section "IMS load through the full chain".
#
# usage: bench/load/ims-run.sh [--rate N[,N...]] [--calls N] [--users N]
#                              [--reg-rate N] [--hold MS] [--transport udp|tcp]
#                              [--aka] [--pcap] [--out FILE] [--clean]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATS="$HERE/loadstats.py"
JAR="$REPO/cli/target/imsemu.jar"

# The SIPp UEs: callers register and call from one socket (the P-CSCF knows a
# UE by the address it registered from, plus the From identity); callees
# register from the socket the UAS then answers on (their Contact).
CALLER_IP=127.0.1.200; CALLER_PORT=5060
CALLEE_IP=127.0.2.200; CALLEE_PORT=5080
PCSCF1=127.0.1.10:5060; PCSCF2=127.0.2.10:5060
START_TIMEOUT="${START_TIMEOUT:-90}"

RATES="100"; CALLS=1000; USERS=""; REG_RATE=""; HOLD=0; TRANSPORT=udp
OUT=""; CLEAN=0; AKA=0; PCAP=0

usage() {
  sed -n '9,11p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF

  --rate N[,N...]  call rate(s), calls per second; one call step per rate,
                   all in the same imsemu run (default 100)
  --calls N        calls per step (default 1000; 0: registrations only);
                   caller userK calls callee userK, K cycling through 1..users
  --users N        subscribers registered in each domain (default 1000; the
                   default scenario provisions user1..user1000; with --aka
                   default 10000, aka1..aka10000)
  --reg-rate N     REGISTER rate for both registration loads (default: the
                   first --rate)
  --hold MS        call hold time between ACK and BYE (default 0)
  --transport T    udp (default) or tcp (SIPp -t t1: one connection per UE socket)
  --aka            IMS AKA (Digest AKAv1-MD5): run ims/aka-scenario.xml, register
                   akaK@domainN.com with SIPp's aka_K/aka_OP/aka_AMF
                   (ims/register-aka.xml) and call akaK -> akaK
  --pcap           capture the HSSs' Diameter port (tcp 3868) on lo with dumpcap
                   during the registrations and report the Cx round trips
                   (UAR/UAA, MAR/MAA, SAR/SAA: p50/p90/p99, ims/cxtiming.py)
  --out FILE       also write the Markdown results here (they are always in
                   the working directory bench/load/out/ims-<stamp>/results.md)
  --clean          delete the working directory after a successful run

env: IMSEMU_CMD     command run from the repository root that starts the
                    default scenario without UEs; the script appends
                    --topology-out FILE (default: java \${IMSEMU_JAVA_OPTS:--XX:+UseZGC}
                    -jar cli/target/imsemu.jar up --no-ues, with --aka plus
                    --data-dir WORKDIR/hss bench/load/ims/aka-scenario.xml)
     START_TIMEOUT  seconds for imsemu to serve (default 90)
exit: 0 every step ran (calls may still have failed: read the table);
      2 imsemu did not start; 3 SIPp failed fatally; 64 bad usage
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATES="$2"; shift 2 ;;
    --calls) CALLS="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    --reg-rate) REG_RATE="$2"; shift 2 ;;
    --hold) HOLD="$2"; shift 2 ;;
    --transport) TRANSPORT="$2"; shift 2 ;;
    --aka) AKA=1; shift ;;
    --pcap) PCAP=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    --clean) CLEAN=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 64 ;;
  esac
done
IFS=',' read -r -a RATE_LIST <<< "$RATES"
if [ -z "$USERS" ]; then if [ "$AKA" = 1 ]; then USERS=10000; else USERS=1000; fi; fi
for v in "${RATE_LIST[@]}" "$USERS" ${REG_RATE:+"$REG_RATE"}; do
  [[ "$v" =~ ^[0-9]+$ && "$v" -gt 0 ]] || { echo "not a positive number: $v" >&2; exit 64; }
done
[[ "$CALLS" =~ ^[0-9]+$ ]] || { echo "--calls takes a number: $CALLS" >&2; exit 64; }
[[ "$HOLD" =~ ^[0-9]+$ ]] || { echo "--hold takes milliseconds: $HOLD" >&2; exit 64; }
case "$TRANSPORT" in udp) SIPP_T=u1 ;; tcp) SIPP_T=t1 ;; *) echo "--transport is udp or tcp" >&2; exit 64 ;; esac
: "${REG_RATE:=${RATE_LIST[0]}}"

need() { command -v "$1" >/dev/null 2>&1 || { echo "missing tool: $1 ($2)" >&2; exit 64; }; }
need sipp "apt-get install sip-tester"
need python3 "python3"
need java "a Java 17 runtime"
[ "$PCAP" = 1 ] && { need dumpcap "apt-get install tshark"; need tshark "apt-get install tshark"; }
# What the subscribers are: prefix, and the credential fields of the register CSV
if [ "$AKA" = 1 ]; then
  PREFIX=aka; REG_SCENARIO="$HERE/ims/register-aka.xml"; MODE="IMS AKA (Digest AKAv1-MD5)"
  SCENARIO_ARGS="bench/load/ims/aka-scenario.xml"
  # K, OP and AMF as the text SIPp takes as raw octets (see ims/aka-scenario.xml)
  CREDENTIALS="imsemu-load-key1;imsemu-load-op-1;AB"
else
  PREFIX=user; REG_SCENARIO="$HERE/ims/register.xml"; MODE="Digest MD5"
  SCENARIO_ARGS=""; CREDENTIALS="secret"
fi

STAMP="$(date +%Y%m%d-%H%M%S)-$$"
WORK="$HERE/out/ims-$STAMP"
mkdir -p "$WORK"
LOG="$WORK/run.log"
RUNS="$WORK/runs.jsonl"
: > "$RUNS"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$LOG" >&2; }

# ---------------------------------------------------------------- cleanup --
# imsemu runs in its own process group (setsid), SIPp instances are tracked
# by PID; everything is stopped by id at the end, also on error or Ctrl-C.
BG_PIDS=()
IMS_PGID=""
CAP_PID=""

stop_pid() {        # $1 pid: TERM, wait up to 10 s, then KILL
  local p="$1" i
  kill -0 "$p" 2>/dev/null || { wait "$p" 2>/dev/null || true; return 0; }
  kill -TERM "$p" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$p" 2>/dev/null || { wait "$p" 2>/dev/null || true; return 0; }
    sleep 0.2
  done
  kill -KILL "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}

untrack() {
  local x n=()
  for x in "${BG_PIDS[@]}"; do [ "$x" = "$1" ] || n+=("$x"); done
  BG_PIDS=("${n[@]}")
}

stop_imsemu() {
  [ -n "$IMS_PGID" ] || return 0
  log "stopping imsemu (process group $IMS_PGID)"
  kill -TERM -- "-$IMS_PGID" 2>/dev/null || true
  local i
  for i in $(seq 1 75); do
    [ -z "$(ps -e -o pgid=,stat= | awk -v g="$IMS_PGID" '$1==g && $2 !~ /^Z/')" ] && break
    sleep 0.2
  done
  kill -KILL -- "-$IMS_PGID" 2>/dev/null || true
  wait "$IMS_PGID" 2>/dev/null || true
  IMS_PGID=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local p
  for p in "${BG_PIDS[@]}"; do stop_pid "$p"; done
  stop_imsemu
  if [ "$CLEAN" = 1 ] && [ "$rc" = 0 ]; then rm -rf "$WORK"
  else echo "working files kept in $WORK" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

wait_bounded() {    # $1 pid, $2 seconds; exit status in WB_RC
  local pid="$1" deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "pid $pid still running after $2 s: stopping it"; stop_pid "$pid"; break
    fi
    sleep 0.2
  done
  WB_RC=0
  wait "$pid" 2>/dev/null || WB_RC=$?
}

cpu_ticks() {       # user + system clock ticks of imsemu's JVM so far
  awk '{print $14 + $15}' "/proc/$IMS_PGID/stat" 2>/dev/null || echo 0
}

# ---------------------------------------------------------------- imsemu --
for ep in "$CALLER_IP $CALLER_PORT" "$CALLEE_IP $CALLEE_PORT"; do
  # shellcheck disable=SC2086
  python3 "$STATS" portfree $ep || { echo "UDP $ep is taken: is another run going on?" >&2; exit 64; }
done
if [ ! -f "$JAR" ]; then
  log "building $JAR (mvn -pl cli -am package)"
  (cd "$REPO" && mvn -B -q -DskipTests -pl cli -am package) >> "$LOG" 2>&1 \
    || { log "the build failed, see $LOG"; exit 2; }
fi
TOPO="$WORK/topology.json"
if [ "$AKA" = 1 ]; then
  # a database of its own: 2 x 10,000 AKA subscribers, and ~/.imsemu left alone
  IMSEMU_CMD="${IMSEMU_CMD:-java ${IMSEMU_JAVA_OPTS:--XX:+UseZGC} -jar cli/target/imsemu.jar up --no-ues --data-dir $WORK/hss $SCENARIO_ARGS}"
fi
IMSEMU_CMD="${IMSEMU_CMD:-java ${IMSEMU_JAVA_OPTS:--XX:+UseZGC} -jar cli/target/imsemu.jar up --no-ues}"
log "starting imsemu: (cd $REPO && $IMSEMU_CMD --topology-out $TOPO)"
# setsid: own process group (pid == pgid), so the JVM and anything it starts stop together
( cd "$REPO" && exec setsid bash -c "exec $IMSEMU_CMD --topology-out '$TOPO'" ) > "$WORK/imsemu.log" 2>&1 < /dev/null &
IMS_PGID=$!
deadline=$((SECONDS + START_TIMEOUT))
until [ -s "$TOPO" ]; do
  if ! kill -0 "$IMS_PGID" 2>/dev/null; then
    log "imsemu exited while starting; its output:"; tail -20 "$WORK/imsemu.log" >&2
    IMS_PGID=""; exit 2
  fi
  [ "$SECONDS" -lt "$deadline" ] || { log "imsemu did not serve within ${START_TIMEOUT}s"; tail -20 "$WORK/imsemu.log" >&2; exit 2; }
  sleep 0.2
done
log "imsemu serves (topology in $TOPO)"

# ------------------------------------------------------------- injection --
python3 - "$WORK" "$USERS" "$PREFIX" "$CREDENTIALS" <<'EOF'
import sys
work, n, prefix, credentials = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
# field0 user, field1 home domain, then the credentials of the scenario's <subscribers> range:
# field2 Digest password, or field2..4 AKA K, OP and AMF as SIPp's text
for name, domain in (("callers", "domain1.com"), ("callees", "domain2.com")):
    with open("%s/%s.csv" % (work, name), "w") as f:
        f.write("SEQUENTIAL\n")
        for k in range(1, n + 1):
            f.write("%s%d;%s;%s;\n" % (prefix, k, domain, credentials))
with open("%s/calls.csv" % work, "w") as f:
    f.write("SEQUENTIAL\n")
    for k in range(1, n + 1):
        f.write("%s%d;\n" % (prefix, k))
EOF
# SIPp names its trace files after the scenario file: the report reads register_*
cp "$REG_SCENARIO" "$WORK/register.xml"

FATAL=0
sipp_rc_ok() { case "$1" in 0|1|97|99) return 0 ;; *) return 1 ;; esac; }

run_register() {    # $1 name, $2 csv, $3 ip, $4 port, $5 P-CSCF
  local name="$1" d="$WORK/$1" tmo rc t0 t1
  mkdir -p "$d"
  tmo=$(( USERS / REG_RATE + 60 ))
  log "$name: $USERS registrations at ${REG_RATE}/s from $3:$4 through $5 ($TRANSPORT)"
  t0=$(cpu_ticks); local w0=$SECONDS
  ( cd "$d" && exec sipp "$5" -sf "$WORK/register.xml" -inf "$WORK/$2" -t "$SIPP_T" \
      -i "$3" -p "$4" -r "$REG_RATE" -m "$USERS" -l $((REG_RATE * 10 + 100)) \
      -timeout "${tmo}s" -recv_timeout 10000 -nostdin -fd 1 \
      -trace_stat -trace_counts -trace_err -trace_rtt -rtt_freq 1 > "$d/sipp.out" 2>&1 ) &
  local pid=$!; BG_PIDS+=("$pid")
  wait_bounded "$pid" $((tmo + 15)); rc=$WB_RC; untrack "$pid"
  t1=$(cpu_ticks)
  sipp_rc_ok "$rc" || { FATAL=1; log "$name: SIPp exit code $rc"; tail -5 "$d/sipp.out" >&2; }
  python3 "$STATS" collect --dir "$d" --proxy "$name" --load register --rate "$REG_RATE" \
      --hold 0 --sipp-rc "$rc" --uac-scenario register --out "$RUNS"
  echo "{\"step\": \"$name\", \"cpu_ticks\": $((t1 - t0)), \"wall_s\": $((SECONDS - w0))}" >> "$WORK/cpu.jsonl"
}

run_calls() {       # $1 rate
  local rate="$1" d="$WORK/call-r$1" tmo rc uas t0 t1 w0
  mkdir -p "$d"
  tmo=$(( CALLS / rate + HOLD / 1000 + 60 ))
  ( cd "$d" && exec sipp -sf "$HERE/uas.xml" -t "$SIPP_T" -i "$CALLEE_IP" -p "$CALLEE_PORT" \
      -default_behaviors all,-abortunexp -timeout "$((tmo + 30))s" -nostdin -fd 1 \
      -trace_stat -trace_counts -trace_err > "$d/uas.out" 2>&1 ) &
  uas=$!; BG_PIDS+=("$uas")
  sleep 0.5
  if ! kill -0 "$uas" 2>/dev/null; then
    log "the UAS SIPp did not start"; tail -5 "$d/uas.out" >&2; untrack "$uas"; FATAL=1; return 0
  fi
  log "calls: $CALLS at ${rate}/s, userK@domain1.com -> userK@domain2.com through $PCSCF1 ($TRANSPORT, hold ${HOLD} ms)"
  t0=$(cpu_ticks); w0=$SECONDS
  ( cd "$d" && exec sipp "$PCSCF1" -sf "$HERE/ims/uac.xml" -inf "$WORK/calls.csv" -t "$SIPP_T" \
      -key caller_domain domain1.com -key callee_domain domain2.com \
      -i "$CALLER_IP" -p "$CALLER_PORT" -r "$rate" -m "$CALLS" -d "$HOLD" \
      -l $((rate * (10 + HOLD / 1000) + 100)) -timeout "${tmo}s" -recv_timeout 10000 -nostdin -fd 1 \
      -trace_stat -trace_counts -trace_err -trace_rtt -rtt_freq 1 > "$d/sipp.out" 2>&1 ) &
  local pid=$!; BG_PIDS+=("$pid")
  wait_bounded "$pid" $((tmo + 15)); rc=$WB_RC; untrack "$pid"
  t1=$(cpu_ticks)
  # UAS: SIGUSR1 = take no new calls, finish the open ones, write its files, exit
  kill -USR1 "$uas" 2>/dev/null || true
  local i
  for i in $(seq 1 40); do kill -0 "$uas" 2>/dev/null || break; sleep 0.25; done
  stop_pid "$uas"; untrack "$uas"
  sipp_rc_ok "$rc" || { FATAL=1; log "calls at ${rate}/s: SIPp UAC exit code $rc"; tail -5 "$d/sipp.out" >&2; }
  python3 "$STATS" collect --dir "$d" --proxy "ims-chain" --load call --rate "$rate" \
      --hold "$HOLD" --sipp-rc "$rc" --uac-scenario uac --out "$RUNS"
  echo "{\"step\": \"call-r$rate\", \"cpu_ticks\": $((t1 - t0)), \"wall_s\": $((SECONDS - w0))}" >> "$WORK/cpu.jsonl"
}

start_capture() {    # the HSSs' Diameter port on lo, during the registrations
  [ "$PCAP" = 1 ] || return 0
  dumpcap -q -i lo -f "tcp port 3868" -w "$WORK/cx.pcapng" > "$WORK/dumpcap.log" 2>&1 &
  CAP_PID=$!; BG_PIDS+=("$CAP_PID")
  sleep 2   # dumpcap needs a moment before it captures
}

stop_capture() {
  [ -n "$CAP_PID" ] || return 0
  stop_pid "$CAP_PID"; untrack "$CAP_PID"; CAP_PID=""
  log "Cx round trips from $WORK/cx.pcapng"
  python3 "$HERE/ims/cxtiming.py" "$WORK/cx.pcapng" --json "$WORK/cx.json" > "$WORK/cx.md" 2>> "$LOG" \
    || log "could not read the capture (see $LOG)"
}

# ------------------------------------------------------------------- main --
: > "$WORK/cpu.jsonl"
start_capture
run_register register-callees callees.csv "$CALLEE_IP" "$CALLEE_PORT" "$PCSCF2"
sleep 1
run_register register-callers callers.csv "$CALLER_IP" "$CALLER_PORT" "$PCSCF1"
stop_capture
if [ "$CALLS" -gt 0 ]; then
  for rate in "${RATE_LIST[@]}"; do
    sleep 2
    run_calls "$rate"
  done
fi
stop_imsemu
ERRORS_IN_LOG=$(grep -c -E "Exception|ERROR|SEVERE" "$WORK/imsemu.log" || true)

python3 - "$RUNS" "$WORK/cpu.jsonl" "$WORK/results.md" "$(getconf CLK_TCK)" "$ERRORS_IN_LOG" \
    "$TRANSPORT" "$USERS" "$CALLS" "$HOLD" "$(nproc)" "$MODE" "${SCENARIO_ARGS:-two-domains.xml}" "$WORK/cx.md" <<'EOF'
import glob, json, os, sys
runs_f, cpu_f, out_f, tck, errs, transport, users, calls, hold, ncpu, mode, scenario, cx_f = sys.argv[1:14]
runs = [json.loads(l) for l in open(runs_f) if l.strip()]
cpu = {}
for l in open(cpu_f):
    if l.strip():
        c = json.loads(l); cpu[c["step"]] = c
def ms(v): return "n/a" if v is None else "%g" % v
def pct(vals, q):
    if not vals: return None
    v = sorted(vals); return v[max(1, -(-len(v) * q // 100)) - 1]
def rtts(d, scenario, name):
    """Every response time of rtd `name` in SIPp's -trace_rtt files (ms)."""
    out = []
    for p in glob.glob(os.path.join(d, scenario + "_*_rtt.csv")):
        for line in open(p).readlines()[1:]:
            f = line.strip().split(";")
            if len(f) >= 3 and f[2] == name:
                out.append(float(f[1]))
    return out
L = ["# IMS load through the full chain (bench/load/ims-run.sh)", "",
     "Scenario %s, %s, %s users per domain, %s calls per step, hold %s ms, %s CPUs shared by SIPp and imsemu." % (scenario, transport.upper(), users, calls, hold, ncpu),
     "Registration: REGISTER -> 401 -> REGISTER (%s) -> 200 through P-, I- and S-CSCF; call: INVITE/ACK/BYE through pcscf1, scscf1, icscf2, scscf2, pcscf2." % mode, "",
     "| step | offered/s | attempted | ok | failed | achieved/s | p50 ms | p90 ms | p99 ms | max ms | BYE p50/p99 ms | SIPp retrans | imsemu CPU % |",
     "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"]
for r in runs:
    step = r["proxy"] if r["load"] == "register" else "call-r%d" % r["rate"]
    if "error" in r:
        L.append("| %s | %g | %s |  |  |  |  |  |  |  |  |  |  |" % (step, r["rate"], r["error"])); continue
    reg = r["load"] == "register"
    v = rtts(r["dir"], "register" if reg else "uac", "reg" if reg else "setup")
    prim = {"p50": pct(v, 50), "p90": pct(v, 90), "p99": pct(v, 99), "max": max(v) if v else None}
    bye = r["rtt"].get("bye", {})
    c = cpu.get(step)
    cpu_pct = "%.0f" % (100.0 * c["cpu_ticks"] / float(tck) / max(c["wall_s"], 1)) if c else "n/a"
    L.append("| %s | %g | %d | %d | %d | %.1f | %s | %s | %s | %s | %s | %d | %s |" % (
        "REGISTER " + step.replace("register-", "") if r["load"] == "register" else "call",
        r["rate"], r["attempted"], r["ok"], r["failed"], r["achieved"],
        ms(prim.get("p50")), ms(prim.get("p90")), ms(prim.get("p99")), ms(prim.get("max")),
        ("%s/%s" % (ms(bye.get("p50")), ms(bye.get("p99")))) if bye else "-",
        r.get("retrans", 0), cpu_pct))
L += ["", "Response times are SIPp's (-trace_rtt): REGISTER = first REGISTER to 200 (two round trips),",
      "call = INVITE to 200. achieved/s = ok over the window from the first to the last completed",
      "registration or call. imsemu CPU % = its JVM's CPU time over the step's wall time (200 % = both cores).",
      "Lines with Exception/ERROR/SEVERE in imsemu's log: %s." % errs]
def retries_403(d):
    """403s the register scenario received and retried (register-aka.xml: SIPp 3.6.1's RES with a 0 octet)."""
    n = 0
    for p in glob.glob(os.path.join(d, "register_*_counts.csv")):
        lines = [l for l in open(p).read().splitlines() if l.strip()]
        if len(lines) < 2:
            continue
        head, last = lines[0].split(";"), lines[-1].split(";")
        for i, h in enumerate(head):
            if h.endswith("_403_Recv") and i < len(last) and last[i].isdigit():
                n += int(last[i])
    return n
retried = [(r["proxy"], retries_403(r["dir"])) for r in runs if r["load"] == "register" and "dir" in r]
if any(n for _, n in retried):
    L += ["", "Registrations started over after a 403 (SIPp 3.6.1 hashes RES as a C string: wrong when RES has a 0 octet): "
          + ", ".join("%s %d" % (name.replace("register-", ""), n) for name, n in retried) + "."]
if os.path.exists(cx_f):
    L += ["", "Cx round trips during the registrations (dumpcap on lo, tcp 3868: request frame to answer frame,",
          "i.e. the HSS's time incl. its database; ims/cxtiming.py):", ""] + open(cx_f).read().rstrip().splitlines()
text = "\n".join(L) + "\n"
print(text)
open(out_f, "w").write(text)
EOF
[ -n "$OUT" ] && cp "$WORK/results.md" "$OUT" && echo "results written to $OUT"
[ "$FATAL" = 1 ] && { log "SIPp failed fatally in at least one step"; exit 3; }
exit 0
