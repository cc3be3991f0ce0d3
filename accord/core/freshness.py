"""The portfolio's version: a token that changes whenever a change to the records is committed,
so that a page built from many apps' records (My week) can be kept in the shared cache and
served again until anything changes.

Every change to the records is an action that writes its audit trail, and every way into the
trail goes through `AuditEventManager.bulk_create` (accord.core.models), which calls `moved()`;
so do the jobs that store figures computed from the records (value summaries, health wave
headlines), which write no trail of their own.
The token is set to a new value (never incremented: two writers cannot lose one another's
change) twice: at once, so that the change's own transaction and a test without commits read
afresh, and again when the transaction commits, so that a page built between the first move
and the commit (without the change) is never served after it. A kept page therefore never
predates a committed change, except when the process dies between a commit and its callback:
kept pages also expire after `KEEP_SECONDS`.

What else a kept page depends on (the person, their language, the day, what they asked) is
part of its key: `key()`.
"""

from __future__ import annotations

import hashlib
import time
import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from .visibility import forget_read, read_once

VERSION_KEY = "accord:portfolio-version"
_READ_KEY = ("portfolio-version",)
KEEP_SECONDS = 300


def _new_token() -> str:
    return f"{time.time_ns():x}-{uuid.uuid4().hex[:8]}"


def version() -> str:
    """The current token (a new one when the cache has none: nothing kept before matches it),
    read once in a request that writes nothing (a page asks for it once a kept part)."""
    return read_once(_READ_KEY, _read_version)


def _read_version() -> str:
    token = cache.get(VERSION_KEY)
    if token is None:
        token = _new_token()
        cache.set(VERSION_KEY, token, None)
    return token


def settle() -> None:
    """A new token (run when a change commits)."""
    cache.set(VERSION_KEY, _new_token(), None)
    forget_read(_READ_KEY)


def moved() -> None:
    """The records are changing: a new token now, and another when the change commits (one
    callback per transaction, however many audit rows it writes)."""
    settle()
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is settle for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(settle)


def key(name: str, user, *parts) -> str:
    """The cache key of `name` for `user` as the records stand now: the token, the person,
    their language and `parts` (what else the answer depends on: the day, the filters...)."""
    described = repr((version(), user.pk, translation.get_language(), *parts))
    return f"accord:{name}:{hashlib.sha256(described.encode()).hexdigest()}"


def kept(name: str, user, parts: tuple, build):
    """`build()`, or what it answered for the same key within `KEEP_SECONDS`."""
    cache_key = key(name, user, *parts)
    answer = cache.get(cache_key)
    if answer is None:
        answer = build()
        cache.set(cache_key, answer, KEEP_SECONDS)
    return answer
