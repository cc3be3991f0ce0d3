"""Demo and benchmark governance (see accord.core.seeding).

The demo gives five alliances a year of governance history built through the real actions (so the
audit trail, locks and approvals are genuine): bodies with members from both companies, meetings
in mixed modality, minutes approved by both co-chairs, decisions (some slow, one outside its
body's charter), actions (some overdue), an escalated issue past its time limit, risks and a
partner press release under review. Dates are offsets from the day the demo is seeded.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

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

CO_CHAIR, MEMBER, SECRETARY = CommitteeRole.CO_CHAIR, CommitteeRole.MEMBER, CommitteeRole.SECRETARY


class Story:
    """Helpers that write one alliance's governance history through the actions."""

    def __init__(self, ctx, alliance_key: str):
        self.ctx = ctx
        self.people = ctx.objects["people"]
        self.alliance = ctx.objects["alliances"][alliance_key]
        self.am = self.people["helen"]

    def day(self, days_ago: int) -> dt.date:
        return self.ctx.days_ago(days_ago)

    def at(self, days_ago: int, hour: int = 14) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.day(days_ago), dt.time(hour, 0)))

    def body(self, name, kind, *, seats, parent=None, program=None, final_say=None, **charter):
        committee = actions.committee_create(
            actor=self.am,
            alliance=self.alliance,
            data={"name": name, "kind": kind, "parent": parent, "program": program, **charter},
            final_say=final_say,
        )
        for key, role in seats:
            actions.committee_member_add(
                actor=self.am,
                committee=committee,
                user=self.people[key],
                role=role,
                start_date=charter.get("established_on") or self.day(420),
            )
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
    ):
        """A meeting `days_ago` (negative: still to come), held if in the past, with its record."""
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
            return meeting
        invited = [row.user for row in meeting.attendance.select_related("user")]
        attended = [
            user.pk for user in invited if user.email.split("@")[0].split(".")[0] not in absent
        ]
        meeting = actions.meeting_mark_held(
            actor=self.am, meeting=meeting, attended=attended, now=starts + dt.timedelta(hours=2)
        )
        for title, area, outcome, rationale in decisions:
            actions.decision_record(
                actor=self.am,
                meeting=meeting,
                data={"title": title, "area": area},
                outcome=outcome,
                rationale=rationale,
            )
        for title, owner, due_after, done in action_items:
            due = self.day(days_ago - due_after)  # `due_after` days after the meeting
            item = actions.action_create(
                actor=self.am,
                alliance=self.alliance,
                data={"title": title, "owner": self.people[owner], "due_on": due},
                meeting=meeting,
            )
            if done:
                actions.action_set_status(
                    actor=self.people[owner] if self.people[owner].is_internal else self.am,
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
        """A decision raised `raised_ago` days ago, then moved through `steps`:
        [(status, days_ago, text)] where text is the outcome (decided) or the reason."""
        decision = actions.decision_create(
            actor=self.am,
            alliance=self.alliance,
            data={
                "title": title,
                "area": area,
                "committee": committee,
                "raised_on": self.day(raised_ago),
                "due_on": self.day(-due_in) if due_in is not None else None,
                "is_internal": internal,
                "description": description,
            },
        )
        for status, days_ago, text in steps:
            decision = actions.decision_transition(
                actor=self.am,
                decision=decision,
                status=status,
                outcome=text if status == DecisionStatus.DECIDED else "",
                rationale=text if status == DecisionStatus.DECIDED else "",
                reason=text
                if status in (DecisionStatus.DEFERRED, DecisionStatus.ESCALATED)
                else "",
                on=self.day(days_ago),
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
                "committee": committee,
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
                "level": level,
                "description": description,
            },
            now=self.at(raised_ago, 10),
        )
        for days_ago, reason in escalations:
            issue = actions.issue_escalate(
                actor=self.am, issue=issue, reason=reason, now=self.at(days_ago, 10)
            )
        if resolve:
            days_ago, text = resolve
            issue = actions.issue_resolve(
                actor=self.am, issue=issue, resolution=text, on=self.day(days_ago)
            )
            if close:
                issue = actions.issue_close(actor=self.am, issue=issue, on=self.day(days_ago))
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
            result, notes, days_ago = outcome
            item = actions.communication_conclude(
                actor=self.people[reviewers[0]],
                communication=item,
                outcome=result,
                notes=notes,
                on=self.day(days_ago),
            )
        return item


