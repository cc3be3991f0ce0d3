"""Practice and knowledge's sections of the alliance dossier (see dossiers.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.documents import Section

from . import progress, relevance
from .models import Lesson, PlaybookTask, RaciEntry, RoleHolder, TemplateUse


def dossier_sections(alliance, user) -> list[Section]:
    found = [_lessons(alliance, user)]
    if user.is_internal:
        found += [_package(alliance, user), _roles(alliance, user), _templates(alliance, user)]
    return found


def _lessons(alliance, user) -> Section:
    section = Section(_("Lessons"), 70)
    own = Lesson.objects.visible_to(user).for_alliance(alliance).prefetch_related("topics")
    section.table(
        [_("Recorded"), _("Lesson"), _("Recommendation"), _("Topics")],
        [
            [
                lesson.recorded_on,
                f"{lesson.title}: {lesson.lesson}",
                lesson.recommendation,
                ", ".join(t.name for t in lesson.topics.all()),
            ]
            for lesson in own
        ],
        empty=_("No lessons recorded from this alliance yet."),
    )
    if user.is_internal:
        elsewhere = relevance.relevant_lessons(alliance, user)
        if elsewhere:
            section.subheading(_("Lessons from other alliances worth knowing"))
            section.bullets(
                [
                    _("%(title)s (%(alliance)s): %(recommendation)s")
                    % {
                        "title": lesson.title,
                        "alliance": lesson.alliance or _("general"),
                        "recommendation": lesson.recommendation,
                    }
                    for lesson in elsewhere
                ]
            )
    return section


def _package(alliance, user) -> Section:
    section = Section(_("Service package and lifecycle plans"), 75)
    rows = progress.for_alliance(alliance, user)
    section.table(
        [_("Playbook"), _("Revision"), _("Started"), _("Done"), _("Late"), _("Behind?")],
        [
            [
                application.playbook.name,
                _("%(revision)s of %(latest)s")
                % {"revision": application.revision, "latest": application.playbook.revision},
                application.start_date,
                _("%(done)s of %(total)s (%(pct)s%%)")
                % {"done": p.done, "total": p.total, "pct": p.done_pct},
                p.late,
                _("behind") if p.behind else _("on track"),
            ]
            for application, p in rows
        ],
        empty=_("No service package or lifecycle template is applied to this alliance."),
    )
    today = timezone.localdate()
    tasks = PlaybookTask.objects.visible_to(user).filter(alliance=alliance).select_related("owner")
    late = tasks.late(today)
    if late:
        section.subheading(_("Late deliverables"))
        section.table(
            [_("Due"), _("Deliverable"), _("Owner")],
            [[t.due_date, t.title, t.owner or t.get_owner_role_display()] for t in late],
        )
    upcoming = tasks.open().filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=45))
    if upcoming:
        section.subheading(_("Due in the next 45 days"))
        section.table(
            [_("Due"), _("Deliverable"), _("Owner")],
            [[t.due_date, t.title, t.owner or t.get_owner_role_display()] for t in upcoming],
        )
    return section


def _roles(alliance, user) -> Section:
    section = Section(_("Roles and responsibilities (RACI)"), 80)
    entries = list(RaciEntry.objects.visible_to(user).filter(alliance=alliance))
    section.table(
        [
            _("Activity"),
            _("AM"),
            _("BD"),
            _("Project mgmt"),
            _("Functional leads"),
            _("Partner"),
        ],
        [
            [
                e.activity,
                e.alliance_management or "—",
                e.business_development or "—",
                e.project_management or "—",
                e.functional_leads or "—",
                e.partner or "—",
            ]
            for e in entries
        ],
        empty=_("No RACI agreed for this alliance yet."),
    )
    if entries:
        section.subheading(_("The alliance manager's scope"))
        section.bullets(
            [
                _("In scope: %(activity)s") % {"activity": e.activity}
                for e in entries
                if e.in_am_scope
            ]
            + [
                _("Out of scope: %(activity)s") % {"activity": e.activity}
                for e in entries
                if not e.in_am_scope
            ]
        )
    holders = RoleHolder.objects.visible_to(user).filter(alliance=alliance).select_related("user")
    if holders:
        section.subheading(_("Who fills each role"))
        section.table(
            [_("Party"), _("Person"), _("Title"), _("Email")],
            [[h.get_group_display(), h.user, h.title or "—", h.user.email] for h in holders],
        )
    return section


def _templates(alliance, user) -> Section:
    section = Section(_("Templates in use"), 90)
    uses = (
        TemplateUse.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("template", "version")
        .prefetch_related("template__versions")
    )
    section.table(
        [_("Document"), _("Version used"), _("Latest version")],
        [
            [
                use.template.name,
                f"v{use.version.number}",
                f"v{use.template.current_version.number}" if use.template.current_version else "—",
            ]
            for use in uses
        ],
        empty=_("No library documents adopted yet."),
    )
    return section
