"""How governance plugs into the apps beside it, and how they plug into governance.

- Meeting cadence → contract obligation: `sync_cadence_obligation(actor=, committee=)` is called by
  `committee_create`, `committee_update` (a body's cadence set, changed or dissolved) and
  `meeting_mark_held` (a held meeting is what fulfils the cadence). It describes the obligation
  with `cadence_obligation_spec()` and hands it to every handler registered with
  `register_cadence_handler(handler)`, inside the committee action's transaction. The contracts
  register registers one in its AppConfig.ready(). With none registered, governance computes
  cadence compliance itself (accord.governance.charter.cadence_compliance).
- Lesson prompts: `lesson_prompt_url(source_type, source_id)` is the link shown when an issue is
  closed: the knowledge app's "new lesson" page when a URL named "knowledge:lesson_create"
  exists, otherwise None and no link is shown.
- Key dates for meeting packs: an app registers `provider(*, alliance, user, start, end, shared)`
  with `register_key_dates_provider`; it returns the `KeyDate`s between `start` and `end`
  (inclusive) that `user` may see, and when `shared` is True (a joint meeting's pack, which goes
  to the partner) leaves out internal-only dates and firewalled programs. The contracts register
  adds notice deadlines and milestones; governance adds its own (`governance_key_dates`).
- Governance feeding practice and knowledge (registered in apps.py when accord.knowledge is
  installed): closed issues become lesson sources (`issue_source`); JSC meetings give "at each
  JSC" playbook deliverables their dates (`jsc_meetings`); the areas of open issues make lessons
  on the same topics rank higher on the alliance page (`open_topics`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import CommitteeKind, Issue, IssueStatus, Meeting

# --- Meeting cadence → contract obligation -----------------------------------------------

CADENCE_HANDLERS: list[Callable] = []


def register_cadence_handler(handler: Callable) -> None:
    """`handler(*, actor, spec)` is called inside the committee action's transaction."""
    if handler not in CADENCE_HANDLERS:
        CADENCE_HANDLERS.append(handler)


def cadence_obligation_spec(committee, *, on=None) -> dict:
    """The meeting-cadence duty a charter creates, described for the contracts register.

    `active` is False when the body no longer has a cadence (or was dissolved): the obligation
    should then be closed. `source` identifies the body so the register can find its obligation.
    The duty is fulfilled by the meetings recorded for the body, nothing else: `standing`
    (charter.cadence_standing, the same reading the governance pages show) says which years were
    met, by which meeting, and when the next one is due.
    """
    from django.utils import timezone

    from .charter import cadence_standing

    per_year = committee.meetings_per_year
    active = bool(per_year) and committee.dissolved_on is None
    standing = cadence_standing(committee, committee.meetings.all(), on=on or timezone.localdate())
    return {
        "source": {"app": "governance", "model": "committee", "id": committee.pk},
        "alliance_id": committee.alliance_id,
        "program_id": committee.program_id,
        "active": active,
        "kind": "meeting_cadence",
        "title": (
            # Stored on the contracts register's obligation and compared at each sync: kept in
            # the site language, not the language of whoever triggers the sync.
            f"{committee.name} meets {committee.get_meetings_per_year_display().lower()}"
            if per_year
            else f"{committee.name}: no meeting cadence"
        ),
        "meetings_per_year": per_year,
        "clause": committee.charter_reference,
        "starts_on": committee.established_on,
        "ends_on": committee.dissolved_on,
        "url": committee.get_absolute_url(),
        # What a contract clause calls the body ("Joint Steering Committee", "JSC").
        "names": body_names(committee),
        "standing": standing,
    }


def body_names(committee) -> list[str]:
    names = [committee.name, committee.get_kind_display()]
    if len(committee.kind) == 3:  # jsc, jdc, jcc, jmc, jpc
        names.append(committee.kind.upper())
    return names


def cadence_bodies(alliance_id: int) -> list[tuple[int, list[str]]]:
    """The alliance's bodies with a meeting cadence: (id, names) for the register's dedupe."""
    from .models import Committee

    bodies = Committee.objects.filter(
        alliance_id=alliance_id, meetings_per_year__isnull=False, dissolved_on__isnull=True
    ).exclude(meetings_per_year=0)
    kinds = [body.kind for body in bodies]
    found = []
    for body in bodies:
        names = body_names(body)
        if kinds.count(body.kind) > 1:  # "JSC" would not say which of two
            names = [body.name]
        found.append((body.pk, names))
    return found


def sync_cadence_obligation(*, actor, committee) -> dict:
    """Tell the contracts register (when it is installed) about a body's cadence; returns the spec."""
    spec = cadence_obligation_spec(committee)
    for handler in CADENCE_HANDLERS:
        handler(actor=actor, spec=spec)
    return spec


