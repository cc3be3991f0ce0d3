"""Per-alliance audit chains sealed together by anchors; records from before the split keep
verifying as the legacy chain; a write on one alliance never waits for another's."""

import datetime as dt
import json
import sqlite3
import threading
import uuid
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from accord.core.audit_chain import (
    ANCHORS,
    GENERAL,
    GENESIS,
    LEGACY,
    anchor,
    anchor_hash,
    chain_for,
    compute_hash,
    maintenance,
    verify,
    verify_connection,
)
from accord.core.models import AuditAnchor, AuditChainHead, AuditEvent
from accord.core.tasks import anchor_audit_chains
from accord.portfolio import actions
from accord.portfolio.models import Alliance


def touch(world, alliance, text):
    actions.alliance_update(
        actor=world.leader,
        alliance=Alliance.objects.get(pk=alliance.pk),
        data={"value_proposition": text},
    )


def touch_general(world, text):
    actions.company_update(
        actor=world.leader, company=world.partner_co_a, data={"description": text}
    )


def heads_now():
    return sorted(
        [h.chain, h.sequence, h.hash] for h in AuditChainHead.objects.exclude(chain=ANCHORS)
    )


def test_an_anchor_seals_the_heads_that_moved_since_the_one_before(world):
    assert anchor() is None  # nothing recorded yet: nothing to seal
    touch(world, world.alliance_a, "one")
    touch_general(world, "one")
    first = anchor()
    assert (first.sequence, first.prev_hash) == (1, GENESIS)
    assert json.loads(first.heads) == heads_now()
    assert first.hash == anchor_hash(first)
    assert anchor() is None  # idempotent: no chain moved

    touch(world, world.alliance_b, "two")
    second = anchor()
    b_head = AuditChainHead.objects.get(chain=chain_for(world.alliance_b.pk))
    assert json.loads(second.heads) == [[b_head.chain, b_head.sequence, b_head.hash]]
    assert (second.sequence, second.prev_hash) == (2, first.hash)
    assert AuditChainHead.objects.get(chain=ANCHORS).hash == second.hash

    result = verify()
    assert result.ok, result.problems
    assert (result.anchors, result.latest_anchor) == (2, (2, second.hash))
    assert ANCHORS not in result.heads


def test_the_hourly_job_anchors(world, capsys):
    touch(world, world.alliance_a, "job")
    assert (
        anchor_audit_chains.call(slot=dt.datetime(2026, 12, 5, 9, 5, tzinfo=dt.UTC).isoformat())
        == 1
    )
    assert (
        anchor_audit_chains.call(slot=dt.datetime(2026, 12, 5, 10, 5, tzinfo=dt.UTC).isoformat())
        == 0
    )
    assert AuditAnchor.objects.count() == 1
    call_command("audit", "anchor")
    assert capsys.readouterr().out.strip() == (
        "No chain moved since the last anchor: nothing to seal."
    )


