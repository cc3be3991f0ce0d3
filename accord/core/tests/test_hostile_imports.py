"""Every import endpoint (tracker and details, page and API) against the hostile-file corpus
and malformed workbooks: a 400 naming the problem, and nothing kept: no file on disk, no
StoredFile, no import, no detail row, no audit record."""

from __future__ import annotations

import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.conftest import api_client, login
from accord.core.models import AuditEvent, StoredFile
from accord.core.tests.hostile_files import HOSTILE, MALFORMED_WORKBOOKS, huge_dimension_xlsx
from accord.portfolio.models import AllianceDocument
from accord.reporting import tracker
from accord.reporting.models import TrackerImport
from accord.value import details
from accord.value.models import DetailActual

CASES = {**HOSTILE, **MALFORMED_WORKBOOKS}


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"
    return settings.ACCORD_FILES_ROOT


# Each endpoint: given the world, signs its user in (which may itself be audited: a token) and
# returns how to send a file.


def tracker_page(world):
    client = login(world.leader)
    return lambda name, content: client.post(
        "/imports/", {"file": SimpleUploadedFile(name, content)}
    )


def tracker_api(world):
    client = api_client(world.leader)
    return lambda name, content: client.post(
        "/api/v1/reporting/imports/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def details_page(world):
    client = login(world.manager_b)
    return lambda name, content: client.post(
        f"/alliances/{world.alliance_b.pk}/value/details/import/",
        {"file": SimpleUploadedFile(name, content)},
    )


def details_api(world):
    client = api_client(world.manager_b)
    return lambda name, content: client.post(
        "/api/v1/value/detail-imports/preview/",
        {"alliance": world.alliance_b.pk, "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


ENDPOINTS = {
    "tracker page": tracker_page,
    "tracker API": tracker_api,
    "details page": details_page,
    "details API": details_api,
}


def shown(response) -> str:
    """What the user reads: the page's text, or every message of the API's JSON body."""
    if response["Content-Type"].startswith("application/json"):

        def strings(value):
            if isinstance(value, dict):
                return [s for v in value.values() for s in strings(v)]
            if isinstance(value, list):
                return [s for v in value for s in strings(v)]
            return [str(value)]

        return "\n".join(strings(json.loads(response.content)))
    return html.unescape(response.content.decode())


def state(files_root):
    return {
        "files on disk": sorted(str(p) for p in files_root.rglob("*") if p.is_file())
        if files_root.exists()
        else [],
        "stored files": StoredFile.objects.count(),
        "documents": AllianceDocument.objects.count(),
        "tracker imports": TrackerImport.objects.count(),
        "detail rows": DetailActual.objects.count(),
        "audit records": AuditEvent.objects.count(),
    }


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_and_malformed_files_get_a_400_naming_the_problem_and_nothing_is_kept(
    world, files_root, endpoint, case
):
    name, make, message = CASES[case]
    if case == "empty file":
        message = "The submitted file is empty."  # Django's and DRF's file fields say it first
    send = ENDPOINTS[endpoint](world)
    before = state(files_root)
    response = send(name, make())
    assert response.status_code == 400
    assert message in shown(response)
    assert state(files_root) == before


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_a_workbook_over_the_row_limit_is_refused_with_the_limit(
    world, files_root, endpoint, monkeypatch
):
    monkeypatch.setattr(tracker, "MAX_ROWS", 3)
    monkeypatch.setattr(details, "MAX_ROWS", 3)
    rows = [("date", "channel", "count")] + [("2026-01-10", "phone", n) for n in range(1, 5)]
    send = ENDPOINTS[endpoint](world)
    before = state(files_root)
    response = send("details.xlsx", huge_dimension_xlsx(rows))
    assert response.status_code == 400
    assert "The workbook has more than 3 rows; split it into files of at most 3 rows." in (
        shown(response)
    )
    assert state(files_root) == before


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_a_workbook_declaring_a_huge_sheet_is_read_by_its_rows(world, files_root, endpoint):
    """A1:XFD2101 declared, three columns used: read as three columns, accepted, and (for the
    tracker, the only import that keeps its file) kept only once read."""
    rows = [("Alliance", "Partner", "date", "channel", "count")]
    rows += [("Heron", "Heron Bio", "2026-01-10", "phone", 3)]
    response = ENDPOINTS[endpoint](world)("details.xlsx", huge_dimension_xlsx(rows))
    if endpoint.startswith("tracker"):
        assert response.status_code in (201, 302)
        imported = TrackerImport.objects.get()
        assert (imported.headers, imported.total_rows) == (list(rows[0]), 1)
        assert StoredFile.objects.count() == 1
    else:
        assert response.status_code == 200
        assert not StoredFile.objects.exists()
        if endpoint == "details API":
            assert response.json()["rows"] == [
                {"date": "2026-01-10", "channel": "phone", "count": 3, "region": ""}
            ]
        else:
            assert "Preview: 1 rows, 3 details" in response.content.decode()


def template_page(world, template):
    client = login(world.leader)
    return lambda name, content: client.post(
        f"/templates/{template.pk}/", {"file": SimpleUploadedFile(name, content), "notes": "v2"}
    )


def template_api(world, template):
    client = api_client(world.leader)
    return lambda name, content: client.post(
        f"/api/v1/templates/{template.pk}/versions/",
        {"file": SimpleUploadedFile(name, content), "notes": "v2"},
        format="multipart",
    )


@pytest.mark.parametrize("endpoint", [template_page, template_api], ids=["page", "API"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_the_template_library_refuses_the_hostile_corpus_too(world, files_root, endpoint, case):
    """The other upload surface that takes Office files from many hands."""
    from accord.knowledge.models import TemplateKind, TemplateVersion
    from accord.knowledge.standard import install_library

    template = install_library(actor=world.leader)[TemplateKind.CHARTER]
    send = endpoint(world, template)
    name, make, message = HOSTILE[case]
    if case == "empty file":
        message = "The submitted file is empty."
    before = {**state(files_root), "versions": TemplateVersion.objects.count()}
    response = send(name, make())
    assert response.status_code == 400
    assert message in shown(response)
    assert {**state(files_root), "versions": TemplateVersion.objects.count()} == before
