"""Instrument versioning, and the maturity self-assessment with its export and benchmark import."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.conftest import api_client, login
from accord.health import actions, maturity
from accord.health.models import BenchmarkEntry, BenchmarkSet, Instrument, MaturityAssessment, Wave
from accord.health.results import wave_results

from .factories import closed_wave, default_instrument, draft_wave


def test_editing_an_instrument_in_use_makes_a_new_version_and_the_wave_keeps_its_own(world):
    wave = closed_wave(world.manager_a, world.alliance_a, own=[("C", 75)] * 3)
    v1 = wave.instrument
    trust = v1.items_in_order().filter(theme__key="trust").first()
    v2, item = actions.item_add(
        actor=world.manager_a,
        instrument=v1,
        theme_id=trust.theme_id,
        data={"text": "The partner keeps its promises.", "kind": "agree5"},
    )
    assert (v2.family, v2.number, v2.derived_from) == (v1.family, 2, v1)
    assert v1.items_in_order().count() == 39 and v2.items_in_order().count() == 40
    assert Wave.objects.get(pk=wave.pk).instrument == v1
    assert wave_results(Wave.objects.get(pk=wave.pk)).available
    # v2 is not in use yet: further edits change it in place.
    v2_again, _ = actions.item_add(
        actor=world.manager_a,
        instrument=v2,
        theme_id=item.theme_id,
        data={"text": "Another one.", "kind": "yesno"},
    )
    assert v2_again.pk == v2.pk
    # The old version is frozen.
    with pytest.raises(ValidationError):
        actions.item_remove(actor=world.manager_a, instrument=v1, item_id=trust.pk)
    assert list(Instrument.objects.current().values_list("pk", flat=True)) == [v2.pk]


def test_a_0_100_item_needs_anchored_descriptions(world):
    instrument = default_instrument()
    theme = instrument.items_in_order().first().theme
    with pytest.raises(ValidationError) as error:
        actions.item_add(
            actor=world.leader,
            instrument=instrument,
            theme_id=theme.pk,
            data={"text": "How good?", "kind": "scale100", "anchors": {"0": "bad"}},
        )
    assert "anchors" in error.value.message_dict


def test_the_instrument_builder_page_and_api(world):
    instrument = default_instrument()
    draft_wave(world.manager_a, world.alliance_a)  # now in use
    client = login(world.manager_a)
    category = instrument.categories.first()
    response = client.post(
        f"/health/instruments/{instrument.pk}/",
        {"op": "theme", "category": category.pk, "name": "Speed"},
    )
    new = Instrument.objects.get(number=2)
    assert response.status_code == 302 and response["Location"] == f"/health/instruments/{new.pk}/"
    assert new.categories.get(key=category.key).themes.filter(name="Speed").exists()
    assert login(world.partner_a).get(f"/health/instruments/{instrument.pk}/").status_code == 404
    api = api_client(world.executive).post(
        f"/api/v1/health/instruments/{new.pk}/categories/", {"name": "X"}, format="json"
    )
    assert api.status_code == 403


ANSWERS = {key: 4 for key in maturity.QUESTION_KEYS}


def _completed(world):
    assessment = actions.assessment_create(
        actor=world.leader, data={"title": "2026 self-assessment"}
    )
    return actions.assessment_answer(
        actor=world.leader, assessment=assessment, answers=ANSWERS, complete=True
    )


def test_the_self_assessment_scores_by_dimension_with_measured_capacity(world):
    assessment = _completed(world)
    facts = assessment.facts
    assert facts["live_alliances"] == 2
    assert facts["people_holding_alliances"] == 3
    assert facts["headcount_score"] == maturity.headcount_score(
        facts["load_ratio"], facts["over_capacity"] / facts["people_holding_alliances"]
    )
    assert maturity.headcount_score(0.67, 2 / 9) == 77.8
    assert maturity.headcount_score(1.2) == 50.0 and maturity.headcount_score(1.7) == 0.0
    assert assessment.scores["capacity"] == pytest.approx(
        round((75 * 4 + facts["headcount_score"]) / 5, 1)
    )
    assert assessment.scores["outcomes"] == 75.0
    assert assessment.scores["index"] == round(
        (
            assessment.scores["capacity"]
            + assessment.scores["digital"]
            + assessment.scores["outcomes"]
        )
        / 3,
        1,
    )


def test_the_export_is_anonymised(world):
    assessment = _completed(world)
    response = login(world.leader).get(f"/maturity/{assessment.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == maturity.CSV_HEADER
    assert len(rows) == 2 and rows[1][0].startswith("org-")
    assert "Meridian" not in response.content.decode()
    assert rows[1][1] == assessment.assessed_on.replace(day=1).isoformat()


GOOD = b"organisation,assessed_on,capacity,digital,outcomes,index\norg-a,2026-01-01,40,55,60,51.7\norg-b,,70,80,75,75\norg-c,2025-06-01,30.25,20,45,31.8\n"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\n \n", "The file is empty."),
        (b"name,score\nx,1\n", "missing: organisation"),
        (GOOD.replace(b"55", b"155"), "Line 2, digital: scores are from 0 to 100."),
        (GOOD.replace(b"org-b", b"org-a"), "org-a appears twice"),
        (GOOD.replace(b"org-b", b"=HYPERLINK(1)"), "Line 3, organisation: use a pseudonym"),
        (GOOD.replace(b"2026-01-01", b"01/01/2026"), "Line 2, assessed_on: use a date"),
        (b"\xff\xfe\x00o", "not a text (CSV) file"),
        (GOOD.replace(b"40", b"NaN"), "Line 2, capacity: scores are from 0 to 100."),
        (b"organisation,assessed_on,capacity,digital,outcomes,index\n", "no results"),
    ],
)
def test_a_bad_benchmark_file_imports_nothing(world, content, message):
    response = login(world.leader).post(
        "/maturity/benchmarks/import/",
        {"name": "Cohort", "file": SimpleUploadedFile("b.csv", content)},
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["errors"])
    assert BenchmarkSet.objects.count() == 0 and BenchmarkEntry.objects.count() == 0


def test_benchmark_import_previews_then_imports_all_and_compares(world):
    client = login(world.leader)
    preview = client.post(
        "/maturity/benchmarks/import/",
        {"name": "Cohort 2026", "file": SimpleUploadedFile("b.csv", GOOD)},
    )
    assert preview.status_code == 200 and len(preview.context["preview"]) == 3
    assert BenchmarkSet.objects.count() == 0
    tampered = client.post(
        "/maturity/benchmarks/import/",
        {"confirm": "1", "payload": preview.context["payload"] + "x"},
    )
    assert tampered.status_code == 400 and BenchmarkSet.objects.count() == 0
    done = client.post(
        "/maturity/benchmarks/import/", {"confirm": "1", "payload": preview.context["payload"]}
    )
    assert done.status_code == 302
    benchmark = BenchmarkSet.objects.get()
    assert sorted(benchmark.entries.values_list("organisation", flat=True)) == [
        "org-a",
        "org-b",
        "org-c",
    ]
    assessment = _completed(world)
    comparison = client.get(f"/maturity/{assessment.pk}/").context["comparison"]
    index = next(row for row in comparison if row["key"] == "index")
    assert index["median"] == 51.7 and index["n"] == 3
    api = api_client(world.leader).get(
        f"/api/v1/health/maturity/{assessment.pk}/compare/", {"benchmark": benchmark.pk}
    )
    assert api.status_code == 200 and api.json()[3]["key"] == "index"


def test_the_api_import_is_all_or_nothing_too(world):
    client = api_client(world.leader)
    bad = client.post(
        "/api/v1/health/benchmarks/",
        {
            "name": "X",
            "file": SimpleUploadedFile("b.csv", GOOD.replace(b"70", b"-1")),
            "confirm": "true",
        },
        format="multipart",
    )
    assert bad.status_code == 400 and BenchmarkSet.objects.count() == 0
    preview = client.post(
        "/api/v1/health/benchmarks/",
        {"name": "X", "file": SimpleUploadedFile("b.csv", GOOD)},
        format="multipart",
    )
    assert (
        preview.status_code == 200
        and len(preview.json()["rows"]) == 3
        and BenchmarkSet.objects.count() == 0
    )
    done = client.post(
        "/api/v1/health/benchmarks/",
        {"name": "X", "file": SimpleUploadedFile("b.csv", GOOD), "confirm": "true"},
        format="multipart",
    )
    assert done.status_code == 201 and len(done.json()["entries"]) == 3


@pytest.mark.parametrize("persona", ["partner_a", "outsider"])
def test_partners_never_see_the_maturity_assessment(world, persona):
    assessment = _completed(world)
    assert login(getattr(world, persona)).get("/maturity/").status_code == 403
    assert login(getattr(world, persona)).get(f"/maturity/{assessment.pk}/").status_code == 404
    assert (
        api_client(getattr(world, persona)).get("/api/v1/health/maturity/").json()["results"] == []
    )


def test_only_leaders_run_the_assessment(world):
    before = MaturityAssessment.objects.count()
    assert (
        login(world.manager_a)
        .post("/maturity/new/", {"title": "Mine", "assessed_on": "2026-05-01"})
        .status_code
        == 403
    )
    assert MaturityAssessment.objects.count() == before