# --- The stories ----------------------------------------------------------------------------


def polaris_codev(ctx):
    s = Story(ctx, "polaris_codev")
    s.am = s.people["marcus"]
    polaris = s.people["claire"].company
    own = s.people["marcus"].company
    execs = s.body(
        "Executive sponsors",
        CommitteeKind.EXECUTIVES,
        seats=[("richard", CO_CHAIR), ("claire", CO_CHAIR)],
        charter_reference="Collaboration Agreement §4.6 (escalation)",
        decides=["development", "regulatory", "commercial", "financial", "legal", "relationship"],
        escalation_days=30,
        established_on=s.day(1500),
        purpose="Final internal escalation before the dispute resolution clause.",
    )
    jsc = s.body(
        "Joint Steering Committee",
        CommitteeKind.JSC,
        seats=[
            ("richard", CO_CHAIR),
            ("helen", MEMBER),
            ("marcus", SECRETARY),
            ("claire", CO_CHAIR),
        ],
        charter_reference="Collaboration Agreement §4.2",
        min_members_per_party=2,
        max_members_per_party=4,
        quorum_per_party=1,
        meetings_per_year=4,
        decides=["development", "regulatory", "commercial", "financial", "relationship"],
        final_say={"development": own, "commercial": polaris},
        escalates_to=execs,
        escalation_days=30,
        established_on=s.day(1500),
        purpose="Oversees the global co-development of PLX-23 and approves the joint development plan and budget.",
    )
    jdc = s.body(
        "Joint Development Committee",
        CommitteeKind.JDC,
        parent=jsc,
        seats=[("tom", CO_CHAIR), ("lena", MEMBER), ("marcus", SECRETARY), ("claire", CO_CHAIR)],
        charter_reference="Collaboration Agreement §4.3",
        min_members_per_party=1,
        max_members_per_party=4,
        meetings_per_year=4,
        decides=["development", "regulatory"],
        escalation_days=30,
        established_on=s.day(1480),
        purpose="Runs the clinical and regulatory plan for PLX-23 in psoriasis, PsA and Crohn's disease.",
    )
    crohns = s.decision(
        jsc,
        "Crohn's disease Phase 3: go / no-go",
        "development",
        210,
        due_in=-60,
        steps=[
            ("proposed", 200, ""),
            (
                "deferred",
                170,
                "Polaris wants the 52-week maintenance data before committing its share.",
            ),
            ("proposed", 90, ""),
            (
                "deferred",
                80,
                "Comparator still disputed at the JDC; the JSC will not decide before it is settled.",
            ),
        ],
        description="Whether to start the Crohn's Phase 3 programme in the next budget year.",
    )
    s.decision(
        jsc,
        "Co-funding split for the Crohn's dose-ranging extension",
        "financial",
        300,
        steps=[
            ("proposed", 280, ""),
            (
                "decided",
                205,
                "60/40 split (Meridian/Polaris) for the extension only; the 50/50 principle stands.",
            ),
        ],
    )
    s.meeting(
        jsc,
        350,
        MeetingModality.IN_PERSON,
        title="JSC Q1 (Princeton)",
        location="Meridian HQ, Princeton",
        minutes="Attendees reviewed the joint development plan.\n1. PsA Phase 3 enrolment on plan.\n2. Crohn's go/no-go raised; Polaris asked for time.",
        approved_by=["richard", "claire"],
        decisions=[
            (
                "Approve the 2026 joint development plan and budget",
                "development",
                "Approved as presented (USD 310m, 50/50).",
                "Within the agreed budget envelope.",
            ),
        ],
        action_items=[("Circulate the approved development plan to both teams", "marcus", 7, True)],
    )
    s.meeting(
        jdc,
        330,
        MeetingModality.VIRTUAL,
        minutes="Protocol amendment for PsA Phase 3 discussed.",
        approved_by=["tom", "claire"],
        decisions=[
            (
                "PsA Phase 3 protocol amendment 2",
                "development",
                "Approved: adds a radiographic endpoint at week 52.",
                "Requested by FDA at the Type C meeting.",
            )
        ],
    )
    s.meeting(
        jsc,
        260,
        MeetingModality.VIRTUAL,
        title="JSC Q2",
        minutes="Budget review; Crohn's decision deferred pending maintenance data.",
        approved_by=["claire", "richard"],
        action_items=[("Share the 52-week Crohn's maintenance data with Polaris", "tom", 30, True)],
    )
    s.meeting(
        jdc,
        240,
        MeetingModality.HYBRID,
        location="Polaris, Cambridge MA + Teams",
        minutes="EU filing strategy agreed.",
        approved_by=["tom", "claire"],
        decisions=[
            (
                "EU filing strategy for plaque psoriasis",
                "regulatory",
                "File via the centralised procedure in Q4 with Meridian as MAH.",
                "Fastest route; Meridian holds the EU licence.",
            ),
            (
                "Launch price corridor assumption for the EU forecast",
                "commercial",
                "Use the mid corridor for the forecast.",
                "Needed now for the filing's budget impact model.",
            ),
        ],
    )
    s.meeting(
        jsc,
        170,
        MeetingModality.HYBRID,
        title="JSC Q3",
        location="Polaris, Cambridge MA + Teams",
        minutes="Crohn's go/no-go deferred again. Relaunch of joint ways of working discussed.",
        approved_by=["richard", "claire"],
    )
    issue = s.issue(
        "Crohn's Phase 3 comparator: placebo or ustekinumab",
        "development",
        "high",
        110,
        jdc,
        by="claire",
        escalations=[
            (40, "Unresolved at the JDC after 70 days: the teams hold firmly to their own views.")
        ],
        description="Polaris wants an active comparator for payers; Meridian's clinical team wants placebo for a cleaner regulatory package.",
    )
    s.issue(
        "PsA Phase 3: second CRO cannot staff the Polish sites",
        "development",
        "high",
        ctx.last_week(1) + 24,
        jdc,
        by="tom",
        escalations=[
            (ctx.last_week(1), "The JDC could not agree a replacement CRO within its 21 days.")
        ],
        description="Enrolment in Poland stops unless the sites move to Meridian's preferred CRO.",
    )
    s.meeting(
        jdc,
        150,
        MeetingModality.VIRTUAL,
        minutes="Comparator debate; no agreement.",
        approved_by=["claire", "tom"],
        action_items=[
            ("Payer research on comparator expectations (US, DE, JP)", "claire", 45, True)
        ],
    )
    s.meeting(
        jdc,
        60,
        MeetingModality.VIRTUAL,
        minutes="Enrolment update. Comparator issue now with the JSC.",
        approved_by=["tom", "claire"],
        action_items=[("Send the PsA enrolment forecast by country", "claire", 48, False)],
    )
    s.meeting(
        jsc,
        80,
        MeetingModality.IN_PERSON,
        title="JSC Q4 (Cambridge)",
        location="Polaris, Cambridge MA",
        minutes="Comparator issue escalated from the JDC; both sides to bring options. NDA filing timing confirmed.",
        approved_by=["richard"],  # Polaris's approval is still outstanding
        action_items=[
            ("Options paper on the Crohn's comparator", "tom", 30, False),
            ("Confirm the Polaris Phase 3 budget after their restructuring", "claire", 20, False),
        ],
    )
    s.meeting(jdc, -6, MeetingModality.VIRTUAL)
    s.meeting(
        jsc,
        -12,
        MeetingModality.IN_PERSON,
        title="JSC Q1 (Princeton)",
        location="Meridian HQ, Princeton",
    )
    s.action(
        "Update the joint risk log for the audit committee",
        "marcus",
        5,
        committee=jsc,
        internal=True,
    )
    s.risk(
        "PsA Phase 3 enrolment behind plan in Eastern Europe",
        "development",
        4,
        4,
        "marcus",
        3,
        "Add sites in Poland and Czechia; weekly enrolment review with Polaris.",
    )
    s.risk(
        "Polaris cuts its development headcount after restructuring",
        "relationship",
        3,
        5,
        "marcus",
        -25,
        "Executive sponsor call; confirm named Polaris leads for each workstream.",
    )
    s.communication(
        "Press release: PLX-23 NDA submitted",
        "press_release",
        "claire",
        ["richard", "marcus"],
        "Polaris wants to announce the NDA submission for PLX-23 in plaque psoriasis. Our policy is to announce on FDA acceptance, not on filing.",
        submitted_ago=2,
    )
    s.communication(
        "Phase 3 topline results (PsO)",
        "press_release",
        "marcus",
        ["claire"],
        "Joint announcement of positive topline results of the two pivotal psoriasis studies.",
        submitted_ago=240,
        outcome=(
            "approved_with_changes",
            "Polaris asked to name both companies' investigators in the quote.",
            235,
        ),
    )
    return crohns, issue


