#!/usr/bin/env python3
"""Asyncio TLS client for Benchmarks/run.sh, scenarios C and E (Python 3.11+ standard library only).

Everything goes to loopback. With --proxy the client sends CONNECT to the proxy, then does TLS
through it; without --proxy it dials the origin directly. Every handshake verifies the server
certificate against --ca (tlspeek's CA through the proxy, the origin CA when direct).

  client.py hosts --ca CA [--proxy 127.0.0.1:P] --port ORIGIN_PORT --pid PID --n 500 --concurrency 8
      Scenario C: one new CONNECT + TLS + GET /small + close per distinct host name
      h1..hN.<domain>, first as a `cold` pass (the proxy has never seen the name: one leaf mint
      each), then the same names again (`warm`: leaf-cache hits, still a full handshake each).
      The CONNECT goes to 127.0.0.1:PORT and the name travels as SNI and Host, so the names need
      no DNS or /etc/hosts entries (the origin certificate carries a wildcard for <domain>).
  client.py idle --ca CA [--proxy 127.0.0.1:P] --port ORIGIN_PORT --pid PID --n 1000
      Scenario E: open N connections (CONNECT + TLS + one keep-alive GET each), hold them idle,
      report the proxy's RSS growth per connection; then close them.

  client.py load --ca CA [--proxy 127.0.0.1:P] --port ORIGIN_PORT --conns 50 --seconds 8 --procs 2
      Scenario A: exactly --conns keep-alive connections (opened before the clock starts, split over
      --procs processes), each sending GET /small back to back for --seconds; no connection is
      opened inside the window (unlike hey, whose Go client dials extra connections through the
      proxy when a worker's connection is not back in its pool yet, and then cancels them).

Prints one JSON object per pass on stdout. --pid (the proxy) is read from /proc for CPU and RSS.
"""
import argparse
import asyncio
import hashlib
import json
import os
import resource
import ssl
import sys
import time

OP_TIMEOUT = 30.0
CLK = os.sysconf("SC_CLK_TCK")


def proc_cpu_s(pid):
    """utime + stime of every thread of `pid`, in seconds (0 without a pid)."""
    if not pid:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def proc_status_kb(pid, key):
    if not pid:
        return 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def make_ctx(ca):
    ctx = ssl.create_default_context(cafile=ca)
    # Python 3.13 turns VERIFY_X509_STRICT on by default; keep all versions alike.
    ctx.verify_flags &= ~getattr(ssl, "VERIFY_X509_STRICT", 0)
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


async def open_tls(proxy, connect_host, port, sni, ctx):
    """CONNECT through `proxy` (host, port) or dial directly, then complete a TLS handshake."""
    if proxy:
        reader, writer = await asyncio.open_connection(proxy[0], proxy[1])
        target = f"{connect_host}:{port}"
        writer.write(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = head.split(b" ", 2)[1]
        if status != b"200":
            writer.close()
            raise RuntimeError(f"CONNECT answered {head[:60]!r}")
    else:
        reader, writer = await asyncio.open_connection(connect_host, port)
    await writer.start_tls(ctx, server_hostname=sni)
    return reader, writer


async def http_get(reader, writer, host, port, path, close):
    conn = "close" if close else "keep-alive"
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: {conn}\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return status


def leaf_fingerprint(writer):
    der = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
    return hashlib.sha256(der).hexdigest()


async def hosts_pass(a, label, proxy, ctx):
    sem = asyncio.Semaphore(a.concurrency)
    latencies, errors, leaves = [], [], set()

    async def one(i):
        name = f"h{i}.{a.domain}"
        async with sem:
            t = time.perf_counter()
            writer = None
            try:
                reader, writer = await asyncio.wait_for(open_tls(proxy, "127.0.0.1", a.port, name, ctx), OP_TIMEOUT)
                leaves.add(leaf_fingerprint(writer))
                status = await asyncio.wait_for(http_get(reader, writer, name, a.port, "/small", True), OP_TIMEOUT)
                if status != 200:
                    raise RuntimeError(f"HTTP {status}")
                latencies.append(time.perf_counter() - t)
            except Exception as e:  # noqa: BLE001 - every failure is counted and sampled
                errors.append(repr(e)[:160])
            finally:
                if writer is not None:
                    writer.close()

    cpu0 = proc_cpu_s(a.pid)
    t0 = time.perf_counter()
    try:
        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(1, a.n + 1))), a.max_seconds)
    except asyncio.TimeoutError:
        errors.append(f"pass exceeded {a.max_seconds}s")
    wall = time.perf_counter() - t0
    cpu = proc_cpu_s(a.pid) - cpu0
    latencies.sort()
    return {
        "pass": label, "n": a.n, "ok": len(latencies), "errors": a.n - len(latencies),
        "wall_s": round(wall, 3), "hosts_per_s": round(len(latencies) / wall, 1) if wall else None,
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2) if latencies else None,
        "distinct_leaves": len(leaves), "proxy_cpu_s": round(cpu, 3),
        "proxy_cpu_ms_per_host": round(cpu * 1000 / max(1, len(latencies)), 3),
        "error_sample": errors[:3],
    }


