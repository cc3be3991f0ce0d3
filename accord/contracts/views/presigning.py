"""Pre-signing review pages: upload a draft agreement and its plans, then read the findings
side by side (the plan's passage beside the agreement's)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.generic import calling, perform
from accord.portfolio.access import get_alliance_for_user

from .. import access, actions
from ..forms import DismissForm, PresigningForm
from ..models import FindingKind, PresigningFinding, PresigningReview, sees_register


def get_review_for_user(user, pk, *, write: bool = False) -> PresigningReview:
    review = get_object_or_404(
        PresigningReview.objects.visible_to(user).select_related(
            "alliance", "program", "created_by"
        ),
        pk=pk,
    )
    if write and not access.can_edit_register(user, review.alliance):
        raise PermissionDenied(_("You can read this review but not change it."))
    return review


@require_http_methods(["GET", "POST"])
def presigning_create(request, pk):
    alliance = get_alliance_for_user(request.user, pk, write=True)
    if not sees_register(request.user):
        raise PermissionDenied(_("Pre-signing reviews are internal to our company."))
    form = PresigningForm(
        request.POST or None, request.FILES or None, alliance=alliance, user=request.user
    )
    if request.method == "POST":
        done = perform(
            request,
            form,
            calling(
                actions.presigning_review_start,
                ("agreement_file", "agreement"),
                ("plan_files", "plans"),
                "program",
                "title",
                actor=request.user,
                alliance=alliance,
            ),
            success=lambda review: (
                _("“%(review)s” is being read; the findings appear here.") % {"review": review}
            ),
            then=lambda review: review,
        )
        if done is not None:
            return done
    reviews = PresigningReview.objects.visible_to(request.user).filter(alliance=alliance)
    return render(
        request,
        "contracts/presigning_form.html",
        {"alliance": alliance, "form": form, "reviews": reviews.select_related("created_by")[:20]},
        status=400 if form.errors else 200,
    )


@require_GET
def presigning_detail(request, pk):
    review = get_review_for_user(request.user, pk)
    kind = request.GET.get("kind", "")
    kinds = dict(FindingKind.choices)
    if kind and kind not in kinds:
        kind = ""
        messages.error(request, _("Kind: not a kind of finding; showing all of them."))
    counts = dict(
        review.findings.open().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    findings = review.findings.select_related(
        "plan_document__file", "other_document__file", "dismissed_by"
    ).order_by("dismissed_at", "pk")
    if kind:
        findings = findings.filter(kind=kind)
    groups = []
    for value, label in FindingKind.choices:
        items = [f for f in findings if f.kind == value]
        if items:
            groups.append({"kind": value, "label": label, "findings": items})
    can_edit = access.can_edit_register(request.user, review.alliance)
    return render(
        request,
        "contracts/presigning_detail.html",
        {
            "review": review,
            "alliance": review.alliance,
            "documents": review.documents.select_related("file"),
            "kinds": [
                {"value": v, "label": label, "count": counts.get(v, 0)}
                for v, label in FindingKind.choices
            ],
            "total": sum(counts.values()),
            "dismissed": review.findings.filter(~Q(dismissed_at=None)).count(),
            "kind": kind,
            "groups": groups,
            "can_edit": can_edit,
            "dismiss_form": DismissForm() if can_edit else None,
        },
    )


@require_POST
def presigning_finding_dismiss(request, pk):
    finding = get_object_or_404(
        PresigningFinding.objects.visible_to(request.user).select_related("review__alliance"),
        pk=pk,
    )
    review = get_review_for_user(request.user, finding.review_id, write=True)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            actions.presigning_finding_dismiss(
                actor=request.user, finding=finding, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, _("Reason: %(errors)s") % {"errors": "; ".join(error.messages)})
        else:
            messages.success(request, _("“%(term)s” dismissed.") % {"term": finding.term})
    else:
        messages.error(
            request,
            _("Reason: %(errors)s") % {"errors": "; ".join(form.errors.get("reason", []))},
        )
    return redirect(review)
