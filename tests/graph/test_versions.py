"""Goal version links on Kommunstyrelsen's real goal sets of 2018, 2020 and 2024.

The goals are copied by hand from the seed documents (file and line beside each); a test
checks every title and description really stands on that line, so the lists cannot drift
from the corpus.
"""

from __future__ import annotations

import pytest

from graph.resolve import EntityResolver
from graph.versions import GoalRecord, VersionLink, goal_records, link_goal_versions
from loaders.facts import Goal, Indicator, Span
from tests.seeds import SEEDS

KS = "Kommunstyrelsen"

Row = tuple[str, int, str, str, str | None]
"""(file, line, parent, title, description)"""

# 003, table "Fullmäktiges övergripande mål / Nämndmål", section "Nämndens analys och bedömning"
GOALS_2018: list[Row] = [
    (
        "003_ebf63fc7730f3945.txt",
        633,
        "En ekologiskt hållbar kommun",
        "Kommunens klimatarbete ska styras av målet om koldioxidneutralitet år 2025",
        None,
    ),
    (
        "003_ebf63fc7730f3945.txt",
        646,
        "En sammanhållen kommun med framtidstro och delaktighet",
        "Kommuninvånarna ska uppleva att kontakten med Linköpings kommun ska präglas av högklassig service",
        None,
    ),
    (
        "003_ebf63fc7730f3945.txt",
        654,
        "En kommun med bra arbetsvillkor",
        "Linköpings kommun har goda arbetsplatser, där varje medarbetare känner arbetsglädje",
        None,
    ),
]
# 001 (Internbudget 2020, bilaga), table "Kommunövergripande mål / Nämndmål / Nämndindikator"
GOALS_2020: list[Row] = [
    (
        "001_fea688bc18067ec8.txt",
        663,
        "Ett attraktivt och tryggt Linköping",
        "God social sammanhållning och delaktighet",
        "Goda förutsättningar för delaktighet i att utforma ett attraktivt och tryggt Linköping.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        665,
        "Ett attraktivt och tryggt Linköping",
        "God trygghet och säkerhet",
        "Trygghetsskapande åtgärder på allmänna platser och ett aktivt samhällsansvar",
    ),
    (
        "001_fea688bc18067ec8.txt",
        670,
        "Ett attraktivt och tryggt Linköping",
        "God planberedskap i antagna översiktsplaner",
        None,
    ),
    (
        "001_fea688bc18067ec8.txt",
        672,
        "Ett attraktivt och tryggt Linköping",
        "Starkt varumärke",
        "Linköping är en plats där det är attraktivt att bo, driva företag samt komma på besök.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        680,
        "Ett klimatsmart Linköping",
        "Linköping är koldioxidneutralt år 2025",
        "Linköpings kommun tar tåten i miljö- och klimatarbetet.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        683,
        "Ett klimatsmart Linköping",
        "Klimatsäkert Linköping",
        "Linköpings kommun arbetar med klimatanpassning.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        684,
        "Ett klimatsmart Linköping",
        "Gifrfri miljö",
        "Linköpings kommun skyddar miljön genom att fasa ut farliga kemikalier i verksamheten.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        686,
        "Ett företagsamt Linköping",
        "Ett starkt entreprenörskap och växande näringsliv",
        "Välmående företag i många branscher, ett starkt innovationssystem och företagsamma människor",
    ),
    (
        "001_fea688bc18067ec8.txt",
        695,
        "Kostnadseffektiv verksamhet",
        "Kostnadseffektiv verksamhet",
        "Optimera verksamhetens nytta i relation till kostnaderna.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        704,
        "Kostnadseffektiv verksamhet",
        "Korrekta och effektiva inköp",
        "Effektiva inköpsprocesser med it som stöd.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        714,
        "Hållbar ekonomi",
        "God ekonomisk kontroll",
        "Goda resultat och stabil ekonomi.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        712,
        "Hållbar ekonomi",
        "God finansiell ställning",
        "Finansieringen av välfärden skjuts inte till kommande generationer.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        728,
        "Effektiv organisation med goda resultat",
        "Effektiv organisation med goda resultat",
        "Kommunstyrelsen ger förutsättningar för effektiva verksamheter med goda resultat.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        729,
        "Effektiv organisation med goda resultat",
        "Hög digitaliseringsgrad",
        "Verksamhetsutveckling enligt principen digitalt först.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        733,
        "Hållbar verksamhetsutveckling",
        "Klimat effektiv verksamhet",
        "Minimal miljöpåverkan av bland annat transporter.",
    ),
    (
        "001_fea688bc18067ec8.txt",
        749,
        "Attraktiv arbetsgivare",
        "Goda arbetsplatser",
        "Varje medarbetare känner arbetsglädje och stolthet samt har inflytande och möjlighet att utvecklas",
    ),
    (
        "001_fea688bc18067ec8.txt",
        755,
        "Attraktiv arbetsgivare",
        "Framgångsrikt chef- och ledarskap",
        "Varje chef leder och utvecklar sina verksamheter mot uppsatta mål med mod, engagemang",
    ),
    (
        "001_fea688bc18067ec8.txt",
        763,
        "Hållbar kompetensförsörjning",
        "Nya vägar för (tryggad) kompetensförsörjning",
        "Utveckling av den digitala medarbetaren, ett ansvarstagande för ett livslångt lärande",
    ),
]
# 002, "Nämndindikatorer", table "Nämndmål / Nämndindikator" under each kommunövergripande mål
GOALS_2024: list[Row] = [
    (
        "002_70f13666fe98d17a.txt",
        640,
        "Ett tryggt och säkert Linköping",
        "God trygghet och säkerhet",
        "Linköpings kommun har ett effektivt brottsförebyggande- och trygghetsskapande arbete.",
    ),
    (
        "002_70f13666fe98d17a.txt",
        645,
        "Ett tryggt och säkert Linköping",
        "Stärkt civil beredskap",
        "Det finns en stark civil beredskap som bidrar till att samhället fungerar",
    ),
    (
        "002_70f13666fe98d17a.txt",
        650,
        "Ett Linköping med minskad segregation",
        "God social sammanhållning och delaktighet",
        "Det finns goda förutsättningar för delaktighet i att utforma en sammanhållen kommun",
    ),
    (
        "002_70f13666fe98d17a.txt",
        654,
        "Ett Linköping med minskad segregation",
        "Goda livsvillkor",
        "I Linköping skapas förutsättningar för ett jämställt och jämlikt samhälle",
    ),
    (
        "002_70f13666fe98d17a.txt",
        660,
        "Ett Linköping i framkant inom miljö och klimat",
        "Linköping är koldioxidneutralt år 2025 och uppnår netto-noll växthusgasutsläpp 2045",
        "Linköpings kommun är i framkant inom miljö och klimat.",
    ),
    (
        "002_70f13666fe98d17a.txt",
        663,
        "Ett Linköping i framkant inom miljö och klimat",
        "Klimatsäkert Linköping",
        "Genom ett samordnat och proaktivt klimatanpassningsarbete säkras kommunkoncernens verksamhet",
    ),
    (
        "002_70f13666fe98d17a.txt",
        664,
        "Ett Linköping i framkant inom miljö och klimat",
        "Gifrfri miljö",
        "Linköpings kommun skyddar miljön genom att fasa ut farliga kemikalier i verksamheten.",
    ),
    (
        "002_70f13666fe98d17a.txt",
        669,
        "Ett växande Linköping med ett starkt näringsliv",
        "Ett starkt entreprenörskap och växande näringsliv",
        "Linköping har välmående företag i många branscher",
    ),
    (
        "002_70f13666fe98d17a.txt",
        674,
        "Ett växande Linköping med ett starkt näringsliv",
        "God planberedskap i antagna översiktsplaner",
        "Den översiktliga planeringen är framåtsyftande och säkerställer långsiktig utveckling.",
    ),
    (
        "002_70f13666fe98d17a.txt",
        675,
        "Ett växande Linköping med ett starkt näringsliv",
        "Starkt varumärke",
        "Linköping är en plats där det är attraktivt att bo och leva.",
    ),
    (
        "002_70f13666fe98d17a.txt",
        684,
        "En hållbar ekonomi",
        "Kostnadseffektiv verksamhet",
        "Linköpings kommun optimerar verksamhetens nytta i relation till kostnaderna.",
    ),
    (
        "002_70f13666fe98d17a.txt",
        685,
        "En hållbar ekonomi",
        "God ekonomisk kontroll",
        "Linköpings kommun har goda resultat och stabil ekonomi.",
    ),
    (
        "002_70f13666fe98d17a.txt",
        686,
        "En hållbar ekonomi",
        "God finansiell ställning",
        "Linköpings kommun skjuter inte finansieringen av välfärden till kommande generationer.",
    ),
    (
        "002_70f13666fe98d17a.txt",
        703,
        "En organisation med hög produktivitet och effektivitet",
        "En hållbar organisation med hög produktivitet och effektivitet",
        "Kommunstyrelsen ger inom ramen för sitt uppdrag förutsättningar för effektiva verksamheter "
        "med goda resultat. Kommunstyrelsen arbetar för hållbar verksamhetsutveckling",
    ),
    (
        "002_70f13666fe98d17a.txt",
        712,
        "En organisation med hög produktivitet och effektivitet",
        "Innovativ verksamhetsutveckling och digitalisering",
        None,
    ),
    (
        "002_70f13666fe98d17a.txt",
        719,
        "Linköpings kommun är en attraktiv arbetsgivare med en hållbar kompetensförsörjning",
        "Goda arbetsplatser",
        "Varje medarbetare känner arbetsglädje och stolthet samt har inflytande och möjlighet att utvecklas.",
    ),
    (
        "002_70f13666fe98d17a.txt",
        730,
        "Linköpings kommun är en attraktiv arbetsgivare med en hållbar kompetensförsörjning",
        "Hållbart chef- och ledarskap",
        "Kommunens chefer är engagerade och har modet att tänka och göra på nya sätt",
    ),
    (
        "002_70f13666fe98d17a.txt",
        734,
        "Linköpings kommun är en attraktiv arbetsgivare med en hållbar kompetensförsörjning",
        "Nya vägar för kompetensförsörjning",
        "Nya arbetssätt för att attrahera, utveckla och behålla medarbetare",
    ),
]


