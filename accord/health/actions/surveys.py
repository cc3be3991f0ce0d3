"""Writes for survey waves: respondents, invitations and links, answers, reminders, closing."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.core import audit
from accord.core.actions import Entry, alliance_scope, open_update, save_create, save_update
from accord.core.locales import for_reader
from accord.core.versioning import bump, lock
from accord.notifications.actions import absolute, notifications_resolve_for, notify, subject_of
from accord.notifications.chat import announce
from accord.portfolio.models import Alliance, AllianceMember, Company

from ..models import (
    SCORED_KINDS,
    Answer,
    HealthPolicy,
    Instrument,
    ItemKind,
    Respondent,
    Side,
    Submission,
    Wave,
    WaveKind,
    normalise_function,
    validate_answer,
)

WAVE_FIELDS = ["title", "kind", "instrument", "opens_on", "closes_on"]
RESPONDENT_FIELDS = ["name", "email", "company", "side", "function", "language"]


class LinkError(Exception):
    """A personal survey link that cannot be used, with the reason to show its holder."""


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


# --- Waves ----------------------------------------------------------------------------------


def _wave_from(data: dict, alliance: Alliance, actor) -> Wave:
    instrument = data.get("instrument")
    if not isinstance(instrument, Instrument):
        raise ValidationError({"instrument": _("Choose an instrument.")})
    return Wave(
        alliance=alliance,
        instrument=instrument,
        kind=data.get("kind") or WaveKind.JOINT,
        title=(data.get("title") or "").strip(),
        opens_on=data.get("opens_on") or timezone.localdate(),
        closes_on=data.get("closes_on"),
        created_by=actor,
    )


WAVE = Entry(Wave, WAVE_FIELDS, scope=alliance_scope)


@transaction.atomic
def wave_create(*, actor, alliance: Alliance, data: dict, include_team: bool = True) -> Wave:
    """A draft wave for one alliance; its team (both companies, or ours for a pulse) is invited."""
    wave = _wave_from(data, alliance, actor)
    wave.full_clean()
    save_create(WAVE, wave, actor=actor)
    if include_team:
        seen = set()
        members = (
            AllianceMember.objects.filter(alliance=alliance, user__is_active=True)
            .select_related("user", "user__company")
            .order_by("user__last_name", "user_id")
        )
        for member in members:
            user = member.user
            if user.pk in seen or (user.is_partner and wave.kind != WaveKind.JOINT):
                continue
            seen.add(user.pk)
            respondent_add(actor=actor, wave=wave, user=user)
    return wave


@transaction.atomic
def waves_create(*, actor, alliances, data: dict, include_team: bool = True) -> list[Wave]:
    """The same survey round for several alliances at once: one wave each."""
    alliances = list(alliances)
    if not alliances:
        raise ValidationError({"alliances": _("Choose at least one alliance.")})
    return [
        wave_create(actor=actor, alliance=a, data=data, include_team=include_team)
        for a in alliances
    ]


@transaction.atomic
def wave_update(*, actor, wave: Wave, data: dict, expected_version=None) -> Wave:
    wave, before = open_update(WAVE, wave, expected_version)
    if wave.closed_at:
        raise ValidationError({"closes_on": _("A closed wave cannot change.")})
    opened = wave.opens_on
    for name in ("title", "opens_on", "closes_on"):
        if name in data:
            setattr(wave, name, data[name])
    for name in ("instrument", "kind"):
        if name in data and data[name] != getattr(wave, name):
            if wave.launched_at:
                raise ValidationError(
                    {name: _("The wave is launched: its instrument and kind are fixed.")}
                )
            setattr(wave, name, data[name])
    if wave.launched_at and wave.opens_on != opened and opened <= timezone.localdate():
        raise ValidationError({"opens_on": _("The wave is launched: its opening date is fixed.")})
    wave.full_clean()
    if wave.closes_on < timezone.localdate() and wave.launched_at:
        raise ValidationError(
            {"closes_on": _("Close it now instead of setting a past closing date.")}
        )
    return save_update(WAVE, wave, before, actor=actor)


@transaction.atomic
def wave_delete(*, actor, wave: Wave) -> None:
    wave = lock(Wave, wave.pk)
    if wave.launched_at:
        raise ValidationError(
            {"wave": _("Only a draft wave can be deleted; close a launched one.")}
        )
    audit.record_delete(actor=actor, obj=wave, fields=WAVE_FIELDS, alliance_id=wave.alliance_id)
    wave.delete()


@transaction.atomic
def wave_launch(*, actor, wave: Wave, now=None) -> Wave:
    now = now or timezone.now()
    wave = lock(Wave, wave.pk)
    if wave.launched_at:
        raise ValidationError({"wave": _("This wave is already launched.")})
    threshold = HealthPolicy.load().anonymity_threshold
    count = wave.respondents.count()
    if count < threshold:
        raise ValidationError(
            {
                "respondents": _(
                    "Invite at least %(threshold)s people: results of fewer are never shown."
                )
                % {"threshold": threshold}
            }
        )
    if wave.closes_on < timezone.localdate(now):
        raise ValidationError({"closes_on": _("The closing date has passed: choose a later one.")})
    wave.launched_at = now
    bump(wave)
    wave.save()
    audit.record(
        actor=actor,
        obj=wave,
        action="launch",
        changes={"status": ("Draft", wave.get_status_display())},
        alliance_id=wave.alliance_id,
    )
    if wave.opens_on <= timezone.localdate(now):
        send_invitations(wave=wave, now=now)
    return wave


@transaction.atomic
def wave_close(*, actor, wave: Wave, now=None, reason: str = "") -> Wave:
    now = now or timezone.now()
    wave = lock(Wave, wave.pk)
    if wave.closed_at:
        return wave
    if not wave.launched_at:
        raise ValidationError({"wave": _("A draft wave cannot be closed: delete it instead.")})
    before = wave.get_status_display()
    wave.closed_at = now
    bump(wave)
    wave.save()
    # Unsent answers of people who did not submit are not kept once the wave is over.
    wave.respondents.filter(submitted_at__isnull=True).update(draft={})
    # Nobody can answer any more: every "please answer" of this wave is resolved.
    notifications_resolve_for(
        subjects=[subject_of(respondent) for respondent in wave.respondents.only("pk")]
    )
    audit.record(
        actor=actor,
        obj=wave,
        action="close",
        changes={"status": (before, "Closed")},
        reason=reason,
        alliance_id=wave.alliance_id,
    )
    from ..tasks import store_wave_headlines

    pk = wave.pk
    transaction.on_commit(lambda: store_wave_headlines.enqueue(wave_ids=[pk]))
    return wave


# --- Respondents ----------------------------------------------------------------------------


@transaction.atomic
def respondent_add(
    *,
    actor,
    wave: Wave,
    user=None,
    name: str = "",
    email: str = "",
    function: str = "",
    company: Company | None = None,
    language: str = "",
) -> Respondent:
    """Invite one person: one of our staff (answers in Accord) or a partner (answers by link),
    in the language chosen for them (by default an account's own)."""
    if wave.closed_at:
        raise ValidationError({"wave": _("The wave is closed.")})
    if user is not None:
        if not user.is_active:
            raise ValidationError({"user": _("%(user)s has no active account.") % {"user": user}})
        name, email = user.get_full_name() or user.email, user.email
        function = function or user.function
        language = language or user.language
        company = user.company
        side = Side.PARTNER if user.is_partner else Side.OWN
    else:
        if company is None:
            raise ValidationError({"company": _("Say which company the person works for.")})
        side = Side.OWN if company.is_own else Side.PARTNER
        if side == Side.OWN:
            raise ValidationError(
                {"user": _("Our own staff answer in Accord: choose their account instead.")}
            )
    if side == Side.PARTNER:
        if wave.kind != WaveKind.JOINT:
            raise ValidationError({"company": _("A pulse check asks our own company only.")})
        if not wave.alliance.partners.filter(pk=company.pk).exists():
            raise ValidationError(
                {
                    "company": _("%(company)s is not a partner in %(alliance)s.")
                    % {"company": company, "alliance": wave.alliance}
                }
            )
    respondent = Respondent(
        wave=wave,
        user=user,
        name=(name or "").strip(),
        email=(email or "").strip().lower(),
        function=(function or "").strip(),
        company=company,
        side=side,
        language=language or "",
    )
    respondent.full_clean(exclude=["wave"])
    if wave.respondents.filter(email=respondent.email).exists():
        raise ValidationError(
            {"email": _("%(email)s is already invited to this wave.") % {"email": respondent.email}}
        )
    respondent.save()
    audit.record_create(
        actor=actor, obj=respondent, fields=RESPONDENT_FIELDS, alliance_id=wave.alliance_id
    )
    if wave.is_open:
        _invite(respondent, timezone.now())
    return respondent


@transaction.atomic
def respondent_remove(*, actor, respondent: Respondent) -> None:
    respondent = lock(Respondent, respondent.pk)
    if respondent.submitted_at:
        raise ValidationError({"respondent": _("This person has answered: they stay in the wave.")})
    if respondent.wave.closed_at:
        raise ValidationError({"wave": _("The wave is closed.")})
    audit.record_delete(
        actor=actor,
        obj=respondent,
        fields=RESPONDENT_FIELDS,
        alliance_id=respondent.wave.alliance_id,
    )
    respondent.delete()


def _issue_link(respondent: Respondent, now) -> str:
    """A fresh personal link (any earlier one stops working); only its hash is kept."""
    policy = HealthPolicy.load()
    secret = secrets.token_urlsafe(32)
    respondent.token_hash = Respondent.hash_token(secret)
    respondent.token_expires_at = min(
        now + dt.timedelta(days=policy.link_valid_days), _end_of(respondent.wave.closes_on)
    )
    return absolute(reverse("health:link_answer", args=[secret]))


def _email_link(respondent: Respondent, link: str, *, reminder: bool) -> None:
    wave = respondent.wave
    with for_reader(respondent):  # the language chosen for them; the deployment's zone
        body = render_to_string(
            "health/email_link.txt",
            {
                "respondent": respondent,
                "wave": wave,
                "link": link,
                "reminder": reminder,
                "expires": respondent.token_expires_at,
            },
        )
        title = f"{wave.title} – {wave.alliance}"
        subject = _("Reminder: %(title)s") % {"title": title} if reminder else title
    message = EmailMessage(subject=subject, body=body, to=[respondent.email])
    # Sent after commit, so a rolled-back invitation never mails a link that does not work.
    transaction.on_commit(lambda: message.send(fail_silently=True))


def _invite(respondent: Respondent, now, *, reminder: bool = False) -> None:
    wave = respondent.wave
    if respondent.side == Side.PARTNER:
        link = _issue_link(respondent, now)
        _email_link(respondent, link, reminder=reminder)
    elif respondent.user_id:
        step = f"remind.{timezone.localdate(now).isoformat()}" if reminder else "invite"
        notify(
            recipients=[respondent.user],
            kind="health.survey",
            title=lambda: (
                (
                    _("Reminder: please answer “%(title)s” for %(alliance)s")
                    if reminder
                    else _("Please answer “%(title)s” for %(alliance)s")
                )
                % {"title": wave.title, "alliance": wave.alliance}
            ),
            body=lambda: (
                _("Open until %(date)s. Your answers are anonymous.")
                % {"date": date_format(wave.closes_on, pgettext("date format", "d M Y"))}
            ),
            dedupe_key=f"health.wave.{wave.pk}.{step}",
            url=reverse("health:answer", args=[wave.pk]),
            alliance_id=wave.alliance_id,
            subject=subject_of(respondent),
        )
    if reminder:
        respondent.reminded_at = now
        respondent.reminder_count += 1
    else:
        respondent.invited_at = now
    respondent.save()


@transaction.atomic
def send_invitations(*, wave: Wave, now=None) -> int:
    """Invite everyone in an open wave not invited yet; returns how many were invited."""
    now = now or timezone.now()
    pending = list(
        wave.respondents.filter(invited_at__isnull=True).select_related("user", "wave__alliance")
    )
    for respondent in pending:
        _invite(respondent, now)
    # The wave is open: the teams' chat hears it once (a joint wave the partner sees too).
    announce(
        event="survey_opened",
        title=_("Health survey open until %(date)s: %(title)s")
        % {
            "date": date_format(wave.closes_on, pgettext("date format", "d M Y")),
            "title": wave.title,
        },
        url=wave.get_absolute_url(),
        dedupe_key=f"health.wave:{wave.pk}:opened",
        alliance_id=wave.alliance_id,
        shared=wave.kind == WaveKind.JOINT,
    )
    return len(pending)


@transaction.atomic
def send_reminders(*, wave: Wave, now=None, force: bool = False) -> int:
    """Remind whoever has not answered (at most every `reminder_days`, unless forced)."""
    now = now or timezone.now()
    if not wave.is_open:
        return 0
    due = now - dt.timedelta(days=HealthPolicy.load().reminder_days)
    count = 0
    for respondent in (
        wave.respondents.pending()
        .filter(invited_at__isnull=False)
        .select_related("user", "wave__alliance")
    ):
        last = respondent.reminded_at or respondent.invited_at
        if force or last <= due:
            _invite(respondent, now, reminder=True)
            count += 1
    return count


@transaction.atomic
def respondent_resend_link(*, actor, respondent: Respondent) -> None:
    respondent = lock(Respondent, respondent.pk)
    if respondent.side != Side.PARTNER or respondent.submitted_at or not respondent.wave.is_open:
        raise ValidationError(
            {"respondent": _("Only a partner who has not answered an open wave gets a new link.")}
        )
    _invite(respondent, timezone.now(), reminder=True)
    audit.record(
        actor=actor,
        obj=respondent,
        action="resend_link",
        changes={},
        alliance_id=respondent.wave.alliance_id,
    )


# --- Answering ------------------------------------------------------------------------------


def respondent_for_link(secret: str, *, now=None) -> Respondent:
    """The respondent a personal link belongs to, or LinkError saying why it cannot be used."""
    now = now or timezone.now()
    if not secret or len(secret) > 100:
        raise LinkError(_("This link is not valid."))
    respondent = (
        Respondent.objects.select_related("wave", "wave__alliance", "wave__instrument", "company")
        .filter(token_hash=Respondent.hash_token(secret), side=Side.PARTNER)
        .first()
    )
    if respondent is None:
        raise LinkError(_("This link is not valid. It may have been replaced by a newer one."))
    if respondent.submitted_at:
        raise LinkError(_("Your answers have been submitted: this link cannot be used again."))
    if respondent.wave.closed_at or respondent.wave.closes_on < timezone.localdate(now):
        raise LinkError(_("This survey has closed."))
    if respondent.token_expires_at is None or respondent.token_expires_at <= now:
        raise LinkError(_("This link has expired. Ask your alliance manager for a new one."))
    if not respondent.wave.is_open:
        raise LinkError(_("This survey is not open yet."))
    return respondent


def _clean_answers(wave: Wave, raw: dict, *, complete: bool) -> tuple[dict, dict]:
    """Validated answers {item_id: int} and comments {item_id: text}; errors name the question."""
    values, texts, errors = {}, {}, {}
    for item in wave.instrument.items_in_order():
        key = str(item.pk)
        value = raw.get(key, raw.get(item.pk))
        if item.kind == ItemKind.TEXT:
            text = (value or "").strip() if isinstance(value, str) else ""
            if len(text) > 4000:
                errors[f"item_{item.pk}"] = _("Keep comments under 4,000 characters.")
            elif text:
                texts[item.pk] = text
            continue
        if value in (None, ""):
            if complete:
                errors[f"item_{item.pk}"] = _("Answer “%(question)s”.") % {
                    "question": item.shown_text
                }
            continue
        try:
            values[item.pk] = validate_answer(item.kind, value)
        except ValidationError as error:
            errors[f"item_{item.pk}"] = _("“%(question)s”: %(problem)s") % {
                "question": item.shown_text,
                "problem": error.messages[0],
            }
    if errors:
        raise ValidationError(errors)
    return values, texts


@transaction.atomic
def answers_save(*, respondent: Respondent, answers: dict, submit: bool, now=None) -> Respondent:
    """Save a respondent's answers for later, or submit them (once; they cannot change after)."""
    now = now or timezone.now()
    respondent = lock(Respondent, respondent.pk)
    wave = respondent.wave
    if respondent.submitted_at:
        raise ValidationError({"wave": _("Your answers were already submitted.")})
    if not wave.is_open:
        raise ValidationError({"wave": _("This survey is not open.")})
    values, texts = _clean_answers(wave, answers, complete=submit)
    respondent.started_at = respondent.started_at or now
    if not submit:
        respondent.draft = {str(k): v for k, v in {**values, **texts}.items()}
        respondent.save()
        return respondent
    submission = Submission.objects.create(
        wave=wave,
        side=respondent.side,
        company=respondent.company,
        function=normalise_function(respondent.function),
    )
    Answer.objects.bulk_create(
        [Answer(submission=submission, item_id=k, value=v) for k, v in values.items()]
        + [Answer(submission=submission, item_id=k, text=t) for k, t in texts.items()]
    )
    respondent.submitted_at = now
    respondent.draft = {}
    # The hash stays so the spent link can say so; submitted_at is what refuses it.
    respondent.save()
    notifications_resolve_for(subject=subject_of(respondent))
    # The trail records that this person answered, never what they answered.
    audit.record(
        actor=respondent.user if respondent.user_id else None,
        obj=respondent,
        action="answered",
        changes={},
        alliance_id=wave.alliance_id,
    )
    return respondent


def draft_answers(respondent: Respondent) -> dict:
    return dict(respondent.draft or {})


def scored_item_count(wave: Wave) -> int:
    return wave.instrument.items_in_order().filter(kind__in=SCORED_KINDS).count()


# --- Scheduled work -------------------------------------------------------------------------


def run_daily(*, now=None) -> dict:
    """Open, remind and close waves as their dates come; idempotent, catches up after downtime."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = {"invited": 0, "reminded": 0, "closed": 0}
    for wave in Wave.objects.filter(
        launched_at__isnull=False, closed_at__isnull=True
    ).select_related("alliance"):
        if wave.closes_on < today:
            wave_close(actor=None, wave=wave, now=now, reason="The closing date has passed.")
            done["closed"] += 1
            continue
        if wave.opens_on <= today:
            done["invited"] += send_invitations(wave=wave, now=now)
            done["reminded"] += send_reminders(wave=wave, now=now)
    return done
