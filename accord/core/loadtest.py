"""`accord loadtest`: key pages under an open-loop load through the production server.

Measured as users meet Accord: gunicorn with a fixed number of workers serving the current
database (`make loadtest` seeds big pharma), a fixed offered rate of requests per second whatever
the server's answers (open loop: a slow answer does not slow the next request down, and each
latency counts from the moment its request was due), side by side with a bare Django reference
(the same first page of alliances, no middleware, no templates of ours) served the same way.

The pages and who views them come from the caller (`key_pages`): the command lives in
accord.reporting, the app that may import every other, and this module is only the machinery.
Pages run in random order, each phase interleaved with a reference phase, because the machine
is shared and noisy. Server CPU per request is read from /proc: the workers' user + system time
(live workers and the ones gunicorn already reaped) over the requests completed in the phase.
"""

from __future__ import annotations

import math
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.conf import settings

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass
class Page:
    name: str
    persona: str
    path: str
    kind: str = "page"  # "page" (list/detail/partial/API: p95 ≤ 100 ms) or "heavy" (≤ 300 ms)


@dataclass
class Phase:
    name: str
    offered: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0

    @property
    def completed(self) -> int:
        return len(self.latencies_ms)

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)  # nearest rank
        return ordered[max(math.ceil(p / 100 * len(ordered)), 1) - 1]

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu_seconds / max(self.completed, 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _proc_times(pid: int) -> tuple[float, float]:
    """(own user+system, reaped children's user+system) seconds of a process."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime) / CLOCK_TICKS, (cutime + cstime) / CLOCK_TICKS


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def server_cpu_seconds(master: int) -> float:
    """CPU used so far by a gunicorn master's workers, including workers already recycled."""
    _, reaped = _proc_times(master)
    live = 0.0
    for child in _children(master):
        try:
            own, _ = _proc_times(child)
        except OSError:
            continue
        live += own
    return reaped + live


class Server:
    """A gunicorn serving `wsgi_app` with Accord's production configuration."""

    def __init__(self, wsgi_app: str, workers: int, env: dict, log: Path):
        self.port = free_port()
        config = Path(settings.PACKAGE_DIR) / "config" / "gunicorn.py"
        self.log = log.open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(config),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--max-requests",
                "0",
                wsgi_app,
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{self.port}"

    def wait(self, path: str = "/healthz", deadline: float = 120) -> None:
        stop = time.monotonic() + deadline
        while time.monotonic() < stop:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                requests.get(self.base + path, timeout=10, headers=PROXY_HEADERS)
                return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.3)
        raise RuntimeError(f"{self.base} did not answer within {deadline} s")

    def cpu(self) -> float:
        return server_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def sign_in(base: str, email: str, password: str) -> requests.Session:
    session = requests.Session()
    session.headers.update(PROXY_HEADERS)
    session.get(f"{base}/accounts/login/", timeout=60)
    for cookie in session.cookies:  # as behind the TLS proxy: Secure cookies come back
        cookie.secure = False
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "login": email,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"https://{base.split('://')[1]}/accounts/login/"},
        timeout=60,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"could not sign in as {email}: {response.status_code}")
    for cookie in session.cookies:
        cookie.secure = False
    return session


def drive(
    session_for, url: str, rate: float, duration: float, name: str, concurrency: int = 64
) -> Phase:
    """Offer `rate` requests per second for `duration` seconds, whatever the answers."""
    phase = Phase(name)
    lock = threading.Lock()
    local = threading.local()

    def one(due: float) -> None:
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = session_for()
        try:
            response = session.get(url, timeout=30, allow_redirects=False)
            status = response.status_code
        except requests.RequestException:
            status = 0
        elapsed = (time.monotonic() - due) * 1000
        with lock:
            phase.statuses[status] = phase.statuses.get(status, 0) + 1
            if status == 200:
                phase.latencies_ms.append(elapsed)
            else:
                phase.errors += 1

    total = int(rate * duration)
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for n in range(total):
            due = start + n / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, due)
            phase.offered += 1
    phase.wall_seconds = time.monotonic() - start
    return phase


def measure(server: Server, session_for, path: str, rate: float, duration: float, name: str):
    session_for().get(server.base + path, timeout=60)  # warm every cache the page uses
    before = server.cpu()
    phase = drive(session_for, server.base + path, rate, duration, name)
    phase.cpu_seconds = server.cpu() - before
    return phase


