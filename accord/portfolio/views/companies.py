from functools import partial

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accord.core.generic import (
    Entity,
    action_data,
    delete_view,
    edit_view,
    filter_results,
    form_view,
    render_form,
)
from accord.core.views import list_export, paginate, render_list

from .. import access, actions, exports
from ..filters import CompanyFilter
from ..forms import CompanyForm, DeleteForm
from ..models import Alliance, AlliancePartner, Company


def _own_company_name() -> str:
    return (
        Company.objects.filter(kind=Company.Kind.OWN).values_list("name", flat=True).first() or ""
    )


def own_company_in_frame(request) -> str:
    """The own company's name on every page (accord.core.context_processors): cached, since it
    changes perhaps once in a deployment's life."""
    return cache.get_or_set(actions.companies.OWN_NAME_KEY, _own_company_name, 300)


def _visible_alliance_count(user):
    visible = Alliance.objects.visible_to(user).values("pk")
    return Count("alliance_links", filter=Q(alliance_links__alliance__in=visible), distinct=True)


def _companies(request):
    """(filterset, results, status) for the partners list and its export: the same scope, filter
    and order (400 and nothing on a bad filter)."""
    companies = (
        Company.objects.visible_to(request.user)
        .select_related("headquarters")
        .annotate(
            alliance_count=_visible_alliance_count(request.user),
        )
    )
    filterset, results, status = filter_results(request, companies, CompanyFilter)
    return filterset, results.order_by("kind", "name") if status == 200 else results, status


@require_GET
def company_list(request):
    filterset, results, status = _companies(request)
    page = paginate(request, results)
    context = {
        "filter": filterset,
        "page": page,
        "can_create": access.can_edit_company(request.user),
    }
    return render_list(
        request,
        "portfolio/company_list.html",
        "portfolio/_company_results.html",
        context,
        status=status,
    )


@require_GET
def company_export(request):
    return list_export(
        request,
        _companies(request),
        "portfolio/company_list.html",
        sheet=("partners.xlsx", _("Partners"), exports.COMPANY_HEADERS, exports.company_rows),
    )


@require_GET
def company_detail(request, pk):
    company = access.get_company_for_user(request.user, pk)
    alliances = (
        Alliance.objects.visible_to(request.user)
        .filter(Exists(AlliancePartner.objects.filter(alliance=OuterRef("pk"), company=company)))
        .with_list_data(request.user)
    )
    people = company.people.filter(is_active=True)
    if request.user.is_partner:
        from accord.people.models import User

        people = people.filter(pk__in=User.objects.visible_to(request.user).values("pk"))
    context = {
        "company": company,
        "alliances": alliances,
        "people": people,
        "can_edit": access.can_edit_company(request.user),
    }
    return render(request, "portfolio/company_detail.html", context)


@require_http_methods(["GET", "POST"])
def company_create(request):
    if not access.can_edit_company(request.user):
        raise PermissionDenied(_("You cannot add companies."))
    form = CompanyForm(request.POST or None)
    return form_view(
        request,
        form,
        lambda data: actions.company_create(
            actor=request.user, data={**action_data(form), "kind": Company.Kind.PARTNER}
        ),
        success=lambda company: _("Partner “%(company)s” added.") % {"company": company},
        then=lambda company: company,
        page=partial(render_form, request, "portfolio/company_form.html", {}),
    )


COMPANY = Entity("company", CompanyForm, access, actions, form_scope=())

company_edit = edit_view(COMPANY, "portfolio/company_form.html")


company_delete = delete_view(
    COMPANY,
    form_class=DeleteForm,
    then=lambda company: reverse("portfolio:company_list"),
    allowed=access.may_manage_portfolio,
    refused=gettext_lazy("Only alliance leaders and admins delete companies."),
    success=lambda company: f"“{company}” deleted.",
)
