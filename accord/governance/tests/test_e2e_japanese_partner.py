"""One JSC, two languages and two clocks, in a real browser: the partner's co-chair reads Accord in
Japanese on Tokyo time, our alliance manager in English on London time. The partner works
through the alliance (home, the meeting's agenda, approving the minutes with a signature, the
health survey from the emailed link) and no English string from Accord's own code shows on any
of those pages; what people wrote (names, titles, the agenda) stays as they wrote it."""

import datetime as dt
import re
import zoneinfo
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accord.conftest import sign_in
from accord.core.tests.languages import said
from accord.governance import actions
from accord.governance.models import MinutesStatus
from accord.health import actions as health
from accord.health.models import ItemKind, Side, Submission
from accord.health.tests.factories import add_people, draft_wave

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("e2e"),
]

PASSWORD = "correct horse battery staple"
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
LINK = re.compile(r"(http://[^\s]+/s/[\w-]+/)")

# Every text the page shows: text nodes (hidden ones too: a collapsed form is still the page) and
# the attributes people read (tooltips, placeholders, what a screen reader says, button values).
PAGE_TEXTS = """() => {
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
        + (e.classList.length ? "." + [...e.classList].join(".") : ""));
    }
    return parts.join(" > ");
  };
  const out = [[document.title, "title"]];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent && !parent.closest("script, style, noscript, template")) {
      out.push([walker.currentNode.textContent, where(parent)]);
    }
  }
  for (const el of document.body.querySelectorAll("[placeholder], [aria-label], [title], [alt]")) {
    for (const name of ["placeholder", "aria-label", "title", "alt"]) {
      if (el.hasAttribute(name)) out.push([el.getAttribute(name), where(el) + " @" + name]);
    }
  }
  for (const el of document.body.querySelectorAll("input[type=submit], input[type=button]")) {
    out.push([el.value, where(el) + " @value"]);
  }
  return out.map(([t, w]) => [t.replace(/\\s+/g, " ").trim(), w]).filter(([t]) => t);
}"""

# Words that are the same in Japanese UI text: the product's name, file formats, identifiers
# (a holiday calendar is named by its country code).
SAME_IN_EVERY_LANGUAGE = {
    "US",
    "Accord",
    "API",
    "PDF",
    "Word",
    "DOCX",
    "XLSX",
    "ICS",
    "iCal",
    "UTC",
    "JSC",
}


def english_on(page, written_by_people: set[str]) -> list[str]:
    """The page's texts that still hold English words once what people wrote is taken out."""
    found = []
    for text, where in page.evaluate(PAGE_TEXTS):
        rest = text
        for datum in sorted(written_by_people, key=len, reverse=True):
            rest = rest.replace(datum, " ")
        words = set(re.findall(r"[A-Za-z]{2,}", rest)) - SAME_IN_EVERY_LANGUAGE
        if words:
            found.append(f"{text}  ⟨{where}⟩")
    return found


def assert_in_japanese(page, written_by_people: set[str]) -> None:
    english = english_on(page, written_by_people)
    assert not english, f"English on {page.url}:\n" + "\n".join(english)


@pytest.fixture
def jsc(world, gov):
    """A JSC meeting in Tokyo's zone, with an agenda and minutes awaiting approval; the partner's
    co-chair reads Japanese on Tokyo time, our manager English on London time."""
    world.partner_a.language, world.partner_a.time_zone = "ja", "Asia/Tokyo"
    world.partner_a.save(update_fields=["language", "time_zone"])
    world.manager_a.language, world.manager_a.time_zone = "en-gb", "Europe/London"
    world.manager_a.save(update_fields=["language", "time_zone"])
    yesterday = timezone.now().astimezone(TOKYO).replace(
        hour=9, minute=30, second=0, microsecond=0
    ) - dt.timedelta(days=1)
    meeting = actions.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={
            "title": "JSC Q4",
            "starts_at": yesterday,
            "time_zone": "Asia/Tokyo",
            "modality": "virtual",
        },
    )
    for title in ("Budget 2027", "KST-ADC1 phase 2 readout"):
        actions.agenda_item_add(actor=world.manager_a, meeting=meeting, data={"title": title})
    actions.meeting_mark_held(
        actor=world.manager_a, meeting=meeting, attended=[world.manager_a.pk, world.partner_a.pk]
    )
    minutes = actions.minutes_save(
        actor=world.manager_a, minutes=meeting.minutes, text="Budget 2027 approved at 4.2 M."
    )
    minutes = actions.minutes_submit(actor=world.manager_a, minutes=minutes)
    actions.minutes_approve(actor=world.manager_a, minutes=minutes, password=PASSWORD)
    return meeting


@pytest.fixture
def survey(world):
    wave = draft_wave(world.manager_a, world.alliance_a, title="Q4 health check")
    add_people(world.manager_a, wave, Side.OWN, ["Clinical", "Regulatory"])
    health.respondent_add(actor=world.manager_a, wave=wave, user=world.partner_a)
    mail.outbox.clear()
    return health.wave_launch(actor=world.manager_a, wave=wave)


