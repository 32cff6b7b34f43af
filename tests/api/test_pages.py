"""HTML pages against a real server on the seed store: what each page shows, that it escapes text
from the documents, carries no inline script or style, links its machine-readable twin, and that
every same-site link resolves (a crawl from the home page)."""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from graph.ingest import ingest_documents
from graph.store import GraphStore
from queries import all_queries, get_query
from tests.live import serving
from tests.queries.test_named_queries import (
    BASE,
    DOC_2020,
    GIFTFRI,
    KS,
    PLATFORM_DECISION,
    VARUMARKE,
    ingested_seed_store,
)
from tests.seeds import seed_path

pytestmark = pytest.mark.live

CUPS = f"{BASE}id/indicator/kommunstyrelsen/antal-inkopta-plastbagare-ej-fornybar-eller-atervunnen-ravara"


class Page(HTMLParser):
    """The parts of an HTML page the tests look at: links, alternates, inline code, text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.alternates: list[tuple[str, str]] = []
        self.scripts = 0
        self.styled: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []
        self.classes: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.classes += values.get("class", "").split()
        self.links += [values[k] for k in ("href", "src", "action") if k in values]
        if tag == "link" and values.get("rel") == "alternate":
            self.alternates.append((values.get("type", ""), values["href"]))
        if tag == "script":
            self.scripts += 1
        if tag == "style" or "style" in values or any(k.startswith("on") for k in values):
            self.styled.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split()).replace(" ,", ",").replace(" :", ":")


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
"""What a browser asks for."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[httpx.Client]:
    with serving(ingested_seed_store(tmp_path_factory, seeds_dir)) as base:
        with httpx.Client(base_url=base, timeout=60, headers=BROWSER) as client:
            yield client


def page_of(iri: str) -> str:
    """The same-site path of a resource's page: its IRI, dereferenced."""
    assert iri.startswith(BASE)
    return "/" + iri[len(BASE) :]


def fetch(site: httpx.Client, path: str, status: int = 200) -> Page:
    response = site.get(path)
    assert response.status_code == status, (path, response.text[:500])
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page = Page(response.text)
    assert page.scripts == 0 and page.styled == [], path
    return page


def test_entity_page_shows_label_types_statements_links_and_sources(site: httpx.Client) -> None:
    assessment = f"{BASE}id/assessment/000_bbff43da3c846827/giftfri-miljo/2020"
    page = fetch(site, page_of(assessment))
    words = page.words
    assert "Målbedömning / goal assessment" in words and "Verksamhetsberättelse 2020, rad 462–467" in words
    assert page_of(GIFTFRI) in page.links and page_of(DOC_2020) in page.links
    [(kind, twin)] = page.alternates
    assert (kind, twin) == ("text/turtle", page_of(assessment) + ".ttl")
    described = site.get(twin)
    assert described.headers["content-type"].startswith("text/turtle")
    assert "000_bbff43da3c846827/giftfri-miljo/2020>" in described.text


def test_goal_page_traces_hierarchy_indicators_assessments_and_sources(site: httpx.Client) -> None:
    page = fetch(site, page_of(GIFTFRI))
    words = page.words
    assert "Giftfri miljö" in words and "Nämndmål / board goal" in words
    assert page_of(KS) in page.links
    assert "Bidrar till / contributes to Ett klimatsmart Linköping" in words
    assert "Klimatsäkert Linköping" in words  # a sibling under the same council goal
    assert page.tags.count("svg") == 3 and "target" in page.classes  # one chart per indicator
    assert page_of(CUPS) in page.links and "Målvärde 0" in words
    assert re.search(r"2020 Ej uppfyllt / not fulfilled .*2024 Uppfyllt / fulfilled", words)
    assert {"status-not-fulfilled", "status-fulfilled"} <= set(page.classes)
    assert "Verksamhetsberättelse 2020, rad 462" in words and "Inga beslut citeras" in words