def tamper(sql, params=()):
    with maintenance(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def anchored(world):
    """Three anchors over three chains."""
    touch(world, world.alliance_a, "1")
    touch_general(world, "1")
    anchor()
    touch(world, world.alliance_b, "2")
    anchor()
    touch(world, world.alliance_a, "3")
    anchor()
    assert verify().ok
    return list(AuditAnchor.objects.order_by("sequence"))


def problems():
    result = verify()
    assert not result.ok
    return result.problems


def test_a_changed_anchor_is_detected(anchored):
    tamper(
        "UPDATE core_auditanchor SET heads = %s WHERE sequence = 2",
        [anchored[1].heads.replace('",', '",1', 1)],
    )
    assert "anchor #2: content does not match its hash (changed)." in problems()


def test_a_changed_anchor_with_a_recomputed_hash_breaks_the_next_link(anchored):
    forged = anchored[0]
    forged.at = forged.at - dt.timedelta(days=1)
    tamper(
        "UPDATE core_auditanchor SET at = %s, hash = %s WHERE sequence = 1",
        [forged.at, anchor_hash(forged)],
    )
    assert problems() == [
        "anchor #2: does not link to the anchor before it (an anchor was removed, inserted or "
        "changed before it)."
    ]


def test_a_deleted_anchor_is_detected(anchored):
    tamper("DELETE FROM core_auditanchor WHERE sequence = 2")
    assert problems()[:2] == [
        "anchor #2–#2: anchor(s) missing.",
        "anchor #3: does not link to the anchor before it (an anchor was removed, inserted or "
        "changed before it).",
    ]


def test_a_deleted_last_anchor_is_detected_by_the_anchors_head(anchored):
    tamper("DELETE FROM core_auditanchor WHERE sequence = 3")
    assert problems() == [
        "anchors: the anchors end at #2 but their head records #3: anchors were removed from "
        "the end or the head was altered."
    ]


def test_an_inserted_anchor_is_detected(anchored):
    tamper("UPDATE core_auditanchor SET sequence = sequence + 1 WHERE sequence = 3")
    tamper(
        "INSERT INTO core_auditanchor (sequence, at, heads, prev_hash, hash) "
        "SELECT 3, at, '[]', prev_hash, hash FROM core_auditanchor WHERE sequence = 2"
    )
    # The forger copied anchor #2's hash, so the shifted #4 still links: the copy does not.
    assert problems() == [
        "anchor #3: does not link to the anchor before it (an anchor was removed, inserted or "
        "changed before it).",
        "anchor #3: content does not match its hash (changed).",
        "anchor #4: content does not match its hash (changed).",  # its number is hashed
        "anchors: the anchors end at #4 but their head records #3: anchors were removed from "
        "the end or the head was altered.",
    ]


def test_an_anchor_naming_a_record_no_longer_in_the_trail_is_detected(anchored, world):
    """Cutting a chain back to before an anchored head, head and all, is caught by the anchor."""
    chain = chain_for(world.alliance_a.pk)
    head = AuditChainHead.objects.get(chain=chain)
    last = AuditEvent.objects.get(chain=chain, sequence=head.sequence)
    tamper("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    AuditChainHead.objects.filter(pk=head.pk).update(
        sequence=last.sequence - 1, hash=last.prev_hash
    )
    assert problems() == [
        f"anchor #3: records {chain} #{last.sequence}, which is no longer in the trail "
        "(records were removed)."
    ]


@pytest.mark.django_db(transaction=True)
def test_the_anchors_are_part_of_a_restored_backups_check(anchored, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("reads the SQLite test database file directly")
    with sqlite3.connect(connection.settings_dict["NAME"]) as conn:
        intact = verify_connection(conn, "sqlite")
    assert intact.ok and intact.anchors == 3
    assert (intact.head_sequence, intact.head_hash) == (verify().head_sequence, verify().head_hash)


# --- Records from before the split ------------------------------------------------------------

LEGACY_ROW = {
    "sequence": 1,
    "change_id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "at": dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC),
    "actor_id": None,
    "actor_label": "system",
    "action": "update",
    "object_id": "7",
    "object_repr": "Kestrel Bio",
    "field": "description",
    "old_value": "",
    "new_value": "Legacy",
    "reason": "",
    "alliance_id": 3,
    "program_id": None,
    "prev_hash": GENESIS,
}
# The hash Accord computed for this record before the chains were split (commit e15565a):
# the legacy chain must keep hashing exactly the same bytes.
LEGACY_HASH = "fb4f533c65611a8f9518eb801d2e904d0be7c3fcffad3e84175d68f964242682"


def legacy_rows(n):
    rows, previous = [], GENESIS
    for sequence in range(1, n + 1):
        row = SimpleNamespace(**{**LEGACY_ROW, "sequence": sequence, "prev_hash": previous})
        row.hash = compute_hash(row, content_type_label="portfolio.company")
        previous = row.hash
        rows.append(row)
    return rows


def test_legacy_records_hash_the_same_bytes_as_before_the_split():
    assert legacy_rows(1)[0].hash == LEGACY_HASH


def test_a_database_from_before_the_split_verifies_as_one_chain(tmp_path):
    """An old backup restored as it was (not migrated yet): its single chain and head."""
    conn = sqlite3.connect(tmp_path / "old.sqlite3")
    conn.executescript(
        "CREATE TABLE django_content_type (id integer primary key, app_label text, model text);"
        "INSERT INTO django_content_type VALUES (5, 'portfolio', 'company');"
        "CREATE TABLE core_auditchainhead (id integer primary key, sequence bigint, hash text);"
        "CREATE TABLE core_auditevent (id integer primary key, sequence bigint unique, "
        "change_id char(32), at datetime, actor_id integer, actor_label text, action text, "
        "content_type_id integer, object_id text, object_repr text, field text, "
        "old_value text, new_value text, reason text, alliance_id bigint, program_id bigint, "
        "prev_hash text, hash text);"
    )
    rows = legacy_rows(3)
    for row in rows:
        conn.execute(
            "INSERT INTO core_auditevent (sequence, change_id, at, actor_id, actor_label, "
            "action, content_type_id, object_id, object_repr, field, old_value, new_value, "
            "reason, alliance_id, program_id, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, 5, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                row.sequence,
                row.change_id.hex,
                row.at.replace(tzinfo=None).isoformat(" "),
                row.actor_id,
                row.actor_label,
                row.action,
                row.object_id,
                row.object_repr,
                row.field,
                row.old_value,
                row.new_value,
                row.reason,
                row.alliance_id,
                row.program_id,
                row.prev_hash,
                row.hash,
            ],
        )
    conn.execute("INSERT INTO core_auditchainhead VALUES (1, 3, ?)", [rows[-1].hash])
    conn.commit()
    result = verify_connection(conn, "sqlite")
    assert result.ok, result.problems
    # What a backup manifest of that time recorded: the single chain's head.
    assert (result.count, result.head_sequence, result.head_hash) == (3, 3, rows[-1].hash)
    conn.execute("UPDATE core_auditevent SET new_value = 'forged' WHERE sequence = 2")
    assert verify_connection(conn, "sqlite").problems == [
        "legacy #2: content does not match its hash (changed)."
    ]
    conn.close()


@pytest.mark.slow  # migrates a database back and forth: a minute
@pytest.mark.django_db(transaction=True)
def test_records_written_before_the_migration_become_the_legacy_chain():
    from django.contrib.contenttypes.models import ContentType

    from accord.portfolio.models import Company

    label = ContentType.objects.get_for_model(Company)
    rows = legacy_rows(3)
    call_command("migrate", "core", "0008_scheduled_run_outcome", verbosity=0)
    try:
        with connection.cursor() as cursor:
            for row in rows:
                cursor.execute(
                    "INSERT INTO core_auditevent (sequence, change_id, at, actor_id, "
                    "actor_label, action, content_type_id, object_id, object_repr, field, "
                    "old_value, new_value, reason, alliance_id, program_id, prev_hash, hash) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    [
                        row.sequence,
                        row.change_id.hex if connection.vendor == "sqlite" else row.change_id,
                        row.at,
                        row.actor_id,
                        row.actor_label,
                        row.action,
                        label.pk,
                        row.object_id,
                        row.object_repr,
                        row.field,
                        row.old_value,
                        row.new_value,
                        row.reason,
                        row.alliance_id,
                        row.program_id,
                        row.prev_hash,
                        row.hash,
                    ],
                )
            cursor.execute("DELETE FROM core_auditchainhead")
            if connection.vendor == "postgresql":
                # As in a deployment: its one head was inserted as id 1, its id sequence unused.
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('core_auditchainhead', 'id'), 1, false)"
                )
            cursor.execute(
                "INSERT INTO core_auditchainhead (id, sequence, hash) VALUES (1, 3, %s)",
                [rows[-1].hash],
            )
    finally:
        # Every app: migrations of other apps that depend on core's later ones went back too.
        call_command("migrate", verbosity=0)
    assert list(AuditEvent.objects.order_by("id").values_list("chain", "sequence", "hash")) == [
        (LEGACY, row.sequence, row.hash) for row in rows
    ]
    assert list(AuditChainHead.objects.values_list("chain", "sequence", "hash")) == [
        (LEGACY, 3, rows[-1].hash)
    ]
    result = verify()
    assert result.ok, result.problems
    assert result.heads == {LEGACY: (3, rows[-1].hash)}
    # New records start chains of their own; the first anchor seals the legacy head too.
    AuditEvent.objects.create(
        actor_label="system",
        action="create",
        content_type=label,
        object_id="1",
        object_repr="x",
    )
    assert AuditEvent.objects.get(chain=GENERAL).sequence == 1
    sealed = anchor()
    assert [h[:2] for h in json.loads(sealed.heads)] == [[GENERAL, 1], [LEGACY, 3]]
    assert verify().ok
    call_command("audit", "verify", "--anchor", f"3:{rows[-1].hash}")  # a head printed before