def kestrel_adc(ctx):
    s = Story(ctx, "kestrel_adc")
    s.am = s.people["daniel"]
    jsc = s.body(
        "Joint Steering Committee",
        CommitteeKind.JSC,
        seats=[
            ("richard", CO_CHAIR),
            ("priya", MEMBER),
            ("daniel", SECRETARY),
            ("jordan", CO_CHAIR),
            ("nina", MEMBER),
        ],
        charter_reference="Research Collaboration Agreement §3.1",
        min_members_per_party=2,
        max_members_per_party=3,
        meetings_per_year=2,
        decides=["development", "intellectual_property", "financial", "relationship"],
        final_say={"development": s.people["richard"].company},
        escalation_days=45,
        established_on=s.day(900),
        purpose="Steers the research plan and nominates development candidates.",
    )
    team = s.body(
        "ADC platform working team",
        CommitteeKind.WORKING_TEAM,
        parent=jsc,
        seats=[("priya", CO_CHAIR), ("ravi", MEMBER), ("nina", CO_CHAIR)],
        meetings_per_year=6,
        decides=["development"],
        escalation_days=21,
        established_on=s.day(880),
        purpose="Day-to-day conjugation chemistry and candidate profiling.",
    )
    jpc = s.body(
        "Joint Patent Committee",
        CommitteeKind.JPC,
        parent=jsc,
        seats=[("daniel", CO_CHAIR), ("jordan", CO_CHAIR)],
        meetings_per_year=2,
        decides=["intellectual_property"],
        escalation_days=30,
        established_on=s.day(880),
    )
    s.meeting(
        jsc,
        300,
        MeetingModality.IN_PERSON,
        location="Kestrel, South San Francisco",
        minutes="Research plan year 3 approved.",
        approved_by=["jordan", "richard"],
        decisions=[
            (
                "Nominate KST-ADC2 (CDH6) as development candidate",
                "development",
                "Nominated; IND-enabling studies start next quarter.",
                "Met all candidate criteria.",
            )
        ],
    )
    for index, days in enumerate((340, 280, 220, 160, 100, 40)):
        s.meeting(
            team,
            days,
            MeetingModality.VIRTUAL,
            minutes=f"Working team {index + 1}: stability and DAR data reviewed.",
            approved_by=["priya", "nina"],
            action_items=[
                (
                    "Share conjugation stability data (batch " + str(index + 1) + ")",
                    "nina",
                    14,
                    days > 40,
                )
            ],
            absent=("ravi",) if index == 2 else (),
        )
    s.meeting(
        jpc,
        250,
        MeetingModality.VIRTUAL,
        minutes="Joint filing for the linker patent.",
        approved_by=["daniel", "jordan"],
        decisions=[
            (
                "File a joint patent application on the cleavable linker",
                "intellectual_property",
                "File jointly; Kestrel prosecutes.",
                "Kestrel's platform, joint invention.",
            )
        ],
    )
    s.meeting(
        jpc,
        70,
        MeetingModality.VIRTUAL,
        minutes="Publication review process.",
        approved_by=["jordan", "daniel"],
    )
    s.meeting(
        jsc,
        120,
        MeetingModality.HYBRID,
        location="Meridian Boston + Teams",
        minutes="Mid-year review. Research term extension raised.",
        approved_by=["richard", "jordan"],
    )
    s.meeting(
        jsc,
        25,
        MeetingModality.VIRTUAL,
        title="JSC preparation (internal)",
        internal=True,
        minutes="Our position on extending the research term: seek a 12-month extension without new upfront.",
        approved_by=["richard"],
    )
    s.decision(
        jsc,
        "Select the linker-payload for KST-ADC3",
        "development",
        35,
        due_in=20,
        steps=[("proposed", 20, "")],
    )
    s.decision(jsc, "Our position on extending the research term", "financial", 30, internal=True)
    s.decision(
        jsc,
        "Approve the 2027 joint research plan and budget",
        "financial",
        ctx.last_week(3) + 30,
        steps=[
            ("proposed", ctx.last_week(3) + 14, ""),
            (
                "decided",
                ctx.last_week(3),
                "Approved: USD 18m for 2027, 14 FTE at Kestrel, two new targets for nomination.",
            ),
        ],
    )
    s.issue(
        "Publication timing of the HER3 ADC data",
        "intellectual_property",
        "medium",
        10,
        jpc,
        by="jordan",
        description="Kestrel wants to present at AACR before the provisional patent is filed.",
    )
    s.meeting(jsc, -45, MeetingModality.IN_PERSON, location="Kestrel, South San Francisco")
    s.risk(
        "Key person risk: Kestrel's CSO leaves",
        "relationship",
        3,
        4,
        "daniel",
        -40,
        "Second scientific lead named in the research plan.",
    )


