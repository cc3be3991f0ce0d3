"""The alliance glossary: seeding from the agreement, agreeing and endorsing (audited), team
words suggested by the partner, scoping, the highlighter's escaping and the exports."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory

from accord.conftest import api_client, login
from accord.contracts import actions
from accord.contracts.definitions import defined_terms
from accord.contracts.models import GlossaryTerm, TeamWord, WordStatus
from accord.core.models import AuditEvent

from . import factories

AGREEMENT_TEXT = """ARTICLE 1 DEFINITIONS
1.14 "Detail" means a face-to-face presentation of the Product to a Target Physician.
1.32 “Net Sales” means the gross amounts invoiced for the Product less deductions.
2.1 This Agreement is made between Meridian Therapeutics, Inc. and Polaris (the "Partner").
"""


@pytest.fixture
def files_root(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"


def term_events(term):
    return [
        (e.action, e.field, e.old_value, e.new_value)
        for e in AuditEvent.objects.filter(
            content_type__model="glossaryterm", object_id=str(term.pk)
        ).order_by("pk")
    ]


def test_the_reader_finds_means_and_parenthesis_definitions():
    found = [(f.term, f.section) for f in defined_terms(AGREEMENT_TEXT)]
    assert found == [("Detail", "§ 1.14"), ("Net Sales", "§ 1.32"), ("Partner", "§ 2.1")]
    assert defined_terms(AGREEMENT_TEXT)[0].definition == (
        "a face-to-face presentation of the Product to a Target Physician"
    )


def test_seeding_reads_the_register_and_the_uploaded_text_once(world, files_root):
    agreement = factories.agreement(world.alliance_b, actor=world.manager_b)
    actions.defined_term_create(
        actor=world.manager_b,
        agreement=agreement,
        data={"term": "Detail", "definition": "A call on a physician.", "section": "§ 1.14"},
    )
    actions.agreement_attach(
        actor=world.manager_b,
        agreement=agreement,
        upload=SimpleUploadedFile("agreement.txt", AGREEMENT_TEXT.encode(), "text/plain"),
    )
    added = actions.glossary_seed_from_agreement(actor=world.manager_b, alliance=world.alliance_b)
    assert [(t.term, t.section, t.contractual_definition) for t in added] == [
        ("Detail", "§ 1.14", "A call on a physician."),  # the register's wins
        ("Net Sales", "§ 1.32", "the gross amounts invoiced for the Product less deductions"),
        (
            "Partner",
            "§ 2.1",
            "This Agreement is made between Meridian Therapeutics, Inc. and Polaris",
        ),
    ]
    assert added[0].defined_term is not None and added[1].agreement_id == agreement.pk
    assert term_events(added[1])[0][:2] == ("create", "term")
    again = actions.glossary_seed_from_agreement(actor=world.manager_b, alliance=world.alliance_b)
    assert again == [] and GlossaryTerm.objects.filter(alliance=world.alliance_b).count() == 3


def test_seeding_is_refused_to_a_partner_and_changes_nothing(world):
    factories.agreement(world.alliance_b, actor=world.manager_b)
    before = AuditEvent.objects.count()
    response = login(world.partner_b).post(f"/alliances/{world.alliance_b.pk}/glossary/seed/")
    assert response.status_code == 403
    assert (GlossaryTerm.objects.count(), AuditEvent.objects.count()) == (0, before)


def test_agree_then_endorse_is_audited_and_a_meaning_change_needs_agreeing_again(world):
    term = actions.glossary_term_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        data={"term": "Detail", "meaning": "A sales call.", "translations": {"ja": "ディテール"}},
    )
    with pytest.raises(ValidationError, match="Agree the term"):
        actions.glossary_term_endorse(
            actor=world.manager_b, term=term, body="JSC", endorsed_on=dt.date(2026, 1, 5)
        )
    actions.glossary_term_agree(actor=world.manager_b, term=term)
    term.refresh_from_db()
    assert term.agreed_by == world.manager_b and term.agreed_at is not None
    actions.glossary_term_endorse(
        actor=world.manager_b,
        term=term,
        body="JSC",
        endorsed_on=dt.date(2026, 1, 5),
        reference="JSC meeting 5 January 2026, decision 3",
    )
    events = term_events(term)
    assert events[-3:] == [
        ("update", "endorsed_by_body", "", "JSC"),
        ("update", "endorsed_reference", "", "JSC meeting 5 January 2026, decision 3"),
        ("update", "endorsed_on", "", "2026-01-05"),
    ]
    actions.glossary_term_update(actor=world.manager_b, term=term, data={"meaning": "A call."})
    term.refresh_from_db()
    assert (term.agreed_by, term.agreed_at) == (None, None)
    with pytest.raises(ValidationError) as error:
        actions.glossary_term_update(
            actor=world.manager_b, term=term, data={"translations": {"not a code": "x"}}
        )
    assert "translations" in error.value.message_dict


def test_the_partner_suggests_its_own_words_and_the_keeper_agrees(world):
    term = actions.glossary_term_create(
        actor=world.manager_b, alliance=world.alliance_b, data={"term": "Detail"}
    )
    word = actions.team_word_suggest(
        actor=world.partner_b, term=term, company=world.partner_co_b, word="call"
    )
    assert word.status == WordStatus.SUGGESTED
    from accord.portfolio.models import Company

    with pytest.raises(PermissionDenied):
        actions.team_word_suggest(
            actor=world.partner_b,
            term=term,
            company=Company.objects.get(kind="own"),
            word="interaction",
        )
    with pytest.raises(PermissionDenied):
        actions.team_word_agree(actor=world.partner_b, word=word)
    with pytest.raises(PermissionDenied):
        actions.glossary_term_update(actor=world.partner_b, term=term, data={"meaning": "x"})
    actions.team_word_agree(actor=world.manager_b, word=word)
    assert TeamWord.objects.get(pk=word.pk).status == WordStatus.AGREED
    # partner_a is not of alliance B: the term does not exist for them.
    response = login(world.partner_a).post(
        f"/contracts/glossary/{term.pk}/words/", {"company": world.partner_co_a.pk, "word": "x"}
    )
    assert response.status_code == 404
    assert TeamWord.objects.count() == 1


def test_scoping_every_persona(world):
    a = actions.glossary_term_create(
        actor=world.manager_a, alliance=world.alliance_a, data={"term": "Detail"}
    )
    b = actions.glossary_term_create(
        actor=world.manager_b, alliance=world.alliance_b, data={"term": "Net Sales"}
    )
    expected = {
        "leader": {a.pk, b.pk},
        "executive": {a.pk, b.pk},
        "firewalled": {a.pk, b.pk},
        "partner_a": {a.pk},
        "partner_b": {b.pk},
        "outsider": set(),
    }
    for persona, ids in expected.items():
        user = getattr(world, persona)
        assert set(GlossaryTerm.objects.visible_to(user).values_list("pk", flat=True)) == ids
        listed = api_client(user).get("/api/v1/glossary/").json()
        results = listed["results"] if isinstance(listed, dict) else listed
        assert {row["id"] for row in results} == ids, persona
    assert login(world.partner_b).get(f"/contracts/glossary/{a.pk}/").status_code == 404
    assert (
        login(world.partner_b)
        .get(f"/alliances/{world.alliance_a.pk}/glossary/export.xlsx")
        .status_code
        == 404
    )


def render_highlight(world, text, alliance):
    request = RequestFactory().get("/")
    request.user = world.manager_b
    template = Template("{% load glossary %}{% glossary text alliance %}")
    return template.render(Context({"request": request, "text": text, "alliance": alliance}))


def test_the_highlighter_escapes_the_text_and_the_meaning(world):
    term = actions.glossary_term_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        data={"term": "Net Sales", "meaning": 'Sales "net" of <b>returns</b> & rebates'},
    )
    word = actions.team_word_suggest(
        actor=world.manager_b, term=term, company=world.partner_co_b, word="revenue"
    )
    assert word.status == WordStatus.AGREED
    html = render_highlight(
        world, "<script>alert(1)</script> net  sales rose;\nRevenue too", world.alliance_b
    )
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt; "
        '<abbr class="glossary-term" title="Sales &quot;net&quot; of &lt;b&gt;returns&lt;/b&gt; '
        '&amp; rebates">net  sales</abbr> rose;<br>'
        '<abbr class="glossary-term" title="revenue — their word for Net Sales: Sales &quot;net'
        '&quot; of &lt;b&gt;returns&lt;/b&gt; &amp; rebates">Revenue</abbr> too'
    )
    # Another alliance's glossary does not apply; words inside other words are not terms.
    assert render_highlight(world, "Net Sales", world.alliance_a) == "Net Sales"
    assert render_highlight(world, "prerevenue", world.alliance_b) == "prerevenue"


def test_the_highlighter_reads_the_terms_once_per_request(world, django_assert_num_queries):
    actions.glossary_term_create(
        actor=world.manager_b, alliance=world.alliance_b, data={"term": "Detail"}
    )
    request = RequestFactory().get("/")
    request.user = world.manager_b
    template = Template("{% load glossary %}{% glossary a alliance %}|{% glossary b alliance %}")
    context = {"request": request, "a": "Detail", "b": "detail", "alliance": world.alliance_b}
    with django_assert_num_queries(2):  # the terms (scoped in SQL), their agreed words
        template.render(Context(context))


def test_the_exports_open_and_neutralise_formulas(world):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    actions.glossary_term_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        data={"term": '=HYPERLINK("http://evil")', "meaning": "+1 formula-looking meaning"},
    )
    actions.glossary_term_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        data={"term": "Detail", "meaning": "A sales call."},
    )
    client = login(world.partner_b)
    response = client.get(f"/alliances/{world.alliance_b.pk}/glossary/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [
        [(c.value, c.data_type, bool(c.quotePrefix)) for c in row[:2]] for row in sheet.iter_rows()
    ]
    assert rows[0] == [("Term", "s", False), ("Agreed meaning", "s", False)]
    # Text that looks like a formula is stored as text with the quote prefix (core.exports).
    assert sorted(rows[1:]) == [
        [('=HYPERLINK("http://evil")', "s", True), ("+1 formula-looking meaning", "s", True)],
        [("Detail", "s", False), ("A sales call.", "s", False)],
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    response = client.get(f"/alliances/{world.alliance_b.pk}/glossary/export.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Detail" in text and "A sales call." in text
