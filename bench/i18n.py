#!/usr/bin/env python3
"""The multilingual benchmark (issue #15): the same generated site built in one language and
with every page translated into Spanish, in one run.

usage: bench/i18n.py [--articles 10000] [--runs 3]

Generates two sites with bench/generate.py on a RAM disk (/dev/shm): N articles in English,
and the same N articles each with a Spanish translation (`--translated`: `[languages.es]`,
`x.es.md` beside every page). Times the best of --runs release builds of each, alternating
the two so both meet the same machine load, and prints both and their ratio (the target is at
most 2.2x). Needs `cargo build --release` first. Figures and where the time goes:
bench/BENCHMARKS.md, "Multilingual builds (#15)".
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRATCH = "/dev/shm/vertebra-bench-i18n"
BINARY = os.path.join(ROOT, "target/release/vertebra")


def build(site):
    """One build of `site` into its public/; returns the seconds and the pages it reports."""
    start = time.perf_counter()
    done = subprocess.run([BINARY, "build", "--root", site, "--today", "2026-11-01"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build of {site} failed:\n{done.stderr[-2000:]}")
    summary = next(l for l in done.stdout.splitlines() if l.startswith("Built "))
    return seconds, summary.split()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit("build the release binary first: cargo build --release")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    sites = {"one language": os.path.join(SCRATCH, "en"),
             "en + es": os.path.join(SCRATCH, "en-es")}
    generate = os.path.join(ROOT, "bench/generate.py")
    subprocess.run([sys.executable, generate, sites["one language"], str(args.articles)], check=True)
    subprocess.run([sys.executable, generate, sites["en + es"], str(args.articles), "--translated"],
                   check=True)
    best = {name: float("inf") for name in sites}
    pages = {}
    for _ in range(args.runs):
        for name, site in sites.items():
            seconds, count = build(site)
            best[name] = min(best[name], seconds)
            pages[name] = count
    for name in sites:
        print(f"{name:>13}: {best[name]:6.2f} s  ({pages[name]} pages, best of {args.runs})")
    ratio = best["en + es"] / best["one language"]
    print(f"        ratio: {ratio:.2f}x (target: at most 2.2x)")
    shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
