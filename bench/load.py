"""Bounded load test of the REST channel: N users for D seconds, half policy questions, half checks.

Each user is a thread that sends one message, waits for the reply, and sends the next (as a person
in a chat does); a question starts a fresh conversation, a check plays bench/load_mix.yml's turns in
one conversation. With several --rasa-url (scale-out), consecutive messages of one conversation go
to different servers, the hardest case for the shared tracker and lock stores. Prints and writes (results/load.json) throughput, latency p50/p95/p99, errors and
the peak resident memory (VmHWM) of each server process found by its port.

    .venv/actions/bin/python bench/load.py --rasa-url http://127.0.0.1:5005 --users 20 --duration 30
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
MIX = ROOT / "bench" / "load_mix.yml"
TIMEOUT = 30.0


@dataclass
class Tally:
    """Every request's outcome, shared by the user threads."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(seconds)


def send(session: requests.Session, url: str, sender: str, text: str, tally: Tally) -> None:
    started = time.perf_counter()
    error = None
    try:
        response = session.post(url, json={"sender": sender, "message": text}, timeout=TIMEOUT)
        if response.status_code != 200:
            error = f"HTTP {response.status_code}"
        elif not response.json():
            error = "no reply"
    except (requests.RequestException, ValueError) as problem:
        error = type(problem).__name__
    tally.add(time.perf_counter() - started, error)


def user(index: int, urls: list[str], deadline: float, mix: dict, tally: Tally) -> None:
    """Alternate a question and a check until the deadline (a turn in flight is finished)."""
    session = requests.Session()
    step, sent = index, index
    while time.monotonic() < deadline:
        sender = f"load-{uuid.uuid4().hex[:12]}"
        if step % 2 == 0:
            questions = mix["questions"]
            messages = [questions[step // 2 % len(questions)]]
        else:
            messages = mix["checks"][step // 2 % len(mix["checks"])]
        for text in messages:
            if time.monotonic() >= deadline:
                break
            send(session, urls[sent % len(urls)], sender, text, tally)
            sent += 1
        step += 1


def warm_up(url: str, mix: dict) -> None:
    """Every message of the mix once, unmeasured: models, indexes and caches the servers load on
    first use are loaded before the clock starts (a restarted server is warmed the same way)."""
    session, tally = requests.Session(), Tally()
    for text in mix["questions"]:
        send(session, url, f"warm-{uuid.uuid4().hex[:12]}", text, tally)
    for check in mix["checks"]:
        sender = f"warm-{uuid.uuid4().hex[:12]}"
        for text in check:
            send(session, url, sender, text, tally)
    if tally.errors:
        print(f"warm-up: {len(tally.errors)} errors {sorted(set(tally.errors))}")


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def server_pids(port: int) -> list[int]:
    """Processes whose command line names this port (the Rasa or action server and its workers)."""
    pids = []
    pattern = re.compile(rf"--port\s+{port}\b|--port={port}\b")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if pattern.search(command):
            pids.append(int(entry.name))
    return pids + _descendants(pids)


def _descendants(roots: list[int]) -> list[int]:
    """Worker processes started by the servers (Sanic runs its workers as child processes)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], list(roots)
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier and pid not in found]
        found += children
        frontier = children
    return found


def peak_rss_mb(pids: list[int]) -> float | None:
    """Sum of the peak resident set (VmHWM) of the processes, in MB."""
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        total += int(match.group(1)) if match else 0
    return round(total / 1024, 1) if total else None


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by the processes."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / 100.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--rasa-url", action="append", help="a Rasa server (repeat for several); default localhost:5005"
    )
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--label", default="embedded default (SQLite tracker store)")
    parser.add_argument("--json", type=Path, default=ROOT / "results" / "load.json")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 500 or not 1 <= args.duration <= 3600:
        parser.error("--users must be 1..500 and --duration 1..3600 seconds")

    mix = yaml.safe_load(MIX.read_text(encoding="utf-8"))
    bases = args.rasa_url or ["http://localhost:5005"]
    urls = [base.rstrip("/") + "/webhooks/rest/webhook" for base in bases]
    for url in urls:
        warm_up(url, mix)
    rasa_pids = [pid for base in bases for pid in server_pids(urlparse(base).port or 5005)]
    servers = {"rasa": rasa_pids, "actions": server_pids(args.action_port)}
    cpu_before = {name: cpu_seconds(pids) for name, pids in servers.items()}
    tally = Tally()
    deadline = time.monotonic() + args.duration
    started = time.monotonic()
    threads = [
        threading.Thread(target=user, args=(i, urls, deadline, mix, tally), daemon=True) for i in range(args.users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.duration + TIMEOUT + 5)
    elapsed = time.monotonic() - started
    cpu = {name: round(cpu_seconds(pids) - cpu_before[name], 1) for name, pids in servers.items()}

    done = len(tally.latencies)
    figures = {
        "label": args.label,
        "users": args.users,
        "rasa_servers": len(urls),
        "duration_s": round(elapsed, 1),
        "messages": done,
        "errors": len(tally.errors),
        "error_kinds": sorted(set(tally.errors)),
        "throughput_msg_s": round(done / elapsed, 1),
        **{
            f"latency_{name}_ms": round(value * 1000, 1) if (value := percentile(tally.latencies, q)) else None
            for name, q in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99))
        },
        "peak_rss_mb": {name: peak_rss_mb(pids) for name, pids in servers.items()},
        "cpu_s": cpu,
        "cpu_ms_per_message": round(sum(cpu.values()) * 1000 / done, 1) if done else None,
    }
    print(f"load: {args.label}, {args.users} users for {figures['duration_s']} s")
    print(f"  messages answered: {done}, errors: {figures['errors']} {figures['error_kinds'] or ''}")
    print(f"  throughput: {figures['throughput_msg_s']} messages/s")
    print(
        f"  latency p50 {figures['latency_p50_ms']} ms / p95 {figures['latency_p95_ms']} ms"
        f" / p99 {figures['latency_p99_ms']} ms"
    )
    print(f"  peak RSS (MB): {figures['peak_rss_mb']}; server CPU (s): {cpu}")
    print(f"  server CPU per message: {figures['cpu_ms_per_message']} ms")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"report written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
