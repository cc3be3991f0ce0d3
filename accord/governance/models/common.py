"""Vocabulary shared by every governance record, and the one scoping rule they all follow."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, Titled, VersionedModel
from accord.core.visibility import built_once, visible
from accord.portfolio.models import Alliance, AllianceMember


class Area(models.TextChoices):
    """The matters a body decides, and the area an issue or decision belongs to."""

    DEVELOPMENT = "development", _("Development")
    REGULATORY = "regulatory", _("Regulatory")
    COMMERCIAL = "commercial", _("Commercial")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    FINANCIAL = "financial", _("Financial")
    LEGAL = "legal", _("Legal")
    RELATIONSHIP = "relationship", _("Relationship")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property / patents")


def partner_governance_alliances(user):
    """The alliances whose governance a partner user takes part in.

    A partner user sees an alliance's meetings, minutes, decisions, actions and issues only while
    they are on its team and sit on one of its committees (any role, observers included).
    """
    from .committees import CommitteeMember

    def build():
        on_team = AllianceMember.objects.filter(user=user).values("alliance_id")
        return (
            CommitteeMember.objects.current()
            .filter(user=user, committee__alliance_id__in=on_team)
            .values("committee__alliance_id")
        )

    return built_once("partner_governance_alliances", user, build)


class ScopedQuerySet(models.QuerySet):
    """`visible_to(user)` for records that belong to an alliance.

    Out of scope: alliances the person may not see (for partner users, alliances whose
    committees they do not sit on), records marked internal (for partner users), and anything
    linked to a firewalled program the person is not cleared for.
    """

    alliance_path = "alliance"
    program_paths: tuple[str, ...] = ("program",)
    internal_path: str | None = "is_internal"
    partner_visible = True

    def shared(self):
        """What the partner's people on the alliance's bodies are shown of these records
        (firewalled programs aside, which each person's clearance decides)."""
        if not self.partner_visible:
            return self.none()
        if self.internal_path:
            return self.filter(**{self.internal_path: False})
        return self

    def visible_to(self, user):
        def partner(scoped):
            return scoped.shared().filter(
                **{f"{self.alliance_path}_id__in": partner_governance_alliances(user)}
            )

        return visible(self, user, program=self.program_paths, partner=partner)


class Record(VersionedModel, Linked, Titled):
    """A governance record of an alliance (decision, action, issue, risk, communication): edited
    concurrently, with its own page, read as its title, and possibly tied to one of the
    alliance's programs, whose firewall then covers it (reminders, chat posts, the audit trail)."""

    class Meta:
        abstract = True

    @property
    def firewall_program_id(self):
        return self.program_id


def today():
    return timezone.localdate()


ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


def check_transition(record, field: str, target: str, allowed: dict[str, set[str]]) -> None:
    """Refuse a state change the lifecycle does not allow, naming what is allowed instead."""
    current = getattr(record, field)
    labels = dict(record._meta.get_field(field).choices)
    if target not in labels:
        raise ValidationError(
            {field: _("Unknown %(field)s “%(value)s”.") % {"field": field, "value": target}}
        )
    if target in allowed.get(current, set()):
        return
    options = sorted(labels[state].lower() for state in allowed.get(current, set()))
    what = record._meta.verbose_name
    if options:
        message = _("A %(current)s %(what)s cannot become %(target)s; it can become: %(options)s.")
    else:
        message = _("A %(current)s %(what)s cannot become %(target)s; it is final.")
    values = {
        "current": labels[current].lower(),
        "what": what,
        "target": labels[target].lower(),
        "options": ", ".join(options),
    }
    raise ValidationError({field: message % values})


def people_of(who):
    from accord.core.registry import people_ids

    return people_ids(who)


def run_by(who):
    return Alliance.objects.managed_by(who).values("pk")


def text_search(queryset, text: str):
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(Q(title__icontains=text) | Q(description__icontains=text))
