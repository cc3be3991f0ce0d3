"""The reporting API: the same figures, notes and imports as the pages, internal users only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pptx import Presentation

from accord.conftest import api_client, jobs
from accord.portfolio.models import Alliance
from accord.reporting import actions, dashboard
from accord.reporting.models import NoteAnnotation, NoteStatus, TrackerImport


def test_dashboard_figures_match_the_page_and_partners_are_refused(world, portfolio):
    now = timezone.now()
    expected = dashboard.build(world.firewalled, now=now)
    data = api_client(world.firewalled).get("/api/v1/reporting/dashboard/").json()
    assert {f["key"]: f["value"] for f in data["attention"]} == {
        f.key: f.value for f in expected.attention
    }
    assert [(f["key"], f["value"], f["url"]) for f in data["by_tier"]] == [
        (f.key, f.value, f.url) for f in expected.by_tier
    ]
    assert data["horizon"] == (timezone.localdate(now) + dt.timedelta(days=90)).isoformat()
    for persona in ("partner_a", "partner_b", "outsider"):
        assert (
            api_client(getattr(world, persona)).get("/api/v1/reporting/dashboard/").status_code
            == 403
        )


def test_the_pack_is_asked_for_followed_and_downloaded_through_the_api(
    world, files_root, django_capture_on_commit_callbacks
):
    client = api_client(world.executive)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/api/v1/reporting/packs/", {"format": "pptx"}, format="json")
    # The request returns at once (202); the job builds the pack once the request commits.
    assert response.status_code == 202, response.content
    queued = response.json()
    assert (queued["format"], queued["status"], queued["download"]) == ("pptx", "queued", None)
    url = f"/api/v1/reporting/packs/{queued['id']}/"
    assert client.get(f"{url}download/").status_code == 404
    callbacks = jobs(callbacks)
    assert len(callbacks) == 1
    callbacks[0]()
    done = client.get(url).json()
    assert done["status"] == "done" and done["step"] == done["steps"] > 1
    assert done["download"] == f"{url}download/"
    response = client.get(done["download"])
    assert response.status_code == 200
    deck = Presentation(BytesIO(b"".join(response.streaming_content)))
    assert deck.slides[0].shapes.title.text.startswith("Alliance portfolio, ")
    assert [row["id"] for row in client.get("/api/v1/reporting/packs/").json()["results"]] == [
        queued["id"]
    ]
    # Someone else's pack is missing to them; a bad format is named.
    assert api_client(world.leader).get(url).status_code == 404
    assert api_client(world.leader).get(f"{url}download/").status_code == 404
    response = client.post("/api/v1/reporting/packs/", {"format": "docx"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["format"]


@pytest.mark.django_db
def test_notes_annotate_and_approve_through_the_api(world, django_capture_on_commit_callbacks):
    note = actions.note_generate(actor=world.leader, week_start=dt.date(2026, 3, 2))
    url = f"/api/v1/reporting/weekly-notes/{note.pk}/"
    assert api_client(world.executive).get(url).json()["status"] == "draft"
    response = api_client(world.executive).post(
        f"{url}annotate/", {"section": "happened", "text": "x"}, format="json"
    )
    assert response.status_code == 403 and not NoteAnnotation.objects.exists()
    response = api_client(world.leader).post(
        f"{url}annotate/", {"section": "later", "text": "x"}, format="json"
    )
    assert response.status_code == 400 and list(response.json()) == ["section"]
    response = api_client(world.leader).post(
        f"{url}annotate/", {"section": "happened", "text": "Quiet week."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["annotations"] == [
        {"alliance": None, "section": "happened", "text": "Quiet week."}
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(world.leader).post(f"{url}approve/")
    assert response.status_code == 200 and response.json()["status"] == NoteStatus.SENT
    response = api_client(world.leader).post(f"{url}approve/")
    assert response.status_code == 400 and response.json() == {
        "status": ["This note was approved and sent: it no longer changes."]
    }


def test_tracker_import_through_the_api(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ACCORD_FILES_ROOT = tmp_path
    client = api_client(world.leader)
    upload = SimpleUploadedFile("t.csv", b"Name,Company,Value\nOsprey Gene,Osprey Bio,12.5\n")
    response = client.post("/api/v1/reporting/imports/", {"file": upload}, format="multipart")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response.json()["mapping"]["partner"] == "Company"
    response = client.post(
        f"/api/v1/reporting/imports/{pk}/mapping/", {"mapping": {"name": "Nope"}}, format="json"
    )
    assert response.status_code == 400 and response.json() == {
        "name": ["The tracker has no column “Nope”."]
    }
    response = client.get(f"/api/v1/reporting/imports/{pk}/preview/")
    assert response.json() == {"errors": [], "created": 1, "updated": 0, "total": 1}
    assert not Alliance.objects.filter(name="Osprey Gene").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/reporting/imports/{pk}/commit/")
    assert response.status_code == 202
    status = client.get(f"/api/v1/reporting/imports/{pk}/").json()
    assert (status["status"], status["created_count"], status["progress_pct"]) == ("done", 1, 100)
    assert Alliance.objects.get(name="Osprey Gene").deal_value_musd == Decimal("12.5")
    assert api_client(world.manager_a).get(f"/api/v1/reporting/imports/{pk}/").status_code == 403
    assert TrackerImport.objects.count() == 1
