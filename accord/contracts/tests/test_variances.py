"""Variances: an obligation under an active variance is measured against it; each side signs;
scoping for every persona; expiring variances in the list, My week and the weekly note."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.conftest import api_client, login
from accord.contracts import actions
from accord.contracts.models import Obligation, Status, Variance, VarianceState
from accord.contracts.models.obligations import status_filter
from accord.core.models import AuditEvent, Signature

from . import factories

PASSWORD = "correct horse battery staple"


def variance_events(variance, action=None):
    events = AuditEvent.objects.filter(
        content_type__model="variance", object_id=str(variance.pk)
    ).order_by("pk")
    if action:
        events = events.filter(action=action)
    return [(e.action, e.field, e.old_value, e.new_value, e.actor_id) for e in events]


@pytest.fixture
def overdue(world):
    """An obligation of alliance B that was due ten days ago (overdue)."""
    today = timezone.localdate()
    agreement = factories.agreement(world.alliance_b, actor=world.manager_b)
    obligation = factories.obligation(
        agreement, actor=world.manager_b, due_on=today - dt.timedelta(days=10)
    )
    return obligation


def statuses(obligation):
    now = timezone.now()
    annotated = Obligation.objects.with_status(now).get(pk=obligation.pk).status
    filtered = [
        s
        for s in (Status.PENDING, Status.UPCOMING, Status.DUE, Status.OVERDUE)
        if Obligation.objects.filter(status_filter(s, now), pk=obligation.pk).exists()
    ]
    return annotated, filtered, Obligation.objects.get(pk=obligation.pk).status_at(now)


def approve(variance, world):
    actions.variance_sign(actor=world.manager_b, variance=variance, password=PASSWORD)
    actions.variance_sign(actor=world.partner_b, variance=variance, password=PASSWORD)
    variance.refresh_from_db()
    return variance


def test_an_active_variance_changes_the_obligation_status_exactly(world, overdue):
    today = timezone.localdate()
    assert statuses(overdue) == (Status.OVERDUE, [Status.OVERDUE], Status.OVERDUE)
    variance = factories.variance(
        overdue,
        actor=world.manager_b,
        starts_on=today - dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=90),
        alternative_due_on=today + dt.timedelta(days=5),
        revisit_on=today + dt.timedelta(days=60),
    )
    # Proposed, not yet signed by both sides: still measured against the clause.
    assert statuses(overdue) == (Status.OVERDUE, [Status.OVERDUE], Status.OVERDUE)
    actions.variance_sign(actor=world.manager_b, variance=variance, password=PASSWORD)
    assert statuses(overdue) == (Status.OVERDUE, [Status.OVERDUE], Status.OVERDUE)
    actions.variance_sign(actor=world.partner_b, variance=variance, password=PASSWORD)
    # In force: due in 5 days under the variance.
    assert statuses(overdue) == (Status.DUE, [Status.DUE], Status.DUE)
    assert Obligation.objects.under_variance().filter(pk=overdue.pk).count() == 1
    actions.variance_withdraw(actor=world.manager_b, variance=variance, reason="Partner caught up")
    assert statuses(overdue) == (Status.OVERDUE, [Status.OVERDUE], Status.OVERDUE)
    assert Obligation.objects.under_variance().filter(pk=overdue.pk).count() == 0


def test_without_an_alternative_date_the_obligation_is_due_when_the_variance_ends(world, overdue):
    today = timezone.localdate()
    variance = factories.variance(
        overdue,
        actor=world.manager_b,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=45),
        revisit_on=today + dt.timedelta(days=40),
    )
    approve(variance, world)
    assert statuses(overdue) == (Status.PENDING, [Status.PENDING], Status.PENDING)
    # A variance that ended no longer counts: overdue again.
    Variance.objects.filter(pk=variance.pk).update(
        starts_on=today - dt.timedelta(days=30), ends_on=today - dt.timedelta(days=1)
    )
    assert statuses(overdue) == (Status.OVERDUE, [Status.OVERDUE], Status.OVERDUE)


def test_each_side_signs_and_the_second_signature_puts_it_in_force(world, overdue):
    variance = factories.variance(overdue, actor=world.manager_b)
    created = variance_events(variance)
    assert ("create", "title", "", variance.title, world.manager_b.pk) in created
    first = actions.variance_sign(actor=world.manager_b, variance=variance, password=PASSWORD)
    variance.refresh_from_db()
    assert variance.state == VarianceState.PROPOSED
    assert (first.signer_id, first.meaning, first.subject) == (
        world.manager_b.pk,
        "approved",
        "variance",
    )
    with pytest.raises(ValidationError, match="already signed"):
        actions.variance_sign(actor=world.contributor, variance=variance, password=PASSWORD)
    actions.variance_sign(actor=world.partner_b, variance=variance, password=PASSWORD)
    variance.refresh_from_db()
    assert variance.state == VarianceState.APPROVED
    signs = variance_events(variance, "sign")
    assert [(a, f, o, actor) for a, f, o, _n, actor in signs] == [
        ("sign", "variance", "", world.manager_b.pk),
        ("sign", "variance", "", world.partner_b.pk),
    ]
    assert variance_events(variance, "update") == [
        (
            "update",
            "state",
            "Proposed (awaiting both sides' approval)",
            "Approved by both sides",
            world.partner_b.pk,
        )
    ]
    with pytest.raises(ValidationError, match="Only a proposed variance"):
        actions.variance_update(actor=world.manager_b, variance=variance, data={"title": "X"})


def test_a_wrong_password_signs_nothing(world, overdue):
    variance = factories.variance(overdue, actor=world.manager_b)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        actions.variance_sign(actor=world.manager_b, variance=variance, password="wrong")
    assert Signature.objects.filter(subject="variance").count() == 0
    assert AuditEvent.objects.count() == before
    variance.refresh_from_db()
    assert variance.state == VarianceState.PROPOSED


def test_a_partner_of_another_alliance_cannot_sign_and_nothing_changes(world, overdue):
    variance = factories.variance(overdue, actor=world.manager_b)
    response = login(world.partner_a).post(
        f"/contracts/variances/{variance.pk}/sign/", {"password": PASSWORD}
    )
    assert response.status_code == 404
    response = login(world.executive).post(
        f"/contracts/variances/{variance.pk}/sign/", {"password": PASSWORD}
    )
    assert response.status_code == 403
    assert Signature.objects.filter(subject="variance").count() == 0


def test_bad_input_names_the_field_and_saves_nothing(world, overdue):
    count = Variance.objects.count()
    with pytest.raises(ValidationError) as error:
        factories.variance(
            overdue,
            actor=world.manager_b,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 3, 1),
            alternative_due_on=dt.date(2026, 6, 1),
        )
    assert "alternative_due_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        factories.variance(overdue, actor=world.manager_b, economic_amount=100)
    assert error.value.message_dict["currency"] == ["Give the currency of the amount (e.g. USD)."]
    other = factories.obligation(factories.agreement(world.alliance_a), title="A's duty")
    with pytest.raises(ValidationError) as error:
        actions.variance_create(
            actor=world.manager_b,
            alliance=world.alliance_b,
            data={
                "obligation": other,
                "title": "Wrong alliance",
                "instead": "x",
                "reason": "y",
                "starts_on": dt.date(2026, 1, 1),
                "ends_on": dt.date(2026, 2, 1),
                "revisit_on": dt.date(2026, 2, 1),
            },
        )
    assert error.value.message_dict["obligation"] == ["This belongs to another alliance."]
    assert Variance.objects.count() == count


def test_scoping_every_persona(world):
    agreement_a = factories.agreement(world.alliance_a, actor=world.manager_a)
    agreement_b = factories.agreement(world.alliance_b, actor=world.manager_b)
    a = factories.variance(factories.obligation(agreement_a), actor=world.manager_a)
    a2 = factories.variance(
        factories.obligation(agreement_a, program=world.program_a2, title="A2 duty"),
        actor=world.manager_a,
    )
    b = factories.variance(factories.obligation(agreement_b), actor=world.manager_b)
    assert a2.program_id == world.program_a2.pk
    expected = {
        "admin": {a.pk, b.pk},
        "leader": {a.pk, b.pk},
        "manager_a": {a.pk, a2.pk, b.pk},
        "executive": {a.pk, b.pk},
        "firewalled": {a.pk, b.pk},
        "partner_a": {a.pk, a2.pk},
        "partner_b": {b.pk},
        "outsider": set(),
    }
    for persona, ids in expected.items():
        user = getattr(world, persona)
        assert set(Variance.objects.visible_to(user).values_list("pk", flat=True)) == ids, persona
        listed = api_client(user).get("/api/v1/variances/").json()
        results = listed["results"] if isinstance(listed, dict) else listed
        assert {row["id"] for row in results} == ids, persona
    # A partner reads the variance but not our register's ids.
    row = api_client(world.partner_b).get(f"/api/v1/variances/{b.pk}/").json()
    assert (row["obligation"], row["agreement"], row["title"]) == (None, None, b.title)
    # Out of scope is a 404, and a denied change changes nothing.
    assert login(world.partner_b).get(f"/contracts/variances/{a.pk}/").status_code == 404
    assert login(world.firewalled).get(f"/contracts/variances/{a2.pk}/").status_code == 404
    before = AuditEvent.objects.count()
    response = login(world.manager_a).post(
        f"/contracts/variances/{b.pk}/withdraw/", {"reason": "Not mine to withdraw"}
    )
    assert response.status_code == 403
    b.refresh_from_db()
    assert (b.state, AuditEvent.objects.count()) == (VarianceState.PROPOSED, before)


def test_expiring_variances_in_the_list_my_week_and_the_weekly_note(world, overdue):
    from accord.contracts.week import variance_rows
    from accord.reporting.weekly import compose

    today = timezone.localdate()
    soon = factories.variance(
        overdue,
        actor=world.manager_b,
        title="Remote details count",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=20),
        revisit_on=today + dt.timedelta(days=10),
    )
    later = factories.variance(
        overdue,
        actor=world.manager_b,
        title="Later workaround",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=200),
        revisit_on=today + dt.timedelta(days=150),
    )
    approve(soon, world)
    approve(later, world)
    page = login(world.manager_b).get("/contracts/variances/?expiring=true")
    assert page.status_code == 200
    assert [v.pk for v in page.context["page"].object_list] == [soon.pk]
    rows = variance_rows(world.manager_b, world.manager_b, today, today + dt.timedelta(days=30), {})
    assert [(r.kind, r.pk, r.due) for r in rows] == [
        ("variance", soon.pk, today + dt.timedelta(days=10))
    ]
    assert (
        variance_rows(world.manager_a, world.manager_a, today, today + dt.timedelta(days=30), {})
        == []
    )
    week_end = today - dt.timedelta(days=1)
    blocks = compose(week_end - dt.timedelta(days=6), week_end)
    lines = [text for block in blocks for text in block["ahead"]]
    assert [line for line in lines if "Variance" in line] == [
        f"Variance about to expire on {(soon.ends_on).day} {soon.ends_on:%b}: Remote details "
        f"count (revisit with the partner by {soon.revisit_on.day} {soon.revisit_on:%b})."
    ]


def test_my_week_and_the_calendar_show_the_date_the_variance_measures_against(world, overdue):
    """One date everywhere: the status, My week and the contract calendar (and its feed) all
    measure an obligation under an active variance against the variance's date."""
    from accord.contracts import services
    from accord.contracts.week import obligation_rows

    today = timezone.localdate()
    original, moved = today - dt.timedelta(days=10), today + dt.timedelta(days=5)

    def week():
        rows = obligation_rows(
            world.manager_b, world.manager_b, today, today + dt.timedelta(14), {}
        )
        return [(row.due, row.detail) for row in rows if row.url == overdue.get_absolute_url()]

    def calendar():
        start, end = today - dt.timedelta(days=30), today + dt.timedelta(days=30)
        entries = services.calendar_entries(world.manager_b, start, end)
        month, totals = services.calendar_month(world.manager_b, start, end)
        days = [e.day for e in entries if e.url == overdue.get_absolute_url()]
        shown = [e.day for e in month if e.url == overdue.get_absolute_url()]
        return days, shown, totals.get(original, 0), totals.get(moved, 0)

    detail = overdue.get_category_display()
    assert week() == [(original, " ".join(filter(None, [detail, overdue.section])))]
    assert calendar() == ([original], [original], 1, 0)
    variance = factories.variance(
        overdue,
        actor=world.manager_b,
        starts_on=today - dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=90),
        alternative_due_on=moved,
        revisit_on=today + dt.timedelta(days=60),
    )
    assert calendar() == ([original], [original], 1, 0)  # proposed only: not in force yet
    approve(variance, world)
    under = f"(under a variance; the agreement's date is {original:%-d %b %Y})"
    assert week() == [(moved, " ".join(filter(None, [detail, overdue.section, under])))]
    assert calendar() == ([moved], [moved], 0, 1)
    actions.variance_withdraw(actor=world.manager_b, variance=variance, reason="Caught up")
    assert calendar() == ([original], [original], 1, 0)
