"""Agreement import: upload (read in the background), watch the reading, read the document with
its clauses highlighted, and open a register form prefilled from one clause."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accord.core.generic import calling, perform
from accord.portfolio.access import get_alliance_for_user

from .. import access, actions
from ..forms import UploadForm
from ..importing import document
from ..models import AgreementImport, ImportFinding, sees_register

VALUE_LABELS = {
    "signature_date": gettext_lazy("Agreement date"),
    "effective_date": gettext_lazy("Effective date"),
    "expiry_date": gettext_lazy("Expiry date"),
    "renewal_term_months": gettext_lazy("Renewal term (months)"),
    "renewal_notice_days": gettext_lazy("Notice to stop renewal (days)"),
    "governing_law": gettext_lazy("Governing law"),
}


def get_import_for_user(user, pk, *, write: bool = False) -> AgreementImport:
    agreement_import = get_object_or_404(
        AgreementImport.objects.visible_to(user).select_related("alliance", "file", "agreement"),
        pk=pk,
    )
    get_alliance_for_user(user, agreement_import.alliance_id)  # out of the user's scope: a 404
    if write and not access.can_edit_register(user, agreement_import.alliance):
        raise PermissionDenied(_("You can read this import but not change the register."))
    return agreement_import


def get_finding_for_user(user, pk, *, write: bool = False) -> ImportFinding:
    finding = get_object_or_404(ImportFinding.objects.visible_to(user), pk=pk)
    finding.agreement_import = get_import_for_user(user, finding.agreement_import_id, write=write)
    return finding


@require_http_methods(["GET", "POST"])
def agreement_import(request, pk):
    """Upload an agreement; it is read in the background and the page shows its progress."""
    alliance = get_alliance_for_user(request.user, pk, write=True)
    if not sees_register(request.user):
        raise PermissionDenied(_("The contract register is internal to our company."))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        done = perform(
            request,
            form,
            calling(
                actions.agreement_import_start,
                ("upload", "file"),
                actor=request.user,
                alliance=alliance,
            ),
            success=lambda started: (
                _("“%(file)s” is being read.") % {"file": started.file.original_name}
            ),
            then=lambda started: started,
        )
        if done is not None:
            return done
    imports = AgreementImport.objects.visible_to(request.user).filter(alliance=alliance)
    return render(
        request,
        "contracts/agreement_import.html",
        {
            "alliance": alliance,
            "form": form,
            "imports": imports.select_related("file", "created_by")[:20],
        },
        status=400 if form.errors else 200,
    )


def confirm_url(finding: ImportFinding, agreement_import: AgreementImport, values: dict) -> str:
    """The register form a finding opens, prefilled, remembering the finding."""
    alliance = agreement_import.alliance_id
    if finding.target == "agreement":
        query = [(k, v) for k, v in values.items() if k != "parties"]
        query += [("parties", p) for p in values.get("parties", [])]
        base = reverse("contracts:agreement_create", args=[alliance])
    else:
        query = list(finding.prefill.items())
        if agreement_import.agreement_id:
            query.append(("agreement", agreement_import.agreement_id))
        base = reverse("contracts:entry_create", args=[alliance, finding.target])
    return f"{base}?{urlencode([*query, ('finding', finding.pk)])}"


@require_GET
def import_detail(request, pk):
    agreement_import = get_import_for_user(request.user, pk)
    findings = list(agreement_import.findings.all())
    chosen = request.GET.get("category", "")
    categories = sorted({f.category for f in findings})
    if chosen and chosen not in categories:
        chosen = ""
    shown = [f for f in findings if not chosen or f.category == chosen]
    values, how = document.agreement_values(agreement_import.file.original_name, findings)
    can_edit = access.can_edit_register(request.user, agreement_import.alliance)
    groups: dict = {}
    for f in shown:
        # A target this version does not know (stored by another) becomes a note, not an error.
        target = f.target if f.target in document.TARGETS else "note"
        f.confirm_url = (
            confirm_url(f, agreement_import, values)
            if can_edit and target != "note" and not f.confirmed_id
            else ""
        )
        groups.setdefault((target, document.TARGETS[target]), {}).setdefault(f.category, []).append(
            f
        )
    confirmed = {
        (f.confirmed_type_id, f.confirmed_id): f for f in findings if f.confirmed_id is not None
    }
    return render(
        request,
        "contracts/import_detail.html",
        {
            "alliance": agreement_import.alliance,
            "imp": agreement_import,
            "findings": shown,
            "groups": groups,
            "categories": categories,
            "chosen": chosen,
            "document": document.highlighted(agreement_import.text, shown),
            "values": [
                (label, values[key], how.get(key, ""))
                for key, label in VALUE_LABELS.items()
                if key in values
            ],
            "confirmed_count": len(confirmed),
            "new_parties": [n for f in findings for n in f.prefill.get("new", [])],
            "can_edit": can_edit,
        },
    )


@require_GET
def import_progress(request, pk):
    agreement_import = get_import_for_user(request.user, pk)
    response = render(request, "contracts/_import_progress.html", {"imp": agreement_import})
    if not agreement_import.running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # the reading ended: show the document
    return response


def finding_for_form(request, alliance):
    """The finding a register form was opened from (`?finding=`), or None; it must be of this
    alliance, still unconfirmed, and the user must be able to write."""
    raw = request.GET.get("finding", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("No such clause.")
    finding = get_finding_for_user(request.user, int(raw))
    if finding.agreement_import.alliance_id != alliance.pk:
        raise Http404("No such clause.")
    return get_finding_for_user(request.user, finding.pk, write=True)


def confirmed_message(request, finding, entry) -> None:
    if finding is not None:
        messages.info(
            request,
            _("Linked to its clause (%(category)s) in the imported text.")
            % {"category": finding.category},
        )
