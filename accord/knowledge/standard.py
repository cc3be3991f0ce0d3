"""Accord's standard practice: the service package per tier, the lifecycle templates, the RACI.

This is the starting point a deployment gets with the demo (and can install on its own with
`install_standard_playbooks`); alliance leaders then change it in the Playbooks pages. The
launch template follows the practice of presenting the early deliverables within 45 days of
signing and completing the launch within 90-100 days.
"""

from __future__ import annotations

from .models import Anchor, Cadence, PlaybookKind, RoleGroup, TemplateKind, Topic

AM = RoleGroup.ALLIANCE_MANAGEMENT
BD = RoleGroup.BUSINESS_DEVELOPMENT
PM = RoleGroup.PROJECT_MANAGEMENT
FL = RoleGroup.FUNCTIONAL_LEADS


def d(
    title,
    anchor,
    offset,
    owner=AM,
    topic="governance",
    cadence=Cadence.ONCE,
    template=None,
    description="",
):
    return {
        "title": title,
        "anchor": anchor,
        "offset_days": offset,
        "owner_role": owner,
        "topic": topic,
        "cadence": cadence,
        "template": template,
        "description": description,
    }


S, START, JSC = Anchor.SIGNING, Anchor.START, Anchor.EACH_JSC
Q, Y, H, M = Cadence.QUARTERLY, Cadence.ANNUAL, Cadence.SEMIANNUAL, Cadence.MONTHLY

