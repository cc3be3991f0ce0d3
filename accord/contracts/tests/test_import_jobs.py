"""Agreement import as a background job: the upload is kept, read by the job (a real task run),
the document shown with its clauses highlighted, and a clause confirmed into the register with
a link back to it. Readers of due rules and milestone payments on real CUAD sentences."""

import io
import itertools
import json
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType

from accord.conftest import login
from accord.contracts import extraction
from accord.contracts.importing import document, parties, readers
from accord.contracts.models import (
    Agreement,
    AgreementImport,
    ImportFinding,
    ImportStatus,
    Milestone,
    Obligation,
    Restriction,
)
from accord.contracts.tests import factories
from accord.contracts.tests.test_import import AGREEMENT, docx_of, pdf_of
from accord.core.models import AuditEvent, StoredFile
from accord.core.tests.hostile_files import upload

DATA = json.loads((Path(__file__).parent / "data" / "import_sentences.json").read_text())
OBLIGATIONS = (
    "\n\n7.1 Licensee shall pay royalties within forty-five (45) days after the end of each "
    "calendar quarter.\n\n8.2 Kestrel shall pay Meridian a milestone payment of USD 10 million "
    "upon the first approval of an NDA for the Product.\n\n8.3 Kestrel shall pay Meridian "
    "$[***] upon the first dosing of a patient in a Phase 3 trial."
)
TEXT = AGREEMENT + OBLIGATIONS


def start(client, alliance, name="kestrel.txt", content=TEXT.encode()):
    return client.post(
        f"/alliances/{alliance.pk}/contracts/import/", {"file": upload(name, content)}
    )


@pytest.fixture
def done(world, django_capture_on_commit_callbacks):
    """An import of alliance A, read by the job."""
    with django_capture_on_commit_callbacks(execute=True):
        response = start(login(world.manager_a), world.alliance_a)
    assert response.status_code == 302
    return AgreementImport.objects.get()


# --- Readers on real sentences ----------------------------------------------------------------


@pytest.mark.parametrize("case", DATA["due_rules"], ids=lambda c: c["sentence"][:40])
def test_due_rules_are_read_into_the_obligation_rule_fields(case):
    reading = readers.due_rule(case["sentence"])
    assert reading.value == case["value"]
    assert {k: reading.prefill[k] for k in case["prefill"]} == case["prefill"]


@pytest.mark.parametrize("case", DATA["payments"], ids=lambda c: c["sentence"][:40])
def test_milestone_payments_read_amount_currency_and_trigger(case):
    reading = readers.payment(case["sentence"])
    assert {k: reading.prefill.get(k) for k in case["prefill"]} == case["prefill"]


@pytest.mark.parametrize("sentence", DATA["not_obligations"])
def test_sentences_without_a_due_rule_are_not_obligations(sentence):
    assert readers.due_rule(sentence) is None
    assert readers.payment(sentence) is None


@pytest.mark.parametrize(
    "sentence, how",
    [
        ("Licensee shall deliver the report within [***] days after the end of each Calendar Quarter.", "recurring each quarter; the days are redacted"),
        ("Licensee shall give notice at least [ ] days before the Option expires.", "notice before Option expires; the days are redacted"),
        ("Licensee shall pay within [●] days after First Commercial Sale.", "after “First Commercial Sale”; the days are redacted"),
        ("Licensee shall pay within ___ days after First Commercial Sale.", "after “First Commercial Sale”; the days are redacted"),
    ],
)  # fmt: skip
def test_a_redacted_number_of_days_is_redacted_never_guessed(sentence, how):
    reading = readers.due_rule(sentence)
    assert (reading.value, reading.how) == ("redacted", how)
    assert not {"recur_offset_days", "notice_days", "event_offset_days"} & set(reading.prefill)


def test_a_redacted_amount_is_redacted_and_has_no_amount():
    reading = readers.payment("Kestrel shall pay $[***] upon the first dosing in a Phase 3 trial.")
    assert reading.value == "USD redacted on first dosing in a Phase 3 trial"
    assert reading.prefill["amount_status"] == "redacted" and "amount" not in reading.prefill


