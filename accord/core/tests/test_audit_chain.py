"""The audit trail is append-only and tamper-evident (21 CFR 11.10(e))."""

import itertools
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models import Count

from accord.core import audit
from accord.core.audit_chain import (
    GENERAL,
    GENESIS,
    anchor,
    chain_for,
    compute_hash,
    maintenance,
    verify,
)
from accord.core.models import AuditAnchor, AuditChainHead, AuditEvent, AuditTrailIsAppendOnly
from accord.portfolio import actions
from accord.portfolio.models import Alliance, Company


def make_changes(world, n=3):
    """Records in the general chain (partner companies belong to no alliance)."""
    for index in range(n):
        actions.company_update(
            actor=world.leader,
            company=world.partner_co_a,
            data={"description": f"Round {index}", "website": f"https://k{index}.example"},
        )


def alliance_changes(world, alliance, n=3):
    for index in range(n):
        actions.alliance_update(
            actor=world.leader,
            alliance=Alliance.objects.get(pk=alliance.pk),
            data={"value_proposition": f"Round {index} of {alliance.name}"},
        )


def chain_rows(chain):
    return list(AuditEvent.objects.filter(chain=chain).order_by("sequence"))


def test_every_record_is_chained_to_the_one_before_in_its_own_chain(world):
    assert not AuditEvent.objects.exists()
    make_changes(world)
    alliance_changes(world, world.alliance_a)
    alliance_changes(world, world.alliance_b, 2)
    make_changes(world, 1)
    by_alliance = dict(
        AuditEvent.objects.values_list("alliance_id").annotate(n=Count("id")).order_by()
    )
    assert set(by_alliance) == {None, world.alliance_a.pk, world.alliance_b.pk}
    assert by_alliance[None] == 8
    chains = {chain_for(alliance_id): n for alliance_id, n in by_alliance.items()}
    assert (
        dict(AuditEvent.objects.values_list("chain").annotate(n=Count("id")).order_by()) == chains
    )
    for chain in chains:
        rows = chain_rows(chain)
        assert [r.sequence for r in rows] == list(range(1, len(rows) + 1))
        assert rows[0].prev_hash == GENESIS
        for before, after in itertools.pairwise(rows):
            assert after.prev_hash == before.hash
        for row in rows:
            assert row.hash == compute_hash(row)
            assert row.chain == chain_for(row.alliance_id)
        head = AuditChainHead.objects.get(chain=chain)
        assert (head.sequence, head.hash) == (rows[-1].sequence, rows[-1].hash)
    assert set(AuditChainHead.objects.values_list("chain", flat=True)) == set(chains)
    result = verify()
    assert result.ok, result.problems
    assert result.count == sum(chains.values())
    assert result.heads == {
        chain: (head.sequence, head.hash)
        for chain, head in ((h.chain, h) for h in AuditChainHead.objects.all())
    }


def test_the_chain_is_part_of_what_is_hashed(world):
    alliance_changes(world, world.alliance_a, 1)
    row = AuditEvent.objects.order_by("id").first()
    assert row.chain == f"alliance:{world.alliance_a.pk}"
    row.chain = GENERAL
    assert compute_hash(row) != row.hash


def test_verify_command_reports_an_intact_trail(world, capsys):
    make_changes(world)
    alliance_changes(world, world.alliance_a, 1)
    call_command("audit", "anchor")
    call_command("audit", "verify")
    out = capsys.readouterr().out.strip().splitlines()
    latest = AuditAnchor.objects.get()
    assert out == [
        f"Anchor 1:{latest.hash} seals 2 chain head(s).",
        f"The audit trail is intact: {AuditEvent.objects.count()} records in 2 chains, 1 anchors, "
        f"latest anchor 1:{latest.hash}",
    ]
    call_command("audit", "verify", "--anchor", f"1:{latest.hash}")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET new_value = 'forged'",
        "DELETE FROM core_auditevent",
        "UPDATE core_auditanchor SET heads = '[]'",
        "DELETE FROM core_auditanchor",
    ],
)
def test_the_database_refuses_update_and_delete(world, statement):
    make_changes(world, 1)
    anchor()
    before = list(AuditEvent.objects.values_list("sequence", "new_value"))
    anchors = list(AuditAnchor.objects.values_list("sequence", "heads", "hash"))
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as c:
        c.execute(statement)
    assert "append-only" in str(error.value)
    assert list(AuditEvent.objects.values_list("sequence", "new_value")) == before
    assert list(AuditAnchor.objects.values_list("sequence", "heads", "hash")) == anchors


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
@pytest.mark.parametrize("table", ["core_auditevent", "core_auditanchor"])
def test_postgresql_refuses_truncate(world, table):
    make_changes(world, 1)
    anchor()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEvent.objects.exists()
    assert AuditAnchor.objects.exists()


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


