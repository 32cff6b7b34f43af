"""The goal page of "Giftfri miljö" in a real headless Chromium (Debian's ``chromium``, installed by
``make test`` when missing) against a live server: the chart and the assessments and decisions
are in the rendered DOM, the strict Content-Security-Policy refuses nothing, and a screenshot is
saved to ``var/screenshots/goal-giftfri-miljo.png``."""

from __future__ import annotations

import shutil
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.test_pages import Page, page_of
from tests.live import serving
from tests.queries.test_named_queries import GIFTFRI, ingested_seed_store

pytestmark = [pytest.mark.live, pytest.mark.slow]

SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "goal-giftfri-miljo.png"
WIDTH, HEIGHT = 1280, 2000


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium")
    assert found, "chromium not found: `make test` installs Debian's chromium package"
    return found


@pytest.fixture(scope="module")
def goal_url(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[str]:
    with serving(ingested_seed_store(tmp_path_factory, seeds_dir)) as base:
        yield base + page_of(GIFTFRI)


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run([chromium, *flags, *args], capture_output=True, text=True, timeout=120, check=True)


def test_goal_page_renders_chart_assessments_and_decisions(
    chromium: str, goal_url: str, tmp_path: Path
) -> None:
    done = run_chromium(chromium, tmp_path / "profile", "--dump-dom", goal_url)
    dom = Page(done.stdout)
    assert dom.tags.count("svg") == 3 and {"target", "line"} <= set(dom.classes)
    assert {"assessment", "status-not-fulfilled", "status-fulfilled"} <= set(dom.classes)
    words = dom.words
    assert "Giftfri miljö" in words and "Bedömningar / Assessments (2)" in words
    assert "Beslut / Decisions (0)" in words and "Inga beslut citeras för målet" in words
    assert "Content Security Policy" not in done.stderr


def test_goal_page_screenshot_is_a_full_size_png(chromium: str, goal_url: str, tmp_path: Path) -> None:
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    run_chromium(
        chromium,
        tmp_path / "profile",
        f"--screenshot={SCREENSHOT}",
        f"--window-size={WIDTH},{HEIGHT}",
        goal_url,
    )
    data = SCREENSHOT.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (WIDTH, HEIGHT)
    assert len(data) > 50_000  # a page of text and charts, not a blank canvas