# --- Contention -------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers")
@pytest.mark.django_db(transaction=True)
def test_a_write_on_alliance_b_proceeds_while_alliance_a_is_held(world):
    """A long transaction holding alliance A's chain (a tracker import, say) does not hold up a
    write on alliance B, nor the anchor job; A's then completes and every chain verifies."""
    from accord.portfolio.models import TieringPolicy

    TieringPolicy.load()  # a deployment has its policy: the first write would create it
    holding, release = threading.Event(), threading.Event()
    outcome = {}

    def long_import_on_a():
        try:
            with transaction.atomic():
                touch(world, world.alliance_a, "import, row 1")
                holding.set()
                outcome["released"] = release.wait(timeout=30)
                touch(world, world.alliance_a, "import, row 2")
            outcome["a"] = "committed"
        except Exception as error:  # reported by the assertions below
            outcome["a"] = repr(error)
        finally:
            connections.close_all()

    a = threading.Thread(target=long_import_on_a)
    a.start()
    try:
        assert holding.wait(timeout=30)
        chain_a, chain_b = chain_for(world.alliance_a.pk), chain_for(world.alliance_b.pk)
        with connection.cursor() as cursor:
            # Blocked behind A, this write would fail after 3 s instead of waiting.
            cursor.execute("SET lock_timeout = '3s'")
        touch(world, world.alliance_b, "meanwhile on B")
        assert a.is_alive() and "a" not in outcome  # A's transaction is still open
        assert AuditEvent.objects.filter(chain=chain_b, new_value="meanwhile on B").count() == 1
        assert not AuditEvent.objects.filter(chain=chain_a).exists()  # A's not committed yet
        sealed = anchor()  # the anchor job does not wait for A either
        assert [h[0] for h in json.loads(sealed.heads)] == [chain_b]
    finally:
        release.set()
        a.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert outcome == {"released": True, "a": "committed"}
    assert AuditEvent.objects.filter(chain=chain_a, field="value_proposition").count() == 2
    assert [h[0] for h in json.loads(anchor().heads)] == [chain_a]
    result = verify()
    assert result.ok, result.problems
    assert {chain_a, chain_b} <= set(result.heads)
