"""Demo and benchmark governance (see accord.core.seeding).

The demo gives five alliances a year of governance history built through the real actions (so the
audit trail, locks and approvals are genuine): bodies with members from both companies, meetings
in mixed modality, minutes approved by both co-chairs, decisions (some slow, one outside its
body's charter), actions (some overdue), an escalated issue past its time limit, risks and a
partner press release under review. The stories are data/demo.json, step by step; dates are
offsets from the day the demo is seeded.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accord.core.seeding import load_data

from . import actions, reminders
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    Attendance,
    Committee,
    CommitteeKind,
    CommitteeMember,
    CommitteeRole,
    Decision,
    DecisionStatus,
    Issue,
    IssueStatus,
    Meeting,
    MeetingModality,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Risk,
)

CO_CHAIR, MEMBER = CommitteeRole.CO_CHAIR, CommitteeRole.MEMBER


class Story:
    """Writes one alliance's governance history through the actions, step by step."""

    STEPS = ("body", "meeting", "decision", "action", "issue", "risk", "communication")

    def __init__(self, ctx, alliance_key: str, manager: str):
        self.ctx = ctx
        self.people = ctx.objects["people"]
        self.alliance = ctx.objects["alliances"][alliance_key]
        self.am = self.people[manager]
        self.bodies = {}  # a body's key in the story -> the committee

    def play(self, steps) -> None:
        for step in steps:
            step = self.resolved(step)
            do = step.pop("do")
            if do not in self.STEPS:
                raise ValueError(f"Unknown governance demo step “{do}”.")
            getattr(self, do)(**step)

    def resolved(self, value):
        """The step with its relative days as numbers of days ago, without its `_` notes."""
        if isinstance(value, dict):
            if "last_week" in value:
                return self.ctx.last_week(value["last_week"]) + value.get("plus", 0)
            return {k: self.resolved(v) for k, v in value.items() if not k.startswith("_")}
        if isinstance(value, list):
            return [self.resolved(v) for v in value]
        return value

    def day(self, days_ago: int) -> dt.date:
        return self.ctx.days_ago(days_ago)

    def at(self, days_ago: int, hour: int = 14) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.day(days_ago), dt.time(hour, 0)))

    def company(self, key: str):
        """`own` or a partner's key."""
        if key == "own":
            return self.ctx.objects["own_company"]
        return self.ctx.objects["partners"][key]

    def body(self, key, name, kind, *, seats, parent=None, program=None, final_say=None, **charter):
        if "established_ago" in charter:
            charter["established_on"] = self.day(charter.pop("established_ago"))
        if "escalates_to" in charter:
            charter["escalates_to"] = self.bodies[charter["escalates_to"]]
        committee = actions.committee_create(
            actor=self.am,
            alliance=self.alliance,
            data={
                "name": name,
                "kind": kind,
                "parent": self.bodies[parent] if parent else None,
                "program": self.alliance.programs.get(name=program) if program else None,
                **charter,
            },
            final_say={area: self.company(c) for area, c in final_say.items()}
            if final_say is not None
            else None,
        )
        for seat in seats:
            actions.committee_member_add(
                actor=self.am,
                committee=committee,
                user=self.people[seat["person"]],
                role=seat["role"],
                start_date=charter.get("established_on") or self.day(420),
            )
        self.bodies[key] = committee
        return committee

    def meeting(
        self,
        committee,
        days_ago,
        modality,
        *,
        title=None,
        location="",
        absent=(),
        minutes="",
        approved_by=(),
        decisions=(),
        action_items=(),
        internal=False,
        build_agenda=True,
        cancelled="",
    ):
        """A meeting `days_ago` (negative: still to come), held if in the past, with its record;
        one to come may be `cancelled` (the reason)."""
        committee = self.bodies[committee]
        starts = self.at(days_ago)
        meeting = actions.meeting_schedule(
            actor=self.am,
            committee=committee,
            data={
                "title": title or f"{committee.name} meeting",
                "starts_at": starts,
                "duration_minutes": 120 if modality == MeetingModality.IN_PERSON else 90,
                "modality": modality,
                "location": location,
                "is_internal": internal,
            },
        )
        if build_agenda:
            actions.agenda_build(actor=self.am, meeting=meeting)
        if days_ago < 0:
            if cancelled:
                actions.meeting_cancel(actor=self.am, meeting=meeting, reason=cancelled)
            return meeting
        invited = [row.user for row in meeting.attendance.select_related("user")]
        attended = [
            user.pk for user in invited if user.email.split("@")[0].split(".")[0] not in absent
        ]
        meeting = actions.meeting_mark_held(
            actor=self.am, meeting=meeting, attended=attended, now=starts + dt.timedelta(hours=2)
        )
        for decision in decisions:
            actions.decision_record(
                actor=self.am,
                meeting=meeting,
                data={"title": decision["title"], "area": decision["area"]},
                outcome=decision["outcome"],
                rationale=decision["rationale"],
            )
        for action_item in action_items:
            owner = self.people[action_item["owner"]]
            due = self.day(days_ago - action_item["due_after"])  # days after the meeting
            item = actions.action_create(
                actor=self.am,
                alliance=self.alliance,
                data={"title": action_item["title"], "owner": owner, "due_on": due},
                meeting=meeting,
            )
            if action_item["done"]:
                actions.action_set_status(
                    actor=owner if owner.is_internal else self.am,
                    action=item,
                    status=ActionStatus.DONE,
                    on=min(due, self.ctx.today),
                )
        minutes = actions.minutes_save(actor=self.am, minutes=meeting.minutes, text=minutes)
        if approved_by:
            minutes = actions.minutes_submit(
                actor=self.am, minutes=minutes, now=starts + dt.timedelta(days=2)
            )
            for step, key in enumerate(approved_by, start=3):
                # Historical approvals: the signers re-authenticated back then.
                actions.record_approval(
                    actor=self.people[key],
                    minutes=minutes,
                    meaning=actions.DEFAULT_MEANING,
                    now=starts + dt.timedelta(days=step, hours=step),
                )
        return meeting

    def decision(
        self,
        committee,
        title,
        area,
        raised_ago,
        *,
        steps=(),
        due_in=None,
        internal=False,
        description="",
    ):
        """A decision raised `raised_ago` days ago, then moved through `steps`: each a status,
        its `days_ago` and a text, the outcome (decided) or the reason."""
        decision = actions.decision_create(
            actor=self.am,
            alliance=self.alliance,
            data={
                "title": title,
                "area": area,
                "committee": self.bodies[committee],
                "raised_on": self.day(raised_ago),
                "due_on": self.day(-due_in) if due_in is not None else None,
                "is_internal": internal,
                "description": description,
            },
        )
        for step in steps:
            status, text = step["status"], step["text"]
            decision = actions.decision_transition(
                actor=self.am,
                decision=decision,
                status=status,
                outcome=text if status == DecisionStatus.DECIDED else "",
                rationale=text if status == DecisionStatus.DECIDED else "",
                reason=text
                if status in (DecisionStatus.DEFERRED, DecisionStatus.ESCALATED)
                else "",
                on=self.day(step["days_ago"]),
            )
        return decision

    def action(
        self, title, owner, due_ago, *, committee=None, status=ActionStatus.OPEN, internal=False
    ):
        item = actions.action_create(
            actor=self.am,
            alliance=self.alliance,
            data={
                "title": title,
                "owner": self.people[owner],
                "due_on": self.day(due_ago),
                "committee": self.bodies[committee] if committee else None,
                "is_internal": internal,
            },
        )
        if status != ActionStatus.OPEN:
            actions.action_set_status(
                actor=self.am, action=item, status=status, on=min(self.day(due_ago), self.ctx.today)
            )
        return item

    def issue(
        self,
        title,
        area,
        severity,
        raised_ago,
        level,
        *,
        by,
        escalations=(),
        description="",
        resolve=None,
        close=False,
    ):
        issue = actions.issue_create(
            actor=self.people[by],
            alliance=self.alliance,
            data={
                "title": title,
                "area": area,
                "severity": severity,
                "level": self.bodies[level],
                "description": description,
            },
            now=self.at(raised_ago, 10),
        )
        for escalation in escalations:
            issue = actions.issue_escalate(
                actor=self.am,
                issue=issue,
                reason=escalation["reason"],
                now=self.at(escalation["days_ago"], 10),
            )
        if resolve:
            on = self.day(resolve["days_ago"])
            issue = actions.issue_resolve(
                actor=self.am, issue=issue, resolution=resolve["text"], on=on
            )
            if close:
                issue = actions.issue_close(actor=self.am, issue=issue, on=on)
        return issue

    def risk(self, title, area, likelihood, impact, owner, review_ago, mitigation):
        return actions.risk_create(
            actor=self.am,
            alliance=self.alliance,
            data={
                "title": title,
                "area": area,
                "likelihood": likelihood,
                "impact": impact,
                "owner": self.people[owner],
                "review_on": self.day(review_ago),
                "mitigation": mitigation,
            },
        )

    def communication(
        self, title, kind, proposer, reviewers, summary, *, submitted_ago=None, outcome=None
    ):
        company = self.people[proposer].company
        item = actions.communication_create(
            actor=self.am,
            alliance=self.alliance,
            data={
                "title": title,
                "kind": kind,
                "proposed_by": company,
                "summary": summary,
                "reviewers": [self.people[key] for key in reviewers],
            },
        )
        if submitted_ago is not None:
            item = actions.communication_submit(
                actor=self.am, communication=item, on=self.day(submitted_ago)
            )
        if outcome:
            item = actions.communication_conclude(
                actor=self.people[reviewers[0]],
                communication=item,
                outcome=outcome["result"],
                notes=outcome["notes"],
                on=self.day(outcome["days_ago"]),
            )
        return item


