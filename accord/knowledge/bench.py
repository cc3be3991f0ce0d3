"""Benchmark scenarios for practice and knowledge (see accord.core.benchmarking)."""

from accord.core.benchmarking import Scenario, get, signed_in, with_token
from accord.people.actions import api_token_create
from accord.people.models import Role, User


def scenarios(ctx):
    from accord.knowledge.models import PlaybookApplication

    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    web = signed_in(leader)
    _, key = api_token_create(actor=leader, name="knowledge benchmark")
    api = with_token(key)
    application = PlaybookApplication.objects.order_by("pk").first()
    alliance_id = application.alliance_id

    return [
        Scenario("lessons page, first page", get(web, "/knowledge/")),
        Scenario(
            "lessons page, full-text search", get(web, "/knowledge/", q="milestone definitions")
        ),
        Scenario(
            "API lessons, search + topic filter",
            get(api, "/api/v1/lessons/", q="relationship", topic="relationship"),
        ),
        Scenario("alliance overview with knowledge panels", get(web, f"/alliances/{alliance_id}/")),
        Scenario("alliance playbook tab", get(web, f"/alliances/{alliance_id}/playbook/")),
        Scenario(
            "package progress, Tier 1 behind",
            get(web, "/playbooks/progress/", tier=1, behind="true"),
        ),
        Scenario(
            "API package progress, 100 per page",
            get(api, "/api/v1/package-progress/", page_size=100),
        ),
        Scenario("API playbook tasks, late", get(api, "/api/v1/playbook-tasks/", late="true")),
        Scenario(
            "alliance dossier PDF", get(web, f"/alliances/{alliance_id}/dossier.pdf"), repeat=5
        ),
        Scenario(
            "alliance dossier DOCX", get(web, f"/alliances/{alliance_id}/dossier.docx"), repeat=5
        ),
    ]
