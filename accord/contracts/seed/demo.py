"""Demo and benchmark contract registers (see accord.core.seeding).

The demo register is written through the actions (so it has its audit trail and derived due
dates) and holds things to discover: Kestrel's KRAS G12D exclusivity that two firewalled programs
(Quill's antibody, Aurelia's base editing) run into, Kestrel's HER3 exclusivity that Institut
Lumière's PET tracer touches, an unexercised Aurelia target reservation and a Kestrel option
nearing expiry, a renewal notice deadline coming up on the Polaris co-promotion, an overdue safety
exchange with Hoshino and a detailing obligation in dispute. Clause texts are real contract
language from CUAD (see accord.contracts.clauses for the citation).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from accord.portfolio.models import Company, Program, Territory

from .. import actions, rules
from ..clauses import CUAD_CITATION, cited
from ..models import (
    AgreementKind,
    Category,
    DueRule,
    Obligation,
    Party,
    State,
)


def _days(ctx, n: int) -> dt.date:
    return ctx.today + dt.timedelta(days=n)


# The demo's overdue obligations: a handful an alliance manager would recognise, each late for
# a reason the register states (its description ends with it). Everything else is on time; the
# charter cadences are met by the meetings the governance demo records.
LATE = {
    "Quarterly research report to the JSC": (
        "Late: Kestrel's conjugation data for the last quarter arrived after the report was due; "
        "the report goes out with it."
    ),
    "Sunhe royalty report and payment": (
        "Late: Sunhe has not sent last quarter's royalty report; finance has sent a reminder."
    ),
    "Annual exchange of safety data (PSUR inputs)": (
        "Late: Hoshino's PSUR inputs were held up by its safety database migration."
    ),
}


@transaction.atomic
def seed_demo(ctx) -> None:
    people = ctx.objects["people"]
    alliances = ctx.objects["alliances"]
    own = Company.objects.own()
    territory = {
        t.code: t for t in Territory.objects.filter(code__in=["WW", "US", "GC", "JP", "EU", "FR"])
    }
    daniel, marcus, aiko, priya = (people[k] for k in ("daniel", "marcus", "aiko", "priya"))

    def program(alliance_key, name):
        return Program.objects.get(alliance=alliances[alliance_key], name=name)

    def agreement(alliance_key, actor, **data):
        alliance = alliances[alliance_key]
        data.setdefault("parties", [own, *alliance.partners.all()])
        data.setdefault("kind", AgreementKind.MASTER)
        return actions.agreement_create(actor=actor, alliance=alliance, data=data)

    def term(agr, actor, term, definition, section):
        return actions.defined_term_create(
            actor=actor,
            agreement=agr,
            data={"term": term, "definition": definition, "section": section},
        )

    def obligation(agr, actor, **data):
        data.setdefault("agreement", agr)
        late = data["title"] in LATE
        if late:
            data["description"] = LATE[data["title"]]
        created = actions.obligation_create(actor=actor, alliance=agr.alliance, data=data)
        # A recurring duty has a history: every period before this one was done on time (a late
        # one: every period before the last one due).
        while (
            created.rule == DueRule.RECURRING
            and created.due_date
            and created.due_date < ctx.today
            and not (late and (rules.next_due(created).due_date or ctx.today) >= ctx.today)
        ):
            created = actions.obligation_complete(
                actor=actor,
                obligation=created,
                completed_on=max(created.due_date - dt.timedelta(days=2), agr.effective_date),
                evidence=f"Delivered for the period ending {created.period_end:%d %B %Y}.",
            )
        return created

    def milestone(agr, actor, **data):
        data.setdefault("agreement", agr)
        data.setdefault("payer", own)
        data.setdefault("payee", agr.alliance.partners.first())
        return actions.milestone_create(actor=actor, alliance=agr.alliance, data=data)

    def right(agr, actor, territories=("WW",), **data):
        data.setdefault("agreement", agr)
        data["territories"] = [territory[c] for c in territories]
        return actions.right_create(actor=actor, alliance=agr.alliance, data=data)

    def restriction(agr, actor, territories=("WW",), **data):
        data.setdefault("agreement", agr)
        data["territories"] = [territory[c] for c in territories]
        return actions.restriction_create(actor=actor, alliance=agr.alliance, data=data)

    # --- Kestrel ADC research collaboration ----------------------------------------------------
    adc_alliance = alliances["kestrel_adc"]
    start = adc_alliance.effective_date
    adc = agreement(
        "kestrel_adc",
        daniel,
        title="Kestrel Research Collaboration and License Agreement",
        signature_date=start - dt.timedelta(days=3),
        effective_date=start,
        expiry_date=start + dt.timedelta(days=7 * 365),
        governing_law="New York",
        term_section="§ 14.1",
        summary="Three ADC programs on Kestrel's site-specific conjugation platform; we hold the licence "
        "and an option on a fourth target. Governing law clause: " + cited("law_new_york"),
    )
    fcs = term(
        adc,
        daniel,
        "First Commercial Sale",
        "The first sale of a Licensed Product to a Third Party "
        "in a country after Regulatory Approval has been obtained in that country.",
        "§ 1.41",
    )
    ind = term(
        adc,
        daniel,
        "IND Acceptance",
        "The date thirty (30) days after submission of an IND for a "
        "Licensed Product to the FDA without a clinical hold.",
        "§ 1.52",
    )
    term(
        adc,
        daniel,
        "Collaboration Target",
        "Each of HER3, CDH6 and TROP2, and any Option Target for "
        "which Meridian exercises its Option.",
        "§ 1.18",
    )
    term(
        adc,
        daniel,
        "Field",
        "The diagnosis, prevention and treatment of cancer in humans.",
        "§ 1.39",
    )
    obligation(
        adc,
        daniel,
        title="Quarterly research report to the JSC",
        section="§ 4.6",
        category=Category.REPORTING,
        owed_by=Party.JOINT,
        owner=daniel,
        rule=DueRule.RECURRING,
        recur_period="quarter",
        recur_offset_days=45,
        recur_start=start,
        time_zone="America/New_York",
    )
    # The JSC's meeting cadence (§ 3.1) is the governance app's: its charter puts it in this
    # register and the meetings held fulfil it (accord.contracts.governance); not typed twice.
    obligation(
        adc,
        daniel,
        title="Annual diligence report on each Licensed Product",
        section="§ 5.3",
        category=Category.DILIGENCE,
        owner=daniel,
        rule=DueRule.RECURRING,
        recur_period="year",
        recur_offset_days=60,
        recur_start=start,
        business_days=True,
        holiday_calendar="US",
    )
    adc1 = program("kestrel_adc", "KST-ADC1 (HER3)")
    milestone(
        adc,
        daniel,
        program=adc1,
        kind="development",
        title="IND Acceptance for KST-ADC1",
        section="§ 8.2(a)",
        definition="Upon IND Acceptance for the first Licensed Product directed to HER3.",
        defined_terms=[ind],
        trigger_event="IND Acceptance",
        amount=Decimal("15000000"),
        currency="USD",
        forecast_date=_days(ctx, -220),
    )
    obligation(
        adc,
        daniel,
        program=adc1,
        title="Invoice the IND milestone within 45 days",
        section="§ 8.5",
        category=Category.PAYMENT,
        owed_by=Party.PARTNER,
        owner=daniel,
        rule=DueRule.EVENT,
        trigger_event="IND Acceptance",
        event_offset_days=45,
    )
    actions.event_record(
        actor=daniel,
        alliance=adc_alliance,
        agreement=adc,
        program=adc1,
        name="IND Acceptance",
        occurred_on=_days(ctx, -210),
    )
    paid = adc.milestones.get(title="IND Acceptance for KST-ADC1")
    actions.milestone_update(
        actor=daniel,
        milestone=paid,
        data={
            "invoiced_on": _days(ctx, -190),
            "invoiced_amount": Decimal("15000000"),
            "paid_on": _days(ctx, -160),
            "paid_amount": Decimal("15000000"),
            "paid_currency": "USD",
        },
    )
    invoice = Obligation.objects.get(agreement=adc, title__startswith="Invoice the IND")
    actions.obligation_complete(
        actor=daniel,
        obligation=invoice,
        completed_on=_days(ctx, -190),
        evidence="Kestrel invoice KB-2291 received and approved by finance",
    )
    milestone(
        adc,
        daniel,
        program=adc1,
        kind="development",
        title="First patient dosed in Phase 2 (KST-ADC1)",
        section="§ 8.2(b)",
        definition="Dosing of the first patient in the first Phase 2 Trial of a "
        "Licensed Product directed to HER3.",
        amount=Decimal("25000000"),
        currency="USD",
        forecast_date=_days(ctx, 150),
    )
    milestone(
        adc,
        daniel,
        program=adc1,
        kind="regulatory",
        title="First Regulatory Approval in the US",
        section="§ 8.3(a)",
        definition="Regulatory Approval of a Licensed Product by the FDA, followed "
        "by its First Commercial Sale.",
        defined_terms=[fcs],
        amount_status="redacted",
        forecast_date=_days(ctx, 1500),
    )
    milestone(
        adc,
        daniel,
        kind="commercial",
        title="Annual Net Sales first exceed USD 500 million",
        section="§ 8.4",
        definition="The first Calendar Year in which annual Net Sales of all Licensed "
        "Products exceed five hundred million US dollars.",
        sales_threshold=Decimal("500000000"),
        threshold_currency="USD",
        amount_status="unknown",
    )
    option = right(
        adc,
        daniel,
        kind="option",
        holder=Party.US,
        title="Option on a fourth Collaboration Target (CDH3)",
        section="§ 2.4",
        targets="CDH3",
        fields="Oncology",
        exclusivity="exclusive",
        window_opens=start,
        window_closes=_days(ctx, 40),
        clause_text=cited("option_period"),
    )
    obligation(
        adc,
        daniel,
        title="Exercise notice for the CDH3 option",
        section="§ 2.4(b)",
        category=Category.NOTIFICATION,
        owner=daniel,
        rule=DueRule.NOTICE,
        notice_reference_right=option,
        notice_days=30,
        description="Notice must reach Kestrel at least 30 days before the option expires.",
    )
    right(
        adc,
        daniel,
        kind="licence",
        holder=Party.US,
        title="Exclusive worldwide licence to the Kestrel ADC platform",
        section="§ 2.1",
        targets="HER3; CDH6; TROP2",
        fields="Oncology",
        exclusivity="exclusive",
        window_opens=start,
        state="exercised",
        exercised_on=start,
        clause_text=cited("exclusive_licence"),
    )
    restriction(
        adc,
        daniel,
        kind="exclusivity",
        bound=Party.US,
        title="Exclusivity on Collaboration Targets",
        section="§ 2.6",
        targets="HER3\nCDH6\nTROP2",
        fields="Oncology",
        starts_on=start,
        ends_on=start + dt.timedelta(days=7 * 365),
        clause_text=cited("competitive_products"),
    )
    letter = agreement(
        "kestrel_adc",
        daniel,
        kind=AgreementKind.SIDE_LETTER,
        amends=adc,
        title="Side letter: TROP2 next-generation payloads",
        effective_date=start + dt.timedelta(days=400),
        term_section="¶ 2",
        summary="Extends the research term for TROP2 by twelve months and clarifies payload ownership.",
    )
    obligation(
        letter,
        daniel,
        title="Deliver TROP2 payload data package",
        section="¶ 3",
        category=Category.DILIGENCE,
        owed_by=Party.PARTNER,
        owner=daniel,
        rule=DueRule.FIXED,
        due_on=_days(ctx, 12),
    )

    # --- Kestrel KST-201 option and licence: the KRAS G12D exclusivity -------------------------
    option_alliance = alliances["kestrel_option"]
    ostart = option_alliance.effective_date
    kst = agreement(
        "kestrel_option",
        daniel,
        title="Kestrel KST-201 Option and License Agreement",
        signature_date=ostart,
        effective_date=ostart,
        expiry_date=ostart + dt.timedelta(days=12 * 365),
        governing_law="Delaware",
        term_section="§ 15.1",
        summary=cited("law_delaware"),
    )
    kst201 = program("kestrel_option", "KST-201")
    restriction(
        kst,
        daniel,
        kind="exclusivity",
        bound=Party.US,
        title="KRAS G12D exclusivity in oncology",
        section="§ 2.7",
        targets="KRAS G12D",
        fields="Oncology",
        starts_on=ostart,
        ends_on=ostart + dt.timedelta(days=8 * 365),
        clause_text=cited("mutual_non_compete"),
    )
    right(
        kst,
        daniel,
        program=kst201,
        kind="licence",
        holder=Party.US,
        title="Exclusive licence to KST-201",
        section="§ 2.1",
        targets="KRAS G12D",
        fields="Oncology",
        exclusivity="exclusive",
        window_opens=ostart,
        state="exercised",
        exercised_on=ostart,
        clause_text=cited("exclusive_even_as_to"),
    )
    obligation(
        kst,
        daniel,
        program=kst201,
        title="Start the Phase 2 trial of KST-201",
        section="§ 5.2(a)",
        category=Category.DILIGENCE,
        owner=people["lena"],
        rule=DueRule.FIXED,
        due_on=_days(ctx, 325),
    )
    obligation(
        kst,
        daniel,
        program=kst201,
        title="Notify Kestrel of first patient dosed in Phase 2",
        section="§ 5.4",
        category=Category.NOTIFICATION,
        owner=people["lena"],
        rule=DueRule.EVENT,
        trigger_event="First Patient Dosed in Phase 2",
        event_offset_days=10,
        business_days=True,
        holiday_calendar="US",
    )
    milestone(
        kst,
        daniel,
        program=kst201,
        kind="development",
        title="First patient dosed in Phase 2 (KST-201)",
        section="§ 7.2",
        definition="Dosing of the first patient in a Phase 2 Trial of KST-201.",
        trigger_event="First Patient Dosed in Phase 2",
        amount=Decimal("40000000"),
        currency="USD",
        forecast_date=_days(ctx, 300),
    )

    # --- Aurelia platform: target reservations ------------------------------------------------
    aur_alliance = alliances["aurelia_platform"]
    astart = aur_alliance.effective_date
    aur = agreement(
        "aurelia_platform",
        priya,
        title="Aurelia Base Editing Platform Agreement",
        signature_date=astart,
        effective_date=astart,
        expiry_date=_days(ctx, 400),
        auto_renews=True,
        renewal_term_months=12,
        renewal_notice_days=90,
        governing_law="Delaware",
        term_section="§ 13.2",
        summary="Up to eight targets nominated by Meridian; each reservation lapses unless a research plan is agreed.",
    )
    right(
        aur,
        priya,
        kind="target_reservation",
        holder=Party.US,
        title="Target reservation: ANGPTL3",
        section="§ 3.3",
        targets="ANGPTL3",
        fields="Cardiovascular",
        window_opens=astart,
        window_closes=_days(ctx, 45),
        clause_text=cited("option_lapse"),
    )
    right(
        aur,
        priya,
        kind="target_reservation",
        holder=Party.US,
        title="Target reservation: APOC3",
        section="§ 3.3",
        targets="APOC3",
        fields="Cardiovascular",
        window_opens=astart,
        window_closes=_days(ctx, -60),
        clause_text=cited("option_lapse"),
    )
    right(
        aur,
        priya,
        kind="rofn",
        holder=Party.PARTNER,
        title="Aurelia's first negotiation right on ex-US rights to AUR-TTR",
        section="§ 9.1",
        targets="TTR",
        fields="Rare Diseases",
        window_opens=astart,
        window_closes=_days(ctx, 200),
        clause_text=cited("first_negotiation"),
    )
    obligation(
        aur,
        priya,
        title="Nominate the next reserved target or release it",
        section="§ 3.4",
        category=Category.NOTIFICATION,
        owner=priya,
        rule=DueRule.FIXED,
        due_on=_days(ctx, 6),
    )
    milestone(
        aur,
        priya,
        program=program("aurelia_platform", "AUR-PCSK9"),
        kind="development",
        title="First patient dosed (AUR-PCSK9)",
        section="§ 7.1(a)",
        definition="Dosing of the first subject in the first clinical trial of AUR-101.",
        amount=Decimal("20000000"),
        currency="USD",
        achieved_on=_days(ctx, -120),
        invoiced_on=_days(ctx, -100),
        invoiced_amount=Decimal("20000000"),
        disputed=True,
        dispute_reason="Aurelia counts the healthy-volunteer cohort as the first patient; we read "
        "'patient' as a person with the disease (§ 1.61).",
    )

    # --- Quill discovery: options per target ---------------------------------------------------
    quill = agreement(
        "quill_discovery",
        priya,
        title="Quill Antibody Discovery and Option Agreement",
        effective_date=alliances["quill_discovery"].effective_date,
        governing_law="Switzerland",
        term_section="§ 12",
    )
    right(
        quill,
        priya,
        kind="option",
        holder=Party.US,
        title="Option on CCR8 antibodies",
        section="§ 4.1",
        targets="CCR8",
        fields="Oncology",
        window_opens=quill.effective_date,
        window_closes=_days(ctx, 150),
        clause_text=cited("co_development_option"),
    )
    right(
        quill,
        priya,
        kind="option",
        holder=Party.US,
        title="Option on GPRC5D antibodies",
        section="§ 4.1",
        targets="GPRC5D",
        fields="Hematology",
        window_opens=quill.effective_date,
        state="exercised",
        exercised_on=_days(ctx, -30),
    )
    milestone(
        quill,
        priya,
        kind="development",
        title="Option exercise fee: GPRC5D",
        section="§ 6.2",
        definition="Payable upon exercise of the Option for a Target.",
        amount=Decimal("8000000"),
        currency="CHF",
        achieved_on=_days(ctx, -30),
    )

    # --- Polaris co-promotion: renewal notice and detailing dispute ---------------------------
    copromo_alliance = alliances["polaris_copromo"]
    cstart = copromo_alliance.effective_date
    copromo = agreement(
        "polaris_copromo",
        marcus,
        title="PLX-23 US Co-Promotion Agreement",
        effective_date=cstart,
        expiry_date=_days(ctx, 200),
        auto_renews=True,
        renewal_term_months=24,
        renewal_notice_days=180,
        governing_law="New York",
        term_section="§ 16.1",
        summary=cited("renewal"),
    )
    term(
        copromo,
        marcus,
        "Detail",
        "A face-to-face or live virtual presentation of the Product by "
        "a sales representative to a prescriber, lasting at least two minutes.",
        "§ 1.22",
    )
    detailing = obligation(
        copromo,
        marcus,
        title="Deliver the quarterly Detail minimums",
        section="§ 5.1",
        category=Category.DETAILING,
        owed_by=Party.JOINT,
        owner=marcus,
        rule=DueRule.RECURRING,
        recur_period="quarter",
        recur_offset_days=30,
        recur_start=cstart,
        description="At least 12,000 Details per Calendar Quarter by each Party.",
    )
    actions.obligation_set_state(
        actor=marcus,
        obligation=detailing,
        state=State.IN_DISPUTE,
        reason="Polaris counts emails and e-detailing as Details; we count live calls only (§ 1.22).",
    )
    milestone(
        copromo,
        marcus,
        kind="commercial",
        title="US Net Sales exceed USD 1 billion",
        section="§ 9.3",
        definition="Calendar-year US Net Sales of the Product first exceed USD 1,000,000,000.",
        sales_threshold=Decimal("1000000000"),
        threshold_currency="USD",
        amount=Decimal("50000000"),
        currency="USD",
        payer=copromo_alliance.partners.first(),
        payee=own,
        forecast_date=_days(ctx, 500),
    )

    # --- Sunhe Greater China out-licence: partner-owed reports, our non-compete in GC --------
    sunhe = agreement(
        "sunhe_china",
        aiko,
        title="MRD-3300 Greater China License Agreement",
        effective_date=alliances["sunhe_china"].effective_date,
        governing_law="Hong Kong",
        term_section="§ 14",
    )
    restriction(
        sunhe,
        aiko,
        territories=("GC",),
        kind="non_compete",
        bound=Party.US,
        title="No competing EGFR exon 20 product in Greater China",
        section="§ 2.5",
        targets="EGFR exon 20",
        fields="Oncology",
        starts_on=sunhe.effective_date,
        clause_text=cited("competitive_products"),
    )
    obligation(
        sunhe,
        aiko,
        title="Sunhe royalty report and payment",
        section="§ 8.6",
        category=Category.PAYMENT,
        owed_by=Party.PARTNER,
        owner=aiko,
        rule=DueRule.RECURRING,
        recur_period="quarter",
        recur_offset_days=60,
        recur_start=sunhe.effective_date,
        business_days=True,
        holiday_calendar="CN",
        time_zone="Asia/Shanghai",
    )
    milestone(
        sunhe,
        aiko,
        kind="regulatory",
        title="NMPA approval of MRD-3300",
        section="§ 7.1",
        definition="Approval of an NDA for MRD-3300 by the NMPA.",
        amount=Decimal("30000000"),
        currency="USD",
        payer=alliances["sunhe_china"].partners.first(),
        payee=own,
        forecast_date=_days(ctx, 90),
    )

    # --- Hoshino Japan: an overdue safety exchange -------------------------------------------
    hoshino = agreement(
        "hoshino_japan",
        aiko,
        title="PLX-23 Japan Commercialization Agreement",
        effective_date=alliances["hoshino_japan"].effective_date,
        governing_law="Japan",
        term_section="§ 18",
    )
    obligation(
        hoshino,
        aiko,
        title="Annual exchange of safety data (PSUR inputs)",
        section="§ 10.3",
        category=Category.REGULATORY,
        owed_by=Party.JOINT,
        owner=aiko,
        rule=DueRule.FIXED,
        due_on=_days(ctx, -5),
        time_zone="Asia/Tokyo",
    )
    # Last week: one milestone met, one that did not come when forecast (the weekly note).
    milestone(
        hoshino,
        aiko,
        kind="commercial",
        title="Japan annual Net Sales first exceed JPY 10 billion",
        section="§ 9.2(a)",
        definition="The first Fiscal Year in which Net Sales of PLX-23 in Japan exceed "
        "ten billion Japanese yen.",
        sales_threshold=Decimal("10000000000"),
        threshold_currency="JPY",
        amount=Decimal("1500000000"),
        currency="JPY",
        payer=alliances["hoshino_japan"].partners.first(),
        payee=own,
        achieved_on=_days(ctx, -ctx.last_week(2)),
    )
    milestone(
        hoshino,
        aiko,
        kind="regulatory",
        title="PMDA approval of the paediatric indication",
        section="§ 9.1(b)",
        definition="Approval by the MHLW of the paediatric psoriasis indication for PLX-23.",
        amount=Decimal("800000000"),
        currency="JPY",
        payer=alliances["hoshino_japan"].partners.first(),
        payee=own,
        forecast_date=_days(ctx, -ctx.last_week(0)),
    )
    obligation(
        hoshino,
        aiko,
        title="Supply forecast for the next four quarters",
        section="§ 6.2",
        category=Category.SUPPLY,
        owed_by=Party.PARTNER,
        owner=aiko,
        rule=DueRule.RECURRING,
        recur_period="quarter",
        recur_offset_days=15,
        recur_start=_days(ctx, -200),
        holiday_calendar="JP",
        business_days=True,
        time_zone="Asia/Tokyo",
    )

    ctx.notes.append(
        "Contracts: demo register with a KRAS G12D exclusivity conflict (Kestrel vs Quill/Aurelia, "
        "firewalled), a HER3 conflict (Kestrel vs Institut Lumière), unused Aurelia reservations; "
        f"clause texts from {CUAD_CITATION}."
    )
    ctx.objects["contracts"] = {
        "kestrel_adc": adc,
        "kestrel_option": kst,
        "aurelia": aur,
        "polaris_copromo": copromo,
    }


# --- Benchmark scale ------------------------------------------------------------------------