def test_goal_page_lists_cited_decisions_with_links(site: httpx.Client) -> None:
    page = fetch(site, page_of(VARUMARKE))
    assert page_of(PLATFORM_DECISION) in page.links and "decision" in page.classes


def test_indicator_page_charts_values_against_the_target(site: httpx.Client) -> None:
    page = fetch(site, page_of(CUPS))
    words = page.words
    assert page.tags.count("svg") == 1 and "157 000" in words and "20 656" in words
    assert "Målvärde / target: 0" in words and "Når inte målet" in words
    assert page_of(GIFTFRI) in page.links


def test_decision_page_names_body_date_and_citing_documents(site: httpx.Client) -> None:
    page = fetch(site, page_of(PLATFORM_DECISION))
    words = page.words
    assert "2020-01-14 · § 3" in words and page_of(KS) in page.links
    assert "Citerat i / Cited in" in words


def test_organisation_page_lists_its_goals(site: httpx.Client) -> None:
    page = fetch(site, page_of(KS))
    assert "Kommunstyrelsen" in page.words and page_of(GIFTFRI) in page.links


def test_document_page_lists_what_was_read_from_it_by_line(site: httpx.Client) -> None:
    page = fetch(site, page_of(DOC_2020))
    words = page.words
    assert "Verksamhetsberättelse 2020" in words
    assert re.search(r"rad 462 Nämndmål / board goal Giftfri miljö", words)
    lines = [int(n) for n in re.findall(r"rad (\d+)(?:–\d+)? \S", words.split("Extracted from it", 1)[1])]
    assert len(lines) > 500 and lines == sorted(lines)


def test_home_counts_kinds_and_lists_documents_and_years(site: httpx.Client) -> None:
    page = fetch(site, "/")
    words = page.words
    assert re.search(r"\d+ Mål / goals", words) and "Verksamhetsberättelse 2024" in words
    assert "Years covered: 2018, 2019, 2020, 2024" in words
    assert {"/goals", "/organisations", "/documents", "/query", "/search"} <= set(page.links)


def test_search_finds_goals_without_diacritics_and_case(site: httpx.Client) -> None:
    page = fetch(site, "/search?q=GIFTFRI%20MILJO")
    assert page_of(GIFTFRI) in page.links
    assert page_of(KS) in fetch(site, "/search?q=kommunstyrelsen").links
    assert page_of(PLATFORM_DECISION) in fetch(site, "/search?q=platsvarumarke").links
    assert "träffar" not in fetch(site, "/search").words


def test_goal_hierarchy_nests_board_goals_under_council_goals(site: httpx.Client) -> None:
    html = site.get("/goals").text
    before = html[: html.index(page_of(GIFTFRI))]
    depth = before.count('<ul class="tree">') - before.count("</ul>")
    assert depth >= 2  # inside its council goal's list, itself inside the root list


def test_query_page_lists_named_queries_and_prefills_the_form(site: httpx.Client) -> None:
    page = fetch(site, "/query")
    examples = {
        parse_qs(urlsplit(link).query)["query"][0]: link for link in page.links if link.startswith("/query?")
    }
    assert len(examples) == len(all_queries())
    filled = site.get(examples[get_query("goal_trace").sparql]).text
    assert "skos:prefLabel" in filled and "$goal" in filled and 'action="/sparql"' in filled
    answer = site.post("/sparql", data={"query": "ASK { ?s ?p ?o }", "format": "json"})
    assert answer.json()["boolean"] is True


def test_page_of_any_iri_and_the_html_suffix_give_the_same_page(site: httpx.Client) -> None:
    canonical = site.get(page_of(GIFTFRI)).text
    assert site.get(page_of(GIFTFRI) + ".html").text == canonical
    assert site.get("/-/page?iri=" + quote(GIFTFRI, safe="")).text == canonical


def test_unknown_iri_is_a_404_page(site: httpx.Client) -> None:
    unknown = f"{BASE}id/goal/kommunstyrelsen/finns-inte"
    page = fetch(site, "/-/page?iri=" + quote(unknown, safe=""), status=404)
    assert "Hittades inte" in page.words and unknown in page.words
    assert site.get(page_of(unknown)).status_code == 404


