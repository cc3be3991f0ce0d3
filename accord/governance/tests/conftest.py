"""Governance for the shared world (accord/conftest.py), built through the real actions.

Alliance A (Kestrel):
- "Executive sponsors" (the leader and partner A co-chair it), the last escalation level;
- "JSC A": Manager A and partner A co-chair it, the firewalled employee sits on it; it decides
  development and IP matters, meets twice a year and escalates to the sponsors after 30 days;
- "A2 team": a working team on the firewalled program A2 (Manager A and partner A, both cleared).
Alliance B (Polaris): "JSC B", co-chaired by Manager B and partner B, the contributor sits on it.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accord.governance import actions
from accord.governance.models import Committee, CommitteeKind, CommitteeRole

CO_CHAIR, MEMBER = CommitteeRole.CO_CHAIR, CommitteeRole.MEMBER
PASSWORD = "correct horse battery staple"
SEATED_FROM = dt.date(2024, 1, 1)


@dataclass
class Gov:
    execs_a: Committee
    jsc_a: Committee
    team_a2: Committee
    jsc_b: Committee


def body(actor, alliance, name, seats, **charter):
    committee = actions.committee_create(
        actor=actor,
        alliance=alliance,
        data={"name": name, "kind": charter.pop("kind", CommitteeKind.JSC), **charter},
    )
    for user, role in seats:
        actions.committee_member_add(
            actor=actor, committee=committee, user=user, role=role, start_date=SEATED_FROM
        )
    return committee


@pytest.fixture
def gov(world) -> Gov:
    leader = world.leader
    execs_a = body(
        leader,
        world.alliance_a,
        "Executive sponsors",
        [(world.leader, CO_CHAIR), (world.partner_a, CO_CHAIR)],
        kind=CommitteeKind.EXECUTIVES,
        decides=["development", "commercial", "financial", "legal"],
        escalation_days=30,
    )
    jsc_a = body(
        leader,
        world.alliance_a,
        "JSC A",
        [(world.manager_a, CO_CHAIR), (world.firewalled, MEMBER), (world.partner_a, CO_CHAIR)],
        decides=["development", "intellectual_property"],
        min_members_per_party=1,
        max_members_per_party=3,
        meetings_per_year=2,
        escalates_to=execs_a,
        escalation_days=30,
    )
    team_a2 = body(
        leader,
        world.alliance_a,
        "A2 team",
        [(world.manager_a, CO_CHAIR), (world.partner_a, CO_CHAIR)],
        kind=CommitteeKind.WORKING_TEAM,
        parent=jsc_a,
        program=world.program_a2,
        decides=["development"],
        escalation_days=14,
    )
    jsc_b = body(
        leader,
        world.alliance_b,
        "JSC B",
        [(world.manager_b, CO_CHAIR), (world.contributor, MEMBER), (world.partner_b, CO_CHAIR)],
        decides=["development", "commercial"],
        escalation_days=30,
    )
    return Gov(execs_a=execs_a, jsc_a=jsc_a, team_a2=team_a2, jsc_b=jsc_b)


def at(text: str) -> dt.datetime:
    """A fixed, timezone-aware clock reading."""
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def held_meeting(
    actor,
    committee,
    when="2026-03-10 10:00",
    *,
    attended=None,
    internal=False,
    now="2026-03-10 12:00",
):
    meeting = actions.meeting_schedule(
        actor=actor,
        committee=committee,
        data={"starts_at": at(when), "modality": "in_person", "is_internal": internal},
    )
    people = attended if attended is not None else [row.user_id for row in meeting.attendance.all()]
    return actions.meeting_mark_held(actor=actor, meeting=meeting, attended=people, now=at(now))
