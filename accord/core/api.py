"""Shared API plumbing: pagination, strict filtering and error responses."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, pagination, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accord.core import scoping

from .exceptions import ConflictError, DeleteBlocked
from .filtering import drop_blank

# Query parameters that are not filters but are understood by every list endpoint.
RESERVED_PARAMS = {"page", "page_size", "format"}


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        """A page size that is not a whole number from 1 to the maximum is a 400 naming it,
        not silently the default (a script asking for 10,000 rows would think it had them all)."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = None
        if size is None or not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max_page_size)s.")
                        % {"max_page_size": self.max_page_size}
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            elif parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


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


def blocked_delete_message(exc) -> str:
    """Which records still refer to the one being deleted, by kind and count."""
    blocking = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    counts: dict[str, int] = {}
    for obj in blocking:
        label = str(obj._meta.verbose_name_plural)
        counts[label] = counts.get(label, 0) + 1
    listed = ", ".join(f"{count} {label}" for label, count in sorted(counts.items()))
    return f"This record cannot be deleted while other records refer to it ({listed})."


def exception_handler(exc, context):
    """Every error is one JSON object (the `Error` schema): `detail` for the request as a whole,
    one list of messages per field for bad input, `current_version` with a version conflict."""
    if isinstance(exc, DeleteBlocked):
        detail = django_validation_error_detail(exc)
        first = next(iter(detail.values()))[0]
        return Response({"detail": first, **detail}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_validation_error_detail(exc))
    elif isinstance(exc, ConflictError):
        return Response(
            {"detail": str(exc), "current_version": exc.current_version},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": blocked_delete_message(exc)}, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # `ValidationError("…")` without a field: the same object as every other error.
        response.data = {"non_field_errors": response.data}
    request = context.get("request")
    if response is not None and request is not None:
        # An error is JSON even from an operation that answers with a PDF or a DOCX.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = "application/json"
    return response


ERROR_STATUSES = {
    "400": "Bad input: one list of messages per field named (query parameter or body field), "
    "`non_field_errors` for the request as a whole.",
    "401": "No credentials, or a token that is invalid, expired or revoked.",
    "403": "Signed in but not allowed: the record is read-only for you, the token is read-only "
    "or limited to other alliances, or multi-factor enrolment is required.",
    "404": "No such record, or one outside your scope.",
    "409": "Conflict: the record changed since you read it (`current_version`), or it cannot be "
    "deleted while other records refer to it.",
    "429": "Too many requests: wait the number of seconds in `Retry-After`.",
}
UNSAFE = {"post", "put", "patch", "delete"}

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Every error answer. `detail` explains an error about the request as a whole; bad input "
        "names each field (or query parameter) with its messages."
    ),
    "properties": {
        "detail": {"type": "string"},
        "current_version": {
            "type": "integer",
            "description": "With a 409 version conflict: the version now stored.",
        },
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": {
        "description": "The messages for the field of that name (nested for nested input).",
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "object"},
            {"type": "string"},
        ],
    },
}


def document_errors(result, generator, request, public):
    """Every operation documents the error answers it can give, all with the one `Error`
    schema (shared responses under components/responses), 429 with its Retry-After header."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    shared = components.setdefault("responses", {})
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for code, description in ERROR_STATUSES.items():
        shared[f"Error{code}"] = {"description": description, "content": reference}
    shared["Error429"]["headers"] = {
        "Retry-After": {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "integer"},
        }
    }
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", *UNSAFE}:
                continue
            responses = operation.setdefault("responses", {})
            for code in ERROR_STATUSES:
                if code == "409" and method not in UNSAFE:
                    continue
                responses[code] = {"$ref": f"#/components/responses/Error{code}"}
    return result


def visible_or_missing(record, context):
    """A related record named in a payload, if the request's user may see it; otherwise the
    error of an id that does not exist (an out-of-scope record must not be told from a
    missing one)."""
    if record is None:
        return record
    user = scoping.request_user(context)
    visible = scoping.scoped(type(record)._default_manager.all(), user)
    if not visible.filter(pk=record.pk).exists():
        raise serializers.ValidationError(
            _('Invalid pk "%(pk)s" - object does not exist.') % {"pk": record.pk}
        )
    return record


VERSION_HELP = "On update: the version you read. A stale version answers 409 Conflict."


def entry_fields(*fields: str) -> list[str]:
    """The fields of an alliance entry over the API: its id and alliance, then `fields`, then
    the version a client sends back and when it was made and last changed."""
    return ["id", "alliance", *fields, "version", "created_at", "updated_at"]


def optional_id(queryset, **kwargs):
    """The id of a related record that may be left out or null (`queryset`: where it is
    looked up; the serializer narrows it to the user's scope)."""
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, required=False, allow_null=True, **kwargs
    )


def version_field(**kwargs):
    """The version a client read, sent back with an update (optimistic locking)."""
    return serializers.IntegerField(
        **{"required": False, "min_value": 1, "help_text": VERSION_HELP, **kwargs}
    )


class ReasonSerializer(scoping.Serializer):
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
