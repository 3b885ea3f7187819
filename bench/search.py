#!/usr/bin/env python3
"""The search benchmark (issue #17): what the search index costs a build, how big it is, and
what one query downloads.

usage: bench/search.py [--articles 10000] [--runs 5] [--query sciatica] [--keep]

Generates a realistic site with bench/generate.py on a RAM disk (/dev/shm) and a copy of it
with `[search] enabled = false`. Builds each --runs times with the release binary, alternating
the two so both meet the same machine load, and prints wall time (min, median), CPU time
(median) and peak memory of each, the ratio of the median wall times (the target: at most
1.25 at 10,000 articles), and the index's size on disk. Then serves the site with Python's
static server, opens /search/?q=QUERY in headless Chromium over WebDriver (chromedriver, as
the browser tests use) and sums what the browser downloaded from /pagefind/ for that query
(target: under 300 KB at 100,000 articles). Needs `cargo build --release` first.
Figures: bench/BENCHMARKS.md, "Search (#17)".
"""
import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRATCH = "/dev/shm/vertebra-bench-search"
BINARY = os.environ.get("VERTEBRA_BIN", os.path.join(ROOT, "target/release/vertebra"))


def build(site):
    """One build of `site`; returns wall seconds, CPU seconds and peak RSS in MB."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", BINARY, "build", "--root", site,
                           "--today", "2026-11-01"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build of {site} failed:\n{done.stderr[-2000:]}")
    user, system, rss = done.stderr.strip().splitlines()[-1].split()
    return seconds, float(user) + float(system), int(rss) / 1024


def folder_bytes(folder):
    total = files = 0
    for path, _, names in os.walk(folder):
        for name in names:
            total += os.path.getsize(os.path.join(path, name))
            files += 1
    return total, files


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def webdriver(port, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)["value"]


def wait_for_port(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"nothing listens on port {port}")


def query_bytes(public, query):
    """What the browser downloads from /pagefind/ to show the results of `query`: every file
    the static server was asked for under /pagefind/ (the page's own requests and its Web
    Worker's, which the page's performance timeline does not list), at its size on disk (the
    server sends files as they are; Pagefind's are gzipped already)."""
    web, driver = free_port(), free_port()
    log_path = os.path.join(SCRATCH, "server.log")
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                                   str(web)], cwd=public, stdout=subprocess.DEVNULL, stderr=log)
    chrome = subprocess.Popen(["chromedriver", f"--port={driver}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for_port(web)
        wait_for_port(driver)
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage"]}}}}
        session = webdriver(driver, "POST", "/session", caps)["sessionId"]
        base = f"/session/{session}"
        webdriver(driver, "POST", f"{base}/url",
                  {"url": f"http://127.0.0.1:{web}/search/?q={query}"})
        script = ("const s = document.querySelector('[data-search-status]').textContent;"
                  "return s.includes(arguments[0]) && !s.includes('…') ? s : null;")
        for _ in range(600):
            status = webdriver(driver, "POST", f"{base}/execute/sync",
                               {"script": script, "args": [query]})
            if status:
                break
            time.sleep(0.1)
        else:
            sys.exit("the search page never showed results")
        time.sleep(1)
        webdriver(driver, "DELETE", base)
    finally:
        server.kill()
        chrome.kill()
    entries = []
    for line in open(log_path):
        if '"GET /pagefind/' not in line:
            continue
        path = line.split('"GET ', 1)[1].split(" ", 1)[0].split("?", 1)[0]
        entries.append((path, os.path.getsize(os.path.join(public, path.lstrip("/")))))
    return status, entries


def report_query(query, status, entries):
    total = sum(size for _, size in entries)
    print(f"       query \"{query}\": {status!r}; the browser fetched {len(entries)} files "
          f"from /pagefind/, {total / 1024:.0f} KB (target: under 300 KB at 100,000 articles)")
    for path, size in sorted(entries, key=lambda e: -e[1])[:8]:
        print(f"         {size / 1024:7.1f} KB  {path}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="sciatica")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--query-only", action="store_true",
                        help="only the query, on the site a --keep run left")
    args = parser.parse_args()
    if args.query_only:
        public = os.path.join(SCRATCH, "search", "public")
        status, entries = query_bytes(public, args.query)
        report_query(args.query, status, entries)
        return
    if not os.path.exists(BINARY):
        sys.exit("build the release binary first: cargo build --release")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    sites = {"with search": os.path.join(SCRATCH, "search"),
             "without": os.path.join(SCRATCH, "plain")}
    generate = os.path.join(ROOT, "bench/generate.py")
    subprocess.run([sys.executable, generate, sites["with search"], str(args.articles),
                    "--realistic"], check=True, stdout=subprocess.DEVNULL)
    shutil.copytree(sites["with search"], sites["without"])
    with open(os.path.join(sites["without"], "site.toml"), "a") as toml:
        toml.write("\n[search]\nenabled = false\n")
    walls = {name: [] for name in sites}
    cpus = {name: [] for name in sites}
    rss = {name: [] for name in sites}
    for _ in range(args.runs):
        for name, site in sites.items():
            seconds, cpu, peak = build(site)
            walls[name].append(seconds)
            cpus[name].append(cpu)
            rss[name].append(peak)
    median = {name: statistics.median(walls[name]) for name in sites}
    load = os.getloadavg()[0]
    for name in sites:
        print(f"{name:>12}: wall {min(walls[name]):6.2f} s min, {median[name]:6.2f} s median; "
              f"CPU {statistics.median(cpus[name]):6.2f} s median; "
              f"peak RSS {max(rss[name]):5.0f} MB  ({args.runs} runs)")
    ratio = median["with search"] / median["without"]
    cpu = statistics.median(cpus["with search"]) / statistics.median(cpus["without"])
    print(f"       ratio: {ratio:.2f}x of the median wall times (target: at most 1.25x), "
          f"{cpu:.2f}x of the CPU times; load average {load:.1f}")
    public = os.path.join(sites["with search"], "public")
    size, files = folder_bytes(os.path.join(public, "pagefind"))
    print(f"       index: {size / 1e6:.1f} MB in {files} files (public/pagefind/)")
    status, entries = query_bytes(public, args.query)
    report_query(args.query, status, entries)
    if not args.keep:
        shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
