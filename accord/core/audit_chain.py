"""The audit trail's hash chains: append-only, tamper-evident (21 CFR 11.10(e)).

Each alliance has a chain of its own, records about no alliance share the "general" chain, and
everything recorded before the chains were split stays, untouched, in the "legacy" chain. Each
record holds its place in its chain, the hash of the record before it and a SHA-256 over its own
content and that previous hash. Appends to one chain are serialised by a row lock on that chain's
head, so a long transaction on alliance A (a 2,000-row tracker import) never holds up a write on
alliance B, and concurrent transactions can never fork a chain. (On SQLite, Accord's IMMEDIATE
transactions serialise all writers anyway.)

A periodic anchor (`accord audit anchor`, hourly job) seals the chains together: it hashes the
heads that moved since the anchor before, chained to that anchor's hash, so one value kept
outside Accord (the latest anchor) vouches for every chain. `verify()` recomputes everything: a
changed record breaks its own hash, a removed or inserted one breaks its chain's sequence or the
next record's link, a removed tail no longer matches the chain's head, and a rewritten chain no
longer passes through the heads its anchors recorded.

A transaction writing to several chains locks them in name order within one append; two
transactions appending to the same two chains in opposite orders across separate appends can
deadlock, and PostgreSQL then rolls one of them back (it never forks a chain).

UPDATE and DELETE on the trail and the anchors are refused by database triggers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, models, router, transaction

GENESIS = "0" * 64
LEGACY = "legacy"
GENERAL = "general"
# Not a chain of records: the head of the anchors' own chain, kept with the chains' heads.
ANCHORS = "anchors"


def chain_for(alliance_id) -> str:
    """The chain a record joins: its alliance's, or the general one."""
    return GENERAL if alliance_id is None else f"alliance:{alliance_id}"


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
    chain = getattr(row, "chain", LEGACY) or LEGACY
    if chain != LEGACY:
        # Legacy records keep the bytes they were hashed with; newer ones also bind their chain.
        payload.append(chain)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(row, **kwargs) -> str:
    return hashlib.sha256(canonical(row, **kwargs)).hexdigest()


def _lock_head(using: str, chain: str):
    from .models import AuditChainHead

    heads = AuditChainHead.objects.using(using)
    head = heads.select_for_update().filter(chain=chain).first()
    if head is None:
        # A chain's first record: create its head; a concurrent first writer waits on the
        # insert, then both lock the same row.
        heads.bulk_create([AuditChainHead(chain=chain)], ignore_conflicts=True)
        head = heads.select_for_update().get(chain=chain)
    return head


def append(rows: list, **bulk_kwargs) -> list:
    """Give the rows their place in their chains and insert them; returns the saved rows."""
    from .models import AuditChainHead, AuditEvent

    if not rows:
        return rows
    using = router.db_for_write(AuditEvent)
    by_chain = defaultdict(list)
    for row in rows:
        row.chain = chain_for(row.alliance_id)
        by_chain[row.chain].append(row)
    with transaction.atomic(using=using):
        moved = []
        # Always in the same order, so two writers needing the same chains cannot deadlock here.
        for chain in sorted(by_chain):
            head = _lock_head(using, chain)
            sequence, previous = head.sequence, head.hash or GENESIS
            for row in by_chain[chain]:
                sequence += 1
                row.sequence = sequence
                row.prev_hash = previous
                row.hash = compute_hash(row)
                previous = row.hash
            moved.append((head.pk, sequence, previous))
        saved = models.QuerySet(AuditEvent, using=using).bulk_create(rows, **bulk_kwargs)
        for pk, sequence, previous in moved:
            AuditChainHead.objects.using(using).filter(pk=pk).update(
                sequence=sequence, hash=previous
            )
    return saved


# --- Anchors ----------------------------------------------------------------------------------


def anchor_canonical(anchor) -> bytes:
    at = anchor.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    payload = [anchor.sequence, at, anchor.heads, anchor.prev_hash]
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def anchor_hash(anchor) -> str:
    return hashlib.sha256(anchor_canonical(anchor)).hexdigest()


def _parse_heads(text: str) -> list:
    try:
        heads = json.loads(text)
        return [(str(chain), int(sequence), str(value)) for chain, sequence, value in heads]
    except (TypeError, ValueError):
        return []


