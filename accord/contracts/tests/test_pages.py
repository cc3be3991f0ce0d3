"""The pages: each persona sees exactly what is in scope; editors can change it; bad input is a 400."""

import datetime as dt

import pytest
from django.utils import timezone

from accord.conftest import login
from accord.contracts.models import Agreement, Obligation
from accord.core.models import AuditEvent


def titles(response, key="page"):
    return sorted(o.title for o in response.context[key].object_list)


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("leader", ["Detail minimums report", "Quarterly research report"]),
        (
            "manager_a",
            ["Detail minimums report", "Quarterly research report", "Secret program update"],
        ),
        ("firewalled", ["Detail minimums report", "Quarterly research report"]),
        ("partner_a", []),
        ("partner_b", []),
        ("outsider", []),
    ],
)
def test_obligation_list_is_scoped(world, register, persona, expected):
    response = login(world.persona(persona)).get("/contracts/obligations/")
    assert response.status_code == 200
    assert titles(response) == expected


def test_obligation_list_filters_by_derived_status(world, register):
    client = login(world.manager_a)
    assert titles(client.get("/contracts/obligations/", {"status": "overdue"})) == [
        "Secret program update"
    ]
    assert titles(client.get("/contracts/obligations/", {"status": "due"})) == [
        "Quarterly research report"
    ]
    assert titles(client.get("/contracts/obligations/", {"status": "upcoming"})) == []
    bad = client.get("/contracts/obligations/", {"status": "late", "due_after": "soon"})
    assert bad.status_code == 400
    assert b"Due after: Enter a valid date." in bad.content


@pytest.mark.parametrize(
    "persona, status",
    [
        ("manager_a", 200),
        ("partner_a", 404),
        ("firewalled", 404),
        ("leader", 404),
        ("partner_b", 404),
        ("outsider", 404),
    ],
)
def test_an_obligation_about_a_firewalled_program_is_404_for_the_uncleared(
    world, register, persona, status
):
    response = login(world.persona(persona)).get(
        f"/contracts/obligations/{register.secret_obligation.pk}/"
    )
    assert response.status_code == status


def test_every_page_renders_for_the_manager(world, register):
    client = login(world.manager_a)
    a = world.alliance_a
    for url in [
        f"/alliances/{a.pk}/contracts/",
        f"/alliances/{a.pk}/",
        f"/programs/{world.program_a2.pk}/",
        f"/contracts/agreements/{register.agreement_a.pk}/",
        f"/contracts/obligations/{register.obligation_a.pk}/",
        f"/contracts/milestones/{register.milestone_a.pk}/",
        f"/contracts/rights/{register.right_a.pk}/",
        f"/contracts/restrictions/{register.restriction_b.pk}/",
        "/contracts/milestones/",
        "/contracts/rights/?unused=true",
        "/contracts/terms/?q=report",
        "/contracts/calendar/",
        "/contracts/calendar/feeds/",
        "/contracts/may-we/?target=KRAS+G12D&field=Oncology&territory=DE",
        f"/alliances/{a.pk}/contracts/agreements/new/",
        f"/alliances/{a.pk}/contracts/obligation/new/",
        f"/alliances/{a.pk}/contracts/milestone/new/",
        f"/alliances/{a.pk}/contracts/right/new/",
        f"/alliances/{a.pk}/contracts/restriction/new/",
        f"/contracts/obligation/{register.obligation_a.pk}/edit/",
        f"/contracts/agreements/{register.agreement_a.pk}/edit/",
    ]:
        assert client.get(url).status_code == 200, url


def test_the_cleared_manager_sees_the_conflict_on_the_program_and_alliance_pages(world, register):
    client = login(world.manager_a)
    program_page = client.get(f"/programs/{world.program_a2.pk}/").content.decode()
    assert "Conflicts with § 2.6 exclusivity “KRAS G12D exclusivity”" in program_page
    assert "territory: European Union (ours is worldwide or not narrowed)" in program_page
    alliance_page = client.get(f"/alliances/{world.alliance_a.pk}/").content.decode()
    assert "KRAS G12D exclusivity" in alliance_page and "KST-SECRET" in alliance_page


def test_the_uncleared_see_no_trace_of_the_firewalled_program_in_conflicts(world, register):
    page = login(world.leader).get(f"/alliances/{world.alliance_a.pk}/").content.decode()
    assert "KST-SECRET" not in page
    assert "No program of this alliance runs into a restriction" in page
    restriction_page = (
        login(world.leader)
        .get(f"/contracts/restrictions/{register.restriction_b.pk}/")
        .content.decode()
    )
    assert "KST-SECRET" not in restriction_page and "not cleared" not in restriction_page
    assert (
        login(world.manager_a)
        .get(f"/contracts/restrictions/{register.restriction_b.pk}/")
        .content.decode()
        .count("KST-SECRET")
        == 1
    )


