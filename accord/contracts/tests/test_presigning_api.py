"""The pre-signing review API: create (multipart), list and read reviews and findings, dismiss;
scoped like the pages, with field-named errors and nothing kept on a refusal."""

import pytest

from accord.conftest import api_client
from accord.contracts.models import PresigningFinding, PresigningReview
from accord.core.models import AuditEvent, StoredFile
from accord.core.tests.hostile_files import pdf_bytes

from .test_presigning_pages import PERSONAS, start, upload


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"


def payload(world, **extra):
    return {
        "alliance": world.alliance_a.pk,
        "title": "API review",
        "agreement": upload("agreement.txt", "phasebio_co_development_agreement.txt"),
        "plans": [
            upload("plan.txt", "phasebio_work_plan.txt"),
            upload("annex.txt", "phasebio_budget_annex.txt"),
        ],
        **extra,
    }


def test_create_runs_the_review_and_answers_with_it(world, django_capture_on_commit_callbacks):
    client = api_client(world.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/presigning-reviews/", payload(world), format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["status"], body["alliance"], body["program"]) == (
        "API review",
        "queued",  # answered before the job ran
        world.alliance_a.pk,
        None,
    )
    assert [d["name"] for d in body["documents"]] == ["agreement.txt", "plan.txt", "annex.txt"]
    review = client.get(f"/api/v1/presigning-reviews/{body['id']}/").json()
    assert review["status"] == "done"
    assert review["counts"] == {
        "undefined": 3,
        "paraphrase": 3,
        "other_meaning": 1,
        "milestone": 2,
        "contradiction": 2,
    }
    found = client.get(
        "/api/v1/presigning-findings/", {"review": body["id"], "kind": "contradiction"}
    ).json()
    rows = found["results"] if isinstance(found, dict) else found
    assert [(f["term"], f["plan_document"], f["other_document"]) for f in rows] == [
        ("Development Term", 1, 0),
        ("FTE Rate", 1, 2),
    ]
    assert rows[1]["other_passage"].startswith('"FTE Rate" means USD 275,000')


def test_unknown_filters_are_refused(world):
    response = api_client(world.manager_a).get("/api/v1/presigning-findings/", {"colour": "red"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "extra, field, message",
    [
        ({"agreement": ""}, "agreement", "Choose the draft agreement's file."),
        (
            {"agreement": upload("scan.pdf", content=pdf_bytes())},
            "agreement",
            "“scan.pdf” has no text layer (a scanned image?): Accord reads the words, not pictures "
            "of them. Upload the Word file, or a PDF run through OCR.",
        ),
        ({"plans": []}, "plans", "Choose at least one plan (work plan, budget, annex)."),
    ],
)
def test_bad_uploads_are_400_naming_the_field(world, extra, field, message):
    data = payload(world, **extra)
    if extra.get("agreement") == "":
        data.pop("agreement")
    if extra.get("plans") == []:
        data.pop("plans")
    response = api_client(world.manager_a).post(
        "/api/v1/presigning-reviews/", data, format="multipart"
    )
    assert response.status_code == 400
    assert message in response.json()[field]
    assert not PresigningReview.objects.exists() and not StoredFile.objects.exists()


def test_each_persona_reads_and_starts_only_what_they_may(world):
    review = start(world)
    secret = start(world, program=world.program_a2)
    finding = review.findings.get(term="Go Decision")
    for name in PERSONAS:
        client = api_client(world.persona(name))
        listed = client.get("/api/v1/presigning-reviews/")
        if name == "anonymous":
            assert listed.status_code == 401
            continue
        ids = {r["id"] for r in listed.json()["results"]}
        one = client.get(f"/api/v1/presigning-reviews/{review.pk}/").status_code
        hidden = client.get(f"/api/v1/presigning-reviews/{secret.pk}/").status_code
        finding_status = client.get(f"/api/v1/presigning-findings/{finding.pk}/").status_code
        if name in ("partner_a", "partner_b", "outsider"):
            assert (ids, one, hidden, finding_status) == (set(), 404, 404, 404), name
        elif name == "manager_a":
            assert (ids, one, hidden) == ({review.pk, secret.pk}, 200, 200)
        else:
            assert (ids, one, hidden, finding_status) == ({review.pk}, 200, 404, 200), name

    trail = AuditEvent.objects.exclude(content_type__model="apitoken")  # the clients' tokens
    counts = (PresigningReview.objects.count(), StoredFile.objects.count(), trail.count())
    refused = {
        "manager_b": 403,  # another alliance's manager
        "executive": 403,
        "firewalled": 403,
        "partner_a": 403,
        "partner_b": 403,
        "outsider": 403,
    }
    for name, status in refused.items():
        response = api_client(world.persona(name)).post(
            "/api/v1/presigning-reviews/", payload(world), format="multipart"
        )
        assert response.status_code == status, (name, response.content)
    assert (
        PresigningReview.objects.count(),
        StoredFile.objects.count(),
        trail.count(),
    ) == counts


def test_dismiss_through_the_api(world):
    review = start(world)
    finding = review.findings.get(term="Interim Readout")
    url = f"/api/v1/presigning-findings/{finding.pk}/dismiss/"
    assert api_client(world.executive).post(url, {"reason": "Agreed"}).status_code == 403
    bad = api_client(world.manager_a).post(url, {})
    assert bad.status_code == 400 and "reason" in bad.json()
    assert PresigningFinding.objects.get(pk=finding.pk).dismissed_at is None
    ok = api_client(world.manager_a).post(url, {"reason": "Defined in the JSC charter"})
    assert ok.status_code == 200
    assert (ok.json()["dismiss_reason"], ok.json()["dismissed_by"]) == (
        "Defined in the JSC charter",
        str(world.manager_a),
    )
