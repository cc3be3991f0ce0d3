"""Pages kept in the shared cache until anything changes (accord.core.freshness): My week, the
alliance overview's status, key dates, recent events and panels, program panels, and the
dashboard. What a person is served
after a change must be exactly what a fresh build shows them, whoever made the change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.conftest import login
from accord.contracts.models import Obligation
from accord.contracts.tests import factories as contracts
from accord.governance import actions as gov_actions
from accord.governance.models import ActionItem

pytestmark = pytest.mark.django_db

PERSONAS = ("leader", "manager_a", "firewalled", "partner_a", "executive")
# What differs between two requests of the same page: the masked CSRF token, the CSP nonce.
MASK = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+')


def _page(client, path) -> tuple[int, str]:
    response = client.get(path)
    return response.status_code, MASK.sub(r"\1X", response.content.decode())


def _changes(world):
    """Changes of each kind the pages show, by different people."""
    today = timezone.localdate()
    agreement = contracts.agreement(world.alliance_a, actor=world.leader, title="Kept agreement")
    yield (
        "an obligation due tomorrow",
        lambda: contracts.obligation(
            agreement, actor=world.leader, title="Kept obligation", due_on=today + dt.timedelta(1)
        ),
    )
    yield (
        "an obligation of the firewalled program",
        lambda: contracts.obligation(
            agreement,
            actor=world.leader,
            program=world.program_a2,
            title="Kept secret obligation",
            due_on=today + dt.timedelta(days=3),
        ),
    )
    yield (
        "an action for the firewalled employee",
        lambda: gov_actions.action_create(
            actor=world.manager_a,
            alliance=world.alliance_a,
            data={
                "title": "Kept action",
                "owner": world.firewalled,
                "due_on": today + dt.timedelta(days=2),
            },
        ),
    )
    yield (
        "a notice deadline next week",
        lambda: contracts.obligation(
            agreement,
            actor=world.manager_a,
            title="Kept notice",
            category="notification",
            due_on=today + dt.timedelta(days=6),
        ),
    )
    yield (
        "the action done",
        lambda: gov_actions.action_set_status(
            actor=world.firewalled,
            action=ActionItem.objects.get(title="Kept action"),
            status="done",
        ),
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_after_each_change_a_kept_page_is_what_a_fresh_build_shows(
    world, persona, django_capture_on_commit_callbacks
):
    client = login(getattr(world, persona))
    paths = (
        "/",
        f"/alliances/{world.alliance_a.pk}/",
        "/dashboard/",
        # Program pages keep their panels too; A2 is firewalled (404 to whoever is not cleared).
        world.program_a1.get_absolute_url(),
        world.program_a2.get_absolute_url(),
    )
    for path in paths:
        _page(client, path)  # kept
    for _what, change in _changes(world):
        with django_capture_on_commit_callbacks(execute=True):
            change()
        served = [_page(client, path) for path in paths]
        cache.clear()  # nothing kept: built afresh
        assert served == [_page(client, path) for path in paths], _what


def test_a_kept_overview_reads_none_of_the_other_apps(world):
    client = login(world.manager_a)
    path = f"/alliances/{world.alliance_a.pk}/"
    _page(client, path)  # the day's first look stores the value summaries (which moves it)
    first = _page(client, path)
    with CaptureQueriesContext(connection) as captured:
        assert _page(client, path) == first
    read = " ".join(query["sql"] for query in captured)
    for model in (Obligation, ActionItem):
        assert model._meta.db_table not in read


def test_storing_figures_moves_the_version(world):
    # The value summaries are stored by a job that writes no audit trail of its own: a page
    # kept with the figures they replace must be built afresh all the same.
    from accord.core import freshness
    from accord.value import summaries

    before = freshness.version()
    assert summaries.store([world.alliance_a.pk]) == 1
    assert freshness.version() != before
