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


def test_chinese_japanese_and_korean_text_is_set_in_fonts_that_have_it():
    # Helvetica has no such characters: without a CJK font the reader sees empty boxes.
    document = Document("用語集: Hoshino ライセンス").paragraph(
        "Net Sales: 純売上高 (ja), 순매출 (ko), 净销售额 (zh) <&>"
    )
    with pdfplumber.open(io.BytesIO(to_pdf(document))) as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        fonts = {char["text"]: char["fontname"] for char in page.chars}
    assert "用語集: Hoshino ライセンス" in text
    assert "Net Sales: 純売上高 (ja), 순매출 (ko), 净销售额 (zh) <&>" in text
    # reportlab's Asian fonts, as their descriptors name them: Japanese, Korean, Chinese.
    assert (fonts["ラ"], fonts["순"], fonts["净"], fonts["N"]) == (
        "HeiseKakuGo-W5",
        "HYSMyeongJo-Medium",
        "STSongStd-Light",
        "Helvetica",
    )


def test_a_long_table_is_laid_out_in_blocks_keeping_every_row_in_order(monkeypatch):
    from accord.core import documents

    monkeypatch.setattr(documents, "TABLE_BLOCK_ROWS", 7)
    document = Document(title="Long").table(["#", "Text"], [[n, f"row-{n}"] for n in range(30)])
    with pdfplumber.open(io.BytesIO(to_pdf(document))) as pdf:
        words = [word for page in pdf.pages for word in page.extract_text().split()]
    assert [word for word in words if word.startswith("row-")] == [f"row-{n}" for n in range(30)]
    # Each block opens with the header (and a page break repeats it): 30 rows, 5 blocks.
    assert words.count("Text") == 5
