"""Several machines: two gunicorn web servers behind a round-robin proxy, two task workers and
two schedulers, on one PostgreSQL, one Redis, one S3 server and one SMTP relay — as
docs/deployment.md describes. A user signs in through one web server and continues on the
other; an upload written through one is served by the other; every periodic job runs once per
slot; every notification is emailed exactly once; an import running on one does not block edits
made through the other.

PostgreSQL only (SQLite is one machine by design); run it alone with `pytest -m multinode`."""

from __future__ import annotations

import datetime
import http.client
import itertools
import json
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from .test_deployment import database_url, free_port, proxied
from .test_hardening import production_env

pytestmark = [pytest.mark.multinode, pytest.mark.xdist_group("multinode")]

REDIS_URL = "redis://127.0.0.1:6379/9"
PASSWORD = "a long production passphrase"


class RoundRobinProxy(ThreadingHTTPServer):
    """A tiny TLS-terminating load balancer: each request goes to the next web server."""

    daemon_threads = True

    def __init__(self, backends: list[int]):
        self.backends = itertools.cycle(backends)
        self.lock = threading.Lock()
        self.served: list[int] = []
        super().__init__(("127.0.0.1", 0), ProxyHandler)

    def next_backend(self) -> int:
        with self.lock:
            port = next(self.backends)
            self.served.append(port)
            return port


class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        port = self.server.next_backend()
        upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
        headers["X-Forwarded-Proto"] = "https"
        headers["X-Forwarded-For"] = self.client_address[0]
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        payload = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                # The test's client speaks plain HTTP to this stand-in for a TLS terminator, so
                # cookies the servers mark Secure are handed on without the flag.
                value = re.sub(r";\s*Secure", "", value, flags=re.I)
            if name.lower() not in ("connection", "transfer-encoding", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-Served-By", str(port))
        self.end_headers()
        self.wfile.write(payload)
        upstream.close()

    do_GET = do_POST = do_PATCH = do_DELETE = forward

    def log_message(self, format, *args):
        pass


class Mailbox:
    """A real SMTP relay (aiosmtpd) that keeps every message it is handed."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list[tuple[list[str], str]] = []
        self.port = free_port()
        mailbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                mailbox.messages.append((list(envelope.rcpt_tos), envelope.content.decode()))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def s3_server():
    """moto's S3 API server, if installed (the dev lock has it)."""
    moto_server = pytest.importorskip("moto.server")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port())
    server.start()
    return server


class Cluster:
    def __init__(self, tmp_path: Path, env: dict):
        self.tmp_path, self.env = tmp_path, env
        self.processes: list[subprocess.Popen] = []

    def start(self, name: str, *args: str) -> subprocess.Popen:
        log = (self.tmp_path / f"{name}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", *args],
            env=self.env,
            cwd=str(settings.BASE_DIR),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def web(self, name: str) -> int:
        port = free_port()
        config = str(Path(settings.PACKAGE_DIR) / "config" / "gunicorn.py")
        self.start(name, "gunicorn", "--config", config, "--bind", f"127.0.0.1:{port}")
        return port

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text()[-3000:]}"
            for path in sorted(self.tmp_path.glob("*.log"))
        )


def wait_for(condition, what: str, deadline: float = 120, cluster: Cluster | None = None):
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}\n{cluster.logs() if cluster else ''}")


def production_password(user) -> None:
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "multinodesalt1")
    user.save(update_fields=["password"])


def sign_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=60)
    proxied(session)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "login": email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"https://{base.split('://')[1]}/accounts/login/"},
        timeout=60,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    proxied(session)
    return session


