"""A scaled corpus: realistic variants of the five seed documents, written as documents.

``python -m bench.corpus --scale 10 --out var/corpus/10x`` writes the seeds themselves (Linköping) and
``scale - 1`` variants of each seed, so the corpus at N× holds 5·N documents and every stage of the
pipeline (loaders, resolution, mapping, store) runs on them. A variant of a seed is the same
document as another municipality's board would have written it:

* **municipality** — a real Swedish municipality replaces Linköping everywhere the document names
  it ("Linköpings kommun" → "Umeå kommun", "Linköpingsborna" → "Norrköpingsborna", the OCR-damaged
  "Linkdping" too);
* **board** — the first variant of a seed in a municipality keeps Kommunstyrelsen; later ones
  ("rounds") are another nämnd's report ("kommunstyrelsens" → "bildningsnämndens"), a nämnd the
  seed does not already name;
* **year** — round r moves every year back r years (dates, periods, "plan 2021-2023");
* **decisions** — § numbers move by an offset of the variant (decision IRIs name the §);
* **values** — every decimal number and percentage changes its last digit (indicator values,
  key figures, targets), keeping the printed format the loaders read.

Each municipality's documents go to their own folder, ``<out>/<slug>/``, with a distinct file stem
(``000_bbff43da3c846827_umea_1``); ``<out>/corpus.json`` lists the municipalities. A municipality
publishes under its own IRI base (:func:`municipality_base`: Linköping keeps the base, Umeå gets
``<base>umea/``), because Styrgraf mints organisation and goal IRIs from names and every
municipality has a "Kommunstyrelsen": one base per municipality keeps Umeå's board apart from
Linköping's, while the same board's reports of several years share its goals, as they should.
:func:`ingest_corpus` ingests a corpus that way, one municipality per transaction.

Generation is deterministic (the random choices are seeded by the seed document, municipality and
round) and streams: one variant is built and written at a time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.ingest import IngestResult, collect_documents, ingest_documents
from graph.resolve import slugify
from graph.store import GraphStore
from styrgraf.settings import DEFAULT_SEEDS

__all__ = [
    "BOARDS",
    "ensure_corpus",
    "MUNICIPALITIES",
    "CorpusMunicipality",
    "Variant",
    "generate_corpus",
    "ingest_corpus",
    "municipality_base",
    "read_manifest",
    "variant_text",
    "variants",
]

HOME = "Linköping"
"""The seeds' own municipality."""

