import datetime as dt
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.value import actions, details
from accord.value.models import DetailActual
from accord.value.services import detail_compliance

D = dt.date
RULES = {"remote": [(D(2026, 2, 15), Decimal("0.5"))]}
PERIODS = [
    ("Q1 2026", D(2026, 1, 1), D(2026, 3, 31), 100),
    ("Q2 2026", D(2026, 4, 1), D(2026, 6, 30), 50),
]
ACTUALS = [
    (D(2026, 1, 10), "remote", 20),  # before the amendment: 20
    (D(2026, 2, 20), "remote", 40),  # after: 40 × 0.5 = 20
    (D(2026, 3, 1), "face_to_face", 50),
    (D(2026, 3, 2), "phone", 6),
    (D(2026, 4, 5), "face_to_face", 60),
]


def test_weight_in_force_on_each_date():
    assert details.weight_on(RULES["remote"], D(2026, 2, 14)) == Decimal(1)
    assert details.weight_on(RULES["remote"], D(2026, 2, 15)) == Decimal("0.5")
    assert details.weight_on(
        [(D(2026, 1, 1), Decimal("0.5")), (D(2026, 6, 1), Decimal("0.75"))], D(2026, 7, 1)
    ) == Decimal("0.75")


def test_compliance_and_shortfall_under_the_rules():
    q1, q2 = details.compliance(PERIODS, ACTUALS, RULES)
    assert (q1.raw, q1.credited, q1.shortfall, q1.compliance_pct, q1.met) == (
        116,
        Decimal("96.0"),
        Decimal("4.0"),
        Decimal("96.0"),
        False,
    )
    assert q1.by_channel == {
        "remote": Decimal("40.0"),
        "face_to_face": Decimal(50),
        "phone": Decimal(6),
    }
    assert (q2.credited, q2.shortfall, q2.compliance_pct, q2.met) == (
        Decimal(60),
        Decimal(0),
        Decimal("120.0"),
        True,
    )


def test_parse_reports_every_bad_row():
    content = (
        b"date,channel,count,region\n"
        b"2026-01-10,Remote,20,North\n"
        b"10/01/2026,remote,5,\n"
        b"2026-01-11,fax,3,\n"
        b"2026-01-12,F2F,2.5,\n"
        b"2026-01-13,phone,3000000000,\n"
    )
    parsed = details.parse(content, "txt")
    assert parsed.rows == [
        {"date": "2026-01-10", "channel": "remote", "count": 20, "region": "North"}
    ]
    assert [(e["row"], e["field"]) for e in parsed.errors] == [
        (3, "date"),
        (4, "channel"),
        (5, "count"),
        (6, "count"),
    ]
    assert parsed.errors[-1]["message"] == "3000000000 details on one row: at most 10,000,000."


