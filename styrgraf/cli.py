"""The ``styrgraf`` command line: thin typer commands over plain functions.

Errors are one line on stderr and exit status 1; ``--help`` on every command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from styrgraf.errors import StyrgrafError
from styrgraf.settings import DEFAULT_SEEDS, Settings, load_settings

__all__ = ["app"]

app = typer.Typer(
    name="styrgraf",
    help="Turn a municipality's governance documents into an open, queryable knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store", help="Store directory (env STYRGRAF_STORE; default var/store).", show_default=False
    ),
]
BaseOption = Annotated[
    str | None,
    typer.Option("--base-iri", help="Base of minted IRIs (env STYRGRAF_BASE_IRI).", show_default=False),
]


def _fail(message: str) -> NoReturn:
    typer.echo(f"styrgraf: {message}", err=True)
    raise typer.Exit(1)


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except StyrgrafError as exc:
        _fail(str(exc))


def _embedded_only(settings: Settings, command: str) -> None:
    """Refuse a command that works on the embedded store's directory when the store is remote."""
    if settings.backend == "remote":
        _fail(
            f"{command}: the store is the SPARQL server at {settings.sparql_query_url}; "
            "back it up with the server's own tools (docs/remote.md)"
        )


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Document files or directories of .txt documents (default: ../shared/seeds)."),
    ] = None,
    store: StoreOption = None,
    base_iri: BaseOption = None,
) -> None:
    """Read documents and replace their graphs in the store, all or nothing."""
    from graph.backend import describe_store, open_store
    from graph.ingest import collect_documents, ingest_documents

    settings = _settings(store=store, base_iri=base_iri)
    targets = paths or [DEFAULT_SEEDS]
    try:
        total = len(collect_documents(targets))
        graph_store = open_store(settings)
        if sys.stderr.isatty():  # a plain line: documents are read in forked workers, no UI thread
            typer.echo(f"reading {total} document(s) …", err=True)
        results = ingest_documents(graph_store, targets, base=settings.base_iri)
    except StyrgrafError as exc:
        _fail(str(exc))
    for result in results:
        facts = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in result.counts.items() if n)
        typer.echo(f"{result.source}: {result.triples} triples — {facts}")
    typer.echo(f"ingested {len(results)} document(s) into {describe_store(settings)}")


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[str | None, typer.Option(help="Interface to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port; 0 picks a free one (default 8000).")] = None,
    base_iri: BaseOption = None,
) -> None:
    """Serve the SPARQL endpoint and the API over the store with uvicorn; SIGTERM lets requests in
    flight finish, then exits with status 0."""
    import signal
    import socket

    import uvicorn

    from api import create_app
    from graph.backend import describe_store, open_store

    settings = _settings(store=store, host=host, port=port, base_iri=base_iri)
    try:
        graph_store = open_store(settings)
        graphs = len(graph_store.named_graphs())  # counting triples would scan the whole store
    except StyrgrafError as exc:
        _fail(str(exc))
    sock = socket.socket(socket.AF_INET6 if ":" in settings.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((settings.host, settings.port))
    except OSError as exc:
        _fail(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror}")
    bound_port = sock.getsockname()[1]
    root = f"http://{settings.host}:{bound_port}"
    typer.echo(f"Styrgraf serving {describe_store(settings)} ({graphs} document graphs)")
    for label, path in (
        ("health", "/health"),
        ("SPARQL", "/sparql"),
        ("goals", "/api/goals"),
        ("API docs", "/docs"),
    ):
        typer.echo(f"  {label:9} {root}{path}")
    # on SIGTERM uvicorn stops accepting, lets in-flight requests finish, then raises the signal again
    # under the handler found before it: make that handler a clean exit (status 0), not death by signal
    signal.signal(signal.SIGTERM, _exit_cleanly)
    config = uvicorn.Config(create_app(settings, graph_store), log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def _exit_cleanly(signum: int, frame: object) -> NoReturn:
    raise SystemExit(0)


@app.command()
def query(
    sparql: Annotated[
        str | None, typer.Argument(help="SPARQL query text, or @FILE to read it from a file.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Run the named query queries/NAME.rq.")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", help="Named-query parameter NAME=VALUE (repeatable).")
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format", help="json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld … (CONSTRUCT)."
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query (or a named query) over the union of all document graphs."""
    from styrgraf.commands import run_query

    settings = _settings(store=store)
    try:
        sys.stdout.buffer.write(run_query(settings, sparql, name, param or [], output_format))
    except StyrgrafError as exc:
        _fail(str(exc))


@app.command()
def export(
    output_format: Annotated[
        str, typer.Option("--format", help="turtle, ntriples, nquads, trig, jsonld or rdfxml.")
    ] = "trig",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")
    ] = None,
    compress: Annotated[
        bool,
        typer.Option(
            "--gzip", help="Compress with gzip (deterministic: no name, time 0); implied by -o FILE.gz."
        ),
    ] = False,
    store: StoreOption = None,
) -> None:
    """Dump the whole graph (dataset formats keep one graph per document).

    The files are those the server publishes under /dumps/: `--format ntriples -o styrgraf.nt.gz`,
    `--format turtle -o styrgraf.ttl`, `--format trig -o styrgraf.trig`, `--format jsonld -o
    styrgraf.jsonld` give the same bytes as the server for the same store. The store is opened
    read-only, so a running server does not stand in the way.
    """
    from graph.backend import open_store
    from graph.dumps import write_dump

    settings = _settings(store=store)
    compress = compress or (output is not None and output.suffix == ".gz")
    try:
        graph_store = open_store(settings, read_only=True)
        if output is None:
            write_dump(graph_store, output_format, sys.stdout.buffer, compress=compress)
        else:
            with output.open("wb") as handle:
                write_dump(graph_store, output_format, handle, compress=compress)
    except StyrgrafError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{output}: {exc.strerror}")


@app.command()
def stats(store: StoreOption = None) -> None:
    """Triples per document graph and entities per class."""
    from styrgraf.commands import print_stats

    settings = _settings(store=store)
    try:
        print_stats(settings)
    except StyrgrafError as exc:
        _fail(str(exc))


@app.command()
def validate(store: StoreOption = None) -> None:
    """Check the store with the SHACL shapes and the ontology with a reasoner; exit 1 on violations."""
    from styrgraf.commands import validate_store

    settings = _settings(store=store)
    try:
        ok = validate_store(settings)
    except StyrgrafError as exc:
        _fail(str(exc))
    if not ok:
        raise typer.Exit(1)


@app.command(name="eval")
def evaluate_loaders(
    expected: Annotated[
        Path | None,
        typer.Option(
            help="Folder of hand-checked expected-fact YAML files (default: tests/expected).",
            show_default=False,
        ),
    ] = None,
    seeds: Annotated[
        Path | None,
        typer.Option(
            help="Folder of the documents they describe (default: ../shared/seeds).", show_default=False
        ),
    ] = None,
    details: Annotated[bool, typer.Option(help="List misses and spurious facts per category.")] = False,
) -> None:
    """Measure the loaders: precision and recall per category and document against expected facts."""
    from styrgraf.evaluation import evaluate, format_report

    expected = expected or Path(__file__).resolve().parents[1] / "tests" / "expected"
    seeds = seeds or DEFAULT_SEEDS
    for folder in (expected, seeds):
        if not folder.is_dir():
            _fail(f"{folder}: no such directory")
    try:
        report = evaluate(expected, seeds)
    except StyrgrafError as exc:
        _fail(str(exc))
    typer.echo(format_report(report, details=details))


@app.command()
def trace(
    goal: Annotated[str, typer.Argument(help='Goal label (e.g. "Giftfri miljö"), IRI or IRI tail.')],
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON document instead.")] = False,
    year: Annotated[
        str | None, typer.Option(help="Trace as of this year (its assessments, values up to it).")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Trace a goal: parent and siblings, indicators against targets, assessments, decisions, sources."""
    import json

    from styrgraf.tracing import print_goal_trace, trace_document

    settings = _settings(store=store)
    try:
        document = trace_document(settings, goal, year)
    except StyrgrafError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print_goal_trace(document)


@app.command()
def backup(
    target: Annotated[Path, typer.Argument(help="New directory to write the backup to.")],
    store: StoreOption = None,
) -> None:
    """Write a consistent copy of the store to a new directory; refused while another process uses it."""
    from styrgraf.backup import backup_store

    settings = _settings(store=store)
    _embedded_only(settings, "backup")
    try:
        quads = backup_store(settings.store, target)
    except StyrgrafError as exc:
        _fail(str(exc))
    typer.echo(f"backed up {quads} quads from {settings.store} to {target}")


@app.command()
def restore(
    source: Annotated[Path, typer.Argument(help="A directory written by `styrgraf backup`.")],
    store: StoreOption = None,
) -> None:
    """Replace the store with a backup, atomically; refused while another process uses the store."""
    from styrgraf.backup import restore_store

    settings = _settings(store=store)
    _embedded_only(settings, "restore")
    try:
        quads = restore_store(source, settings.store)
    except StyrgrafError as exc:
        _fail(str(exc))
    typer.echo(f"restored {quads} quads from {source} into {settings.store}")
