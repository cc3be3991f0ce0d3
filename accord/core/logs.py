"""Structured logs: with ACCORD_LOG_FORMAT=json every line is one JSON object (UTC time, level,
logger, message; for a request also its id, method, path, status and duration), which log
collectors index without parsing rules. Every response carries its request id (X-Request-ID)
so a user's report can be matched to the server's lines."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid

from django.conf import settings

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# A request id from the proxy is kept only if it looks like one (it ends up in every line).
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}

log = logging.getLogger("accord.request")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = getattr(record, "request_id", "") or request_id.get()
        if current:
            entry["request_id"] = current
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RequestLogMiddleware:
    """Gives each request an id and, with JSON logs, logs it once it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        current = given if _VALID_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(current)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = current
            if settings.ACCORD_LOG_FORMAT == "json":
                log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "request_id": current,
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            request_id.reset(token)
