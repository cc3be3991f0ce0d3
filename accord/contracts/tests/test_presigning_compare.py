"""The pre-signing comparison on a real agreement (PhaseBio/SFJ co-development agreement, CUAD v1,
The Atticus Project, CC BY 4.0) and a work plan and budget annex written for this test, which
use the agreement's language correctly in places and deliberately get it wrong in others."""

from pathlib import Path

import pytest

from accord.contracts.presigning.compare import compare

DATA = Path(__file__).parent / "data" / "presigning"


@pytest.fixture(scope="module")
def texts():
    read = lambda name: (DATA / name).read_text(encoding="utf-8")  # noqa: E731
    return (
        read("phasebio_co_development_agreement.txt"),
        read("phasebio_work_plan.txt"),
        read("phasebio_budget_annex.txt"),
    )


@pytest.fixture(scope="module")
def findings(texts):
    agreement, plan, annex = texts
    return compare(agreement, [plan, annex])


def test_the_exact_findings(findings):
    assert [(f.kind, f.plan, f.term, f.nearest) for f in findings] == [
        ("undefined", 1, "Clinical Operations Lead", ""),
        ("undefined", 1, "Interim Readout", ""),
        ("undefined", 1, "Go Decision", ""),
        ("paraphrase", 1, "development programme", "Development Program"),
        ("paraphrase", 1, "Phase III Clinical Trial", "Phase 3 Trial"),
        ("paraphrase", 1, "regulatory approval", "Regulatory Approval"),
        ("other_meaning", 1, "Completion Date", "Completion Date"),
        (
            "milestone",
            1,
            "| Milestone 3 | Successful completion of the pivotal study | USD 10,000,000 |",
            "",
        ),
        (
            "milestone",
            1,
            "| Milestone 4 | The Parties are satisfied with the manufacturing scale-up | USD 2,000,000 |",
            "",
        ),
        ("contradiction", 1, "Development Term", "Development Term"),
        ("contradiction", 1, "FTE Rate", "FTE Rate"),
    ]


def test_correct_usages_are_not_flagged(findings, texts):
    flagged = " ".join(f.term for f in findings)
    plan = texts[1]
    for correct in [
        "Development Plan",  # defined terms as the agreement writes them
        "Phase 3 Trial",
        "Regulatory Approval",
        "Calendar Quarter",
        "IDMC Charter",
        "Approved CRO",
        "European Clinical Trial Countries",
        "PK Studies",  # a plural the agreement defines
        "Sites",  # the agreement says the singular includes the plural
        "JDC",
        "PB",  # the parties' short names
        "SFJ",
        "Statistical Analysis Plan",  # spelled out with its acronym in the plan itself
        "SAP",
        "Monday",  # a weekday, months, a country and regulators
        "February",
        "Japan",
        "FDA",
        "EMA",
        "Glossary",  # headings
        "Milestone Schedule",
        "Enrollment",  # a sentence's first word
        "Business Day",  # defined again in the plan, with trivial differences only
    ]:
        assert correct in plan
        assert correct not in flagged, correct
    # Milestones 1 and 2 name their event in defined terms and can be measured
    assert not [f for f in findings if "Milestone 1" in f.term or "Milestone 2" in f.term]


def test_each_finding_keeps_both_passages(findings, texts):
    agreement, plan, annex = texts
    docs = [agreement, plan, annex]
    by_term = {f.term: f for f in findings}

    paraphrase = by_term["Phase III Clinical Trial"]
    assert plan[paraphrase.plan_start : paraphrase.plan_end] == "Phase III Clinical Trial"
    assert agreement[paraphrase.other_start : paraphrase.other_end].startswith(
        '"Phase 3 Trial" means the clinical trial of the Product described in PhaseBio Protocol'
    )
    lower = by_term["development programme"]
    assert plan[lower.plan_start : lower.plan_end] == "development programme"
    assert agreement[lower.other_start : lower.other_end].startswith(
        '"Development Program" means a CMC, clinical and regulatory development program'
    )

    other = by_term["Completion Date"]
    assert plan[other.plan_start : other.plan_end] == (
        "SFJ will close each Site once the last Subject completes the last study visit "
        '(the "Completion Date")'
    )
    assert agreement[other.other_start : other.other_end].startswith(
        '"Completion Date" means, as to a particular Clinical Trial, the earlier of'
    )

    term = by_term["Development Term"]
    assert plan[term.plan_start : term.plan_end] == (
        '"Development Term" means the period from the Effective Date until the first '
        "Regulatory Approval of the Product."
    )
    assert agreement[term.other_start : term.other_end].startswith(
        '"Development Term" means the period commencing on the Effective Date and ending on the later of'
    )

    rate = by_term["FTE Rate"]  # the plan against the budget annex, not the agreement
    assert (rate.plan, rate.other) == (1, 2)
    assert docs[2][rate.other_start : rate.other_end] == (
        '"FTE Rate" means USD 275,000 per full-time equivalent per Calendar Year, adjusted each '
        "January."
    )

    undefined = by_term["Interim Readout"]
    assert plan[undefined.plan_start : undefined.plan_end] == "Interim Readout"
    assert undefined.other is None


def test_milestones_say_why(findings, texts):
    agreement = texts[0]
    m3, m4 = [f for f in findings if f.kind == "milestone"]
    assert m3.detail == (
        "This milestone cannot be checked against the agreement: its event is not stated in the "
        "agreement's defined terms; “successful” with no number, threshold or date to measure it "
        "by; it has no measurable criterion (a date, a number or threshold, or a named deliverable)."
    )
    assert m4.detail == (
        "This milestone cannot be checked against the agreement: its event is not stated in the "
        "agreement's defined terms; “satisfied” with no number, threshold or date to measure it "
        "by; it has no measurable criterion (a date, a number or threshold, or a named deliverable)."
    )
    # beside it, the agreement's payment sentence closest to it
    assert m3.other == 0
    assert "Successful Phase 3 Interim Analysis" in agreement[m3.other_start : m3.other_end]


def test_plural_forms_are_paraphrases_when_the_agreement_does_not_allow_them():
    """Xencor's agreement has no "singular includes the plural" clause: "Batches" is not "Batch"."""
    agreement = (DATA / "xencor_collaboration_agreement.txt").read_text(encoding="utf-8")
    plan = (
        "BII will manufacture three Batches of Product under the Project Plan.\n\n"
        "Each Batch is released against the Acceptance Criteria with a Certificate of Analysis.\n"
    )
    found = compare(agreement, [plan])
    assert [(f.kind, f.term, f.nearest) for f in found] == [
        ("paraphrase", "Batches", "Batch"),
    ]
