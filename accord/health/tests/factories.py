"""Building blocks for health tests: waves with respondents and answers, built through actions."""

import datetime as dt

from django.utils import timezone

from accord.health import actions
from accord.health.models import ItemKind, Side, Wave, WaveKind
from accord.people.tests.factories import UserFactory

TODAY = dt.date(2026, 6, 1)


def default_instrument():
    return actions.instrument_install_default(actor=None)


def draft_wave(
    actor,
    alliance,
    *,
    kind=WaveKind.JOINT,
    title="Health check",
    include_team=False,
    opens_on=None,
    closes_on=None,
):
    today = timezone.localdate()
    return actions.wave_create(
        actor=actor,
        alliance=alliance,
        data={
            "instrument": default_instrument(),
            "kind": kind,
            "title": title,
            "opens_on": opens_on or today,
            "closes_on": closes_on or today + dt.timedelta(days=14),
        },
        include_team=include_team,
    )


def add_people(actor, wave, side, functions):
    """Invite one respondent per entry of `functions` on the given side."""
    people = []
    for function in functions:
        if side == Side.OWN:
            user = UserFactory(function=function)
            people.append(actions.respondent_add(actor=actor, wave=wave, user=user))
        else:
            n = wave.respondents.count()
            people.append(
                actions.respondent_add(
                    actor=actor,
                    wave=wave,
                    name=f"Partner person {n}",
                    email=f"p{n}-{wave.pk}@partner.test",
                    function=function,
                    company=wave.alliance.partners.first(),
                )
            )
    return people


def answers_for(wave, value_of):
    """Answers to every item: `value_of(item)` gives the value of scored items."""
    answers = {}
    for item in wave.instrument.items_in_order():
        if item.kind == ItemKind.TEXT:
            continue
        answers[str(item.pk)] = value_of(item)
    return answers


def uniform(level):
    """Every scored item answered at `level` on the 0-100 scale (1-5: level/25+1, yes/no: ≥50)."""

    def value_of(item):
        if item.kind == ItemKind.AGREE5:
            return int(level / 25) + 1
        if item.kind == ItemKind.YESNO:
            return "yes" if level >= 50 else "no"
        return level

    return value_of


def submit(respondent, value_of, **extra):
    answers = answers_for(respondent.wave, value_of)
    answers.update(extra)
    return actions.answers_save(respondent=respondent, answers=answers, submit=True)


def closed_wave(
    actor, alliance, *, own=(), partner=(), kind=WaveKind.JOINT, title="Health check", opens_on=None
):
    """A launched, answered and closed wave: `own`/`partner` are [(function, level), ...]."""
    wave = draft_wave(actor, alliance, kind=kind, title=title, opens_on=opens_on)
    own_people = add_people(actor, wave, Side.OWN, [f for f, _ in own])
    partner_people = add_people(actor, wave, Side.PARTNER, [f for f, _ in partner])
    if wave.respondents.count() < 3:
        add_people(actor, wave, Side.OWN, ["Spare"] * (3 - wave.respondents.count()))
    actions.wave_launch(actor=actor, wave=wave)
    for person, (_, level) in zip(own_people, own, strict=True):
        submit(person, uniform(level))
    for person, (_, level) in zip(partner_people, partner, strict=True):
        submit(person, uniform(level))
    actions.wave_close(actor=actor, wave=wave)
    return Wave.objects.get(pk=wave.pk)
