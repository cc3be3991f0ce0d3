"""Importing an agreement's text: suggestions to confirm, from TXT, DOCX and PDF, never a guess."""

import io

import pytest

from accord.conftest import api_client, login
from accord.contracts import extraction
from accord.contracts.clauses import CLAUSES
from accord.contracts.models import Agreement, AgreementImport
from accord.core.models import StoredFile
from accord.core.tests.hostile_files import HOSTILE, upload

# The clauses are real contract language from CUAD v1 (The Atticus Project, CC BY 4.0).
AGREEMENT = "\n\n".join(
    [
        "LICENSE AGREEMENT",
        "This License Agreement is made and entered into as of March 3, 2021 by and between Meridian "
        'Therapeutics, Inc., a Delaware corporation ("Meridian"), and Kestrel Biotherapeutics, Inc. '
        '("Kestrel").',
        "WHEREAS, Kestrel controls certain patents.",
        "1.1 " + CLAUSES["exclusive_licence"][2],
        "2.6 " + CLAUSES["competitive_products"][2],
        "5.2 " + CLAUSES["option_period"][2],
        "14.1 This Agreement shall automatically renew for successive one (1) year terms unless either "
        "party notifies the other in writing at least ninety (90) days prior to the end of the then-current term.",
        "16.2 " + CLAUSES["law_new_york"][2],
    ]
)


def by_category(found):
    grouped = {}
    for suggestion in found:
        grouped.setdefault(suggestion.category, []).append(suggestion)
    return grouped


def test_suggestions_read_the_register_facts():
    found = by_category(extraction.suggest(AGREEMENT))
    assert found["Agreement Date"][0].value == "2021-03-03"
    assert found["Governing Law"][0].value == "New York"
    assert found["Notice Period To Terminate Renewal"][0].value == "90 days"
    assert "Kestrel Biotherapeutics" in found["Parties"][0].text
    assert any("exclusive royalty-bearing license" in s.text for s in found["License Grant"])
    assert any("covenants not to Develop" in s.text for s in found["Non-Compete"])
    assert any("Option Period" in s.text for s in found["Rofr/Rofo/Rofn"])
    prefill = extraction.agreement_prefill("Kestrel licence.txt", extraction.suggest(AGREEMENT))
    assert prefill == {
        "title": "Kestrel licence",
        "signature_date": "2021-03-03",
        "effective_date": "2021-03-03",
        "governing_law": "New York",
        "renewal_notice_days": "90",
    }


def test_a_redacted_value_is_reported_as_redacted_not_guessed():
    text = (
        "This Agreement shall be governed by the laws of [***], without regard to conflicts of law."
    )
    [law] = [s for s in extraction.suggest(text) if s.category == "Governing Law"]
    assert law.value == "redacted"


def test_cuads_matching_rule():
    label = "This Agreement shall be governed by the laws of the State of New York."
    assert extraction.cuad_match("16.2 " + label + " Both parties agree.", label)  # contained
    assert extraction.cuad_match("this agreement shall be governed by the laws of new york", label)
    assert not extraction.cuad_match("Each party shall bear its own costs.", label)


def docx_of(text):
    import docx

    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_of(text):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    style = getSampleStyleSheet()["BodyText"]
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph(p, style) for p in text.split("\n\n")])
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("kestrel.txt", AGREEMENT.encode()),
        ("kestrel.docx", docx_of(AGREEMENT)),
        ("kestrel.pdf", pdf_of(AGREEMENT)),
    ],
    ids=["txt", "docx", "pdf"],  # the PDF's bytes differ at each collection (its date, its ID)
)
def test_the_import_page_reads_text_word_and_pdf_and_adds_nothing_to_the_register(
    world, name, content, django_capture_on_commit_callbacks
):
    client = login(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/alliances/{world.alliance_a.pk}/contracts/import/", {"file": upload(name, content)}
        )
    imported = AgreementImport.objects.get()
    assert response["Location"] == imported.get_absolute_url()
    page = client.get(imported.get_absolute_url()).content.decode()
    assert "governing_law=New+York" in page
    assert "Add as restriction…" in page and "Add as right…" in page
    assert Agreement.objects.count() == 0
    prefilled = client.get(
        f"/alliances/{world.alliance_a.pk}/contracts/agreements/new/",
        {"governing_law": "New York", "effective_date": "2021-03-03"},
    )
    assert prefilled.context["form"]["governing_law"].value() == "New York"


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
def test_hostile_files_are_refused_with_the_message_and_nothing_read(world, hostile):
    name, make, message = HOSTILE[hostile]
    if hostile == "empty file":
        message = "The submitted file is empty."  # the form refuses it before our checks run
    response = login(world.manager_a).post(
        f"/alliances/{world.alliance_a.pk}/contracts/import/", {"file": upload(name, make())}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message.replace("“", "&ldquo;") in page or message in page
    assert (AgreementImport.objects.count(), StoredFile.objects.count()) == (0, 0)


def test_the_api_suggests_for_staff_only(world):
    response = api_client(world.manager_a).post(
        "/api/v1/agreements/suggest/",
        {"file": upload("kestrel.txt", AGREEMENT.encode())},
        format="multipart",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["agreement"]["governing_law"] == "New York"
    assert {"Governing Law", "Non-Compete", "License Grant"} <= {
        s["category"] for s in body["suggestions"]
    }
    assert (
        api_client(world.partner_a)
        .post(
            "/api/v1/agreements/suggest/",
            {"file": upload("kestrel.txt", AGREEMENT.encode())},
            format="multipart",
        )
        .status_code
        == 403
    )
    assert (
        api_client(world.manager_a)
        .post("/api/v1/agreements/suggest/", {}, format="multipart")
        .status_code
        == 400
    )