MUNICIPALITIES: tuple[str, ...] = (
    # Östergötland first, then the rest of the country; single-word names only, because the loaders
    # recognise a municipality as "<Ort>s kommun". Names that are also common words (Mark, Berg,
    # Kil, Eda) are left out so that replacing the place name cannot change ordinary text.
    "Norrköping", "Motala", "Mjölby", "Finspång", "Vadstena", "Söderköping", "Valdemarsvik",
    "Åtvidaberg", "Kinda", "Boxholm", "Ödeshög", "Ydre", "Uppsala", "Enköping", "Östhammar", "Tierp",
    "Knivsta", "Heby", "Älvkarleby", "Nyköping", "Katrineholm", "Eskilstuna", "Strängnäs", "Flen",
    "Oxelösund", "Gnesta", "Trosa", "Vingåker", "Jönköping", "Värnamo", "Nässjö", "Vetlanda",
    "Gislaved", "Eksjö", "Tranås", "Sävsjö", "Vaggeryd", "Habo", "Mullsjö", "Gnosjö", "Aneby",
    "Växjö", "Ljungby", "Älmhult", "Alvesta", "Tingsryd", "Markaryd", "Lessebo", "Uppvidinge",
    "Kalmar", "Västervik", "Oskarshamn", "Nybro", "Vimmerby", "Emmaboda", "Torsås", "Mönsterås",
    "Hultsfred", "Högsby", "Borgholm", "Mörbylånga", "Karlskrona", "Karlshamn", "Ronneby",
    "Sölvesborg", "Olofström", "Kristianstad", "Hässleholm", "Ystad", "Trelleborg", "Helsingborg",
    "Landskrona", "Ängelholm", "Eslöv", "Höganäs", "Lund", "Malmö", "Simrishamn", "Sjöbo", "Skurup",
    "Svedala", "Vellinge", "Lomma", "Kävlinge", "Staffanstorp", "Burlöv", "Höör", "Hörby",
    "Tomelilla", "Osby", "Perstorp", "Klippan", "Åstorp", "Bjuv", "Svalöv", "Båstad", "Örkelljunga",
    "Bromölla", "Halmstad", "Varberg", "Falkenberg", "Kungsbacka", "Laholm", "Hylte", "Borås",
    "Trollhättan", "Uddevalla", "Vänersborg", "Skövde", "Lidköping", "Alingsås", "Mölndal",
    "Kungälv", "Lerum", "Partille", "Härryda", "Stenungsund", "Tjörn", "Orust", "Sotenäs",
    "Munkedal", "Tanum", "Strömstad", "Lysekil", "Mariestad", "Falköping", "Tidaholm", "Tibro",
    "Töreboda", "Karlsborg", "Gullspång", "Götene", "Vara", "Grästorp", "Essunga", "Herrljunga",
    "Vårgårda", "Ulricehamn", "Tranemo", "Svenljunga", "Bollebygd", "Bengtsfors", "Åmål",
    "Mellerud", "Färgelanda", "Karlstad", "Kristinehamn", "Arvika", "Säffle", "Hammarö",
    "Forshaga", "Grums", "Torsby", "Sunne", "Hagfors", "Filipstad", "Storfors", "Munkfors",
    "Årjäng", "Örebro", "Karlskoga", "Kumla", "Hallsberg", "Lindesberg", "Askersund", "Laxå",
    "Degerfors", "Hällefors", "Ljusnarsberg", "Lekeberg", "Västerås", "Köping", "Sala", "Fagersta",
    "Arboga", "Hallstahammar", "Kungsör", "Surahammar", "Norberg", "Skinnskatteberg", "Falun",
    "Borlänge", "Ludvika", "Avesta", "Mora", "Leksand", "Rättvik", "Hedemora", "Smedjebacken",
    "Säter", "Orsa", "Älvdalen", "Vansbro", "Gagnef", "Gävle", "Sandviken", "Hudiksvall", "Bollnäs",
    "Söderhamn", "Ljusdal", "Ovanåker", "Nordanstig", "Hofors", "Ockelbo", "Sundsvall",
    "Örnsköldsvik", "Härnösand", "Kramfors", "Sollefteå", "Timrå", "Ånge", "Östersund", "Krokom",
    "Strömsund", "Åre", "Härjedalen", "Ragunda", "Bräcke", "Umeå", "Skellefteå", "Lycksele",
    "Vännäs", "Nordmaling", "Robertsfors", "Vindeln", "Storuman", "Vilhelmina", "Dorotea", "Åsele",
    "Malå", "Sorsele", "Bjurholm", "Norsjö", "Luleå", "Piteå", "Boden", "Kiruna", "Gällivare",
    "Kalix", "Haparanda", "Älvsbyn", "Arvidsjaur", "Jokkmokk", "Överkalix", "Övertorneå", "Pajala",
    "Arjeplog", "Huddinge", "Botkyrka", "Haninge", "Järfälla", "Nacka", "Solna", "Sollentuna",
    "Täby", "Tyresö", "Lidingö", "Sundbyberg", "Vallentuna", "Värmdö", "Ekerö", "Sigtuna",
    "Nynäshamn", "Norrtälje", "Österåker", "Vaxholm", "Nykvarn", "Danderyd", "Södertälje",
    "Göteborg", "Stockholm",
)  # fmt: skip
"""Real Swedish municipalities a variant may belong to (not Linköping, whose documents the seeds are)."""

BOARDS: tuple[str, ...] = (
    "Bildningsnämnden",
    "Socialnämnden",
    "Samhällsbyggnadsnämnden",
    "Utbildningsnämnden",
    "Arbetsmarknadsnämnden",
    "Äldrenämnden",
    "Servicenämnden",
    "Omsorgsnämnden",
    "Byggnadsnämnden",
    "Miljönämnden",
    "Kulturnämnden",
    "Fritidsnämnden",
    "Gymnasienämnden",
    "Grundskolenämnden",
)
"""Real nämnd names a later round's report is written by instead of Kommunstyrelsen (one-word names:
the protocol loader reads "<Body>s beslut" headings as one word)."""

