"""Creating and editing through the pages: validated forms, clear errors, permissions."""

import datetime as dt

import pytest

from accord.conftest import login
from accord.core.models import AuditEvent
from accord.portfolio.models import (
    Alliance,
    AllianceMember,
    Company,
    MemberRole,
    Program,
    TherapeuticArea,
)


def alliance_form(world, **overrides):
    data = {
        "name": "Orion RSV Vaccine",
        "partners": [world.partner_co_b.pk],
        "alliance_type": "co_development",
        "stage": "execution",
        "effective_date": "2025-06-01",
        "strategic_importance": "4",
        "risk_level": "3",
        "deal_value_musd": "1200",
        "therapeutic_areas": [TherapeuticArea.objects.get(name="Vaccines").pk],
        "value_proposition": "Combination mRNA vaccine.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_leader_creates_an_alliance_with_its_manager(world):
    response = login(world.leader).post(
        "/alliances/new/", alliance_form(world, alliance_manager=world.manager_b.pk)
    )
    alliance = Alliance.objects.get(name="Orion RSV Vaccine")
    assert response.status_code == 302
    assert response["Location"] == f"/alliances/{alliance.pk}/"
    assert list(alliance.partners.all()) == [world.partner_co_b]
    assert alliance.tier_factors != []
    assert AllianceMember.objects.get(alliance=alliance).user == world.manager_b
    history = login(world.leader).get(f"/alliances/{alliance.pk}/history/")
    assert "Orion RSV Vaccine" in history.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"name": "kestrel adc collaboration"},
            "Name: An alliance named “kestrel adc collaboration” already exists.",
        ),
        (
            {"effective_date": None},
            "Effective date: An alliance in the execution stage has a signed agreement: give its effective date.",
        ),
        ({"partners": None}, "Partners: This field is required."),
        (
            {"strategic_importance": "9"},
            "Strategic importance: Ensure this value is less than or equal to 5.",
        ),
        (
            {"deal_value_musd": "-5"},
            "Deal value (USD m): Ensure this value is greater than or equal to 0.",
        ),
        ({"effective_date": "31/02/2025"}, "Effective date: Enter a valid date."),
        (
            {"stage": "paused"},
            "Stage: Select a valid choice. paused is not one of the available choices.",
        ),
    ],
)
def test_invalid_alliance_form_names_the_field_and_saves_nothing(world, overrides, message):
    response = login(world.leader).post("/alliances/new/", alliance_form(world, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Alliance.objects.count() == 2
    assert AuditEvent.objects.count() == 0


def test_our_own_company_cannot_be_a_partner(world):
    response = login(world.leader).post(
        "/alliances/new/", alliance_form(world, partners=[world.own.pk])
    )
    assert response.status_code == 400
    assert "Partners: Select a valid choice." in response.content.decode()
    assert Alliance.objects.count() == 2


@pytest.mark.parametrize("persona", ["executive", "partner_a", "contributor", "firewalled"])
def test_people_who_may_not_create_alliances_get_403_and_nothing_changes(world, persona):
    response = login(world.persona(persona)).post("/alliances/new/", alliance_form(world))
    assert response.status_code == 403
    assert Alliance.objects.count() == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("leader", 302),
        ("admin", 302),
        ("manager_a", 302),
        ("manager_b", 403),
        ("executive", 403),
        ("firewalled", 403),
        ("partner_a", 403),
        ("partner_b", 404),
        ("outsider", 404),
    ],
)
def test_who_may_edit_alliance_a(world, persona, status):
    data = alliance_form(
        world,
        name="Kestrel ADC Collaboration",
        partners=[world.partner_co_a.pk],
        stage="relaunch",
        version="1",
    )
    response = login(world.persona(persona)).post(f"/alliances/{world.alliance_a.pk}/edit/", data)
    assert response.status_code == status
    world.alliance_a.refresh_from_db()
    assert world.alliance_a.stage == ("relaunch" if status == 302 else "execution")


