from django import template
from django.utils.html import format_html

from ..models import PaymentStatus, Status

register = template.Library()

STATUS_CLASSES = {
    Status.OVERDUE: "status-over",
    Status.DUE: "status-near",
    Status.UPCOMING: "status-near",
    Status.COMPLETED: "status-ok",
    Status.IN_DISPUTE: "status-over",
    PaymentStatus.PAID: "status-ok",
    PaymentStatus.DISPUTED: "status-over",
    PaymentStatus.INVOICED: "status-near",
}


# Each status's label (lazy: in the reader's language), an obligation's before a payment's.
LABELS = {**dict(PaymentStatus.choices), **dict(Status.choices)}


@register.simple_tag
def status_badge(status: str, label: str = ""):
    label = label or LABELS[status]
    return format_html(
        '<span class="badge {} st-{}">{}</span>', STATUS_CLASSES.get(status, ""), status, label
    )
