"""Reading the audit trail: who may see which part of it, filters, and CSV / PDF exports.

- an alliance's trail: internal people who can see the alliance;
- one object's trail (alliance, program, company): internal people who can see the object;
- the whole trail, or any other object's: reviewers (admins, leaders and executives).
Firewalled programs' records are hidden from everyone not cleared for them, whatever the role.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import scoping

from . import exports, registry
from .models import AuditEvent

REVIEWER_ROLES = {"admin", "leader", "executive"}
HEADERS = [
    "Sequence",
    "When (UTC)",
    "Who",
    "Action",
    "Object type",
    "Object id",
    "Object",
    "Field",
    "Old value",
    "New value",
    "Reason",
    "Change id",
    "Record hash",
    "Chain",
]


def can_review_whole_trail(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in REVIEWER_ROLES


class AuditFilterForm(scoping.Form):
    alliance = forms.IntegerField(required=False, min_value=1)
    object = forms.RegexField(
        regex=r"^[a-z_]+\.[a-z_]+:[\w-]{1,64}$",
        required=False,
        error_messages={
            "invalid": gettext_lazy("Use app.model:id, for example portfolio.program:12.")
        },
    )
    actor = forms.IntegerField(required=False, min_value=1)
    since = forms.DateField(required=False, help_text=gettext_lazy("From this day (UTC)."))
    until = forms.DateField(required=False, help_text=gettext_lazy("To this day (UTC), inclusive."))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError({"until": _("The end date is before the start date.")})
        return data


def scoped_events(user, params) -> tuple:
    """(events, title, form) for these filters, or PermissionDenied / Http404 / ValidationError."""
    if not user.is_authenticated or not user.is_internal:
        raise PermissionDenied(_("The audit trail is internal to our company."))
    form = AuditFilterForm(params)
    if not form.is_valid():
        raise ValidationError({name: errors[0] for name, errors in form.errors.items()})
    data = form.cleaned_data
    events = AuditEvent.objects.visible_to(user).select_related("content_type")
    titles = []
    scoped = False
    if data.get("alliance"):
        alliance = registry.scope().get_alliance(user, data["alliance"])
        events = events.for_alliance(alliance.pk)
        titles.append(_("alliance %(alliance)s") % {"alliance": alliance})
        scoped = True
    if data.get("object"):
        label, object_id = data["object"].split(":", 1)
        app_label, model = label.split(".")
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            raise ValidationError(
                {"object": _("“%(label)s” is not a kind of record.") % {"label": label}}
            )
        # Objects whose own access rules decide who reads their trail (the alliances, programs
        # and companies, registered by portfolio); any other object's trail is for reviewers.
        if label in registry.AUDITED_OBJECTS:
            obj = registry.AUDITED_OBJECTS[label](user, object_id)
            titles.append(f"{content_type.name} {obj}")
            scoped = True
        else:
            titles.append(f"{content_type.name} #{object_id}")
        events = events.filter(content_type=content_type, object_id=object_id)
    if not scoped and not can_review_whole_trail(user):
        raise PermissionDenied(
            _(
                "The whole audit trail is for admins, leaders and executives: open an alliance's "
                "history instead."
            )
        )
    if data.get("actor"):
        events = events.filter(actor_id=data["actor"])
    if data.get("since"):
        start = dt.datetime.combine(data["since"], dt.time.min, tzinfo=dt.UTC)
        events = events.filter(at__gte=start)
    if data.get("until"):
        end = dt.datetime.combine(data["until"] + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
        events = events.filter(at__lt=end)
    title = (
        _("Audit trail of %(records)s") % {"records": ", ".join(titles)}
        if titles
        else _("Audit trail")
    )
    return events.order_by("at", "id"), title, form


def _row(event) -> list:
    return [
        event.sequence,
        event.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        event.actor_label,
        event.action,
        f"{event.content_type.app_label}.{event.content_type.model}",
        event.object_id,
        event.object_repr,
        event.field,
        event.old_value,
        event.new_value,
        event.reason,
        str(event.change_id),
        event.hash,
        event.chain,
    ]


def csv_response(events, filename: str) -> HttpResponse:
    return exports.csv_response(
        f"{filename}.csv", HEADERS, (_row(event) for event in events.iterator(chunk_size=2000))
    )


# A PDF of the trail is for reading and filing: at most this many records (about 90 pages,
# laid out in some 10 s). The CSV holds any number.
PDF_MAX_RECORDS = 2000


def pdf_document(events, title: str, user):
    from .documents import Document

    now = timezone.now().astimezone(dt.UTC)
    document = Document(
        title=title,
        subtitle=f"Exported {now:%Y-%m-%d %H:%M} UTC by {user.email}. Times are UTC.",
        footer=f"Accord audit trail · {title}",
    )
    rows = [
        [
            e.sequence,
            e.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_label,
            f"{e.action} {e.content_type.name} {e.object_repr}",
            e.field,
            e.old_value[:300],
            e.new_value[:300],
            e.reason[:300],
        ]
        for e in events.iterator(chunk_size=2000)
    ]
    document.paragraph(
        f"{len(rows)} record(s). Each record is chained to the one before it by a SHA-256 "
        "hash; `accord audit verify` checks the chain."
    )
    document.table(
        ["#", "When (UTC)", "Who", "What", "Field", "Old", "New", "Reason"],
        rows,
        empty="No recorded changes.",
    )
    return document