async def cmd_hosts(a):
    proxy = parse_proxy(a.proxy)
    ctx = make_ctx(a.ca)
    failed = False
    for label in ("cold", "warm"):
        out = await hosts_pass(a, label, proxy, ctx)
        print(json.dumps(out), flush=True)
        failed |= out["errors"] > 0
    return 1 if failed else 0


async def cmd_idle(a):
    proxy = parse_proxy(a.proxy)
    ctx = make_ctx(a.ca)
    sem = asyncio.Semaphore(a.open_concurrency)
    conns, errors = [], []

    async def opener():
        async with sem:
            try:
                reader, writer = await asyncio.wait_for(open_tls(proxy, "localhost", a.port, "localhost", ctx), OP_TIMEOUT)
                conns.append((reader, writer))
                status = await asyncio.wait_for(http_get(reader, writer, "localhost", a.port, "/small", False), OP_TIMEOUT)
                if status != 200:
                    raise RuntimeError(f"HTTP {status}")
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e)[:160])

    await asyncio.sleep(0.3)
    rss0 = proc_status_kb(a.pid, "VmRSS")
    cpu0 = proc_cpu_s(a.pid)
    t0 = time.perf_counter()
    try:
        await asyncio.wait_for(asyncio.gather(*(opener() for _ in range(a.n))), a.max_seconds)
    except asyncio.TimeoutError:
        errors.append(f"open phase exceeded {a.max_seconds}s")
    open_wall = time.perf_counter() - t0
    await asyncio.sleep(a.hold)
    alive = sum(1 for r, w in conns if not w.is_closing() and not r.at_eof())
    rss1 = proc_status_kb(a.pid, "VmRSS")
    cpu1 = proc_cpu_s(a.pid)
    for _, w in conns:
        w.close()
    await asyncio.sleep(0.3)
    ok = a.n - len(errors)
    print(json.dumps({
        "n": a.n, "ok": ok, "alive_after_hold": alive, "errors": len(errors),
        "open_wall_s": round(open_wall, 3), "rss_before_kb": rss0, "rss_held_kb": rss1,
        "kib_per_conn": round((rss1 - rss0) / max(1, ok), 1) if a.pid else None,
        "proxy_cpu_s": round(cpu1 - cpu0, 3), "error_sample": errors[:3],
    }))
    return 0 if not errors else 1