MANIFEST = "corpus.json"
_PLACE = re.compile(r"Link[öoédó6]ping(?P<gen>s)?(?P<kommun> kommun)?")
_BOARD = re.compile(r"\b(?P<first>[Kk])ommunstyrelsen(?P<gen>s)?\b")
_YEAR = re.compile(r"(?<![\d,.])(?P<year>20[0-4]\d|199\d)(?![\d,])")
_PARAGRAPH = re.compile(r"§ ?(?P<number>\d{1,3})\b")
_DECIMAL = re.compile(r"(?<![\d,.])(?P<whole>\d{1,3}),(?P<fraction>\d{1,2})(?![\d,])")
_PERCENT = re.compile(r"(?<![\d,.])(?P<number>\d{2,3})(?P<sign> ?%)")


@dataclass(frozen=True, slots=True)
class Variant:
    """One document of a scaled corpus: which seed, in which municipality, in which round."""

    seed: Path
    municipality: str
    round: int

    @property
    def slug(self) -> str:
        """The municipality's folder name and IRI segment ("Umeå" → ``umea``)."""
        return slugify(self.municipality)

    @property
    def name(self) -> str:
        """The variant's file name (a distinct stem per seed, municipality and round)."""
        if self.municipality == HOME:
            return self.seed.name
        return f"{self.seed.stem}_{self.slug.replace('-', '_')}_{self.round}{self.seed.suffix}"


@dataclass(frozen=True, slots=True)
class CorpusMunicipality:
    """A municipality of a written corpus: its name, folder and documents."""

    name: str
    slug: str
    documents: int


def municipality_base(base: str, slug: str) -> str:
    """The IRI base a municipality's documents are ingested under: the base itself for Linköping
    (the seeds' IRIs are unchanged), ``<base><slug>/`` for every other municipality."""
    return base if slug == slugify(HOME) else f"{base}{slug}/"


