"""The capability and digital maturity self-assessment, its export and the benchmark import."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accord.core.exceptions import ConflictError
from accord.core.views import confirm_preview

from .. import access, actions, charts, maturity
from ..forms import BenchmarkUploadForm, MaturityCreateForm
from ..models import BenchmarkSet, MaturityAssessment

SIGNING_SALT = "accord.health.benchmark-import"


def _internal(user):
    if not user.is_internal:
        raise PermissionDenied(_("The maturity self-assessment is internal to our company."))


@require_GET
def maturity_list(request):
    _internal(request.user)
    return render(
        request,
        "health/maturity_list.html",
        {
            "assessments": MaturityAssessment.objects.visible_to(request.user),
            "benchmarks": BenchmarkSet.objects.visible_to(request.user).prefetch_related("entries"),
            "can_assess": access.can_assess_maturity(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def maturity_new(request):
    _internal(request.user)
    if not access.can_assess_maturity(request.user):
        raise PermissionDenied(
            _("Only alliance leaders and admins run the maturity self-assessment.")
        )
    form = MaturityCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = actions.assessment_create(actor=request.user, data=form.cleaned_data)
        return redirect("health:maturity_detail", pk=assessment.pk)
    return render(
        request, "health/maturity_new.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def maturity_detail(request, pk):
    assessment = access.get_assessment_for_user(request.user, pk)
    errors = {}
    if request.method == "POST":
        assessment = access.get_assessment_for_user(request.user, pk, write=True)
        answers = {k: v for k, v in request.POST.items() if k in maturity.QUESTION_KEYS}
        try:
            assessment = actions.assessment_answer(
                actor=request.user,
                assessment=assessment,
                answers=answers,
                expected_version=request.POST.get("version") or None,
                complete="complete" in request.POST,
            )
        except ConflictError as error:
            errors = {"__all__": [str(error)]}
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(
                request,
                _("Assessment completed.") if "complete" in request.POST else _("Answers saved."),
            )
            return redirect("health:maturity_detail", pk=assessment.pk)
    benchmark = None
    benchmarks = BenchmarkSet.objects.visible_to(request.user)
    chosen = request.GET.get("benchmark")
    if chosen and chosen.isdigit():
        benchmark = benchmarks.filter(pk=chosen).first()
    benchmark = benchmark or benchmarks.first()
    comparison = (
        maturity.compare(assessment.scores, list(benchmark.entries.all()) if benchmark else [])
        if assessment.scores
        else []
    )
    questions = [
        {
            "key": key,
            "dimension": maturity.DIMENSION_NAMES[dim],
            "text": text,
            "value": request.POST.get(key)
            if request.method == "POST"
            else assessment.answers.get(key),
            "error": "; ".join(errors.get(key, [])),
        }
        for key, dim, text in maturity.QUESTIONS
    ]
    return render(
        request,
        "health/maturity_detail.html",
        {
            "assessment": assessment,
            "questions": questions,
            "errors": errors.get("__all__"),
            "comparison": comparison,
            "chart": charts.maturity_bars(comparison) if comparison else None,
            "benchmarks": benchmarks,
            "benchmark": benchmark,
            "can_edit": access.can_assess_maturity(request.user)
            and assessment.status == MaturityAssessment.Status.DRAFT,
            "scale": range(1, 6),
        },
        status=400 if errors else 200,
    )


@require_GET
def maturity_export(request, pk):
    assessment = access.get_assessment_for_user(request.user, pk)
    if assessment.status != MaturityAssessment.Status.COMPLETED:
        raise PermissionDenied(_("Complete the assessment before exporting it."))
    response = HttpResponse(maturity.export_csv(assessment), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="maturity-{assessment.assessed_on:%Y-%m}.csv"'
    )
    return response


@require_http_methods(["GET", "POST"])
def benchmark_import(request):
    """Upload → preview (nothing saved) → confirm (all rows or none)."""
    _internal(request.user)
    if not access.can_assess_maturity(request.user):
        raise PermissionDenied(_("Only alliance leaders and admins import benchmarks."))
    form = BenchmarkUploadForm(request.POST or None, request.FILES or None)
    preview, errors, token = None, [], ""
    status = 200
    if request.method == "POST" and "confirm" in request.POST:
        benchmark, errors = confirm_preview(
            request,
            SIGNING_SALT,
            lambda payload: actions.benchmark_import(
                actor=request.user,
                name=payload["name"],
                source_name=payload["source"],
                rows=payload["rows"],
            ),
        )
        if errors is None:
            messages.success(
                request,
                _("Imported %(count)s organisations' results.")
                % {"count": benchmark.entries.count()},
            )
            return redirect("health:maturity_list")
        status = 400
        form = BenchmarkUploadForm()
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(maturity.MAX_IMPORT_BYTES + 1)
        parsed = maturity.parse_benchmark(content)
        if parsed.errors:
            errors, status = parsed.errors, 400
        else:
            preview = parsed.rows
            token = signing.dumps(
                {
                    "name": form.cleaned_data["name"],
                    "source": upload.name[:255],
                    "rows": parsed.rows,
                },
                salt=SIGNING_SALT,
                compress=True,
            )
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "health/benchmark_import.html",
        {
            "form": form,
            "preview": preview,
            "errors": errors,
            "payload": token,
        },
        status=status,
    )
