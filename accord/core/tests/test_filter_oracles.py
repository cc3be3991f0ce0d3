"""Class test: no list filter tells an out-of-scope record from a missing one.

Every list of the authorization matrix (pages and API) is requested as every persona, recording
the filtersets it builds. Then each filter that takes a record's id is sent, as that persona,
the id of a record the persona may not see and an id that exists nowhere: the answers must be
the same (status, and for the API the body with the id replaced; for a page the filter's
errors and the number of results). A filter answering "0 results" for a hidden id and "no such
record" for a missing one would say the hidden record exists.
"""

from __future__ import annotations

import json

import django_filters
import pytest
from django.db import models

from accord.conftest import api_client, login
from accord.core.filtering import BoundedFilterSet
from accord.core.scoping import has_scope

from .scoping_walk import (
    WALK_KEY,
    forget_visible,
    held_walk,
    hidden_instance,
    missing_pk,
    normalise,
    recording,
)

# No module-wide django_db mark: the walk's test enters its held world (accord/conftest.py)
# before the test's own transaction; the others have the database through `world` or the mark.


def _id_model(filterset, name, flt):
    """The model whose ids filter `name` takes (None when it does not take ids)."""
    if isinstance(flt, django_filters.filters.QuerySetRequestMixin):
        queryset = flt.get_queryset(filterset.request)
        if flt.extra.get("to_field_name") not in (None, "pk", "id"):
            return None  # chosen by code or slug: reference data
        return queryset.model
    if isinstance(flt, django_filters.NumberFilter):
        field_name = flt.field_name
        if field_name.endswith("_id"):
            field_name = field_name[:-3]
        model = filterset._meta.model
        try:
            field = model._meta.get_field(field_name.split("__")[0])
        except Exception:
            return None
        if isinstance(field, models.ForeignKey) and "__" not in field_name:
            return field.related_model
    return None


def _answer(client, path, api, name, value):
    separator = "&" if "?" in path else "?"
    url = f"{path}{separator}{name}={value}"
    with recording() as seen:
        response = client.get(url)
    if api:
        try:
            body = json.loads(normalise(response.content.decode(), value))
        except ValueError:
            body = normalise(response.content.decode(), value)
        return response.status_code, body
    built = [what for kind, what, _ in seen if kind == "filterset"]
    shape = []
    for filterset in built:
        errors = {k: [normalise(m, value) for m in v] for k, v in filterset.errors.items()}
        count = filterset.qs.count() if filterset.is_valid() else None
        shape.append((type(filterset).__name__, errors, count))
    return response.status_code, shape


@pytest.fixture
def walked(held_worlds, db):
    """The persona world and every page's and list's walk, shared with test_scoped_choices."""
    return held_worlds.require(WALK_KEY)