def anchor(using: str = "default"):
    """Seal the chains whose heads moved since the last anchor; None if none moved.

    Reads the heads without locking them: a writer holding a chain is never waited for, and
    the head it has not committed yet goes into the next anchor.
    """
    from .models import AuditAnchor, AuditChainHead

    with transaction.atomic(using=using):
        # The anchors' own head: serialises anchor runs (two schedulers) and records the last
        # anchor, so that removing anchors from the end shows.
        head = _lock_head(using, ANCHORS)
        anchors = AuditAnchor.objects.using(using)
        anchored = {}
        for text in anchors.order_by("sequence").values_list("heads", flat=True).iterator():
            for chain, sequence, _ in _parse_heads(text):
                anchored[chain] = sequence
        moved = sorted(
            [chain_head.chain, chain_head.sequence, chain_head.hash]
            for chain_head in AuditChainHead.objects.using(using)
            .filter(sequence__gt=0)
            .exclude(chain=ANCHORS)
            if anchored.get(chain_head.chain) != chain_head.sequence
        )
        if not moved:
            return None
        row = AuditAnchor(
            sequence=head.sequence + 1,
            heads=json.dumps(moved, separators=(",", ":")),
            prev_hash=head.hash or GENESIS,
        )
        row.hash = anchor_hash(row)
        row.save(using=using, force_insert=True)
        AuditChainHead.objects.using(using).filter(pk=head.pk).update(
            sequence=row.sequence, hash=row.hash
        )
    return row


# --- Verification -----------------------------------------------------------------------------


@dataclass
class Verification:
    count: int = 0
    heads: dict = field(default_factory=dict)  # chain -> (sequence, hash), as verified
    anchors: int = 0
    latest_anchor: tuple = (0, "")
    # What a backup manifest records: the sum of the chains' heads and a digest of them all
    # (for a trail from before the chains were split, its single head).
    head_sequence: int = 0
    head_hash: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def chains(self) -> int:
        return len(self.heads)


def heads_digest(heads: dict) -> str:
    if not heads:
        return ""
    listed = sorted([chain, sequence, value] for chain, (sequence, value) in heads.items())
    return hashlib.sha256(json.dumps(listed, separators=(",", ":")).encode()).hexdigest()


def verify(using: str = "default", *, limit_problems: int = 50) -> Verification:
    """Recompute every chain and every anchor; each break is reported with the record it is at."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditAnchor, AuditChainHead, AuditEvent

    connection = connections[using]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # One snapshot for the heads, the anchors and the records: writers commit while the
        # trail is read, and a record newer than its head would look like a forged tail.
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return verify(using, limit_problems=limit_problems)
    labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.using(using).all()}
    rows = (
        models.QuerySet(AuditEvent, using=using)
        .order_by("chain", "sequence")
        .iterator(chunk_size=2000)
    )
    heads = {
        head.chain: (head.sequence, head.hash) for head in AuditChainHead.objects.using(using).all()
    }
    anchors = AuditAnchor.objects.using(using).order_by("sequence")
    return verify_rows(rows, labels, heads, anchors, limit_problems=limit_problems)


class _TooMany(Exception):
    pass


def verify_rows(rows, labels: dict, heads: dict, anchors=(), *, limit_problems: int = 50):
    """The check itself, over any rows carrying the AuditEvent attributes in (chain, sequence)
    order and anchors carrying AuditAnchor's (the ORM's, or a restored database read without
    Django: accord.core.backup). `heads` maps each chain to its head's (sequence, hash)."""
    result = Verification()

    def problem(text):
        result.problems.append(text)
        if len(result.problems) >= limit_problems:
            result.problems.append("… stopped after too many problems.")
            raise _TooMany

    heads = dict(heads)
    anchors_head = heads.pop(ANCHORS, (0, ""))
    try:
        expected_marks = _verify_anchors(anchors, result, problem)
        if result.latest_anchor != anchors_head and (result.anchors or anchors_head[0]):
            problem(
                f"anchors: the anchors end at #{result.latest_anchor[0]} but their head records "
                f"#{anchors_head[0]}: anchors were removed from the end or the head was altered."
            )
        _verify_chains(rows, labels, heads, expected_marks, result, problem)
    except _TooMany:
        return result
    for (chain, sequence), marks in sorted(expected_marks.items()):
        for anchor_sequence, _ in marks:
            problem(
                f"anchor #{anchor_sequence}: records {chain} #{sequence}, which is no longer "
                "in the trail (records were removed)."
            )
    result.head_sequence = sum(sequence for sequence, _ in result.heads.values())
    result.head_hash = heads_digest(result.heads)
    return result


