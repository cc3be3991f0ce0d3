"""Bad input as a class (issue 12): poisoned strings stored before input was cleaned break no
page, export or dossier for anyone; the API and the forms strip control characters on input; one
date window for every date the API or a page accepts.

The poisoned text is written straight into the database (a queryset update: no form, no
serializer, no model cleaning), into every free-text field the API exposes, then every page and
API read of the authorization matrix is requested as every persona.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.db import models
from django.urls import get_resolver
from openpyxl import load_workbook
from rest_framework import serializers

from accord.conftest import api_client, login
from accord.core.authz_matrix import PERSONAS
from accord.core.cleaning import DATE_MAX, DATE_MIN, parse_month, printable

from .authz import all_rows, targets

C0 = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
POISON = (
    '=HYPERLINK("http://evil.test","x")\x1b[31m\x07 <b>bold</b> <para>&amp; </font> {{ x }} %s '
    + C0
    + " \t tab \r\n line "
    + "ünïcødé 漢字 🙂 ‮reversed‬ " * 150
)
# Codes and machine values, not text a person types: poisoning them tests something else.
NOT_FREE_TEXT = {"currency", "time_zone", "holiday_calendar", "business_calendar", "url", "kind"}
# Append-only, hash-chained records: the database refuses an update, on purpose.
APPEND_ONLY = {"core.AuditEvent"}
FORMATS = ("pdf", "docx", "pptx")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def exposed_text_fields() -> dict[type[models.Model], set[str]]:
    """Model -> the free-text fields an API serializer reads or writes."""
    get_resolver().url_patterns  # imports every app's API module
    machine = (
        serializers.EmailField,
        serializers.URLField,
        serializers.SlugField,
        serializers.RegexField,
        serializers.UUIDField,
        serializers.IPAddressField,
    )
    found: dict[type[models.Model], set[str]] = {}
    for cls in set(_subclasses(serializers.ModelSerializer)):
        model = getattr(getattr(cls, "Meta", None), "model", None)
        if not cls.__module__.startswith("accord.") or model is None:
            continue
        if model._meta.label in APPEND_ONLY:
            continue
        for field in cls().fields.values():
            if not isinstance(field, serializers.CharField) or isinstance(field, machine):
                continue
            try:
                column = model._meta.get_field(field.source)
            except Exception:  # a method, a property or a related path: not a column
                continue
            if (
                isinstance(column, models.CharField | models.TextField)
                and not column.choices
                and not isinstance(column, models.EmailField | models.URLField | models.SlugField)
                and (column.max_length is None or column.max_length >= 20)
                and column.name not in NOT_FREE_TEXT
                and not column.name.endswith(("_currency", "hash", "sha256"))
            ):
                found.setdefault(model, set()).add(column.name)
    return found


def storable(text: str) -> str:
    """What the database can hold: PostgreSQL refuses NUL in text columns itself, so text that
    is "already stored" never contains one there (SQLite keeps it)."""
    from django.db import connection

    return text.replace("\x00", "") if connection.vendor == "postgresql" else text


def poisoned(column: models.Field, pk) -> str:
    if column.max_length is None:
        return storable(POISON)
    # Suffixed with the row's id: names are unique per alliance, per committee…
    return storable(POISON[: column.max_length - 12] + f" #{pk}")


def poison_everything() -> int:
    written = 0
    for model, names in exposed_text_fields().items():
        columns = [model._meta.get_field(name) for name in names]
        for pk in model._base_manager.values_list("pk", flat=True):
            model._base_manager.filter(pk=pk).update(
                **{column.name: poisoned(column, pk) for column in columns}
            )
            written += 1
    return written


def every_get(values) -> list[tuple[str, bool, tuple]]:
    """(path, is API, expected statuses or ()) for every GET row, plus each document in every
    format (a `<str:fmt>` route's row names one). A format a row already names (or another
    row's formats already added) is not requested twice: the row's own request checks it, and
    checks its statuses too."""
    requests = []
    for row in all_rows():
        if row.method != "GET":
            continue
        path = row.path.format_map(values)
        requests.append((path, row.api, row.expect))
        if "<str:fmt>" in row.route:
            stem = path.rsplit(".", 1)[0]
            requests += [(f"{stem}.{fmt}", False, ()) for fmt in FORMATS]
    checked = {(path, api) for path, api, expect in requests if expect}
    unique, seen = [], set()
    for path, api, expect in requests:
        if not expect and ((path, api) in checked or (path, api) in seen):
            continue  # the same GET, already sent with its statuses or without
        seen.add((path, api))
        unique.append((path, api, expect))
    return unique


@pytest.fixture
def files_root(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"


@pytest.mark.slow  # sweeps every page, persona or operation
def test_poisoned_text_already_stored_breaks_no_page_export_or_dossier(world, files_root):
    values = targets(world)
    for label in list(values.pending):
        values.ensure(label)
    written = poison_everything()
    assert written >= 100  # every app's objects were poisoned, not a handful
    requests = every_get(values)
    documents = [p for p, _api, _e in requests if p.endswith((".xlsx", ".pdf", ".docx", ".pptx"))]
    assert len(documents) >= 20
    failures = []
    for index, persona in enumerate(PERSONAS):
        user = world.persona(persona)
        page, api = login(user), api_client(user)
        for path, is_api, expect in requests:
            try:
                response = (api if is_api else page).get(path)
            except Exception as error:
                failures.append((persona, path, f"{type(error).__name__}: {str(error)[:200]}"))
                continue
            if response.status_code >= 500 or (expect and response.status_code != expect[index]):
                failures.append((persona, path, response.status_code))
            elif response.status_code == 200 and path.endswith(".xlsx"):
                load_workbook(BytesIO(response.content))  # a file Excel opens
    assert failures == [], "\n".join(repr(failure)[:400] for failure in failures)


def test_a_poisoned_issue_title_reads_back_cleaned_in_the_spreadsheet(world, files_root):
    from accord.governance.models import Issue

    issue = Issue.objects.create(alliance=world.alliance_a, title="placeholder", area="legal")
    Issue.objects.filter(pk=issue.pk).update(title=storable("\x1b[1m-2\x07 Lost\x00 milestone\x7f"))
    response = login(world.manager_a).get("/governance/issues/export.xlsx", {"all": "1"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value]
    assert "[1m-2 Lost milestone" in [c.value for c in cells]


# --- Input: the forms and the API strip control characters ---------------------------------------


def test_the_api_strips_control_characters_on_input(world):
    from accord.governance.models import Issue

    response = api_client(world.manager_a).post(
        "/api/v1/governance/issues/",
        {
            "alliance": world.alliance_a.pk,
            "title": "\x1b[31mSupply\x07 delay\x00\x0b",
            "description": "line one\r\nline\ttwo\x1f\x7f",
            "area": "legal",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    issue = Issue.objects.get(pk=response.json()["id"])
    assert (issue.title, issue.description) == ("[31mSupply delay", "line one\r\nline\ttwo")


def test_the_api_refuses_a_title_of_nothing_but_control_characters(world):
    from accord.governance.models import Issue

    before = Issue.objects.count()
    response = api_client(world.manager_a).post(
        "/api/v1/governance/issues/",
        {"alliance": world.alliance_a.pk, "title": "\x1b\x07\x00", "area": "legal"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["title"] == ["This field may not be blank."]
    assert Issue.objects.count() == before


def test_the_forms_strip_control_characters_on_input(world):
    from django import forms

    class Form(forms.Form):
        title = forms.CharField()
        notes = forms.CharField(widget=forms.Textarea, required=False)
        password = forms.CharField(widget=forms.PasswordInput)

    form = Form(
        {"title": "\x1b[2JBudget\x08 review", "notes": "a\r\nb\tc\x0c", "password": "p\x07w"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "title": "[2JBudget review",
        "notes": "a\r\nb\tc",
        "password": "p\x07w",  # compared, never displayed: kept as typed
    }
    blank = Form({"title": "\x00\x1b", "password": "x"})
    assert not blank.is_valid()
    assert blank.errors["title"] == ["This field is required."]


def test_a_page_form_strips_control_characters(world):
    from accord.people.models import ApiToken

    response = login(world.manager_b).post(
        "/settings/tokens/", {"name": "\x1b[1mPower\x07 BI\x00 refresh"}
    )
    assert response.status_code == 200
    assert list(ApiToken.objects.filter(user=world.manager_b).values_list("name", flat=True)) == [
        "[1mPower BI refresh"
    ]


def test_a_page_date_outside_the_window_is_a_form_error_naming_the_field(world):
    from accord.people.models import ApiToken

    response = login(world.manager_b).post(
        "/settings/tokens/", {"name": "Far", "expires_on": "9999-12-31"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "expires_on": ["Expires on: enter a date between 1900-01-01 and 2199-12-31."]
    }
    assert not ApiToken.objects.filter(user=world.manager_b).exists()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31mred\x07", "[31mred"),
        ("tab\tnew\nline\rreturn", "tab\tnew\nline\rreturn"),
        ("".join(map(chr, range(0x20))) + "\x7f", "\t\n\r"),
        ("lone \ud800 surrogate \ufffe\uffff", "lone  surrogate "),
        ("ünïcødé 漢字 🙂", "ünïcødé 漢字 🙂"),
    ],
)
def test_printable(raw, clean):
    assert printable(raw) == clean


# --- Dates at the edges ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", None),
        ("2026-03", dt.date(2026, 3, 1)),
        (f"{DATE_MIN:%Y-%m}", DATE_MIN),
        (f"{DATE_MAX:%Y-%m}", DATE_MAX.replace(day=1)),
    ],
)
def test_parse_month(raw, expected):
    assert parse_month(raw) == expected


@pytest.mark.parametrize("raw", ["9999-12", "0001-01", "1899-12", "2200-01", "2026-13", "0-0", "x"])
def test_parse_month_refuses_what_is_outside_the_window(raw):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        parse_month(raw)
    assert caught.value.message_dict == {
        "month": ["month: enter a month as YYYY-MM between 1900-01 and 2199-12."]
    }


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "10000-01", "2026-00", "abc"])
def test_the_calendar_answers_400_naming_the_parameter(world, month):
    response = login(world.manager_a).get("/contracts/calendar/", {"month": month})
    assert response.status_code == 400
    assert response.content.decode() == (
        "month: enter a month as YYYY-MM between 1900-01 and 2199-12."
    )


def test_the_calendar_edges_of_the_window_render(world):
    client = login(world.manager_a)
    assert client.get("/contracts/calendar/", {"month": "1900-01"}).status_code == 200
    assert client.get("/contracts/calendar/", {"month": "2199-12"}).status_code == 200


WINDOW = ": enter a date between 1900-01-01 and 2199-12-31."
EDGE_DATES = ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"]


def api_date_fields(schema: dict) -> list[tuple[str, str]]:
    """(API path, date field) for every writable date of the API's create operations."""
    components = schema["components"]["schemas"]
    found = []
    for path, operations in schema["paths"].items():
        post = operations.get("post")
        if "{" in path or post is None:
            continue
        content = post.get("requestBody", {}).get("content", {}).get("application/json")
        if not content:
            continue
        ref = content["schema"].get("$ref", "")
        properties = components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
        for name, spec in properties.items():
            if spec.get("format") in ("date", "date-time") and not spec.get("readOnly"):
                found.append((path, name, spec["format"]))
    return found


@pytest.mark.slow  # sweeps every page, persona or operation
def test_every_api_date_refuses_dates_outside_the_window(world, openapi_schema):
    fields = api_date_fields(openapi_schema)
    assert len(fields) >= 10
    client = api_client(world.leader)
    problems = []
    for path, name, fmt in fields:
        for edge in EDGE_DATES:
            value = edge if fmt == "date" else f"{edge}T12:00:00Z"
            try:
                response = client.post(path, {name: value}, format="json")
            except Exception as error:
                problems.append((path, name, edge, type(error).__name__))
                continue
            if response.status_code in (403, 404, 405):
                continue  # the leader may not create here: the window is checked by others
            messages = response.json().get(name, []) if response.status_code == 400 else []
            # The message names the field by its label ("Window closes / expires: enter…").
            if not any(str(m).endswith(WINDOW) and len(str(m)) > len(WINDOW) for m in messages):
                problems.append((path, name, edge, response.status_code, messages))
    assert problems == []


def test_api_dates_inside_the_window_are_accepted(world):
    from accord.governance.models import ActionItem

    client = api_client(world.manager_a)
    for due in (DATE_MIN, DATE_MAX):
        response = client.post(
            "/api/v1/governance/actions/",
            {
                "alliance": world.alliance_a.pk,
                "title": "Edge",
                "owner": world.manager_a.pk,
                "due_on": due.isoformat(),
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert ActionItem.objects.get(pk=response.json()["id"]).due_on == due


def date_filter_names() -> list[str]:
    """Every date filter of every filter set (pages and API lists share them)."""
    import django_filters

    get_resolver().url_patterns  # imports every app's filters
    return sorted(
        {
            name
            for cls in _subclasses(django_filters.FilterSet)
            for name, flt in cls.base_filters.items()
            if isinstance(flt, django_filters.DateFilter | django_filters.DateTimeFilter)
        }
    )


def api_date_parameters(schema: dict) -> list[tuple[str, str]]:
    """(API list path, query parameter) for every date query parameter the API documents."""
    return sorted(
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        if "{" not in path and "get" in operations
        for parameter in operations["get"].get("parameters", [])
        if parameter.get("in") == "query"
        and parameter.get("schema", {}).get("format") in ("date", "date-time")
    )


@pytest.mark.slow  # sweeps every page, persona or operation
def test_date_query_parameters_out_of_the_window_are_a_400_not_a_500(
    world, files_root, openapi_schema
):
    names = date_filter_names()
    assert len(names) >= 5
    pages = sorted(
        {
            row.path
            for row in all_rows()
            if not row.api and row.method == "GET" and "{" not in row.path and "?" not in row.path
        }
    )
    page, api = login(world.leader), api_client(world.leader)
    requests = list(api_date_parameters(openapi_schema))
    assert len(requests) >= 5
    requests = [(api, path, name) for path, name in requests]
    for path in pages:
        plain = page.get(path)
        if plain.status_code == 200 and "text/html" in plain["Content-Type"]:
            # A page that filters by a date offers it in its filter form.
            html = plain.content.decode()
            requests += [(page, path, name) for name in names if f'name="{name}"' in html]
    assert len({(path, name) for _c, path, name in requests}) >= 10
    problems = []
    for client, path, name in requests:
        for edge in ("9999-12-31", "0001-01-01", "2200-01-01"):
            try:
                response = client.get(path, {name: edge})
            except Exception as error:
                problems.append((path, name, edge, type(error).__name__))
                continue
            if response.status_code != 400:
                problems.append((path, name, edge, response.status_code))
            elif client is api and "1900-01-01 and 2199-12-31" not in str(response.json()[name]):
                problems.append((path, name, edge, response.json()))
    assert problems == []


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("meeting-pack-JSC-A-2026-03-20", "meeting-pack-JSC-A-2026-03-20"),
        ('meeting-pack-"JSC"\r\nX-Evil: 1', "meeting-pack--JSC-X-Evil-1"),
        ("Comité \x1b漢字.xlsx", "Comit-.xlsx"),
        ("\x07", "download"),
    ],
)
def test_download_names_built_from_stored_text_are_header_safe(name, safe):
    from accord.core.cleaning import safe_filename

    assert safe_filename(name) == safe


def test_a_very_long_name_still_fits_the_audit_trail(world):
    """PostgreSQL enforces the 200 characters of `actor_label` (SQLite does not): a person whose
    names fill both columns is still recorded, with their email whole."""
    from accord.core.audit import ACTOR_LABEL_LENGTH, actor_label

    person = world.manager_a
    person.first_name, person.last_name = "F" * 150, "L" * 150
    label = actor_label(person)
    assert len(label) == ACTOR_LABEL_LENGTH
    assert label.endswith(f"… <{person.email}>") and label.startswith("F" * 100)
    person.first_name = person.last_name = ""
    assert actor_label(person) == person.email