def _records(rows: list[Row], period: str) -> list[GoalRecord]:
    resolver = EntityResolver.seeded([])
    return [
        GoalRecord(
            key=resolver.goal(title, KS).key,
            title=title,
            owner=KS,
            period=period,
            parent=parent,
            description=description,
        )
        for _, _, parent, title, description in rows
    ]


def _pairs(links: list[VersionLink]) -> set[tuple[str, str]]:
    return {(link.earlier.title, link.later.title) for link in links}


@pytest.fixture(scope="module")
def links_2020_2024() -> list[VersionLink]:
    return link_goal_versions(_records(GOALS_2020, "2020"), _records(GOALS_2024, "2024"))


@pytest.fixture(scope="module")
def links_2018_2020() -> list[VersionLink]:
    return link_goal_versions(_records(GOALS_2018, "2018"), _records(GOALS_2020, "2020"))


@pytest.mark.parametrize("rows", [GOALS_2018, GOALS_2020, GOALS_2024], ids=["2018", "2020", "2024"])
def test_hand_listed_goals_stand_on_their_seed_lines(
    rows: list[tuple[str, int, str, str, str | None]],
) -> None:
    for file, line, _, title, description in rows:
        lines = (SEEDS / file).read_text(encoding="utf-8").splitlines()
        window = " ".join(lines[line - 1 : line + 7])
        assert title.split(",")[0] in window, f"{file}:{line}: {title!r}"
        if description:
            assert description[:40] in window, f"{file}:{line}: {description!r}"


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (
            "Linköping är koldioxidneutralt år 2025",
            "Linköping är koldioxidneutralt år 2025 och uppnår netto-noll växthusgasutsläpp 2045",
        ),
        ("Framgångsrikt chef- och ledarskap", "Hållbart chef- och ledarskap"),
        ("Nya vägar för (tryggad) kompetensförsörjning", "Nya vägar för kompetensförsörjning"),
        (
            "Effektiv organisation med goda resultat",
            "En hållbar organisation med hög produktivitet och effektivitet",
        ),
        ("Hög digitaliseringsgrad", "Innovativ verksamhetsutveckling och digitalisering"),
        ("Klimat effektiv verksamhet", "En hållbar organisation med hög produktivitet och effektivitet"),
    ],
)
def test_ks_2020_goal_is_linked_to_its_2024_successor(
    links_2020_2024: list[VersionLink], earlier: str, later: str
) -> None:
    assert (earlier, later) in _pairs(links_2020_2024)


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (
            "Kommunens klimatarbete ska styras av målet om koldioxidneutralitet år 2025",
            "Linköping är koldioxidneutralt år 2025",
        ),
        (
            "Linköpings kommun har goda arbetsplatser, där varje medarbetare känner arbetsglädje",
            "Goda arbetsplatser",
        ),
    ],
)
def test_ks_2018_goal_is_linked_to_its_2020_successor(
    links_2018_2020: list[VersionLink], earlier: str, later: str
) -> None:
    assert (earlier, later) in _pairs(links_2018_2020)


