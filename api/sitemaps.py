"""Sitemap XML (sitemaps.org protocol 0.9): a list of page URLs, or an index of sitemaps.

A sitemap holds at most 50,000 URLs; past that, ``/sitemap.xml`` is a sitemap index pointing at
``/sitemap-1.xml``, ``/sitemap-2.xml`` … of 50,000 each. URLs are XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

__all__ = ["SITEMAP_LIMIT", "SITEMAP_NS", "sitemap_files"]

SITEMAP_LIMIT = 50_000
"""Most URLs one sitemap file may list."""
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def sitemap_files(urls: Sequence[str], base: str, *, limit: int = SITEMAP_LIMIT) -> dict[str, str]:
    """The sitemap files for ``urls`` by file name: ``sitemap.xml`` alone when the URLs fit in one,
    else ``sitemap.xml`` as an index of ``sitemap-1.xml`` … (served under ``base``)."""
    if len(urls) <= limit:
        return {"sitemap.xml": _document("urlset", "url", urls)}
    parts = {
        f"sitemap-{number}.xml": _document("urlset", "url", urls[start : start + limit])
        for number, start in enumerate(range(0, len(urls), limit), start=1)
    }
    return {"sitemap.xml": _document("sitemapindex", "sitemap", [base + name for name in parts]), **parts}


def _document(root: str, entry: str, locations: Sequence[str]) -> str:
    lines = "".join(f"  <{entry}><loc>{escape(url)}</loc></{entry}>\n" for url in locations)
    return f'{_HEAD}<{root} xmlns="{SITEMAP_NS}">\n{lines}</{root}>\n'
