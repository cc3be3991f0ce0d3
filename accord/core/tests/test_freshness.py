"""The portfolio's version (accord.core.freshness): every audited change moves it, at once and
again when it commits, and what is kept under it is served only for the same person, language
and question."""

from __future__ import annotations

import pytest
from django.utils import translation

from accord.core import audit, freshness
from accord.core.models import AuditEvent
from accord.portfolio.models import Alliance

pytestmark = pytest.mark.django_db


def test_an_audited_change_moves_the_version_at_once_and_again_when_it_commits(
    world, django_capture_on_commit_callbacks
):
    before = freshness.version()
    assert freshness.version() == before  # nothing changed: the same token
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        audit.record_update(
            actor=world.leader, obj=world.alliance_a, before={"name": "Old name"}, reason="test"
        )
        during = freshness.version()
        assert during != before  # the change's own transaction reads afresh
    assert len(callbacks) == 1  # one move when the change commits, whatever it wrote
    after = freshness.version()
    # A page built between the first move and the commit (without the change) is kept under
    # `during`, which is never current again.
    assert after not in (before, during)


def test_every_way_into_the_trail_moves_it(world):
    before = freshness.version()
    AuditEvent.objects.create(
        actor=world.leader,
        actor_label="x",
        action="update",
        content_type_id=audit.ContentType.objects.get_for_model(Alliance).pk,
        object_id=str(world.alliance_a.pk),
        object_repr="x",
    )
    assert freshness.version() != before


def test_a_lost_token_is_replaced_by_one_nothing_was_kept_under(world):
    from django.core.cache import cache

    calls = []
    freshness.kept("thing", world.leader, (), lambda: calls.append(1) or "first")
    cache.delete(freshness.VERSION_KEY)
    assert freshness.kept("thing", world.leader, (), lambda: calls.append(2) or "second") == (
        "second"
    )
    assert calls == [1, 2]


def test_what_is_kept_is_served_only_for_the_same_person_language_and_question(world):
    built = []

    def build(label):
        def inner():
            built.append(label)
            return label

        return inner

    assert freshness.kept("page", world.leader, (1,), build("a")) == "a"
    assert freshness.kept("page", world.leader, (1,), build("b")) == "a"  # kept
    assert freshness.kept("page", world.manager_a, (1,), build("c")) == "c"  # another person
    assert freshness.kept("page", world.leader, (2,), build("d")) == "d"  # another question
    assert freshness.kept("other", world.leader, (1,), build("e")) == "e"  # another page
    with translation.override("de"):
        assert freshness.kept("page", world.leader, (1,), build("f")) == "f"  # another language
    freshness.moved()
    assert freshness.kept("page", world.leader, (1,), build("g")) == "g"  # anything changed
    assert built == ["a", "c", "d", "e", "f", "g"]


def test_a_request_that_writes_nothing_reads_the_version_once_and_afresh_after_a_change(world):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accord.core.visibility import built_once_per_request

    before = freshness.version()
    with built_once_per_request(reads_only=True):
        with CaptureQueriesContext(connection) as reads:
            assert freshness.version() == before
            cache.set(freshness.VERSION_KEY, "moved by another process", None)
            assert freshness.version() == before  # read once: the page is built on one token
        # The database cache answers with a query: one read, however many parts ask.
        assert len(reads) <= 1
        freshness.moved()  # a change inside the request: its later parts read afresh
        after = freshness.version()
        assert after not in (before, "moved by another process")
    assert freshness.version() == after  # outside a request, the cache itself
