"""Safe uploads: checked by content, not by name, and stored outside the web root.

`store_upload()` is the only way a file enters Accord. It refuses, with a message naming the
problem, anything that is too big, whose name tries to escape a folder, whose content is not the
PDF / Word / Excel / text it claims to be, Office files with macros, external XML entities or
zip-bomb proportions, and PDFs that carry JavaScript or launch actions.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import audit
from .models import StoredFile

KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "txt": ("text/plain; charset=utf-8", {".txt", ".csv"}),
}
MAX_ZIP_ENTRIES = 5000
MAX_UNCOMPRESSED = 250 * 1024 * 1024
MAX_RATIO = 200  # a real Office part rarely compresses beyond 1:50; bombs go to 1:1000+
PDF_DANGERS = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/XFA")


@dataclass(frozen=True)
class Detected:
    kind: str
    content_type: str


def max_upload_bytes() -> int:
    return settings.ACCORD_MAX_UPLOAD_MB * 1024 * 1024


def clean_name(name: str) -> str:
    """The file name to show, refusing names that try to reach outside their folder."""
    raw = name or ""
    if not raw.strip():
        raise ValidationError({"file": "The file has no name."})
    if "/" in raw or "\\" in raw or "\x00" in raw or raw.strip(". ") == "" or ".." in raw:
        raise ValidationError(
            {
                "file": f"File name “{raw[:80]}” is not allowed: use a plain file name without folders."
            }
        )
    name = unicodedata.normalize("NFC", raw).strip()
    name = re.sub(r"[\x00-\x1f\x7f]", "", name)
    return name[:200]


def detect(content: bytes, name: str) -> Detected:
    extension = Path(name).suffix.lower()
    if content.startswith(b"%PDF-"):
        kind = "pdf"
        _check_pdf(content)
    elif content.startswith(b"PK\x03\x04"):
        kind = _check_office(content)
    else:
        kind = _check_text(content)
    content_type, extensions = KINDS[kind]
    if extension not in extensions:
        raise ValidationError(
            {
                "file": (
                    f"“{name}” is a {kind.upper()} file by its content but is named {extension or 'without an extension'}: "
                    "rename it to match, or upload the file you meant."
                )
            }
        )
    return Detected(kind, content_type)


def _check_pdf(content: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    for marker in PDF_DANGERS:
        if re.search(re.escape(marker) + rb"[\s/<\[(]", content):
            raise ValidationError(
                {
                    "file": "This PDF contains active content (JavaScript, launch actions or "
                    "embedded files) and was refused."
                }
            )
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                {"file": "This PDF is password-protected: upload an unprotected copy."}
            )
        _ = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise ValidationError({"file": "This PDF is damaged and cannot be read."}) from error


def _check_office(content: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise ValidationError(
            {"file": "This Office file is damaged and cannot be read."}
        ) from error
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ValidationError(
            {"file": "This file holds too many parts to be a real document (a zip bomb?)."}
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > MAX_UNCOMPRESSED or (entry.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise ValidationError(
                {
                    "file": "This file expands to far more than its size (a zip bomb?) and was refused."
                }
            )
        if entry.filename.startswith("/") or ".." in entry.filename.split("/"):
            raise ValidationError(
                {"file": "This file contains parts with unsafe paths and was refused."}
            )
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        raise ValidationError({"file": "This is a zip archive, not a Word or Excel document."})
    types = archive.read("[Content_Types].xml")
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
        raise ValidationError(
            {"file": "This Office file contains macros: save it as a macro-free .docx or .xlsx."}
        )
    for entry in entries:
        if entry.filename.lower().endswith((".xml", ".rels")):
            head = archive.read(entry)[:4096].upper()
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise ValidationError(
                    {
                        "file": "This Office file declares XML entities (a known attack) and was refused."
                    }
                )
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise ValidationError(
        {"file": "This Office file is neither a Word document nor an Excel workbook."}
    )


def _check_text(content: bytes) -> str:
    if b"\x00" in content[:8192]:
        raise ValidationError(
            {"file": "Only PDF, Word (.docx), Excel (.xlsx) and text files can be uploaded."}
        )
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError(
            {"file": "This text file is not UTF-8: save it as UTF-8 and upload it again."}
        ) from error
    return "txt"


def read_limited(upload) -> bytes:
    """Read an UploadedFile, refusing it as soon as it passes the size limit."""
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "file": f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is {settings.ACCORD_MAX_UPLOAD_MB} MB."
            }
        )
    chunks, size = [], 0
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                {"file": f"The file is larger than the {settings.ACCORD_MAX_UPLOAD_MB} MB limit."}
            )
        chunks.append(chunk)
    if size == 0:
        raise ValidationError({"file": "The file is empty."})
    return b"".join(chunks)


def files_root() -> Path:
    return Path(settings.ACCORD_FILES_ROOT)


@transaction.atomic
def store_upload(
    *, actor, upload, alliance_id: int | None = None, program_id: int | None = None
) -> StoredFile:
    """Validate an uploaded file and keep it; raises ValidationError({"file": ...}) if refused."""
    name = clean_name(upload.name)
    content = read_limited(upload)
    detected = detect(content, name)
    stored = StoredFile(
        original_name=name,
        kind=detected.kind,
        content_type=detected.content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
        alliance_id=alliance_id,
        program_id=program_id,
    )
    stored.path = f"{timezone.now():%Y/%m}/{stored.id}"
    target = files_root() / stored.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    stored.save()
    audit.record_create(
        actor=actor,
        obj=stored,
        fields=["original_name", "kind", "size", "sha256"],
        alliance_id=alliance_id,
        program_id=program_id,
    )
    return stored


def open_stored(stored: StoredFile):
    path = (files_root() / stored.path).resolve()
    if files_root().resolve() not in path.parents:
        raise ValidationError("Stored file path escapes the files folder.")
    return path.open("rb")