def polaris_copromo(ctx):
    s = Story(ctx, "polaris_copromo")
    s.am = s.people["marcus"]
    jcc = s.body(
        "Joint Commercialization Committee",
        CommitteeKind.JCC,
        seats=[("grace", CO_CHAIR), ("sofia", MEMBER), ("marcus", SECRETARY), ("claire", CO_CHAIR)],
        charter_reference="Co-promotion Agreement §5.1",
        min_members_per_party=1,
        max_members_per_party=3,
        meetings_per_year=4,
        decides=["commercial", "financial"],
        final_say={"commercial": s.people["grace"].company},
        escalation_days=30,
        established_on=s.day(600),
    )
    sub = s.body(
        "Omnichannel detail sub-team",
        CommitteeKind.SUB_TEAM,
        parent=jcc,
        seats=[("sofia", CO_CHAIR), ("claire", CO_CHAIR)],
        meetings_per_year=12,
        decides=["commercial"],
        escalation_days=14,
        established_on=s.day(400),
        purpose="Redefines what counts as a detail (remote, digital) so the economic model stays intact.",
    )
    s.decision(
        jcc,
        "Redefine what counts as a detail (remote and digital)",
        "commercial",
        330,
        steps=[
            ("proposed", 300, ""),
            ("deferred", 260, "Polaris legal reviewing the contract definition."),
            ("proposed", 210, ""),
            (
                "decided",
                190,
                "A remote detail counts as 0.7 and a qualified digital engagement as 0.3 of a face-to-face detail.",
            ),
        ],
    )
    s.issue(
        "How details are counted: the quarterly minimum is disputed",
        "commercial",
        "critical",
        320,
        sub,
        by="sofia",
        escalations=[(300, "The sub-team could not agree within 14 days.")],
        resolve=(190, "Settled by the JCC's new detail definition."),
        close=True,
    )
    s.meeting(
        jcc,
        340,
        MeetingModality.VIRTUAL,
        minutes="Detail shortfall: Q3 at 71% of the contracted minimum.",
        approved_by=["grace", "claire"],
    )
    s.meeting(
        jcc,
        250,
        MeetingModality.VIRTUAL,
        minutes="No agreement on detail counting.",
        approved_by=["claire", "grace"],
    )
    s.meeting(
        jcc,
        150,
        MeetingModality.IN_PERSON,
        title="Alliance relaunch offsite",
        location="Offsite, Philadelphia",
        minutes="Half-day relaunch: ground rules for communication, decision-making protocols, escalation process, lessons learned. Five joint goals endorsed.",
        approved_by=["grace", "claire"],
        decisions=[
            (
                "Endorse five joint alliance goals for next year",
                "relationship",
                "Endorsed; they open the scorecard.",
                "Agreed at the relaunch offsite.",
            )
        ],
    )
    s.meeting(
        jcc,
        55,
        MeetingModality.HYBRID,
        location="Polaris NYC + Teams",
        minutes="First quarter under the new detail definition: 96% of minimum.",
        approved_by=["claire", "grace"],
        action_items=[("Share Q3 detail data by channel", "claire", 21, False)],
    )
    for days in (120, 90, 30):
        s.meeting(
            sub,
            days,
            MeetingModality.VIRTUAL,
            minutes="Channel mix review.",
            approved_by=["sofia", "claire"],
        )
    cancelled = s.meeting(sub, -3, MeetingModality.VIRTUAL, build_agenda=False)
    actions.meeting_cancel(
        actor=s.am, meeting=cancelled, reason="Moved into the JCC agenda this month."
    )
    s.issue(
        "Sales force overlap in rheumatology accounts", "commercial", "medium", 12, sub, by="claire"
    )
    s.meeting(jcc, -30, MeetingModality.IN_PERSON, location="Meridian HQ, Princeton")


