"""API: meetings, their agenda, attendance and minutes (with the co-chairs' approval)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accord.core import scoping
from accord.core.viewsets import ListRetrieveCreateUpdateViewSet, through

from .. import access, actions
from ..actions.meetings import AGENDA_FIELDS, MEETING_DETAIL_FIELDS
from ..filters import MeetingFilter
from ..models import AgendaItem, Attendance, Meeting, Minutes, MinutesAmendment, MinutesSignature
from .common import (
    ReasonSerializer,
    ThroughAccess,
    body_field,
    is_write,
    payload,
    person_field,
    require,
    version_field,
)


class MeetingSerializer(scoping.ModelSerializer):
    committee = body_field(help_text="The body that meets.")
    alliance = serializers.IntegerField(source="alliance_id", read_only=True)
    minutes_status = serializers.CharField(source="minutes.status", read_only=True)
    version = version_field()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "alliance",
            *MEETING_DETAIL_FIELDS,
            "minutes_status",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "cancel_reason", "created_at", "updated_at"]
        extra_kwargs = {"title": {"required": False}}


class AgendaItemSerializer(scoping.ModelSerializer):
    presenter = person_field(required=False, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            *AGENDA_FIELDS,
            "action",
            "decision",
            "issue",
            "previous_meeting",
        ]
        read_only_fields = [
            "id",
            "position",
            "kind",
            "action",
            "decision",
            "issue",
            "previous_meeting",
        ]


class AgendaOrderSerializer(scoping.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every agenda item id, in the new order."
    )


class AttendanceSerializer(scoping.ModelSerializer):
    name = serializers.CharField(source="user.__str__", read_only=True)
    company = serializers.CharField(source="company.name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["user", "name", "company", "role", "attended"]
        read_only_fields = fields


class AttendedSerializer(scoping.Serializer):
    attended = serializers.ListField(
        child=serializers.IntegerField(), help_text="User ids of the people present."
    )


class GuestSerializer(scoping.Serializer):
    user = person_field()


class MinutesSignatureSerializer(scoping.ModelSerializer):
    company = serializers.CharField(source="company.name", read_only=True)

    class Meta:
        model = MinutesSignature
        fields = [
            "signer",
            "signer_label",
            "company",
            "meaning",
            "signed_at",
            "content_sha256",
            "method",
        ]
        read_only_fields = fields


class AmendmentSerializer(scoping.ModelSerializer):
    class Meta:
        model = MinutesAmendment
        fields = ["actor_label", "at", "reason", "previous_text", "new_text"]
        read_only_fields = fields


class MinutesSerializer(scoping.ModelSerializer):
    signatures = MinutesSignatureSerializer(many=True, read_only=True)
    amendments = AmendmentSerializer(many=True, read_only=True)
    version = version_field()

    class Meta:
        model = Minutes
        fields = [
            "text",
            "status",
            "submitted_at",
            "approved_at",
            "signatures",
            "amendments",
            "version",
        ]
        read_only_fields = ["status", "submitted_at", "approved_at"]


class ApproveSerializer(scoping.Serializer):
    password = serializers.CharField(
        write_only=True, help_text="Your password: approving is a signature."
    )
    otp_code = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Your authenticator code, required when you have enrolled one.",
    )
    meaning = serializers.CharField(required=False, max_length=300, default=actions.DEFAULT_MEANING)


class AmendSerializer(scoping.Serializer):
    text = serializers.CharField()
    reason = serializers.CharField(min_length=5, max_length=2000)


FIXED_AT_SCHEDULING = "This is chosen when the meeting is scheduled."


@through(access, actions, "meeting")
class MeetingViewSet(ThroughAccess, ListRetrieveCreateUpdateViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    # "delete" only reaches remove_agenda_item: there is no destroy, so DELETE on a meeting is 405.
    http_method_names = ["get", "post", "patch", "delete"]
    parent = "committee"
    moved_message = [FIXED_AT_SCHEDULING]
    create_action = staticmethod(actions.meeting_schedule)
    reread = True

    def get_queryset(self):
        return (
            Meeting.objects.visible_to(self.request.user)
            .select_related("minutes")
            .order_by("-starts_at", "pk")
        )

    def _meeting(self, pk, *, write=False):
        return access.get_meeting_for_user(self.request.user, pk, write=write)

    def writable_parent(self, user, committee):
        require(
            access.can_manage(user, committee.alliance),
            "Only the people who run this alliance schedule its meetings.",
        )
        return committee

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.fresh(serializer.instance)

    def update_entry(self, meeting, data, expected):
        if "is_internal" in data and data.pop("is_internal") != meeting.is_internal:
            raise serializers.ValidationError({"is_internal": [FIXED_AT_SCHEDULING]})
        return super().update_entry(meeting, data, expected)

    # --- Agenda ---

    @extend_schema(methods=["GET"], responses=AgendaItemSerializer(many=True), filters=False)
    @extend_schema(methods=["POST"], request=AgendaItemSerializer, responses=AgendaItemSerializer)
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def agenda(self, request, pk=None):
        meeting = self._meeting(pk)
        if request.method == "GET":
            items = (
                AgendaItem.objects.visible_to(request.user)
                .filter(meeting=meeting)
                .order_by("position", "pk")
            )
            return Response(AgendaItemSerializer(items, many=True).data)
        require(
            access.can_contribute(request.user, meeting.alliance),
            "Only members of this alliance's bodies add agenda items.",
        )
        data = payload(AgendaItemSerializer, request)
        item = actions.agenda_item_add(actor=request.user, meeting=meeting, data=data)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AgendaItemSerializer(many=True))
    @action(
        detail=True,
        methods=["post"],
        url_path="agenda/build",
        filterset_class=None,
        pagination_class=None,
    )
    def build_agenda(self, request, pk=None):
        """Carry over pending decisions, issues at this body, open actions and unapproved minutes."""
        meeting = self._meeting(pk, write=True)
        actions.agenda_build(actor=request.user, meeting=meeting)
        items = (
            AgendaItem.objects.visible_to(request.user)
            .filter(meeting=meeting)
            .order_by("position", "pk")
        )
        return Response(AgendaItemSerializer(items, many=True).data)

    @extend_schema(request=AgendaOrderSerializer, responses=AgendaItemSerializer(many=True))
    @action(
        detail=True,
        methods=["post"],
        url_path="agenda/order",
        filterset_class=None,
        pagination_class=None,
    )
    def order_agenda(self, request, pk=None):
        meeting = self._meeting(pk, write=True)
        data = payload(AgendaOrderSerializer, request)
        items = actions.agenda_reorder(actor=request.user, meeting=meeting, order=data["order"])
        return Response(AgendaItemSerializer(items, many=True).data)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True, methods=["delete"], url_path=r"agenda/(?P<item_pk>\d+)", filterset_class=None
    )
    def remove_agenda_item(self, request, pk=None, item_pk=None):
        meeting = self._meeting(pk, write=True)
        item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
        actions.agenda_item_remove(actor=request.user, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- Attendance ---

    @extend_schema(methods=["GET"], responses=AttendanceSerializer(many=True), filters=False)
    @extend_schema(
        methods=["POST"],
        request=AttendedSerializer,
        responses=AttendanceSerializer(many=True),
        description="Correct who attended a held meeting.",
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def attendance(self, request, pk=None):
        meeting = self._meeting(pk, write=is_write(request))
        if request.method == "POST":
            data = payload(AttendedSerializer, request)
            actions.attendance_record(
                actor=request.user, meeting=meeting, attended=data["attended"]
            )
        rows = meeting.attendance.select_related("user", "company")
        return Response(AttendanceSerializer(rows, many=True).data)

    @extend_schema(request=GuestSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def guests(self, request, pk=None):
        meeting = self._meeting(pk, write=True)
        data = payload(GuestSerializer, request)
        row = actions.attendance_add_guest(actor=request.user, meeting=meeting, user=data["user"])
        return Response(AttendanceSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendedSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def held(self, request, pk=None):
        """The meeting took place: record who attended."""
        meeting = self._meeting(pk, write=True)
        data = payload(AttendedSerializer, request)
        actions.meeting_mark_held(actor=request.user, meeting=meeting, attended=data["attended"])
        return self.respond(meeting)

    @extend_schema(request=ReasonSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def cancel(self, request, pk=None):
        meeting = self._meeting(pk, write=True)
        data = payload(ReasonSerializer, request)
        actions.meeting_cancel(actor=request.user, meeting=meeting, reason=data["reason"])
        return self.respond(meeting)

    # --- Minutes ---

    def _minutes_response(self, meeting):
        return Response(MinutesSerializer(Minutes.objects.get(meeting=meeting)).data)

    @extend_schema(methods=["GET"], responses=MinutesSerializer, filters=False)
    @extend_schema(
        methods=["PATCH"],
        request=MinutesSerializer,
        responses=MinutesSerializer,
        description="Edit draft minutes.",
    )
    @action(detail=True, methods=["get", "patch"], filterset_class=None)
    def minutes(self, request, pk=None):
        meeting = self._meeting(pk, write=is_write(request))
        if request.method == "PATCH":
            data = payload(MinutesSerializer, request, partial=True)
            actions.minutes_save(
                actor=request.user,
                minutes=meeting.minutes,
                text=data.get("text", meeting.minutes.text),
                expected_version=data.get("version"),
            )
        return self._minutes_response(meeting)

    @extend_schema(request=None, responses=MinutesSerializer)
    @action(detail=True, methods=["post"], url_path="minutes/submit", filterset_class=None)
    def submit_minutes(self, request, pk=None):
        meeting = self._meeting(pk, write=True)
        actions.minutes_submit(actor=request.user, minutes=meeting.minutes)
        return self._minutes_response(meeting)

    @extend_schema(request=ReasonSerializer, responses=MinutesSerializer)
    @action(detail=True, methods=["post"], url_path="minutes/return", filterset_class=None)
    def return_minutes(self, request, pk=None):
        meeting = self._meeting(pk, write=True)
        data = payload(ReasonSerializer, request)
        actions.minutes_return(actor=request.user, minutes=meeting.minutes, reason=data["reason"])
        return self._minutes_response(meeting)

    @extend_schema(
        request=ApproveSerializer,
        responses=MinutesSerializer,
        description="A co-chair approves minutes awaiting approval, re-entering their password.",
    )
    @action(detail=True, methods=["post"], url_path="minutes/approve", filterset_class=None)
    def approve_minutes(self, request, pk=None):
        meeting = self._meeting(pk)
        require(
            access.is_co_chair(request.user, meeting.committee),
            f"Only a co-chair of {meeting.committee} approves its minutes.",
        )
        data = payload(ApproveSerializer, request)
        actions.minutes_approve(
            actor=request.user,
            minutes=meeting.minutes,
            password=data["password"],
            otp_code=data.get("otp_code", ""),
            meaning=data["meaning"],
        )
        return self._minutes_response(meeting)

    @extend_schema(request=AmendSerializer, responses=MinutesSerializer)
    @action(detail=True, methods=["post"], url_path="minutes/amend", filterset_class=None)
    def amend_minutes(self, request, pk=None):
        meeting = self._meeting(pk, write=True)
        data = payload(AmendSerializer, request)
        actions.minutes_amend(
            actor=request.user, minutes=meeting.minutes, text=data["text"], reason=data["reason"]
        )
        return self._minutes_response(meeting)