async def load_worker(a, n_conns, deadline_at, start_at, out):
    proxy = parse_proxy(a.proxy)
    ctx = make_ctx(a.ca)
    conns = []
    for _ in range(n_conns):
        reader, writer = await asyncio.wait_for(open_tls(proxy, "localhost", a.port, "localhost", ctx), OP_TIMEOUT)
        await asyncio.wait_for(http_get(reader, writer, "localhost", a.port, "/small", False), OP_TIMEOUT)
        conns.append((reader, writer))
    await asyncio.sleep(max(0.0, start_at - time.time()))
    latencies, errors = [], 0

    async def run(reader, writer):
        nonlocal errors
        while time.time() < deadline_at:
            t = time.perf_counter()
            try:
                status = await asyncio.wait_for(http_get(reader, writer, "localhost", a.port, "/small", False), OP_TIMEOUT)
            except Exception:  # noqa: BLE001 - a dead connection ends its worker
                errors += 1
                return
            if status == 200:
                latencies.append(time.perf_counter() - t)
            else:
                errors += 1

    await asyncio.gather(*(run(r, w) for r, w in conns))
    for _, w in conns:
        w.close()
    out.put({"ok": len(latencies), "errors": errors, "lat": sorted(latencies)[::max(1, len(latencies) // 2000)]})


def load_process(a, n_conns, deadline_at, start_at, out):
    try:
        asyncio.run(load_worker(a, n_conns, deadline_at, start_at, out))
    except Exception as e:  # noqa: BLE001
        out.put({"ok": 0, "errors": n_conns, "lat": [], "failure": repr(e)[:160]})


def cmd_load(a):
    import multiprocessing
    queue = multiprocessing.Queue()
    # Connections are opened during the lead time, before the measured window.
    start_at = time.time() + a.lead
    deadline_at = start_at + a.seconds
    shares = [a.conns // a.procs + (1 if i < a.conns % a.procs else 0) for i in range(a.procs)]
    procs = [multiprocessing.Process(target=load_process, args=(a, n, deadline_at, start_at, queue)) for n in shares if n]
    for p in procs:
        p.start()
    cpu0 = None
    while time.time() < start_at:
        time.sleep(0.01)
    cpu0 = proc_cpu_s(a.pid)
    while time.time() < deadline_at:
        time.sleep(0.01)
    cpu1 = proc_cpu_s(a.pid)
    results = [queue.get(timeout=OP_TIMEOUT + 30) for _ in procs]
    for p in procs:
        p.join(timeout=10)
    ok = sum(r["ok"] for r in results)
    lat = sorted(x for r in results for x in r["lat"])
    pick = lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))] * 1000, 2) if lat else None  # noqa: E731
    print(json.dumps({
        "conns": a.conns, "seconds": a.seconds, "ok": ok, "errors": sum(r["errors"] for r in results),
        "rps": round(ok / a.seconds), "p50_ms": pick(0.5), "p99_ms": pick(0.99),
        "proxy_cpu_s": round(cpu1 - cpu0, 3), "proxy_cpu_us_per_req": round((cpu1 - cpu0) * 1e6 / ok, 1) if ok and a.pid else None,
        "failures": [r["failure"] for r in results if "failure" in r][:2],
    }))
    return 0


def parse_proxy(text):
    if not text:
        return None
    host, _, port = text.replace("http://", "").rstrip("/").rpartition(":")
    return host, int(port)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("hosts", "idle", "load"):
        p = sub.add_parser(name)
        p.add_argument("--ca", required=True)
        p.add_argument("--proxy", default="")
        p.add_argument("--port", type=int, required=True, help="origin port on 127.0.0.1")
        p.add_argument("--pid", type=int, default=0, help="proxy PID, for CPU and RSS")
        p.add_argument("--max-seconds", type=float, default=120)
        if name == "hosts":
            p.add_argument("--n", type=int, default=500)
            p.add_argument("--concurrency", type=int, default=8)
            p.add_argument("--domain", default="bench.test")
        elif name == "load":
            p.add_argument("--conns", type=int, default=50)
            p.add_argument("--seconds", type=float, default=8)
            p.add_argument("--procs", type=int, default=2)
            p.add_argument("--lead", type=float, default=3.0, help="seconds to open the connections before the clock starts")
        else:
            p.add_argument("--n", type=int, default=1000)
            p.add_argument("--open-concurrency", type=int, default=50)
            p.add_argument("--hold", type=float, default=2.0)
    a = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 4 * max(getattr(a, "n", 0), getattr(a, "conns", 0)) + 256))
    if want > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    if a.cmd == "load":
        sys.exit(cmd_load(a))
    sys.exit(asyncio.run({"hosts": cmd_hosts, "idle": cmd_idle}[a.cmd](a)))


if __name__ == "__main__":
    main()
