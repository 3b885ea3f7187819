#!/usr/bin/env python3
"""Measures save -> reload-signal latency of `vertebra serve` on a generated site.

usage: serve_latency.py BINARY SITE_DIR [EDITS]

Starts the server on a free loopback port, listens to its reload stream, then edits one
article at a time (a body edit below <!-- more -->, then a title edit every fifth time) and
times from just before the write to the arrival of the reload event. Prints p50/p95/max.
"""
import os
import re
import socket
import subprocess
import sys
import time

def main():
    binary, site = sys.argv[1], sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    server = subprocess.Popen([binary, "serve", "--root", site, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        for line in server.stdout:
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if match:
                port = int(match.group(1))
                break
        events = socket.create_connection(("127.0.0.1", port))
        events.sendall(b"GET /__vertebra/events HTTP/1.1\r\nHost: x\r\n\r\n")
        events.settimeout(30)
        buffer = b""
        def wait_event():
            nonlocal buffer
            while b"event: " not in buffer:
                buffer += events.recv(65536)
            _, _, rest = buffer.partition(b"event: ")
            name, _, buffer = rest.partition(b"\n")
            return name.decode()
        # Let the server settle (first build done, watcher armed).
        time.sleep(1.0)
        kinds = {"body": [], "title": []}
        articles = sorted(os.listdir(os.path.join(site, "content/articles")))
        articles = [a for a in articles if a.startswith("article-")]
        for n in range(edits):
            path = os.path.join(site, "content/articles", articles[(n * 97) % len(articles)])
            with open(path) as f:
                text = f.read()
            kind = "title" if n % 5 == 4 else "body"
            if kind == "title":
                text = re.sub(r'^title = "(.*)"$', lambda m: f'title = "{m.group(1)} (edited {n})"',
                              text, count=1, flags=re.M)
            else:
                text = text + f"\nEdited paragraph {n}.\n"
            start = time.perf_counter()
            with open(path, "w") as f:
                f.write(text)
            name = wait_event()
            kinds[kind].append((time.perf_counter() - start) * 1000)
            assert name == "reload", name
            time.sleep(0.15)
        for kind, samples in kinds.items():
            samples.sort()
            if not samples:
                continue
            p50 = samples[len(samples) // 2]
            p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
            print(f"{kind:5} edits: n={len(samples)} p50={p50:.1f} ms p95={p95:.1f} ms max={samples[-1]:.1f} ms")
    finally:
        server.kill()
        server.wait()

if __name__ == "__main__":
    main()