PLAYBOOKS = [
    {
        "name": "Complex alliance service package (Tier 1)",
        "kind": PlaybookKind.SERVICE_PACKAGE,
        "package": "complex",
        "description": (
            "For high-value, usually high-risk alliances with a dedicated alliance manager "
            "embedded in the team: full governance support, monthly partner contact, quarterly "
            "obligations review and executive note, a two-sided health check twice a year."
        ),
        "deliverables": [
            d(
                "Pre-JSC alignment with our functional leads",
                JSC,
                -14,
                description="Agree our positions on the decisions the JSC will be asked to take.",
            ),
            d(
                "JSC agenda and pre-reads circulated to both co-chairs",
                JSC,
                -10,
                template=TemplateKind.AGENDA,
            ),
            d("JSC minutes approved by both partners", JSC, 14, template=TemplateKind.MINUTES),
            d(
                "Monthly check-in with the partner's alliance manager",
                START,
                30,
                topic="relationship",
                cadence=M,
            ),
            d(
                "Quarterly review of obligations, milestones and notice deadlines",
                S,
                90,
                topic="contract",
                cadence=Q,
                description="Check milestone definitions against the agreement's defined terms.",
            ),
            d(
                "Quarterly executive note: decisions, milestones, risks, health and value",
                S,
                90,
                topic="communication",
                cadence=Q,
            ),
            d(
                "Two-sided alliance health check",
                S,
                180,
                topic="relationship",
                cadence=H,
                template=TemplateKind.HEALTH_CHECK,
            ),
            d("Joint goals and scorecard reset with the JSC", S, 365, cadence=Y),
            d(
                "Value review against the deal forecast",
                S,
                365,
                owner=FL,
                topic="finance",
                cadence=Y,
            ),
            d("Face-to-face meeting of the core teams", S, 300, topic="relationship", cadence=Y),
        ],
    },
    {
        "name": "Typical alliance service package (Tier 2)",
        "kind": PlaybookKind.SERVICE_PACKAGE,
        "package": "typical",
        "description": (
            "For alliances of moderate value and risk, often several per manager: governance "
            "meetings prepared and minuted, obligations reviewed each quarter, a yearly health "
            "check and goals reset."
        ),
        "deliverables": [
            d("JSC agenda circulated to both co-chairs", JSC, -10, template=TemplateKind.AGENDA),
            d("JSC minutes approved by both partners", JSC, 14, template=TemplateKind.MINUTES),
            d(
                "Quarterly review of obligations, milestones and notice deadlines",
                S,
                90,
                topic="contract",
                cadence=Q,
            ),
            d("Executive update on the alliance", S, 180, topic="communication", cadence=H),
            d(
                "Alliance health check",
                S,
                365,
                topic="relationship",
                cadence=Y,
                template=TemplateKind.HEALTH_CHECK,
            ),
            d("Joint goals reset with the JSC", S, 365, cadence=Y),
        ],
    },
    {
        "name": "Simple alliance service package (Tier 3)",
        "kind": PlaybookKind.SERVICE_PACKAGE,
        "package": "simple",
        "description": (
            "For lower-tier alliances run by a designated person (often the program manager): "
            "one or two steering meetings a year, contractual milestones watched, alliance "
            "management stepping in for problem resolution."
        ),
        "deliverables": [
            d(
                "Steering committee minutes approved",
                JSC,
                14,
                owner=PM,
                template=TemplateKind.MINUTES,
            ),
            d(
                "Check of obligations, milestones and notice deadlines",
                S,
                180,
                owner=PM,
                topic="contract",
                cadence=H,
            ),
            d(
                "Health pulse with the partner",
                S,
                365,
                owner=PM,
                topic="relationship",
                cadence=Y,
                template=TemplateKind.HEALTH_CHECK,
            ),
            d("Annual review with alliance management", S, 365, cadence=Y),
        ],
    },
    {
        "name": "Launch: 45-day early deliverables and 100-day plan",
        "kind": PlaybookKind.LIFECYCLE,
        "lifecycle": "launch",
        "description": (
            "Hit the ground running: the early deliverables are presented within 45 days of "
            "signing, the launch is complete by day 100. Counts from the launch date (by "
            "default the effective date)."
        ),
        "deliverables": [
            d(
                "Handover from business development: deal rationale, key terms, defined terms",
                START,
                7,
                owner=BD,
                topic="contract",
            ),
            d(
                "Obligations and notice deadlines mapped from the agreement",
                START,
                21,
                topic="contract",
            ),
            d(
                "Contacts and escalation list shared with the partner",
                START,
                21,
                topic="communication",
                template=TemplateKind.CONTACTS,
            ),
            d("Governance formed: JSC and sub-committees constituted", START, 30),
            d(
                "Governance charter agreed and members named by both partners",
                START,
                30,
                template=TemplateKind.CHARTER,
            ),
            d(
                "Kick-off meeting held with both teams",
                START,
                30,
                topic="relationship",
                template=TemplateKind.LAUNCH_CHECKLIST,
            ),
            d(
                "Work plan checked against the agreement's defined terms and milestone definitions",
                START,
                30,
                owner=PM,
                topic="contract",
            ),
            d(
                "Firewalls and data-sharing rules in place for segregated programs",
                START,
                30,
                owner=FL,
                topic="ip",
            ),
            d(
                "Communication plan agreed: cadence, channels, press releases",
                START,
                45,
                topic="communication",
                template=TemplateKind.COMMUNICATION_PLAN,
            ),
            d("Joint goals for year one endorsed by the JSC", START, 45),
            d(
                "Development and commercial plans presented to the governance committees",
                START,
                45,
                owner=FL,
                topic="clinical",
            ),
            d(
                "First JSC meeting held and minutes approved",
                START,
                60,
                template=TemplateKind.MINUTES,
            ),
            d(
                "Partner's decision processes mapped; one joint process for protocol approval",
                START,
                75,
                topic="relationship",
            ),
            d(
                "Baseline alliance health check",
                START,
                90,
                topic="relationship",
                template=TemplateKind.HEALTH_CHECK,
            ),
            d("100-day launch review with the executive sponsors", START, 100),
        ],
    },
    {
        "name": "Relaunch of an alliance in distress",
        "kind": PlaybookKind.LIFECYCLE,
        "lifecycle": "relaunch",
        "description": (
            "When the relationship or the plan has broken down (a restructuring, a failed study, "
            "new people on both sides): diagnose, reaffirm the value, reset governance, rebuild "
            "the relationship face to face."
        ),
        "deliverables": [
            d(
                "Diagnosis: interviews with both teams and the latest health check",
                START,
                14,
                topic="relationship",
            ),
            d(
                "Value proposition reaffirmed with the executive sponsors",
                START,
                30,
                topic="relationship",
            ),
            d(
                "Governance reset: membership, charter and decision rights reviewed",
                START,
                30,
                template=TemplateKind.CHARTER,
            ),
            d("Open issues cleared or escalated", START, 45, template=TemplateKind.ESCALATION),
            d("Face-to-face relaunch workshop", START, 45, topic="relationship"),
            d("Revised joint goals and work plan endorsed by the JSC", START, 60),
            d(
                "Relaunch health check compared with the baseline",
                START,
                120,
                topic="relationship",
                template=TemplateKind.HEALTH_CHECK,
            ),
            d("Lessons of the relaunch recorded", START, 120, topic="relationship"),
        ],
    },
    {
        "name": "Wind-down",
        "kind": PlaybookKind.LIFECYCLE,
        "lifecycle": "wind_down",
        "description": "An orderly wind-down that keeps the obligations that continue and the relationship intact.",
        "deliverables": [
            d(
                "Wind-down plan agreed with the partner: scope, timeline, responsibilities",
                START,
                14,
            ),
            d(
                "Obligations continuing during wind-down confirmed with legal",
                START,
                21,
                topic="contract",
            ),
            d(
                "Communication plan for teams, investigators and external parties",
                START,
                21,
                topic="communication",
                template=TemplateKind.COMMUNICATION_PLAN,
            ),
            d(
                "Transition or completion plan for ongoing studies and patients",
                START,
                45,
                owner=FL,
                topic="clinical",
            ),
            d(
                "Final governance meeting held and minutes approved",
                START,
                90,
                template=TemplateKind.MINUTES,
            ),
        ],
    },
    {
        "name": "Termination and return of rights",
        "kind": PlaybookKind.LIFECYCLE,
        "lifecycle": "termination",
        "description": "Close out the agreement: rights returned, data and materials handled, final reports, what survives.",
        "deliverables": [
            d(
                "Termination notice and effective date confirmed against the agreement",
                START,
                7,
                topic="contract",
            ),
            d(
                "Surviving obligations listed: confidentiality, indemnities, audit rights, royalties",
                START,
                30,
                topic="contract",
                template=TemplateKind.TERMINATION_CHECKLIST,
            ),
            d(
                "Return of rights: licences, options and target reservations released in writing",
                START,
                60,
                owner=BD,
                topic="ip",
            ),
            d(
                "Return or destruction of data and materials certified by both partners",
                START,
                90,
                owner=FL,
                topic="data",
            ),
            d(
                "Regulatory filings and safety database obligations transferred",
                START,
                90,
                owner=FL,
                topic="regulatory",
            ),
            d(
                "Final reports delivered: development, financial, royalty",
                START,
                90,
                topic="finance",
            ),
            d("Final payments reconciled", START, 120, owner=FL, topic="finance"),
            d("Close-out lessons learned recorded", START, 120, topic="relationship"),
        ],
    },
]


