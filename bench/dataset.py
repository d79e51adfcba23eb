"""A deterministic national dataset: ~150 helhedsplaner with partners, indsatsområder, activities
and their ledger lines in the import layout. Same seed, same bytes — so runs can be compared.

Nothing here touches a database: `specs()` describes the plans, `lines()` yields the entry rows.
Every random choice comes from a `random.Random` seeded with a string made of the run's seed and
the plan's number, so one plan's lines do not depend on how many lines another plan got.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass

from app.services.imports import LINE_FIELDS

FUND = "Landsbyggefonden"
IMPORT_COLUMNS = list(LINE_FIELDS)  # the import layout (app.services.imports)
# The last year with accounts (regnskab); later years carry budget only.
LAST_ACTUAL_YEAR = 2025
CORRECTION_SHARE = 0.02  # of lines: reversed and replaced by a later line

MUNICIPALITIES = [
    "Albertslund", "Aalborg", "Aarhus", "Brøndby", "Esbjerg", "Fredericia", "Frederikssund",
    "Frederiksberg", "Gladsaxe", "Glostrup", "Guldborgsund", "Herning", "Hillerød", "Holbæk",
    "Horsens", "Høje-Taastrup", "Hvidovre", "Ishøj", "Kalundborg", "Kolding", "København",
    "Køge", "Lolland", "Næstved", "Odense", "Randers", "Ringsted", "Roskilde", "Rødovre",
    "Silkeborg", "Slagelse", "Svendborg", "Sønderborg", "Taastrup", "Vejle", "Viborg",
    "Aabenraa", "Faaborg-Midtfyn", "Haderslev", "Helsingør",
]  # fmt: skip
HOUSING_ORGS = [
    "Boligselskab", "Boligforening", "Almene Boliger", "Andelsboligforening", "Bolig",
]  # fmt: skip
FOCUS_AREAS = [
    "Tryghed og trivsel",
    "Uddannelse og livschancer",
    "Beskæftigelse",
    "Forebyggelse og forældreansvar",
]
ACTIVITY_NAMES = [
    "Lektiecafé", "Familiecoach", "Jobcafé", "Fritidsjob", "Boligsocial vejledning",
    "Netværksmødre", "Ungdomsklub", "Sundhedsformidler", "Frivilligkoordinering",
    "Beboerdemokrati", "Gadeplansarbejde", "Sprogstøtte", "Mentorordning", "Idrætsforening",
    "Forældrekursus",
]  # fmt: skip
# No staff_purchase lines: the import refuses frikøb without hours × rate; build.py books
# frikøb through the frikøb service.
CATEGORIES = ["cash", "staff_cofinancing", "other"]


@dataclass(frozen=True)
class PartnerSpec:
    name: str
    kind: str  # PartnerKind value


@dataclass(frozen=True)
class ActivitySpec:
    code: str
    name: str


@dataclass(frozen=True)
class FocusAreaSpec:
    name: str
    activities: tuple[ActivitySpec, ...]


@dataclass(frozen=True)
class PlanSpec:
    number: int
    slug: str
    name: str
    municipality: str
    partners: tuple[str, ...]  # besides the municipality; the fund first
    first_year: int
    last_year: int
    focus_areas: tuple[FocusAreaSpec, ...]

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def activity_codes(self) -> list[str]:
        return [a.code for fa in self.focus_areas for a in fa.activities]


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random("-".join(str(p) for p in (seed, *parts)))


def partners(seed: int, plans: int) -> list[PartnerSpec]:
    """Every partner of the dataset: the fund, the municipalities, housing organisations."""
    result = [PartnerSpec(FUND, "fund")]
    result += [PartnerSpec(f"{m} Kommune", "municipality") for m in MUNICIPALITIES]
    result += [PartnerSpec(_housing_org(i), "housing_org") for i in range(plans // 2)]
    result += [PartnerSpec(f"Fonden for lokalområder {i + 1}", "other") for i in range(10)]
    return result


def _housing_org(i: int) -> str:
    return f"{HOUSING_ORGS[i % len(HOUSING_ORGS)]} {i + 1:03d}"


def specs(seed: int, plans: int = 150) -> list[PlanSpec]:
    """The plans: 4–6 years, 3–6 partners, 3–4 indsatsområder, 5–15 activities each."""
    result = []
    for number in range(1, plans + 1):
        rng = _rng(seed, "plan", number)
        municipality = MUNICIPALITIES[rng.randrange(len(MUNICIPALITIES))]
        first = rng.randint(2012, 2022)
        last = first + rng.randint(4, 6) - 1
        others = [_housing_org(rng.randrange(plans // 2)) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            others.append(f"Fonden for lokalområder {rng.randint(1, 10)}")
        plan_partners = tuple(dict.fromkeys([FUND, *others]))[:5]  # 3–6 with the municipality
        area_names = rng.sample(FOCUS_AREAS, rng.randint(3, 4))
        codes = iter(range(1, 100))
        activity_count = rng.randint(5, 15)
        per_area = [1] * len(area_names)
        for _ in range(activity_count - len(area_names)):
            per_area[rng.randrange(len(area_names))] += 1
        areas = []
        for name, count in zip(area_names, per_area, strict=True):
            activities = []
            for _ in range(count):
                code = next(codes)
                label = ACTIVITY_NAMES[rng.randrange(len(ACTIVITY_NAMES))]
                activities.append(ActivitySpec(f"A{code:02d}", f"{label} {code}"))
            areas.append(FocusAreaSpec(name, tuple(activities)))
        town = f"{municipality} Kommune"
        result.append(
            PlanSpec(
                number=number,
                slug=f"plan-{number:03d}",
                name=f"Boligsocial helhedsplan {number:03d}, {municipality} {first}–{last}",
                municipality=town,
                partners=plan_partners,
                first_year=first,
                last_year=last,
                focus_areas=tuple(areas),
            )
        )
    return result


def line_counts(plans: list[PlanSpec], total: int) -> list[int]:
    """Share `total` lines over the plans in proportion to years × activities."""
    weights = [len(p.years) * len(p.activity_codes) for p in plans]
    whole = sum(weights)
    counts = [total * w // whole for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    return counts


def _amount(rng: random.Random, ore: int) -> str:
    """Kroner as the import reads them: Danish (1.225.000,50) or plain (1225000.50) form."""
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(ore), 100)
    if rng.random() < 0.5:
        grouped = f"{kroner:,}".replace(",", ".")
        return f"{sign}{grouped},{rest:02d}" if rest else f"{sign}{grouped}"
    return f"{sign}{kroner}.{rest:02d}" if rest else f"{sign}{kroner}"


def lines(seed: int, plan: PlanSpec, count: int) -> Iterator[dict[str, str]]:
    """`count` entry rows for the plan: budget and actual lines, with corrections.

    A correction is two rows (the reversal and the replacement), so a corrected line adds
    two to the count; the generator stops exactly at `count`.
    """
    rng = _rng(seed, "lines", plan.number)
    people = [plan.municipality, *plan.partners]
    codes = plan.activity_codes
    years = list(plan.years)
    made = 0
    serial = 0
    while made < count:
        serial += 1
        year = years[rng.randrange(len(years))]
        kind = "actual" if year <= LAST_ACTUAL_YEAR and rng.random() < 0.5 else "budget"
        category = rng.choices(CATEGORIES, weights=[70, 20, 10])[0]
        if category == "staff_cofinancing":
            own = rng.random() < 0.6 or len(people) < 3
            partner = plan.municipality if own else people[rng.randrange(2, len(people))]
        else:
            partner = people[rng.randrange(len(people))]
        activity = "" if rng.random() < 0.1 else codes[rng.randrange(len(codes))]
        ore = rng.randint(1_000, 500_000) * 100 + (rng.randrange(100) if rng.random() < 0.3 else 0)
        external_id = f"{plan.slug}-{serial:07d}"
        row = {
            "plan": plan.slug,
            "year": str(year),
            "activity": activity,
            "partner": partner,
            "kind": kind,
            "category": category,
            "amount": _amount(rng, ore),
            "text": f"Bilag {serial}",
            "external_id": external_id,
        }
        yield row
        made += 1
        if made + 2 <= count and rng.random() < CORRECTION_SHARE:
            new_ore = ore + rng.randint(-ore // 4, ore // 4)
            yield row | {
                "amount": _amount(rng, -ore),
                "text": f"Tilbageførsel af {external_id}: fejl i beløb",
                "external_id": f"{external_id}-R",
            }
            yield row | {
                "amount": _amount(rng, new_ore),
                "text": f"Rettelse af {external_id}: fejl i beløb",
                "external_id": f"{external_id}-N",
            }
            made += 2
