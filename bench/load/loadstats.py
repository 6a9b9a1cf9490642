#!/usr/bin/env python3
"""Helpers for bench/load/run.sh (standard library only).

Sub-commands:
  probe HOST PORT SECONDS        send SIP OPTIONS over UDP until any SIP
                                 response arrives; exit 0 if one did
  portfree HOST PORT...          exit 1 if one of these UDP ports is taken
  users FILE PREFIX N            write a SIPp -inf CSV with N unique users
  collect ...                    read one SIPp run's files, append a JSON line
  transit PCAP PROXY_PORT        proxy transit latency from a capture (JSON)
  report RUNS.jsonl OUT.md       print + write the Markdown comparison
"""
import argparse
import csv
import glob
import json
import math
import os
import socket
import subprocess
import sys
import time
import uuid

# Messages through the proxy for one successful transaction/call, nominal
# (no retransmission): see README.md.
NOMINAL_MSGS = {
    "register": 2,   # REGISTER in, 200 out
    "call": 13,      # INVITE x2, 100 x1 (proxy's own), 180 x2, 200 x2,
                     # ACK x2, BYE x2, 200 x2
}
PRIMARY_RTD = {"register": "reg", "call": "setup"}
# the rtd whose end marks a completed transaction/call
DONE_RTD = {"register": "reg", "call": "bye"}


# --------------------------------------------------------------- probe ----
def cmd_probe(a):
    deadline = time.monotonic() + float(a.seconds)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    lport = s.getsockname()[1]
    s.settimeout(0.5)
    n = 0
    while time.monotonic() < deadline:
        n += 1
        branch = "z9hG4bK-probe-%s" % uuid.uuid4().hex[:12]
        msg = (
            "OPTIONS sip:{h}:{p} SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 127.0.0.1:{l};branch={b}\r\n"
            "Max-Forwards: 1\r\n"
            "From: <sip:probe@127.0.0.1:{l}>;tag=probe{n}\r\n"
            "To: <sip:{h}:{p}>\r\n"
            "Call-ID: probe-{b}@127.0.0.1\r\n"
            "CSeq: {n} OPTIONS\r\n"
            "Contact: <sip:probe@127.0.0.1:{l}>\r\n"
            "Content-Length: 0\r\n\r\n"
        ).format(h=a.host, p=a.port, l=lport, b=branch, n=n)
        try:
            s.sendto(msg.encode(), (a.host, int(a.port)))
            data, _ = s.recvfrom(65535)
            first = data.split(b"\r\n", 1)[0].decode("latin-1")
            if first.startswith("SIP/2.0 "):
                print("probe: %s:%s answered '%s'" % (a.host, a.port, first))
                return 0
        except (socket.timeout, ConnectionRefusedError, OSError):
            time.sleep(0.2)
    return 1


