#!/usr/bin/env python3
"""The Vertebra benchmark: release builds of generated sites, beside Hugo and a floor program.

usage: bench/run.py [--sizes 1000,10000,100000] [--runs 3] [--latency-edits 40] [--no-hugo]
                    [--hugo-sizes 1000,10000] [--realistic] [--no-search]

For each size N it generates a synthetic spine-care site (bench/generate.py: N articles of
about 1,000 words, 40 therapies, 1-4 therapies per article; with --realistic, the corpus of
bench/realistic.py, on which the [perf] targets are judged), then times, on a RAM disk
(/dev/shm), the best of --runs builds of:
  - vertebra: `target/release/vertebra build` with the full default theme;
  - floor: examples/floor.rs, read + pulldown-cmark + write, nothing else;
  - hugo: the Debian `hugo` on the same content with minimal templates (bench/hugo).
It reports wall time, pages/s, MB/s of Markdown, peak RSS and how many HTML files each wrote (a
generator that skips pages is not faster), then the serve save->reload latency at N=10,000
(bench/serve_latency.py). Needs: cargo, python3, hugo (apt install hugo).
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRATCH = "/dev/shm/vertebra-bench"


def timed(command, cwd=None):
    """Runs a command; returns (seconds, peak RSS in MB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def best_of(runs, command, prepare=None, cwd=None):
    results = []
    for _ in range(runs):
        if prepare:
            prepare()
        results.append(timed(command, cwd))
    return min(r[0] for r in results), max(r[1] for r in results)


def html_files(folder):
    """How many HTML files a generator wrote: every generator must write every page."""
    return sum(sum(1 for f in files if f.endswith(".html")) for _, _, files in os.walk(folder))


def content_pages(site):
    """How many content files (articles, therapies, conditions, listings) the site has."""
    return sum(sum(1 for f in files if f.endswith(".md"))
               for _, _, files in os.walk(os.path.join(site, "content")))


def markdown_megabytes(site):
    total = 0
    for folder, _, files in os.walk(os.path.join(site, "content")):
        total += sum(os.path.getsize(os.path.join(folder, f)) for f in files if f.endswith(".md"))
    return total / 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency-edits", type=int, default=40)
    parser.add_argument("--no-hugo", action="store_true")
    # Hugo 0.111 needs more than 12 GB for the 100,000-article site (bench/BENCHMARKS.md): leave
    # that size out on a small machine.
    parser.add_argument("--hugo-sizes", help="the sizes to run Hugo at (default: all)")
    parser.add_argument("--realistic", action="store_true", help="generate.py's realistic corpus")
    parser.add_argument("--no-search", action="store_true", help="sites without the search index")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "vertebra", "--example", "floor"],
                   cwd=ROOT, check=True)
    vertebra = os.path.join(ROOT, "target/release/vertebra")
    floor = os.path.join(ROOT, "target/release/examples/floor")
    hugo = shutil.which("hugo") if not args.no_hugo else None
    os.makedirs(SCRATCH, exist_ok=True)
    corpus = (["--realistic"] if args.realistic else []) + (["--no-search"] if args.no_search else [])
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        site = os.path.join(SCRATCH, f"site-{n}")
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "bench/generate.py"), site, str(n),
                        "--theme", os.path.join(ROOT, "src/theme/default")] + corpus, check=True)
        megabytes = markdown_megabytes(site)
        pages = content_pages(site)
        out = os.path.join(SCRATCH, f"out-{n}")
        clean = lambda: shutil.rmtree(out, ignore_errors=True)
        seconds, rss = best_of(args.runs, [vertebra, "build", "--root", site, "--output-dir", out], clean)
        rows.append((n, "vertebra", seconds, pages, megabytes, rss, html_files(out)))
        seconds, rss = best_of(args.runs, [floor, os.path.join(site, "content"), out], clean)
        rows.append((n, "floor", seconds, pages, megabytes, rss, html_files(out)))
        if hugo and (not args.hugo_sizes or str(n) in args.hugo_sizes.split(",")):
            hugo_site = os.path.join(SCRATCH, f"hugo-{n}")
            shutil.rmtree(hugo_site, ignore_errors=True)
            shutil.copytree(os.path.join(ROOT, "bench/hugo"), hugo_site)
            os.symlink(os.path.join(site, "content"), os.path.join(hugo_site, "content"))
            seconds, rss = best_of(args.runs, [hugo, "--quiet", "--source", hugo_site,
                                               "--destination", out], clean)
            rows.append((n, "hugo", seconds, pages, megabytes, rss, html_files(out)))
        shutil.rmtree(out, ignore_errors=True)
    print(f"machine: {os.cpu_count()} cores; output on /dev/shm (tmpfs); best of {args.runs} runs\n")
    print("| articles | generator | wall time | pages/s | MB/s of Markdown | peak RSS | HTML files | vs floor | Hugo / Vertebra |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    by_key = {(r[0], r[1]): r for r in rows}
    for n, name, seconds, pages, megabytes, rss, written in rows:
        floor_time = by_key[(n, "floor")][2]
        hugo_row = by_key.get((n, "hugo"))
        ratio = f"{hugo_row[2] / seconds:.1f}x" if hugo_row and name == "vertebra" else ""
        print(f"| {n:,} | {name} | {seconds * 1000:,.0f} ms | {pages / seconds:,.0f} | "
              f"{megabytes / seconds:,.1f} | {rss:,.0f} MB | {written:,} | {seconds / floor_time:.1f}x | {ratio} |")
    if 10000 in [r[0] for r in rows] and args.latency_edits:
        print("\nserve save -> reload signal at 10,000 articles:")
        site = os.path.join(SCRATCH, "site-10000")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench/generate.py"), site, "10000",
                        "--theme", os.path.join(ROOT, "src/theme/default")] + corpus, check=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "bench/serve_latency.py"), vertebra, site,
                        str(args.latency_edits)], check=True)


if __name__ == "__main__":
    main()
