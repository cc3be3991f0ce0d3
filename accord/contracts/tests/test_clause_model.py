"""The clause model and the value readers: reproducible from CUAD, never guessing a redaction.

CUAD v1 (Hendrycks, Burns, Chen & Ball, NeurIPS 2021; The Atticus Project; CC BY 4.0) is read
from ../shared/cuad, as CI has it next to the repository.
"""

import csv
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from accord.contracts import extraction
from accord.contracts.reading import cuad, model, modelfile, segment, values

CUAD = Path(__file__).resolve().parents[3].parent / "shared" / "cuad"
REDACTIONS = json.loads((Path(__file__).parent / "data" / "redactions.json").read_text("utf-8"))


@pytest.mark.parametrize(
    "case", REDACTIONS["cases"], ids=lambda c: f"{c['category']}:{c['source'][:30]}"
)
def test_a_redacted_value_is_never_guessed(case):
    text = case["text"]
    found = values.read(text, segment.units(text))
    value = found.get(case["category"])
    assert value is None or value.value == "redacted", (value, text)


def test_redaction_corpus_covers_each_value_reader():
    kinds = {case["category"] for case in REDACTIONS["cases"]}
    assert kinds == {
        "Agreement Date",
        "Governing Law",
        "Notice Period To Terminate Renewal",
        "Renewal Term",
    }
    assert len(REDACTIONS["cases"]) == 100


def test_values_say_how_they_were_computed():
    text = (
        'This License Agreement (the "Agreement") is made and entered into as of March 1, 2019 by '
        "and between Alpha Bio, Inc. and Beta Pharma Ltd.\n\nWHEREAS, the parties entered into a "
        "Supply Agreement dated June 5, 2015.\n\n12.1 This Agreement shall remain in effect for a "
        "period of five (5) years from the Effective Date. Thereafter it shall automatically renew "
        "for successive one (1) year periods unless either party gives written notice of "
        "non-renewal at least ninety (90) days prior to the end of the then-current term.\n\n"
        "14.2 This Agreement shall be governed by the laws of the State of New York."
    )
    found = values.read(text, segment.units(text))
    assert found["Agreement Date"].value == "2019-03-01"
    assert found["Effective Date"].value == "2019-03-01"
    assert found["Expiration Date"].value == "2024-02-29"
    assert found["Expiration Date"].how == "Effective Date 2019-03-01 + 5 years - 1 day"
    assert found["Renewal Term"].value == "successive 1 year"
    assert found["Notice Period To Terminate Renewal"].value == "90 days"
    assert found["Governing Law"].value == "New York"


def test_a_filing_footer_or_a_recital_date_is_not_the_agreement_date():
    text = (
        "Source: ACME CORP, 10-K, 3/15/2019\n\nDISTRIBUTION AGREEMENT\n\nThis Distribution "
        "Agreement is made as of [***], 2018 between Acme Corp and Beta LLC.\n\nWHEREAS, the "
        "parties are parties to a Services Agreement dated January 2, 2017."
    )
    assert values.agreement_date(text).value == "redacted"
    text = text.replace("[***], 2018", "the date of the last signature below")
    assert values.agreement_date(text) is None


def test_governing_law_is_the_full_jurisdiction_name():
    assert values.read_law("governed by the laws of England and Wales.") == "England and Wales"
    assert values.read_law("construed under the laws of the Province of Ontario") == (
        "Ontario, Canada"
    )
    assert values.read_law("governed by the laws of the Federal Republic of Germany") == "Germany"
    assert values.read_law("governed by the laws of [●]") == "redacted"


def test_the_shipped_model_is_what_the_training_code_produces():
    shipped = modelfile.shipped()
    header = shipped.header
    assert header["config_hash"] == model.config_hash()
    assert header["trained_on"] == 406
    # The loading path reads the probe sentences as the training run recorded them.
    for text, recorded in header["probes"].items():
        assert shipped.unit_scores([text])[0].round(4).tolist() == pytest.approx(recorded, abs=2e-4)
    # and the contract-level stage reads a contract made of them as recorded.
    recorded = header["probe_contract"]
    assert modelfile.probe_contract(shipped).round(4).tolist() == pytest.approx(recorded, abs=2e-4)
    # The same training code on the first CUAD contracts reproduces the recorded fingerprint.
    tiny = model.train(cuad.load(CUAD)[: model.TINY_CONTRACTS], model.TINY_CATEGORIES)
    assert modelfile.fingerprint(tiny) == header["tiny_fingerprint"]