def cmd_register(a):
    """One REGISTER (no auth) binding USER@HOST to CONTACT; exit 0 on 200."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    lport = s.getsockname()[1]
    s.settimeout(0.5)
    branch = "z9hG4bK-prereg-%s" % uuid.uuid4().hex[:12]
    msg = (
        "REGISTER sip:{h}:{p} SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:{l};branch={b}\r\n"
        "Max-Forwards: 70\r\n"
        "From: <sip:{u}@{h}>;tag=prereg\r\n"
        "To: <sip:{u}@{h}>\r\n"
        "Call-ID: prereg-{b}@127.0.0.1\r\n"
        "CSeq: 1 REGISTER\r\n"
        "Contact: <{c}>\r\n"
        "Expires: 3600\r\n"
        "Content-Length: 0\r\n\r\n"
    ).format(h=a.host, p=a.port, l=lport, b=branch, u=a.user, c=a.contact)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        s.sendto(msg.encode(), (a.host, int(a.port)))
        try:
            while True:
                data, _ = s.recvfrom(65535)
                first = data.split(b"\r\n", 1)[0].decode("latin-1")
                code = int(first.split()[1])
                if code >= 200:
                    print("register %s -> %s: '%s'" % (a.user, a.contact, first))
                    return 0 if code < 300 else 1
        except (socket.timeout, ValueError, IndexError, OSError):
            pass
    print("register %s: no final response" % a.user, file=sys.stderr)
    return 1


def cmd_portfree(a):
    bad = []
    for p in a.ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.bind((a.host, int(p)))
        except OSError:
            bad.append(p)
        finally:
            s.close()
    if bad:
        print("UDP port(s) already in use on %s: %s" % (a.host, " ".join(bad)),
              file=sys.stderr)
        return 1
    return 0


def cmd_users(a):
    with open(a.file, "w") as f:
        f.write("SEQUENTIAL\n")
        for i in range(int(a.n)):
            f.write("%s%07d;\n" % (a.prefix, i))
    return 0


# ------------------------------------------------------------- collect ----
def _epoch(field):
    # "2026-11-26\t06:53:41.107160\t1795676021.107160"
    return float(field.split("\t")[-1])


def _read_stat(path):
    rows = list(csv.reader(open(path), delimiter=";"))
    if len(rows) < 2:
        return None
    head = rows[0]
    last = dict(zip(head, rows[-1]))
    return last


def _read_counts(path):
    """Messages the SIPp instance sent or received (incl. retransmissions).

    Every one of them went through the proxy exactly once (SIPp only talks
    to the proxy), so the sum over UAC and UAS equals the proxy's
    received + sent messages for this load."""
    rows = list(csv.reader(open(path), delimiter=";"))
    if len(rows) < 2:
        return 0, 0
    head, last = rows[0], rows[-1]
    total = retrans = 0
    for h, v in zip(head, last):
        if not h or not v:
            continue
        suffix = h.rsplit("_", 1)[-1]
        if suffix in ("Sent", "Recv", "Retrans", "Unexp"):
            total += int(v)
        if suffix == "Retrans":
            retrans += int(v)
    return total, retrans


def _read_rtt(paths):
    """{rtd name: [(ms since SIPp start, response time ms), ...]}"""
    out = {}
    for p in paths:
        with open(p) as f:
            next(f, None)
            for line in f:
                parts = line.strip().split(";")
                if len(parts) < 3:
                    continue
                try:
                    out.setdefault(parts[2], []).append(
                        (float(parts[0]), float(parts[1])))
                except ValueError:
                    pass
    return out


def pct(values, q):
    """Nearest-rank percentile."""
    if not values:
        return None
    v = sorted(values)
    k = max(1, int(math.ceil(q / 100.0 * len(v))))
    return v[k - 1]


def _one(pattern):
    m = sorted(glob.glob(pattern))
    return m[-1] if m else None


def cmd_collect(a):
    d = a.dir
    rec = {
        "proxy": a.proxy, "load": a.load, "rate": float(a.rate),
        "hold_ms": int(a.hold), "sipp_rc": int(a.sipp_rc), "dir": d,
    }
    stat = _one(os.path.join(d, a.uac_scenario + "_*_.csv"))
    if stat is None or _read_stat(stat) is None:
        rec["error"] = "no SIPp statistics file (SIPp did not run?)"
        _append(a.out, rec)
        return 0
    st = _read_stat(stat)
    start = _epoch(st["StartTime"])
    end = _epoch(st["CurrentTime"])
    elapsed = max(end - start, 1e-6)
    ok = int(st["SuccessfulCall(C)"])
    failed = int(st["FailedCall(C)"])
    created = int(st["TotalCallCreated"])
    rtt = _read_rtt(glob.glob(os.path.join(d, a.uac_scenario + "_*_rtt.csv")))
    # Load window: from the first to the last completed call (end of its
    # BYE/REGISTER transaction), stretched by one interval. Unlike SIPp's
    # elapsed time it leaves out the start-up, the hold time and the wait
    # for calls that end in a timeout.
    done = sorted(t for t, _ in rtt.get(DONE_RTD[a.load], []))
    if len(done) >= 2 and done[-1] > done[0]:
        window = (done[-1] - done[0]) / 1000.0 * len(done) / (len(done) - 1)
    else:
        window = max(elapsed - rec["hold_ms"] / 1000.0, 1e-3)
    rec.update({
        "attempted": created, "ok": ok, "failed": failed,
        "unfinished": max(created - ok - failed, 0),
        "elapsed_s": round(elapsed, 3), "window_s": round(window, 3),
        "achieved": ok / window,
        "uac_retrans": int(st.get("Retransmissions(C)", 0) or 0),
        "dead_msgs": int(st.get("DeadCallMsgs(C)", 0) or 0),
        "out_of_call": int(st.get("OutOfCallMsgs(C)", 0) or 0),
    })
    msgs = retrans = 0
    for c in glob.glob(os.path.join(d, "*_counts.csv")):
        t, r = _read_counts(c)
        msgs += t
        retrans += r
    rec["msgs"] = msgs
    rec["retrans"] = retrans
    rec["msgs_per_s"] = msgs / window
    rec["msgs_per_ok"] = (msgs / ok) if ok else None
    rec["nominal_msgs_per_s"] = NOMINAL_MSGS[a.load] * ok / window
    lat = {}
    for name, pairs in rtt.items():
        vals = [v for _, v in pairs]
        lat[name] = {
            "n": len(vals), "p50": pct(vals, 50), "p99": pct(vals, 99),
            "max": max(vals), "mean": sum(vals) / len(vals),
        }
    rec["rtt"] = lat
    # SIPp error logs (-trace_err): calls aborted (unexpected message,
    # timeout) vs. out-of-order messages the UAS was told to ignore
    aborted = ignored = 0
    for e in glob.glob(os.path.join(d, "*_errors.log")):
        with open(e, errors="replace") as f:
            for line in f:
                if "Continuing call on unexpected" in line:
                    ignored += 1
                elif ("Aborting call" in line or "aborting call" in line
                      or "Dead call" in line):
                    aborted += 1
    rec["error_lines"] = aborted
    rec["ignored_unexpected"] = ignored
    if a.pcap and os.path.exists(a.pcap):
        try:
            rec["transit"] = transit(a.pcap, int(a.proxy_port))
        except Exception as ex:  # keep the run's figures
            rec["transit_error"] = str(ex)
    _append(a.out, rec)
    return 0


def _append(path, rec):
    with open(path, "a") as f:
        f.write(json.dumps(rec) + "\n")


# ------------------------------------------------------------- transit ----
def transit(pcap, proxy_port):
    """Proxy transit time per forwarded message, from a loopback capture:
    time between the proxy receiving a message and sending the forwarded
    copy (same Call-ID, CSeq and method/status, other direction)."""
    out = subprocess.run(
        ["tshark", "-r", pcap, "-n", "-d", "udp.port==%d,sip" % proxy_port,
         "-Y", "sip", "-T", "fields", "-E", "separator=|",
         "-e", "frame.time_epoch", "-e", "udp.srcport", "-e", "udp.dstport",
         "-e", "sip.Method", "-e", "sip.Status-Code", "-e", "sip.Call-ID",
         "-e", "sip.CSeq"],
        check=True, capture_output=True, text=True).stdout
    pending = {}
    res = {}
    for line in out.splitlines():
        f = line.split("|")
        if len(f) < 7:
            continue
        t, sp, dp, meth, code, cid, cseq = f[:7]
        t = float(t)
        kind = meth or "%s/%s" % (code, cseq.split()[-1] if cseq else "?")
        key = (cid, cseq, kind)
        if int(dp) == proxy_port and int(sp) != proxy_port:
            pending.setdefault(key, t)       # first arrival (not a retrans)
        elif int(sp) == proxy_port and key in pending:
            dt = (t - pending.pop(key)) * 1e6
            res.setdefault(kind, []).append(dt)
    summary = {}
    for k, v in res.items():
        summary[k] = {"n": len(v), "p50_us": pct(v, 50), "p99_us": pct(v, 99)}
    return summary


def cmd_transit(a):
    print(json.dumps(transit(a.pcap, int(a.proxy_port)), indent=1))
    return 0


# -------------------------------------------------------------- report ----
def _f(v, nd=0):
    if v is None:
        return "n/a"
    if isinstance(v, float) and nd == 0:
        return "%.0f" % v
    return ("%." + str(nd) + "f") % v


def _ms(v):
    if v is None:
        return "n/a"
    return "%g" % v


def cmd_report(a):
    runs = []
    if os.path.exists(a.runs):
        with open(a.runs) as f:
            runs = [json.loads(line) for line in f if line.strip()]
    meta = {}
    if a.meta and os.path.exists(a.meta):
        meta = json.load(open(a.meta))
    L = []
    L.append("# SIP proxy load comparison (bench/load)")
    L.append("")
    if meta:
        L.append("- date: %s" % meta.get("date", "?"))
        L.append("- machine: %s" % meta.get("machine", "?"))
        L.append("- sipp: %s; kamailio: %s" % (meta.get("sipp", "?"),
                                               meta.get("kamailio", "?")))
        L.append("- command: `%s`" % meta.get("command", "?"))
        L.append("- imsemu proxy command: `%s`" % meta.get("imsemu_cmd", "?"))
        L.append("- call hold time: %s ms; CPU pinning: %s; call routing: %s" % (
            meta.get("hold", 0), meta.get("pin", "no"), meta.get("routing", "?")))
        L.append("")
    L.append("| proxy | load | offered/s | attempted | ok | failed | fail % "
             "| achieved/s | SIP msg/s | msg/ok | p50 ms | p99 ms |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        if "error" in r:
            L.append("| %s | %s | %s | %s |  |  |  |  |  |  |  |  |" % (
                r["proxy"], r["load"], _f(r["rate"]), r["error"]))
            continue
        rt = r.get("rtt", {}).get(PRIMARY_RTD[r["load"]], {})
        fail_pct = (100.0 * r["failed"] / r["attempted"]) if r["attempted"] else 0
        L.append("| %s | %s | %s | %d | %d | %d | %s | %s | %s | %s | %s | %s |" % (
            r["proxy"], r["load"], _f(r["rate"]), r["attempted"], r["ok"],
            r["failed"], _f(fail_pct, 2), _f(r["achieved"], 1),
            _f(r["msgs_per_s"]), _f(r["msgs_per_ok"], 2),
            _ms(rt.get("p50")), _ms(rt.get("p99"))))
    L.append("")
    # details
    L.append("Details: retransmissions (sent + received by SIPp), BYE "
             "response time, SIPp exit code, aborted-call lines and ignored "
             "out-of-order messages (BYE overtaking ACK) in the SIPp error "
             "logs, proxy transit time from the capture (--pcap).")
    L.append("")
    L.append("| proxy | load | offered/s | retrans | BYE p50 ms | BYE p99 ms "
             "| max ms | sipp rc | aborted | reordered | transit p50/p99 µs |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in runs:
        if "error" in r:
            continue
        rtt = r.get("rtt", {})
        bye = rtt.get("bye", {})
        prim = rtt.get(PRIMARY_RTD[r["load"]], {})
        tr = r.get("transit")
        trs = "-"
        if tr:
            trs = ", ".join("%s %s/%s" % (k, _f(v["p50_us"]), _f(v["p99_us"]))
                            for k, v in sorted(tr.items()))
        L.append("| %s | %s | %s | %d | %s | %s | %s | %d | %d | %d | %s |" % (
            r["proxy"], r["load"], _f(r["rate"]), r["retrans"],
            _ms(bye.get("p50")) if bye else "-",
            _ms(bye.get("p99")) if bye else "-",
            _ms(prim.get("max")), r["sipp_rc"], r["error_lines"],
            r.get("ignored_unexpected", 0), trs))
    L.append("")
    # ratios
    by = {}
    for r in runs:
        if "error" not in r:
            by[(r["proxy"], r["load"], r["rate"])] = r
    ratio_lines = []
    for (p, load, rate), k in sorted(by.items(), key=lambda x: (x[0][1], x[0][2])):
        if p != "kamailio":
            continue
        i = by.get(("imsemu", load, rate))
        if not i:
            continue
        rr = (i["achieved"] / k["achieved"]) if k["achieved"] else None
        kp = k["rtt"].get(PRIMARY_RTD[load], {}).get("p99")
        ip = i["rtt"].get(PRIMARY_RTD[load], {}).get("p99")
        if kp and ip is not None:
            pr = _f(ip / kp, 2)
        elif kp == 0 and ip is not None:
            pr = ("n/a (kamailio p99 = 0 ms, below SIPp's clock resolution; "
                  "imsemu p99 = %s ms)" % _ms(ip))
        else:
            pr = "n/a"
        kt = (k.get("transit") or {}).get("INVITE")
        it = (i.get("transit") or {}).get("INVITE")
        if kt and it and kt["p50_us"] and kt["p99_us"]:
            tr = "%s / %s" % (_f(it["p50_us"] / kt["p50_us"], 2),
                              _f(it["p99_us"] / kt["p99_us"], 2))
        else:
            tr = "-"
        ratio_lines.append("| %s | %s | %s | %s | %s |" % (
            load, _f(rate), _f(rr, 2), pr, tr))
    L.append("## imsemu / kamailio")
    L.append("")
    if ratio_lines:
        L.append("| load | offered/s | achieved rate ratio | p99 ratio (SIPp) "
                 "| INVITE transit p50 / p99 ratio (--pcap) |")
        L.append("|---|---:|---:|---|---|")
        L.extend(ratio_lines)
    else:
        L.append("n/a (needs both proxies at the same offered rate)")
    L.append("")
    # sustained rate (if several rates were run)
    sus = []
    for p in sorted({r["proxy"] for r in runs}):
        for load in ("register", "call"):
            good = [r for r in runs if r["proxy"] == p and r["load"] == load
                    and "error" not in r and r["attempted"]
                    and r["failed"] / r["attempted"] < 0.001
                    and r["achieved"] >= 0.95 * r["rate"]]
            tried = [r for r in runs if r["proxy"] == p and r["load"] == load]
            if len(tried) > 1:
                best = max((r["rate"] for r in good), default=None)
                sus.append("| %s | %s | %s | %s |" % (
                    p, load, _f(best) if best else "none",
                    ", ".join(_f(r["rate"]) for r in tried)))
    if sus:
        L.append("## Highest offered rate sustained (< 0.1 % failed, "
                 "achieved >= 95 % of offered)")
        L.append("")
        L.append("| proxy | load | sustained/s | rates tried |")
        L.append("|---|---|---:|---|")
        L.extend(sus)
        L.append("")
    text = "\n".join(L)
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    return 0


def main():
    ap = argparse.ArgumentParser()
    sp = ap.add_subparsers(dest="cmd", required=True)
    p = sp.add_parser("probe"); p.add_argument("host"); p.add_argument("port")
    p.add_argument("seconds"); p.set_defaults(fn=cmd_probe)
    p = sp.add_parser("register"); p.add_argument("host"); p.add_argument("port")
    p.add_argument("user"); p.add_argument("contact"); p.set_defaults(fn=cmd_register)
    p = sp.add_parser("portfree"); p.add_argument("host")
    p.add_argument("ports", nargs="+"); p.set_defaults(fn=cmd_portfree)
    p = sp.add_parser("users"); p.add_argument("file"); p.add_argument("prefix")
    p.add_argument("n"); p.set_defaults(fn=cmd_users)
    p = sp.add_parser("collect")
    for n in ("dir", "proxy", "load", "rate", "hold", "sipp_rc",
              "uac_scenario", "out"):
        p.add_argument("--" + n.replace("_", "-"), dest=n, required=True)
    p.add_argument("--pcap"); p.add_argument("--proxy-port", dest="proxy_port")
    p.set_defaults(fn=cmd_collect)
    p = sp.add_parser("transit"); p.add_argument("pcap")
    p.add_argument("proxy_port"); p.set_defaults(fn=cmd_transit)
    p = sp.add_parser("report"); p.add_argument("runs"); p.add_argument("out")
    p.add_argument("--meta"); p.set_defaults(fn=cmd_report)
    a = ap.parse_args()
    return a.fn(a)


if __name__ == "__main__":
    sys.exit(main())
