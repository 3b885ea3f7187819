#!/usr/bin/env python3
"""Load and memory test of `vertebra serve` on loopback.

usage: serve_load.py BINARY [--site DIR] [--clients N] [--seconds S] [--rebuilds N]

Copies the site (default: the repository's example site) into a temp folder and starts
`BINARY serve --port 0` on it. Then:

1. Load: N clients (default 200), each a thread with its own keep-alive HTTP/1.1 connection to
   127.0.0.1, fetch a fixed mix of pages, listings, the hashed stylesheet, sitemap.xml,
   atom.xml, a missing page (404 expected) and a folder without its slash (301 expected) for
   S seconds (default 10), while another thread edits an article every 50 ms so that the site
   rebuilds under them. Prints requests, failures (a status other than the one expected, or a
   connection error), requests per second and latency percentiles.
2. Memory: edits content files one at a time, waiting for the reload event on
   /__vertebra/events after each, until the server has rebuilt N times (default 1,000):
   body edits, title edits (every 10th), a stylesheet edit (every 50th) and a broken then
   fixed front matter (every 100th). Prints the server's VmRSS (from /proc/PID/status) at
   rebuild 1, 100, 200, ..., N.

Only loopback traffic; every phase is bounded in time and stops by itself.
"""
import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def copy_example(dest):
    for name in ("site.toml",):
        shutil.copy(os.path.join(REPO, name), dest)
    for name in ("content", "themes", "static", "templates"):
        src = os.path.join(REPO, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, name))
    # The theme is built in; the stylesheet edits below go to a site override of it.
    css = os.path.join(dest, "static/style.css")
    if not os.path.exists(css):
        os.makedirs(os.path.dirname(css), exist_ok=True)
        shutil.copy(os.path.join(REPO, "src/theme/default/static/style.css"), css)


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def drain(stream, lines):
    for line in stream:
        lines.append(line)


