"""Shared API plumbing: pagination, strict filtering and error responses."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, pagination, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import ConflictError
from .filtering import drop_blank

# Query parameters that are not filters but are understood by every list endpoint.
RESERVED_PARAMS = {"page", "page_size", "format"}


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class StrictFilterBackend(DjangoFilterBackend):
    """Reject unknown or invalid filters with a 400 naming the parameter.

    Silently ignoring a misspelt filter returns the unfiltered list, which a script would take
    for an answer.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known = set(filterset_class.base_filters) | RESERVED_PARAMS
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                raise exceptions.ValidationError(
                    {
                        name: [
                            f"Unknown filter. Known filters: {', '.join(sorted(known - RESERVED_PARAMS))}."
                        ]
                        for name in unknown
                    }
                )
        return super().filter_queryset(request, queryset, view)

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["data"] = drop_blank(request.query_params)
        return kwargs


def django_validation_error_detail(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_validation_error_detail(exc))
    elif isinstance(exc, ConflictError):
        return Response(
            {"detail": str(exc), "current_version": exc.current_version},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class ReasonSerializer(serializers.Serializer):
    """Why a record is changed or deleted: recorded in the audit trail."""

    reason = serializers.CharField(min_length=5, max_length=2000)


def reason_from(request) -> str:
    """DELETE takes its reason from the body or, for clients that cannot send one, the query."""
    data = request.data if hasattr(request.data, "get") else {}
    serializer = ReasonSerializer(
        data={"reason": data.get("reason") or request.query_params.get("reason", "")}
    )
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data["reason"]


REASON_PARAMETER = OpenApiParameter(
    "reason",
    str,
    OpenApiParameter.QUERY,
    required=True,
    description="Why the record is deleted (recorded in the audit trail).",
)


def polymorphic_views_any_of(result, generator, request, public):
    """A response that is one of several views (e.g. the partner's narrower view of an
    alliance) is `anyOf`, not `oneOf`: the full view also satisfies the narrower one, and
    `oneOf` would make every full response invalid."""
    for component in result.get("components", {}).get("schemas", {}).values():
        if "oneOf" in component and "discriminator" not in component:
            component["anyOf"] = component.pop("oneOf")
    return result
