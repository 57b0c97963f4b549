#!/usr/bin/env python3
"""Load phases for scripts/load-test.sh: intercepted connections through the proxy to the origin,
with Benchmarks/client.py's CONNECT + TLS + GET helpers (Python 3.11+ standard library only).

  load-client.py hold --ca CA --proxy 127.0.0.1:P --port ORIGIN_PORT --n 1000
      opens N connections (CONNECT + TLS) and holds them all open, then sends one GET /small on
      each, then closes them.
  load-client.py requests --ca CA --proxy 127.0.0.1:P --port ORIGIN_PORT --total 100000 --conns 200
      TOTAL keep-alive GET /small spread over CONNS connections (split over --procs processes).

Prints one JSON object: ok, failures, handshakes (client-leg TLS handshakes made), error_sample.
"""
import argparse
import asyncio
import json
import multiprocessing
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Benchmarks"))
from client import OP_TIMEOUT, http_get, make_ctx, open_tls, parse_proxy  # noqa: E402


async def hold(a):
    proxy, ctx = parse_proxy(a.proxy), make_ctx(a.ca)
    sem = asyncio.Semaphore(a.open_concurrency)
    errors = []

    async def opened():
        async with sem:
            return await asyncio.wait_for(open_tls(proxy, "localhost", a.port, "localhost", ctx), OP_TIMEOUT)

    conns = await asyncio.gather(*(opened() for _ in range(a.n)), return_exceptions=True)
    live = [c for c in conns if not isinstance(c, BaseException)]
    errors += [repr(c)[:160] for c in conns if isinstance(c, BaseException)]

    async def request(reader, writer):
        status = await asyncio.wait_for(http_get(reader, writer, "localhost", a.port, "/small", False), OP_TIMEOUT)
        if status != 200:
            raise RuntimeError(f"HTTP {status}")

    results = await asyncio.gather(*(request(r, w) for r, w in live), return_exceptions=True)
    errors += [repr(e)[:160] for e in results if isinstance(e, BaseException)]
    for _, w in live:
        w.close()
    await asyncio.sleep(0.2)
    return {"ok": a.n - len(errors), "failures": len(errors), "handshakes": len(live), "error_sample": errors[:3]}


async def requests_worker(a, conns, total):
    proxy, ctx = parse_proxy(a.proxy), make_ctx(a.ca)
    sem = asyncio.Semaphore(a.open_concurrency)
    ok, errors, handshakes = 0, [], 0

    async def connection(count):
        nonlocal ok, handshakes
        async with sem:
            reader, writer = await asyncio.wait_for(open_tls(proxy, "localhost", a.port, "localhost", ctx), OP_TIMEOUT)
        handshakes += 1
        try:
            for i in range(count):
                status = await asyncio.wait_for(
                    http_get(reader, writer, "localhost", a.port, "/small", i == count - 1), OP_TIMEOUT)
                if status != 200:
                    raise RuntimeError(f"HTTP {status}")
                ok += 1
        finally:
            writer.close()

    shares = [total // conns + (1 if i < total % conns else 0) for i in range(conns)]
    results = await asyncio.gather(*(connection(n) for n in shares if n), return_exceptions=True)
    errors = [repr(e)[:160] for e in results if isinstance(e, BaseException)]
    await asyncio.sleep(0.2)
    return {"ok": ok, "failures": total - ok, "handshakes": handshakes, "error_sample": errors[:3]}


def requests_process(a, conns, total, out):
    try:
        out.put(asyncio.run(requests_worker(a, conns, total)))
    except Exception as e:  # noqa: BLE001 - reported as failures
        out.put({"ok": 0, "failures": total, "handshakes": 0, "error_sample": [repr(e)[:160]]})


def requests(a):
    out = multiprocessing.Queue()
    procs = []
    for p in range(a.procs):
        conns = a.conns // a.procs + (1 if p < a.conns % a.procs else 0)
        total = a.total // a.procs + (1 if p < a.total % a.procs else 0)
        procs.append(multiprocessing.Process(target=requests_process, args=(a, conns, total, out)))
    for p in procs:
        p.start()
    parts = [out.get() for _ in procs]
    for p in procs:
        p.join()
    return {"ok": sum(p["ok"] for p in parts), "failures": sum(p["failures"] for p in parts),
            "handshakes": sum(p["handshakes"] for p in parts),
            "error_sample": [e for p in parts for e in p["error_sample"]][:3]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("hold", "requests"):
        p = sub.add_parser(name)
        p.add_argument("--ca", required=True)
        p.add_argument("--proxy", required=True)
        p.add_argument("--port", type=int, required=True, help="origin port on 127.0.0.1")
        p.add_argument("--open-concurrency", type=int, default=100)
        if name == "hold":
            p.add_argument("--n", type=int, default=1000)
        else:
            p.add_argument("--total", type=int, default=100000)
            p.add_argument("--conns", type=int, default=200)
            p.add_argument("--procs", type=int, default=2)
    a = ap.parse_args()
    result = asyncio.run(hold(a)) if a.cmd == "hold" else requests(a)
    print(json.dumps(result))
    return 0 if result["failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
