"""Builders for the contract register. Behaviour tests go through the actions; these build the
world they run in (still through the actions, so stored due dates and scope rows are right)."""

import datetime as dt

from accord.contracts import actions
from accord.contracts.models import AgreementKind, Party


def agreement(alliance, *, actor=None, **data):
    values = {
        "kind": AgreementKind.MASTER,
        "title": f"{alliance.name} agreement",
        "effective_date": dt.date(2024, 1, 15),
        "governing_law": "New York",
        "term_section": "§ 14.1",
    }
    values.update(data)
    parties = values.pop("parties", list(alliance.partners.all()))
    values["parties"] = parties
    return actions.agreement_create(actor=actor, alliance=alliance, data=values)


def obligation(agreement, *, actor=None, **data):
    values = {
        "agreement": agreement,
        "title": "Annual diligence report",
        "section": "§ 5.3",
        "category": "reporting",
        "rule": "fixed",
        "due_on": dt.date(2026, 12, 1),
    }
    values.update(data)
    return actions.obligation_create(actor=actor, alliance=agreement.alliance, data=values)


def restriction(agreement, *, actor=None, territories=(), **data):
    values = {
        "agreement": agreement,
        "kind": "exclusivity",
        "bound": Party.US,
        "title": "Exclusivity",
        "section": "§ 2.6",
        "targets": "KRAS G12D",
        "fields": "Oncology",
        "starts_on": agreement.effective_date,
        "territories": list(territories),
    }
    values.update(data)
    return actions.restriction_create(actor=actor, alliance=agreement.alliance, data=values)


def right(agreement, *, actor=None, territories=(), **data):
    values = {
        "agreement": agreement,
        "kind": "option",
        "holder": Party.US,
        "title": "Option",
        "section": "§ 3.1",
        "targets": "CDH6",
        "window_opens": agreement.effective_date,
        "window_closes": dt.date(2027, 6, 30),
        "territories": list(territories),
    }
    values.update(data)
    return actions.right_create(actor=actor, alliance=agreement.alliance, data=values)


def milestone(agreement, *, actor=None, **data):
    partner = agreement.alliance.partners.first()
    from accord.portfolio.models import Company

    values = {
        "agreement": agreement,
        "kind": "development",
        "title": "First patient dosed in Phase 2",
        "definition": "Dosing of the first patient in the first Phase 2 Trial of a Licensed Product.",
        "section": "§ 8.2(a)",
        "amount": "25000000",
        "currency": "USD",
        "payer": Company.objects.own(),
        "payee": partner,
    }
    values.update(data)
    return actions.milestone_create(actor=actor, alliance=agreement.alliance, data=values)


def variance(obligation, *, actor=None, **data):
    values = {
        "obligation": obligation,
        "title": f"Variance: {obligation.title}",
        "instead": "The report is sent by e-mail within 60 days instead of 30.",
        "reason": "The partner's new system is not live yet.",
        "starts_on": dt.date(2026, 1, 1),
        "ends_on": dt.date(2026, 12, 31),
        "revisit_on": dt.date(2026, 12, 1),
    }
    values.update(data)
    return actions.variance_create(actor=actor, alliance=obligation.alliance, data=values)
