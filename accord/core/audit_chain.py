"""The audit trail's hash chain: append-only, tamper-evident (21 CFR 11.10(e)).

Each record holds its sequence number, the hash of the record before it and a SHA-256 over its
own content and that previous hash. Appends are serialised by a row lock on the chain head (on
SQLite, Accord's IMMEDIATE transactions serialise all writers), so concurrent transactions can
never fork the chain. `verify()` recomputes everything: a changed record breaks its own hash, a
removed or inserted one breaks the sequence or the next record's link, and a removed tail no
longer matches the head.

UPDATE and DELETE on the table are refused by database triggers (migration core 0006).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.db import connections, models, router, transaction

GENESIS = "0" * 64


def _text(value) -> str:
    return "" if value is None else str(value)


def canonical(row, *, content_type_label: str | None = None) -> bytes:
    """The bytes a record's hash covers: every field a reviewer relies on, in a fixed order."""
    if content_type_label is None:
        content_type_label = f"{row.content_type.app_label}.{row.content_type.model}"
    at = row.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    payload = [
        row.sequence,
        str(row.change_id),
        at,
        _text(row.actor_id),
        row.actor_label,
        row.action,
        content_type_label,
        row.object_id,
        row.object_repr,
        row.field,
        row.old_value,
        row.new_value,
        row.reason,
        _text(row.alliance_id),
        _text(row.program_id),
        row.prev_hash,
    ]
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(row, **kwargs) -> str:
    return hashlib.sha256(canonical(row, **kwargs)).hexdigest()


def _lock_head(using: str):
    from .models import AuditChainHead

    head, _ = AuditChainHead.objects.using(using).select_for_update().get_or_create(pk=1)
    return head


def append(rows: list, **bulk_kwargs) -> list:
    """Give the rows their place in the chain and insert them; returns the saved rows."""
    from .models import AuditEvent

    if not rows:
        return rows
    using = router.db_for_write(AuditEvent)
    with transaction.atomic(using=using):
        head = _lock_head(using)
        sequence, previous = head.sequence, head.hash or GENESIS
        for row in rows:
            sequence += 1
            row.sequence = sequence
            row.prev_hash = previous
            row.hash = compute_hash(row)
            previous = row.hash
        saved = models.QuerySet(AuditEvent, using=using).bulk_create(rows, **bulk_kwargs)
        type(head).objects.using(using).filter(pk=head.pk).update(sequence=sequence, hash=previous)
    return saved