def run(
    *,
    key_pages: Callable[[], tuple[list[Page], dict[str, str]]],
    rate: float,
    duration: float,
    workers: int,
    password: str,
    only: str | None,
    log_dir: Path,
    seed: int | None,
) -> tuple[list[tuple[Page, Phase, Phase]], dict]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="accord.config.settings",
        ACCORD_DEBUG="0",
        ACCORD_SSL_REDIRECT="0",
        ACCORD_BEHIND_TLS_PROXY="1",
        ACCORD_SECRET_KEY=env.get("ACCORD_SECRET_KEY") or "loadtest-only-" + "x" * 40,
        ACCORD_ALLOWED_HOSTS="127.0.0.1,localhost",
        ACCORD_MFA_REQUIRED_ROLES="",
        ACCORD_ACCESS_LOG="",
        ACCORD_LOG_LEVEL="WARNING",
        ACCORD_API_RATE_USER=env.get("ACCORD_API_RATE_USER", "1000000/hour"),
    )
    subprocess.run(
        [sys.executable, "-m", "accord", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
    )
    pages, people = key_pages()
    if only:
        pages = [p for p in pages if re.search(only, p.name)]
    log_dir.mkdir(parents=True, exist_ok=True)
    accord = Server("accord.config.wsgi:application", workers, env, log_dir / "accord.log")
    reference_env = dict(env, DJANGO_SETTINGS_MODULE="accord.config.reference")
    reference = Server(
        "accord.config.wsgi:application",
        workers,
        reference_env,
        log_dir / "reference.log",
    )
    results = []
    try:
        accord.wait()
        reference.wait("/")
        sessions = {who: sign_in(accord.base, email, password) for who, email in people.items()}
        cookies = {who: s.cookies.get_dict() for who, s in sessions.items()}

        def session_factory(who: str | None):
            def make() -> requests.Session:
                session = requests.Session()
                session.headers.update(PROXY_HEADERS)
                if who:
                    session.cookies.update(cookies[who])
                return session

            return make

        random.Random(seed).shuffle(pages)
        for page in pages:
            ref = measure(reference, session_factory(None), "/", rate, duration, "reference")
            phase = measure(
                accord, session_factory(page.persona), page.path, rate, duration, page.name
            )
            results.append((page, phase, ref))
            print(
                f"{page.name:<32} p95 {phase.percentile(95):8.1f} ms  errors {phase.errors:4d}  "
                f"cpu/req {phase.cpu_ms_per_request:7.1f} ms  (reference "
                f"{ref.cpu_ms_per_request:5.1f} ms, p95 {ref.percentile(95):6.1f} ms)",
                flush=True,
            )
    finally:
        accord.stop()
        reference.stop()
    context = {
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "workers": workers,
        "rate": rate,
        "duration": duration,
        "people": people,
    }
    return results, context


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model or platform.machine()}), Python {platform.python_version()}"


def report(results, context) -> str:
    goal = {"page": 100.0, "heavy": 300.0}
    ratio_goal = {"page": 5.0, "heavy": 15.0}
    lines = [
        f"Measured on {time.strftime('%Y-%m-%d', time.gmtime())} on {machine()}; "
        f"{context['database']} with {context['alliances']:,} alliances; gunicorn with "
        f"{context['workers']} sync workers; an open-loop load of {context['rate']:g} requests/s "
        f"for {context['duration']:g} s per page, interleaved with the same load on the bare "
        "Django reference. Latency counts from when each request was due; CPU is the workers' "
        "user + system time per completed request; the ratio is to the reference's CPU per "
        "request in the phase just before.",
        "",
        "| page | who | p50 ms | p95 ms | p99 ms | errors | achieved req/s | CPU ms/req | "
        "reference CPU ms/req | ratio | goal (p95, ratio) | met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for page, phase, ref in sorted(results, key=lambda r: r[0].name):
        ratio = phase.cpu_ms_per_request / max(ref.cpu_ms_per_request, 0.01)
        p95 = phase.percentile(95)
        met = phase.errors == 0 and p95 <= goal[page.kind]
        if page.kind == "page" or page.name == "dashboard":
            met = met and ratio <= ratio_goal[page.kind]
        lines.append(
            f"| {page.name} | {page.persona} | {phase.percentile(50):.0f} | {p95:.0f} | "
            f"{phase.percentile(99):.0f} | {phase.errors} | "
            f"{phase.completed / max(phase.wall_seconds, 0.001):.1f} | "
            f"{phase.cpu_ms_per_request:.1f} | {ref.cpu_ms_per_request:.1f} | {ratio:.1f}× | "
            f"≤ {goal[page.kind]:.0f} ms, ≤ {ratio_goal[page.kind]:.0f}× | "
            f"{'yes' if met else '**no**'} |"
        )
    refs = [ref for _, _, ref in results]
    if refs:
        lines += [
            "",
            f"Reference (bare Django, first page of alliances): p95 "
            f"{statistics.median(r.percentile(95) for r in refs):.0f} ms, CPU "
            f"{statistics.median(r.cpu_ms_per_request for r in refs):.1f} ms/request "
            f"(medians over its {len(refs)} phases).",
        ]
    return "\n".join(lines)


def write_section(path: Path, title: str, body: str) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    heading = f"## {title}"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    section = f"{heading}\n\n{body}\n\n"
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text + "\n" + section
    path.write_text(text)