def test_parties_match_known_companies_whatever_the_suffix_or_punctuation():
    known = [(1, "Kestrel Bio"), (2, "Polaris Biologics"), (3, "Meridian Therapeutics")]
    found = parties.match(
        'MERIDIAN THERAPEUTICS, INC., a Delaware corporation ("Meridian"), and Kestrel Bio '
        'GmbH ("Kestrel") and Acme Widgets Ltd.',
        known,
    )
    assert [(p.name, p.company_id) for p in found] == [
        ("Kestrel Bio", 1),
        ("Meridian Therapeutics", 3),
        ("Acme Widgets Ltd.", None),
    ]
    assert parties.key("Kestrel Bio, Inc.") == parties.key("kestrel bio") == "kestrel bio"


def test_the_document_is_escaped_and_every_finding_marked_with_its_category_in_words():
    text = "Intro <b>bold</b>. Licensee shall pay within 30 days after First Commercial Sale."
    finding = ImportFinding(
        pk=7, category="Obligation", target="obligation", start=19, end=len(text)
    )
    html = document.highlighted(text, [finding])
    assert html == (
        "Intro &lt;b&gt;bold&lt;/b&gt;. "
        '<span class="hl-label hl-obligation" id="clause-7">Obligation</span>'
        '<mark class="hl hl-obligation" data-clause="7">Licensee shall pay within 30 days '
        "after First Commercial Sale.</mark>"
    )


# --- The job ------------------------------------------------------------------------------------


def test_the_job_reads_the_upload_and_keeps_its_findings(world, done):
    assert (done.status, done.progress, done.error) == (ImportStatus.DONE, 100, "")
    assert done.file.alliance_id == world.alliance_a.pk
    assert done.text.startswith("LICENSE AGREEMENT")
    found = {f.category: f for f in done.findings.all()}
    assert found["Governing Law"].value == "New York"
    assert found["Governing Law"].target == "agreement"
    assert found["Agreement Date"].value == "2021-03-03"
    law = found["Governing Law"]
    assert done.text[law.start : law.end].strip() == law.text
    obligations = done.findings.filter(category="Obligation")
    assert [o.value for o in obligations] == [
        "within 45 days after the end of each calendar quarter"
    ]
    payments = done.findings.filter(category="Milestone Payment").order_by("start")
    assert [p.value for p in payments] == [
        "USD 10,000,000 on first approval of an NDA for the Product",
        "USD redacted on first dosing of a patient in a Phase 3 trial",
    ]
    # Our own company is known by its name; "Kestrel Biotherapeutics, Inc." is not "Kestrel Bio".
    assert found["Parties"].value == (
        "Meridian Therapeutics (known); Kestrel Biotherapeutics, Inc. (new)"
    )
    assert found["Parties"].prefill == {
        "parties": [world.own.pk],
        "new": ["Kestrel Biotherapeutics, Inc."],
    }
    # The clause reader's own confidence where it gives one (the trained reader does), else none.
    [read] = [s for s in extraction.suggest(done.text) if s.category == "Governing Law"]
    assert found["Governing Law"].score == getattr(read, "score", None)
    assert obligations[0].score is None  # rule readers give none
    assert list(
        AuditEvent.objects.for_object(done).values_list("field", "old_value", "new_value")
    ) == [("status", "Reading", "Done"), ("status", "", "Queued"), ("file", "", "kestrel.txt")]