def test_editing_a_record_someone_else_saved_shows_a_conflict_and_keeps_the_input(world):
    client = login(world.manager_a)
    form = alliance_form(
        world, name="Kestrel ADC Collaboration", partners=[world.partner_co_a.pk], version="1"
    )
    login(world.leader).post(f"/alliances/{world.alliance_a.pk}/edit/", {**form, "risk_level": "5"})
    response = client.post(
        f"/alliances/{world.alliance_a.pk}/edit/", {**form, "risk_level": "1", "stage": "relaunch"}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this alliance while you were editing it." in body
    assert response.context["form"]["risk_level"].value() == "1"
    assert response.context["form"].data["version"] == 2
    world.alliance_a.refresh_from_db()
    assert (world.alliance_a.risk_level, world.alliance_a.stage) == (5, "execution")
    again = client.post(
        f"/alliances/{world.alliance_a.pk}/edit/", {**form, "risk_level": "1", "version": "2"}
    )
    assert again.status_code == 302


def test_bad_filter_values_give_a_400_naming_the_filter(world):
    response = login(world.leader).get("/alliances/", {"stage": "paused", "tier": "7"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Stage: Select a valid choice. paused is not one of the available choices." in body
    assert "Tier: Select a valid choice. 7 is not one of the available choices." in body
    assert list(response.context["page"].object_list) == []


def test_filters_and_sorting(world):
    from accord.portfolio.tests.factories import AllianceFactory, CompanyFactory

    AllianceFactory(
        name="Zeta Early Deal",
        stage="pre_deal",
        effective_date=None,
        partners=[CompanyFactory(name="Aardvark Bio")],
    )
    client = login(world.leader)

    def names(**params):
        return [a.name for a in client.get("/alliances/", params).context["page"].object_list]

    assert names(stage="pre_deal") == ["Zeta Early Deal"]
    assert names(ordering="stage") == [
        "Zeta Early Deal",
        "Kestrel ADC Collaboration",
        "Polaris IL-23 Co-development",
    ]
    assert names(ordering="-name")[0] == "Zeta Early Deal"
    assert names(ordering="partner") == [
        "Zeta Early Deal",
        "Kestrel ADC Collaboration",
        "Polaris IL-23 Co-development",
    ]
    assert names(partner=world.partner_co_b.pk) == ["Polaris IL-23 Co-development"]
    assert names(manager=world.contributor.pk) == ["Polaris IL-23 Co-development"]
    assert names(unassigned="true") == ["Zeta Early Deal"]
    assert names(q="polaris") == ["Polaris IL-23 Co-development"]
    assert names(q="HER3") == ["Kestrel ADC Collaboration"]


def test_territory_filter_understands_regions(world):
    from accord.portfolio.models import Territory

    world.alliance_a.territories.set([Territory.objects.get(code="APAC")])
    world.alliance_b.territories.set([Territory.objects.get(code="US")])
    client = login(world.leader)
    assert [
        a.name for a in client.get("/alliances/", {"territory": "JP"}).context["page"].object_list
    ] == ["Kestrel ADC Collaboration"]
    assert [
        a.name
        for a in client.get("/alliances/", {"territory": "NORAM"}).context["page"].object_list
    ] == ["Polaris IL-23 Co-development"]


def test_pagination(world):
    from accord.portfolio.tests.factories import AllianceFactory

    AllianceFactory.create_batch(30)
    client = login(world.leader)
    first = client.get("/alliances/")
    assert (len(first.context["page"].object_list), first.context["total"]) == (25, 32)
    second = client.get("/alliances/", {"page": 2})
    assert len(second.context["page"].object_list) == 7
    assert len(client.get("/alliances/", {"per_page": 50}).context["page"].object_list) == 32


def test_htmx_requests_get_only_the_results(world):
    response = login(world.leader).get(
        "/alliances/", {"stage": "execution"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "Kestrel ADC Collaboration" in body


def test_program_create_and_edit(world):
    client = login(world.manager_a)
    response = client.post(
        f"/alliances/{world.alliance_a.pk}/programs/new/",
        {
            "name": "KST-ADC2",
            "compound": "MRD-5102",
            "target": "CDH6",
            "indication": "Ovarian cancer",
            "modality": "adc",
            "phase": "preclinical",
        },
    )
    program = Program.objects.get(name="KST-ADC2")
    assert response.status_code == 302
    response = client.post(
        f"/programs/{program.pk}/edit/",
        {
            "name": "KST-ADC2",
            "modality": "adc",
            "phase": "phase_1",
            "version": "1",
        },
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.phase, program.version) == ("phase_1", 2)


def test_duplicate_program_name_in_an_alliance_is_refused(world):
    response = login(world.manager_a).post(
        f"/alliances/{world.alliance_a.pk}/programs/new/",
        {
            "name": "kst-adc1",
            "modality": "adc",
            "phase": "preclinical",
        },
    )
    assert response.status_code == 400
    assert (
        "Name: This alliance already has a program named “kst-adc1”." in response.content.decode()
    )


def test_a_firewalled_program_cannot_clear_a_partner_outside_the_team(world):
    response = login(world.manager_a).post(
        f"/programs/{world.program_a2.pk}/edit/",
        {
            "name": "KST-SECRET",
            "modality": "small_molecule",
            "phase": "discovery",
            "is_firewalled": "on",
            "firewall_members": [world.manager_a.pk, world.partner_b.pk],
            "version": "1",
        },
    )
    assert response.status_code == 400
    assert (
        f"People cleared for this program: Select a valid choice. {world.partner_b.pk} is not one of "
        "the available choices."
    ) in response.content.decode()
    assert set(world.program_a2.firewall_members.all()) == {world.manager_a, world.partner_a}


def test_team_management(world):
    client = login(world.leader)
    response = client.post(
        f"/alliances/{world.alliance_a.pk}/team/",
        {
            "user": world.executive.pk,
            "role": MemberRole.EXECUTIVE_SPONSOR,
            "allocation_pct": "100",
        },
    )
    assert response.status_code == 200
    member = AllianceMember.objects.get(alliance=world.alliance_a, user=world.executive)
    response = client.post(f"/alliances/{world.alliance_a.pk}/team/{member.pk}/remove/")
    assert response.status_code == 200
    assert not AllianceMember.objects.filter(pk=member.pk).exists()


def test_a_partner_user_of_another_company_cannot_join_the_team(world):
    response = login(world.leader).post(
        f"/alliances/{world.alliance_a.pk}/team/",
        {
            "user": world.partner_b.pk,
            "role": MemberRole.TEAM_MEMBER,
            "allocation_pct": "100",
        },
    )
    assert response.status_code == 400
    assert "Person: Select a valid choice." in response.content.decode()
    assert not AllianceMember.objects.filter(
        alliance=world.alliance_a, user=world.partner_b
    ).exists()


def test_managers_cannot_name_who_runs_an_alliance(world):
    response = login(world.manager_a).post(
        f"/alliances/{world.alliance_a.pk}/team/",
        {
            "user": world.manager_b.pk,
            "role": MemberRole.ALLIANCE_MANAGER,
            "allocation_pct": "100",
        },
    )
    assert response.status_code == 400
    assert "Role: Select a valid choice." in response.content.decode()
    member = AllianceMember.objects.get(alliance=world.alliance_a, user=world.manager_a)
    assert (
        login(world.manager_a)
        .post(f"/alliances/{world.alliance_a.pk}/team/{member.pk}/remove/")
        .status_code
        == 403
    )
    assert AllianceMember.objects.filter(pk=member.pk).exists()


def test_company_create_edit_and_validation(world):
    client = login(world.manager_a)
    response = client.post(
        "/partners/new/",
        {"name": "Cascade Neuro", "company_type": "biotech", "website": "cascade.example"},
    )
    company = Company.objects.get(name="Cascade Neuro")
    assert response.status_code == 302
    assert company.website == "https://cascade.example"
    duplicate = client.post("/partners/new/", {"name": "KESTREL BIO", "company_type": "biotech"})
    assert duplicate.status_code == 400
    assert "Name: A company named “KESTREL BIO” already exists." in duplicate.content.decode()
    assert (
        login(world.partner_a)
        .post("/partners/new/", {"name": "X", "company_type": "biotech"})
        .status_code
        == 403
    )


def test_objectives_link_to_priorities_and_feed_the_tier(world):
    from accord.portfolio.models import StrategicPriority

    priority = StrategicPriority.objects.create(name="Lead in targeted oncology", weight=5)
    response = login(world.manager_a).post(
        f"/alliances/{world.alliance_a.pk}/objectives/",
        {"priority": priority.pk, "text": "Two ADCs in the clinic"},
    )
    assert response.status_code == 302
    world.alliance_a.refresh_from_db()
    strategic = next(f for f in world.alliance_a.tier_factors if f["key"] == "strategic")
    assert strategic["score"] == 1.0


def test_every_portfolio_page_renders_for_the_leader(world):
    client = login(world.leader)
    a, p, c = world.alliance_a.pk, world.program_a1.pk, world.partner_co_a.pk
    for url in [
        "/",
        "/alliances/",
        f"/alliances/{a}/",
        f"/alliances/{a}/edit/",
        f"/alliances/{a}/tier/",
        f"/alliances/{a}/team/",
        f"/alliances/{a}/history/",
        f"/alliances/{a}/delete/",
        "/alliances/new/",
        f"/programs/{p}/",
        f"/programs/{p}/edit/",
        f"/alliances/{a}/programs/new/",
        "/partners/",
        f"/partners/{c}/",
        "/partners/new/",
        f"/partners/{c}/edit/",
        "/workload/",
        "/tiering/",
        "/people/",
        f"/people/{world.manager_a.pk}/",
        "/settings/tokens/",
    ]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url


def test_alliance_detail_dates_are_iso_in_lists(world):
    world.alliance_a.effective_date = dt.date(2024, 3, 1)
    response = login(world.leader).get("/alliances/")
    assert "2024-03-01" in response.content.decode()


def test_blank_filter_values_mean_no_filter(world):
    response = login(world.leader).get(
        "/alliances/?q=&type=&stage=&tier=&therapeutic_area=&partner=&territory="
    )
    assert response.status_code == 200
    assert response.context["total"] == 2


def test_a_manager_who_creates_an_alliance_runs_it_and_can_edit_it(world):
    client = login(world.manager_b)
    response = client.post("/alliances/new/", alliance_form(world))
    alliance = Alliance.objects.get(name="Orion RSV Vaccine")
    assert response.status_code == 302
    assert list(alliance.members.values_list("user__email", "role")) == [
        ("manager.b@meridian.test", "alliance_manager")
    ]
    assert client.get(f"/alliances/{alliance.pk}/edit/").status_code == 200


def test_renaming_our_company_shows_on_the_next_page(world, django_capture_on_commit_callbacks):
    """Every page shows our company's name from the cache; renaming it forgets the cached one."""
    from accord.portfolio import actions

    client = login(world.leader)
    assert 'class="org">Meridian Therapeutics<' in client.get("/alliances/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actions.company_update(
            actor=world.admin, company=world.own, data={"name": "Meridian Bio"}, reason="rebrand"
        )
    page = client.get("/alliances/").content.decode()
    assert 'class="org">Meridian Bio<' in page and "Meridian Therapeutics<" not in page
