"""Where governance meets apps built on other branches (contracts register, knowledge).

INTEGRATION POINTS for the merge (see the governance report):

1. `sync_cadence_obligation(actor=, committee=)` is called by `committee_create` and
   `committee_update` whenever a body's meeting cadence is set or changes (or the body is
   dissolved), and by `meeting_mark_held` (a held meeting is what fulfils the cadence). It describes the obligation with `cadence_obligation_spec()` and hands it to every
   registered handler. The contracts register registers one handler (in its AppConfig.ready())
   that creates, updates or closes the matching obligation with its own actions:
       from accord.governance.integrations import register_cadence_handler
       register_cadence_handler(lambda *, actor, spec: obligations.sync_from_governance(...))
   Until then no handler is registered, and governance computes cadence compliance itself
   (accord.governance.charter.cadence_compliance).

2. `lesson_prompt_url(source_type, source_id)` is the link shown when an issue is closed: the
   knowledge app's "new lesson" page, prefilled with where the lesson comes from, when a URL named
   "knowledge:lesson_create" exists; otherwise None and no link is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps

# --- 1. Meeting cadence → contract obligation -----------------------------------------------

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


# --- 2. Closing an issue → lesson learned ---------------------------------------------------


def lesson_prompt_url(source_type: str, source_id: int) -> str | None:
    """The knowledge app's "record a lesson" page for this source, or None without that app."""
    if not apps.is_installed("accord.knowledge"):
        return None
    from accord.knowledge.hooks import lesson_prompt_url as knowledge_url

    return knowledge_url(source_type=source_type, source_id=source_id)
