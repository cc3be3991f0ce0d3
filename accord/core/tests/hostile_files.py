"""Files, good and hostile, built in memory for upload tests (used by every app's tests)."""

import functools
import io
import re
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

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


@functools.cache
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


# --- Bypasses of a checker that greps: each must be refused by parsing ---------------------

EVIL_DTD = '<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def late_entity_docx() -> bytes:
    """The DOCTYPE after 8 KB of comment, past where a checker that reads the head looks."""
    evil = (
        '<?xml version="1.0"?>'
        + "<!--"
        + "x" * 8192
        + "-->"
        + EVIL_DTD
        + f'<w:document xmlns:w="{W_NS}">&xxe;</w:document>'
    ).encode()
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": evil})


def utf16_entity_docx() -> bytes:
    """A part in UTF-16: `<!DOCTYPE` is not those bytes, but expat reads it."""
    evil = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        + EVIL_DTD
        + f'<w:document xmlns:w="{W_NS}">&xxe;</w:document>'
    ).encode("utf-16")
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": evil})


def blank_lines_entity_docx() -> bytes:
    """No XML declaration, so blank lines may come first: the part does not start with `<`."""
    evil = ("\r\n\r\n  " + EVIL_DTD + f'<w:document xmlns:w="{W_NS}">&xxe;</w:document>').encode()
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": evil})


def entity_in_unnamed_part_docx() -> bytes:
    """An entity in a part whose name does not end in .xml (Office reads it by its declared
    content type)."""
    types = CONTENT_TYPES.replace(
        b"</Types>",
        b'<Override PartName="/customXml/item1.dat" ContentType="application/xml"/></Types>',
    )
    evil = ('<?xml version="1.0"?>' + EVIL_DTD + "<item>&xxe;</item>").encode()
    return zip_bytes(
        {"[Content_Types].xml": types, "word/document.xml": DOCUMENT, "customXml/item1.dat": evil}
    )


def xlsx_parts(rows=(("date", "channel", "count"), ("2026-01-10", "phone", 3))) -> dict:
    """The parts of a real workbook (openpyxl's), to be altered part by part."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        return {name: source.read(name) for name in source.namelist()}


SHEET = "xl/worksheets/sheet1.xml"


def xxe_xlsx() -> bytes:
    """A workbook whose sheet declares an external entity."""
    parts = xlsx_parts()
    parts[SHEET] = EVIL_DTD.encode() + parts[SHEET].replace(b"<v>3</v>", b"<v>&xxe;</v>")
    return zip_bytes(parts)


def _altered_sheet(old: bytes, new: bytes) -> bytes:
    parts = xlsx_parts()
    assert old in parts[SHEET]
    parts[SHEET] = parts[SHEET].replace(old, new)
    return zip_bytes(parts)


def huge_dimension_xlsx(rows=None) -> bytes:
    """A workbook that declares the sheet spans A1:XFD2101 (16,384 columns): a reader that
    believes it pads every row to 16,384 cells."""
    parts = xlsx_parts(rows) if rows is not None else xlsx_parts()
    sheet = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD2101"/>', parts[SHEET])
    # An empty cell on the declared last row: a reader pads every row on the way to it.
    sheet = sheet.replace(b"</sheetData>", b'<row r="2101"><c r="A2101"/></row></sheetData>')
    assert b"A1:XFD2101" in sheet
    parts[SHEET] = sheet
    return zip_bytes(parts)


def sheetless_xlsx() -> bytes:
    parts = xlsx_parts()
    parts["xl/workbook.xml"] = re.sub(
        rb"<sheets>.*</sheets>", b"<sheets/>", parts["xl/workbook.xml"], flags=re.DOTALL
    )
    return zip_bytes(parts)


def missing_sheet_xlsx() -> bytes:
    parts = xlsx_parts()
    del parts[SHEET]
    return zip_bytes(parts)


@functools.cache
def many_parts_bomb_docx() -> bytes:
    """240 parts of 1 MB each (none above a per-part limit): 240 MB once unpacked."""
    parts = {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": DOCUMENT}
    block = b"\0" * (1024 * 1024)
    for number in range(240):
        parts[f"word/media/image{number}.bin"] = block
    return zip_bytes(parts)


def _pdf_with(catalog_entries: dict | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    for key, value in (catalog_entries or {}).items():
        writer._root_object[NameObject(key)] = writer._add_object(value)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def escaped_name_javascript_pdf() -> bytes:
    """/J#61vaScript is /JavaScript to every PDF reader, and not those bytes."""
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    content = _pdf_with({"/OpenAction": action})
    content = content.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in content and b"/JS " not in content
    return content