class Server:
    def __init__(self, binary, site):
        self.process = subprocess.Popen(
            [binary, "serve", "--root", site, "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stdout, self.stderr = [], []
        deadline = time.time() + 60
        self.port = None
        while self.port is None and time.time() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.stdout.append(line)
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if match:
                self.port = int(match.group(1))
        if self.port is None:
            self.stop()
            sys.exit("the server did not print its address:\n" + "".join(self.stdout))
        # Keep reading its output, or a full pipe would block its rebuild thread.
        threading.Thread(target=drain, args=(self.process.stdout, self.stdout), daemon=True).start()
        threading.Thread(target=drain, args=(self.process.stderr, self.stderr), daemon=True).start()

    def stop(self):
        # Ctrl-C first, so that the server stops the way a user stops it (and a profiler
        # wrapped around it writes its report); killed if it has not stopped in 10 s.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Events:
    """The reload stream: next() returns (event name, generation)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.sendall(b"GET /__vertebra/events HTTP/1.1\r\nHost: localhost\r\n"
                          b"Accept: text/event-stream\r\n\r\n")
        self.buffer = b""

    def next(self):
        # Each event is one chunk of the chunked response: "event: NAME\nid: N\ndata: N\n\n".
        pattern = re.compile(rb"event: (\w+)\r?\nid: (\d+)")
        while True:
            match = pattern.search(self.buffer)
            if match:
                self.buffer = self.buffer[match.end():]
                return match.group(1).decode(), int(match.group(2))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the event stream closed")
            self.buffer += chunk


def fetch(connection, path):
    connection.request("GET", path, headers={"Host": "localhost"})
    response = connection.getresponse()
    body = response.read()
    return response.status, body


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))]


def load_phase(server, site, clients, seconds):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    status, home = fetch(connection, "/")
    assert status == 200, status
    css = re.search(rb'href="(/[^"]+\.css)"', home).group(1).decode()
    articles = sorted(f for f in os.listdir(os.path.join(site, "content/articles"))
                      if f.endswith(".md") and f != "_index.md")
    therapies = sorted(f for f in os.listdir(os.path.join(site, "content/therapies"))
                       if f.endswith(".md") and f != "_index.md")
    mix = [("/", 200), ("/articles/", 200), ("/therapies/", 200), (css, 200),
           ("/sitemap.xml", 200), ("/atom.xml", 200), ("/no/such/page/", 404),
           ("/articles", 301)]
    mix += [(f"/articles/{a[:-3]}/", 200) for a in articles[:6]]
    mix += [(f"/therapies/{t[:-3]}/", 200) for t in therapies[:4]]
    for path, expected in mix:
        status, _ = fetch(connection, path)
        assert status == expected, (path, status, expected)
    connection.close()

    stop = time.time() + seconds
    results = []  # per client: (latencies, failures, failure samples)
    lock = threading.Lock()
    start_barrier = threading.Barrier(clients + 1)

    def client(index):
        latencies, failures, samples = [], 0, []
        conn = None
        start_barrier.wait()
        i = index
        while time.time() < stop:
            path, expected = mix[i % len(mix)]
            i += 1
            began = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                status, _ = fetch(conn, path)
                latencies.append(time.perf_counter() - began)
                if status != expected:
                    failures += 1
                    if len(samples) < 3:
                        samples.append(f"{path}: {status}, expected {expected}")
            except Exception as error:  # a connection error is a failure
                failures += 1
                if len(samples) < 3:
                    samples.append(f"{path}: {type(error).__name__}: {error}")
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            results.append((latencies, failures, samples))

    edits = [0]

    def editor():
        path = os.path.join(site, "content/articles", articles[0])
        with open(path) as f:
            original = f.read()
        while time.time() < stop:
            edits[0] += 1
            with open(path, "w") as f:
                f.write(original + f"\nEdited under load, {edits[0]}.\n")
            time.sleep(0.05)
        with open(path, "w") as f:
            f.write(original)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    rebuilds_before = sum(1 for l in server.stdout if l.startswith("Rebuilt"))
    start_barrier.wait()
    began = time.time()
    edit_thread = threading.Thread(target=editor)
    edit_thread.start()
    for thread in threads:
        thread.join()
    edit_thread.join()
    elapsed = time.time() - began
    latencies = sorted(l for r in results for l in r[0])
    failures = sum(r[1] for r in results)
    samples = [s for r in results for s in r[2]][:10]
    requests = len(latencies) + failures
    time.sleep(0.5)
    rebuilds = sum(1 for l in server.stdout if l.startswith("Rebuilt")) - rebuilds_before
    print(f"load: {clients} clients for {elapsed:.1f} s against 127.0.0.1:{server.port}, "
          f"{len(mix)} URLs in the mix, {edits[0]} edits, {rebuilds} rebuilds meanwhile")
    print(f"  requests {requests}, failures {failures}, {requests / elapsed:.0f} requests/s")
    ms = lambda s: s * 1000
    print(f"  latency p50 {ms(percentile(latencies, 0.50)):.1f} ms, "
          f"p90 {ms(percentile(latencies, 0.90)):.1f} ms, "
          f"p99 {ms(percentile(latencies, 0.99)):.1f} ms, "
          f"max {ms(latencies[-1]) if latencies else float('nan'):.1f} ms")
    for sample in samples:
        print(f"  failure: {sample}")
    return failures


def memory_phase(server, site, rebuilds, report_every=100):
    events = Events(server.port)
    time.sleep(0.5)  # the stream is open before the first edit
    articles_dir = os.path.join(site, "content/articles")
    articles = sorted(f for f in os.listdir(articles_dir)
                      if f.endswith(".md") and f != "_index.md")
    originals = {a: open(os.path.join(articles_dir, a)).read() for a in articles}
    css_path = os.path.join(site, "static/style.css")
    css_original = open(css_path).read()
    pid = server.process.pid
    first_generation = None
    samples = []
    wanted = {1} | set(range(report_every, rebuilds + 1, report_every)) | {rebuilds}
    started = time.time()
    edit = 0
    done = 0
    while done < rebuilds:
        edit += 1
        name = articles[edit % len(articles)]
        path = os.path.join(articles_dir, name)
        text = originals[name]
        expect = "reload"
        if edit % 100 == 50:
            text = "+++\ntitle = \n+++\nbroken\n"  # a failed build: the error overlay path
        elif edit % 50 == 0:
            path = css_path
            text = css_original + f"\n/* edit {edit} */\n"
            expect = "css"
        elif edit % 10 == 0:
            text = re.sub(r'^title = "(.*)"$', lambda m: f'title = "{m.group(1)} ({edit})"',
                          text, count=1, flags=re.M)
        else:
            text = text + f"\nEdit number {edit}.\n"
        with open(path, "w") as f:
            f.write(text)
        name_seen, generation = events.next()
        if first_generation is None:
            first_generation = generation - 1
        done = generation - first_generation
        if expect == "css" and name_seen != "css":
            print(f"  note: edit {edit} (stylesheet) gave a `{name_seen}` event")
        if done in wanted:
            wanted.discard(done)
            samples.append((done, rss_kb(pid), time.time() - started))
        time.sleep(0.03)  # leave the editor's burst behind before the next edit
    for name, text in originals.items():
        with open(os.path.join(articles_dir, name), "w") as f:
            f.write(text)
    with open(css_path, "w") as f:
        f.write(css_original)
    print(f"memory: {done} rebuilds from {edit} edits in {time.time() - started:.0f} s "
          f"(VmRSS of the server)")
    for count, rss, at in samples:
        print(f"  rebuild {count:5}: {rss / 1024:7.1f} MB   ({at:.0f} s)")
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--site", help="a site to copy instead of the example site")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rebuilds", type=int, default=1000)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="vertebra-load-")
    site = os.path.join(work, "site")
    try:
        if args.site:
            shutil.copytree(args.site, site)
        else:
            os.makedirs(site)
            copy_example(site)
        server = Server(os.path.abspath(args.binary), site)
        try:
            print(f"server pid {server.process.pid}, VmRSS after the first build "
                  f"{rss_kb(server.process.pid) / 1024:.1f} MB")
            failures = load_phase(server, site, args.clients, args.seconds)
            print(f"  VmRSS after the load {rss_kb(server.process.pid) / 1024:.1f} MB")
            if args.rebuilds:
                memory_phase(server, site, args.rebuilds)
            if server.process.poll() is not None:
                print("the server exited:", "".join(server.stderr[-20:]))
                failures += 1
        finally:
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
