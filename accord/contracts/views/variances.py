"""Agreed workarounds: the variance list (with its "about to expire" filter), a variance's page
with each side's signature, and proposing, changing, withdrawing and formalising one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.forms import add_errors
from accord.core.generic import (
    Entity,
    attempt_on,
    calling,
    create_page,
    detail_view,
    filter_results,
    list_page,
)
from accord.core.models import AuditEvent
from accord.people import reauth, signatures
from accord.portfolio.access import get_alliance_for_user

from .. import access, actions
from ..actions import variances as rules
from ..filters import VarianceFilter
from ..forms import VarianceForm, VarianceFormaliseForm, VarianceSignForm, VarianceWithdrawForm
from ..models import Obligation, Variance, VarianceState
from .register import register_edit

VARIANCE = Entity("variance", VarianceForm, access, actions, label=gettext_lazy("variance"))


@require_GET
def variance_list(request):
    queryset = (
        Variance.objects.visible_to(request.user)
        .select_related("alliance", "obligation", "agreement")
        .order_by("ends_on", "pk")
    )
    today = timezone.localdate()

    def expiring(page):
        shown = [v.pk for v in page.object_list]
        ids = Variance.objects.expiring(today).filter(pk__in=shown).values_list("pk", flat=True)
        return {"today": today, "expiring_ids": set(ids)}

    found = filter_results(request, queryset, VarianceFilter)
    template, partial = "contracts/variance_list.html", "contracts/_variance_results.html"
    return list_page(request, found, template, partial, expiring)


@require_http_methods(["GET", "POST"])
def variance_create(request, pk):
    alliance = get_alliance_for_user(request.user, pk, write=True)
    if not access.may_keep_registers(request.user):
        raise PermissionDenied(_("Variances are proposed by the people who keep the register."))
    initial = {}
    obligation_id = request.GET.get("obligation", "")
    if obligation_id.isdigit():
        obligation = (
            Obligation.objects.visible_to(request.user)
            .filter(alliance=alliance, pk=obligation_id)
            .first()
        )
        if obligation is not None:
            initial = {
                "obligation": obligation,
                "title": _("Variance: %(title)s") % {"title": obligation.title},
                "section": obligation.section,
            }
    form = VARIANCE.bound_form(request, alliance=alliance, initial=initial)
    return create_page(
        request,
        VARIANCE,
        alliance,
        "contracts/entry_form.html",
        context={"alliance": alliance, "what": VARIANCE.label},
        success=lambda v: _("Variance “%(v)s” proposed: each side now signs it.") % {"v": v},
        form=form,
        conflict_key="conflict",
    )


@require_http_methods(["GET", "POST"])
def variance_edit(request, pk):
    variance = VARIANCE.get(request.user, pk, write=True)
    return register_edit(request, VARIANCE, variance, success=_("Variance saved."))


def _page(request, variance, forms=None, status=200):
    user = request.user
    forms = forms or {}
    sides = rules.signed_sides(variance)
    can_edit = access.can_edit_register(user, variance.alliance)
    context = {
        "alliance": variance.alliance,
        "variance": variance,
        "today": timezone.localdate(),
        "active": variance.is_active(),
        "expiring": variance.is_expiring(),
        "our_signature": sides.get(rules.US),
        "partner_signature": sides.get(rules.PARTNER),
        "can_edit": can_edit,
        "internal": user.is_internal,
        "may_sign": variance.state == VarianceState.PROPOSED
        and rules.side_of(user) not in sides
        and rules.may_sign(user, variance),
        "sign_form": forms.get("sign") or VarianceSignForm(),
        "withdraw_form": forms.get("withdraw") or VarianceWithdrawForm(),
        "formalise_form": forms.get("formalise") or VarianceFormaliseForm(variance=variance),
        "signature_history": signatures.history(variance, rules.SIGNED),
        "history": AuditEvent.objects.for_object(variance).visible_to(user)[:20]
        if user.is_internal
        else [],
    }
    return render(request, "contracts/variance_detail.html", context, status=status)


variance_detail = detail_view(access.get_variance_for_user, _page)


@require_POST
def variance_sign(request, pk):
    variance = access.get_variance_for_user(request.user, pk)
    if not rules.may_sign(request.user, variance):
        raise PermissionDenied(_("You do not sign this alliance's variances."))
    form = VarianceSignForm(request.POST)
    if form.is_valid():
        try:
            actions.variance_sign(
                actor=request.user,
                variance=variance,
                **reauth.proof(request, form.cleaned_data),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            variance.refresh_from_db()
            if variance.state == VarianceState.APPROVED:
                messages.success(request, _("Signed. Both sides have approved: it is in force."))
            else:
                messages.success(request, _("Signed. It waits for the other side's signature."))
            return redirect(variance)
    return _page(request, variance, {"sign": form}, status=400)


@require_POST
def variance_withdraw(request, pk):
    variance = access.get_variance_for_user(request.user, pk, write=True)
    form = VarianceWithdrawForm(request.POST)
    do = calling(actions.variance_withdraw, "reason", actor=request.user, variance=variance)
    return attempt_on(request, _page, variance, "withdraw", form, do, _("Variance withdrawn."))


@require_POST
def variance_formalise(request, pk):
    variance = access.get_variance_for_user(request.user, pk, write=True)
    form = VarianceFormaliseForm(request.POST, variance=variance)
    do = calling(
        actions.variance_formalise, "amendment", "reason", actor=request.user, variance=variance
    )
    success = _("Recorded as formalised by the amendment.")
    return attempt_on(request, _page, variance, "formalise", form, do, success)
