import io

import docx
import pdfplumber

from accord.core.documents import Document, to_docx, to_pdf


def sample():
    return (
        Document("Alliance dossier: Kestrel", subtitle="Prepared 2026-11-23", footer="Confidential")
        .heading("At a glance")
        .paragraph("Co-development with Kestrel <Bio> & partners.")
        .bullets(["JSC meets twice a year", "Option expires 2027-03-31"])
        .table(
            ["Milestone", "Amount"], [["First patient dosed", "USD 25m"], ["Phase 3 start", None]]
        )
        .table(["Nothing"], [], empty="No open issues.")
    )


def test_pdf_holds_the_same_facts():
    with pdfplumber.open(io.BytesIO(to_pdf(sample()))) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    for fact in [
        "Alliance dossier: Kestrel",
        "Kestrel <Bio> & partners",
        "JSC meets twice a year",
        "First patient dosed",
        "USD 25m",
        "No open issues.",
        "Confidential",
    ]:
        assert fact in text


def test_docx_holds_the_same_facts():
    word = docx.Document(io.BytesIO(to_docx(sample())))
    paragraphs = [p.text for p in word.paragraphs]
    assert "Alliance dossier: Kestrel" in paragraphs and "JSC meets twice a year" in paragraphs
    table = word.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Milestone", "Amount"],
        ["First patient dosed", "USD 25m"],
        ["Phase 3 start", "—"],
    ]
    assert "No open issues." in paragraphs
