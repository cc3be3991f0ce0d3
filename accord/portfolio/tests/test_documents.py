"""Alliance documents: the hostile-file corpus refused over HTTP with a clear 4xx, files kept
outside the web root under UUID paths, firewalled documents hidden, deletes with a reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.conftest import api_client, login
from accord.core.models import AuditEvent, StoredFile
from accord.core.tests.hostile_files import HOSTILE, docx_bytes, pdf_bytes
from accord.portfolio.models import AllianceDocument


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"
    return settings.ACCORD_FILES_ROOT


def url(world):
    return f"/alliances/{world.alliance_a.pk}/documents/"


def upload(client, world, name, content, **extra):
    return client.post(url(world), {"file": SimpleUploadedFile(name, content), **extra})


def nothing_kept(files_root):
    assert AllianceDocument.objects.count() == 0
    assert StoredFile.objects.count() == 0
    assert not files_root.exists() or not any(p.is_file() for p in files_root.rglob("*"))


def test_upload_list_and_download_a_document(world, files_root):
    client = login(world.manager_a)
    response = upload(client, world, "Licence Agreement.pdf", pdf_bytes(), title="Licence")
    assert response.status_code == 302
    document = AllianceDocument.objects.get()
    assert (document.title, document.file.kind, document.uploaded_by) == (
        "Licence",
        "pdf",
        world.manager_a,
    )
    assert (files_root / document.file.path).read_bytes() == pdf_bytes()
    page = client.get(url(world)).content.decode()
    assert f'href="/files/{document.file_id}/"' in page and "Licence Agreement.pdf" in page
    download = login(world.partner_a).get(f"/files/{document.file_id}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes()
    assert AuditEvent.objects.filter(
        action="create", content_type__model="alliancedocument", alliance_id=world.alliance_a.pk
    ).exists()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_get_a_clear_400_over_http_and_nothing_is_kept(world, files_root, case):
    name, content, message = HOSTILE[case]
    response = upload(login(world.manager_a), world, name, content())
    assert response.status_code == 400
    assert message in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    nothing_kept(files_root)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_get_a_clear_400_from_the_api(world, files_root, case):
    name, content, message = HOSTILE[case]
    response = api_client(world.manager_a).post(
        "/api/v1/documents/",
        {"alliance": world.alliance_a.pk, "file": SimpleUploadedFile(name, content())},
        format="multipart",
    )
    assert response.status_code == 400
    assert message in response.json()["file"][0]
    nothing_kept(files_root)


def test_oversize_files_are_refused_over_http(world, files_root, settings):
    settings.ACCORD_MAX_UPLOAD_MB = 1
    response = upload(login(world.manager_a), world, "big.txt", b"a" * (1024 * 1024 + 1))
    assert response.status_code == 400
    assert "The file is 1.0 MB; the limit is 1 MB." in response.content.decode()
    nothing_kept(files_root)


@pytest.mark.parametrize(
    "raw_name", ["../../etc/passwd.txt", "..\\..\\boot.ini.txt", "/etc/cron.d/evil.txt"]
)
def test_a_path_traversal_name_is_stored_harmlessly_under_a_uuid_path(world, files_root, raw_name):
    """Django's multipart parser strips directory parts before our code runs; what is left
    is only a display name, and the file lands under a path Accord chose."""
    boundary = "accordboundary"
    body = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{raw_name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
        "harmless notes\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    response = login(world.manager_a).generic(
        "POST", url(world), body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 302
    stored = StoredFile.objects.get()
    assert "/" not in stored.original_name and "\\" not in stored.original_name
    assert ".." not in stored.original_name
    on_disk = (files_root / stored.path).resolve()
    assert on_disk.parent.parent.parent == files_root.resolve()
    assert on_disk.name == str(stored.pk)
    assert on_disk.read_bytes() == b"harmless notes"
    assert [p for p in files_root.rglob("*") if p.is_file()] == [files_root / stored.path]


def test_firewalled_documents_are_hidden_from_people_not_cleared(world):
    client = login(world.manager_a)
    upload(client, world, "secret.docx", docx_bytes(), program=world.program_a2.pk)
    upload(client, world, "open.txt", b"open", program=world.program_a1.pk)
    secret = AllianceDocument.objects.get(program=world.program_a2)
    expectations = {
        "manager_a": (True, 200),
        "partner_a": (True, 200),
        "firewalled": (False, 404),
        "leader": (False, 404),
    }
    for persona, (listed, download) in expectations.items():
        viewer = login(world.persona(persona))
        page = viewer.get(url(world)).content.decode()
        assert ("secret.docx" in page) is listed, persona
        assert "open.txt" in page, persona
        assert viewer.get(f"/files/{secret.file_id}/").status_code == download, persona
        api = api_client(world.persona(persona)).get("/api/v1/documents/").json()
        assert (secret.pk in [d["id"] for d in api["results"]]) is listed, persona
    assert login(world.partner_b).get(url(world)).status_code == 404
    # Nobody uploads into a program they cannot see.
    response = upload(login(world.firewalled), world, "x.txt", b"x", program=world.program_a2.pk)
    assert response.status_code == 400
    assert AllianceDocument.objects.count() == 2


def test_who_may_upload(world):
    for persona, status in [("executive", 403), ("partner_a", 302), ("firewalled", 302)]:
        response = upload(login(world.persona(persona)), world, f"{persona}.txt", b"notes")
        assert response.status_code == status, persona
    assert sorted(d.title for d in AllianceDocument.objects.all()) == [
        "firewalled.txt",
        "partner_a.txt",
    ]


def test_delete_with_a_reason_removes_the_file_and_keeps_the_trail(
    world, files_root, django_capture_on_commit_callbacks
):
    upload(login(world.partner_a), world, "draft.txt", b"draft")
    document = AllianceDocument.objects.get()
    path = files_root / document.file.path
    delete_url = f"/alliances/{world.alliance_a.pk}/documents/{document.pk}/delete/"
    assert login(world.firewalled).post(delete_url, {"reason": "not mine"}).status_code == 403
    refused = login(world.manager_a).post(delete_url, {"reason": "x", "confirm": "on"})
    assert refused.status_code == 400 and AllianceDocument.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.manager_a).post(
            delete_url, {"reason": "Superseded by the signed copy", "confirm": "on"}
        )
    assert response.status_code == 302
    assert not AllianceDocument.objects.exists() and not StoredFile.objects.exists()
    events = AuditEvent.objects.filter(action="delete", content_type__model="storedfile")
    assert {(e.field, e.old_value) for e in events} >= {("original_name", "draft.txt")}
    assert {(e.reason, e.alliance_id) for e in events} == {
        ("Superseded by the signed copy", world.alliance_a.pk)
    }
    assert not path.exists()


def test_api_delete_needs_a_reason(world):
    upload(login(world.manager_a), world, "minutes.txt", b"minutes")
    document = AllianceDocument.objects.get()
    api = api_client(world.manager_a)
    assert api.delete(f"/api/v1/documents/{document.pk}/").status_code == 400
    assert (
        api.delete(f"/api/v1/documents/{document.pk}/?reason=duplicate%20upload").status_code == 204
    )
    assert not AllianceDocument.objects.exists()
