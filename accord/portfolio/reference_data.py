"""Reference data loaded by migration: ISO 3166-1 countries, deal regions, therapeutic areas."""

import pycountry

EU = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]
EUROPE = [
    *EU,
    "IS",
    "LI",
    "NO",
    "GB",
    "CH",
    "AL",
    "AD",
    "BA",
    "BY",
    "MC",
    "MD",
    "ME",
    "MK",
    "RS",
    "SM",
    "UA",
    "VA",
    "RU",
]
REGIONS = {
    # code: (name, countries) - None means every country
    "WW": ("Worldwide", None),
    "EXUS": ("Worldwide excluding the United States", "EXCEPT US"),
    "EU": ("European Union", EU),
    "EEA": ("European Economic Area", [*EU, "IS", "LI", "NO"]),
    "EUR": ("Europe", EUROPE),
    # Not "NA": that is Namibia's ISO code. Region codes must never be two letters that ISO
    # 3166-1 assigns to a country.
    "NORAM": ("North America", ["US", "CA", "MX"]),
    "LATAM": (
        "Latin America",
        [
            "AR",
            "BO",
            "BR",
            "CL",
            "CO",
            "CR",
            "CU",
            "DO",
            "EC",
            "SV",
            "GT",
            "HN",
            "MX",
            "NI",
            "PA",
            "PY",
            "PE",
            "PR",
            "UY",
            "VE",
        ],
    ),
    "APAC": (
        "Asia Pacific",
        [
            "AU",
            "BD",
            "BN",
            "KH",
            "CN",
            "FJ",
            "HK",
            "IN",
            "ID",
            "JP",
            "KR",
            "LA",
            "MO",
            "MY",
            "MN",
            "MM",
            "NP",
            "NZ",
            "PK",
            "PG",
            "PH",
            "SG",
            "LK",
            "TW",
            "TH",
            "VN",
        ],
    ),
    "GC": ("Greater China", ["CN", "HK", "MO", "TW"]),
    "ASEAN": ("ASEAN", ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]),
    "MENA": (
        "Middle East and North Africa",
        [
            "DZ",
            "BH",
            "EG",
            "IR",
            "IQ",
            "IL",
            "JO",
            "KW",
            "LB",
            "LY",
            "MA",
            "OM",
            "QA",
            "SA",
            "SY",
            "TN",
            "AE",
            "YE",
            "PS",
        ],
    ),
}
THERAPEUTIC_AREAS = [
    "Oncology",
    "Immunology & Inflammation",
    "Neuroscience",
    "Cardiovascular",
    "Metabolic & Endocrine",
    "Infectious Diseases",
    "Vaccines",
    "Rare Diseases",
    "Respiratory",
    "Ophthalmology",
    "Hematology",
    "Dermatology",
    "Gastroenterology",
    "Nephrology",
    "Women's Health",
]


def country_names() -> dict[str, str]:
    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def load(apps, schema_editor=None) -> None:
    Territory = apps.get_model("portfolio", "Territory")
    TherapeuticArea = apps.get_model("portfolio", "TherapeuticArea")
    names = country_names()
    existing = set(Territory.objects.values_list("code", flat=True))
    Territory.objects.bulk_create(
        [
            Territory(code=code, name=name, kind="country")
            for code, name in sorted(names.items())
            if code not in existing
        ]
    )
    countries = {t.code: t for t in Territory.objects.filter(kind="country")}
    for code, (name, members) in REGIONS.items():
        region, _ = Territory.objects.get_or_create(
            code=code, defaults={"name": name, "kind": "region"}
        )
        if members is None:
            chosen = list(countries.values())
        elif members == "EXCEPT US":
            chosen = [t for c, t in countries.items() if c != "US"]
        else:
            chosen = [countries[c] for c in members]
        region.countries.set(chosen)
    for name in THERAPEUTIC_AREAS:
        TherapeuticArea.objects.get_or_create(name=name)
