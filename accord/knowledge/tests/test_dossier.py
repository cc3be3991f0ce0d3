"""The alliance dossier: a registry of sections; the PDF and DOCX open again, hold the
alliance's facts, and never hold what the reader may not see."""

import datetime as dt
from io import BytesIO

import pytest

from accord.conftest import api_client, login
from accord.knowledge import actions, dossiers
from accord.knowledge.standard import install_standard_playbooks


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def furnished(world):
    alliance = world.alliance_a
    alliance.value_proposition = "Kestrel's ADC linker with our HER3 antibodies."
    alliance.save()
    playbooks = install_standard_playbooks(actor=world.leader)
    launch = next(p for p in playbooks if p.lifecycle == "launch")
    actions.playbook_apply(
        actor=world.leader, alliance=alliance, playbook=launch, start_date=dt.date(2020, 1, 1)
    )
    actions.raci_adopt_standard(actor=world.leader, alliance=alliance)
    actions.lesson_create(
        actor=world.manager_a,
        data={
            "title": "Linker payload ratios need a joint definition",
            "context": "c",
            "what_happened": "w",
            "lesson": "Agree the DAR definition.",
            "recommendation": "Write it into the work plan.",
            "alliance": alliance,
        },
    )
    actions.lesson_create(
        actor=world.manager_a,
        data={
            "title": "Secret program lesson KRAS",
            "context": "c",
            "what_happened": "w",
            "lesson": "l",
            "recommendation": "r",
            "alliance": alliance,
            "program": world.program_a2,
        },
    )
    return alliance


def test_sections_come_from_every_app_in_order(world, furnished):
    found = dossiers.sections(furnished, world.manager_a)
    assert [(s.source, s.title) for s in found] == [
        ("portfolio", "The alliance at a glance"),
        ("portfolio", "Tier and why"),
        ("portfolio", "Team and contacts"),
        ("portfolio", "Programs"),
        ("knowledge", "Lessons"),
        ("knowledge", "Service package and lifecycle plans"),
        ("knowledge", "Roles and responsibilities (RACI)"),
        ("knowledge", "Templates in use"),
        ("portfolio", "Recent changes"),
    ]


@pytest.mark.parametrize("fmt, read", [("pdf", pdf_text), ("docx", docx_text)])
def test_the_file_opens_and_holds_the_alliances_facts(world, furnished, fmt, read):
    response = login(world.manager_a).get(f"/alliances/{furnished.pk}/dossier.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="dossier-kestrel-adc-collaboration-'
    )
    text = " ".join(read(response.content).split())
    for fact in [
        "Alliance dossier: Kestrel ADC Collaboration",
        "Kestrel Bio",
        "Co-development",
        "2024-03-01",
        "Kestrel's ADC linker with our HER3 antibodies.",
        "Daniel Reyes",
        "KST-ADC1",
        "KST-SECRET",  # Manager A is cleared for it
        "Linker payload ratios need a joint definition",
        "Launch: 45-day early deliverables and 100-day plan",
        "Governance set-up and JSC meetings",
        "Tier 3",
    ]:
        assert fact in text, fact


@pytest.mark.parametrize("fmt, read", [("pdf", pdf_text), ("docx", docx_text)])
def test_a_firewalled_reader_never_finds_the_program_in_it(world, furnished, fmt, read):
    response = login(world.firewalled).get(f"/alliances/{furnished.pk}/dossier.{fmt}")
    assert response.status_code == 200
    text = " ".join(read(response.content).split())
    assert "KST-ADC1" in text and "Linker payload ratios" in text
    assert "KST-SECRET" not in text
    assert "KRAS" not in text
    assert "Secret program lesson" not in text


def test_partners_and_outsiders_get_no_dossier(world, furnished):
    assert login(world.partner_a).get(f"/alliances/{furnished.pk}/dossier.pdf").status_code == 403
    assert login(world.partner_b).get(f"/alliances/{furnished.pk}/dossier.pdf").status_code == 404
    assert login(world.leader).get(f"/alliances/{furnished.pk}/dossier.xlsx").status_code == 400
    assert api_client(world.partner_a).get(f"/api/v1/dossiers/{furnished.pk}/").status_code == 403


def test_the_api_gives_the_sections_and_the_files(world, furnished):
    client = api_client(world.firewalled)
    body = client.get(f"/api/v1/dossiers/{furnished.pk}/").json()
    assert body["title"] == "Alliance dossier: Kestrel ADC Collaboration"
    assert "KST-SECRET" not in str(body)
    assert body["sections"][0]["title"] == "The alliance at a glance"
    pdf = client.get(f"/api/v1/dossiers/{furnished.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "Kestrel ADC Collaboration" in pdf_text(pdf.content)
    word = client.get(f"/api/v1/dossiers/{furnished.pk}/docx/")
    assert "Kestrel ADC Collaboration" in docx_text(word.content)