@pytest.mark.slow  # sweeps every page, persona or operation
@pytest.mark.xdist_group(WALK_KEY)
@pytest.mark.held_world(WALK_KEY, build=held_walk)
def test_every_id_filter_answers_an_out_of_scope_id_like_a_missing_one(walked, settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"
    forget_visible()
    world, offered = walked
    cases = {}
    for row, entry in offered:
        if "?" in entry.path:
            continue
        for filterset in entry.filtersets:
            for name, flt in filterset.filters.items():
                model = _id_model(filterset, name, flt)
                if model is None or not has_scope(model):
                    continue
                cases.setdefault((entry.path, entry.persona, name), (row.api, model))
    assert len(cases) > 50  # the walk found the lists (a walk that found none proves nothing)
    differences, compared = [], 0
    for (path, persona, name), (api, model) in sorted(cases.items()):
        user = world.persona(persona)
        hidden = hidden_instance(model, user)
        if hidden is None:
            continue
        client = api_client(user) if api else login(user)
        out_of_scope = _answer(client, path, api, name, hidden.pk)
        absent = _answer(client, path, api, name, missing_pk(model))
        compared += 1
        if out_of_scope != absent:
            differences.append(f"{persona} {path}?{name}=: {out_of_scope} vs {absent}")
    assert compared > 20
    assert not differences, "Hidden ids answered unlike missing ones:\n" + "\n".join(differences)


def test_the_reported_oracles_are_closed(world):
    """The probe's own cases: a firewalled program and an out-of-scope alliance on documents."""
    missing = world.program_b1.pk + 100_000
    leader = api_client(world.leader)
    hidden = leader.get(f"/api/v1/documents/?program={world.program_a2.pk}")
    absent = leader.get(f"/api/v1/documents/?program={missing}")
    assert hidden.status_code == absent.status_code == 400
    assert normalise(hidden.json(), world.program_a2.pk) == normalise(absent.json(), missing)
    partner = api_client(world.partner_a)
    hidden = partner.get(f"/api/v1/documents/?alliance={world.alliance_b.pk}")
    absent = partner.get(f"/api/v1/documents/?alliance={missing}")
    assert hidden.status_code == absent.status_code == 400
    assert normalise(hidden.json(), world.alliance_b.pk) == normalise(absent.json(), missing)
    # The cleared still filter by it.
    assert (
        api_client(world.manager_a)
        .get(f"/api/v1/documents/?program={world.program_a2.pk}")
        .json()["count"]
        == 0
    )


# --- Internal facts are not filters for partner users ----------------------------------------


@pytest.fixture
def tiers(world):
    """partner_a on two alliances of different tiers, so a tier filter or sort would show."""
    from accord.portfolio.models import Alliance, MemberRole
    from accord.portfolio.tests.factories import MemberFactory

    Alliance.objects.filter(pk=world.alliance_a.pk).update(tier=1)
    Alliance.objects.filter(pk=world.alliance_b.pk).update(tier=3)
    MemberFactory(alliance=world.alliance_b, user=world.partner_a, role=MemberRole.TEAM_MEMBER)
    return world


@pytest.mark.parametrize("api", [False, True])
def test_a_partner_filtering_or_sorting_by_tier_gets_the_unfiltered_list(tiers, api):
    world = tiers
    client = api_client(world.partner_a) if api else login(world.partner_a)
    path = "/api/v1/alliances/" if api else "/alliances/"

    def listed(query):
        response = client.get(path + query)
        assert response.status_code == 200
        if api:
            return response.json()
        return [a.pk for a in response.context["page"]], response.context["total"]

    unfiltered = listed("")
    for query in ("?tier=1", "?tier=2", "?tier=3", "?am_team=1", "?unassigned=on"):
        assert listed(query) == unfiltered, query
    assert len(unfiltered["results"] if api else unfiltered[0]) == 2
    for query in ("?ordering=tier", "?ordering=-tier", "?ordering=-score"):
        assert listed(query) == listed("?ordering=name"), query
    if not api:
        form = client.get(path).content.decode()
        assert 'name="tier"' not in form
        assert 'name="manager"' not in form
    # Staff still filter by tier.
    staff = api_client(world.leader) if api else login(world.leader)
    if api:
        names = [a["id"] for a in staff.get(path + "?tier=2").json()["results"]]
    else:
        names = [a.pk for a in staff.get(path + "?tier=2").context["page"]]
    assert world.alliance_a.pk not in names


@pytest.mark.django_db
def test_the_internal_only_filters_name_real_filters():
    from accord.portfolio.filters import AllianceFilter

    for cls in BoundedFilterSet.__subclasses__():
        assert set(cls.internal_only) <= set(cls.base_filters), cls
    assert set(AllianceFilter.internal_only) == {"tier", "am_team", "manager", "unassigned"}


# --- A firewalled program's name is not revealed by "already taken" ----------------------------


def _program_form(name, **extra):
    return {"name": name, "modality": "small_molecule", "phase": "discovery", **extra}


def test_naming_a_program_like_a_hidden_firewalled_one_does_not_reveal_it(world):
    from accord.core.models import AuditEvent
    from accord.portfolio.models import Program

    client = api_client(world.leader)
    created = client.post(
        "/api/v1/programs/",
        {"alliance": world.alliance_a.pk, **_program_form("kst-secret")},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert Program.objects.get(pk=created.json()["id"]).is_firewalled is False
    # A clash with a program the actor sees is refused and named, as before.
    cleared = api_client(world.manager_a)
    before = (Program.objects.count(), AuditEvent.objects.count())
    renamed = client.patch(
        f"/api/v1/programs/{world.program_a1.pk}/", {"name": "KST-Secret"}, format="json"
    )
    assert renamed.status_code == 400
    assert renamed.json() == {"name": ["This alliance already has a program named “KST-Secret”."]}
    world.program_a1.refresh_from_db()
    assert world.program_a1.name == "KST-ADC1"
    # So is a cleared person's firewalled program clashing with one they see (A2 itself).
    response = cleared.post(
        "/api/v1/programs/",
        {
            "alliance": world.alliance_a.pk,
            **_program_form("Kst-Secret", is_firewalled=True),
            "firewall_members": [world.manager_a.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"name": ["This alliance already has a program named “Kst-Secret”."]}
    assert (Program.objects.count(), AuditEvent.objects.count()) == before


def test_renaming_a_program_like_a_hidden_firewalled_one_does_not_reveal_it(world):
    response = api_client(world.leader).patch(
        f"/api/v1/programs/{world.program_a1.pk}/", {"name": "KST-SECRET"}, format="json"
    )
    assert response.status_code == 200, response.json()
    world.program_a1.refresh_from_db()
    assert world.program_a1.name == "KST-SECRET"
