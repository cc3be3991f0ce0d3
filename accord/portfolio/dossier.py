"""The portfolio's sections of the alliance dossier (assembled by accord.knowledge.dossiers)."""

from __future__ import annotations

from accord.core.models import AuditEvent


def dossier_sections(alliance, user) -> list:
    from accord.core.documents import Section
    from accord.people.models import User

    from .models import Program

    glance = Section("The alliance at a glance", 10)
    partners = ", ".join(p.name for p in alliance.partners.all())
    facts = [
        ["Partners", partners],
        ["Type", alliance.get_alliance_type_display()],
        ["Stage", alliance.get_stage_display()],
        ["Effective date", alliance.effective_date or "not yet signed"],
        ["Therapeutic areas", ", ".join(a.name for a in alliance.therapeutic_areas.all()) or "—"],
        ["Territories", ", ".join(t.name for t in alliance.territories.all()) or "—"],
    ]
    if user.is_internal:
        facts += [
            ["AM team", alliance.am_team or "—"],
            [
                "Deal value",
                f"USD {alliance.deal_value_musd:,.0f}m"
                if alliance.deal_value_musd is not None
                else "—",
            ],
            ["Strategic importance", f"{alliance.strategic_importance} of 5"],
            ["Risk", f"{alliance.risk_level} of 5"],
        ]
    glance.table(["Fact", "Detail"], facts)
    if alliance.value_proposition:
        glance.subheading("Value proposition")
        glance.paragraph(alliance.value_proposition)
    if user.is_internal:
        objectives = [
            f"{o.text} (serves {o.priority.name})"
            for o in alliance.objectives.select_related("priority")
        ]
        if objectives:
            glance.subheading("Strategic objectives")
            glance.bullets(objectives)
    found = [glance]

    if user.is_internal:
        tier = Section("Tier and why", 15)
        tier.paragraph(
            f"Tier {alliance.tier} ({alliance.service_package.lower()} service package), "
            f"score {alliance.tier_score} of 100."
        )
        if alliance.tier_override:
            tier.paragraph(
                f"Overridden from the computed Tier {alliance.tier_computed}: "
                f"{alliance.tier_override_reason}"
            )
        tier.table(
            ["Factor", "Weight", "Points", "Why"],
            [
                [f["label"], f["weight"], f"{f['contribution']:.1f}", f["detail"]]
                for f in alliance.tier_factors
            ],
        )
        found.append(tier)

    team = Section("Team and contacts", 20)
    visible_people = User.objects.visible_to(user).values("pk")
    members = (
        alliance.members.filter(user__in=visible_people)
        .select_related("user", "user__company")
        .order_by("role", "user__last_name")
    )
    team.table(
        ["Name", "Role", "Company", "Email", "Title"],
        [
            [m.user, m.get_role_display(), m.user.company, m.user.email, m.user.title or "—"]
            for m in members
        ],
        empty="Nobody is on this alliance's team yet.",
    )
    found.append(team)

    programs = Section("Programs", 25)
    programs.table(
        ["Program", "Compound", "Target", "Indication", "Phase"],
        [
            [p.name, p.compound or "—", p.target or "—", p.indication or "—", p.get_phase_display()]
            for p in Program.objects.visible_to(user).filter(alliance=alliance)
        ],
        empty="No programs.",
    )
    found.append(programs)

    if user.is_internal:
        changes = Section("Recent changes", 95)
        events = AuditEvent.objects.for_alliance(alliance.pk).visible_to(user)[:15]
        changes.table(
            ["When (UTC)", "Who", "What", "Field", "Old", "New"],
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
            empty="No recorded changes.",
        )
        found.append(changes)
    return found
