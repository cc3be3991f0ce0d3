from accord.core.routing import pages

from .views import analysis, instruments, maturity, scorecards, surveys

app_name = "health"

HEALTH = "alliances/<int:pk>/health/"
WAVE = "health/waves/<int:pk>/"
OP = "<str:op>"

urlpatterns = [
    # Portfolio level
    *pages("health/", analysis, portfolio="", portfolio_export="export.xlsx"),
    *pages("health/", surveys, waves_new="waves/new"),
    *pages("health/instruments/", instruments, instrument_list="", instrument_detail="<int:pk>"),
    # One alliance
    *pages(HEALTH, analysis, alliance_health=""),
    *pages(HEALTH, surveys, wave_new="waves/new"),
    *pages(HEALTH, analysis, action_new="actions/new"),
    *pages(HEALTH, scorecards, scorecard="scorecard", relaunch_start="relaunch"),
    # Waves
    *pages(WAVE, surveys, wave_detail=""),
    *pages(WAVE, analysis, wave_export="results.xlsx"),
    *pages(WAVE, surveys, wave_op=OP),
    *pages("health/respondents/<int:pk>/", surveys, respondent_op=OP),
    *pages("health/actions/<int:pk>/", analysis, action_edit=""),
    # Scorecards and relaunch
    *pages("health/goals/<int:pk>/", scorecards, goal_op=OP),
    *pages("health/metrics/<int:pk>/", scorecards, metric_op=OP),
    *pages("health/relaunches/<int:pk>/", scorecards, relaunch_lesson="lesson"),
    *pages("health/relaunches/<int:pk>/", scorecards, relaunch_step="<str:step>"),
    # Answering
    *pages(
        "", surveys, my_surveys="surveys", answer="surveys/<int:pk>", link_answer="s/<str:token>"
    ),
    # Maturity
    *pages("maturity/", maturity, maturity_list="", maturity_new="new"),
    *pages("maturity/", maturity, maturity_detail="<int:pk>"),
    *pages("maturity/", maturity, maturity_export="<int:pk>/export.csv"),
    *pages("maturity/", maturity, benchmark_import="benchmarks/import"),
]
