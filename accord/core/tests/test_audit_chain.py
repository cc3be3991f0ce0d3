"""The audit trail is append-only and tamper-evident (21 CFR 11.10(e))."""

import itertools
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from accord.core import audit
from accord.core.audit_chain import GENESIS, compute_hash, maintenance, verify
from accord.core.models import AuditChainHead, AuditEvent, AuditTrailIsAppendOnly
from accord.portfolio import actions
from accord.portfolio.models import Company


def make_changes(world, n=3):
    for index in range(n):
        actions.company_update(
            actor=world.leader,
            company=world.partner_co_a,
            data={"description": f"Round {index}", "website": f"https://k{index}.example"},
        )


def test_every_record_is_chained_to_the_one_before(world):
    make_changes(world)
    rows = list(AuditEvent.objects.order_by("sequence"))
    assert [r.sequence for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.hash
    for row in rows:
        assert row.hash == compute_hash(row)
    head = AuditChainHead.objects.get(pk=1)
    assert (head.sequence, head.hash) == (rows[-1].sequence, rows[-1].hash)
    result = verify()
    assert result.ok and result.count == len(rows)


def test_verify_command_reports_an_intact_trail(world, capsys):
    make_changes(world)
    call_command("audit", "verify")
    out = capsys.readouterr().out
    head = AuditChainHead.objects.get(pk=1)
    assert out.strip() == (
        f"The audit trail is intact: {AuditEvent.objects.count()} records, "
        f"head {head.sequence}:{head.hash}"
    )
    call_command("audit", "verify", "--anchor", f"{head.sequence}:{head.hash}")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET new_value = 'forged'",
        "DELETE FROM core_auditevent",
    ],
)
def test_the_database_refuses_update_and_delete(world, statement):
    make_changes(world, 1)
    before = list(AuditEvent.objects.values_list("sequence", "new_value"))
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as c:
        c.execute(statement)
    assert "append-only" in str(error.value)
    assert list(AuditEvent.objects.values_list("sequence", "new_value")) == before


def test_the_orm_refuses_update_and_delete(world):
    make_changes(world, 1)
    event = AuditEvent.objects.order_by("sequence").first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(new_value="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.new_value = "forged"
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    assert verify().ok


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_truncate(world):
    make_changes(world, 1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("TRUNCATE core_auditevent CASCADE")
    assert AuditEvent.objects.exists()


def tamper(sql, params=()):
    """What someone with the database's keys could do after disabling the triggers."""
    with maintenance(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def expect_broken(*fragments):
    result = verify()
    assert not result.ok
    text = "\n".join(result.problems)
    for fragment in fragments:
        assert fragment in text, text
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("audit", "verify")
    return result


def test_a_changed_record_is_detected(world):
    make_changes(world)
    target = AuditEvent.objects.order_by("sequence")[2]
    tamper("UPDATE core_auditevent SET new_value = %s WHERE id = %s", ["forged", target.pk])
    expect_broken(f"#{target.sequence}: content does not match its hash (changed).")


def test_a_changed_record_with_a_recomputed_hash_breaks_the_next_link(world):
    make_changes(world)
    target = AuditEvent.objects.order_by("sequence")[2]
    target.reason = "backdated excuse"
    forged = compute_hash(target)
    tamper(
        "UPDATE core_auditevent SET reason = %s, hash = %s WHERE id = %s",
        [target.reason, forged, target.pk],
    )
    expect_broken(f"#{target.sequence + 1}: does not link to the record before it")


def test_a_deleted_record_is_detected(world):
    make_changes(world)
    target = AuditEvent.objects.order_by("sequence")[2]
    tamper("DELETE FROM core_auditevent WHERE id = %s", [target.pk])
    expect_broken(f"#{target.sequence}–#{target.sequence}: record(s) missing from the chain.")


def test_a_deleted_last_record_is_detected_by_the_head(world):
    make_changes(world)
    last = AuditEvent.objects.order_by("-sequence").first()
    tamper("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    expect_broken(f"The chain ends at #{last.sequence - 1} but its head records #{last.sequence}")


def test_an_inserted_record_is_detected(world):
    make_changes(world)
    rows = list(AuditEvent.objects.order_by("sequence"))
    template = rows[1]
    # Shift the later records up to make room, as a forger would, then slip one in.
    tamper("UPDATE core_auditevent SET sequence = sequence + 1000 WHERE sequence > 2")
    tamper("UPDATE core_auditevent SET sequence = sequence - 999 WHERE sequence > 1000")
    tamper(
        "INSERT INTO core_auditevent (change_id, at, actor_id, actor_label, action, "
        "content_type_id, object_id, object_repr, field, old_value, new_value, reason, "
        "alliance_id, program_id, sequence, prev_hash, hash) "
        "SELECT change_id, at, actor_id, actor_label, action, content_type_id, object_id, "
        "object_repr, 'website', '', 'https://evil.example', reason, alliance_id, program_id, "
        "3, prev_hash, hash FROM core_auditevent WHERE id = %s",
        [template.pk],
    )
    expect_broken("#3: does not link to the record before it", "#3: content does not match")


def test_an_anchor_detects_a_rewritten_chain(world):
    make_changes(world, 1)
    head = AuditChainHead.objects.get(pk=1)
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--anchor", f"{head.sequence}:{'f' * 64}")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    from accord.people.tests.factories import UserFactory
    from accord.portfolio.tests.factories import CompanyFactory

    companies = [CompanyFactory(name=f"Partner {i}") for i in range(6)]
    actor = UserFactory(email="writer@meridian.test")
    barrier = threading.Barrier(len(companies))
    errors = []

    def write(company):
        from django.db import connections

        try:
            barrier.wait()
            for round_ in range(5):
                actions.company_update(
                    actor=actor, company=company, data={"description": f"r{round_}"}
                )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(c,)) for c in companies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = verify()
    assert result.ok, result.problems
    updates = AuditEvent.objects.filter(action="update", content_type__model="company").count()
    assert updates == 30
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == list(
        range(1, result.count + 1)
    )


def test_records_written_outside_actions_join_the_chain_too(world):
    audit.record(
        actor=None,
        obj=world.partner_co_b,
        action="update",
        changes={"name": ("a", "b")},
    )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor_label="system",
                action="create",
                content_type=AuditEvent.objects.first().content_type,
                object_id="1",
                object_repr="x",
            )
        ]
    )
    assert verify().ok
    assert Company.objects.count() >= 3
