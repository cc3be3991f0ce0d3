"""Gunicorn settings for Accord's production web server (`accord serve --production`).

Every value can be changed from the environment, so the systemd unit in docs/deployment.md and
`make loadtest` use this one file:

  ACCORD_BIND            address to listen on (default 127.0.0.1:8000; a unix:/path socket works)
  ACCORD_WEB_WORKERS     worker processes (default: 2 × CPU cores + 1, at most 12)
  ACCORD_WEB_THREADS     threads per worker (default 1: Accord's pages are CPU-bound)
  ACCORD_WEB_TIMEOUT     seconds before a stuck request's worker is restarted (default 60)
  ACCORD_ACCESS_LOG      access log file, "-" for standard output (default), "" for none
"""

import gc
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("ACCORD_BIND", "127.0.0.1:8000")
workers = _int("ACCORD_WEB_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 12))
threads = _int("ACCORD_WEB_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("ACCORD_WEB_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory, not on a possibly slow disk (gunicorn's own advice for containers).
_SHM = "/dev/shm"  # noqa: S108 - gunicorn's heartbeat files, not data
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
# Import the application once in the master so that workers fork ready (faster start, less memory).
preload_app = True


# The application the master imported (Django, the models, URL patterns and templates it
# loaded: some 140,000 objects) is moved out of the garbage collector's reach before each fork,
# as Python's documentation advises for a server that forks without exec (gc.freeze): a
# worker's full collections stop rescanning it, and stop writing to (so unsharing) the memory
# pages the workers hold in common with the master. Measured on the big-pharma seed after 180
# requests, a worker's private memory: 98 MB without, 76 MB with (shared: 25 -> 43 MB).
def pre_fork(server, worker):
    gc.freeze()


wsgi_app = "accord.config.wsgi:application"
proc_name = "accord-web"

accesslog = os.environ.get("ACCORD_ACCESS_LOG", "-") or None
# Who, what, status, bytes and the time taken in microseconds (for the load benchmark and ops).
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("ACCORD_LOG_LEVEL", "info").lower()
# Behind a TLS proxy on the same host, trust its X-Forwarded-* headers (see docs/deployment.md).
forwarded_allow_ips = os.environ.get("ACCORD_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
