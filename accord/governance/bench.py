"""Benchmark scenarios for governance (see accord.core.benchmarking)."""

from accord.core.benchmarking import Scenario, get, signed_in, with_token
from accord.people.actions import api_token_create
from accord.people.models import Role, User

from .models import Committee, CommitteeMember, Meeting, MeetingStatus


def scenarios(ctx):
    leader = User.objects.filter(role=Role.LEADER).order_by("pk").first()
    body = Committee.objects.order_by("pk").first()
    if leader is None or body is None:
        return []
    partner = (
        User.objects.filter(
            role=Role.PARTNER,
            pk__in=CommitteeMember.objects.current().values("user_id"),
        )
        .order_by("pk")
        .first()
    )
    meeting = (
        Meeting.objects.filter(committee=body, status=MeetingStatus.HELD).order_by("pk").first()
    )
    web = signed_in(leader)
    partner_web = signed_in(partner)
    _, key = api_token_create(actor=leader, name="governance benchmark")
    api = with_token(key)

    return [
        Scenario(
            "governance tab of an alliance", get(web, f"/alliances/{body.alliance_id}/governance/")
        ),
        Scenario(
            "meeting page with agenda and minutes", get(web, f"/governance/meetings/{meeting.pk}/")
        ),
        Scenario(
            "meeting pack (PDF)", get(web, f"/governance/meetings/{meeting.pk}/pack.pdf"), repeat=10
        ),
        Scenario("open actions, portfolio (leader)", get(web, "/governance/actions/")),
        Scenario(
            "overdue actions, 100 rows",
            get(web, "/governance/actions/", overdue="true", per_page=100),
        ),
        Scenario(
            "escalated issues past their limit", get(web, "/governance/issues/", past_limit="true")
        ),
        Scenario(
            "decision log: slow decisions + latency",
            get(web, "/governance/decisions/", slow="true"),
        ),
        Scenario(
            "meetings list, in person", get(web, "/governance/meetings/", modality="in_person")
        ),
        Scenario("open actions (partner user)", get(partner_web, "/governance/actions/")),
        Scenario("API meetings, 50 per page", get(api, "/api/v1/governance/meetings/")),
        Scenario(
            "API open actions, 500 per page",
            get(api, "/api/v1/governance/actions/", open="true", page_size=500),
            repeat=10,
        ),
        Scenario("API committees, 50 per page", get(api, "/api/v1/governance/committees/")),
    ]
