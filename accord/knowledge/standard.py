"""Accord's standard practice: the service package per tier, the lifecycle templates, the RACI.

This is the starting point a deployment gets with the demo (and can install on its own with
`install_standard_playbooks`); alliance leaders then change it in the Playbooks pages. The
content is data/standard.json: each playbook with its deliverables (title, anchor and offset in
days, owner role, topic, cadence, template kind), and the RACI rows. The launch template follows
the practice of presenting the early deliverables within 45 days of signing and completing the
launch within 90-100 days.
"""

from __future__ import annotations

from accord.core.seeding import load_data

from .models import Topic

_STANDARD = load_data("accord.knowledge", "standard")
PLAYBOOKS: list[dict] = _STANDARD["playbooks"]
STANDARD_RACI: list[dict] = _STANDARD["raci"]


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