def test_parse_header_and_xlsx():
    assert details.parse(b"day,kind\n1,2\n", "txt").errors[0]["message"] == (
        "The header must name the columns date, channel, count; missing: date, channel, count."
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Channel", "Count"])
    sheet.append([dt.datetime(2026, 3, 1), "face to face", 7])
    buffer = BytesIO()
    workbook.save(buffer)
    parsed = details.parse(buffer.getvalue(), "xlsx")
    assert parsed.errors == []
    assert parsed.rows == [
        {"date": "2026-03-01", "channel": "face_to_face", "count": 7, "region": ""}
    ]


def _setup(world):
    actions.detail_rule_create(
        actor=world.manager_b,
        alliance=world.alliance_b,
        data={
            "channel": "remote",
            "effective_from": D(2026, 2, 15),
            "weight": Decimal("0.5"),
            "source": "Amendment 2",
        },
    )
    for label, start, end, minimum in PERIODS:
        actions.detail_minimum_create(
            actor=world.manager_b,
            alliance=world.alliance_b,
            data={"label": label, "period_start": start, "period_end": end, "minimum": minimum},
        )


def test_import_preview_then_commit(world):
    _setup(world)
    client = login(world.manager_b)
    url = f"/alliances/{world.alliance_b.pk}/value/details/import/"
    csv = "date,channel,count\n" + "\n".join(f"{d.isoformat()},{c},{n}" for d, c, n in ACTUALS)
    bad = csv + "\n2026-05-01,carrier pigeon,1"
    response = client.post(url, {"file": SimpleUploadedFile("q1.csv", bad.encode())})
    assert response.status_code == 400
    assert "“carrier pigeon” is not a channel" in response.content.decode()
    assert not DetailActual.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("q1.csv", csv.encode())})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: 5 rows, 176 details" in html
    assert not DetailActual.objects.exists()  # nothing saved by the preview
    payload = response.context["payload"]
    response = client.post(url, {"confirm": "1", "payload": payload})
    assert response.status_code == 302
    assert DetailActual.objects.filter(alliance=world.alliance_b).count() == 5
    q1, q2 = detail_compliance(world.leader, world.alliance_b)
    assert (q1.credited, q1.shortfall) == (Decimal("96.0"), Decimal("4.0"))
    assert q2.met
    assert (
        AuditEvent.objects.filter(
            field="details", new_value="176 details in 5 rows imported from q1.csv"
        ).count()
        == 1
    )
    page = client.get(f"/alliances/{world.alliance_b.pk}/value/").content.decode()
    assert 'class="shortfall"' in page


def test_tampered_or_foreign_payload_refused(world):
    _setup(world)
    client = login(world.manager_b)
    url = f"/alliances/{world.alliance_b.pk}/value/details/import/"
    response = client.post(url, {"confirm": "1", "payload": "forged"})
    assert response.status_code == 400
    assert not DetailActual.objects.exists()
    # A payload previewed for alliance A cannot be committed into B.
    a_client = login(world.manager_a)
    preview = a_client.post(
        f"/alliances/{world.alliance_a.pk}/value/details/import/",
        {"file": SimpleUploadedFile("a.csv", b"date,channel,count\n2026-01-01,phone,1\n")},
    )
    response = client.post(url, {"confirm": "1", "payload": preview.context["payload"]})
    assert response.status_code == 400
    assert not DetailActual.objects.exists()


def test_import_over_api(world):
    _setup(world)
    client = api_client(world.contributor)  # designated person of B
    csv = b"date,channel,count\n2026-01-10,remote,20\n2026-13-01,phone,2\n"
    response = client.post(
        "/api/v1/value/detail-imports/preview/",
        {"alliance": world.alliance_b.pk, "file": SimpleUploadedFile("x.csv", csv)},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 3, "field": "date", "message": "“2026-13-01” is not a date (use YYYY-MM-DD)."}
    ]
    assert response.json()["token"] == ""
    good = b"date,channel,count\n2026-01-10,remote,20\n"
    response = client.post(
        "/api/v1/value/detail-imports/preview/",
        {"alliance": world.alliance_b.pk, "file": SimpleUploadedFile("x.csv", good)},
        format="multipart",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    denied = api_client(world.manager_a).post(
        "/api/v1/value/detail-imports/commit/", {"token": token}, format="json"
    )
    assert denied.status_code == 403
    assert not DetailActual.objects.exists()
    response = client.post("/api/v1/value/detail-imports/commit/", {"token": token}, format="json")
    assert response.status_code == 201
    assert response.json() == {"imported": 1}
    summary = client.get(f"/api/v1/value/alliances/{world.alliance_b.pk}/").json()
    assert summary["details"][0]["credited"] == "20.00"
    assert summary["details"][0]["shortfall"] == "80.00"


def test_overlapping_minimum_refused(world):
    _setup(world)
    response = login(world.manager_b).post(
        f"/alliances/{world.alliance_b.pk}/value/detail-minimums/new/",
        {"label": "Odd", "period_start": "2026-03-01", "period_end": "2026-04-30", "minimum": "10"},
    )
    assert response.status_code == 400
    assert "This period overlaps “Q1 2026”." in response.content.decode()
