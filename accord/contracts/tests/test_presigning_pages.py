"""Pre-signing review pages: upload a draft agreement and its plans, read the findings side by
side, dismiss one with a reason; scoped like the contract register, every persona."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.conftest import jobs, login
from accord.contracts import actions
from accord.contracts.models import PresigningFinding, PresigningReview, ReviewStatus
from accord.core.models import AuditEvent, StoredFile
from accord.core.tests.hostile_files import javascript_pdf, pdf_bytes, xlsx_bytes

DATA = Path(__file__).parent / "data" / "presigning"
PERSONAS = [
    "admin",
    "leader",
    "manager_a",
    "manager_b",
    "executive",
    "contributor",
    "firewalled",
    "partner_a",
    "partner_b",
    "outsider",
    "anonymous",
]


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"
    return settings.ACCORD_FILES_ROOT


def upload(name, folder_name=None, content=None):
    data = content if content is not None else (DATA / (folder_name or name)).read_bytes()
    return SimpleUploadedFile(name, data)


def files():
    return {
        "agreement": upload(
            "PhaseBio draft agreement.txt", "phasebio_co_development_agreement.txt"
        ),
        "plans": [
            upload("Work plan.txt", "phasebio_work_plan.txt"),
            upload("Budget annex.txt", "phasebio_budget_annex.txt"),
        ],
    }


def start(world, program=None, user=None):
    upload_set = files()
    review = actions.presigning_review_start(
        actor=user or world.manager_a,
        alliance=world.alliance_a,
        agreement_file=upload_set["agreement"],
        plan_files=upload_set["plans"],
        program=program,
    )
    actions.presigning_review_run(review.pk)
    return review


def test_a_review_from_upload_to_findings_side_by_side(world, django_capture_on_commit_callbacks):
    client = login(world.manager_a)
    page = client.get(f"/alliances/{world.alliance_a.pk}/contracts/")
    assert f'href="/alliances/{world.alliance_a.pk}/contracts/presigning/"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            f"/alliances/{world.alliance_a.pk}/contracts/presigning/",
            {"title": "PhaseBio draft v3", **files()},
        )
    review = PresigningReview.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/contracts/presigning/{review.pk}/"
    )
    assert len(jobs(callbacks)) == 4  # the three uploads kept once committed, and the job queued
    review.refresh_from_db()
    assert (review.status, review.title, review.created_by) == (
        ReviewStatus.DONE,
        "PhaseBio draft v3",
        world.manager_a,
    )
    documents = list(review.documents.all())
    assert [(d.position, d.role, d.file.original_name, d.defined_terms) for d in documents] == [
        (0, "agreement", "PhaseBio draft agreement.txt", 257),
        (1, "plan", "Work plan.txt", 4),
        (2, "plan", "Budget annex.txt", 1),
    ]
    assert all(d.file.alliance_id == world.alliance_a.pk for d in documents)
    counts = {}
    for finding in review.findings.all():
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    assert counts == {
        "undefined": 3,
        "paraphrase": 3,
        "other_meaning": 1,
        "milestone": 2,
        "contradiction": 2,
    }
    finding = review.findings.get(term="Phase III Clinical Trial")
    assert finding.plan_passage == "Phase III Clinical Trial"
    assert finding.other_document == documents[0]
    assert finding.other_passage.startswith('"Phase 3 Trial" means the clinical trial')
    assert documents[1].text[finding.plan_start : finding.plan_end] == finding.plan_passage
    audit = AuditEvent.objects.filter(object_repr="PhaseBio draft v3")
    assert sorted(audit.values_list("action", "field", "old_value", "new_value", "actor")) == [
        ("create", "status", "", "Queued", world.manager_a.pk),
        ("create", "title", "", "PhaseBio draft v3", world.manager_a.pk),
        ("update", "status", "Reading", "Done", world.manager_a.pk),
    ]

    page = client.get(review.get_absolute_url()).content.decode()
    assert 'Findings <span class="muted">(11 open)</span>' in page
    assert "Terms the agreement never defines (3)" in page
    assert "Definitions that contradict (2)" in page
    assert "Plan: Work plan.txt" in page
    assert "Agreement: PhaseBio draft agreement.txt — nearest definition “Phase 3 Trial”" in page
    assert "Plan: Budget annex.txt — “FTE Rate”" in page  # a plan against another plan
    assert "The agreement defines nothing close to it." in page  # an undefined term

    only = client.get(review.get_absolute_url() + "?kind=milestone").content.decode()
    assert only.count('<article class="finding') == 2
    assert "Successful completion of the pivotal study" in only and "Interim Readout" not in only
    unknown = client.get(review.get_absolute_url() + "?kind=nonsense")
    assert unknown.status_code == 200
    assert "Kind: not a kind of finding; showing all of them." in unknown.content.decode()
    assert unknown.content.decode().count('<article class="finding') == 11


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "agreement", "Draft agreement (PDF, Word or text): This field is required."),
        (
            {"agreement": upload("scan.pdf", content=pdf_bytes())},
            "agreement",
            "“scan.pdf” has no text layer (a scanned image?): Accord reads the words, not pictures "
            "of them. Upload the Word file, or a PDF run through OCR.",
        ),
        (
            {"agreement": upload("terms.xlsx", content=xlsx_bytes())},
            "agreement",
            "“terms.xlsx” is a XLSX file: upload the text as PDF, Word (DOCX) or TXT.",
        ),
        (
            {"agreement": upload("active.pdf", content=javascript_pdf())},
            "agreement",
            "“active.pdf”: This PDF contains active content (JavaScript, launch actions or embedded "
            "files) and was refused.",
        ),
        (
            {"plans": upload("plan.docx", content=b"just text")},
            "plans",
            "“plan.docx”: “plan.docx” is a TXT file by its content but is named .docx: rename it "
            "to match, or upload the file you meant.",
        ),
        (
            {"plans": upload("empty.txt", content=b"")},
            "plans",
            "Plans (PDF, Word or text): The submitted file is empty.",
        ),
    ],
)
def test_bad_uploads_name_the_field_and_keep_nothing(world, files_root, data, field, message):
    client = login(world.manager_a)
    sent = {
        "agreement": upload("agreement.txt", "phasebio_co_development_agreement.txt"),
        "plans": [upload("plan.txt", "phasebio_work_plan.txt")],
    }
    if not data:
        sent.pop("agreement")
    sent.update(data)
    response = client.post(f"/alliances/{world.alliance_a.pk}/contracts/presigning/", sent)
    assert response.status_code == 400
    form = response.context["form"]
    assert message in [f"{form.fields[field].label}: {e}" for e in form.errors[field]] + list(
        form.errors[field]
    )
    assert not PresigningReview.objects.exists()
    assert not StoredFile.objects.exists()
    assert not AuditEvent.objects.exists()
    assert not files_root.exists() or not any(p.is_file() for p in files_root.rglob("*"))


def test_the_upload_page_for_each_persona(world):
    url = f"/alliances/{world.alliance_a.pk}/contracts/presigning/"
    expected = dict(
        zip(PERSONAS, [200, 200, 200, 403, 403, 403, 403, 403, 404, 404, 302], strict=True)
    )
    got = {name: login(world.persona(name)).get(url).status_code for name in PERSONAS}
    assert got == expected


def test_a_review_is_seen_like_the_register_and_its_firewall(world):
    review = start(world)
    secret = start(world, program=world.program_a2)
    for name in PERSONAS:
        client = login(world.persona(name))
        seen = client.get(review.get_absolute_url()).status_code
        hidden = client.get(secret.get_absolute_url()).status_code
        if name == "anonymous":
            assert (seen, hidden) == (302, 302)
        elif name in ("partner_a", "partner_b", "outsider"):
            assert (seen, hidden) == (404, 404), name  # the register is internal
        else:
            assert seen == 200, name
            assert hidden == (200 if name == "manager_a" else 404), name
    tab = login(world.firewalled).get(f"/alliances/{world.alliance_a.pk}/contracts/")
    assert review.title in tab.content.decode()
    assert secret.get_absolute_url() not in tab.content.decode()


def test_dismissing_a_finding_needs_a_reason_and_the_right_to_edit(world):
    review = start(world)
    finding = review.findings.get(term="Go Decision")
    url = f"/contracts/presigning/findings/{finding.pk}/dismiss/"
    before = AuditEvent.objects.count()

    for name, status in [("executive", 403), ("manager_b", 403), ("partner_a", 404)]:
        assert (
            login(world.persona(name)).post(url, {"reason": "Agreed at JSC"}).status_code == status
        )
    response = login(world.manager_a).post(url, {"reason": "no"}, follow=True)
    assert "Reason: Give a reason for dismissing this finding (at least 5 characters)." in (
        response.content.decode()
    )
    finding.refresh_from_db()
    assert finding.dismissed_at is None and AuditEvent.objects.count() == before

    response = login(world.manager_a).post(url, {"reason": "Defined in the JSC charter"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.dismissed_by, finding.dismiss_reason) == (
        world.manager_a,
        "Defined in the JSC charter",
    )
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.reason, event.alliance_id) == (
        "update",
        "Defined in the JSC charter",
        world.alliance_a.pk,
    )
    page = login(world.leader).get(review.get_absolute_url()).content.decode()
    assert "(10 open, 1 dismissed)" in page
    assert "Defined in the JSC charter" in page
    assert PresigningFinding.objects.filter(dismissed_at__isnull=False).count() == 1


def test_a_file_that_cannot_be_read_fails_the_review_with_a_message(world):
    review = start(world)
    # a second review whose stored agreement has gone missing from the storage
    upload_set = files()
    broken = actions.presigning_review_start(
        actor=world.manager_a,
        alliance=world.alliance_a,
        agreement_file=upload_set["agreement"],
        plan_files=upload_set["plans"],
    )
    from accord.core.storage import file_storage

    file_storage().delete(broken.documents.get(position=0).file.path)
    broken = actions.presigning_review_run(broken.pk)
    assert (broken.status, broken.error) == (
        ReviewStatus.FAILED,
        "The files could not be read; try Word or text copies.",
    )
    assert not broken.findings.exists() and review.findings.count() == 11
    page = login(world.manager_a).get(broken.get_absolute_url()).content.decode()
    assert "The review failed: The files could not be read; try Word or text copies." in page


def test_a_word_plan_is_read_like_a_text_one(world):
    import io

    import docx

    document = docx.Document()
    for paragraph in (DATA / "phasebio_work_plan.txt").read_text(encoding="utf-8").split("\n\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    review = actions.presigning_review_start(
        actor=world.manager_a,
        alliance=world.alliance_a,
        agreement_file=upload("agreement.txt", "phasebio_co_development_agreement.txt"),
        plan_files=[upload("Work plan.docx", content=buffer.getvalue())],
    )
    review = actions.presigning_review_run(review.pk)
    assert review.status == ReviewStatus.DONE
    assert sorted(review.findings.values_list("kind", "term")) == [
        ("contradiction", "Development Term"),
        (
            "milestone",
            "| Milestone 3 | Successful completion of the pivotal study | USD 10,000,000 |",
        ),
        (
            "milestone",
            "| Milestone 4 | The Parties are satisfied with the manufacturing scale-up | USD 2,000,000 |",
        ),
        ("other_meaning", "Completion Date"),
        ("paraphrase", "Phase III Clinical Trial"),
        ("paraphrase", "development programme"),
        ("paraphrase", "regulatory approval"),
        ("undefined", "Clinical Operations Lead"),
        ("undefined", "Go Decision"),
        ("undefined", "Interim Readout"),
    ]  # the annex's FTE Rate is not there to contradict