def test_goals_kept_under_the_same_key_are_not_version_linked(links_2020_2024: list[VersionLink]) -> None:
    titles = {link.later.title for link in links_2020_2024} | {link.earlier.title for link in links_2020_2024}
    assert not titles & {"Goda arbetsplatser", "Gifrfri miljö", "God planberedskap i antagna översiktsplaner"}


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (
            "Klimatsäkert Linköping",
            "Linköping är koldioxidneutralt år 2025 och uppnår netto-noll växthusgasutsläpp 2045",
        ),
        ("Framgångsrikt chef- och ledarskap", "Goda arbetsplatser"),
        ("Korrekta och effektiva inköp", "Kostnadseffektiv verksamhet"),
    ],
)
def test_ks_2020_goal_is_not_linked_to_an_unrelated_2024_goal(
    links_2020_2024: list[VersionLink], earlier: str, later: str
) -> None:
    assert (earlier, later) not in _pairs(links_2020_2024)


def test_new_2024_goals_without_predecessor_stay_unlinked(links_2020_2024: list[VersionLink]) -> None:
    linked = {link.later.title for link in links_2020_2024}
    assert not linked & {"Stärkt civil beredskap", "Goda livsvillkor"}


def test_ks_2018_service_goal_has_no_2020_successor(links_2018_2020: list[VersionLink]) -> None:
    assert not [link for link in links_2018_2020 if link.earlier.title.startswith("Kommuninvånarna")]