@pytest.fixture(params=["general", "alliance"])
def chains(request, world):
    """Three chains with records, the one under attack named by the parameter."""
    make_changes(world)
    alliance_changes(world, world.alliance_a, 4)
    alliance_changes(world, world.alliance_b, 2)
    if request.param == "general":
        return GENERAL
    return f"alliance:{world.alliance_a.pk}"


def test_a_changed_record_is_detected(chains):
    target = chain_rows(chains)[2]
    tamper("UPDATE core_auditevent SET new_value = %s WHERE id = %s", ["forged", target.pk])
    result = expect_broken(f"{chains} #3: content does not match its hash (changed).")
    assert result.problems == [f"{chains} #3: content does not match its hash (changed)."]


def test_a_changed_record_with_a_recomputed_hash_breaks_the_next_link(chains):
    target = chain_rows(chains)[1]
    target.reason = "backdated excuse"
    forged = compute_hash(target)
    tamper(
        "UPDATE core_auditevent SET reason = %s, hash = %s WHERE id = %s",
        [target.reason, forged, target.pk],
    )
    result = expect_broken(f"{chains} #3: does not link to the record before it")
    assert len(result.problems) == 1


def test_a_record_moved_to_another_chain_is_detected(chains, world):
    target = chain_rows(chains)[1]
    other = f"alliance:{world.alliance_b.pk}"
    end = AuditChainHead.objects.get(chain=other).sequence
    tamper(
        "UPDATE core_auditevent SET chain = %s, sequence = %s WHERE id = %s",
        [other, end + 1, target.pk],
    )
    expect_broken(
        f"{chains} #2–#2: record(s) missing from the chain.",
        f"{other} #{end + 1}: belongs to {chains}, not to this chain.",
        f"{other}: the chain ends at #{end + 1} but its head records #{end}",
    )


def test_a_deleted_record_is_detected(chains):
    target = chain_rows(chains)[1]
    tamper("DELETE FROM core_auditevent WHERE id = %s", [target.pk])
    expect_broken(
        f"{chains} #2–#2: record(s) missing from the chain.",
        f"{chains} #3: does not link to the record before it",
    )


def test_a_deleted_last_record_is_detected_by_the_head(chains):
    last = chain_rows(chains)[-1]
    tamper("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    result = expect_broken(
        f"{chains}: the chain ends at #{last.sequence - 1} but its head records #{last.sequence}"
    )
    assert len(result.problems) == 1


def test_a_whole_deleted_chain_is_detected_by_its_head(chains):
    tamper("DELETE FROM core_auditevent WHERE chain = %s", [chains])
    count = AuditChainHead.objects.get(chain=chains).sequence
    assert expect_broken().problems == [
        f"{chains}: its head records #{count} but the chain has no records (they were removed)."
    ]