def hoshino_japan(ctx):
    s = Story(ctx, "hoshino_japan")
    s.am = s.people["aiko"]
    jsc = s.body(
        "Joint Steering Committee",
        CommitteeKind.JSC,
        seats=[("aiko", CO_CHAIR), ("omar", MEMBER), ("yuki", CO_CHAIR)],
        charter_reference="Licence Agreement §6",
        min_members_per_party=1,
        max_members_per_party=3,
        meetings_per_year=2,
        decides=["commercial", "regulatory", "manufacturing"],
        escalation_days=60,
        established_on=s.day(2200),
    )
    s.meeting(
        jsc,
        320,
        MeetingModality.IN_PERSON,
        location="Hoshino, Tokyo",
        minutes="Annual plan and supply forecast agreed.",
        approved_by=["yuki", "aiko"],
        decisions=[
            (
                "Approve the Japan paediatric label expansion filing",
                "regulatory",
                "Approved; Hoshino files with the PMDA in Q2.",
                "Supported by the global paediatric data.",
            )
        ],
    )
    s.meeting(
        jsc,
        140,
        MeetingModality.VIRTUAL,
        minutes="Mid-year sales review: above plan.",
        approved_by=["aiko", "yuki"],
        action_items=[("Send the post-marketing surveillance report", "yuki", 150, False)],
    )
    s.meeting(jsc, -20, MeetingModality.IN_PERSON, location="Hoshino, Tokyo")
    s.issue(
        "Q1 supply forecast 15% short of Hoshino's order",
        "manufacturing",
        "medium",
        ctx.last_week(4) + 26,
        jsc,
        by="yuki",
        resolve=(ctx.last_week(4), "Meridian moved a campaign forward at its Cork site."),
    )
    s.communication(
        "Japan sales milestone press release",
        "press_release",
        "yuki",
        ["aiko"],
        "Hoshino announces JPY 10bn annual sales of PLX-23.",
        submitted_ago=60,
        outcome=("approved", "", 55),
    )


