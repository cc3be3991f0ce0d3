"""Spreadsheet rows for the obligation and milestone lists (built by accord.core.exports)."""

OBLIGATION_HEADERS = [
    "Alliance",
    "Agreement",
    "Section",
    "Obligation",
    "Category",
    "Owed by",
    "Owner",
    "Due rule",
    "Due date",
    "Status",
    "Completed on",
    "Evidence",
]
MILESTONE_HEADERS = [
    "Alliance",
    "Agreement",
    "Section",
    "Milestone",
    "Kind",
    "Amount",
    "Currency",
    "Amount status",
    "Payer",
    "Payee",
    "Forecast",
    "Achieved",
    "Invoiced",
    "Invoiced amount",
    "Paid",
    "Paid amount",
    "Paid currency",
    "Status",
]


def obligation_rows(obligations):
    for o in obligations.iterator(chunk_size=2000):
        yield [
            o.alliance.name,
            o.agreement.title if o.agreement_id else "",
            o.section,
            o.title,
            o.get_category_display(),
            o.get_owed_by_display(),
            str(o.owner) if o.owner_id else "",
            o.get_rule_display(),
            o.due_date,
            o.get_status_display(),
            o.completed_on,
            o.evidence,
        ]


def milestone_rows(milestones):
    for m in milestones.iterator(chunk_size=2000):
        yield [
            m.alliance.name,
            m.agreement.title,
            m.section,
            m.title,
            m.get_kind_display(),
            m.amount,
            m.currency,
            m.get_amount_status_display(),
            m.payer.name,
            m.payee.name,
            m.forecast_date,
            m.achieved_on,
            m.invoiced_on,
            m.invoiced_amount,
            m.paid_on,
            m.paid_amount,
            m.paid_currency or m.currency,
            m.get_payment_state_display(),
        ]