def test_an_inserted_record_is_detected(chains):
    rows = chain_rows(chains)
    template = rows[1]
    # Shift the later records up to make room, as a forger would, then slip one in.
    tamper(
        "UPDATE core_auditevent SET sequence = sequence + 1000 WHERE chain = %s AND sequence > 2",
        [chains],
    )
    tamper(
        "UPDATE core_auditevent SET sequence = sequence - 999 WHERE chain = %s AND sequence > 1000",
        [chains],
    )
    tamper(
        "INSERT INTO core_auditevent (change_id, at, actor_id, actor_label, action, "
        "content_type_id, object_id, object_repr, field, old_value, new_value, reason, "
        "alliance_id, program_id, chain, sequence, prev_hash, hash) "
        "SELECT change_id, at, actor_id, actor_label, action, content_type_id, object_id, "
        "object_repr, 'website', '', 'https://evil.example', reason, alliance_id, program_id, "
        "chain, 3, prev_hash, hash FROM core_auditevent WHERE id = %s",
        [template.pk],
    )
    expect_broken(
        f"{chains} #3: does not link to the record before it",
        f"{chains} #3: content does not match",
        f"{chains}: the chain ends at #{len(rows) + 1} but its head records #{len(rows)}",
    )


def test_a_rewritten_chain_with_its_head_is_caught_by_the_anchor(chains):
    """Rewriting a whole chain consistently (every hash and the head recomputed) passes the
    chain's own checks: the anchor that sealed its old head does not."""
    sealed = anchor()
    rows = chain_rows(chains)
    previous = GENESIS
    for row in rows:
        if row.sequence == 2:
            row.new_value = "rewritten history"
        row.prev_hash = previous
        row.hash = compute_hash(row)
        previous = row.hash
        tamper(
            "UPDATE core_auditevent SET new_value = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [row.new_value, row.prev_hash, row.hash, row.pk],
        )
    AuditChainHead.objects.filter(chain=chains).update(hash=previous)
    result = expect_broken(
        f"{chains} #{len(rows)}: anchor #{sealed.sequence} recorded it with hash"
    )
    assert len(result.problems) == 1


def test_an_anchor_given_on_the_command_line_detects_a_rewritten_trail(world):
    make_changes(world, 1)
    sealed = anchor()
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--anchor", f"{sealed.sequence}:{'f' * 64}")
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--anchor", f"{sealed.sequence + 1}:{sealed.hash}")
    call_command("audit", "verify", "--anchor", f"{sealed.sequence}:{sealed.hash}")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_a_chain():
    from accord.people.tests.factories import UserFactory
    from accord.portfolio.tests.factories import AllianceFactory, CompanyFactory

    companies = [CompanyFactory(name=f"Partner {i}") for i in range(4)]
    alliances = [AllianceFactory() for _ in range(2)]
    actor = UserFactory(email="writer@meridian.test")
    # Three writers on the general chain, two on each alliance's: they meet on every chain.
    jobs = [("company", c) for c in companies[:3]] + [("alliance", a) for a in alliances * 2]
    barrier = threading.Barrier(len(jobs))
    errors = []

    def write(kind, target):
        from django.db import connections

        try:
            barrier.wait()
            for round_ in range(5):
                if kind == "company":
                    actions.company_update(
                        actor=actor, company=target, data={"description": f"r{round_}"}
                    )
                else:
                    actions.alliance_update(
                        actor=actor,
                        alliance=Alliance.objects.get(pk=target.pk),
                        data={"value_proposition": f"{threading.get_ident()} r{round_}"},
                    )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = verify()
    assert result.ok, result.problems
    updates = AuditEvent.objects.filter(action="update", content_type__model="company").count()
    assert updates == 15
    for alliance in alliances:
        chain = chain_for(alliance.pk)
        assert (
            AuditEvent.objects.filter(
                chain=chain, action="update", field="value_proposition"
            ).count()
            == 10
        )
    for chain, (head_sequence, _) in result.heads.items():
        assert list(
            AuditEvent.objects.filter(chain=chain)
            .order_by("sequence")
            .values_list("sequence", flat=True)
        ) == list(range(1, head_sequence + 1))


def test_records_written_outside_actions_join_their_chain_too(world):
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
                alliance_id=world.alliance_b.pk,
            )
        ]
    )
    assert list(AuditEvent.objects.order_by("id").values_list("chain", "sequence")) == [
        (GENERAL, 1),
        (f"alliance:{world.alliance_b.pk}", 1),
    ]
    assert verify().ok
    assert Company.objects.count() >= 3
