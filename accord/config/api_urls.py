from django.http import JsonResponse
from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from accord.contracts import api as contracts_api
from accord.correspondence.api import EmailViewSet
from accord.governance.api import (
    ActionItemViewSet,
    CommitteeViewSet,
    CommunicationViewSet,
    DecisionViewSet,
    IssueViewSet,
    MeetingViewSet,
    RiskViewSet,
    TermsViewSet,
)
from accord.health.api import (
    BenchmarkViewSet,
    HealthActionViewSet,
    InstrumentViewSet,
    InvitationViewSet,
    JointGoalViewSet,
    MaturityViewSet,
    MetricViewSet,
    RelaunchViewSet,
    WaveViewSet,
)
from accord.knowledge.api import (
    ApplicationViewSet,
    DeliverableViewSet,
    DocumentTemplateViewSet,
    DossierViewSet,
    LessonViewSet,
    PackageProgressViewSet,
    PlaybookViewSet,
    RaciEntryViewSet,
    RoleHolderViewSet,
    TaskViewSet,
    TemplateUseViewSet,
    TerritoryProfileViewSet,
)
from accord.notifications.api import ChatChannelViewSet, NotificationViewSet
from accord.people.api import PersonViewSet
from accord.portfolio.api import (
    AllianceViewSet,
    CompanyViewSet,
    DocumentViewSet,
    ProgramViewSet,
    WorkloadViewSet,
)
from accord.reporting import api as reporting_api
from accord.value import api as value_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("companies", CompanyViewSet, basename="company")
router.register("alliances", AllianceViewSet, basename="alliance")
router.register("programs", ProgramViewSet, basename="program")
router.register("documents", DocumentViewSet, basename="document")
router.register("people", PersonViewSet, basename="person")
router.register("workload", WorkloadViewSet, basename="workload")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("chat-channels", ChatChannelViewSet, basename="chat-channel")
router.register("lessons", LessonViewSet, basename="lesson")
router.register("playbooks", PlaybookViewSet, basename="playbook")
router.register("deliverables", DeliverableViewSet, basename="deliverable")
router.register("playbook-applications", ApplicationViewSet, basename="playbook-application")
router.register("playbook-tasks", TaskViewSet, basename="playbook-task")
router.register("package-progress", PackageProgressViewSet, basename="package-progress")
router.register("raci", RaciEntryViewSet, basename="raci-entry")
router.register("role-holders", RoleHolderViewSet, basename="role-holder")
router.register("templates", DocumentTemplateViewSet, basename="document-template")
router.register("template-uses", TemplateUseViewSet, basename="template-use")
router.register("territory-profiles", TerritoryProfileViewSet, basename="territory-profile")
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("health/instruments", InstrumentViewSet, basename="health-instrument")
router.register("health/waves", WaveViewSet, basename="health-wave")
router.register("health/invitations", InvitationViewSet, basename="health-invitation")
router.register("health/actions", HealthActionViewSet, basename="health-action")
router.register("health/goals", JointGoalViewSet, basename="health-goal")
router.register("health/metrics", MetricViewSet, basename="health-metric")
router.register("health/relaunches", RelaunchViewSet, basename="health-relaunch")
router.register("health/maturity", MaturityViewSet, basename="health-maturity")
router.register("health/benchmarks", BenchmarkViewSet, basename="health-benchmark")
router.register("governance/committees", CommitteeViewSet, basename="governance-committee")
router.register("governance/meetings", MeetingViewSet, basename="governance-meeting")
router.register("governance/decisions", DecisionViewSet, basename="governance-decision")
router.register("governance/actions", ActionItemViewSet, basename="governance-action")
router.register("governance/issues", IssueViewSet, basename="governance-issue")
router.register("governance/risks", RiskViewSet, basename="governance-risk")
router.register(
    "governance/communications", CommunicationViewSet, basename="governance-communication"
)
router.register("governance/terms", TermsViewSet, basename="governance-terms")
router.register(
    "agreement-imports", contracts_api.AgreementImportViewSet, basename="agreement-import"
)
router.register("correspondence/emails", EmailViewSet, basename="correspondence-email")
router.register("agreements", contracts_api.AgreementViewSet, basename="agreement")
router.register("defined-terms", contracts_api.DefinedTermViewSet, basename="defined-term")
router.register("contract-events", contracts_api.EventViewSet, basename="contract-event")
router.register("obligations", contracts_api.ObligationViewSet, basename="obligation")
router.register("milestones", contracts_api.MilestoneViewSet, basename="milestone")
router.register("contract-rights", contracts_api.RightViewSet, basename="contract-right")
router.register("restrictions", contracts_api.RestrictionViewSet, basename="restriction")
router.register("conflict-check", contracts_api.ConflictCheckViewSet, basename="conflict-check")
router.register("calendar-feeds", contracts_api.FeedViewSet, basename="calendar-feed")
router.register("variances", contracts_api.VarianceViewSet, basename="variance")
router.register("glossary", contracts_api.GlossaryTermViewSet, basename="glossary-term")
router.register(
    "presigning-reviews", contracts_api.PresigningReviewViewSet, basename="presigning-review"
)
router.register(
    "presigning-findings", contracts_api.PresigningFindingViewSet, basename="presigning-finding"
)
router.register(
    "reporting/dashboard", reporting_api.DashboardViewSet, basename="reporting-dashboard"
)
router.register("reporting/packs", reporting_api.PackExportViewSet, basename="reporting-pack")
router.register("reporting/my-week", reporting_api.MyWeekViewSet, basename="my-week")
router.register("reporting/weekly-notes", reporting_api.WeeklyNoteViewSet, basename="weekly-note")
router.register("reporting/imports", reporting_api.TrackerImportViewSet, basename="tracker-import")
router.register("value/forecasts", value_api.ForecastViewSet, basename="value-forecast")
router.register("value/cash-flows", value_api.CashFlowViewSet, basename="value-cash-flow")
router.register("value/exchange-rates", value_api.ExchangeRateViewSet, basename="value-rate")
router.register("value/payments", value_api.PaymentViewSet, basename="value-payment")
router.register("value/royalty-reports", value_api.RoyaltyReportViewSet, basename="value-royalty")
router.register("value/loe-dates", value_api.LoeViewSet, basename="value-loe")
router.register("value/alliances", value_api.AllianceValueViewSet, basename="value-alliance")
router.register("value/portfolio", value_api.PortfolioValueViewSet, basename="value-portfolio")
router.register("value/detail-rules", value_api.DetailRuleViewSet, basename="value-detail-rule")
router.register(
    "value/detail-minimums", value_api.DetailMinimumViewSet, basename="value-detail-minimum"
)
router.register("value/details", value_api.DetailActualViewSet, basename="value-detail")
router.register("value/detail-imports", value_api.DetailImportViewSet, basename="value-import")
router.register("value/outcomes", value_api.OutcomeViewSet, basename="value-outcome")

urlpatterns = [
    *router.urls,
    # The committed copy of this document is docs/api/openapi.json; a test keeps them equal.
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    # Any other address under the API (a malformed id included) answers like the API does.
    re_path(
        r"^", lambda request, *args, **kwargs: JsonResponse({"detail": "Not found."}, status=404)
    ),
]