def test_partners_do_not_see_the_register_or_get_the_conflict_check(world, register):
    client = login(world.partner_a)
    assert client.get(f"/alliances/{world.alliance_a.pk}/contracts/").status_code == 403
    assert client.get(f"/contracts/agreements/{register.agreement_a.pk}/").status_code == 404
    assert "Contracts" not in client.get(f"/alliances/{world.alliance_a.pk}/").content.decode()
    assert client.get("/contracts/may-we/?target=KRAS").status_code == 403
    assert (
        "Contract conflicts" not in client.get(f"/programs/{world.program_a2.pk}/").content.decode()
    )


def test_may_we_page_answers_no_with_the_clause(world, register):
    response = login(world.leader).get(
        "/contracts/may-we/", {"target": "KRAS G12D", "field": "Oncology", "territory": "FR"}
    )
    page = response.content.decode()
    assert "No, not freely: 1 restriction covers this" in page
    assert "territory: European Union overlaps France" in page
    response = login(world.leader).get(
        "/contracts/may-we/", {"target": "KRAS G12D", "field": "Oncology", "territory": "JP"}
    )
    assert "Yes: no restriction binding us covers this." in response.content.decode()
    assert login(world.leader).get("/contracts/may-we/", {"territory": "JP"}).status_code == 400


def test_creating_an_obligation_with_a_bad_rule_is_a_400_naming_the_field(world, register):
    client = login(world.manager_a)
    before = (Obligation.objects.count(), AuditEvent.objects.count())
    response = client.post(
        f"/alliances/{world.alliance_a.pk}/contracts/obligation/new/",
        {
            "agreement": register.agreement_a.pk,
            "title": "Launch report",
            "section": "§ 6.1",
            "owed_by": "us",
            "category": "reporting",
            "rule": "event",
            "event_offset_days": "60",
            "time_zone": "Europe/Berlin",
        },
    )
    assert response.status_code == 400
    assert "Name the event the obligation counts from" in response.content.decode()
    assert (Obligation.objects.count(), AuditEvent.objects.count()) == before
    response = client.post(
        f"/alliances/{world.alliance_a.pk}/contracts/obligation/new/",
        {
            "agreement": register.agreement_a.pk,
            "title": "Launch report",
            "section": "§ 6.1",
            "owed_by": "us",
            "category": "reporting",
            "rule": "event",
            "trigger_event": "First Commercial Sale",
            "event_offset_days": "60",
            "time_zone": "Europe/Berlin",
        },
    )
    created = Obligation.objects.get(title="Launch report")
    assert (
        response.status_code == 302
        and response["Location"] == f"/contracts/obligations/{created.pk}/"
    )
    assert (created.due_date, created.time_zone) == (None, "Europe/Berlin")


@pytest.mark.parametrize(
    "persona, complete_status",
    [("executive", 403), ("firewalled", 403), ("manager_b", 403), ("partner_a", 404)],
)
def test_read_only_personas_cannot_change_the_register(world, register, persona, complete_status):
    client = login(world.persona(persona))
    count = Agreement.objects.count()
    response = client.post(
        f"/alliances/{world.alliance_a.pk}/contracts/agreements/new/",
        {"kind": "master", "title": "Sneaky", "effective_date": "2024-01-01"},
    )
    assert response.status_code == 403
    response = client.post(
        f"/contracts/obligations/{register.obligation_a.pk}/complete/",
        {"completed_on": timezone.localdate().isoformat(), "evidence": "done"},
    )
    assert response.status_code == complete_status
    assert Agreement.objects.count() == count
    assert Obligation.objects.get(pk=register.obligation_a.pk).state == "open"


def test_complete_with_evidence_from_the_page(world, register):
    client = login(world.manager_a)
    url = f"/contracts/obligations/{register.obligation_a.pk}/complete/"
    assert (
        client.post(
            url, {"completed_on": timezone.localdate().isoformat(), "evidence": ""}
        ).status_code
        == 400
    )
    response = client.post(
        url,
        {
            "completed_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "evidence": "Report emailed to Kestrel JSC",
        },
    )
    assert response.status_code == 302
    register.obligation_a.refresh_from_db()
    assert (register.obligation_a.state, register.obligation_a.evidence) == (
        "completed",
        "Report emailed to Kestrel JSC",
    )