@dataclass
class Verification:
    count: int = 0
    head_sequence: int = 0
    head_hash: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(using: str = "default", *, limit_problems: int = 50) -> Verification:
    """Recompute the whole chain; every break is reported with the sequence it is at."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditChainHead, AuditEvent

    labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.using(using).all()}
    rows = models.QuerySet(AuditEvent, using=using).order_by("sequence").iterator(chunk_size=2000)
    head = AuditChainHead.objects.using(using).filter(pk=1).first()
    return verify_rows(
        rows,
        labels,
        (head.sequence, head.hash) if head else None,
        limit_problems=limit_problems,
    )


def verify_rows(rows, labels: dict, head: tuple | None, *, limit_problems: int = 50):
    """The chain check itself, over any rows carrying the AuditEvent attributes in sequence
    order (the ORM's, or a restored database read without Django: accord.core.backup)."""
    result = Verification()
    expected_sequence, previous = 1, GENESIS
    for row in rows:
        result.count += 1
        if row.sequence != expected_sequence:
            if row.sequence > expected_sequence:
                result.problems.append(
                    f"#{expected_sequence}–#{row.sequence - 1}: record(s) missing from the chain."
                )
            else:
                result.problems.append(f"#{row.sequence}: sequence out of order.")
        if row.prev_hash != previous:
            result.problems.append(
                f"#{row.sequence}: does not link to the record before it "
                "(a record was removed, inserted or changed before it)."
            )
        label = labels.get(row.content_type_id, f"?{row.content_type_id}")
        if compute_hash(row, content_type_label=label) != row.hash:
            result.problems.append(f"#{row.sequence}: content does not match its hash (changed).")
        previous = row.hash
        expected_sequence = row.sequence + 1
        if len(result.problems) >= limit_problems:
            result.problems.append("… stopped after too many problems.")
            return result
    result.head_sequence, result.head_hash = head if head else (0, "")
    last_sequence = expected_sequence - 1
    if result.head_sequence != last_sequence or (
        result.count and (head is None or result.head_hash != previous)
    ):
        result.problems.append(
            f"The chain ends at #{last_sequence} but its head records "
            f"#{result.head_sequence}: records were removed from the end or the head was altered."
        )
    return result


# --- Database guards --------------------------------------------------------------------------

MAINTENANCE_SETTING = "accord.audit_maintenance"

POSTGRES_GUARD = f"""
CREATE OR REPLACE FUNCTION accord_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('{MAINTENANCE_SETTING}', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = 'The audit trail is append-only: ' || TG_OP || ' on core_auditevent is refused.',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS accord_audit_no_update_delete ON core_auditevent;
CREATE TRIGGER accord_audit_no_update_delete BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION accord_audit_append_only();
DROP TRIGGER IF EXISTS accord_audit_no_truncate ON core_auditevent;
CREATE TRIGGER accord_audit_no_truncate BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION accord_audit_append_only();
"""
POSTGRES_UNGUARD = """
DROP TRIGGER IF EXISTS accord_audit_no_update_delete ON core_auditevent;
DROP TRIGGER IF EXISTS accord_audit_no_truncate ON core_auditevent;
DROP FUNCTION IF EXISTS accord_audit_append_only();
"""
# SQLite has no session settings: the triggers call a function Accord registers on each of its
# connections (accord.core.apps), which answers 1 only while maintenance is switched on for
# that connection. A connection without it (the sqlite3 shell) cannot change the trail either.
SQLITE_GUARD = [
    """CREATE TRIGGER IF NOT EXISTS accord_audit_no_update BEFORE UPDATE ON core_auditevent
    WHEN accord_audit_maintenance() = 0
    BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: UPDATE on core_auditevent is refused.'); END""",
    """CREATE TRIGGER IF NOT EXISTS accord_audit_no_delete BEFORE DELETE ON core_auditevent
    WHEN accord_audit_maintenance() = 0
    BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: DELETE on core_auditevent is refused.'); END""",
]
SQLITE_UNGUARD = [
    "DROP TRIGGER IF EXISTS accord_audit_no_update",
    "DROP TRIGGER IF EXISTS accord_audit_no_delete",
]


def register_sqlite_function(connection) -> None:
    """Called for every new SQLite connection (accord.core.apps)."""
    wrapper = connection

    def maintenance() -> int:
        return 1 if getattr(wrapper, "accord_audit_maintenance", False) else 0

    wrapper.connection.create_function("accord_audit_maintenance", 0, maintenance)


class maintenance:
    """Lift the guard on one connection, for emptying a whole test database only.

    Never used by the application: pytest's flush of transactional test databases uses it
    (accord/conftest.py). Production has no code path that lifts it.
    """

    def __init__(self, using: str = "default"):
        self.connection = connections[using]

    def __enter__(self):
        if self.connection.vendor == "postgresql":
            with self.connection.cursor() as cursor:
                cursor.execute(f"SET {MAINTENANCE_SETTING} = 'on'")
        else:
            self.connection.accord_audit_maintenance = True
        return self

    def __exit__(self, *exc):
        if self.connection.vendor == "postgresql":
            if self.connection.connection is not None:
                with self.connection.cursor() as cursor:
                    cursor.execute(f"RESET {MAINTENANCE_SETTING}")
        else:
            self.connection.accord_audit_maintenance = False
        return False


def install_guard(using: str = "default", **kwargs) -> None:
    connection = connections[using]
    if "core_auditevent" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_GUARD)
        elif connection.vendor == "sqlite":
            for statement in SQLITE_GUARD:
                cursor.execute(statement)
