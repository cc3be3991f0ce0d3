"""Figures people can trust: every count on the dashboard equals the length of the list its link
opens, for every persona; and the overdue figures agree between the dashboard, the obligations
list and the governance tab (a charter cadence is fulfilled only by the meetings held)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accord.conftest import login
from accord.contracts.models import Obligation
from accord.governance import actions as governance
from accord.governance.models import CommitteeKind, CommitteeRole

# Every persona who may open the dashboard; partners and the outsider are refused (403).
INTERNAL = ("admin", "leader", "manager_a", "manager_b", "executive", "contributor", "firewalled")
REFUSED = ("partner_a", "partner_b", "outsider")


def _escaped(url: str) -> str:
    return f'href="{url.replace("&", "&amp;")}"'


def _list_total(client, figure) -> int:
    """How many rows the list behind a figure holds, as that list's page counts them."""
    response = client.get(figure.url)
    assert response.status_code == 200, (figure.key, figure.url)
    if figure.key == "managers_overloaded":
        return sum(1 for load in response.context["loads"] if load.status == "over")
    return response.context["total"]


def cadence_body(world, alliance, manager, partner, *, held_last_year: int):
    """A JSC that meets twice a year, established last January, with `held_last_year`
    meetings recorded: fewer than two leaves last year missed and its cadence overdue."""
    today = timezone.localdate()
    body = governance.committee_create(
        actor=world.leader,
        alliance=alliance,
        data={
            "name": f"JSC {alliance.name}",
            "kind": CommitteeKind.JSC,
            "meetings_per_year": 2,
            "established_on": dt.date(today.year - 1, 1, 1),
        },
    )
    for user in (manager, partner):
        governance.committee_member_add(
            actor=world.leader,
            committee=body,
            user=user,
            role=CommitteeRole.CO_CHAIR,
            start_date=dt.date(today.year - 1, 1, 1),
        )
    for month in (3, 9)[:held_last_year]:
        meeting = governance.meeting_schedule(
            actor=manager,
            committee=body,
            data={
                "starts_at": timezone.make_aware(dt.datetime(today.year - 1, month, 10, 10)),
                "modality": "virtual",
            },
        )
        governance.meeting_mark_held(actor=manager, meeting=meeting, attended=[])
    return body


@pytest.fixture
def cadences(world, portfolio):
    """Alliance A's JSC missed last year (one meeting of two); alliance B's met it."""
    missed = cadence_body(
        world, world.alliance_a, world.manager_a, world.partner_a, held_last_year=1
    )
    met = cadence_body(world, world.alliance_b, world.manager_b, world.partner_b, held_last_year=2)
    return missed, met


class TestEveryDashboardFigure:
    @pytest.mark.slow  # every figure's list for every persona: about ten seconds
    def test_every_linked_figure_equals_its_list_for_every_persona(self, world, cadences):
        for persona in INTERNAL:
            client = login(getattr(world, persona))
            response = client.get("/dashboard/")
            assert response.status_code == 200, persona
            board = response.context["board"]
            page = response.content.decode()
            counted = [
                *board.by_tier,
                *board.by_type,
                *board.by_stage,
                *board.by_area,
                *board.attention,
            ]
            assert len(board.attention) == 7
            for figure in counted:
                assert _escaped(figure.url) in page, (persona, figure.key)
                assert _list_total(client, figure) == figure.value, (persona, figure.key)
        for persona in REFUSED:
            assert login(getattr(world, persona)).get("/dashboard/").status_code == 403

    def test_the_overdue_figures_agree_with_the_obligations_list_and_the_governance_tab(
        self, world, cadences
    ):
        missed, met = cadences
        last_year = timezone.localdate().year - 1
        missed_duty = Obligation.objects.get(source=f"governance.committee:{missed.pk}")
        met_duty = Obligation.objects.get(source=f"governance.committee:{met.pk}")
        # The reason each is (or is not) overdue: the meetings held last year.
        assert missed_duty.status_at() == "overdue"
        assert missed_duty.due_date == dt.date(last_year, 12, 31)
        assert met_duty.status_at() != "overdue"
        for persona in INTERNAL:
            user = getattr(world, persona)
            client = login(user)
            figure = client.get("/dashboard/").context["board"].figure("obligations_overdue")
            listed = client.get("/contracts/obligations/?status=overdue").context
            listed_ids = {o.pk for o in listed["page"].object_list}
            assert listed["total"] == figure.value == len(listed_ids), persona
            cadence_overdue = {
                o.alliance_id
                for o in Obligation.objects.filter(
                    pk__in=listed_ids, source__startswith="governance.committee:"
                )
            }
            # Each alliance's governance tab shows a missed year exactly where the register
            # counts its cadence obligation overdue.
            for alliance in (world.alliance_a, world.alliance_b):
                tab = client.get(f"/alliances/{alliance.pk}/governance/")
                if tab.status_code == 404:
                    assert alliance.pk not in cadence_overdue, persona
                    continue
                shows_missed = f"missed {last_year}: 1 of 2" in tab.content.decode()
                assert shows_missed == (alliance.pk in cadence_overdue), (persona, alliance)