def raci(activity, am, bd, pm, fl, partner, in_scope, note=""):
    return {
        "activity": activity,
        "alliance_management": am,
        "business_development": bd,
        "project_management": pm,
        "functional_leads": fl,
        "partner": partner,
        "in_am_scope": in_scope,
        "note": note,
    }


STANDARD_RACI = [
    raci(
        "Deal negotiation and amendments",
        "C",
        "A",
        "I",
        "C",
        "",
        False,
        "AM reviews governance and milestone definitions before signing.",
    ),
    raci("Handover from the deal team at signing", "R", "A", "I", "I", "", True),
    raci("Governance set-up and JSC meetings", "A", "I", "R", "C", "R", True),
    raci(
        "Day-to-day execution of the work plan",
        "I",
        "",
        "A",
        "R",
        "R",
        False,
        "Project management runs it; AM steps in on issues.",
    ),
    raci("Contract obligations, milestones and notice deadlines", "A", "C", "R", "C", "I", True),
    raci("Issue resolution and escalation", "A", "I", "R", "C", "R", True),
    raci("Relationship health assessment", "A", "I", "C", "C", "C", True),
    raci(
        "Financial reporting: milestones, royalties, cost sharing",
        "C",
        "I",
        "I",
        "A",
        "C",
        False,
        "Finance is accountable.",
    ),
    raci("Regulatory strategy and filings", "I", "", "C", "A", "C", False),
    raci("New opportunities and expansion with the partner", "R", "A", "I", "C", "C", True),
    raci("Executive reporting on the alliance", "A", "I", "C", "I", "", True),
    raci("Termination, return of rights and close-out", "R", "A", "C", "R", "R", True),
]


def install_standard_playbooks(*, actor, templates: dict | None = None) -> list:
    """Create the standard playbooks (skipping any that exist by name); returns those created."""
    from .actions import playbook_create
    from .models import Playbook

    templates = templates or {}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    created = []
    for spec in PLAYBOOKS:
        if Playbook.objects.filter(name=spec["name"]).exists():
            continue
        items = [
            {
                **item,
                "topic": topics.get(item["topic"]),
                "template": templates.get(item["template"]) if item["template"] else None,
            }
            for item in spec["deliverables"]
        ]
        data = {k: v for k, v in spec.items() if k != "deliverables"}
        created.append(playbook_create(actor=actor, data=data, deliverables=items))
    return created


def install_library(*, actor) -> dict:
    """Create the starter templates library (skipping names that exist); returns kind → template."""
    from .actions import template_create
    from .models import DocumentTemplate
    from .template_files import LIBRARY, starter_upload

    found = {}
    for kind, (name, purpose) in LIBRARY.items():
        template = DocumentTemplate.objects.filter(name=name).first()
        if template is None:
            template = template_create(
                actor=actor,
                data={"name": name, "kind": kind, "description": purpose},
                upload=starter_upload(kind),
            )
        found[kind] = template
    return found
