"""The load benchmark's own arithmetic: an open-loop generator offers exactly rate × duration
requests whatever the answers, latency counts from when each request was due (so a slow server
shows its queue), CPU is read from /proc, and the report replaces only its own section."""

import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import requests

from accord.core import loadtest


class Slow(BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(0.05)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_open_loop_offers_the_rate_and_counts_queueing():
    # One request at a time, 50 ms each, offered 40/s: the server falls behind, and the
    # latencies (from when each request was due) grow with the queue instead of hiding it.
    server = HTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        phase = loadtest.drive(requests.Session, url, rate=40, duration=0.5, name="slow")
    finally:
        server.shutdown()
    assert (phase.offered, phase.completed, phase.errors) == (20, 20, 0)
    ordered = sorted(phase.latencies_ms)
    assert ordered[0] >= 50
    # 20 requests served one after another take ≥ 1 s; the last was due at 0.475 s.
    assert ordered[-1] >= 1000 - 475 - 5


def test_percentiles_and_cpu_per_request():
    phase = loadtest.Phase("x", latencies_ms=[float(n) for n in range(1, 101)], cpu_seconds=2.0)
    assert (phase.percentile(50), phase.percentile(95), phase.percentile(99)) == (50.0, 95.0, 99.0)
    assert phase.cpu_ms_per_request == 20.0


def test_server_cpu_counts_live_and_reaped_workers():
    import os

    own, reaped = loadtest._proc_times(os.getpid())
    assert own > 0 and reaped >= 0
    assert loadtest.server_cpu_seconds(os.getpid()) >= reaped


def test_the_report_replaces_only_its_own_section(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text(
        "# Benchmarks\n\n## Contracts\n\nkept\n\n## Under load (x)\n\nold\n\n## Value\n\nkept too\n"
    )
    loadtest.write_section(path, "Under load (x)", "new table")
    assert path.read_text() == (
        "# Benchmarks\n\n## Contracts\n\nkept\n\n## Under load (x)\n\nnew table\n\n## Value\n\nkept too\n"
    )
    loadtest.write_section(path, "Under load (y)", "another")
    assert path.read_text().endswith("## Under load (y)\n\nanother\n\n")


@pytest.mark.slow  # starts a server process
def test_the_bare_reference_starts_and_renders_the_first_page(tmp_path):
    """The reference the load benchmark compares against: Accord's settings without its
    middleware and sign-in apps, started the way gunicorn starts it."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="accord.config.reference",
        ACCORD_SECRET_KEY="reference-test-key",
        ACCORD_DEBUG="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'reference.sqlite3'}",
    )
    env.pop("ACCORD_TESTING", None)
    migrate = dict(env, DJANGO_SETTINGS_MODULE="accord.config.settings")
    subprocess.run([sys.executable, "-m", "accord", "migrate", "-v", "0"], env=migrate, check=True)
    script = (
        "import django; django.setup(); import accord.config.wsgi\n"
        "from django.test import Client\n"
        "r = Client().get('/', HTTP_HOST='127.0.0.1')\n"
        "print(r.status_code, b'<title>Alliances</title>' in r.content)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=str(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.stdout.split() == ["200", "True"], ran.stderr[-2000:]