# --- Closing an issue → lesson learned ---------------------------------------------------


def lesson_prompt_url(source_type: str, source_id: int) -> str | None:
    """The knowledge app's "record a lesson" page for this source, or None without that app."""
    if not apps.is_installed("accord.knowledge"):
        return None
    from accord.knowledge.hooks import lesson_prompt_url as knowledge_url

    return knowledge_url(source_type=source_type, source_id=source_id)


# --- Key dates for meeting packs ---------------------------------------------------------------


@dataclass(frozen=True)
class KeyDate:
    date: dt.date
    title: str
    kind: str  # e.g. "meeting", "decision due", "review period ends", "notice deadline"
    source: str = "governance"


PROVIDERS: list[Callable] = []


def register_key_dates_provider(provider: Callable) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def key_dates(*, alliance, user, start: dt.date, end: dt.date, shared: bool) -> list[KeyDate]:
    found = []
    for provider in PROVIDERS:
        found.extend(provider(alliance=alliance, user=user, start=start, end=end, shared=shared))
    return sorted(found, key=lambda item: (item.date, item.kind, item.title))


def _shared_only(queryset, shared: bool):
    """For a pack going to the partner: nothing internal, nothing on a firewalled program."""
    if not shared:
        return queryset
    return queryset.filter(is_internal=False).exclude(program__is_firewalled=True)


def governance_key_dates(*, alliance, user, start, end, shared) -> list[KeyDate]:
    from .models import Communication, Decision, Meeting

    dates = []
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(alliance=alliance, status="scheduled")
        .filter(starts_at__date__gte=start, starts_at__date__lte=end)
        .select_related("committee")
    )
    if shared:
        meetings = meetings.filter(is_internal=False).exclude(
            committee__program__is_firewalled=True
        )
    for meeting in meetings:
        dates.append(
            KeyDate(timezone.localtime(meeting.starts_at).date(), meeting.title, "meeting")
        )
    decisions = _shared_only(
        Decision.objects.visible_to(user)
        .pending()
        .filter(alliance=alliance, due_on__gte=start, due_on__lte=end),
        shared,
    )
    dates += [KeyDate(d.due_on, d.title, "decision needed") for d in decisions]
    reviews = _shared_only(
        Communication.objects.visible_to(user)
        .under_review()
        .filter(alliance=alliance, review_due_on__gte=start, review_due_on__lte=end),
        shared,
    )
    dates += [KeyDate(c.review_due_on, c.title, "review period ends") for c in reviews]
    return dates


# --- Governance feeding practice and knowledge ------------------------------------------------


# Governance issue areas → knowledge topics (see accord/knowledge/reference_data.py).
AREA_TOPICS = {
    "development": "clinical",
    "regulatory": "regulatory",
    "commercial": "commercial",
    "manufacturing": "manufacturing",
    "financial": "finance",
    "legal": "contract",
    "relationship": "relationship",
    "intellectual_property": "ip",
}


def issue_source(source_id: int, user):
    from accord.knowledge.hooks import LessonSource

    from .access import get_issue_for_user

    try:
        issue = get_issue_for_user(user, source_id)
    except Http404:
        return None
    alliance = issue.alliance
    return LessonSource(
        alliance=alliance,
        program=issue.program,
        label=_("Issue “%(title)s” (%(alliance)s)")
        % {"title": issue.title, "alliance": alliance.name},
        phase=alliance.stage,
        title=_("What the issue “%(title)s” taught us") % {"title": issue.title},
        context=(
            _("%(area)s issue, %(severity)s severity, raised %(raised)s.")
            % {
                "area": issue.get_area_display(),
                "severity": issue.get_severity_display().lower(),
                "raised": date_format(issue.raised_on, pgettext("date format", "d M Y")),
            }
            + f" {issue.description}\n"
            + _("Resolution: %(resolution)s") % {"resolution": issue.resolution or "—"}
        ).strip(),
    )


def jsc_meetings(alliance) -> list[tuple[int, object]]:
    meetings = Meeting.objects.filter(alliance=alliance, committee__kind=CommitteeKind.JSC)
    return [(pk, starts_at.date()) for pk, starts_at in meetings.values_list("pk", "starts_at")]


def open_topics(alliance) -> set[str]:
    areas = (
        Issue.objects.filter(
            alliance=alliance, status__in=[IssueStatus.OPEN, IssueStatus.ESCALATED]
        )
        .values_list("area", flat=True)
        .distinct()
    )
    return {AREA_TOPICS[area] for area in areas if area in AREA_TOPICS}