def object_stream_javascript_pdf() -> bytes:
    """A PDF 1.5 whose objects, the JavaScript opening action among them, are packed in a
    compressed object stream: no byte of the action is readable in the file."""
    packed = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /S /JavaScript /JS (app.alert('packed')) >>",
    ]
    header, body = b"", b""
    for number, obj in enumerate(packed, start=1):
        header += b"%d %d " % (number, len(body))
        body += obj + b"\n"
    data = zlib.compress(header + body)
    out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
    stream_offset = len(out)
    out += (
        b"5 0 obj\n<< /Type /ObjStm /N 4 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(data))
        + data
        + b"\nendstream\nendobj\n"
    )
    xref_offset = len(out)
    rows = [(0, 0, 65535)] + [(2, 5, index) for index in range(4)]
    rows += [(1, stream_offset, 0), (1, xref_offset, 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    )
    assert b"JavaScript" not in out and b"/JS" not in out
    return out


def launch_pdf() -> bytes:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("C:\\Windows\\System32\\calc.exe"),
        }
    )
    return _pdf_with({"/OpenAction": action})


def embedded_file_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_attachment("payload.exe", b"MZ\x90\x00")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def additional_actions_pdf() -> bytes:
    """A page that runs JavaScript when opened (/AA /O), written with escaped names."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(action)})
    buffer = io.BytesIO()
    writer.write(buffer)
    return (
        buffer.getvalue()
        .replace(b"/AA", b"/A#41")
        .replace(b"/JavaScript", b"/#4aavaScript")
        .replace(b"/JS ", b"/#4aS ")
    )


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
    # What a checker that greps missed: each is refused by parsing the file.
    "XML entity after the first 4 KB": ("charter.docx", late_entity_docx, "declares XML entities"),
    "XML entity in a UTF-16 part": ("charter.docx", utf16_entity_docx, "declares XML entities"),
    "XML entity after blank lines": (
        "charter.docx",
        blank_lines_entity_docx,
        "declares XML entities",
    ),
    "XML entity in a part not named .xml": (
        "charter.docx",
        entity_in_unnamed_part_docx,
        "declares XML entities",
    ),
    "XML entity in a workbook's sheet": ("tracker.xlsx", xxe_xlsx, "declares XML entities"),
    "240 parts of 1 MB (240 MB unpacked)": ("budget.docx", many_parts_bomb_docx, "zip bomb"),
    "PDF with /J#61vaScript (escaped name)": (
        "term-sheet.pdf",
        escaped_name_javascript_pdf,
        "active content",
    ),
    "PDF with JavaScript in an object stream": (
        "term-sheet.pdf",
        object_stream_javascript_pdf,
        "active content",
    ),
    "PDF with a launch action": ("term-sheet.pdf", launch_pdf, "active content"),
    "PDF with an embedded file": ("term-sheet.pdf", embedded_file_pdf, "active content"),
    "PDF with additional actions (escaped names)": (
        "term-sheet.pdf",
        additional_actions_pdf,
        "active content",
    ),
}

# Workbooks that are safe to open but that a spreadsheet reader chokes on: imports name the
# problem (file name, content, the message the user must see).
MALFORMED_WORKBOOKS = {
    "no sheet": ("details.xlsx", sheetless_xlsx, "The workbook has no sheet"),
    "sheet part missing": ("details.xlsx", missing_sheet_xlsx, "The workbook has no sheet"),
    "text in a number cell": (
        "details.xlsx",
        lambda: _altered_sheet(b"<v>3</v>", b"<v>three</v>"),
        "The workbook cannot be read",
    ),
    "shared string that does not exist": (
        "details.xlsx",
        lambda: _altered_sheet(b'<c r="C2" t="n"><v>3</v></c>', b'<c r="C2" t="s"><v>99</v></c>'),
        "The workbook cannot be read",
    ),
    "sheet that is not well-formed XML": (
        "details.xlsx",
        lambda: _altered_sheet(b"</sheetData>", b"<row></sheetData>"),
        "is not well-formed XML",
    ),
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