def test_the_job_reads_in_chunks_and_reports_progress():
    text = ("Licensee shall pay within 30 days after each calendar quarter. " * 800 + "\n\n") * 2
    seen = []
    found = document.read(text, seen.append)
    ranges = document.chunks(text)
    assert len(ranges) == 6 and ranges[0][0] == 0 and ranges[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    # Each chunk is read by the model, then turned into findings: twelve steps in all.
    assert seen == [8, 17, 25, 33, 42, 50, 58, 67, 75, 83, 92, 100]
    assert sum(f.category == "Obligation" for f in found) == 1600
    assert all(text[f.start : f.end] == f.text for f in found if f.category == "Obligation")


@pytest.mark.parametrize(
    "name, make", [("kestrel.docx", docx_of), ("kestrel.pdf", pdf_of)], ids=["docx", "pdf"]
)
def test_word_and_pdf_are_read_too(world, django_capture_on_commit_callbacks, name, make):
    with django_capture_on_commit_callbacks(execute=True):
        start(login(world.manager_a), world.alliance_a, name, make(TEXT))
    imported = AgreementImport.objects.get()
    assert imported.status == ImportStatus.DONE
    assert imported.findings.get(category="Governing Law").value == "New York"


def scanned_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.rect(50, 50, 400, 600, fill=1)  # a page that is only a picture
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def test_a_scanned_pdf_gets_the_no_text_layer_message_and_leaves_nothing(world):
    response = start(login(world.manager_a), world.alliance_a, "scan.pdf", scanned_pdf())
    assert response.status_code == 400
    assert "This PDF has no text layer (it looks like a scan)" in response.content.decode()
    assert (AgreementImport.objects.count(), StoredFile.objects.count()) == (0, 0)


def test_a_damaged_docx_is_a_field_error_not_a_500(world):
    response = start(login(world.manager_a), world.alliance_a, "notes.xlsx", b"not a workbook")
    assert response.status_code == 400
    assert (
        "“notes.xlsx” is a TXT file by its content but is named .xlsx"
        in response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    )
    assert (AgreementImport.objects.count(), StoredFile.objects.count()) == (0, 0)


def test_a_file_whose_reading_fails_ends_as_failed_with_why(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    from accord.contracts import extraction

    def broken(text):
        raise RuntimeError("reader crashed")

    monkeypatch.setattr(extraction, "suggest", broken)
    with django_capture_on_commit_callbacks(execute=True):
        start(login(world.manager_a), world.alliance_a)
    imported = AgreementImport.objects.get()
    assert (imported.status, imported.findings.count()) == (ImportStatus.FAILED, 0)
    assert imported.error == "This file could not be read as an agreement; try a text or Word copy."
    page = login(world.manager_a).get(imported.get_absolute_url()).content.decode()
    assert "The agreement could not be read." in page


# --- Pages ----------------------------------------------------------------------------------


def test_the_result_page_shows_the_document_highlighted_and_filters_by_category(world, done):
    client = login(world.manager_a)
    page = client.get(done.get_absolute_url()).content.decode()
    law = done.findings.get(category="Governing Law")
    assert f'id="clause-{law.pk}"' in page
    assert f'<span class="hl-label hl-agreement" id="clause-{law.pk}">Governing Law</span>' in page
    assert '<mark class="hl hl-obligation"' in page and '<mark class="hl hl-milestone"' in page
    assert "rule, not scored" in page
    ImportFinding.objects.filter(pk=law.pk).update(score=0.834)
    assert "83% confidence" in client.get(done.get_absolute_url()).content.decode()
    assert "Add as obligation…" in page and "Add as milestone payment…" in page
    filtered = client.get(done.get_absolute_url(), {"category": "Obligation"})
    assert [f.category for f in filtered.context["findings"]] == ["Obligation"]
    assert f'id="clause-{law.pk}"' not in filtered.content.decode()


def test_a_running_import_polls_its_progress(world):
    imported = AgreementImport.objects.create(
        alliance=world.alliance_a,
        file=StoredFile.objects.create(original_name="k.txt", kind="txt", size=1, path="x"),
        status=ImportStatus.READING,
        progress=40,
    )
    client = login(world.manager_a)
    page = client.get(imported.get_absolute_url()).content.decode()
    assert f'hx-get="/contracts/imports/{imported.pk}/progress/"' in page
    assert "40% read." in page
    imported.status, imported.progress = ImportStatus.DONE, 100
    imported.save()
    partial = client.get(f"/contracts/imports/{imported.pk}/progress/", HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true"
    assert "hx-get" not in partial.content.decode()


PERSONAS = {
    # persona: (upload page, result page) status for alliance A's import
    "manager_a": (200, 200),
    "admin": (200, 200),
    "leader": (200, 200),
    "manager_b": (403, 200),
    "executive": (403, 200),
    "firewalled": (403, 200),
    "partner_a": (403, 404),
    "partner_b": (404, 404),
    "outsider": (404, 404),
}


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_who_may_import_and_read_imports(world, done, persona):
    client = login(world.persona(persona))
    upload_page = client.get(f"/alliances/{world.alliance_a.pk}/contracts/import/")
    result = client.get(done.get_absolute_url())
    progress = client.get(f"/contracts/imports/{done.pk}/progress/")
    assert (upload_page.status_code, result.status_code) == PERSONAS[persona]
    assert progress.status_code == PERSONAS[persona][1]
    if PERSONAS[persona][0] != 200:
        refused = start(client, world.alliance_a)
        assert refused.status_code == PERSONAS[persona][0]
        assert AgreementImport.objects.count() == 1


def test_anonymous_is_sent_to_sign_in(world, done, client):
    assert client.get(done.get_absolute_url()).status_code == 302


# --- Confirming -----------------------------------------------------------------------------


def confirm_link(client, imported, category):
    finding = imported.findings.filter(category=category).order_by("start").first()
    page = client.get(imported.get_absolute_url())
    [shown] = [f for f in page.context["findings"] if f.pk == finding.pk]
    return finding, shown.confirm_url


def test_confirming_a_restriction_creates_it_linked_to_its_clause(world, done):
    client = login(world.manager_a)
    finding, url = confirm_link(client, done, "Non-Compete")
    form = client.get(url)
    assert form.context["form"]["kind"].value() == "non_compete"
    assert form.context["form"]["clause_text"].value() == finding.text
    assert "From the imported clause" in form.content.decode()
    agreement = factories.agreement(world.alliance_a)
    data = {
        "agreement": agreement.pk,
        "bound": "us",
        "starts_on": agreement.effective_date.isoformat(),
        "kind": "non_compete",
        "targets": "KRAS G12D",
        "title": "Non-compete on KRAS",
        "clause_text": finding.text,
        "section": "2.6",
        "state": "active",
        "exclusivity": "exclusive",
        "scope": "alliance",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    restriction = Restriction.objects.get()
    finding.refresh_from_db()
    assert (finding.confirmed_as, finding.confirmed_by) == (restriction, world.manager_a)
    detail = client.get(restriction.get_absolute_url()).content.decode()
    assert f'href="/contracts/imports/{done.pk}/#clause-{finding.pk}"' in detail
    assert sorted(
        AuditEvent.objects.for_object(finding).values_list("field", "new_value", "actor")
    ) == [
        ("confirmed_id", str(restriction.pk), world.manager_a.pk),
        ("confirmed_type", "Contracts | restriction", world.manager_a.pk),
    ]
    # Confirmed once: the same link again changes nothing.
    again = client.post(url, {**data, "title": "Twice"})
    assert again.status_code == 400
    assert "This clause is already in the register." in again.content.decode()
    assert Restriction.objects.count() == 1


def test_confirming_the_agreement_files_later_entries_under_it(world, done):
    client = login(world.manager_a)
    finding, url = confirm_link(client, done, "Governing Law")
    form = client.get(url).context["form"]
    assert form["governing_law"].value() == "New York"
    assert form["effective_date"].value() == "2021-03-03"
    assert [str(p) for p in form["parties"].value()] == [str(world.own.pk)]
    response = client.post(
        url,
        {
            "kind": "master",
            "title": "Kestrel licence",
            "effective_date": "2021-03-03",
            "governing_law": "New York",
            "parties": [world.own.pk, world.partner_co_a.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    agreement = Agreement.objects.get()
    done.refresh_from_db()
    assert done.agreement == agreement
    assert ImportFinding.objects.confirmed_as(agreement).get() == finding
    _, url = confirm_link(client, done, "Obligation")
    form = client.get(url).context["form"]
    assert form["agreement"].value() == agreement.pk
    assert (
        form["rule"].value(),
        form["recur_period"].value(),
        form["recur_offset_days"].value(),
    ) == ("recurring", "quarter", "45")
    _, url = confirm_link(client, done, "Milestone Payment")
    form = client.get(url).context["form"]
    assert (form["amount"].value(), form["currency"].value(), form["kind"].value()) == (
        "10000000.00",
        "USD",
        "regulatory",
    )


def test_confirming_an_obligation_creates_it_with_its_due_rule(world, done):
    client = login(world.manager_a)
    finding, url = confirm_link(client, done, "Obligation")
    response = client.post(
        url,
        {
            "title": "Quarterly royalties",
            "owed_by": "partner",
            "category": "payment",
            "rule": "recurring",
            "recur_period": "quarter",
            "recur_offset_days": "45",
            "recur_start": "2024-01-01",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    obligation = Obligation.objects.get()
    assert (obligation.recur_period, obligation.recur_offset_days) == ("quarter", 45)
    finding.refresh_from_db()
    assert finding.confirmed_type == ContentType.objects.get_for_model(Obligation)
    assert finding.confirmed_id == obligation.pk


def test_a_failed_save_confirms_nothing(world, done):
    client = login(world.manager_a)
    finding, url = confirm_link(client, done, "Milestone Payment")
    response = client.post(url, {"title": ""})
    assert response.status_code == 400
    finding.refresh_from_db()
    assert (finding.confirmed_id, Milestone.objects.count()) == (None, 0)


def test_a_finding_of_another_alliance_or_out_of_scope_is_a_404(world, done):
    finding = done.findings.filter(category="Non-Compete").first()
    other = login(world.manager_b).get(
        f"/alliances/{world.alliance_b.pk}/contracts/restriction/new/", {"finding": finding.pk}
    )
    assert other.status_code == 404
    executive = login(world.executive).get(
        f"/alliances/{world.alliance_a.pk}/contracts/restriction/new/", {"finding": finding.pk}
    )
    assert executive.status_code in (403, 404)
    finding.refresh_from_db()
    assert finding.confirmed_id is None


# --- API --------------------------------------------------------------------------------------


def test_the_api_starts_an_import_lists_findings_and_confirms_one(
    world, django_capture_on_commit_callbacks
):
    from accord.conftest import api_client

    client = api_client(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/agreement-imports/",
            {"alliance": world.alliance_a.pk, "file": upload("kestrel.txt", TEXT.encode())},
            format="multipart",
        )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    body = client.get(f"/api/v1/agreement-imports/{pk}/").json()
    assert (body["status"], body["progress"], body["file_name"]) == ("done", 100, "kestrel.txt")
    findings = client.get(f"/api/v1/agreement-imports/{pk}/findings/").json()
    [obligation] = [f for f in findings if f["category"] == "Obligation"]
    assert obligation["prefill"]["recur_offset_days"] == "45"
    agreement = factories.agreement(world.alliance_a)
    entry = factories.obligation(agreement, title="Quarterly royalties")
    url = f"/api/v1/agreement-imports/{pk}/findings/{obligation['id']}/confirm/"
    confirmed = client.post(url, {"entry_type": "obligation", "entry_id": entry.pk})
    assert confirmed.status_code == 200, confirmed.json()
    assert (confirmed.json()["confirmed_type"], confirmed.json()["confirmed_id"]) == (
        "obligation",
        entry.pk,
    )
    again = client.post(url, {"entry_type": "obligation", "entry_id": entry.pk})
    assert again.status_code == 400
    # Out of scope: the same as missing.
    for persona, code in [("partner_a", 404), ("outsider", 404), ("manager_b", 200)]:
        assert (
            api_client(world.persona(persona)).get(f"/api/v1/agreement-imports/{pk}/").status_code
            == code
        )
    assert api_client(world.partner_a).get("/api/v1/agreement-imports/").json()["count"] == 0
    refused = api_client(world.manager_b).post(
        url.replace(str(obligation["id"]), str(findings[0]["id"])),
        {"entry_type": "obligation", "entry_id": entry.pk},
    )
    assert refused.status_code == 403
    executive = api_client(world.executive).post(
        "/api/v1/agreement-imports/",
        {"alliance": world.alliance_a.pk, "file": upload("kestrel.txt", TEXT.encode())},
        format="multipart",
    )
    assert executive.status_code == 403
    assert AgreementImport.objects.count() == 1
