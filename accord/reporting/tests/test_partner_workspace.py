"""A partner's first page: what is coming up in the alliances they work on with us."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from accord.conftest import login
from accord.governance import actions as gov_actions
from accord.governance.tests.conftest import gov  # noqa: F401
from accord.portfolio import actions as portfolio_actions
from accord.portfolio.tests.factories import AllianceFactory

pytestmark = pytest.mark.django_db


def cards(html: str) -> list[str]:
    return re.findall(r'<section class="card workspace" id="([^"]+)"', html)


def test_a_partner_on_several_alliances_sees_first_what_asks_something_of_them(
    world,
    gov,  # noqa: F811
):
    """Alliances asking something of the partner (an action on their side) first, then by the
    next meeting; those with nothing coming up named together at the end, not a card each."""
    gov_actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Send the assay protocol",
            "owner": world.partner_a,
            "due_on": timezone.localdate() + dt.timedelta(days=3),
            "committee": gov.jsc_a,
        },
    )
    quiet = AllianceFactory(name="Quiet alliance", partners=[world.partner_a.company])
    portfolio_actions.member_add(
        actor=world.leader, alliance=quiet, user=world.partner_a, role="team_member"
    )
    html = login(world.partner_a).get("/").content.decode()
    assert cards(html) == [f"workspace-{world.alliance_a.pk}", "quiet"]
    assert "Send the assay protocol" in html
    quiet_card = html[html.index('id="quiet"') :]
    assert "Nothing coming up" in quiet_card and "Quiet alliance" in quiet_card
    # With one alliance, its card says what is (not) coming up, as before.
    single = login(world.partner_b).get("/").content.decode()
    assert cards(single) == [f"workspace-{world.alliance_b.pk}"]
    assert "No meeting scheduled." in single