def test_links_carry_similarity_and_reason(links_2020_2024: list[VersionLink]) -> None:
    link = next(link for link in links_2020_2024 if link.later.title == "Hållbart chef- och ledarskap")
    assert 0.5 <= link.similarity <= 1.0
    assert "same parent goal" not in link.reason
    assert link.reason.startswith("title")


def test_goals_of_different_owners_are_never_linked() -> None:
    earlier = [GoalRecord("kommunstyrelsen/goda-arbetsplatser", "Goda arbetsplatser", owner=KS)]
    later = [
        GoalRecord("bildningsnamnden/goda-arbetsplatser-x", "Goda arbetsplatser x", owner="Bildningsnämnden")
    ]
    assert link_goal_versions(earlier, later) == []


# 001:733-734 (Klimat effektiv verksamhet, 2020) and 002:704-707 (En hållbar organisation …, 2024)
INDICATORS_2020_CLIMATE = (
    "Andel gröna lån av kommunens totala andel finansiella placeringar.",
    "Andel el-, laddningshybrid och gasfordon i kommunens fordonsflotta (personbilar).",
)
INDICATORS_2024_ORGANISATION = (
    "Andel (%) medarbetare som har tillgång till den information de behöver för att utföra sitt arbete",
    "Andel gröna lån av kommunens totala andel finansiella placeringar.",
    "Andel el-, laddhybrid och gasfordon i kommunens fordonsflotta (personbilar och lätta lastbilar).",
    "Energianvändning kWh/m ² /år. Avser Lejonfastigheters totala fastighetsbestånd.",
)


def test_indicators_carried_over_link_an_absorbed_goal() -> None:
    climate = GoalRecord(
        "ks/klimateffektiv", "Klimateffektiv verksamhet", KS, indicators=INDICATORS_2020_CLIMATE
    )
    organisation = GoalRecord(
        "ks/en-hallbar-organisation",
        "En hållbar organisation med hög produktivitet och effektivitet",
        KS,
        indicators=INDICATORS_2024_ORGANISATION,
    )
    (link,) = link_goal_versions([climate], [organisation])
    assert (link.similarity, link.reason) == (1.0, "indicators carried over")
    without = link_goal_versions([GoalRecord(climate.key, climate.title, KS)], [organisation])
    assert without == []


def test_goal_records_attach_indicators_by_goal_title() -> None:
    span = Span("001_fea688bc18067ec8.txt", 733, 734)
    goal = Goal("Klimat effektiv verksamhet", "board", span, owner=KS, period="2020")
    indicators = [Indicator(name, span, goal="Klimateffektiv verksamhet") for name in INDICATORS_2020_CLIMATE]
    (record,) = goal_records([goal], EntityResolver.seeded([]), indicators)
    assert record.indicators == INDICATORS_2020_CLIMATE
    assert record.key == "kommunstyrelsen/klimat-effektiv-verksamhet"
