"""The governance lists as XLSX: the list's scoping, filter and defaults applied to the whole
result; formulas neutralised; a bad filter answers 400 like the list; no per-row queries."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accord.conftest import api_client, formula_like_cells, login
from accord.core.exports import XLSX_TYPE
from accord.governance.exports import (
    ACTION_HEADERS,
    DECISION_HEADERS,
    ISSUE_HEADERS,
    MEETING_HEADERS,
)
from accord.governance.models import ActionItem, Committee, Decision, Issue, Meeting, Minutes

from .test_query_counts import build

# Column of the record's title in each sheet, and its alliance.
TITLE = {"meetings": 2, "decisions": 2, "actions": 2, "issues": 1}
ALLIANCE = 0


def today():
    """Read per test, not at import: a suite that runs past midnight must not see yesterday."""
    return timezone.localdate()


def now():
    return timezone.now().replace(microsecond=0)  # a spreadsheet keeps whole seconds


def utc(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


def sheet(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX_TYPE
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def export(user, kind, params=None):
    return login(user).get(f"/governance/{kind}/export.xlsx", params or {})


def titles(user, kind, params=None):
    return sorted(row[TITLE[kind]] for row in sheet(export(user, kind, params))[1:])


def meeting(committee, title, when, **fields):
    return Meeting.objects.create(
        committee=committee,
        alliance=committee.alliance,
        title=title,
        starts_at=when,
        modality=fields.pop("modality", "virtual"),
        **fields,
    )


@pytest.fixture
def records(world, gov):
    """One of each record on alliance A, on firewalled program A2 and on alliance B; A also has
    internal ones, and a decided decision, a done action and a resolved issue."""
    a, b, a2 = world.alliance_a, world.alliance_b, world.program_a2
    held = meeting(gov.jsc_a, "JSC A spring", utc(2026, 3, 10), status="held", location="Boston")
    Minutes.objects.create(meeting=held, status="approved")
    meeting(gov.jsc_a, "JSC A prep", utc(2026, 3, 9), is_internal=True)
    meeting(gov.team_a2, "A2 review", utc(2026, 4, 2), modality="in_person")
    meeting(gov.jsc_b, "JSC B kickoff", utc(2026, 5, 20))

    def decision(alliance, title, **fields):
        return Decision.objects.create(
            alliance=alliance, title=title, area=fields.pop("area", "development"), **fields
        )

    decision(
        a,
        "Go to Phase 2",
        committee=gov.jsc_a,
        raised_on=today() - dt.timedelta(days=10),
        due_on=dt.date(2026, 9, 30),
    )
    decision(
        a,
        "Pick the CRO",
        committee=gov.jsc_a,
        status="decided",
        raised_on=today() - dt.timedelta(days=40),
        decided_on=today() - dt.timedelta(days=5),
        outcome="Use Parexel",
    )
    decision(a, "Our negotiating line", is_internal=True, raised_on=today())
    decision(a, "Secret dose", program=a2, committee=gov.team_a2, raised_on=today())
    decision(b, "Launch in EU", area="commercial", committee=gov.jsc_b, raised_on=today())

    def action(alliance, title, owner, **fields):
        return ActionItem.objects.create(
            alliance=alliance,
            title=title,
            owner=owner,
            due_on=fields.pop("due_on", today() + dt.timedelta(days=14)),
            **fields,
        )

    action(
        a,
        "Send the CMC plan",
        world.partner_a,
        committee=gov.jsc_a,
        due_on=today() - dt.timedelta(days=30),
    )
    action(
        a,
        "Book the venue",
        world.manager_a,
        status="done",
        completed_on=today() - dt.timedelta(days=1),
    )
    action(a, "Brief our CEO", world.manager_a, is_internal=True)
    action(a, "Secret assay", world.manager_a, program=a2, committee=gov.team_a2)
    action(b, "Draft the EU plan", world.partner_b, committee=gov.jsc_b)

    def issue(alliance, title, **fields):
        return Issue.objects.create(
            alliance=alliance, title=title, area=fields.pop("area", "legal"), **fields
        )

    issue(
        a,
        "Patent dispute",
        severity="high",
        level=gov.jsc_a,
        level_since=now() - dt.timedelta(days=40),
        raised_on=dt.date(2026, 2, 1),
    )
    issue(a, "Old invoice", status="resolved", resolved_on=dt.date(2026, 3, 1))
    issue(a, "Our worry", is_internal=True, level=gov.jsc_a)
    issue(a, "Secret tox", program=a2, level=gov.team_a2)
    issue(b, "Supply delay", severity="critical", level=gov.jsc_b)


# --- Headers and rows, exactly ------------------------------------------------------------------


def test_meetings_sheet(world, records):
    rows = sheet(export(world.manager_a, "meetings"))
    assert list(rows[0]) == MEETING_HEADERS
    kestrel, polaris = world.alliance_a.name, world.alliance_b.name
    assert [list(row) for row in rows[1:]] == [
        [polaris, "JSC B", "JSC B kickoff", dt.datetime(2026, 5, 20, 10), 90, "Virtual", None,
         "Scheduled", None, "no", None],
        [kestrel, "A2 team", "A2 review", dt.datetime(2026, 4, 2, 10), 90, "In person", None,
         "Scheduled", None, "no", "KST-SECRET"],
        [kestrel, "JSC A", "JSC A spring", dt.datetime(2026, 3, 10, 10), 90, "Virtual", "Boston",
         "Held", "Approved", "no", None],
        [kestrel, "JSC A", "JSC A prep", dt.datetime(2026, 3, 9, 10), 90, "Virtual", None,
         "Scheduled", None, "yes", None],
    ]  # fmt: skip


def test_decisions_sheet_opens_on_pending_like_the_page(world, records):
    rows = sheet(export(world.manager_a, "decisions"))
    assert list(rows[0]) == DECISION_HEADERS
    kestrel, polaris = world.alliance_a.name, world.alliance_b.name
    midnight = dt.datetime.combine(today(), dt.time())
    assert [list(row) for row in rows[1:]] == [
        [kestrel, "JSC A", "Go to Phase 2", "Development", "Raised",
         midnight - dt.timedelta(days=10), dt.datetime(2026, 9, 30), None, 10, None, "no", None,
         "no", None],
        [kestrel, None, "Our negotiating line", "Development", "Raised", midnight, None, None, 0,
         None, "no", None, "yes", None],
        [kestrel, "A2 team", "Secret dose", "Development", "Raised", midnight, None, None, 0, None,
         "no", None, "no", "KST-SECRET"],
        [polaris, "JSC B", "Launch in EU", "Commercial", "Raised", midnight, None, None, 0, None,
         "no", None, "no", None],
    ]  # fmt: skip
    decided = sheet(export(world.manager_a, "decisions", {"status": "decided"}))
    assert [list(row) for row in decided[1:]] == [
        [kestrel, "JSC A", "Pick the CRO", "Development", "Decided",
         midnight - dt.timedelta(days=40), None, midnight - dt.timedelta(days=5), None, 35, "no",
         "Use Parexel", "no", None],
    ]  # fmt: skip


def test_actions_sheet_opens_on_open_ones_like_the_page(world, records):
    rows = sheet(export(world.manager_a, "actions"))
    assert list(rows[0]) == ACTION_HEADERS
    kestrel, polaris = world.alliance_a.name, world.alliance_b.name
    due = dt.datetime.combine(today() + dt.timedelta(days=14), dt.time())
    reyes, partner_a, partner_b = str(world.manager_a), str(world.partner_a), str(world.partner_b)
    assert [list(row) for row in rows[1:]] == [
        [kestrel, "JSC A", "Send the CMC plan", partner_a, "Kestrel Bio",
         due - dt.timedelta(days=44), "Open", "yes", None, "no", None],
        [kestrel, None, "Brief our CEO", reyes, "Meridian Therapeutics", due, "Open", "no", None,
         "yes", None],
        [kestrel, "A2 team", "Secret assay", reyes, "Meridian Therapeutics", due, "Open", "no",
         None, "no", "KST-SECRET"],
        [polaris, "JSC B", "Draft the EU plan", partner_b, "Polaris Biologics", due, "Open", "no",
         None, "no", None],
    ]  # fmt: skip
    done = sheet(export(world.manager_a, "actions", {"status": "done"}))
    assert [row[2:9] for row in done[1:]] == [
        ("Book the venue", reyes, "Meridian Therapeutics", due, "Done", "no",
         dt.datetime.combine(today() - dt.timedelta(days=1), dt.time())),
    ]  # fmt: skip


def test_issues_sheet_opens_on_unresolved_ones_like_the_page(world, records):
    rows = sheet(export(world.manager_a, "issues"))
    assert list(rows[0]) == ISSUE_HEADERS
    patent = Issue.objects.get(title="Patent dispute")
    since = patent.level_since.astimezone(dt.UTC).replace(tzinfo=None)
    first = rows[1]
    assert list(first) == [
        world.alliance_a.name, "Patent dispute", "Legal", "High", "Open",
        dt.datetime(2026, 2, 1), "JSC A", since, 40, 30, "yes", "Executive sponsors",
        None, None, "no", None, "no", None,
    ]  # fmt: skip
    assert [(row[1], row[6], row[9], row[10], row[16], row[17]) for row in rows[2:]] == [
        ("Our worry", "JSC A", 30, "no", "yes", None),
        ("Secret tox", "A2 team", 14, "no", "no", "KST-SECRET"),
        ("Supply delay", "JSC B", 30, "no", "no", None),
    ]
    resolved = sheet(export(world.manager_a, "issues", {"status": "resolved"}))
    assert [list(row) for row in resolved[1:]] == [
        [world.alliance_a.name, "Old invoice", "Legal", "Medium", "Resolved",
         dt.datetime.combine(today(), dt.time()), None, None, None, None, "no", None,
         None, None, "no", dt.datetime(2026, 3, 1), "no", None],
    ]  # fmt: skip


# --- Scoping: firewall, partners -----------------------------------------------------------------

A2_TITLE = {
    "meetings": "A2 review",
    "decisions": "Secret dose",
    "actions": "Secret assay",
    "issues": "Secret tox",
}


@pytest.mark.parametrize("kind", list(A2_TITLE))
def test_a_firewalled_programs_record_is_only_in_the_cleared_persons_sheet(world, records, kind):
    secret = A2_TITLE[kind]
    assert secret in titles(world.manager_a, kind, {"all": "1"})
    for persona in ("firewalled", "leader", "admin", "executive"):
        seen = titles(world.persona(persona), kind, {"all": "1"})
        assert secret not in seen, persona
        assert seen, persona  # the rest of alliance A is there


PARTNER_A_SEES = {
    "meetings": ["A2 review", "JSC A spring"],
    "decisions": ["Go to Phase 2", "Pick the CRO", "Secret dose"],
    "actions": ["Book the venue", "Secret assay", "Send the CMC plan"],
    "issues": ["Old invoice", "Patent dispute", "Secret tox"],
}
PARTNER_B_SEES = {
    "meetings": ["JSC B kickoff"],
    "decisions": ["Launch in EU"],
    "actions": ["Draft the EU plan"],
    "issues": ["Supply delay"],
}


@pytest.mark.parametrize("kind", list(PARTNER_A_SEES))
def test_a_partner_users_sheet_holds_only_their_alliance_and_nothing_internal(world, records, kind):
    rows = sheet(export(world.partner_a, kind, {"all": "1"}))[1:]
    assert sorted(row[TITLE[kind]] for row in rows) == PARTNER_A_SEES[kind]
    assert {row[ALLIANCE] for row in rows} == {world.alliance_a.name}
    rows = sheet(export(world.partner_b, kind, {"all": "1"}))[1:]
    assert sorted(row[TITLE[kind]] for row in rows) == PARTNER_B_SEES[kind]
    assert sheet(export(world.outsider, kind, {"all": "1"}))[1:] == []


# --- Formulas, filters, defaults, bad input -------------------------------------------------------


def test_a_cell_starting_with_a_formula_is_neutralised(world, gov):
    Decision.objects.create(
        alliance=world.alliance_a, title='=HYPERLINK("http://evil.test","Click")', area="legal"
    )
    ActionItem.objects.create(
        alliance=world.alliance_a, title="+1+1", owner=world.manager_a, due_on=today()
    )
    meeting(gov.jsc_a, "-2+3", utc(2026, 6, 1), location="@SUM(A1)")
    Issue.objects.create(alliance=world.alliance_a, title="=1+1", area="legal")
    assert titles(world.manager_a, "decisions") == ['=HYPERLINK("http://evil.test","Click")']
    assert titles(world.manager_a, "actions") == ["+1+1"]
    assert sheet(export(world.manager_a, "meetings"))[1][2:7] == (
        "-2+3",
        dt.datetime(2026, 6, 1, 10),
        90,
        "Virtual",
        "@SUM(A1)",
    )
    assert titles(world.manager_a, "issues") == ["=1+1"]
    # Each stored as text, unchanged: a formula would read back with the same value, type "f".
    text = ("s", True)
    assert {
        kind: formula_like_cells(export(world.manager_a, kind).content)
        for kind in ("decisions", "actions", "meetings", "issues")
    } == {
        "decisions": {'=HYPERLINK("http://evil.test","Click")': text},
        "actions": {"+1+1": text},
        "meetings": {"-2+3": text, "@SUM(A1)": text},
        "issues": {"=1+1": text},
    }


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        ("meetings", {"status": "held"}, ["JSC A spring"]),
        ("meetings", {"alliance": "{b}"}, ["JSC B kickoff"]),
        (
            "meetings",
            {"after": "2026-03-10", "before": "2026-04-30"},
            ["A2 review", "JSC A spring"],
        ),
        ("decisions", {"status": "decided"}, ["Pick the CRO"]),
        ("decisions", {"pending": "true", "area": "commercial"}, ["Launch in EU"]),
        ("decisions", {"q": "phase"}, ["Go to Phase 2"]),
        ("actions", {"overdue": "true"}, ["Send the CMC plan"]),
        ("actions", {"owner": "{partner_b}"}, ["Draft the EU plan"]),
        ("issues", {"severity": "critical"}, ["Supply delay"]),
        ("issues", {"past_limit": "true"}, ["Patent dispute"]),
    ],
)
def test_the_lists_filter_applies(world, records, kind, params, expected):
    ids = {"{b}": str(world.alliance_b.pk), "{partner_b}": str(world.partner_b.pk)}
    params = {key: ids.get(value, value) for key, value in params.items()}
    assert titles(world.manager_a, kind, params) == expected
    # The same query on the page lists the same records.
    page = login(world.manager_a).get(f"/governance/{kind}/", {**params, "per_page": 100})
    assert sorted(r.title for r in page.context["page"].object_list) == expected


@pytest.mark.parametrize(
    ("kind", "default", "everything"),
    [
        ("decisions", 4, 5),  # pending only
        ("actions", 4, 5),  # open only
        ("issues", 4, 5),  # unresolved only
        ("meetings", 4, 4),  # no default
    ],
)
def test_the_pages_default_applies_when_opened_without_parameters(
    world, records, kind, default, everything
):
    client = login(world.manager_a)
    assert len(sheet(client.get(f"/governance/{kind}/export.xlsx"))) - 1 == default
    assert client.get(f"/governance/{kind}/").context["total"] == default
    # Any parameter (the page's "Clear" link sends all=1) replaces the default.
    assert len(sheet(client.get(f"/governance/{kind}/export.xlsx?all=1"))) - 1 == everything


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("meetings", {"status": "nonsense"}),
        ("meetings", {"after": "not-a-date"}),
        ("decisions", {"due_after": "2026-13-45"}),
        ("actions", {"owner": "99999999999999999999999"}),
        ("issues", {"severity": "apocalyptic"}),
    ],
)
def test_a_bad_filter_answers_400_like_the_list(world, records, kind, params):
    client = login(world.manager_a)
    response = client.get(f"/governance/{kind}/export.xlsx", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "The filter could not be applied" in response.content.decode()
    assert client.get(f"/governance/{kind}/", params).status_code == 400


@pytest.mark.parametrize("kind", ["meetings", "decisions", "actions", "issues"])
def test_the_list_links_to_its_export_with_the_current_filters(world, records, kind):
    body = login(world.manager_a).get(f"/governance/{kind}/", {"alliance": world.alliance_a.pk})
    assert (
        f'href="/governance/{kind}/export.xlsx?alliance={world.alliance_a.pk}" download'
        in body.content.decode()
    )


# --- No per-row queries ------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # warm caches that are not per-row costs
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), len(sheet(response)) - 1


@pytest.mark.parametrize("kind", ["meetings", "decisions", "actions", "issues"])
@pytest.mark.parametrize("persona", ["manager_a", "partner_a"])
def test_the_export_runs_the_same_queries_for_1_row_as_for_20(world, kind, persona):
    client = login(world.persona(persona))
    url = f"/governance/{kind}/export.xlsx?all=1"

    def on_a_program():  # so every row has a program to name
        for model in (Committee, Decision, ActionItem, Issue):
            model.objects.update(program=world.program_a1)

    build(1, world)
    on_a_program()
    small, small_rows = count_queries(client, url)
    build(19, world)
    on_a_program()
    large, large_rows = count_queries(client, url)
    assert (small_rows, large_rows) == ((1, 20) if kind in ("actions", "issues") else (2, 40))
    assert small == large


# --- The decision filter's new "needed from" date ----------------------------------------------


def test_decisions_needed_from_a_date_on_the_page_and_the_api(world, gov):
    for title, due in (("Early", dt.date(2026, 5, 1)), ("On the day", dt.date(2026, 6, 1)),
                       ("Late", dt.date(2026, 7, 1)), ("Undated", None)):  # fmt: skip
        Decision.objects.create(
            alliance=world.alliance_a, title=title, area="legal", due_on=due, committee=gov.jsc_a
        )
    page = login(world.manager_a).get("/governance/decisions/", {"due_after": "2026-06-01"})
    assert [d.title for d in page.context["page"].object_list] == ["On the day", "Late"]
    assert 'name="due_after"' in page.content.decode()  # offered on the page
    both = {"due_after": "2026-05-15", "due_before": "2026-06-15"}
    found = api_client(world.partner_a).get("/api/v1/governance/decisions/", both).json()
    assert [d["title"] for d in found["results"]] == ["On the day"]
    bad = api_client(world.manager_a).get("/api/v1/governance/decisions/", {"due_after": "soon"})
    assert bad.status_code == 400
    assert "due_after" in bad.json()
