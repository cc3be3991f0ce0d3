"""The milestone one-step actions: "Mark achieved" and "Mark slipped", through the action, the
pages (htmx and plain) and the API, as every persona."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.conftest import api_client, login
from accord.contracts import actions
from accord.contracts.models import Milestone
from accord.core.models import AuditEvent

TODAY = timezone.localdate


def state(milestone):
    m = Milestone.objects.get(pk=milestone.pk)
    return (m.achieved_on, m.achieved_evidence, m.forecast_date, m.slipped_on, m.slip_reason)


def test_mark_achieved_records_date_evidence_and_audit(world, register):
    m = register.milestone_a
    actions.milestone_mark_achieved(
        actor=world.manager_a,
        milestone=m,
        achieved_on=TODAY(),
        evidence="Site report: first patient dosed",
        evidence_url="https://docs.example.com/report-17",
    )
    m.refresh_from_db()
    assert (m.achieved_on, m.achieved_evidence, m.achieved_evidence_url) == (
        TODAY(),
        "Site report: first patient dosed",
        "https://docs.example.com/report-17",
    )
    assert m.payment_state == "achieved"
    audit = AuditEvent.objects.for_object(m).filter(field="achieved_on").get()
    assert (audit.old_value, audit.new_value, audit.actor) == (
        "",
        TODAY().isoformat(),
        world.manager_a,
    )
    assert audit.reason == "Marked achieved: Site report: first patient dosed"


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        (
            {"achieved_on": "tomorrow", "evidence": "Report"},
            "achieved_on",
            "The achieved date cannot be later than today.",
        ),
        ({"achieved_on": None, "evidence": "Report"}, "achieved_on", "Give the date"),
        ({"achieved_on": "today", "evidence": "  "}, "evidence", "Give the evidence"),
        (
            {"achieved_on": "today", "evidence": "", "evidence_url": "not a link"},
            "evidence_url",
            "Give a full web address",
        ),
        (
            {"achieved_on": dt.date(2020, 1, 1), "evidence": "Report"},
            "achieved_on",
            "before the agreement took effect",
        ),
    ],
)
def test_mark_achieved_refuses_bad_input_naming_the_field(world, register, kwargs, field, message):
    m = register.milestone_a
    before = state(m)
    audit_before = AuditEvent.objects.count()
    kwargs = dict(kwargs)
    kwargs["achieved_on"] = {
        "today": TODAY(),
        "tomorrow": TODAY() + dt.timedelta(days=1),
    }.get(kwargs["achieved_on"], kwargs["achieved_on"])
    with pytest.raises(ValidationError) as error:
        actions.milestone_mark_achieved(actor=world.manager_a, milestone=m, **kwargs)
    assert list(error.value.message_dict) == [field]
    assert message in error.value.message_dict[field][0]
    assert state(m) == before
    assert AuditEvent.objects.count() == audit_before


def test_mark_slipped_moves_the_forecast_with_a_reason(world, register):
    m = register.milestone_a
    old = m.forecast_date
    new = TODAY() + dt.timedelta(days=60)
    actions.milestone_mark_slipped(
        actor=world.manager_a, milestone=m, forecast_date=new, reason="Site activation delayed"
    )
    assert state(m)[2:] == (new, TODAY(), "Site activation delayed")
    audit = AuditEvent.objects.for_object(m).filter(action="update", field="forecast_date").get()
    assert (audit.old_value, audit.new_value, audit.reason) == (
        old.isoformat(),
        new.isoformat(),
        "Site activation delayed",
    )


@pytest.mark.parametrize(
    "days, reason, field, message",
    [
        (0, "Site activation delayed", "forecast_date", "must be after today"),
        (-5, "Site activation delayed", "forecast_date", "must be after today"),
        (5, "Site activation delayed", "forecast_date", "later than the current one"),
        (60, "", "reason", "Say why the milestone slipped"),
    ],
)
def test_mark_slipped_refuses_bad_input_naming_the_field(
    world, register, days, reason, field, message
):
    m = register.milestone_a  # forecast: today + 12 days
    before = state(m)
    with pytest.raises(ValidationError) as error:
        actions.milestone_mark_slipped(
            actor=world.manager_a,
            milestone=m,
            forecast_date=TODAY() + dt.timedelta(days=days),
            reason=reason,
        )
    assert list(error.value.message_dict) == [field]
    assert message in error.value.message_dict[field][0]
    assert state(m) == before


@pytest.mark.parametrize("name", ["manager_b", "executive", "firewalled", "partner_a"])
def test_actions_refuse_people_without_edit_rights(world, register, name):
    m = register.milestone_a
    before = state(m)
    with pytest.raises(PermissionDenied):
        actions.milestone_mark_achieved(
            actor=getattr(world, name), milestone=m, achieved_on=TODAY(), evidence="Report"
        )
    with pytest.raises(PermissionDenied):
        actions.milestone_mark_slipped(
            actor=getattr(world, name),
            milestone=m,
            forecast_date=TODAY() + dt.timedelta(days=60),
            reason="Delayed",
        )
    assert state(m) == before


# Who may do it, through the page: the ones who run alliance A (manager_a), leaders and admins;
# everyone else on A is refused (403) and partner users and people out of scope find nothing.
EXPECTED = {
    "admin": 302,
    "leader": 302,
    "manager_a": 302,
    "manager_b": 403,
    "executive": 403,
    "contributor": 403,
    "firewalled": 403,
    "partner_a": 404,
    "partner_b": 404,
}


@pytest.mark.parametrize("name, expected", EXPECTED.items())
def test_mark_achieved_page_as_every_persona(world, register, name, expected):
    m = register.milestone_a
    before = state(m)
    response = login(getattr(world, name)).post(
        f"/contracts/milestones/{m.pk}/achieved/",
        {"achieved_on": TODAY().isoformat(), "evidence": "Site report", "next": "/alliances/"},
    )
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == "/alliances/"
        assert state(m)[0] == TODAY()
    else:
        assert state(m) == before


def test_forms_over_htmx_come_back_in_place(world, register):
    m = register.milestone_a
    client = login(world.manager_a)
    htmx = {"HX-Request": "true"}
    form = client.get(f"/contracts/milestones/{m.pk}/slipped/", headers=htmx)
    assert form.status_code == 200
    assert b"<html" not in form.content and b'name="forecast_date"' in form.content
    bad = client.post(
        f"/contracts/milestones/{m.pk}/slipped/",
        {"forecast_date": TODAY().isoformat(), "reason": "Delayed"},
        headers=htmx,
    )
    assert bad.status_code == 400
    assert "The new forecast date must be after today." in bad.content.decode()
    new = TODAY() + dt.timedelta(days=45)
    done = client.post(
        f"/contracts/milestones/{m.pk}/slipped/",
        {"forecast_date": new.isoformat(), "reason": "Delayed by the CRO"},
        headers=htmx,
    )
    assert done.status_code == 200
    assert f"now forecast {new:%-d %b %Y} — Delayed by the CRO" in done.content.decode()


def test_evidence_may_be_a_file(world, register):
    m = register.milestone_a
    upload = SimpleUploadedFile("dosing-report.txt", b"First patient dosed on 3 May.", "text/plain")
    response = login(world.manager_a).post(
        f"/contracts/milestones/{m.pk}/achieved/",
        {"achieved_on": TODAY().isoformat(), "evidence_file": upload},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.achieved_evidence_file.original_name == "dosing-report.txt"
    assert m.achieved_evidence == "See dosing-report.txt"


def test_list_and_page_show_the_buttons_only_to_writers(world, register):
    m = register.milestone_a
    url = f"/contracts/milestones/{m.pk}/achieved/"
    for name, shown in (("manager_a", True), ("leader", True), ("executive", False)):
        client = login(getattr(world, name))
        assert (url in client.get("/contracts/milestones/").content.decode()) is shown, name
        assert (url in client.get(m.get_absolute_url()).content.decode()) is shown, name


def test_api_mark_achieved_and_slipped(world, register):
    m = register.milestone_a
    client = api_client(world.manager_a)
    new = TODAY() + dt.timedelta(days=30)
    bad = client.post(
        f"/api/v1/milestones/{m.pk}/mark-slipped/",
        {"forecast_date": TODAY().isoformat(), "reason": "Delayed"},
        format="json",
    )
    assert bad.status_code == 400
    assert "forecast_date" in bad.json()
    slipped = client.post(
        f"/api/v1/milestones/{m.pk}/mark-slipped/",
        {"forecast_date": new.isoformat(), "reason": "Delayed by the CRO"},
        format="json",
    )
    assert slipped.status_code == 200
    assert (slipped.json()["forecast_date"], slipped.json()["slip_reason"]) == (
        new.isoformat(),
        "Delayed by the CRO",
    )
    done = client.post(
        f"/api/v1/milestones/{m.pk}/mark-achieved/",
        {"achieved_on": TODAY().isoformat(), "evidence": "Site report"},
        format="json",
    )
    assert done.status_code == 200
    assert (done.json()["achieved_on"], done.json()["payment_status"]) == (
        TODAY().isoformat(),
        "achieved",
    )
    refused = api_client(world.executive).post(
        f"/api/v1/milestones/{m.pk}/mark-slipped/",
        {"forecast_date": (new + dt.timedelta(days=9)).isoformat(), "reason": "Later"},
        format="json",
    )
    assert refused.status_code == 403
    assert state(m)[2] == new
