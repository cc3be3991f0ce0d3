import pytest
from django.core.exceptions import ValidationError

from accord.conftest import login
from accord.core import files
from accord.core.models import AuditEvent, StoredFile

from .hostile_files import HOSTILE, TRAVERSAL_NAMES, docx_bytes, pdf_bytes, upload, xlsx_bytes


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"
    return settings.ACCORD_FILES_ROOT


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("Licence Agreement.pdf", pdf_bytes, "pdf"),
        ("Side letter.docx", docx_bytes, "docx"),
        ("Tracker.xlsx", xlsx_bytes, "xlsx"),
        ("notes.txt", lambda: "Kestrel – JSC notes\n".encode(), "txt"),
    ],
)
def test_good_files_are_kept_outside_the_web_root(world, files_root, name, content, kind):
    data = content()  # once: an XLSX embeds a timestamp, so two builds may differ
    stored = files.store_upload(
        actor=world.manager_a, upload=upload(name, data), alliance_id=world.alliance_a.pk
    )
    assert (stored.original_name, stored.kind) == (name, kind)
    on_disk = files_root / stored.path
    assert on_disk.read_bytes() == data
    assert name not in str(on_disk)  # the stored path never uses the uploader's name
    assert AuditEvent.objects.filter(
        object_id=str(stored.pk), field="sha256", new_value=stored.sha256
    ).exists()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_are_refused_with_a_clear_message_and_nothing_kept(world, files_root, case):
    name, content, message = HOSTILE[case]
    with pytest.raises(ValidationError) as error:
        files.store_upload(actor=world.manager_a, upload=upload(name, content()))
    assert message in error.value.message_dict["file"][0]
    assert StoredFile.objects.count() == 0
    assert not files_root.exists() or not any(p.is_file() for p in files_root.rglob("*"))


def test_oversize_files_are_refused(world, settings):
    settings.ACCORD_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as error:
        files.store_upload(
            actor=world.manager_a, upload=upload("big.txt", b"a" * (1024 * 1024 + 1))
        )
    assert error.value.message_dict["file"] == ["The file is 1.0 MB; the limit is 1 MB."]


def test_downloads_follow_the_alliance_and_the_firewall(world):
    open_file = files.store_upload(
        actor=world.manager_a, upload=upload("a.txt", b"open"), alliance_id=world.alliance_a.pk
    )
    secret = files.store_upload(
        actor=world.manager_a,
        upload=upload("s.txt", b"secret"),
        alliance_id=world.alliance_a.pk,
        program_id=world.program_a2.pk,
    )
    expectations = {
        "manager_a": (200, 200),
        "leader": (200, 404),
        "partner_a": (200, 200),
        "partner_b": (404, 404),
        "firewalled": (200, 404),
        "outsider": (404, 404),
    }
    for persona, (open_status, secret_status) in expectations.items():
        client = login(world.persona(persona))
        assert client.get(f"/files/{open_file.pk}/").status_code == open_status, persona
        assert client.get(f"/files/{secret.pk}/").status_code == secret_status, persona
    response = login(world.manager_a).get(f"/files/{secret.pk}/")
    assert b"".join(response.streaming_content) == b"secret"
    assert response["Content-Disposition"] == 'attachment; filename="s.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", TRAVERSAL_NAMES)
def test_names_that_reach_for_other_folders_are_refused(name):
    with pytest.raises(ValidationError) as error:
        files.clean_name(name)
    assert error.value.message_dict["file"][0] in (
        f"File name “{name[:80]}” is not allowed: use a plain file name without folders.",
        "The file has no name.",
    )