def _verify_anchors(anchors, result, problem) -> dict:
    """Check the anchors' own chain; returns (chain, sequence) -> [(anchor, recorded hash)]."""
    marks = defaultdict(list)
    expected, previous = 1, GENESIS
    last_seen = {}
    for anchor_row in anchors:
        result.anchors += 1
        number = anchor_row.sequence
        if number > expected:
            problem(f"anchor #{expected}–#{number - 1}: anchor(s) missing.")
        elif number < expected:
            problem(f"anchor #{number}: sequence out of order.")
        if anchor_row.prev_hash != previous:
            problem(
                f"anchor #{number}: does not link to the anchor before it "
                "(an anchor was removed, inserted or changed before it)."
            )
        if anchor_hash(anchor_row) != anchor_row.hash:
            problem(f"anchor #{number}: content does not match its hash (changed).")
        for chain, sequence, value in _parse_heads(anchor_row.heads):
            if sequence <= last_seen.get(chain, 0):
                problem(f"anchor #{number}: {chain} went back to #{sequence}.")
            last_seen[chain] = sequence
            marks[(chain, sequence)].append((number, value))
        previous = anchor_row.hash
        expected = number + 1
        result.latest_anchor = (number, anchor_row.hash)
    return marks


def _verify_chains(rows, labels, heads, marks, result, problem) -> None:
    chain, expected, previous = None, 1, GENESIS

    def close(chain, last_sequence, last_hash):
        head = heads.get(chain)
        if head is None:
            problem(f"{chain}: has records but no head (the head was removed).")
        elif head != (last_sequence, last_hash):
            problem(
                f"{chain}: the chain ends at #{last_sequence} but its head records "
                f"#{head[0]}: records were removed from the end or the head was altered."
            )
        result.heads[chain] = (last_sequence, last_hash)

    for row in rows:
        if row.chain != chain:
            if chain is not None:
                close(chain, expected - 1, previous)
            chain, expected, previous = row.chain, 1, GENESIS
        result.count += 1
        place = f"{chain} #{row.sequence}"
        if row.sequence != expected:
            if row.sequence > expected:
                problem(
                    f"{chain} #{expected}–#{row.sequence - 1}: record(s) missing from the chain."
                )
            else:
                problem(f"{place}: sequence out of order.")
        if chain != LEGACY and chain != chain_for(row.alliance_id):
            problem(f"{place}: belongs to {chain_for(row.alliance_id)}, not to this chain.")
        if row.prev_hash != previous:
            problem(
                f"{place}: does not link to the record before it "
                "(a record was removed, inserted or changed before it)."
            )
        label = labels.get(row.content_type_id, f"?{row.content_type_id}")
        if compute_hash(row, content_type_label=label) != row.hash:
            problem(f"{place}: content does not match its hash (changed).")
        for anchor_sequence, value in marks.pop((chain, row.sequence), ()):
            if value != row.hash:
                problem(
                    f"{place}: anchor #{anchor_sequence} recorded it with hash {value[:12]}…, "
                    f"it now has {row.hash[:12]}… (the chain was rewritten)."
                )
        previous = row.hash
        expected = row.sequence + 1
    if chain is not None:
        close(chain, expected - 1, previous)
    for name, (sequence, _) in sorted(heads.items()):
        if name not in result.heads:
            if sequence:
                problem(
                    f"{name}: its head records #{sequence} but the chain has no records "
                    "(they were removed)."
                )
            result.heads[name] = (0, "")
    result.heads = {name: head for name, head in result.heads.items() if head[0]}


# --- A restored database, read with the plain driver (accord.core.backup) ----------------------


@dataclass
class RawRow:
    sequence: int
    change_id: object
    at: dt.datetime
    actor_id: object
    actor_label: str
    action: str
    content_type_id: int
    object_id: str
    object_repr: str
    field: str
    old_value: str
    new_value: str
    reason: str
    alliance_id: object
    program_id: object
    prev_hash: str
    hash: str
    chain: str = LEGACY


@dataclass
class RawAnchor:
    sequence: int
    at: dt.datetime
    heads: str
    prev_hash: str
    hash: str


COLUMNS = (
    "sequence, change_id, at, actor_id, actor_label, action, content_type_id, object_id, "
    "object_repr, field, old_value, new_value, reason, alliance_id, program_id, prev_hash, hash"
)


def _utc(value) -> dt.datetime:
    if isinstance(value, str):  # SQLite keeps UTC datetimes as text
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def _raw_row(values) -> RawRow:
    row = RawRow(*values)
    row.change_id = uuid.UUID(str(row.change_id))
    row.at = _utc(row.at)
    return row


