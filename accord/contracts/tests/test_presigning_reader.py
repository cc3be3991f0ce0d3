"""The definitions reader on real agreements from CUAD v1 (The Atticus Project, CC BY 4.0)."""

import re
from pathlib import Path

import pytest

from accord.contracts.presigning.reader import (
    plural_includes_singular,
    read_definitions,
)

DATA = Path(__file__).parent / "data" / "presigning"


def definitions(name):
    text = (DATA / name).read_text(encoding="utf-8")
    return text, {d.term: d for d in read_definitions(text)}


@pytest.fixture(scope="module")
def phasebio():
    return definitions("phasebio_co_development_agreement.txt")


def test_a_definitions_article_with_numbered_items(phasebio):
    text, found = phasebio
    plan = found["Development Plan"]
    assert plan.form == "means"
    assert plan.text == (
        "a written plan for the Development Program, the initial version of which is attached "
        "hereto as Exhibit D, and which will be subject to amendment by the JDC from time to time "
        "during the Development Term."
    )
    assert text[plan.start : plan.end] == '"Development Plan" means ' + plan.text
    assert found["Business Day"].text == (
        "a day that is not a Saturday, Sunday or a US federal holiday."
    )
    # one definition, two names
    assert found["Commercialization"].text == found["Commercialize"].text
    assert found["Commercialization"].text.startswith(
        "the commercial manufacture, marketing, promotion, sale and/or distribution of the Product."
    )


def test_inline_definitions_and_cross_references(phasebio):
    text, found = phasebio
    # "Effective Date" is first listed as a cross-reference to the preamble, where it is defined
    effective = found["Effective Date"]
    assert effective.form == "inline"
    assert effective.text == (
        'This Co-Development Agreement ("Agreement"), made effective as of January 9, 2020'
    )
    assert text[effective.start : effective.end].endswith('(the "Effective Date")')
    assert text[found["PB"].start : found["PB"].end].endswith('USA ("PB")')
    assert text[found["SFJ"].start : found["SFJ"].end].endswith('Ltd. ("SFJ")')
    site = found["Site"]
    assert site.is_reference
    assert site.text == "has the meaning ascribed to such term in Section 3.2.1.3."


def test_every_numbered_definition_of_the_article_is_read(phasebio):
    text, found = phasebio

    article = re.findall(r'^1\.1\.\d+ "([^"]+)"', text, re.M)
    assert len(article) == 201
    missing = [t for t in article if t not in found]
    assert missing == []
    # "is" items too: 1.1.1 "Account" is any "account" as defined in the UCC…
    assert found["Account"].text.startswith('any "account" as defined in the UCC')
    # plus second names ("Case Report Form" or "CRF") and terms defined in running text
    assert len(found) == 257


def test_shall_mean_items_set_on_one_line():
    """Xencor's definitions run on in one paragraph: each ends where the next item's number starts."""
    text, found = definitions("xencor_collaboration_agreement.txt")
    assert found["Batch"].text == "Product from one fermentation run using the Process."
    assert found["CMO"].text == "Contract Manufacturing Organization."
    assert found["Major Territories"].text == "the United States, the European Union and/or Japan."
    assert text[found["BII"].start : found["BII"].end].endswith('(hereinafter called "BII")')
    assert {"Party", "Parties", "XENCOR"} <= set(found)
    assert not plural_includes_singular(text)


def test_a_licence_agreement():
    text, found = definitions("cytodyn_license_agreement.txt")
    assert found["Field"].text == "the treatment of HIV in humans."
    assert found["First Commercial Sale"].text.startswith(
        "with respect to a Licensed Product, the first sale of such Licensed Product to a Third Party"
    )
    assert text[found["Vyera"].start : found["Vyera"].end].endswith('("Vyera")')
    assert plural_includes_singular(text)


def test_a_collaboration_agreement_defining_terms_in_running_text():
    text, found = definitions("biocept_collaboration_agreement.txt")
    assert found["Territory"].text.startswith(
        "the United States of America, and other countries of the world"
    )
    assert found["Initial Term"].form == "inline"
    assert found["Initial Term"].text.startswith(
        "The term of this Agreement will commence on the Effective Date and continue for a "
        "period of three (3) years"
    )
    assert "Test(s)" in found
    assert text[found["Life Technologies"].start : found["Life Technologies"].end].endswith(
        '("Life Technologies")'
    )


def test_curly_quotes_and_a_table_of_contents_are_told_apart():
    text = (
        "CONTENTS\n“Licensed Product” 4\n“Net Sales” 5\n\n"
        "ARTICLE 1 DEFINITIONS\n"
        "1.1 “Licensed Product” shall mean any product containing the Compound.\n\n"
        "1.2 “Net Sales” means the gross amount invoiced, less deductions.\n\n"
        "The parties will form a committee (the “Joint Steering Committee” or “JSC”)."
    )
    found = {d.term: d for d in read_definitions(text)}
    assert sorted(found) == ["JSC", "Joint Steering Committee", "Licensed Product", "Net Sales"]
    assert found["Licensed Product"].text == "any product containing the Compound."
    assert found["Net Sales"].text == "the gross amount invoiced, less deductions."
    assert found["JSC"].text == "The parties will form a committee"
