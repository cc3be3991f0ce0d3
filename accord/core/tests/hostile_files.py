"""Files, good and hostile, built in memory for upload tests (used by every app's tests)."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from pypdf import PdfWriter

CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
DOCUMENT = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Licence Agreement</w:t></w:r></w:p></w:body></w:document>"""


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def pdf_bytes(text_marker: bytes = b"") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue() + text_marker


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": DOCUMENT})


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Alliance", "Partner"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": DOCUMENT,
            "word/media/padding.bin": b"\0" * (30 * 1024 * 1024),
        }
    )


def macro_docx() -> bytes:
    types = CONTENT_TYPES.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    return zip_bytes(
        {
            "[Content_Types].xml": types,
            "word/document.xml": DOCUMENT,
            "word/vbaProject.bin": b'Attribute VB_Name = "AutoOpen"',
        }
    )


def xxe_docx() -> bytes:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&xxe;</w:document>'
    )
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": evil})


def javascript_pdf() -> bytes:
    return pdf_bytes(b"\n1 0 obj << /S /JavaScript /JS (app.alert('x')) >> endobj\n")


HOSTILE = {
    # name: (file name, content, the message the user must see)
    "zip bomb": ("budget.docx", zip_bomb, "zip bomb"),
    "macro renamed .docx": ("minutes.docx", macro_docx, "contains macros"),
    "external XML entities": ("charter.docx", xxe_docx, "declares XML entities"),
    "executable renamed .pdf": (
        "agreement.pdf",
        lambda: b"MZ\x90\x00\x03\x00\x00\x00" * 64,
        "Only PDF, Word",
    ),
    "PDF with JavaScript": ("term-sheet.pdf", javascript_pdf, "active content"),
    "plain zip renamed .xlsx": (
        "tracker.xlsx",
        lambda: zip_bytes({"a.txt": b"x"}),
        "not a Word or Excel",
    ),
    "PDF named .docx": ("agreement.docx", pdf_bytes, "is a PDF file by its content"),
    "empty file": ("empty.txt", lambda: b"", "The file is empty."),
}

# Django's multipart parser already drops directory parts from upload names before any code of
# ours runs; these are refused by name for the sources that hand us raw names.
TRAVERSAL_NAMES = [
    "../../etc/passwd.txt",
    "..\\..\\boot.ini",
    "/etc/shadow",
    "notes\x00.txt.pdf",
    "..",
    " ",
]