def aurelia_platform(ctx):
    """A working team on a firewalled program: only the people cleared for it see it."""
    s = Story(ctx, "aurelia_platform")
    s.am = s.people["daniel"]
    jsc = s.body(
        "Joint Steering Committee",
        CommitteeKind.JSC,
        seats=[("daniel", CO_CHAIR), ("priya", MEMBER), ("ethan", CO_CHAIR)],
        meetings_per_year=2,
        decides=["development", "intellectual_property"],
        escalation_days=30,
        established_on=s.day(700),
    )
    program = s.alliance.programs.get(is_firewalled=True)
    team = s.body(
        "KRAS editing target team",
        CommitteeKind.WORKING_TEAM,
        parent=jsc,
        program=program,
        seats=[("daniel", CO_CHAIR), ("helen", MEMBER)],
        decides=["development"],
        established_on=s.day(200),
    )
    s.meeting(
        jsc,
        200,
        MeetingModality.VIRTUAL,
        minutes="Target nominations reviewed.",
        approved_by=["daniel", "ethan"],
    )
    s.meeting(
        team,
        45,
        MeetingModality.IN_PERSON,
        location="Meridian Boston",
        minutes="Reservation of the KRAS G12D target.",
        internal=True,
        approved_by=["daniel"],
    )
    s.action("Draft the target reservation notice", "daniel", -10, committee=team, internal=True)


@transaction.atomic
def seed_demo(ctx) -> None:
    polaris_codev(ctx)
    kestrel_adc(ctx)
    polaris_copromo(ctx)
    hoshino_japan(ctx)
    aurelia_platform(ctx)
    # The reminders and escalation alerts the scheduler would have sent by now.
    reminders.daily(ctx.today)
    reminders.escalation_alerts(timezone.now())
    ctx.notes.append(
        "governance: Polaris IL-23 has an issue escalated to the JSC and past its 30-day limit, "
        "and JSC minutes waiting for Polaris's co-chair (Claire Dubois) to approve."
    )


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