def test_exports_are_scoped_spreadsheets(world, register):
    from io import BytesIO

    from openpyxl import load_workbook

    response = login(world.leader).get("/contracts/obligations/export.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sorted(row[3] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        "Detail minimums report",
        "Quarterly research report",
    ]
    response = login(world.manager_a).get("/contracts/milestones/export.xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][3:7] == ("First patient dosed in Phase 2", "Development", 25000000, "USD")


def test_calendar_shows_at_most_six_a_day_and_the_days_total(world, register):
    from accord.contracts.tests import factories

    today = timezone.localdate()
    day = today.replace(day=15)
    for n in range(8):
        factories.obligation(register.agreement_a, title=f"Busy day {n}", due_on=day)
    response = login(world.manager_a).get("/contracts/calendar/", {"month": f"{today:%Y-%m}"})
    cells = {
        d: (entries, total) for week in response.context["weeks"] for d, entries, _, total in week
    }
    entries, total = cells[day]
    assert (len(entries), total) == (6, 8)
    assert "+8 in all…" in response.content.decode()


def test_may_we_page_lists_the_first_conflicts_and_counts_the_rest(world, register, monkeypatch):
    from accord.contracts.services import Answer

    monkeypatch.setattr(Answer, "SHOWN", 0)
    page = (
        login(world.leader)
        .get("/contracts/may-we/", {"target": "KRAS G12D", "field": "Oncology", "territory": "FR"})
        .content.decode()
    )
    assert "No, not freely: 1 restriction covers this" in page
    assert "territory: European Union overlaps France" not in page
    assert "The first 0 are shown; 1 more cover this too." in page
    monkeypatch.setattr(Answer, "SHOWN", 50)
    page = (
        login(world.leader)
        .get("/contracts/may-we/", {"target": "KRAS G12D", "field": "Oncology", "territory": "FR"})
        .content.decode()
    )
    assert "territory: European Union overlaps France" in page and "more cover this" not in page


def test_may_we_page_lists_the_first_programs_and_counts_the_rest(world, register, monkeypatch):
    """A broad question meets hundreds of our programs on big pharma: the page lists the first
    ones (as for restrictions) and says how many more there are."""
    from accord.contracts.conflicts import Scope
    from accord.contracts.services import Answer, may_we

    today = timezone.localdate()
    target = world.program_b1.target
    programs = may_we(Scope(targets=[target], starts=today, ends=today), world.leader).programs
    assert programs
    monkeypatch.setattr(Answer, "SHOWN", 0)
    page = login(world.leader).get("/contracts/may-we/", {"target": target}).content.decode()
    assert f"The first 0 are shown; {len(programs)} more of our programs work here too." in page
    assert f"/programs/{programs[0].pk}/" not in page
    monkeypatch.setattr(Answer, "SHOWN", 50)
    page = login(world.leader).get("/contracts/may-we/", {"target": target}).content.decode()
    assert "more of our programs work here too" not in page
    for program in programs:
        assert f"{program.name}</a>" in page


def test_the_contracts_tab_lists_the_obligations_in_play_due_first_and_counts_the_rest(
    world, register
):
    """Open and disputed obligations, soonest first, 20 at most; the finished are counted and
    left to the full list; a firewalled program's obligation is neither listed nor counted for
    the uncleared."""
    from accord.contracts import actions
    from accord.contracts.tests import factories

    today = timezone.localdate()
    agreement = register.agreement_a
    extra = [
        factories.obligation(
            agreement, title=f"Report {n:02d}", due_on=today + dt.timedelta(days=10 + n)
        )
        for n in range(22)
    ]
    disputed = factories.obligation(
        agreement, title="Disputed royalty report", due_on=today + dt.timedelta(days=8)
    )
    actions.obligation_set_state(
        actor=world.manager_a, obligation=disputed, state="in_dispute", reason="Partner disputes"
    )
    for n, state in enumerate(("completed", "completed", "waived")):
        done = factories.obligation(agreement, title=f"Done {n}", due_on=today)
        if state == "completed":
            actions.obligation_complete(
                actor=world.manager_a, obligation=done, completed_on=today, evidence="Sent"
            )
        else:
            actions.obligation_set_state(
                actor=world.manager_a, obligation=done, state=state, reason="Not needed"
            )
    url = f"/alliances/{world.alliance_a.pk}/contracts/"

    def tab(persona):
        response = login(world.persona(persona)).get(url)
        assert response.status_code == 200
        return [o.title for o in response.context["obligations"]], response.content.decode()

    listed, html = tab("manager_a")
    assert listed == [
        "Secret program update",
        "Quarterly research report",
        "Disputed royalty report",
        *[o.title for o in extra[:17]],
    ]
    assert "The 20 due first of 25 open or in dispute." in html
    assert "3 finished (completed, waived, amended or terminated) are in the full list." in html
    assert "Done 0" not in html and "Report 17" not in html
    listed, html = tab("firewalled")
    assert listed == [
        "Quarterly research report",
        "Disputed royalty report",
        *[o.title for o in extra[:18]],
    ]
    assert "The 20 due first of 24 open or in dispute." in html
    assert "Secret program update" not in html
