"""Network benchmark: N peer sites x M resources, served on loopback, fetched and built.

    python benchmarks/bench_network.py [--peers 50 1000] [--resources 200] [--runs 3]
                                       [--no-browser]

Each peer is a real HTTP server on its own port of 127.0.0.1 (a child process serving
/network.json and /resources.json with ETag, gzip and 304s, as GitHub Pages does), so the
fetch meets the limits it meets in the world: two requests at a time a host, bounded
workers. Up to 100 peers are a school site's [[network.peers]]; more are a hub's registry
(`[network] hub = true`). For each size it runs, in child processes timed with wait4:

- `sharesite network fetch` cold (the copies folder emptied first) and warm (304s);
- `sharesite build` from the copies (the network's pages; on a hub, browse files and
  search bundles);

and reports medians of wall time and peak memory, and the bytes the peers sent (counted
by the servers). With Chromium (Debian's, through Playwright) it then opens the site's
search page and adds up what the first query downloaded from /pagefind/ (on a school site,
its own index with the peers' resources in it). Targets from issue 15: 50 peers cold fetch
≤ 2 s, warm ≤ 1 s and ≤ 100 KB; a hub of 1,000 peers fetch + build ≤ 60 s and ≤ 1.5 GB;
first query ≤ 300 KB.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

SUBJECTS = ["Maths", "English", "Science", "Computing", "History", "Geography", "Art",
            "Music", "PE", "RE", "French", "Welsh", "Design and technology", "PSHE"]
LEVELS = ["EYFS", "KS1", "KS2", "KS3", "KS4", "KS5"]
TYPES = ["Lesson plan", "Worksheet", "Slides", "Assessment", "Activity", "Scheme of work"]
TOPICS = ["fractions", "place value", "phonics", "photosynthesis", "the Romans", "rivers",
          "persuasive writing", "forces", "algorithms", "volcanoes", "times tables",
          "poetry", "electricity", "the water cycle", "World War Two", "recycling",
          "decimals", "spelling", "habitats", "coding with Scratch"]
LICENCES = [("CC-BY-4.0", "Creative Commons Attribution 4.0"),
            ("CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0"),
            ("CC-BY-NC-4.0", "Creative Commons Attribution-NonCommercial 4.0"),
            ("CC0-1.0", "CC0 1.0 Universal")]


# --- the peers' files --------------------------------------------------------------------

def peer_files(number: int, base: str, resources: int, everyone: list[str]) -> dict[str, bytes]:
    """/network.json and /resources.json of peer `number` at `base`, as a sharesite site
    publishes them (version 1), with `resources` resources."""
    rng = random.Random(number)
    school = f"School {number:04d} {rng.choice(['Primary', 'Academy', 'High', 'Infants'])}"
    site = {"title": school, "url": base, "description": f"Teachers at {school} share.",
            "language": "en-GB"}
    friends = rng.sample(everyone, min(5, len(everyone)))
    network = {"version": 1, "generator": "bench", "site": site,
               "school": {"name": school, "phase": "primary", "region": "North West",
                          "local_authority": "Northshire", "website": None},
               "peers": [{"name": f"Friend {i}", "url": url} for i, url in enumerate(friends)],
               "links": {"resources": base + "resources.json", "feed_atom": base + "feed.xml"}}
    items = []
    for i in range(resources):
        topic = rng.choice(TOPICS)
        subject, level, kind = rng.choice(SUBJECTS), rng.choice(LEVELS), rng.choice(TYPES)
        licence = rng.choice(LICENCES)
        url = f"{base}resources/{topic.replace(' ', '-').lower()}-{i}/"
        day = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T12:00:00+00:00"
        items.append({
            "id": url, "url": url, "title": f"{topic.capitalize()}: {kind.lower()} {i}",
            "summary": f"A {kind.lower()} on {topic} for {level} {subject.lower()}, tried in "
                       f"class at {school} and shared for any school to adapt. " * 2,
            "published": day, "updated": day,
            "authors": [{"name": f"Teacher {rng.randint(1, 40)}", "url": base + "authors/"}],
            "subjects": [subject], "levels": [level], "type": kind,
            "duration": "PT1H", "tags": [topic], "credit": f"“{topic}” by {school}",
            "licence": {"id": licence[0], "name": licence[1],
                        "url": "https://creativecommons.org/licenses/by/4.0/"},
            "files": [{"title": "Worksheet", "url": url + "sheet.pdf", "size": 40_000 + i,
                       "media_type": "application/pdf"}],
            "adapted_from": [], "cover": None})
    catalogue = {"version": 1, "generator": "bench", "site": site,
                 "updated": "2026-11-30T12:00:00+00:00", "resources": items}
    return {"/network.json": json.dumps(network).encode(),
            "/resources.json": json.dumps(catalogue).encode()}


# --- the peers' servers (a child process) ------------------------------------------------

def serve(folder: Path, count: int) -> None:
    """Serve `count` peers, each on its own 127.0.0.1 port, and write their base URLs to
    folder/bases.json; print "ready", then answer until stdin closes. A peer's files are
    read from folder/peer-NNNN/ at its first request (they name the port, so the parent
    writes them once the ports are known). GET /__stats gives the bytes sent so far."""
    sent = [0]
    loaded: dict[int, dict[str, tuple[bytes, bytes, str]]] = {}

    def files_of(number: int) -> dict[str, tuple[bytes, bytes, str]]:
        if number not in loaded:
            found = {}
            for name in ("network.json", "resources.json"):
                data = (folder / f"peer-{number:04d}" / name).read_bytes()
                found["/" + name] = (data, gzip.compress(data, 6, mtime=0),
                                     '"' + hashlib.sha1(data).hexdigest()[:16] + '"')
            loaded[number] = found
        return loaded[number]

    def reply(number: int, request: bytes) -> bytes:
        head = request.decode("latin-1").split("\r\n")
        words = head[0].split(" ")
        path = words[1] if len(words) > 1 else "/"
        headers = {h.split(":", 1)[0].strip().lower(): h.split(":", 1)[1].strip()
                   for h in head[1:] if ":" in h}
        if path == "/__stats":
            body = json.dumps({"sent": sent[0]}).encode()
            return (b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)) + body
        files = files_of(number)
        if path not in files:
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        plain, zipped, etag = files[path]
        if headers.get("if-none-match") == etag:
            return f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\n\r\n".encode()
        use_gzip = "gzip" in headers.get("accept-encoding", "")
        body = zipped if use_gzip else plain
        return (f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: {etag}\r\n"
                "Last-Modified: Mon, 30 Nov 2026 12:00:00 GMT\r\n"
                + ("Content-Encoding: gzip\r\n" if use_gzip else "")
                + f"Content-Length: {len(body)}\r\n\r\n").encode() + body

    async def main() -> None:
        servers = []
        bases = []
        for number in range(count):
            async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                             number: int = number) -> None:
                try:
                    while True:
                        answer = reply(number, await reader.readuntil(b"\r\n\r\n"))
                        sent[0] += len(answer)
                        writer.write(answer)
                        await writer.drain()
                except (asyncio.IncompleteReadError, ConnectionError,
                        asyncio.LimitOverrunError):
                    pass
                finally:
                    writer.close()

            server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=64)
            servers.append(server)
            bases.append(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/")
        (folder / "bases.json").write_text(json.dumps(bases))
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        for server in servers:
            server.close()

    asyncio.run(main())


@dataclass
class Peers:
    process: subprocess.Popen[str]
    bases: list[str]

    def sent(self) -> int:
        import urllib.request

        with urllib.request.urlopen(self.bases[0] + "__stats", timeout=10) as answer:
            return int(json.loads(answer.read())["sent"])

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def start_peers(folder: Path, count: int, resources: int) -> Peers:
    """`count` peers' servers, and their files (written once their ports are known)."""
    folder.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([sys.executable, __file__, "--serve", str(folder),
                                "--peers", str(count)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        raise SystemExit("the peers' servers did not start")
    bases = json.loads((folder / "bases.json").read_text())
    for number, base in enumerate(bases):
        peer = folder / f"peer-{number:04d}"
        peer.mkdir(exist_ok=True)
        for name, data in peer_files(number, base, resources, bases).items():
            (peer / name.lstrip("/")).write_bytes(data)
    return Peers(process, bases)


# --- the site that fetches them ----------------------------------------------------------

def make_site(folder: Path, bases: list[str]) -> Path:
    """A small school site (or, over 100 peers, a hub) that names every peer."""
    (folder / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (folder / "content" / "posts" / "2026-11-01-hello.md").write_text(
        "---\ntitle: Hello\ndate: 2026-11-01\n---\nOur fractions work this term.\n")
    hub = len(bases) > 100
    peers = "".join(f'\n[[{"members" if hub else "network.peers"}]]\nname = "School {n}"\n'
                    f'url = "{url}"\n' for n, url in enumerate(bases))
    settings = ('title = "Bench network"\nbase_url = "https://bench.github.io/network/"\n'
                '\n[network]\nschool = "Bench Partnership"\n')
    if hub:
        settings += 'hub = true\nregistry = "members.toml"\n'
        (folder / "members.toml").write_text(peers.lstrip())
        peers = ""
    (folder / "site.toml").write_text(settings + peers)
    return folder


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    output: str


def timed(command: list[str], env: dict[str, str]) -> Run:
    """Run `command`, from spawn to reap, with its peak RSS from wait4."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


def medians(runs: list[Run]) -> tuple[float, float]:
    return statistics.median(r.seconds for r in runs), statistics.median(r.peak_mib for r in runs)


# A build in a child process, printing its steps' times (JSON) on its last line.
BUILD = """
import json, sys
from pathlib import Path
from sharesite.build import BuildOptions, build
result = build(Path(sys.argv[1]), BuildOptions())
if not result.ok:
    raise SystemExit("\\n".join(str(d) for d in result.diagnostics if d.is_error))
print(json.dumps(result.timings))
"""


def hub_query(hub_output: Path, school: Path, env: dict[str, str]) -> str:
    """Serve the hub's output as GitHub Pages does (any origin may read it), build a small
    school site whose search_hub is it, and measure a first query with the switch on."""
    import http.server
    import threading
    from functools import partial

    from hub_measure import first_query_bytes

    from sharesite.serve.http import make_server

    class Files(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            self.send_header("Access-Control-Allow-Origin", "*")
            super().end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    root = hub_output.parent / "served"
    root.mkdir(exist_ok=True)
    (root / "network").unlink(missing_ok=True)
    (root / "network").symlink_to(hub_output)
    hub = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Files, directory=str(root)))
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{hub.server_address[1]}"
    make_site(school, [])
    with (school / "site.toml").open("a") as settings:
        settings.write(f'search_hub = "{origin}/network/"\n')
    timed([sys.executable, "-c", BUILD, str(school)], env)
    server = make_server(school / "_site", "/network/", port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        found = first_query_bytes(f"http://127.0.0.1:{server.server_address[1]}/network/search/",
                                  "fractions", origin)
    finally:
        server.shutdown()
        hub.shutdown()
    return (f"{found.bytes / 1024:.0f} KB in {found.requests} requests "
            f"({found.hub_bytes / 1024:.0f} KB from the hub), {found.results} results")


def step(runs: list[Run]) -> float:
    """The median of the fetch step's own time ("… moved in 0.42 s."), start-up left out."""
    import re

    return statistics.median(float(re.findall(r"moved in ([0-9.]+) s", r.output)[-1])
                             for r in runs)


def shown(median: tuple[float, float]) -> str:
    return f"{median[0]:.2f} s, {median[1]:.0f} MiB"


def bench(count: int, resources: int, runs: int, browser: bool, tmp: Path) -> dict[str, str]:
    peers = start_peers(tmp / f"peers-{count}", count, resources)
    try:
        site = make_site(tmp / f"site-{count}", peers.bases)
        env = os.environ | {"XDG_CACHE_HOME": str(tmp / f"cache-{count}"),
                            "SHARESITE_FETCH_DEADLINE": "600"}
        from sharesite.peers.store import folder as copies_folder

        os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
        copies = copies_folder(site.resolve())
        fetch = [sys.executable, "-m", "sharesite", "network", "fetch", "--site", str(site)]
        build = [sys.executable, "-c", BUILD, str(site)]
        cold, cold_bytes, warm, warm_bytes, builds = [], [], [], [], []
        for _ in range(runs):
            shutil.rmtree(copies, ignore_errors=True)
            before = peers.sent()
            cold.append(timed(fetch, env))
            cold_bytes.append(peers.sent() - before)
            before = peers.sent()
            warm.append(timed(fetch, env))
            warm_bytes.append(peers.sent() - before)
            for other in copies.parent.iterdir():  # a clean build: only the copies kept
                if other != copies:
                    shutil.rmtree(other, ignore_errors=True) if other.is_dir() else other.unlink()
            shutil.rmtree(site / "_site", ignore_errors=True)
            builds.append(timed(build, env))
        steps = {name: statistics.median(json.loads(r.output.splitlines()[-1])[name]
                                         for r in builds)
                 for name in json.loads(builds[0].output.splitlines()[-1])}
        row = {"peers": f"{count} x {resources}",
               "cold fetch": shown(medians(cold)),
               "cold bytes": f"{statistics.median(cold_bytes) / 1024:.0f} KB",
               "cold fetch step": f"{step(cold):.2f} s",
               "warm fetch": shown(medians(warm)),
               "warm bytes": f"{statistics.median(warm_bytes) / 1024:.1f} KB",
               "warm fetch step": f"{step(warm):.2f} s",
               "build": shown(medians(builds)),
               "build steps": ", ".join(f"{k} {v:.1f} s" for k, v in steps.items()
                                        if v >= 0.05)}
        total = medians(cold)[0] + medians(builds)[0]
        row["fetch + build"] = f"{total:.1f} s, {max(medians(cold)[1], medians(builds)[1]):.0f} MiB"
        output = [p for p in (site / "_site").rglob("*") if p.is_file()]
        row["output"] = (f"{sum(1 for p in output if p.suffix == '.html')} pages, "
                         f"{len(output)} files, "
                         f"{sum(p.stat().st_size for p in output) / 1024 / 1024:.0f} MB")
        if browser and count <= 100:  # the site's own index, with the peers' resources in it
            from bench_search import first_query

            files, raw, zipped, seconds, _ = first_query(site / "_site", "fractions", "/network/")
            row["first query"] = (f"{files} files, {raw / 1024:.0f} KB raw, "
                                  f"{zipped / 1024:.0f} KB gzipped, {seconds:.2f} s")
        elif browser:  # a school's search with the hub's whole network switched on
            row["first query"] = hub_query(site / "_site", tmp / f"school-{count}", env)
        return row
    finally:
        peers.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", type=int, nargs="*", default=[50, 1000])
    parser.add_argument("--resources", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.peers[0])
        return
    with tempfile.TemporaryDirectory(prefix="sharesite-bench-network-") as tmp:
        for count in args.peers:
            row = bench(count, args.resources, args.runs, not args.no_browser, Path(tmp))
            print(json.dumps(row, ensure_ascii=False, indent=1), flush=True)


if __name__ == "__main__":
    main()