def _raw_columns(conn, vendor: str, table: str) -> set[str]:
    cursor = conn.cursor()
    if vendor == "sqlite":
        cursor.execute(f"PRAGMA table_info({table})")
        return {row[1] for row in cursor.fetchall()}
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s",
        [table],
    )
    return {row[0] for row in cursor.fetchall()}


def verify_connection(conn, vendor: str) -> Verification:
    """`verify()` over a DB-API connection. A database from before the chains were split (an
    old backup, not migrated yet) is checked as the single chain it was, with its one head."""
    cursor = conn.cursor()
    cursor.execute("SELECT id, app_label, model FROM django_content_type")
    labels = {pk: f"{app}.{model}" for pk, app, model in cursor.fetchall()}
    rows = conn.cursor()
    if "chain" not in _raw_columns(conn, vendor, "core_auditevent"):
        cursor.execute("SELECT sequence, hash FROM core_auditchainhead WHERE id = 1")
        head = cursor.fetchone()
        rows.execute(f"SELECT {COLUMNS} FROM core_auditevent ORDER BY sequence")  # noqa: S608 - constant
        result = verify_rows(
            (_raw_row(values) for values in rows), labels, {LEGACY: tuple(head)} if head else {}
        )
        result.head_sequence, result.head_hash = tuple(head) if head else (0, "")
        return result
    cursor.execute("SELECT chain, sequence, hash FROM core_auditchainhead")
    heads = {chain: (sequence, value) for chain, sequence, value in cursor.fetchall()}
    cursor.execute(
        "SELECT sequence, at, heads, prev_hash, hash FROM core_auditanchor ORDER BY sequence"
    )
    anchors = [RawAnchor(*values) for values in cursor.fetchall()]
    for anchor_row in anchors:
        anchor_row.at = _utc(anchor_row.at)
    rows.execute(f"SELECT {COLUMNS}, chain FROM core_auditevent ORDER BY chain, sequence")  # noqa: S608 - constant
    return verify_rows((_raw_row(values) for values in rows), labels, heads, anchors)


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
        MESSAGE = 'The audit trail is append-only: ' || TG_OP || ' on ' || TG_TABLE_NAME || ' is refused.',
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
# The anchors are guarded the same way (installed by a later migration than the trail's).
POSTGRES_ANCHOR_GUARD = """
DROP TRIGGER IF EXISTS accord_audit_no_update_delete ON core_auditanchor;
CREATE TRIGGER accord_audit_no_update_delete BEFORE UPDATE OR DELETE ON core_auditanchor
    FOR EACH ROW EXECUTE FUNCTION accord_audit_append_only();
DROP TRIGGER IF EXISTS accord_audit_no_truncate ON core_auditanchor;
CREATE TRIGGER accord_audit_no_truncate BEFORE TRUNCATE ON core_auditanchor
    FOR EACH STATEMENT EXECUTE FUNCTION accord_audit_append_only();
"""
POSTGRES_ANCHOR_UNGUARD = """
DROP TRIGGER IF EXISTS accord_audit_no_update_delete ON core_auditanchor;
DROP TRIGGER IF EXISTS accord_audit_no_truncate ON core_auditanchor;
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
SQLITE_ANCHOR_GUARD = [
    """CREATE TRIGGER IF NOT EXISTS accord_audit_anchor_no_update BEFORE UPDATE ON core_auditanchor
    WHEN accord_audit_maintenance() = 0
    BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: UPDATE on core_auditanchor is refused.'); END""",
    """CREATE TRIGGER IF NOT EXISTS accord_audit_anchor_no_delete BEFORE DELETE ON core_auditanchor
    WHEN accord_audit_maintenance() = 0
    BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: DELETE on core_auditanchor is refused.'); END""",
]
SQLITE_ANCHOR_UNGUARD = [
    "DROP TRIGGER IF EXISTS accord_audit_anchor_no_update",
    "DROP TRIGGER IF EXISTS accord_audit_anchor_no_delete",
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
    tables = connection.introspection.table_names()
    if "core_auditevent" not in tables:
        return
    anchors = "core_auditanchor" in tables
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_GUARD)
            if anchors:
                cursor.execute(POSTGRES_ANCHOR_GUARD)
        elif connection.vendor == "sqlite":
            for statement in SQLITE_GUARD + (SQLITE_ANCHOR_GUARD if anchors else []):
                cursor.execute(statement)