DEMO = load_data("accord.governance")


@transaction.atomic
def seed_demo(ctx) -> None:
    for story in DEMO["stories"]:
        Story(ctx, story["alliance"], manager=story["manager"]).play(story["steps"])
    # The reminders and escalation alerts the scheduler would have sent by now.
    reminders.daily(ctx.today)
    reminders.escalation_alerts(timezone.now())
    ctx.notes.append(DEMO["note"])


# --- Benchmark scale ------------------------------------------------------------------------


def seed_bigpharma(ctx) -> None:
    """Governance for 600 alliances, written in bulk: a JSC with four seats, six meetings with
    approved minutes, four decisions, ten action items, an issue and a risk each."""
    from accord.people.models import Role
    from accord.portfolio.models import AllianceMember

    rng = ctx.rng
    today = ctx.today
    now = timezone.now()
    alliances = list(ctx.objects["alliances"])[:600]
    staff = [
        u for u in ctx.objects["people"] if u.role in (Role.MANAGER, Role.CONTRIBUTOR, Role.LEADER)
    ]
    partner_seats = {}
    for member in AllianceMember.objects.filter(
        alliance__in=alliances, user__role=Role.PARTNER
    ).select_related("user"):
        partner_seats.setdefault(member.alliance_id, member.user)
    with transaction.atomic():
        bodies = Committee.objects.bulk_create(
            [
                Committee(
                    alliance=alliance,
                    kind=CommitteeKind.JSC,
                    name="Joint Steering Committee",
                    min_members_per_party=1,
                    max_members_per_party=4,
                    meetings_per_year=4,
                    decides=["development", "commercial", "financial"],
                    escalation_days=30,
                    established_on=today - dt.timedelta(days=500),
                )
                for alliance in alliances
            ]
        )
        seats, meetings = [], []
        for body in bodies:
            chair = rng.choice(staff)
            seats.append(
                CommitteeMember(
                    committee=body,
                    user=chair,
                    role=CO_CHAIR,
                    start_date=today - dt.timedelta(days=500),
                )
            )
            seats.append(
                CommitteeMember(
                    committee=body,
                    user=rng.choice([s for s in staff if s != chair]),
                    role=MEMBER,
                    start_date=today - dt.timedelta(days=500),
                )
            )
            partner = partner_seats.get(body.alliance_id)
            if partner is not None:
                seats.append(
                    CommitteeMember(
                        committee=body,
                        user=partner,
                        role=CO_CHAIR,
                        start_date=today - dt.timedelta(days=500),
                    )
                )
            for index in range(6):
                held = index < 5
                meetings.append(
                    Meeting(
                        committee=body,
                        alliance_id=body.alliance_id,
                        title=f"JSC meeting {index + 1}",
                        starts_at=now - dt.timedelta(days=400 - index * 80),
                        modality=rng.choice(MeetingModality.values),
                        status=MeetingStatus.HELD if held else MeetingStatus.SCHEDULED,
                    )
                )
        CommitteeMember.objects.bulk_create(seats, batch_size=1000)
        meetings = Meeting.objects.bulk_create(meetings, batch_size=1000)
        Minutes.objects.bulk_create(
            [
                Minutes(
                    meeting=m,
                    text="Benchmark minutes.",
                    status=MinutesStatus.APPROVED
                    if m.status == MeetingStatus.HELD
                    else MinutesStatus.DRAFT,
                    approved_at=m.starts_at + dt.timedelta(days=5)
                    if m.status == MeetingStatus.HELD
                    else None,
                )
                for m in meetings
            ],
            batch_size=1000,
        )
        seat_users = {}
        for seat in seats:
            seat_users.setdefault(seat.committee_id, []).append(seat.user)
        Attendance.objects.bulk_create(
            [
                Attendance(
                    meeting=m,
                    user=u,
                    company_id=u.company_id,
                    role=MEMBER,
                    attended=m.status == MeetingStatus.HELD,
                )
                for m in meetings
                for u in seat_users[m.committee_id]
            ],
            batch_size=2000,
        )
        decisions, action_items, issues, risks = [], [], [], []
        for body in bodies:
            people = seat_users[body.pk]
            for index in range(4):
                raised = today - dt.timedelta(days=rng.randint(10, 400))
                decided = index < 2
                latency = rng.randint(5, 120)
                decisions.append(
                    Decision(
                        alliance_id=body.alliance_id,
                        committee=body,
                        title=f"Benchmark decision {index + 1}",
                        area=rng.choice(["development", "commercial", "financial", "legal"]),
                        status=DecisionStatus.DECIDED if decided else DecisionStatus.PROPOSED,
                        raised_on=raised,
                        decided_on=min(today, raised + dt.timedelta(days=latency))
                        if decided
                        else None,
                        decided_by=body if decided else None,
                        outcome="Agreed." if decided else "",
                        slow=decided and latency > 60,
                    )
                )
            for index in range(10):
                action_items.append(
                    ActionItem(
                        alliance_id=body.alliance_id,
                        committee=body,
                        title=f"Benchmark action {index + 1}",
                        owner=rng.choice(people),
                        due_on=today + dt.timedelta(days=rng.randint(-60, 60)),
                        status=rng.choice(
                            [ActionStatus.OPEN, ActionStatus.OPEN, ActionStatus.DONE]
                        ),
                    )
                )
            issues.append(
                Issue(
                    alliance_id=body.alliance_id,
                    title="Benchmark issue",
                    area="development",
                    severity="medium",
                    level=body,
                    status=rng.choice(
                        [IssueStatus.OPEN, IssueStatus.ESCALATED, IssueStatus.RESOLVED]
                    ),
                    level_since=now - dt.timedelta(days=rng.randint(1, 90)),
                )
            )
            risks.append(
                Risk(
                    alliance_id=body.alliance_id,
                    title="Benchmark risk",
                    area="commercial",
                    likelihood=rng.randint(1, 5),
                    impact=rng.randint(1, 5),
                    owner=people[0] if people[0].is_internal else staff[0],
                    review_on=today + dt.timedelta(days=rng.randint(-30, 90)),
                )
            )
        Decision.objects.bulk_create(decisions, batch_size=1000)
        ActionItem.objects.bulk_create(action_items, batch_size=1000)
        Issue.objects.bulk_create(issues, batch_size=1000)
        Risk.objects.bulk_create(risks, batch_size=1000)
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(meeting=m, position=1, kind=AgendaKind.TOPIC, title="Benchmark topic")
                for m in meetings
                if m.status == MeetingStatus.SCHEDULED
            ],
            batch_size=1000,
        )
    ctx.objects["governance_bodies"] = bodies
