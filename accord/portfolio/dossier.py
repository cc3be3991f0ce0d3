"""The portfolio's sections of the alliance dossier (assembled by accord.knowledge.dossiers)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accord.core.models import AuditEvent


def dossier_sections(alliance, user) -> list:
    from accord.core.documents import Section
    from accord.people.models import User

    from .models import Program

    glance = Section(_("The alliance at a glance"), 10)
    partners = ", ".join(p.name for p in alliance.partners.all())
    facts = [
        [_("Partners"), partners],
        [_("Type"), alliance.get_alliance_type_display()],
        [_("Stage"), alliance.get_stage_display()],
        [_("Effective date"), alliance.effective_date or _("not yet signed")],
        [
            _("Therapeutic areas"),
            ", ".join(a.name for a in alliance.therapeutic_areas.all()) or "—",
        ],
        [_("Territories"), ", ".join(t.name for t in alliance.territories.all()) or "—"],
    ]
    if user.is_internal:
        facts += [
            [_("AM team"), alliance.am_team or "—"],
            [
                _("Deal value"),
                f"USD {alliance.deal_value_musd:,.0f}m"
                if alliance.deal_value_musd is not None
                else "—",
            ],
            [_("Strategic importance"), _("%(n)s of 5") % {"n": alliance.strategic_importance}],
            [_("Risk"), _("%(n)s of 5") % {"n": alliance.risk_level}],
        ]
    glance.table([_("Fact"), _("Detail")], facts)
    if alliance.value_proposition:
        glance.subheading(_("Value proposition"))
        glance.paragraph(alliance.value_proposition)
    if user.is_internal:
        objectives = [
            _("%(objective)s (serves %(priority)s)")
            % {"objective": o.text, "priority": o.priority.name}
            for o in alliance.objectives.select_related("priority")
        ]
        if objectives:
            glance.subheading(_("Strategic objectives"))
            glance.bullets(objectives)
    found = [glance]

    if user.is_internal:
        tier = Section(_("Tier and why"), 15)
        tier.paragraph(
            _("Tier %(tier)s (%(package)s service package), score %(score)s of 100.")
            % {
                "tier": alliance.tier,
                "package": alliance.service_package.lower(),
                "score": alliance.tier_score,
            }
        )
        if alliance.tier_override:
            tier.paragraph(
                _("Overridden from the computed Tier %(tier)s: %(reason)s")
                % {"tier": alliance.tier_computed, "reason": alliance.tier_override_reason}
            )
        tier.table(
            [_("Factor"), _("Weight"), _("Points"), _("Why")],
            [
                [_(f["label"]), f["weight"], f"{f['contribution']:.1f}", f["detail"]]
                for f in alliance.tier_factors
            ],
        )
        found.append(tier)

    team = Section(_("Team and contacts"), 20)
    visible_people = User.objects.visible_to(user).values("pk")
    members = (
        alliance.members.filter(user__in=visible_people)
        .select_related("user", "user__company")
        .order_by("role", "user__last_name")
    )
    team.table(
        [_("Name"), _("Role"), _("Company"), _("Email"), _("Title")],
        [
            [m.user, m.get_role_display(), m.user.company, m.user.email, m.user.title or "—"]
            for m in members
        ],
        empty=_("Nobody is on this alliance's team yet."),
    )
    found.append(team)

    programs = Section(_("Programs"), 25)
    programs.table(
        [_("Program"), _("Compound"), _("Target"), _("Indication"), _("Phase")],
        [
            [p.name, p.compound or "—", p.target or "—", p.indication or "—", p.get_phase_display()]
            for p in Program.objects.visible_to(user).filter(alliance=alliance)
        ],
        empty=_("No programs."),
    )
    found.append(programs)

    if user.is_internal:
        changes = Section(_("Recent changes"), 95)
        events = AuditEvent.objects.for_alliance(alliance.pk).visible_to(user)[:15]
        changes.table(
            [_("When (UTC)"), _("Who"), _("What"), _("Field"), _("Old"), _("New")],
            [
                [
                    e.at,
                    e.actor_label,
                    f"{e.action} {e.object_repr}",
                    e.field,
                    e.old_value,
                    e.new_value,
                ]
                for e in events
            ],
            empty=_("No recorded changes."),
        )
        found.append(changes)
    return found