def watch_lock_waits(editing: threading.Event, found: list) -> None:
    """Every 50 ms while `editing` is set: the sessions of this database waiting on a lock."""
    import psycopg

    url = database_url().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as watcher:
        while editing.is_set():
            found += watcher.execute(
                "SELECT left(query, 200), pg_blocking_pids(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchall()
            time.sleep(0.05)


def tracker_workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Alliance name", "Partner company", "Deal type", "Stage", "Effective date", "Importance"]
    )
    for n in range(rows):
        sheet.append(
            [
                f"Imported alliance {n:04}",
                "Tern Therapeutics",
                "In-licence",
                "Execution",
                datetime.date(2024, 1, 15),
                3,
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def cluster_env(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several machines share PostgreSQL; SQLite is one machine by design")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = production_env(tmp_path)
    env.update(
        DATABASE_URL=database_url(),
        ACCORD_ALLOWED_HOSTS="127.0.0.1",
        ACCORD_BEHIND_TLS_PROXY="1",
        ACCORD_CACHE_URL=REDIS_URL,
        ACCORD_WEB_WORKERS="2",
        ACCORD_MFA_REQUIRED_ROLES="",
        ACCORD_LOG_LEVEL="WARNING",
        ACCORD_ACCESS_LOG="",
        ACCORD_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )
    collected = subprocess.run(
        [sys.executable, "-m", "accord", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=str(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=False,
    )
    assert collected.returncode == 0, collected.stderr
    return env


@pytest.mark.django_db(transaction=True)
def test_two_web_servers_two_workers_two_schedulers(world, cluster_env, tmp_path):
    from django_tasks_db.models import DBTaskResult

    from accord.core import scheduling
    from accord.core.models import AuditEvent, ScheduledRun
    from accord.notifications.models import Notification
    from accord.reporting.models import ImportStatus, TrackerImport

    for user in (world.leader, world.manager_a, world.manager_b):
        production_password(user)
    s3 = s3_server()
    bucket = "accord-multinode"
    import boto3

    boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{s3._port}",
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket=bucket)
    env = dict(
        cluster_env,
        ACCORD_S3_BUCKET=bucket,
        ACCORD_S3_ENDPOINT_URL=f"http://127.0.0.1:{s3._port}",
        ACCORD_S3_REGION="us-east-1",
        ACCORD_S3_ACCESS_KEY_ID="test",
        ACCORD_S3_SECRET_ACCESS_KEY="test",
    )
    with Mailbox() as mailbox:
        env.update(ACCORD_EMAIL_HOST="127.0.0.1", ACCORD_EMAIL_PORT=str(mailbox.port))
        cluster = Cluster(tmp_path, env)
        proxy = None
        try:
            web_ports = [cluster.web("web1"), cluster.web("web2")]
            for n in (1, 2):
                cluster.start(f"worker{n}", "accord", "db_worker", "--no-reload")
                cluster.start(f"scheduler{n}", "accord", "scheduler", "--interval", "1")
            for port in web_ports:
                wait_for(
                    lambda port=port: _answers(f"http://127.0.0.1:{port}/healthz"),
                    f"web server on {port}",
                    cluster=cluster,
                )
            proxy = RoundRobinProxy(web_ports)
            threading.Thread(target=proxy.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{proxy.server_address[1]}"

            # Signed in through one web server, the session carries on through the other.
            leader = sign_in(base, world.leader.email)
            served = []
            for _ in range(4):
                page = leader.get(f"{base}/alliances/", timeout=60, allow_redirects=False)
                assert page.status_code == 200, (
                    page.headers.get("Location"),
                    page.headers.get("X-Served-By"),
                    served,
                    dict(leader.cookies),
                )
                assert "<h1>Alliance portfolio</h1>" in page.text
                served.append(int(page.headers["X-Served-By"]))
            assert set(served) == set(web_ports)

            # An upload written through one web server is served by the other, from S3.
            manager = sign_in(base, world.manager_a.email)
            token = manager.cookies["csrftoken"]
            upload = manager.post(
                f"{base}/api/v1/documents/",
                data={"alliance": world.alliance_a.pk, "title": "Side letter"},
                files={"file": ("side-letter.txt", b"Side letter: milestone 3 moves to Q3.\n")},
                headers={"X-CSRFToken": token, "Referer": f"https://{base[7:]}/"},
                timeout=60,
            )
            assert upload.status_code == 201, upload.text
            written_by = int(upload.headers["X-Served-By"])
            file_id = upload.json()["file_id"]
            download = manager.get(f"{base}/files/{file_id}/", timeout=60)
            assert int(download.headers["X-Served-By"]) != written_by
            assert (download.status_code, download.content) == (
                200,
                b"Side letter: milestone 3 moves to Q3.\n",
            )
            assert not (Path(env["ACCORD_VAR_DIR"]) / "files").exists() or not any(
                (Path(env["ACCORD_VAR_DIR"]) / "files").rglob("*")
            ), "with S3 configured, nothing is written to the local folder"

            # Notifications made on any machine are emailed exactly once between two workers.
            created = _notify_from_a_machine(env, world, count=60)
            assert created == 60
            wait_for(
                lambda: not Notification.objects.filter(email_status="pending").exists(),
                "every notification emailed",
                cluster=cluster,
            )
            time.sleep(2)  # a duplicate would arrive now
            subjects = [
                re.search(r"^Subject: (.*?)\r?$", content, re.M).group(1)
                for _, content in mailbox.messages
            ]
            assert sorted(subjects) == sorted(f"[Accord] Multi-node check {n}" for n in range(60))

            # Each periodic job is enqueued once for its slot, whatever the number of schedulers.
            scheduling.autodiscover()
            jobs = set(scheduling.REGISTRY)
            wait_for(
                lambda: set(ScheduledRun.objects.values_list("job", flat=True)) == jobs,
                "every periodic job claimed",
                cluster=cluster,
            )
            time.sleep(3)  # both schedulers have looked again by now
            runs = list(ScheduledRun.objects.values_list("job", "slot"))
            # Each job ran once per slot (a frequent job may reach a second slot while the
            # cluster runs), and every job ran.
            assert len(runs) == len(set(runs))
            assert {job for job, _ in runs} == set(jobs)
            # One task per claimed slot (read between two reads of the slots: the clock may
            # open a new slot meanwhile).
            results = {
                name: DBTaskResult.objects.filter(task_path=schedule.task.module_path).count()
                for name, schedule in scheduling.REGISTRY.items()
            }
            runs_after = list(ScheduledRun.objects.values_list("job", "slot"))
            for name in jobs:
                before = sum(1 for job, _ in runs if job == name)
                after = sum(1 for job, _ in runs_after if job == name)
                assert before <= results[name] <= after, name

            # An import running on one machine does not hold up edits made through another.
            leader.get(f"{base}/imports/", timeout=60)
            proxied(leader)
            created_import = leader.post(
                f"{base}/imports/",
                files={"file": ("tracker.xlsx", tracker_workbook(2000))},
                data={"csrfmiddlewaretoken": leader.cookies["csrftoken"]},
                headers={"Referer": f"https://{base[7:]}/imports/"},
                timeout=120,
                allow_redirects=False,
            )
            assert created_import.status_code == 302, created_import.text[:500]
            imported = TrackerImport.objects.latest("pk")
            leader.post(
                f"{base}/imports/{imported.pk}/commit/",
                data={"csrfmiddlewaretoken": leader.cookies["csrftoken"]},
                headers={"Referer": f"https://{base[7:]}/imports/{imported.pk}/"},
                timeout=60,
                allow_redirects=False,
            )
            wait_for(
                lambda: TrackerImport.objects.get(pk=imported.pk).processed_rows > 0,
                "the import under way",
                cluster=cluster,
            )
            # While the edit is in flight, watch for any database session waiting on a lock (the
            # edit queued behind the import's transaction would show here for seconds).
            lock_waits, editing = [], threading.Event()
            editing.set()
            watcher = threading.Thread(target=watch_lock_waits, args=(editing, lock_waits))
            watcher.start()
            edit = manager.patch(
                f"{base}/api/v1/alliances/{world.alliance_a.pk}/",
                data=json.dumps({"value_proposition": "Edited during a 2,000-row import."}),
                headers={
                    "X-CSRFToken": token,
                    "Content-Type": "application/json",
                    "Referer": f"https://{base[7:]}/",
                },
                timeout=120,
            )
            editing.clear()
            watcher.join()
            assert edit.status_code == 200, edit.text
            assert lock_waits == [], "the edit waited for the import's locks"
            wait_for(
                lambda: not TrackerImport.objects.get(pk=imported.pk).is_active,
                "the import finished",
                deadline=600,
                cluster=cluster,
            )
            finished = TrackerImport.objects.get(pk=imported.pk)
            edited = AuditEvent.objects.filter(
                object_id=str(world.alliance_a.pk), field="value_proposition"
            ).latest("at")
            assert edited.at < finished.finished_at, "the edit was held until the import ended"
            assert (finished.status, finished.errors[:2], finished.created_count) == (
                ImportStatus.DONE,
                [],
                2000,
            )
        finally:
            if proxy is not None:
                proxy.shutdown()
            cluster.stop()
            s3.stop()


def _answers(url: str) -> bool:
    try:
        requests.get(url, timeout=10, headers={"X-Forwarded-Proto": "https"})
    except (requests.ConnectionError, requests.Timeout):
        return False
    return True


def _notify_from_a_machine(env: dict, world, count: int) -> int:
    """notify() run in a production process (its jobs go to the shared queue), as a web
    request or a job would on any machine."""
    code = f"""
import django; django.setup()
from django.db import transaction
from accord.notifications.actions import notify
from accord.people.models import User
people = list(User.objects.filter(pk__in={[world.manager_a.pk, world.manager_b.pk]!r}))
made = 0
for n in range({count}):
    with transaction.atomic():
        made += len(notify(recipients=[people[n % 2]], kind="info",
                           title=f"Multi-node check {{n}}", dedupe_key=f"multinode-{{n}}"))
print(made)
"""
    run = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=str(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return int(run.stdout.strip().splitlines()[-1])
