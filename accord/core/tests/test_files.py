import io

import pytest
from django.core.exceptions import ValidationError

from accord.conftest import login
from accord.core import files
from accord.core.models import AuditEvent, StoredFile

from .hostile_files import (
    CONTENT_TYPES,
    HOSTILE,
    TRAVERSAL_NAMES,
    docx_bytes,
    pdf_bytes,
    upload,
    xlsx_bytes,
    zip_bytes,
)


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


PDF_BY_OBJECT_MODEL = [
    "PDF with /J#61vaScript (escaped name)",
    "PDF with JavaScript in an object stream",
    "PDF with a launch action",
    "PDF with an embedded file",
    "PDF with additional actions (escaped names)",
]


@pytest.mark.parametrize("case", PDF_BY_OBJECT_MODEL)
def test_pdf_active_content_is_found_in_the_object_model(case):
    """Not by the bytes alone: pypdf's objects, those in object streams included."""
    _, content, _ = HOSTILE[case]
    with pytest.raises(ValidationError) as error:
        files._walk_pdf(content())
    assert error.value.message_dict["file"] == [files.ACTIVE_PDF]


def test_pdf_objects_outside_the_cross_reference_table_are_found_in_the_bytes():
    content = HOSTILE["PDF with JavaScript"][1]()
    files._walk_pdf(content)  # invisible to the object model...
    with pytest.raises(ValidationError) as error:
        files.detect(content, "term-sheet.pdf")
    assert error.value.message_dict["file"] == [files.ACTIVE_PDF]  # ...but not to the check


def test_harmless_look_alikes_are_accepted():
    """A link whose address says JavaScript, a PDF that opens on its first page, XML parts
    that are not named .xml or not UTF-8 but declare nothing: all real documents."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    link = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("https://example.com/JavaScript/JS (guide)"),
        }
    )
    writer._root_object[NameObject("/URIAction")] = writer._add_object(link)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page.indirect_reference, NameObject("/Fit")]
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    assert files.detect(buffer.getvalue(), "guide.pdf").kind == "pdf"

    item = b'<?xml version="1.0"?><item xmlns="urn:x">Kestrel</item>'
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><w:document xmlns:w="urn:w"/>'
    content = zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": utf16.encode("utf-16"),
            "customXml/item1.dat": item,
            "word/media/image1.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        }
    )
    assert files.detect(content, "memo.docx").kind == "docx"


def test_an_xml_part_that_is_not_well_formed_is_named():
    content = zip_bytes(
        {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document><w:body>"}
    )
    with pytest.raises(ValidationError) as error:
        files.detect(content, "memo.docx")
    assert error.value.message_dict["file"] == [
        "This Office file is damaged and cannot be read (part word/document.xml is not "
        "well-formed XML)."
    ]


def test_office_limits_add_up_across_parts(monkeypatch):
    """Each part under the per-part limits; together over the total or the ratio."""
    import random

    parts = {"[Content_Types].xml": CONTENT_TYPES}
    parts["word/document.xml"] = (
        b'<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:body/></w:document>'
    )
    monkeypatch.setattr(files, "MAX_UNCOMPRESSED", 3 * 1024 * 1024)
    # Seeded, and each part opens with PNG's signature: random bytes can start with "<" or a
    # byte-order mark, and such a part is read as XML (by its content) and refused as damaged.
    noise = random.Random(16)
    incompressible = {
        f"word/media/image{n}.bin": b"\x89PNG\r\n\x1a\n" + noise.randbytes(200 * 1024 - 8)
        for n in range(16)
    }
    with pytest.raises(ValidationError) as error:
        files.detect(zip_bytes({**parts, **incompressible}), "memo.docx")
    assert error.value.message_dict["file"] == [files.ZIP_BOMB]
    # 8 parts of 200 KB of zeros: each under RATIO_FLOOR, 1.6 MB from a few KB together.
    zeros = {f"word/media/image{n}.bin": b"\0" * (200 * 1024) for n in range(8)}
    with pytest.raises(ValidationError) as error:
        files.detect(zip_bytes({**parts, **zeros}), "memo.docx")
    assert error.value.message_dict["file"] == [files.ZIP_BOMB]
    within = dict(list(incompressible.items())[:4])
    assert files.detect(zip_bytes({**parts, **within}), "memo.docx").kind == "docx"