def variants(seeds: list[Path], scale: int) -> Iterator[Variant]:
    """The documents of the corpus at ``scale``×: each seed, then ``scale - 1`` variants of each.

    Variant ``v`` (1-based) of a seed belongs to municipality ``(v - 1) mod M`` in round
    ``(v - 1) div M`` of the :data:`MUNICIPALITIES` (M of them).
    """
    if scale < 1:
        raise ValueError(f"corpus scale: must be at least 1, got {scale}")
    for seed in seeds:
        yield Variant(seed, HOME, 0)
    for index in range(scale - 1):
        municipality = MUNICIPALITIES[index % len(MUNICIPALITIES)]
        for seed in seeds:
            yield Variant(seed, municipality, index // len(MUNICIPALITIES))


def variant_text(text: str, variant: Variant) -> str:
    """The seed's ``text`` as ``variant``'s municipality, board and year would have printed it."""
    if variant.municipality == HOME:
        return text
    rng = random.Random(f"{variant.seed.name}:{variant.municipality}:{variant.round}")
    place = variant.municipality
    genitive = place if place.endswith(("s", "x", "z")) else f"{place}s"
    own = place if place[-1] in "aeiouyåäö" or place.endswith("s") else f"{place}s"

    def replace_place(match: re.Match[str]) -> str:
        if match["kommun"]:
            return f"{own} kommun"
        return genitive if match["gen"] else place

    text = _PLACE.sub(replace_place, text)
    board = _board(text, variant.round)
    if board is not None:

        def replace_board(match: re.Match[str]) -> str:
            name = board if match["first"] == "K" else board[0].lower() + board[1:]
            return name + (match["gen"] or "")

        text = _BOARD.sub(replace_board, text)
    if variant.round:
        text = _YEAR.sub(lambda m: str(int(m["year"]) - variant.round), text)
    offset = rng.randrange(1, 200)
    text = _PARAGRAPH.sub(
        lambda m: m[0].replace(m["number"], str((int(m["number"]) + offset) % 400 + 1)), text
    )
    shifts = [rng.randrange(1, 10) for _ in range(97)]
    counter = iter(range(1 << 62))

    def nudge(digits: str) -> str:
        """``digits`` with its last digit changed (never to make a leading zero)."""
        last = (int(digits[-1]) + shifts[next(counter) % len(shifts)]) % 10
        return digits[:-1] + str(last)

    text = _DECIMAL.sub(lambda m: f"{m['whole']},{nudge(m['fraction'])}", text)
    return _PERCENT.sub(lambda m: f"{nudge(m['number'])}{m['sign']}", text)


def _board(text: str, round_: int) -> str | None:
    """The board that writes round ``round_`` of a seed instead of Kommunstyrelsen (``None`` in round
    0): the round's board of :data:`BOARDS`, or the next one the seed does not already name (a
    transfer "från barn- och ungdomsnämnden till kommunstyrelsen" must not become one to itself)."""
    if round_ == 0:
        return None
    folded = text.casefold()
    for step in range(len(BOARDS)):
        board = BOARDS[(round_ - 1 + step) % len(BOARDS)]
        if board.casefold().removesuffix("en") not in folded:
            return board
    return BOARDS[(round_ - 1) % len(BOARDS)]


def generate_corpus(
    out: Path,
    scale: int,
    *,
    seeds: Path = DEFAULT_SEEDS,
    progress: Callable[[int, Variant], None] | None = None,
) -> list[CorpusMunicipality]:
    """Write the corpus at ``scale``× to ``out`` (replacing what was there), one variant at a time.

    :raises ValueError: ``scale`` is below 1.
    """
    seed_files = collect_documents([seeds])
    texts = {seed: seed.read_text(encoding="utf-8") for seed in seed_files}
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    counts: dict[str, tuple[str, int]] = {}
    for number, variant in enumerate(variants(seed_files, scale), start=1):
        folder = out / variant.slug
        folder.mkdir(exist_ok=True)
        (folder / variant.name).write_text(variant_text(texts[variant.seed], variant), encoding="utf-8")
        name, count = counts.get(variant.slug, (variant.municipality, 0))
        counts[variant.slug] = (name, count + 1)
        if progress is not None:
            progress(number, variant)
    municipalities = [CorpusMunicipality(name, slug, count) for slug, (name, count) in counts.items()]
    manifest = {
        "scale": scale,
        "seeds": [seed.name for seed in seed_files],
        "municipalities": [
            {"name": m.name, "slug": m.slug, "documents": m.documents} for m in municipalities
        ],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return municipalities


def read_manifest(corpus: Path) -> list[CorpusMunicipality]:
    """The municipalities of a corpus written by :func:`generate_corpus`.

    :raises FileNotFoundError: ``corpus`` holds no ``corpus.json``.
    """
    manifest = json.loads((corpus / MANIFEST).read_text(encoding="utf-8"))
    return [CorpusMunicipality(m["name"], m["slug"], m["documents"]) for m in manifest["municipalities"]]


def ingest_corpus(
    store: GraphStore,
    corpus: Path,
    *,
    base: str,
    progress: Callable[[CorpusMunicipality, list[IngestResult]], None] | None = None,
) -> list[IngestResult]:
    """Ingest every municipality of ``corpus`` under its own base (:func:`municipality_base`), one
    transaction per municipality."""
    results: list[IngestResult] = []
    for municipality in read_manifest(corpus):
        batch = ingest_documents(
            store, [corpus / municipality.slug], base=municipality_base(base, municipality.slug)
        )
        results.extend(batch)
        if progress is not None:
            progress(municipality, batch)
    return results


def ensure_corpus(out: Path, scale: int, *, seeds: Path = DEFAULT_SEEDS) -> Path:
    """``out``, holding the corpus at ``scale``× (generated unless a complete one is there)."""
    manifest = out / MANIFEST
    if manifest.is_file() and json.loads(manifest.read_text(encoding="utf-8")).get("scale") == scale:
        return out
    generate_corpus(out, scale, seeds=seeds)
    return out


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.corpus --scale N --out DIR``."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, required=True, help="1, 10, 100, 1000 … (5·scale documents)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="the seed documents' folder")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error(f"--scale: must be at least 1, got {args.scale}")
    municipalities = generate_corpus(args.out, args.scale, seeds=args.seeds)
    documents = sum(m.documents for m in municipalities)
    print(f"wrote {documents} documents of {len(municipalities)} municipalities to {args.out}")


if __name__ == "__main__":
    main()