def test_suggest_gives_scored_model_findings_and_rule_values():
    text = (
        "LICENSE AGREEMENT\n\nThis License Agreement is made as of March 3, 2021 by and between "
        "Meridian Therapeutics, Inc. and Kestrel Bio, Inc.\n\n2.1 Licensor hereby grants to "
        "Licensee an exclusive, royalty-bearing license under the Licensed Patents to develop "
        "and commercialize Licensed Products in the Territory.\n\n9.3 Neither party may assign "
        "this Agreement without the prior written consent of the other party.\n\n14.2 This "
        "Agreement shall be governed by the laws of the State of Delaware."
    )
    found = extraction.suggest(text)
    law = [s for s in found if s.category == "Governing Law"]
    assert [(s.value, s.score, s.field) for s in law] == [
        ("Delaware", 1.0, "agreement.governing_law")
    ]
    grants = [s for s in found if s.category == "License Grant"]
    assert len(grants) == 1 and grants[0].text.startswith("2.1 Licensor hereby grants")
    assert 0.0 < grants[0].score < 1.0
    assert grants[0].score >= modelfile.shipped().thresholds["License Grant"]
    assert any(s.category == "Anti-Assignment" for s in found)


def test_evaluate_import_writes_predictions_for_any_cuad_folder(tmp_path):
    folder = tmp_path / "cuad"
    (folder / "contracts").mkdir(parents=True)
    with (CUAD / "index.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kept = rows[:3]
    with (folder / "index.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    names = [cuad.base_name(row["txt_file"]) for row in kept]
    for name in names:
        shutil.copy(CUAD / "contracts" / name, folder / "contracts" / name)
    out = tmp_path / "predictions.json"
    log = io.StringIO()
    call_command(
        "evaluate_import",
        cuad=str(folder),
        predictions=str(out),
        stdout=log,
    )
    result = json.loads(out.read_text("utf-8"))
    categories = modelfile.shipped().categories
    assert sorted(result) == sorted([*names, "_values"])
    assert sorted(result["_values"]) == sorted(names)
    for name in names:
        assert sorted(result[name]) == sorted(categories)
        for finding in result[name].values():
            assert isinstance(finding["present"], bool)
            assert 0.0 <= finding["score"] <= 1.0
            assert finding["present"] == bool(finding["spans"])
        assert sorted(result["_values"][name]) == sorted(
            [
                "Agreement Date",
                "Effective Date",
                "Expiration Date",
                "Renewal Term",
                "Notice Period To Terminate Renewal",
                "Governing Law",
            ]
        )
    assert "No labels.csv" in log.getvalue()


def _clause_categories(found) -> set[str]:
    return {f.category for f in found if f.category in extraction.MODEL_FIELDS}


@pytest.mark.parametrize("row", [0, 57, 123, 250, 389])
def test_the_import_suggests_exactly_the_categories_evaluate_import_judges_present(row):
    """What a person is offered on the import page (whole text, and read in pieces as the job
    does) is what the measurement reports: a category judged absent gives no sentence, and a
    category judged present gives at least one, in its reported spans."""
    from accord.contracts.importing import document
    from accord.contracts.reading.predict import predict_text

    with (CUAD / "index.csv").open(newline="", encoding="utf-8") as handle:
        entry = list(csv.DictReader(handle))[row]
    text = (CUAD / "contracts" / cuad.base_name(entry["txt_file"])).read_text("utf-8")
    measured, _ = predict_text(modelfile.shipped(), text)
    present = {c for c, v in measured.items() if v["present"] and c in extraction.MODEL_FIELDS}
    whole = extraction.suggest(text)
    assert _clause_categories(whole) == present
    spans = {(c, *span) for c in present for span in measured[c]["spans"]}
    assert {(s.category, s.start, s.end) for s in whole if s.category in present} <= spans
    pieces = document.read(text)
    if len(document.chunks(text)) > 1:
        assert _clause_categories(pieces) == present
    else:
        assert [(f.category, f.start, f.end) for f in pieces if f.category in present] == sorted(
            [(s.category, s.start, s.end) for s in whole if s.category in present],
            key=lambda f: (f[1], f[0]),
        )


def test_clause_rules_count_pattern_hits_per_register_category():
    from accord.contracts.reading import evaluate, rules

    patterns = rules.load()
    assert sorted(patterns) == sorted(evaluate.FOCUS)
    text = (
        "Either party may terminate this Agreement at any time for its convenience upon ninety\n"
        "(90) days prior written notice. Licensee shall have a right of first refusal to acquire "
        "the Product. Licensee shall not contest the validity of the Licensed Patents."
    )
    hits = dict(zip(evaluate.FOCUS, rules.hit_counts(text, evaluate.FOCUS).tolist(), strict=True))
    # "for its convenience", and "terminate ... at any time ... days prior written notice" across
    # the line break
    assert hits.pop("Termination For Convenience") == 2
    assert hits.pop("Rofr/Rofo/Rofn") == 1
    assert hits.pop("Covenant Not To Sue") == 1
    assert set(hits.values()) == {0}
    # The evidence classifier reads the sentences a category's patterns match.
    read = rules.evidence(text, segment.units(text), ["Rofr/Rofo/Rofn", "Audit Rights"])
    assert read == [
        "Licensee shall have a right of first refusal to acquire the Product.",
        "",
    ]
    # Categories without patterns count nothing; the model's stage 2 sees log(1 + hits) and
    # whether any matched.
    assert rules.hit_counts(text, ["Governing Law"]).tolist() == [0.0]
    features = model.contract_features(
        np.full((2, 1), 0.5),
        np.zeros(1),
        ["max", "doc", "rules", "rules_any", "evidence"],
        np.array([3.0]),
        np.array([-1.5]),
    )
    assert features.round(4).tolist() == [[0.0, 0.0, round(float(np.log(4)), 4), 1.0, -1.5]]


def test_a_numbered_line_of_a_pdf_starts_a_new_paragraph():
    text = (
        "1. DEFINITIONS\n1.1 “Affiliate” shall mean any company\ncontrolled by a party.\n"
        "1.2The Assay means the test. It was made in\n2019. The party pays\n1.5% of Net Sales "
        "under\n12.3 of this Agreement."
    )
    assert extraction.NUMBERED_LINE.sub("\n\n", text) == (
        "1. DEFINITIONS\n\n1.1 “Affiliate” shall mean any company\ncontrolled by a party.\n\n"
        "1.2The Assay means the test. It was made in\n2019. The party pays\n1.5% of Net Sales "
        "under\n12.3 of this Agreement."
    )
    # On a real agreement (CUAD's PDF of Biocept's collaboration agreement) each numbered
    # definition is a unit of its own instead of running into the next one.
    pdf = next((CUAD / "pdf").glob("BIOCEPTINC_08_19_2013*"))
    text = extraction.read_text(pdf.read_bytes(), "pdf")
    read = [text[a:b] for a, b in segment.units(text)]
    affiliate = next(u for u in read if u.startswith("1.1 “Affiliate” shall mean"))
    assert "1.2 " not in affiliate and any(u.startswith("1.2 “Assay” shall mean") for u in read)


def test_a_label_with_omitted_parts_labels_its_parts_only():
    text = "1.1 Licensee shall not sell. 1.2 Unrelated text here. 1.3 or distribute any product."
    start, end = text.index("Licensee"), text.index("product.") + len("product.")
    clause = "Licensee shall not sell. <omitted> or distribute any product."
    parts = cuad.segments(text, clause, start, end)
    assert [text[a:b] for a, b in parts] == [
        "Licensee shall not sell.",
        "or distribute any product.",
    ]
    # A label without omitted parts, or whose parts are not found in order, is kept whole.
    assert cuad.segments(text, "Licensee shall not sell.", 4, 28) == [(4, 28)]
    assert cuad.segments(text, "missing <omitted> text", start, end) == [(start, end)]
