"""The demo contract register (see accord.core.seeding).

The register is data/demo.json: each agreement on a demo alliance and what it holds, written here
through the actions in order (so it has its audit trail and derived due dates). Clause texts are
real contract language from CUAD (see accord.contracts.clauses for the citation).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from accord.core.seeding import load_data
from accord.portfolio.models import Company, Program, Territory

from .. import actions, rules
from ..clauses import CUAD_CITATION, cited
from ..models import AgreementKind, DueRule, Obligation

DEMO = load_data("accord.contracts")

# The demo's overdue obligations: a handful an alliance manager would recognise, each late for
# a reason the register states (its description). Everything else is on time; the charter
# cadences are met by the meetings the governance demo records.
LATE = {
    entry["title"]: entry["late"]
    for spec in DEMO["agreements"]
    for entry in spec["register"]
    if "late" in entry
}
DECIMALS = {"amount", "invoiced_amount", "paid_amount", "sales_threshold"}


class Register:
    """Writes one agreement of data/demo.json and its register through the actions."""

    ENTRIES = (
        "term",
        "obligation",
        "milestone",
        "right",
        "restriction",
        "event",
        "milestone_update",
        "obligation_complete",
        "obligation_set_state",
    )

    def __init__(self, ctx, spec: dict, *, own, territories: dict, agreements: dict):
        self.ctx = ctx
        self.spec = spec
        self.people = ctx.objects["people"]
        self.alliance = ctx.objects["alliances"][spec["alliance"]]
        self.actor = self.people[spec["manager"]]
        self.own = own
        self.territories = territories
        self.agreements = agreements  # title -> agreement, for `amends`
        self.terms, self.rights = {}, {}  # by term and title, for later entries
        self.agreement = None

    def write(self):
        data = self.fields(self.spec["agreement"])
        data.setdefault("parties", [self.own, *self.alliance.partners.all()])
        data.setdefault("kind", AgreementKind.MASTER)
        self.agreement = actions.agreement_create(
            actor=self.actor, alliance=self.alliance, data=data
        )
        for entry in self.spec["register"]:
            entry = dict(entry)
            do = entry.pop("do")
            if do not in self.ENTRIES:
                raise ValueError(f"Unknown contracts demo entry “{do}”.")
            getattr(self, do)(entry)
        return self.agreement

    # --- Values ---------------------------------------------------------------------------

    def date(self, value: dict) -> dt.date:
        """{"today": n}, {"start": n} (from the alliance's effective date) or {"last_week": d}."""
        if "today" in value:
            return self.ctx.today + dt.timedelta(days=value["today"])
        if "start" in value:
            return self.alliance.effective_date + dt.timedelta(days=value["start"])
        return self.ctx.today - dt.timedelta(days=self.ctx.last_week(value["last_week"]))

    def value(self, field: str, value):
        if isinstance(value, dict):
            if "cited" in value:
                return value.get("text", "") + cited(value["cited"])
            return self.date(value)
        if field in DECIMALS:
            return Decimal(value)
        if field == "owner":
            return self.people[value]
        if field == "program":
            return Program.objects.get(alliance=self.alliance, name=value)
        if field == "defined_terms":
            return [self.terms[term] for term in value]
        if field == "notice_reference_right":
            return self.rights[value]
        if field in ("payer", "payee"):
            return self.own if value == "own" else self.alliance.partners.first()
        if field == "amends":
            return self.agreements[value]
        return value

    def fields(self, entry: dict) -> dict:
        return {
            field: self.value(field, value)
            for field, value in entry.items()
            if not field.startswith("_")
        }

    # --- Entries ----------------------------------------------------------------------------

    def term(self, entry):
        term = actions.defined_term_create(
            actor=self.actor, agreement=self.agreement, data=self.fields(entry)
        )
        self.terms[term.term] = term

    def obligation(self, entry):
        agr, actor = self.agreement, self.actor
        late = entry.pop("late", None)
        data = self.fields(entry)
        data.setdefault("agreement", agr)
        if late:
            data["description"] = late
        created = actions.obligation_create(actor=actor, alliance=self.alliance, data=data)
        # A recurring duty has a history: every period before this one was done on time (a late
        # one: every period before the last one due).
        while (
            created.rule == DueRule.RECURRING
            and created.due_date
            and created.due_date < self.ctx.today
            and not (
                late and (rules.next_due(created).due_date or self.ctx.today) >= self.ctx.today
            )
        ):
            created = actions.obligation_complete(
                actor=actor,
                obligation=created,
                completed_on=max(created.due_date - dt.timedelta(days=2), agr.effective_date),
                evidence=f"Delivered for the period ending {created.period_end:%d %B %Y}.",
            )

    def milestone(self, entry):
        data = self.fields(entry)
        data.setdefault("agreement", self.agreement)
        data.setdefault("payer", self.own)
        data.setdefault("payee", self.alliance.partners.first())
        actions.milestone_create(actor=self.actor, alliance=self.alliance, data=data)

    def _scoped(self, entry) -> dict:
        """A right's or restriction's fields; worldwide unless it lists territories."""
        codes = entry.pop("territories", ["WW"])
        data = self.fields(entry)
        data.setdefault("agreement", self.agreement)
        data["territories"] = [self.territories[code] for code in codes]
        return data

    def right(self, entry):
        right = actions.right_create(
            actor=self.actor, alliance=self.alliance, data=self._scoped(entry)
        )
        self.rights[right.title] = right

    def restriction(self, entry):
        actions.restriction_create(
            actor=self.actor, alliance=self.alliance, data=self._scoped(entry)
        )

    def event(self, entry):
        actions.event_record(
            actor=self.actor, alliance=self.alliance, agreement=self.agreement, **self.fields(entry)
        )

    def milestone_update(self, entry):
        milestone = self.agreement.milestones.get(title=entry.pop("milestone"))
        actions.milestone_update(actor=self.actor, milestone=milestone, data=self.fields(entry))

    def _obligation(self, title: str) -> Obligation:
        return Obligation.objects.get(agreement=self.agreement, title=title)

    def obligation_complete(self, entry):
        obligation = self._obligation(entry.pop("obligation"))
        actions.obligation_complete(actor=self.actor, obligation=obligation, **self.fields(entry))

    def obligation_set_state(self, entry):
        obligation = self._obligation(entry.pop("obligation"))
        actions.obligation_set_state(actor=self.actor, obligation=obligation, **self.fields(entry))


@transaction.atomic
def seed_demo(ctx) -> None:
    own = Company.objects.own()
    territories = {t.code: t for t in Territory.objects.all()}
    agreements, shared = {}, {}
    for spec in DEMO["agreements"]:
        register = Register(ctx, spec, own=own, territories=territories, agreements=agreements)
        agreement = register.write()
        agreements[agreement.title] = agreement
        if "shared_as" in spec:
            shared[spec["shared_as"]] = agreement
    seed_glossaries(ctx, own)
    seed_variances(ctx)
    ctx.notes.append(DEMO["note"].format(citation=CUAD_CITATION))
    ctx.objects["contracts"] = shared


def seed_glossaries(ctx, own) -> None:
    """Each listed alliance's glossary, seeded from its agreements, then agreed and endorsed."""
    people, alliances = ctx.objects["people"], ctx.objects["alliances"]
    for spec in DEMO["glossary"]["alliances"]:
        alliance, actor = alliances[spec["alliance"]], people[spec["manager"]]
        seeded = {
            t.term: t for t in actions.glossary_seed_from_agreement(actor=actor, alliance=alliance)
        }
        for entry in spec["terms"]:
            data = {k: entry[k] for k in ("meaning", "translations") if k in entry}
            term = seeded.get(entry["term"])
            if term is None:
                term = actions.glossary_term_create(
                    actor=actor, alliance=alliance, data={"term": entry["term"], **data}
                )
            else:
                term = actions.glossary_term_update(actor=actor, term=term, data=data)
            for word in entry.get("words", []):
                company = own if word["company"] == "own" else alliance.partners.first()
                actions.team_word_suggest(
                    actor=actor,
                    term=term,
                    company=company,
                    word=word["word"],
                    note=word.get("note", ""),
                )
            if entry.get("agree"):
                term = actions.glossary_term_agree(actor=actor, term=term)
            if "endorse" in entry:
                endorse = entry["endorse"]
                actions.glossary_term_endorse(
                    actor=actor,
                    term=term,
                    body=endorse["body"],
                    reference=endorse.get("reference", ""),
                    endorsed_on=ctx.today - dt.timedelta(days=endorse["days_ago"]),
                )


def seed_variances(ctx) -> None:
    """Agreed workarounds in force: both sides' signatures recorded as given."""
    from ..actions.variances import record_sign

    people, alliances = ctx.objects["people"], ctx.objects["alliances"]
    for spec in DEMO["variances"]["items"]:
        alliance, actor = alliances[spec["alliance"]], people[spec["manager"]]
        day = lambda n: ctx.today + dt.timedelta(days=n)  # noqa: E731
        variance = actions.variance_create(
            actor=actor,
            alliance=alliance,
            data={
                "obligation": Obligation.objects.get(alliance=alliance, title=spec["obligation"]),
                "title": spec["title"],
                "instead": spec["instead"],
                "reason": spec["reason"],
                "starts_on": day(spec["starts_on"]),
                "ends_on": day(spec["ends_on"]),
                "alternative_due_on": day(spec["alternative_due_on"]),
                "revisit_on": day(spec["revisit_on"]),
                "next_step": spec["next_step"],
                "economic_effect": spec["economic_effect"],
                "economic_amount": Decimal(spec["economic_amount"]),
                "currency": spec["currency"],
            },
        )
        record_sign(actor=actor, variance=variance)
        record_sign(actor=people[spec["partner_signer"]], variance=variance)
