"""The settings of Django REST framework and of the OpenAPI document (drf-spectacular).

Imported by accord.config.settings; nothing here depends on the environment.
"""

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accord.people.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "accord.portfolio.token_scope.TokenScopePermission",
    ],
    "DEFAULT_PAGINATION_CLASS": "accord.core.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["accord.core.api.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "accord.core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "accord.core.throttles.AnonRateThrottle",
        "accord.core.throttles.UserRateThrottle",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Accord API",
    "DESCRIPTION": (
        "The open API of Accord, alliance management for biopharma partnerships. "
        "Authenticate with `Authorization: Bearer <token>` (create tokens under API tokens). "
        "Every endpoint applies the same scoping as the web pages: objects outside your scope "
        "are absent from lists and answer 404."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "TierEnum": "accord.portfolio.models.alliances.Tier",
        "StageEnum": "accord.portfolio.models.alliances.Stage",
        "PhaseEnum": "accord.portfolio.models.alliances.Phase",
        "KindEnum": "accord.portfolio.models.companies.Company.Kind",
        "StatusEnum": ["ok", "near", "over"],  # workload status (portfolio.workload.Status)
        "RaciEnum": "accord.knowledge.models.roles.Raci",
        "RoleGroupEnum": "accord.knowledge.models.playbooks.RoleGroup",
        "HealthWaveKindEnum": "accord.health.models.WaveKind",
        "HealthItemKindEnum": "accord.health.models.ItemKind",
        "HealthSideEnum": "accord.health.models.Side",
        "HealthActionStatusEnum": "accord.health.models.ActionStatus",
        "RelaunchStatusEnum": "accord.health.models.RelaunchStatus",
        "MaturityStatusEnum": "accord.health.models.MaturityAssessment.Status",
        "RagEnum": "accord.health.models.Rag",
        "GapClassEnum": "accord.health.models.GapClass",
        # Pinned so that apps adding their own "kind", "modality" or "status" choices do not
        # rename these existing components.
        "ModalityEnum": "accord.portfolio.models.alliances.Modality",
        "CommitteeRoleEnum": "accord.governance.models.committees.CommitteeRole",
        "CommitteeKindEnum": "accord.governance.models.committees.CommitteeKind",
        "CadenceEnum": "accord.governance.models.committees.Cadence",
        "GovernanceAreaEnum": "accord.governance.models.common.Area",
        "MeetingModalityEnum": "accord.governance.models.meetings.MeetingModality",
        "MeetingStatusEnum": "accord.governance.models.meetings.MeetingStatus",
        "MinutesStatusEnum": "accord.governance.models.meetings.MinutesStatus",
        "AgendaKindEnum": "accord.governance.models.meetings.AgendaKind",
        "DecisionStatusEnum": "accord.governance.models.records.DecisionStatus",
        "ActionStatusEnum": "accord.governance.models.records.ActionStatus",
        "IssueStatusEnum": "accord.governance.models.issues.IssueStatus",
        "IssueSeverityEnum": "accord.governance.models.issues.Severity",
        "RiskStatusEnum": "accord.governance.models.issues.RiskStatus",
        "CommunicationKindEnum": "accord.governance.models.communications.CommunicationKind",
        "CommunicationStatusEnum": "accord.governance.models.communications.CommunicationStatus",
        "ReviewOutcomeEnum": "accord.governance.models.communications.ReviewOutcome",
        "PartyEnum": "accord.contracts.models.common.Party",
        "PersonRoleEnum": "accord.people.models.Role",  # a person's role, in Person and Account
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "accord.core.api.polymorphic_views_any_of",
        "accord.core.api.document_errors",
    ],
}
