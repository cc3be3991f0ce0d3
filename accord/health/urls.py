from django.urls import path

from .views import analysis, instruments, maturity, scorecards, surveys

app_name = "health"

urlpatterns = [
    # Portfolio level
    path("health/", analysis.portfolio, name="portfolio"),
    path("health/export.xlsx", analysis.portfolio_export, name="portfolio_export"),
    path("health/waves/new/", surveys.waves_new, name="waves_new"),
    path("health/instruments/", instruments.instrument_list, name="instrument_list"),
    path("health/instruments/<int:pk>/", instruments.instrument_detail, name="instrument_detail"),
    # One alliance
    path("alliances/<int:pk>/health/", analysis.alliance_health, name="alliance_health"),
    path("alliances/<int:pk>/health/waves/new/", surveys.wave_new, name="wave_new"),
    path("alliances/<int:pk>/health/actions/new/", analysis.action_new, name="action_new"),
    path("alliances/<int:pk>/health/scorecard/", scorecards.scorecard, name="scorecard"),
    path("alliances/<int:pk>/health/relaunch/", scorecards.relaunch_start, name="relaunch_start"),
    # Waves
    path("health/waves/<int:pk>/", surveys.wave_detail, name="wave_detail"),
    path("health/waves/<int:pk>/results.xlsx", analysis.wave_export, name="wave_export"),
    path("health/waves/<int:pk>/<str:op>/", surveys.wave_op, name="wave_op"),
    path("health/respondents/<int:pk>/<str:op>/", surveys.respondent_op, name="respondent_op"),
    path("health/actions/<int:pk>/", analysis.action_edit, name="action_edit"),
    # Scorecards and relaunch
    path("health/goals/<int:pk>/<str:op>/", scorecards.goal_op, name="goal_op"),
    path("health/metrics/<int:pk>/<str:op>/", scorecards.metric_op, name="metric_op"),
    path("health/relaunches/<int:pk>/lesson/", scorecards.relaunch_lesson, name="relaunch_lesson"),
    path("health/relaunches/<int:pk>/<str:step>/", scorecards.relaunch_step, name="relaunch_step"),
    # Answering
    path("surveys/", surveys.my_surveys, name="my_surveys"),
    path("surveys/<int:pk>/", surveys.answer, name="answer"),
    path("s/<str:token>/", surveys.link_answer, name="link_answer"),
    # Maturity
    path("maturity/", maturity.maturity_list, name="maturity_list"),
    path("maturity/new/", maturity.maturity_new, name="maturity_new"),
    path("maturity/<int:pk>/", maturity.maturity_detail, name="maturity_detail"),
    path("maturity/<int:pk>/export.csv", maturity.maturity_export, name="maturity_export"),
    path("maturity/benchmarks/import/", maturity.benchmark_import, name="benchmark_import"),
]
