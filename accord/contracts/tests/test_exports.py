"""The right and defined-term lists as XLSX (the list's scoping and filter on the whole result,
formulas neutralised, 400 on a bad filter, no per-row queries), and the obligation filter's
"open" status."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accord.conftest import api_client, formula_like_cells, login
from accord.contracts import actions
from accord.contracts.exports import RIGHT_HEADERS, TERM_HEADERS
from accord.contracts.models import Obligation, Right
from accord.core.exports import XLSX_TYPE
from accord.portfolio.models import Territory

from . import factories

TEXT = ("s", True)  # a text cell with the quote prefix: shown as typed, never run


def sheet(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX_TYPE
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def day(value: dt.date) -> dt.datetime:
    return dt.datetime.combine(value, dt.time())


def term(agreement, name, definition, section="§ 1.1"):
    return actions.defined_term_create(
        actor=None,
        agreement=agreement,
        data={"term": name, "definition": definition, "section": section},
    )


LICENCE_ENDS = dt.date(2040, 12, 31)


@pytest.fixture
def entries(world, register):
    """Beside the register's option on CDH6 (alliance A): a licence on firewalled program A2, an
    exercised opt-in on B, and defined terms on both agreements."""
    a, b = register.agreement_a, register.agreement_b
    factories.right(
        a,
        kind="licence",
        title="Licence to KRAS G12D compounds",
        section="§ 2.1",
        targets="KRAS G12D; KRAS G12V",
        mechanisms="small molecule",
        fields="Oncology",
        exclusivity="exclusive",
        program=world.program_a2,
        window_opens=None,
        window_closes=LICENCE_ENDS,
        territories=[Territory.objects.get(code="US"), Territory.objects.get(code="JP")],
    )
    exercised = factories.right(
        b, kind="opt_in", title="Opt-in to co-promote", section="§ 4.2", targets=""
    )
    Right.objects.filter(pk=exercised.pk).update(
        state="exercised", exercised_on=dt.date(2025, 3, 1)
    )
    term(a, "Net Sales", "Gross amounts invoiced, less deductions.", "§ 1.52")
    term(a, "Field", "All human therapeutic uses.", "§ 1.31")
    term(b, "Territory", "Worldwide.", "§ 1.70")


# --- Rights -------------------------------------------------------------------------------------


def test_the_rights_sheet(world, register, entries):
    rows = sheet(login(world.manager_a).get("/contracts/rights/export.xlsx"))
    assert list(rows[0]) == RIGHT_HEADERS
    closes = day(register.right_a.window_closes)
    assert [list(row) for row in rows[1:]] == [
        [world.alliance_a.name, "Kestrel collaboration agreement", "§ 3.1", "Option on CDH6 ADC",
         "Option", "Us", "Not applicable", "CDH6", None, None, None, dt.datetime(2024, 1, 15),
         closes, "Available (not exercised)", None, None],
        [world.alliance_b.name, "Polaris licence agreement", "§ 4.2", "Opt-in to co-promote",
         "Opt-in", "Us", "Not applicable", None, None, None, None, dt.datetime(2024, 1, 15),
         dt.datetime(2027, 6, 30), "Exercised / in use", dt.datetime(2025, 3, 1), None],
        [world.alliance_a.name, "Kestrel collaboration agreement", "§ 2.1",
         "Licence to KRAS G12D compounds", "Licence grant", "Us", "Exclusive",
         "KRAS G12D; KRAS G12V", "small molecule", "Oncology", "Japan, United States", None,
         day(LICENCE_ENDS), "Available (not exercised)", None, "KST-SECRET"],
    ]  # fmt: skip


def test_a_firewalled_programs_right_is_only_in_the_cleared_persons_sheet(world, entries):
    def titles(user):
        rows = sheet(login(user).get("/contracts/rights/export.xlsx"))[1:]
        return sorted(row[3] for row in rows)

    secret = "Licence to KRAS G12D compounds"
    assert secret in titles(world.manager_a)
    for persona in ("firewalled", "leader", "admin", "executive"):
        assert titles(world.persona(persona)) == ["Opt-in to co-promote", "Option on CDH6 ADC"]


@pytest.mark.parametrize("kind", ["rights", "terms"])
@pytest.mark.parametrize("persona", ["partner_a", "partner_b", "outsider"])
def test_partner_users_get_an_empty_sheet_as_the_register_is_internal(
    world, entries, kind, persona
):
    rows = sheet(login(world.persona(persona)).get(f"/contracts/{kind}/export.xlsx"))
    assert list(rows[0]) == (RIGHT_HEADERS if kind == "rights" else TERM_HEADERS)
    assert rows[1:] == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "exercised"}, ["Opt-in to co-promote"]),
        ({"kind": "licence"}, ["Licence to KRAS G12D compounds"]),
        ({"alliance": "{b}"}, ["Opt-in to co-promote"]),
        ({"q": "cdh6"}, ["Option on CDH6 ADC"]),
        ({"unused": "true"}, ["Option on CDH6 ADC"]),
    ],
)
def test_the_rights_filter_applies(world, entries, params, expected):
    params = {k: str(world.alliance_b.pk) if v == "{b}" else v for k, v in params.items()}
    client = login(world.manager_a)
    rows = sheet(client.get("/contracts/rights/export.xlsx", params))[1:]
    assert sorted(row[3] for row in rows) == expected
    page = client.get("/contracts/rights/", params)
    assert sorted(r.title for r in page.context["page"].object_list) == expected


# --- Defined terms ------------------------------------------------------------------------------


def test_the_terms_sheet_and_its_filter(world, entries):
    client = login(world.leader)
    rows = sheet(client.get("/contracts/terms/export.xlsx"))
    assert list(rows[0]) == TERM_HEADERS
    kestrel, polaris = world.alliance_a.name, world.alliance_b.name
    assert [list(row) for row in rows[1:]] == [
        [kestrel, "Kestrel collaboration agreement", "§ 1.31", "Field",
         "All human therapeutic uses."],
        [kestrel, "Kestrel collaboration agreement", "§ 1.52", "Net Sales",
         "Gross amounts invoiced, less deductions."],
        [polaris, "Polaris licence agreement", "§ 1.70", "Territory", "Worldwide."],
    ]  # fmt: skip
    only_b = sheet(client.get("/contracts/terms/export.xlsx", {"alliance": world.alliance_b.pk}))
    assert [row[3] for row in only_b[1:]] == ["Territory"]
    searched = sheet(client.get("/contracts/terms/export.xlsx", {"q": "invoiced"}))
    assert [row[3] for row in searched[1:]] == ["Net Sales"]


# --- Formulas, bad input, links ----------------------------------------------------------------


def test_a_cell_starting_with_a_formula_is_neutralised(world, register):
    factories.right(register.agreement_a, title='=HYPERLINK("http://evil.test")', targets="@A1")
    term(register.agreement_a, "-Sales", "+1+1")
    client = login(world.manager_a)
    response = client.get("/contracts/rights/export.xlsx", {"q": "HYPERLINK"})
    rights = sheet(response)
    assert (rights[1][3], rights[1][7]) == ('=HYPERLINK("http://evil.test")', "@A1")
    # Stored as text, unchanged: a formula would read back with the same value but type "f".
    assert formula_like_cells(response.content) == {
        '=HYPERLINK("http://evil.test")': TEXT,
        "@A1": TEXT,
    }
    response = client.get("/contracts/terms/export.xlsx", {"q": "+1+1"})
    assert list(sheet(response)[1][3:]) == ["-Sales", "+1+1"]
    assert formula_like_cells(response.content) == {"-Sales": TEXT, "+1+1": TEXT}


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("rights", {"state": "nonsense"}),
        ("rights", {"expires_before": "someday"}),
        ("terms", {"alliance": "abc"}),
        ("terms", {"agreement": "1e300"}),
    ],
)
def test_a_bad_filter_answers_400_like_the_list(world, entries, kind, params):
    client = login(world.manager_a)
    response = client.get(f"/contracts/{kind}/export.xlsx", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert client.get(f"/contracts/{kind}/", params).status_code == 400


@pytest.mark.parametrize("kind", ["rights", "terms"])
def test_the_list_links_to_its_export_with_the_current_filters(world, entries, kind):
    body = login(world.manager_a).get(f"/contracts/{kind}/", {"q": "x"}).content.decode()
    assert f'href="/contracts/{kind}/export.xlsx?q=x" download' in body


# --- No per-row queries ------------------------------------------------------------------------


def add(count, agreement, program):
    us, jp = Territory.objects.get(code="US"), Territory.objects.get(code="JP")
    for _ in range(count):
        n = Right.objects.count() + 1
        factories.right(agreement, title=f"Right {n}", program=program, territories=[us, jp])
        term(agreement, f"Term {n}", "Defined.")


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), len(sheet(response)) - 1


@pytest.mark.parametrize("kind", ["rights", "terms"])
def test_the_export_runs_the_same_queries_for_1_row_as_for_20(world, kind):
    agreement = factories.agreement(world.alliance_a)
    client = login(world.manager_a)
    url = f"/contracts/{kind}/export.xlsx"
    add(1, agreement, world.program_a1)
    small, small_rows = count_queries(client, url)
    add(19, agreement, world.program_a1)
    large, large_rows = count_queries(client, url)
    assert (small_rows, large_rows, small) == (1, 20, large)


# --- The obligation filter's "open" status --------------------------------------------------------


@pytest.fixture
def obligations(world, register):
    """Register: "Quarterly research report" (due), "Secret program update" (overdue, A2),
    "Detail minimums report" (pending). Added: one upcoming, one of each finished state and one in
    dispute."""
    today = timezone.localdate()
    factories.obligation(
        register.agreement_a, title="Upcoming filing", due_on=today + dt.timedelta(days=20)
    )
    for state in ("completed", "waived", "amended", "terminated", "in_dispute"):
        made = factories.obligation(register.agreement_a, title=f"Now {state}")
        Obligation.objects.filter(pk=made.pk).update(state=state, state_reason="As agreed")


OPEN_FOR_MANAGER_A = [
    "Detail minimums report",
    "Now in_dispute",
    "Quarterly research report",
    "Secret program update",
    "Upcoming filing",
]


def test_open_is_every_unfinished_status_on_the_page_the_export_and_the_api(world, obligations):
    client = login(world.manager_a)
    page = client.get("/contracts/obligations/", {"status": "open"})
    assert sorted(o.title for o in page.context["page"].object_list) == OPEN_FOR_MANAGER_A
    assert '<option value="open" selected>Open (not finished)</option>' in page.content.decode()
    rows = sheet(client.get("/contracts/obligations/export.xlsx", {"status": "open"}))[1:]
    assert sorted(row[3] for row in rows) == OPEN_FOR_MANAGER_A
    api = api_client(world.manager_a)
    found = api.get("/api/v1/obligations/", {"status": "open"}).json()["results"]
    assert sorted(o["title"] for o in found) == OPEN_FOR_MANAGER_A
    assert {o["status"] for o in found} == {"due", "overdue", "pending", "upcoming", "in_dispute"}
    # Several values are a union, as for any other status; the firewall still applies.
    both = api.get("/api/v1/obligations/", {"status": ["open", "completed"]}).json()["results"]
    assert sorted(o["title"] for o in both) == sorted([*OPEN_FOR_MANAGER_A, "Now completed"])
    hidden = api_client(world.firewalled).get("/api/v1/obligations/", {"status": "open"}).json()
    assert "Secret program update" not in {o["title"] for o in hidden["results"]}
    assert len(hidden["results"]) == len(OPEN_FOR_MANAGER_A) - 1
    bad = api.get("/api/v1/obligations/", {"status": "opened"})
    assert bad.status_code == 400 and "status" in bad.json()
