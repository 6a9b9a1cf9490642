#!/usr/bin/env python3
"""Cx round trips from a loopback capture of the HSSs' Diameter port (ims-run.sh --pcap).

Pairs each Cx request with its answer by TCP connection, Hop-by-Hop and End-to-End Identifier, and
prints, per command, how long the HSS took: from the request's frame to the answer's frame, both as
the kernel saw them on lo (so: the HSS's processing and queueing, including its database, without
the CSCF's own time). Usage: cxtiming.py CAPTURE [--json FILE]
"""
import argparse
import json
import subprocess
import sys

NAMES = {300: "UAR/UAA", 301: "SAR/SAA", 302: "LIR/LIA", 303: "MAR/MAA", 304: "RTR/RTA", 305: "PPR/PPA"}


def pct(values, q):
    if not values:
        return None
    v = sorted(values)
    return v[max(1, -(-len(v) * q // 100)) - 1]


def messages(capture):
    """(time, stream, is_request, code, hop_by_hop, end_to_end) of every Diameter message, in order."""
    fields = ["frame.time_epoch", "tcp.stream", "diameter.flags.request", "diameter.cmd.code",
              "diameter.hopbyhopid", "diameter.endtoendid"]
    cmd = ["tshark", "-r", capture, "-n", "-Y", "diameter", "-T", "fields",
           "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        cols = line.split("\t")
        if len(cols) < 6 or not cols[3]:
            continue
        t, stream = float(cols[0]), cols[1]
        # a TCP segment may carry several Diameter messages: one value per message in each column
        for req, code, hbh, e2e in zip(*(c.split(",") for c in cols[2:6])):
            yield t, stream, req in ("1", "True", "true"), int(code), hbh, e2e


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("capture")
    ap.add_argument("--json")
    a = ap.parse_args()
    pending, rtt = {}, {}
    unanswered = 0
    for t, stream, req, code, hbh, e2e in messages(a.capture):
        key = (stream, hbh, e2e)
        if req:
            if key in pending:
                unanswered += 1
            pending[key] = (t, code)
        elif key in pending:
            t0, c = pending.pop(key)
            rtt.setdefault(c, []).append((t - t0) * 1000.0)
    unanswered += len(pending)
    rows = []
    for code in sorted(rtt):
        if code not in NAMES:
            continue  # CER, DWR...
        v = rtt[code]
        rows.append({"command": NAMES[code], "count": len(v), "p50_ms": pct(v, 50), "p90_ms": pct(v, 90),
                     "p99_ms": pct(v, 99), "max_ms": max(v)})
    print("| Cx exchange | count | p50 ms | p90 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %d | %.3f | %.3f | %.3f | %.3f |" % (r["command"], r["count"], r["p50_ms"], r["p90_ms"],
                                                         r["p99_ms"], r["max_ms"]))
    print("\nRequests without an answer in the capture: %d." % unanswered)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rows": rows, "unanswered": unanswered}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
