"""Property: for any portfolio, memberships and firewalls, what each person sees (alliances,
programs, companies, people; lists and details; pages and API) equals an independent model of
what they are allowed to see."""

import os

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.conftest import api_client, login
from accord.people.models import Role
from accord.people.tests.factories import PartnerUserFactory, UserFactory
from accord.portfolio.models import Alliance, Company, Program
from accord.portfolio.tests.factories import (
    AllianceFactory,
    CompanyFactory,
    MemberFactory,
    OwnCompanyFactory,
    ProgramFactory,
)

INTERNAL_ROLES = [Role.ADMIN, Role.LEADER, Role.MANAGER, Role.EXECUTIVE, Role.CONTRIBUTOR]
N_PARTNER_COMPANIES = 3


@st.composite
def portfolios(draw):
    people = draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("internal"), st.sampled_from(INTERNAL_ROLES)),
                st.tuples(st.just("partner"), st.integers(0, N_PARTNER_COMPANIES - 1)),
            ),
            min_size=2,
            max_size=5,
        )
    )
    n_people = len(people)
    alliances = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "partners": st.sets(
                        st.integers(0, N_PARTNER_COMPANIES - 1), min_size=1, max_size=2
                    ),
                    "members": st.sets(st.integers(0, n_people - 1), max_size=n_people),
                    "programs": st.lists(
                        st.fixed_dictionaries(
                            {
                                "firewalled": st.booleans(),
                                "cleared": st.sets(st.integers(0, n_people - 1), max_size=n_people),
                            }
                        ),
                        max_size=3,
                    ),
                }
            ),
            min_size=1,
            max_size=3,
        )
    )
    inactive = draw(st.sets(st.integers(0, n_people - 1), max_size=1))
    return {"people": people, "alliances": alliances, "inactive": inactive}


def build(spec):
    OwnCompanyFactory()
    companies = [CompanyFactory(name=f"Partner {i}") for i in range(N_PARTNER_COMPANIES)]
    users = []
    for index, (kind, value) in enumerate(spec["people"]):
        if kind == "internal":
            user = UserFactory(email=f"staff{index}@meridian.test", role=value)
        else:
            user = PartnerUserFactory(email=f"partner{index}@p.test", company=companies[value])
        users.append(user)
    model = {"alliances": [], "programs": []}
    for a_index, a_spec in enumerate(spec["alliances"]):
        alliance = AllianceFactory(
            name=f"Alliance {a_index}", partners=[companies[i] for i in sorted(a_spec["partners"])]
        )
        # A partner user can only be on the team of an alliance their company is part of.
        members = {
            i
            for i in a_spec["members"]
            if spec["people"][i][0] == "internal" or spec["people"][i][1] in a_spec["partners"]
        }
        for i in sorted(members):
            MemberFactory(alliance=alliance, user=users[i], role="team_member")
        model["alliances"].append(
            {"obj": alliance, "members": members, "partners": set(a_spec["partners"])}
        )
        for p_index, p_spec in enumerate(a_spec["programs"]):
            cleared = [users[i] for i in sorted(p_spec["cleared"])]
            program = ProgramFactory(
                alliance=alliance,
                name=f"Program {a_index}.{p_index}",
                is_firewalled=p_spec["firewalled"],
                cleared=cleared if p_spec["firewalled"] else [],
            )
            model["programs"].append(
                {
                    "obj": program,
                    "alliance": a_index,
                    "firewalled": p_spec["firewalled"],
                    "cleared": set(p_spec["cleared"]) if p_spec["firewalled"] else set(),
                }
            )
    for i in spec["inactive"]:
        users[i].is_active = False
        users[i].save()
    return users, companies, model


