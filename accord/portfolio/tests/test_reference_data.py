from accord.portfolio.models import Territory
from accord.portfolio.reference_data import REGIONS, country_names


def test_no_region_code_is_a_country_code(db):
    assert set(REGIONS) & set(country_names()) == set()


def test_namibia_is_a_country_and_north_america_a_region(db):
    namibia = Territory.objects.get(code="NA")
    assert (namibia.name, namibia.kind, namibia.countries.count()) == ("Namibia", "country", 0)
    north_america = Territory.objects.get(code="NORAM")
    assert north_america.kind == "region"
    assert set(north_america.countries.values_list("code", flat=True)) == {"US", "CA", "MX"}
