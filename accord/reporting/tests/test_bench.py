"""The bench scenarios run, and the ORM and SQL sides compute the same figures (so the ORM/SQL
time ratio compares like with like)."""

import re
from io import BytesIO

import pytest
from pptx import Presentation

from accord.core.benchmarking import BenchContext
from accord.reporting import bench


def _unmasked(body: bytes) -> bytes:
    return re.sub(rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+', rb"\1X", body)


@pytest.mark.slow  # benchmark scale
def test_bench_scenarios_run_and_both_sides_agree(world, portfolio):
    ctx = BenchContext()
    scenarios = {s.name: s for s in bench.scenarios(ctx)}
    assert sorted(scenarios) == [
        "My team's week (the leader's home page)",
        "My team's week, after a change",
        "My week (a manager's home page)",
        "My week, after a change",
        "alliance overview (a manager's)",
        "alliance overview, after a change",
        "dashboard figures, ORM",
        "dashboard figures, hand-written SQL",
        "executive pack, PowerPoint (the job's build)",
        "portfolio dashboard page (executive)",
        "portfolio dashboard page, after a change",
    ]
    orm = scenarios["dashboard figures, ORM"].run()
    assert orm == scenarios["dashboard figures, hand-written SQL"].run()
    assert sum(orm) > 0
    assert scenarios["portfolio dashboard page (executive)"].run().status_code == 200
    team = scenarios["My team's week (the leader's home page)"].run()
    assert team.status_code == 200 and b"My team's week" in team.content
    mine = scenarios["My week (a manager's home page)"].run()
    assert mine.status_code == 200 and b"<h1>My week</h1>" in mine.content
    # Read first after a change, each page is the same as when kept.
    for kept, afresh in (
        ("My week (a manager's home page)", "My week, after a change"),
        ("My team's week (the leader's home page)", "My team's week, after a change"),
        ("alliance overview (a manager's)", "alliance overview, after a change"),
        ("portfolio dashboard page (executive)", "portfolio dashboard page, after a change"),
    ):
        first, again = scenarios[kept].run(), scenarios[afresh].run()
        assert first.status_code == again.status_code == 200
        assert _unmasked(first.content) == _unmasked(again.content)
    deck = scenarios["executive pack, PowerPoint (the job's build)"].run()
    assert Presentation(BytesIO(deck)).slides[0].shapes.title.text.startswith("Alliance portfolio")
    assert ctx.notes[0].startswith("reporting: ORM/SQL ratio")