def allowed(spec, users, companies, model, viewer: int):
    """The independent model: written from the rules in DEVELOPERS.md, not from the code."""
    kind, value = spec["people"][viewer]
    if viewer in spec["inactive"]:
        return set(), set(), set(), set()
    internal = kind == "internal"
    alliances = {
        index for index, a in enumerate(model["alliances"]) if internal or viewer in a["members"]
    }
    programs = {
        p["obj"].pk
        for p in model["programs"]
        if p["alliance"] in alliances and (not p["firewalled"] or viewer in p["cleared"])
    }
    own = Company.objects.get(kind=Company.Kind.OWN)
    if internal:
        company_ids = {own.pk, *(c.pk for c in companies)}
        people = {u.pk for u in users} | set(
            type(users[0])
            .objects.exclude(pk__in=[u.pk for u in users])
            .values_list("pk", flat=True)
        )
    else:
        company_ids = {own.pk, companies[value].pk}
        for index in alliances:
            company_ids |= {companies[i].pk for i in model["alliances"][index]["partners"]}
        people = {users[viewer].pk}
        for index in alliances:
            people |= {users[i].pk for i in model["alliances"][index]["members"]}
    alliance_ids = {model["alliances"][i]["obj"].pk for i in alliances}
    return alliance_ids, programs, company_ids, people


def api_ids(client, path):
    response = client.get(path, {"page_size": 500})
    if response.status_code != 200:
        return response.status_code
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.slow  # generated portfolios for every persona: tens of seconds
@pytest.mark.django_db
@settings(
    max_examples=int(os.environ.get("ACCORD_FUZZ_EXAMPLES", 8)),
    derandomize=os.environ.get("ACCORD_FUZZ_RANDOM") != "1",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=portfolios())
def test_everyone_sees_exactly_what_they_are_allowed(spec):
    with transaction.atomic():
        users, companies, model = build(spec)
        all_alliances = [a["obj"] for a in model["alliances"]]
        all_programs = [p["obj"] for p in model["programs"]]
        for viewer, user in enumerate(users):
            alliances, programs, company_ids, people = allowed(
                spec, users, companies, model, viewer
            )
            who = f"{spec['people'][viewer]} #{viewer}"
            # Querysets
            assert (
                set(Alliance.objects.visible_to(user).values_list("pk", flat=True)) == alliances
            ), who
            assert set(Program.objects.visible_to(user).values_list("pk", flat=True)) == programs, (
                who
            )
            if not user.is_active:
                continue
            # API lists and details
            api = api_client(user)
            assert api_ids(api, "/api/v1/alliances/") == alliances, who
            assert api_ids(api, "/api/v1/programs/") == programs, who
            assert api_ids(api, "/api/v1/companies/") == company_ids, who
            assert api_ids(api, "/api/v1/people/") == people, who
            for alliance in all_alliances:
                expected = 200 if alliance.pk in alliances else 404
                assert api.get(f"/api/v1/alliances/{alliance.pk}/").status_code == expected, who
            for program in all_programs:
                expected = 200 if program.pk in programs else 404
                assert api.get(f"/api/v1/programs/{program.pk}/").status_code == expected, who
            # Pages: the portfolio list counts, details
            page = login(user)
            listed = page.get("/alliances/", {"per_page": 100}).context["page"].paginator.count
            assert listed == len(alliances), who
            for alliance in all_alliances:
                expected = 200 if alliance.pk in alliances else 404
                assert page.get(f"/alliances/{alliance.pk}/").status_code == expected, who
            for program in all_programs:
                expected = 200 if program.pk in programs else 404
                assert page.get(f"/programs/{program.pk}/").status_code == expected, who
            for company in companies:
                expected = 200 if company.pk in company_ids else 404
                assert page.get(f"/partners/{company.pk}/").status_code == expected, who
            # Search never reveals a program the viewer may not see.
            for program in all_programs:
                hits = page.get("/alliances/", {"q": program.name}).context["page"].paginator.count
                assert (hits > 0) == (program.pk in programs), (who, program.name)
        transaction.set_rollback(True)
