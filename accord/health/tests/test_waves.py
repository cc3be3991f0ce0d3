"""Waves: respondents from both companies, invitations, personal links, reminders, closing."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accord.conftest import login
from accord.core.models import AuditEvent
from accord.health import actions
from accord.health.models import HealthPolicy, Respondent, Side, Submission, Wave
from accord.health.tasks import health_daily
from accord.notifications.models import Notification

from .factories import add_people, answers_for, draft_wave, uniform

LINK = re.compile(r"http://[^\s]+/s/([\w-]+)/")


def link_mails():
    """Emails carrying a personal link (notifications to staff are emailed too, as [Accord] …)."""
    return [m for m in mail.outbox if not m.subject.startswith("[Accord]")]


def _links():
    return [LINK.search(message.body).group(1) for message in link_mails()]


@pytest.fixture
def emails(django_capture_on_commit_callbacks):
    """Emails go out after commit: run those callbacks as the test's own writes finish."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def launched(world, emails):
    wave = draft_wave(world.manager_a, world.alliance_a, include_team=True)
    add_people(world.manager_a, wave, Side.PARTNER, ["R&D", "Commercial"])
    mail.outbox.clear()
    return emails(actions.wave_launch, actor=world.manager_a, wave=wave)


def test_a_wave_invites_the_alliance_team_from_both_companies(world):
    wave = draft_wave(world.manager_a, world.alliance_a, include_team=True)
    invited = {(r.email, r.side) for r in wave.respondents.all()}
    assert invited == {
        ("manager.a@meridian.test", Side.OWN),
        ("chemist@meridian.test", Side.OWN),
        ("jordan@kestrel.test", Side.PARTNER),
    }
    pulse = draft_wave(
        world.manager_a, world.alliance_a, include_team=True, kind="pulse", title="Pulse"
    )
    assert {r.side for r in pulse.respondents.all()} == {Side.OWN}


def test_launch_needs_enough_respondents_for_anonymity(world):
    wave = draft_wave(world.manager_a, world.alliance_a)
    add_people(world.manager_a, wave, Side.OWN, ["Commercial"] * 2)
    with pytest.raises(Exception) as error:
        actions.wave_launch(actor=world.manager_a, wave=wave)
    assert "Invite at least 3 people" in str(error.value)
    assert Wave.objects.get(pk=wave.pk).launched_at is None


def test_launch_notifies_staff_in_accord_and_emails_partners_a_personal_link(world, launched):
    notes = Notification.objects.filter(kind="health.survey")
    assert {n.recipient.email for n in notes} == {
        "manager.a@meridian.test",
        "chemist@meridian.test",
    }
    assert {m.to[0] for m in link_mails()} == {
        "jordan@kestrel.test",
        f"p3-{launched.pk}@partner.test",
        f"p4-{launched.pk}@partner.test",
    }
    secrets = _links()
    stored = set(Respondent.objects.filter(wave=launched).values_list("token_hash", flat=True))
    assert not stored & set(secrets)  # only hashes are stored
    assert {Respondent.hash_token(s) for s in secrets} <= stored


def test_a_partner_answers_through_the_link_without_an_account(world, launched):
    secret = _links()[0]
    anonymous = Client()
    page = anonymous.get(f"/s/{secret}/")
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    respondent = Respondent.objects.get(token_hash=Respondent.hash_token(secret))
    answers = {f"item_{k}": v for k, v in answers_for(launched, uniform(50)).items()}
    # Save and continue: a draft, nothing submitted.
    first_key = next(iter(answers))
    saved = anonymous.post(f"/s/{secret}/", {first_key: answers[first_key], "save": "1"})
    assert saved.status_code == 302
    respondent.refresh_from_db()
    assert respondent.draft == {first_key.removeprefix("item_"): int(answers[first_key])}
    assert Submission.objects.filter(wave=launched).count() == 0
    # An incomplete submission is refused with the question named, nothing written.
    incomplete = anonymous.post(f"/s/{secret}/", {first_key: answers[first_key], "submit": "1"})
    assert incomplete.status_code == 400
    assert "Answer “" in incomplete.content.decode()
    assert Submission.objects.filter(wave=launched).count() == 0
    done = anonymous.post(f"/s/{secret}/", {**answers, "submit": "1"})
    assert done.status_code == 200 and "Thank you" in done.content.decode()
    assert Submission.objects.filter(wave=launched, side=Side.PARTNER).count() == 1
    # Used: the link never works again.
    again = anonymous.get(f"/s/{secret}/")
    assert again.status_code == 410
    assert Submission.objects.filter(wave=launched).count() == 1
    assert anonymous.post(f"/s/{secret}/", {**answers, "submit": "1"}).status_code == 410
    assert Submission.objects.filter(wave=launched).count() == 1