def test_stylesheet_is_served_and_unknown_static_files_are_404(site: httpx.Client) -> None:
    css = site.get("/-/static/styrgraf.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ".status-not-fulfilled" in css.text
    assert site.get("/-/static/secret.txt").status_code == 404


def _kind(url: str) -> str | None:
    """A crawled URL's page kind: the IRI's kind under ``id/`` (``goal``, ``observation`` …,
    passages as ``document/lines``), ``/path?`` for a page with parameters (Turtle twins, filled
    query forms); None for a page without parameters (always crawled)."""
    parts = urlsplit(url)
    target = parse_qs(parts.query).get("iri", [""])[0] if parts.path == "/-/page" else parts.path
    match = re.search(r"/id/([^/]+)(?:/.*(/lines/))?", target)
    if match:
        return match.group(1) + ("/lines" if match.group(2) else "")
    return parts.path + "?" if parts.query else None


PER_KIND = 3
"""Pages fetched per kind in the crawl (every page without parameters)."""


def test_crawl_from_home_finds_no_broken_link(site: httpx.Client) -> None:
    """Breadth-first from ``/`` over every same-site ``href``/``src``/``action``: every page without
    parameters, and the first PER_KIND pages of each resource kind (and of each page with
    parameters) in crawl order — the seed graph has ~7 000 resources, and the pages of one kind
    render through the same template and queries."""
    seen: set[str] = {"/"}
    queue = deque(["/"])
    queued: Counter[str | None] = Counter()
    fetched: Counter[str] = Counter()
    broken: list[tuple[int, str, str]] = []
    while queue:
        url = queue.popleft()
        response = site.get(url)
        fetched[_kind(url) or urlsplit(url).path] += 1
        if response.status_code >= 400:
            broken.append((response.status_code, url, response.text[:200]))
            continue
        if not response.headers["content-type"].startswith("text/html"):
            continue
        page = Page(response.text)
        if "/-/static/styrgraf.css" in page.links:  # one of our pages: it names its machine-readable twin
            assert len(page.alternates) == 1, url
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or link in seen:
                continue
            kind = _kind(link)
            if kind is None or queued[kind] < PER_KIND:
                queued[kind] += 1
                seen.add(link)
                queue.append(link)
    assert broken == []
    kinds = {"goal", "indicator", "decision", "org", "document", "document/lines", "assessment", "period"}
    assert kinds <= set(fetched), fetched
    pages = {"/", "/goals", "/organisations", "/documents", "/query", "/search", "/sparql", "/catalog"}
    assert pages | {"/dumps/styrgraf.ttl", "/.well-known/void", "/ontology"} <= set(fetched)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A store of the 2020 report with markup written into a goal's assessment text."""
    folder = tmp_path_factory.mktemp("hostile")
    seed = seed_path("000")
    printed = "Utifrån uppföljningen per den 31 december bedöms nämndmålet som inte uppnått."
    text = seed.read_text(encoding="utf-8").replace(
        printed, printed.replace(" per ", ' <script>alert(1)</script> "&" per ')
    )
    assert "<script>" in text
    (folder / "docs").mkdir()
    (folder / "docs" / seed.name).write_text(text, encoding="utf-8")
    store = GraphStore.open(folder / "store")
    ingest_documents(store, [folder / "docs"], base=BASE)
    store.flush()
    del store
    with serving(folder / "store") as base:
        with httpx.Client(base_url=base, timeout=60, headers=BROWSER) as client:
            yield client


@pytest.mark.parametrize("iri", [GIFTFRI, f"{BASE}id/assessment/000_bbff43da3c846827/giftfri-miljo/2020"])
def test_text_from_documents_is_escaped(hostile_site: httpx.Client, iri: str) -> None:
    html = hostile_site.get(page_of(iri)).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    assert Page(html).scripts == 0
