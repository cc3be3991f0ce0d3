"""Safe uploads: checked by content, not by name, and stored outside the web root.

`store_upload()` is the only way a file enters Accord. It refuses, with a message naming the
problem, anything that is too big, whose name tries to escape a folder, whose content is not the
PDF / Word / Excel / text it claims to be, Office files with macros, XML entities or zip-bomb
proportions, and PDFs that carry JavaScript, launch actions or embedded files. Files are parsed,
not grepped: every XML part of an Office file through defusedxml, every PDF object through
pypdf. Imports call `read_limited()` and `detect()` themselves to read a file before keeping it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import weakref
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import StoredFile
from .storage import file_storage

KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "txt": ("text/plain; charset=utf-8", {".txt", ".csv"}),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        {".pptx"},
    ),
    "eml": ("message/rfc822", {".eml"}),
}
# Kinds a caller must ask for (the executive pack's template, an email kept as received by
# accord.correspondence, which has parsed it within its own limits); refused everywhere else.
OPT_IN_KINDS = {"pptx", "eml"}
logger = logging.getLogger(__name__)
MAX_ZIP_ENTRIES = 5000
# Across all the parts of an Office file, uncompressed. A 25 MB upload of photos stays ~25 MB;
# a workbook of 100,000 rows is ~60 MB of XML. A bomb of many modest parts adds up past this.
MAX_UNCOMPRESSED = 100 * 1024 * 1024
# A real Office part rarely compresses beyond 1:50; bombs go to 1:1000+. Checked per part above
# RATIO_FLOOR bytes and for the whole file, so many small parts cannot hide a bomb either.
MAX_RATIO = 200
RATIO_FLOOR = 256 * 1024
MAX_PDF_OBJECTS = 500_000
# Names that make a PDF act by itself or carry other files, as keys or as values (/S /Launch):
# JavaScript, launch actions, embedded files, XFA forms, rich media and additional actions
# (/AA, run when a page opens or a field is touched).
PDF_DANGERS = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/XFA",
        "/AA",
        "/RichMedia",
        "/GoToE",
        "/ImportData",
    }
)
ACTIVE_PDF = _(
    "This PDF contains active content (JavaScript, launch actions or embedded files) and was "
    "refused."
)
DAMAGED_PDF = _("This PDF is damaged and cannot be read.")
DAMAGED_OFFICE = _("This Office file is damaged and cannot be read.")
ZIP_BOMB = _("This file expands to far more than its size (a zip bomb?) and was refused.")
XML_ENTITIES = _("This Office file declares XML entities (a known attack) and was refused.")


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
        raise ValidationError({"file": _("The file has no name.")})
    if "/" in raw or "\\" in raw or "\x00" in raw or raw.strip(". ") == "" or ".." in raw:
        raise ValidationError(
            {
                "file": _(
                    "File name “%(raw)s” is not allowed: use a plain file name without folders."
                )
                % {"raw": raw[:80]}
            }
        )
    name = unicodedata.normalize("NFC", raw).strip()
    name = re.sub(r"[\x00-\x1f\x7f]", "", name)
    return name[:200]


def detect(content: bytes, name: str, allow: tuple[str, ...] = ()) -> Detected:
    """The file's kind by its content, after checking it is safe to open; refuses a file whose
    name says another kind. PowerPoint is refused unless `allow` names it."""
    extension = Path(name).suffix.lower()
    if "eml" in allow and extension == ".eml":
        return Detected("eml", KINDS["eml"][0])
    if content.startswith(b"%PDF-"):
        kind = "pdf"
        _check_pdf(content)
    elif content.startswith(b"PK\x03\x04"):
        kind = _check_office(content)
    else:
        kind = _check_text(content)
    if kind in OPT_IN_KINDS and kind not in allow:
        raise _refuse(_("This Office file is neither a Word document nor an Excel workbook."))
    content_type, extensions = KINDS[kind]
    if extension not in extensions:
        raise ValidationError(
            {
                "file": (
                    _(
                        "“%(name)s” is a %(kind)s file by its content but is named %(extension)s: "
                        "rename it to match, or upload the file you meant."
                    )
                    if extension
                    else _(
                        "“%(name)s” is a %(kind)s file by its content but is named without an "
                        "extension: rename it to match, or upload the file you meant."
                    )
                )
                % {"name": name, "kind": kind.upper(), "extension": extension}
            }
        )
    return Detected(kind, content_type)


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


# --- PDF ------------------------------------------------------------------------------------

_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]*)")
_PDF_STREAM = re.compile(rb">>\s*stream\r?\n.*?endstream", re.DOTALL)
_PDF_STRING = re.compile(rb"\((?:\\.|[^\\()])*\)", re.DOTALL)


def _pdf_name(raw: bytes) -> str:
    """A PDF name as a reader sees it: `#xx` escapes decoded (/J#61vaScript is /JavaScript)."""
    decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    return "/" + decoded.decode("latin-1")


def _check_pdf(content: bytes) -> None:
    # Objects outside the cross-reference table are invisible to the object model, but a viewer
    # that repairs the file may still run them: their names are read from the bytes first.
    # Stream data and text strings are skipped: compressed bytes or a URL could look like
    # anything.
    outside = _PDF_STREAM.sub(b">> stream endstream", content)
    for _attempt in range(8):  # strings nest: innermost first
        outside, found = _PDF_STRING.subn(b"()", outside)
        if not found:
            break
    for match in _PDF_NAME.finditer(outside):
        if _pdf_name(match.group(1)) in PDF_DANGERS:
            raise _refuse(ACTIVE_PDF)
    try:
        _walk_pdf(content)
    except ValidationError:
        raise
    except Exception as error:  # hostile input: any failure to read it means damage
        raise _refuse(DAMAGED_PDF) from error


def _walk_pdf(content: bytes) -> None:
    """Every object of the PDF, those packed in object streams included, read through pypdf
    (which decodes escaped names): refused if any names active content."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted:
        raise _refuse(_("This PDF is password-protected: upload an unprotected copy."))
    _page_count = len(reader.pages)
    numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
    numbers |= {(num, 0) for num in reader.xref_objStm}
    if len(numbers) > MAX_PDF_OBJECTS:
        raise _refuse(_("This PDF holds too many objects to be a real document and was refused."))
    pending: list = [reader.trailer]
    for num, gen in sorted(numbers):
        pending.append(reader.get_object(IndirectObject(num, gen, reader)))
        # References are not followed: every object is visited once from the table above.
        while pending:
            item = pending.pop()
            if isinstance(item, NameObject):
                if str(item) in PDF_DANGERS:
                    raise _refuse(ACTIVE_PDF)
            elif isinstance(item, DictionaryObject):
                for key, value in item.items():
                    if str(key) in PDF_DANGERS:
                        raise _refuse(ACTIVE_PDF)
                    if not isinstance(value, IndirectObject):
                        pending.append(value)
            elif isinstance(item, ArrayObject):
                pending.extend(v for v in item if not isinstance(v, IndirectObject))


# --- Office (OOXML) -------------------------------------------------------------------------

_BOMS = (
    b"\xef\xbb\xbf",
    b"\xff\xfe\x00\x00",
    b"\x00\x00\xfe\xff",
    b"\xff\xfe",
    b"\xfe\xff",
)
_XML_CODECS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
XML_HEAD = 64 * 1024


def _looks_like_xml(head: bytes) -> bool:
    """Whether a part is XML by its first bytes, whatever its name or encoding (UTF-8, UTF-16
    or UTF-32, with or without a byte-order mark, after any whitespace: a document without an
    XML declaration may start with blank lines). A head that is all whitespace counts too."""
    if head.startswith(_BOMS):
        return True
    for codec in _XML_CODECS:
        spaces = {c.encode(codec) for c in " \t\r\n"}
        width = len("<".encode(codec))
        at = 0
        while head[at : at + width] in spaces:
            at += width
        if head[at : at + width] == "<".encode(codec) or (at and at >= len(head) - width + 1):
            return True
    return False


def _check_xml_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Parse the whole part with expat through defusedxml, streaming (nothing is kept):
    a DTD, an entity or an external reference anywhere refuses the file."""
    from xml.sax import SAXException

    from defusedxml.common import DefusedXmlException
    from defusedxml.expatreader import DefusedExpatParser

    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        with archive.open(entry) as part:
            while chunk := part.read(64 * 1024):
                parser.feed(chunk)
        parser.close()
    except DefusedXmlException as error:
        raise _refuse(XML_ENTITIES) from error
    except SAXException as error:
        raise _refuse(
            _(
                "This Office file is damaged and cannot be read (part %(filename)s is not well-formed XML)."
            )
            % {"filename": entry.filename[:80]}
        ) from error


def _check_office(content: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _refuse(DAMAGED_OFFICE) from error
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _refuse(_("This file holds too many parts to be a real document (a zip bomb?)."))
    total = compressed = 0
    for entry in entries:
        total += entry.file_size
        compressed += entry.compress_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > MAX_UNCOMPRESSED or (entry.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise _refuse(ZIP_BOMB)
        if entry.filename.startswith("/") or ".." in entry.filename.split("/"):
            raise _refuse(_("This file contains parts with unsafe paths and was refused."))
        if entry.flag_bits & 0x1:
            raise _refuse(_("This Office file is password-protected: upload an unprotected copy."))
    if total > RATIO_FLOOR and total / max(compressed, 1) > MAX_RATIO:
        raise _refuse(ZIP_BOMB)
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        raise _refuse(_("This is a zip archive, not a Word or Excel document."))
    try:
        types = archive.read("[Content_Types].xml")
        if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
            raise _refuse(
                _("This Office file contains macros: save it as a macro-free .docx or .xlsx.")
            )
        # Every part that is XML by its content, not only those named .xml: Office opens a part
        # by the type the package declares for it, and expat reads any encoding it announces.
        for entry in entries:
            if entry.is_dir():
                continue
            with archive.open(entry) as part:
                head = part.read(XML_HEAD)
            if _looks_like_xml(head):
                _check_xml_part(archive, entry)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError) as error:
        raise _refuse(DAMAGED_OFFICE) from error
    except (OSError, EOFError, ValueError) as error:
        raise _refuse(DAMAGED_OFFICE) from error
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    raise _refuse(_("This Office file is neither a Word document nor an Excel workbook."))


def _check_text(content: bytes) -> str:
    if b"\x00" in content[:8192]:
        raise _refuse(_("Only PDF, Word (.docx), Excel (.xlsx) and text files can be uploaded."))
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _refuse(
            _("This text file is not UTF-8: save it as UTF-8 and upload it again.")
        ) from error
    return "txt"


def read_limited(upload) -> bytes:
    """Read an UploadedFile, refusing it as soon as it passes the size limit."""
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise _refuse(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "size": format(upload.size / 1024 / 1024, ".1f"),
                "limit": settings.ACCORD_MAX_UPLOAD_MB,
            }
        )
    chunks, size = [], 0
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise _refuse(
                _("The file is larger than the %(ACCORD_MAX_UPLOAD_MB)s MB limit.")
                % {"ACCORD_MAX_UPLOAD_MB": settings.ACCORD_MAX_UPLOAD_MB}
            )
        chunks.append(chunk)
    if size == 0:
        raise _refuse(_("The file is empty."))
    return b"".join(chunks)


# --- Keeping files ------------------------------------------------------------------------------
# Everything below reads, writes and deletes stored files through Django's storage API
# (accord.core.storage.file_storage): the local folder or the S3 bucket, never a path.


class _KeepIfCommitted:
    """An on_commit callback that doubles as a rollback hook. Django keeps on_commit callbacks
    until the transaction commits and drops them, unrun, when the transaction (or the savepoint
    they were registered in) rolls back. When this one is dropped unrun, the file written for
    the transaction is removed: a refused or failed write leaves no orphan in the storage."""

    __slots__ = ("__weakref__", "state")

    def __init__(self, storage, name: str):
        self.state = {"committed": False}
        weakref.finalize(self, _remove_uncommitted, storage, name, self.state)

    def __call__(self):
        self.state["committed"] = True


def _remove_uncommitted(storage, name: str, state: dict) -> None:
    if state["committed"]:
        return
    try:
        storage.delete(name)
    except Exception:  # a finaliser must not raise; the log names the orphan to remove by hand
        logger.exception("Could not remove %s after its transaction rolled back", name)


@transaction.atomic
def store_upload(
    *,
    actor,
    upload,
    alliance_id: int | None = None,
    program_id: int | None = None,
    allow: tuple[str, ...] = (),
    private: bool = False,
) -> StoredFile:
    """Validate an uploaded file and keep it; raises ValidationError({"file": ...}) if refused.
    A `private` file is opened only by its uploader (what Accord built for one person).

    The file is written inside the caller's transaction, so a storage that refuses the write
    rolls the whole change back; if the transaction rolls back later, the file is removed."""
    name = clean_name(upload.name)
    content = read_limited(upload)
    detected = detect(content, name, allow)
    stored = StoredFile(
        original_name=name,
        kind=detected.kind,
        content_type=detected.content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
        alliance_id=alliance_id,
        program_id=program_id,
        private=private,
    )
    storage = file_storage()
    wanted = f"{timezone.now():%Y/%m}/{stored.id}"
    try:
        stored.path = storage.save(wanted, ContentFile(content))
    except Exception:
        _remove_uncommitted(storage, wanted, {"committed": False})  # a half-written file
        raise
    transaction.on_commit(_KeepIfCommitted(storage, stored.path))
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
    """The stored file opened for reading (a Django File); FileNotFoundError if it is gone."""
    return file_storage().open(stored.path, "rb")


def delete_stored(stored: StoredFile) -> None:
    """Remove the file once the transaction deleting its record commits (not before: a rolled
    back deletion keeps it)."""
    storage, name = file_storage(), stored.path
    transaction.on_commit(lambda: storage.delete(name), robust=True)