def test_a_link_expires(world, launched):
    secret = _links()[0]
    respondent = Respondent.objects.get(token_hash=Respondent.hash_token(secret))
    policy = HealthPolicy.load()
    assert respondent.token_expires_at == min(
        respondent.invited_at + dt.timedelta(days=policy.link_valid_days),
        timezone.make_aware(
            dt.datetime.combine(launched.closes_on + dt.timedelta(days=1), dt.time.min)
        ),
    )
    Respondent.objects.filter(pk=respondent.pk).update(
        token_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = Client().get(f"/s/{secret}/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_unknown_replaced_and_closed_links_are_refused(world, launched, emails):
    assert Client().get("/s/not-a-real-token/").status_code == 410
    secret = _links()[0]
    respondent = Respondent.objects.get(token_hash=Respondent.hash_token(secret))
    mail.outbox.clear()
    emails(actions.respondent_resend_link, actor=world.manager_a, respondent=respondent)
    new_secret = _links()[0]
    assert Client().get(f"/s/{secret}/").status_code == 410
    assert Client().get(f"/s/{new_secret}/").status_code == 200
    actions.wave_close(actor=world.manager_a, wave=launched)
    assert Client().get(f"/s/{new_secret}/").status_code == 410


def test_staff_answer_in_accord_once(world, launched):
    client = login(world.firewalled)
    assert client.get("/surveys/").status_code == 200
    answers = {f"item_{k}": v for k, v in answers_for(launched, uniform(75)).items()}
    response = client.post(f"/surveys/{launched.pk}/", {**answers, "submit": "1"})
    assert response.status_code == 200
    assert Submission.objects.filter(wave=launched, side=Side.OWN).count() == 1
    assert client.post(f"/surveys/{launched.pk}/", {**answers, "submit": "1"}).status_code == 200
    assert Submission.objects.filter(wave=launched, side=Side.OWN).count() == 1
    # Someone not invited has no such survey.
    assert login(world.manager_b).get(f"/surveys/{launched.pk}/").status_code == 404
    answered = AuditEvent.objects.filter(action="answered")
    assert [(e.actor, e.new_value, e.old_value) for e in answered] == [(world.firewalled, "", "")]


def test_response_rates_per_company_and_function_live(world, launched):
    client = login(world.firewalled)
    answers = {f"item_{k}": v for k, v in answers_for(launched, uniform(75)).items()}
    client.post(f"/surveys/{launched.pk}/", {**answers, "submit": "1"})
    rates = login(world.manager_a).get(f"/health/waves/{launched.pk}/").context["rates"]
    by_key = {(r["company"], r["function"]): (r["invited"], r["answered"]) for r in rates}
    assert by_key[("Meridian Therapeutics", "")] == (2, 1)
    assert by_key[("Kestrel Bio", "")] == (3, 0)
    assert by_key[("Kestrel Bio", "R&D")] == (1, 0)


def test_the_daily_job_reminds_then_closes_and_is_idempotent(world, launched, emails):
    Respondent.objects.filter(wave=launched).update(
        invited_at=timezone.now() - dt.timedelta(days=4)
    )
    mail.outbox.clear()
    slot = timezone.now().isoformat()
    emails(health_daily.call, slot=slot)
    reminders = Notification.objects.filter(kind="health.survey", title__startswith="Reminder")
    assert reminders.count() == 2
    assert len(link_mails()) == 3
    assert all(m.subject.startswith("Reminder: ") for m in link_mails())
    emails(health_daily.call, slot=slot)
    assert reminders.count() == 2 and len(link_mails()) == 3
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Wave.objects.filter(pk=launched.pk).update(opens_on=yesterday, closes_on=yesterday)
    health_daily.call(slot=timezone.now().isoformat())
    assert Wave.objects.get(pk=launched.pk).closed_at is not None


def test_a_manager_who_does_not_run_the_alliance_cannot_launch_or_close(world):
    wave = draft_wave(world.manager_a, world.alliance_a)
    add_people(world.manager_a, wave, Side.OWN, ["Commercial"] * 3)
    before = AuditEvent.objects.count()
    for persona in ("manager_b", "executive", "partner_a"):
        response = login(getattr(world, persona)).post(f"/health/waves/{wave.pk}/launch/")
        assert response.status_code == (404 if persona == "partner_a" else 403)
    assert Wave.objects.get(pk=wave.pk).launched_at is None
    assert AuditEvent.objects.count() == before
