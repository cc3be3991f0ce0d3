"""Territory profiles: keeping them (audited), who reads which, lessons tagged with a territory
on the profile, the alliance panel, and the review reminder that fires once."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.knowledge import actions
from accord.knowledge.models import TerritoryProfile
from accord.knowledge.week import territory_review_rows
from accord.notifications.models import Notification
from accord.portfolio.models import Territory


def territory(code, name, kind=Territory.Kind.COUNTRY):
    return Territory.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0]


@pytest.fixture
def profiles(world):
    japan, china = territory("JP", "Japan"), territory("CN", "China")
    asia = territory("XASIA", "Test Asia", Territory.Kind.REGION)
    asia.countries.set([japan, china])
    world.alliance_a.territories.set([asia])
    world.alliance_b.territories.set([])
    today = timezone.localdate()
    jp = actions.territory_profile_create(
        actor=world.leader,
        data={
            "territory": japan,
            "owner": world.manager_a,
            "review_on": today + dt.timedelta(days=90),
            "regulatory_pathway": "PMDA consultation, then filing.",
            "sources": "PMDA guidance https://www.pmda.go.jp/english/\nInterview notes",
        },
    )
    cn = actions.territory_profile_create(
        actor=world.manager_b,
        data={
            "territory": china,
            "owner": world.manager_b,
            "review_on": today - dt.timedelta(days=3),
            "tendering": "Volume-based procurement.",
        },
    )
    return jp, cn


def test_keeping_a_profile_is_audited_and_refused_to_others(world, profiles):
    jp, _cn = profiles
    events = AuditEvent.objects.filter(content_type__model="territoryprofile", object_id=str(jp.pk))
    assert sorted(events.values_list("field", flat=True)) == [
        "owner",
        "regulatory_pathway",
        "review_on",
        "sources",
        "territory",
    ]
    before = AuditEvent.objects.count()
    for persona in ("executive", "contributor", "partner_a"):
        with pytest.raises(PermissionDenied):
            actions.territory_profile_update(
                actor=getattr(world, persona), profile=jp, data={"tendering": "x"}
            )
    assert AuditEvent.objects.count() == before
    response = login(world.partner_a).post(f"/knowledge/territories/{jp.pk}/edit/", {})
    assert response.status_code == 403
    with pytest.raises(ValidationError) as error:
        actions.territory_profile_create(
            actor=world.leader,
            data={
                "territory": jp.territory,
                "owner": world.leader,
                "review_on": dt.date(2027, 1, 1),
            },
        )
    assert error.value.message_dict["territory"] == ["Japan already has a profile."]
    assert TerritoryProfile.objects.count() == 2


def test_who_reads_which_profile(world, profiles):
    jp, cn = profiles
    expected = {
        "leader": {jp.pk, cn.pk},
        "executive": {jp.pk, cn.pk},
        "firewalled": {jp.pk, cn.pk},
        "partner_a": {jp.pk, cn.pk},  # alliance A is licensed for the Asian region
        "partner_b": set(),
        "outsider": set(),
    }
    for persona, ids in expected.items():
        user = getattr(world, persona)
        assert set(TerritoryProfile.objects.visible_to(user).values_list("pk", flat=True)) == ids
        rows = api_client(user).get("/api/v1/territory-profiles/").json()
        rows = rows["results"] if isinstance(rows, dict) else rows
        assert {r["id"] for r in rows} == ids, persona
    assert login(world.partner_b).get(f"/knowledge/territories/{jp.pk}/").status_code == 404


def test_the_profile_shows_lessons_of_its_territory_and_the_alliance_shows_its_profiles(
    world, profiles
):
    jp, cn = profiles
    base = {"context": "c", "what_happened": "w", "lesson": "l", "recommendation": "r"}
    tagged = actions.lesson_create(
        actor=world.manager_a,
        data={
            **base,
            "title": "File early with the PMDA",
            "territory": jp.territory,
            "alliance": world.alliance_a,
        },
    )
    actions.lesson_create(actor=world.manager_a, data={**base, "title": "Untagged lesson"})
    page = login(world.leader).get(f"/knowledge/territories/{jp.pk}/")
    assert [lesson.pk for lesson in page.context["lessons"]] == [tagged.pk]
    assert page.context["profile"].source_list() == [
        ("PMDA guidance https://www.pmda.go.jp/english/", "https://www.pmda.go.jp/english/"),
        ("Interview notes", ""),
    ]
    alliance_page = login(world.partner_a).get(f"/alliances/{world.alliance_a.pk}/")
    assert alliance_page.status_code == 200
    body = alliance_page.content.decode()
    assert f'href="/knowledge/territories/{jp.pk}/"' in body
    assert f'href="/knowledge/territories/{cn.pk}/"' in body
    other = login(world.partner_b).get(f"/alliances/{world.alliance_b.pk}/").content.decode()
    assert (
        'id="territory-profiles"' not in other and f"/knowledge/territories/{jp.pk}/" not in other
    )


def test_a_profile_past_its_review_date_reminds_its_owner_once(world, profiles):
    _jp, cn = profiles
    today = timezone.localdate()
    assert actions.territory_profiles_remind(today=today) == 1
    assert actions.territory_profiles_remind(today=today + dt.timedelta(days=1)) == 0
    notes = Notification.objects.filter(kind="knowledge.territory_review")
    assert [(n.recipient_id, n.url) for n in notes] == [
        (world.manager_b.pk, f"/knowledge/territories/{cn.pk}/")
    ]
    # Reviewed and given a new date: that date reminds again once it passes.
    actions.territory_profile_update(
        actor=world.manager_b, profile=cn, data={"review_on": today - dt.timedelta(days=1)}
    )
    assert actions.territory_profiles_remind(today=today) == 1
    assert Notification.objects.filter(kind="knowledge.territory_review").count() == 2
    rows = territory_review_rows(
        world.manager_b, world.manager_b, today, today + dt.timedelta(days=6), {}
    )
    assert [(r.kind, r.pk, r.due) for r in rows] == [
        ("territory_review", cn.pk, today - dt.timedelta(days=1))
    ]
