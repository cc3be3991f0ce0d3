"""Tracker import: columns suggested from the headers, a dry-run preview naming each bad row's
field and problem, then all rows or none, in a background job whose progress the page polls."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accord.conftest import jobs, login
from accord.core.models import AuditEvent
from accord.portfolio.models import Alliance, Company
from accord.reporting import tracker
from accord.reporting.models import ImportStatus, TrackerImport


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("tracker.xlsx", buffer.getvalue())


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("tracker.csv", text.encode())


HEADERS = [
    "Alliance name",
    "Partner company",
    "Deal type",
    "Stage",
    "Signed",
    "TA",
    "Deal value",
    "Importance",
]
GOOD = [
    HEADERS,
    [
        "Osprey Gene Editing",
        "Osprey Bio",
        "Research collaboration",
        "Execution",
        dt.datetime(2023, 5, 2),
        "Oncology",
        480,
        4,
    ],
    [
        "Kestrel ADC Collaboration",
        "Kestrel Bio",
        "Co-development",
        "Relaunch",
        dt.datetime(2022, 1, 10),
        "",
        "1,250",
        5,
    ],
]


def test_columns_are_suggested_from_the_headers():
    assert tracker.suggest_mapping([*HEADERS, "Notes"]) == {
        "name": "Alliance name",
        "partner": "Partner company",
        "alliance_type": "Deal type",
        "stage": "Stage",
        "effective_date": "Signed",
        "therapeutic_areas": "TA",
        "deal_value_musd": "Deal value",
        "strategic_importance": "Importance",
        "risk_level": "",
    }


def test_preview_then_import_creates_and_updates_through_the_actions(
    world, django_capture_on_commit_callbacks
):
    client = login(world.leader)
    response = client.post("/imports/", {"file": xlsx(GOOD)})
    imp = TrackerImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{imp.pk}/"
    page = client.get(f"/imports/{imp.pk}/").content.decode()
    assert "Every row is right: 1 alliance(s) will be created and 1 updated." in page
    assert not Alliance.objects.filter(name="Osprey Gene Editing").exists()  # a dry run

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/imports/{imp.pk}/commit/")
    assert response.status_code == 302 and len(jobs(callbacks)) == 1  # the job, once committed
    imp.refresh_from_db()
    assert (imp.status, imp.created_count, imp.updated_count, imp.processed_rows) == (
        ImportStatus.DONE,
        1,
        1,
        2,
    )
    osprey = Alliance.objects.get(name="Osprey Gene Editing")
    assert (osprey.alliance_type, osprey.stage, osprey.effective_date) == (
        "research",
        "execution",
        dt.date(2023, 5, 2),
    )
    assert osprey.deal_value_musd == Decimal("480.0") and osprey.strategic_importance == 4
    assert list(osprey.partners.values_list("name", flat=True)) == ["Osprey Bio"]
    assert list(osprey.therapeutic_areas.values_list("name", flat=True)) == ["Oncology"]
    kestrel = Alliance.objects.get(pk=world.alliance_a.pk)
    assert (kestrel.stage, kestrel.deal_value_musd) == ("relaunch", Decimal("1250.0"))
    assert list(kestrel.partners.values_list("name", flat=True)) == ["Kestrel Bio"]
    assert AuditEvent.objects.filter(object_repr="Osprey Gene Editing", action="create").exists()
    progress = client.get(f"/imports/{imp.pk}/progress/").content.decode()
    assert "1 alliance(s) created, 1 updated." in progress and "hx-get" not in progress


def test_bad_rows_are_named_in_the_preview_and_nothing_is_imported(
    world, django_capture_on_commit_callbacks
):
    client = login(world.leader)
    rows = [
        *GOOD,
        ["", "Nobody", "Research collaboration", "Execution", "2024-01-01", "", "", ""],
        ["Heron RNA", "Heron", "Joint venture", "Launch", "31/02/2024", "Astrology", "-5", 9],
        ["Osprey Gene Editing", "Osprey Bio", "Platform", "Execution", "2024-01-01", "", "", ""],
        ["Wren Vaccines", "Wren", "Platform", "Launch", "", "", "", ""],
    ]
    client.post("/imports/", {"file": xlsx(rows)})
    imp = TrackerImport.objects.get()
    companies, alliances, events = (
        Company.objects.count(),
        Alliance.objects.count(),
        AuditEvent.objects.exclude(object_repr__startswith="Import of").count(),
    )
    outcome = tracker.run(imp, world.leader, commit=False)
    assert outcome.errors == [
        {"row": 4, "field": "Alliance", "message": "This cell is empty."},
        {
            "row": 5,
            "field": "Type",
            "message": "“Joint venture” is not a known alliance type (Research collaboration, Co-development, Co-promotion / co-commercialization, In-licence, Out-licence, Platform, Supply / manufacturing, Regional commercialization, Academic / agency partnership).",
        },
        {
            "row": 5,
            "field": "Effective date",
            "message": "“31/02/2024” is not a date: write it as 2024-03-31.",
        },
        {"row": 5, "field": "Therapeutic areas", "message": "Unknown therapeutic area: Astrology."},
        {"row": 5, "field": "Deal value (USD m)", "message": "A deal value cannot be negative."},
        {"row": 5, "field": "Strategic importance (1-5)", "message": "9 is not between 1 and 5."},
        {"row": 6, "field": "Alliance", "message": "Also on row 2: one row per alliance."},
        {
            "row": 7,
            "field": "Effective date",
            "message": "An alliance in the launch stage has a signed agreement: give its effective date.",
        },
    ]
    page = client.get(f"/imports/{imp.pk}/").content.decode()
    assert "8 problem(s)" in page and "Import 6 row(s)" not in page
    # Forcing the import anyway changes nothing at all.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{imp.pk}/commit/")
    imp.refresh_from_db()
    assert imp.status == ImportStatus.FAILED and len(imp.errors) == 8 and imp.created_count == 0
    assert (Company.objects.count(), Alliance.objects.count()) == (companies, alliances)
    assert not Alliance.objects.filter(name="Osprey Gene Editing").exists()
    assert AuditEvent.objects.exclude(object_repr__startswith="Import of").count() == events
    progress = client.get(f"/imports/{imp.pk}/progress/").content.decode()
    assert "Nothing was changed." in progress and "Also on row 2: one row per alliance." in progress


def test_csv_trackers_and_remapped_columns(world, django_capture_on_commit_callbacks):
    client = login(world.leader)
    client.post(
        "/imports/", {"file": csv_file("Deal;Who;Kind\nFinch Antibodies;Finch Bio;Out-licence\n")}
    )
    imp = TrackerImport.objects.get()
    assert imp.mapping["name"] == "Deal" and imp.mapping["partner"] == ""
    page = client.get(f"/imports/{imp.pk}/").content.decode()
    assert "A new alliance needs its partner company." in page
    response = client.post(
        f"/imports/{imp.pk}/",
        {"name": "Deal", "partner": "Who", "alliance_type": "Kind", "stage": "Nope"},
    )
    assert response.status_code == 400
    assert (
        "Stage: Select a valid choice. Nope is not one of the available choices."
        in response.content.decode()
    )
    client.post(f"/imports/{imp.pk}/", {"name": "Deal", "partner": "Who", "alliance_type": "Kind"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{imp.pk}/commit/")
    finch = Alliance.objects.get(name="Finch Antibodies")
    assert finch.alliance_type == "out_license" and finch.stage == "pre_deal"


def test_refused_files_and_people(world):
    client = login(world.leader)
    response = client.post(
        "/imports/", {"file": SimpleUploadedFile("t.csv", b"Alliance\ncaf\xe9\n")}
    )
    assert response.status_code == 400
    assert (
        "This text file is not UTF-8: save it as UTF-8 and upload it again."
        in response.content.decode()
    )
    response = client.post("/imports/", {"file": csv_file("")})
    assert response.status_code == 400
    assert not TrackerImport.objects.exists()
    for persona in ("manager_a", "executive", "partner_a"):
        response = login(getattr(world, persona)).post("/imports/", {"file": xlsx(GOOD)})
        assert response.status_code == 403
    assert not TrackerImport.objects.exists()
    assert not Alliance.objects.filter(name="Osprey Gene Editing").exists()


def test_a_tracker_that_cannot_be_read_is_refused_before_anything_is_kept(world, settings):
    """The file is read as a table first and kept only then: no file on disk, no StoredFile,
    no import, no audit record."""
    from accord.core.models import StoredFile

    client = login(world.leader)
    audit_before = AuditEvent.objects.count()
    for upload, message in [
        (
            csv_file(",".join(f"Column {n}" for n in range(1, 62)) + "\n"),
            "The file has more than 60 columns (row 1): remove the columns the import does not "
            "need.",
        ),
        (xlsx([[None], [None]]), "The file is empty: the first row must name the columns."),
    ]:
        response = client.post("/imports/", {"file": upload})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not TrackerImport.objects.exists()
    assert not StoredFile.objects.exists()
    assert AuditEvent.objects.count() == audit_before
    root = settings.ACCORD_FILES_ROOT
    assert not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def test_numbers_that_are_not_numbers_are_named_in_the_preview(world):
    client = login(world.leader)
    text = (
        "Alliance,Partner,Deal value,Importance,Risk\n"
        "Osprey Gene Editing,Osprey Bio,Infinity,NaN,1e999999\n"
        "Finch Antibodies,Finch Bio,1e999999,sNaN,-Infinity\n"
    )
    response = client.post("/imports/", {"file": csv_file(text)})
    imp = TrackerImport.objects.get()
    assert response.status_code == 302
    outcome = tracker.run(imp, world.leader, commit=False)
    assert [(e["row"], e["field"], e["message"]) for e in outcome.errors] == [
        (2, "Deal value (USD m)", "“Infinity” is not an amount in USD millions."),
        (2, "Strategic importance (1-5)", "“NaN” is not a number from 1 to 5."),
        (2, "Risk (1-5)", "1e999999 is not between 1 and 5."),
        (3, "Deal value (USD m)", "“1e999999” is not an amount in USD millions."),
        (3, "Strategic importance (1-5)", "“sNaN” is not a number from 1 to 5."),
        (3, "Risk (1-5)", "“-Infinity” is not a number from 1 to 5."),
    ]
    page = client.get(f"/imports/{imp.pk}/")
    assert page.status_code == 200
    assert "“Infinity” is not an amount in USD millions." in page.content.decode()
    assert not Alliance.objects.filter(name="Osprey Gene Editing").exists()
