"""Minutes: drafted, submitted, approved by a co-chair of each party who re-authenticates, then
locked; changed afterwards only by an amendment with a reason."""

import datetime as dt
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from accord.core.models import AuditEvent
from accord.governance import actions
from accord.governance.models import MinutesAmendment, MinutesSignature, MinutesStatus
from accord.notifications.models import Notification
from accord.people.models import LoginAttempt

from .conftest import PASSWORD, at, held_meeting


@pytest.fixture(autouse=True)
def fresh_cache():
    """allauth remembers used TOTP codes in the cache; user ids recur between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def submitted(world, gov):
    meeting = held_meeting(world.manager_a, gov.jsc_a)
    minutes = actions.minutes_save(
        actor=world.manager_a, minutes=meeting.minutes, text="1. Plan approved."
    )
    return actions.minutes_submit(
        actor=world.manager_a, minutes=minutes, now=at("2026-03-11 09:00")
    )


def approve(user, minutes, password=PASSWORD, when="2026-03-12 15:30"):
    return actions.minutes_approve(actor=user, minutes=minutes, password=password, now=at(when))


def test_submitting_needs_a_held_meeting_and_text(world, gov):
    meeting = actions.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={"starts_at": at("2026-03-10 10:00"), "modality": "virtual"},
    )
    with pytest.raises(ValidationError) as error:
        actions.minutes_submit(actor=world.manager_a, minutes=meeting.minutes)
    assert error.value.message_dict == {
        "status": ["This meeting is scheduled: you cannot submit its minutes before it is held."]
    }
    held = actions.meeting_mark_held(
        actor=world.manager_a, meeting=meeting, attended=[], now=at("2026-03-10 12:00")
    )
    with pytest.raises(ValidationError) as error:
        actions.minutes_submit(actor=world.manager_a, minutes=held.minutes)
    assert error.value.message_dict == {"text": ["Write the minutes before submitting them."]}


def test_submitting_needs_a_co_chair_for_every_party(world, gov):
    seat = gov.jsc_a.memberships.get(user=world.partner_a)
    actions.committee_member_end(
        actor=world.manager_a, seat=seat, end_date=dt.date(2026, 3, 1), reason="Left Kestrel"
    )
    meeting = held_meeting(world.manager_a, gov.jsc_a)
    actions.minutes_save(actor=world.manager_a, minutes=meeting.minutes, text="Minutes.")
    with pytest.raises(ValidationError) as error:
        actions.minutes_submit(
            actor=world.manager_a, minutes=meeting.minutes, now=at("2026-03-11 09:00")
        )
    assert error.value.message_dict == {
        "status": [
            "Kestrel Bio has no co-chair on JSC A: name one before submitting the minutes for approval."
        ]
    }


def test_submitting_asks_both_co_chairs_to_approve(world, gov, submitted):
    asked = Notification.objects.filter(kind="governance.minutes.approve")
    assert sorted(n.recipient.email for n in asked) == [
        "jordan@kestrel.test",
        "manager.a@meridian.test",
    ]


def test_both_co_chairs_approve_with_their_password_then_the_minutes_lock(world, gov, submitted):
    first = approve(world.manager_a, submitted)
    submitted.refresh_from_db()
    assert submitted.status == MinutesStatus.SUBMITTED
    assert (first.signer, first.company, first.meaning) == (
        world.manager_a,
        world.own,
        "Approved as a true and accurate record of the meeting",
    )
    assert first.signed_at == dt.datetime(2026, 3, 12, 15, 30, tzinfo=dt.UTC)
    assert first.signed_at.tzinfo == dt.UTC
    assert first.content_sha256 == submitted.content_hash()
    assert first.method == "password re-authentication"
    assert first.signer_label == "Daniel Reyes <manager.a@meridian.test>"

    approve(world.partner_a, submitted, when="2026-03-13 08:00")
    submitted.refresh_from_db()
    assert submitted.status == MinutesStatus.APPROVED
    assert submitted.is_locked
    assert submitted.approved_at == at("2026-03-13 08:00")
    assert [(s.signer, s.company) for s in submitted.signatures.all()] == [
        (world.manager_a, world.own),
        (world.partner_a, world.partner_co_a),
    ]
    trail = AuditEvent.objects.for_object(submitted).filter(action="approve")
    assert [e.new_value for e in trail.order_by("at", "id")] == [
        "Daniel Reyes <manager.a@meridian.test> for Meridian Therapeutics: Approved as a true and accurate record of the meeting",
        f"{world.partner_a.get_full_name()} <jordan@kestrel.test> for Kestrel Bio: Approved as a true and accurate record of the meeting",
    ]

    with pytest.raises(ValidationError) as error:
        actions.minutes_save(actor=world.manager_a, minutes=submitted, text="Changed")
    assert error.value.message_dict == {
        "text": ["The minutes are approved: change them through an amendment."]
    }
    with pytest.raises(ValidationError) as error:
        actions.decision_record(
            actor=world.manager_a,
            meeting=submitted.meeting,
            data={"title": "Late", "area": "development"},
            outcome="x",
        )
    assert error.value.message_dict == {
        "minutes": ["The minutes are approved and locked: change them through an amendment."]
    }
    submitted.refresh_from_db()
    assert submitted.text == "1. Plan approved."


def test_a_wrong_password_approves_nothing_and_is_recorded(world, gov, submitted):
    with pytest.raises(ValidationError) as error:
        approve(world.manager_a, submitted, password="not my password")
    assert error.value.message_dict == {
        "password": ["That is not your password: the minutes were not approved."]
    }
    assert MinutesSignature.objects.count() == 0
    submitted.refresh_from_db()
    assert submitted.status == MinutesStatus.SUBMITTED
    refused = AuditEvent.objects.for_object(submitted).get(action="approval_refused")
    assert (refused.actor, refused.new_value) == (world.manager_a, "wrong password")


def test_failed_approvals_count_against_the_accounts_sign_in_throttle(
    world, gov, submitted, settings
):
    """One throttle for signing in and signing, counted in the database: every web server
    process sees the same count (accord.people.throttling)."""
    settings.ACCORD_LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        with pytest.raises(ValidationError):
            approve(world.manager_a, submitted, password="guess")
    failed = LoginAttempt.objects.filter(account=world.manager_a.email, succeeded=False)
    assert failed.count() == 2
    # A failed sign-in is the third failure for the account: the limit is reached.
    Client().post("/accounts/login/", {"login": world.manager_a.email, "password": "guess"})
    assert failed.count() == 3
    with pytest.raises(ValidationError) as error:
        approve(world.manager_a, submitted)  # even the right password
    assert error.value.message_dict == {
        "password": ["Too many failed attempts for this account: try again in 15 minutes."]
    }
    assert MinutesSignature.objects.count() == 0
    refused = AuditEvent.objects.for_object(submitted).filter(action="approval_refused")
    assert [e.new_value for e in refused.order_by("at", "id")] == [
        "wrong password",
        "wrong password",
        "too many failed attempts",
    ]
    # Another account is not affected.
    approve(world.partner_a, submitted)
    assert MinutesSignature.objects.get().signer == world.partner_a


def test_a_co_chair_with_an_authenticator_also_gives_its_code(world, gov, submitted):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(world.manager_a, secret)
    with pytest.raises(ValidationError) as error:
        approve(world.manager_a, submitted)
    assert error.value.message_dict == {
        "otp_code": ["Enter the code from your authenticator app to sign."]
    }
    with pytest.raises(ValidationError) as error:
        actions.minutes_approve(
            actor=world.manager_a, minutes=submitted, password=PASSWORD, otp_code="000000"
        )
    assert error.value.message_dict == {"otp_code": ["The authenticator code is not correct."]}
    refused = AuditEvent.objects.for_object(submitted).filter(action="approval_refused")
    assert [e.new_value for e in refused.order_by("at", "id")] == [
        "no authenticator code",
        "wrong authenticator code",
    ]
    assert MinutesSignature.objects.count() == 0

    from accord.conftest import login

    client = login(world.manager_a)
    url = f"/governance/meetings/{submitted.meeting_id}/minutes/approve/"
    assert (
        'name="otp_code"'
        in client.get(f"/governance/meetings/{submitted.meeting_id}/").content.decode()
    )
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(url, {"password": PASSWORD, "otp_code": code})
    assert response.status_code == 302
    signature = MinutesSignature.objects.get()
    assert (signature.signer, signature.method) == (world.manager_a, "password re-authentication")


def test_only_a_co_chair_approves_and_only_once_per_party(world, gov, submitted):
    with pytest.raises(ValidationError) as error:
        approve(world.firewalled, submitted)
    assert error.value.message_dict == {
        "signer": ["Only a co-chair of JSC A approves its minutes."]
    }
    approve(world.manager_a, submitted)
    with pytest.raises(ValidationError) as error:
        approve(world.manager_a, submitted)
    assert error.value.message_dict == {
        "signer": ["Meridian Therapeutics has already approved these minutes."]
    }
    assert MinutesSignature.objects.count() == 1


def test_draft_minutes_cannot_be_approved(world, gov):
    meeting = held_meeting(world.manager_a, gov.jsc_a)
    with pytest.raises(ValidationError) as error:
        approve(world.manager_a, meeting.minutes)
    assert error.value.message_dict == {
        "status": ["Only minutes awaiting approval can be approved; these are draft."]
    }


def test_returning_to_draft_withdraws_the_approvals_given(world, gov, submitted):
    approve(world.manager_a, submitted)
    with pytest.raises(ValidationError):
        actions.minutes_return(actor=world.manager_a, minutes=submitted, reason="")
    minutes = actions.minutes_return(
        actor=world.manager_a, minutes=submitted, reason="Polaris asked for a correction"
    )
    assert minutes.status == MinutesStatus.DRAFT
    assert minutes.signatures.count() == 0
    withdrawn = AuditEvent.objects.for_object(minutes).get(action="approval_withdrawn")
    assert withdrawn.old_value == "Daniel Reyes <manager.a@meridian.test>"


def test_an_amendment_needs_a_reason_and_keeps_the_text_it_replaces(world, gov, submitted):
    approve(world.manager_a, submitted)
    approve(world.partner_a, submitted)
    with pytest.raises(ValidationError) as error:
        actions.minutes_amend(actor=world.manager_a, minutes=submitted, text="Fixed", reason="")
    assert error.value.message_dict == {
        "reason": ["Give a reason for amending approved minutes (at least 5 characters)."]
    }
    amendment = actions.minutes_amend(
        actor=world.manager_a,
        minutes=submitted,
        text="1. Plan approved (USD 310m).",
        reason="Budget figure omitted",
    )
    submitted.refresh_from_db()
    assert submitted.text == "1. Plan approved (USD 310m)."
    assert submitted.status == MinutesStatus.APPROVED
    assert (amendment.previous_text, amendment.new_text, amendment.reason) == (
        "1. Plan approved.",
        "1. Plan approved (USD 310m).",
        "Budget figure omitted",
    )
    change = AuditEvent.objects.for_object(submitted).filter(field="text").latest("at")
    assert (change.old_value, change.new_value, change.reason) == (
        "1. Plan approved.",
        "1. Plan approved (USD 310m).",
        "Budget figure omitted",
    )
    # The signatures still show what was signed: the amended text no longer matches.
    assert all(s.content_sha256 != submitted.content_hash() for s in submitted.signatures.all())
    assert MinutesAmendment.objects.count() == 1


def test_draft_minutes_cannot_be_amended(world, gov):
    meeting = held_meeting(world.manager_a, gov.jsc_a)
    with pytest.raises(ValidationError) as error:
        actions.minutes_amend(
            actor=world.manager_a, minutes=meeting.minutes, text="x", reason="A good reason"
        )
    assert error.value.message_dict == {
        "status": ["Only approved minutes are amended; edit the draft instead."]
    }


def test_internal_meeting_minutes_need_only_our_co_chair(world, gov):
    meeting = held_meeting(world.manager_a, gov.jsc_a, internal=True)
    assert {row.user for row in meeting.attendance.all()} == {world.manager_a, world.firewalled}
    actions.minutes_save(actor=world.manager_a, minutes=meeting.minutes, text="Our position.")
    minutes = actions.minutes_submit(
        actor=world.manager_a, minutes=meeting.minutes, now=at("2026-03-11 09:00")
    )
    approve(world.manager_a, minutes)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED


def test_approving_through_the_page_asks_for_the_password(world, gov, submitted):
    from accord.conftest import login

    client = login(world.partner_a)
    url = f"/governance/meetings/{submitted.meeting_id}/minutes/approve/"
    response = client.post(url, {"password": "wrong"})
    assert response.status_code == 400
    assert "That is not your password: the minutes were not approved." in response.content.decode()
    assert MinutesSignature.objects.count() == 0
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 302
    assert MinutesSignature.objects.get().signer == world.partner_a
    assert login(world.firewalled).post(url, {"password": PASSWORD}).status_code == 403
    assert login(world.partner_b).post(url, {"password": PASSWORD}).status_code == 404
    assert MinutesSignature.objects.count() == 1


def test_through_the_api_a_co_chair_with_an_authenticator_gives_its_code(world, gov, submitted):
    from accord.conftest import api_client

    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(world.manager_a, secret)
    api = api_client(world.manager_a)
    url = f"/api/v1/governance/meetings/{submitted.meeting_id}/minutes/approve/"
    response = api.post(url, {"password": PASSWORD}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"otp_code": ["Enter the code from your authenticator app to sign."]},
    )
    assert MinutesSignature.objects.count() == 0
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = api.post(url, {"password": PASSWORD, "otp_code": code}, format="json")
    assert response.status_code == 200, response.json()
    assert MinutesSignature.objects.get().signer == world.manager_a
