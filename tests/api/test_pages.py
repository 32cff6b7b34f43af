"""HTML pages against a real server on the seed store: what each page shows, that it escapes text
from the documents, carries no inline script or style, and links its machine-readable twin."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.live import serving
from tests.queries.test_named_queries import BASE, DOC_2020, GIFTFRI, KS, ingested_seed_store

pytestmark = pytest.mark.live


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
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
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
        return " ".join(" ".join(self.text).split()).replace(" ,", ",")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[httpx.Client]:
    with serving(ingested_seed_store(tmp_path_factory, seeds_dir)) as base:
        with httpx.Client(base_url=base, timeout=60) as client:
            yield client


def page_of(iri: str) -> str:
    return "/-/page?iri=" + quote(iri, safe="")


def fetch(site: httpx.Client, path: str, status: int = 200) -> Page:
    response = site.get(path)
    assert response.status_code == status, (path, response.text[:500])
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = Page(response.text)
    assert page.scripts == 0 and page.styled == [], path
    return page


def test_entity_page_shows_label_types_statements_links_and_sources(site: httpx.Client) -> None:
    page = fetch(site, page_of(GIFTFRI))
    words = page.words
    assert "Giftfri miljö" in words and "Nämndmål / board goal" in words
    assert page_of(KS) in page.links and page_of(DOC_2020) in page.links
    assert "Verksamhetsberättelse 2020, rad 462" in words
    assert page_of(f"{BASE}id/assessment/000_bbff43da3c846827/giftfri-miljo/2020") in page.links
    [(kind, twin)] = page.alternates
    assert kind == "text/turtle" and site.get(twin).headers["content-type"].startswith("text/turtle")
    assert f"<{GIFTFRI}>" in site.get(twin).text


def test_unknown_iri_is_a_404_page(site: httpx.Client) -> None:
    page = fetch(site, page_of(f"{BASE}id/goal/kommunstyrelsen/finns-inte"), status=404)
    assert "Hittades inte" in page.words


def test_stylesheet_is_served_and_unknown_static_files_are_404(site: httpx.Client) -> None:
    css = site.get("/-/static/styrgraf.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ".status-not-fulfilled" in css.text
    assert site.get("/-/static/secret.txt").status_code == 404