def people_wrote(world, meeting, wave) -> set[str]:
    """Names, titles and text people typed in, and the identifiers of zones and addresses."""
    written = {
        world.alliance_a.name,
        str(meeting),
        world.partner_co_a.name,
        world.own.name,
        world.program_a1.name,
        meeting.title,
        meeting.committee.name,
        wave.title,
        "Budget 2027 approved at 4.2 M.",
        "Asia/Tokyo",
        "Europe/London",
    }
    written |= set(meeting.agenda_items.values_list("title", flat=True))
    written |= set(world.alliance_a.committees.values_list("name", flat=True))
    for program in world.alliance_a.programs.all():
        written |= {program.name, program.target, program.indication}
    for person in (world.partner_a, world.manager_a, world.firewalled, world.leader):
        written |= {person.get_full_name(), person.email, str(person)}
    written |= set(wave.respondents.values_list("name", flat=True))
    return {text for text in written if text}


@pytest.mark.parametrize("width", [1400, 390], ids=["desktop", "phone"])
def test_a_japanese_partner_and_an_english_manager_run_the_same_jsc(
    world, jsc, survey, live_server, browser, width
):
    meeting, wave = jsc, survey
    written = people_wrote(world, meeting, wave)
    base = live_server.url

    # --- The partner's co-chair, in Japanese on Tokyo time --------------------------------
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{base}/accounts/login/")
        assert_in_japanese(page, written)
        sign_in(page, live_server, world.partner_a.email, PASSWORD)
        expect(page.locator("html")).to_have_attribute("lang", "ja")
        assert_in_japanese(page, written)

        # The alliance, its governance tab, and the inbox with "minutes to approve" in Japanese.
        alliance = world.alliance_a.pk
        for path in (f"/alliances/{alliance}/", f"/alliances/{alliance}/governance/"):
            page.goto(f"{base}{path}")
            expect(page.locator("h1, h2").first).to_be_visible()
            assert_in_japanese(page, written)
        page.goto(f"{base}/notifications/")
        expect(page.locator("main")).to_contain_text(
            said("ja", "Minutes to approve: %(meeting)s", meeting=str(meeting))
        )
        assert_in_japanese(page, written)

        page.goto(f"{base}{meeting.get_absolute_url()}")
        expect(page.locator("table.agenda")).to_contain_text("Budget 2027")
        # The meeting's own clock: it was called for 09:30 in Tokyo, the partner's own zone.
        head = page.locator(".page-head", has=page.locator("h2", has_text=meeting.title))
        expect(head).to_contain_text("09:30 (Asia/Tokyo)")
        assert_in_japanese(page, written)

        # Approving the minutes is a signature: the password again, in Japanese throughout.
        page.fill("#approve input[name=password]", PASSWORD)
        page.click("#approve button[type=submit]")
        expect(page.locator(".message.success")).to_be_visible()
        meeting.minutes.refresh_from_db()
        assert meeting.minutes.status == MinutesStatus.APPROVED
        assert_in_japanese(page, written)

        # The health survey, from the link in the email, in Japanese, questions included.
        (message,) = [m for m in mail.outbox if world.partner_a.email in m.to]
        assert english_on_text(message.subject + "\n" + message.body, written) == []
        page.goto(base + urlsplit(LINK.search(message.body).group(1)).path)
        expect(page.locator("html")).to_have_attribute("lang", "ja")
        assert_in_japanese(page, written)
        for item in wave.instrument.items_in_order():
            name = f"item_{item.pk}"
            if item.kind == ItemKind.AGREE5:
                page.check(f"input[name={name}][value='4']")
            elif item.kind == ItemKind.SCALE100:
                page.fill(f"input[name={name}]", "70")
            elif item.kind == ItemKind.YESNO:
                page.check(f"input[name={name}][value='yes']")
        page.click("button[name=submit]")
        expect(page.locator("h1")).to_be_visible()
        assert_in_japanese(page, written)
        # Answers are stored against the items, whatever language they were read in.
        submission = Submission.objects.get(wave=wave)
        assert (
            submission.answers.count()
            == wave.instrument.items_in_order().exclude(kind=ItemKind.TEXT).count()
        )
    finally:
        context.close()

    # --- Our alliance manager, in English on London time ----------------------------------
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, world.manager_a.email, PASSWORD)
        page.goto(f"{base}{meeting.get_absolute_url()}")
        expect(page.locator("html")).to_have_attribute("lang", "en-gb")
        head = page.locator(".page-head", has=page.locator("h2", has_text=meeting.title))
        expect(head).to_contain_text("09:30 (Asia/Tokyo)")
        london = meeting.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/London"))
        expect(head).to_contain_text(f"your time {london:%a %-d %b, %H:%M} (Europe/London)")
        expect(page.locator("#minutes")).to_contain_text("Approved")
    finally:
        context.close()


def english_on_text(text: str, written: set[str]) -> list[str]:
    found = []
    for line in text.splitlines():
        rest = re.sub(r"https?://\S+", " ", line)
        for datum in sorted(written, key=len, reverse=True):
            rest = rest.replace(datum, " ")
        if set(re.findall(r"[A-Za-z]{2,}", rest)) - SAME_IN_EVERY_LANGUAGE:
            found.append(line)
    return found
