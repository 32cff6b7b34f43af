"""Named queries: one ``queries/<name>.rq`` file each, with a strict ``#+`` YAML header.

Header (grlc's convention, parsed strictly)::

    #+ summary: Goals by assessment status and year
    #+ description: …
    #+ tags: [goals]
    #+ params:
    #+   year: {type: integer, required: false, description: Report year}
    #+ returns: select

Parameters are written ``$name`` in the query body (``$x`` is an ordinary SPARQL variable) and
bound as typed RDF terms through Oxigraph's substitutions — user input is never spliced
into the text as SPARQL. The same typed terms are also given as a leading ``VALUES`` row of the
outermost group (:func:`bind_in_text`), because Oxigraph joins substitutions only after evaluating
the pattern and so cannot use a parameter for index lookups.

Oxigraph substitutes only variables a SELECT projects, so a SELECT lists its parameters in its
projection (they come back as constant columns, which callers drop). A parameter left out stays
an unbound variable; ``BOUND($x)`` does not see a substituted value, so an optional filter is
written::

    FILTER(sameTerm(COALESCE($year, sg:unset), sg:unset) || ?year = $year)

A bad header, an unknown key, a missing summary, a parameter declared but unused (or used but
undeclared), or one the SELECT does not project is a :class:`QueryError` naming
``queries/<file>.rq:<line>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import pyoxigraph as ox
import yaml

from styrgraf.errors import QueryError, UnknownQueryError

__all__ = ["NamedQuery", "Parameter", "all_queries", "bind_in_text", "get_query", "parse_query_file"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_HEADER_KEYS = {"summary", "description", "tags", "params", "returns", "example"}
_PARAM_KEYS = {"type", "required", "default", "description", "enum"}
_TYPES = {"string", "iri", "integer", "decimal", "date", "boolean", "langstring"}
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True, slots=True)
class Parameter:
    """A typed query parameter."""

    name: str
    type: str
    required: bool = False
    default: Any = None
    description: str = ""
    enum: tuple[str, ...] = ()

    def to_term(self, value: Any) -> ox.NamedNode | ox.Literal:
        """The RDF term for ``value`` (a string from a URL or CLI, or a Python value).

        :raises QueryError: the value does not fit the parameter's type.
        """
        text = str(value)
        if self.enum and text not in self.enum:
            raise QueryError(f"parameter {self.name}: {text!r} is not one of {', '.join(self.enum)}")
        try:
            if self.type == "iri":
                if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*", text):
                    raise ValueError("not an absolute IRI")
                return ox.NamedNode(text)
            if self.type == "integer":
                return ox.Literal(str(int(text)), datatype=ox.NamedNode(_XSD + "integer"))
            if self.type == "decimal":
                return ox.Literal(str(Decimal(text)), datatype=ox.NamedNode(_XSD + "decimal"))
            if self.type == "date":
                return ox.Literal(date.fromisoformat(text).isoformat(), datatype=ox.NamedNode(_XSD + "date"))
            if self.type == "boolean":
                if text.lower() not in {"true", "false", "1", "0"}:
                    raise ValueError("not a boolean")
                flag = "true" if text.lower() in {"true", "1"} else "false"
                return ox.Literal(flag, datatype=ox.NamedNode(_XSD + "boolean"))
            if self.type == "langstring":
                return ox.Literal(text, language="sv")
            return ox.Literal(text)
        except (ValueError, InvalidOperation):
            raise QueryError(f"parameter {self.name}: {text!r} is not a valid {self.type}") from None


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A parsed ``.rq`` file."""

    name: str
    summary: str
    sparql: str
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Parameter, ...] = ()
    returns: str = "select"
    example: dict[str, Any] = field(default_factory=dict)
    substitute: bool = True
    """Whether the parameters must also be given as substitutions: only when one of them is used
    in an expression (a ``FILTER``, ``BIND`` or projection expression), which a nested group
    evaluates without the leading ``VALUES`` row. When every use is a triple pattern, a
    projection or a ``GROUP BY``, the ``VALUES`` rows alone give the same answer — and faster,
    because Oxigraph plans the whole query around a substituted variable as an outside input."""

    def bind(self, values: dict[str, Any]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
        """Typed substitutions for ``values`` (defaults filled, unknown names refused).

        :raises QueryError: unknown or missing parameter, or a value of the wrong type.
        """
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise QueryError(f"query {self.name}: unknown parameter(s) {', '.join(unknown)}")
        bound: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
        for param in self.params:
            value = values.get(param.name, param.default)
            if value is None or value == "":
                if param.required:
                    raise QueryError(f"query {self.name}: parameter {param.name} is required")
                continue
            bound[ox.Variable(param.name)] = param.to_term(value)
        return bound


def bind_in_text(sparql: str, bound: dict[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    """``sparql`` with ``bound`` given as a ``VALUES`` row at the start of its outermost group, and
    at the start of every sub-SELECT's group for the parameters that sub-SELECT projects.

    Oxigraph joins ``substitutions`` after evaluating the pattern, so a parameter cannot steer
    index lookups (a goal's assessments: 44 ms substituted, 1 ms with a leading ``VALUES``).
    A sub-SELECT is evaluated on its own and joined afterwards, so it gets its own row: a
    sub-SELECT that projects ``$goal`` (a plain variable, not ``(… AS $goal)``) reads only that
    goal's triples instead of every goal's. That is the same answer as joining afterwards as long
    as the sub-SELECT has no ``LIMIT``/``OFFSET`` and groups by the parameter when it aggregates —
    which the registry's rule (project it, group by it) already asks for.
    The row is given *beside* the substitutions, not instead of them: nested groups are evaluated
    bottom-up, where only substitution puts the value into their filters.
    The terms are typed pyoxigraph terms written in their own N-Triples syntax — an IRI cannot
    hold ``>`` or spaces and a literal is escaped — so user input is never spliced as SPARQL.
    Returns ``sparql`` unchanged when nothing is bound or no outer group is found.
    """
    if not bound:
        return sparql
    by_name = {variable.value: (variable, term) for variable, term in bound.items()}
    for at, names in reversed(_value_rows(sparql, tuple(by_name))):
        variables = " ".join(str(by_name[name][0]) for name in names)
        row = " ".join(str(by_name[name][1]) for name in names)
        sparql = f"{sparql[:at]} VALUES ({variables}) {{ ({row}) }}{sparql[at:]}"
    return sparql


@lru_cache(maxsize=1024)
def _value_rows(sparql: str, names: tuple[str, ...]) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Where :func:`bind_in_text` puts a ``VALUES`` row, and for which parameters: after the ``{``
    of the outermost group (all of ``names``) and of each sub-SELECT that projects some of them.
    Empty when there is no outer group. Depends only on the text and the names, so it is worked
    out once per named query and parameter set, not on every run (a tokenising pass: 0.1–0.3 ms)."""
    inserts: list[tuple[int, tuple[str, ...]]] = []
    depth = 0
    seen_where = outer_done = False
    projected: list[str] | None = None  # parameters a sub-SELECT's projection names, while reading it
    before = previous = ""
    for match in _OUTER_TOKENS.finditer(sparql):
        kind, token = match.lastgroup, match.group()
        if kind == "word" and token.upper() == "SELECT" and depth > 0:
            # a LATERAL sub-SELECT sees the bindings on its left already (and Oxigraph's parser
            # refuses a VALUES row in it after one in the outer group)
            projected = None if before.upper() == "LATERAL" else []
        elif kind == "param" and projected is not None and previous.upper() != "AS":
            if token[1:] in names and token[1:] not in projected:
                projected.append(token[1:])
        elif kind == "word" and depth == 0 and token.upper() == "WHERE":
            seen_where = True
        elif kind == "open":
            if depth == 0 and not outer_done and (seen_where or _opens_select_group(sparql, match.start())):
                inserts.append((match.end(), names))
                outer_done = True
            elif projected is not None:
                if projected:
                    inserts.append((match.end(), tuple(projected)))
                projected = None
            depth += 1
        elif kind == "close":
            depth -= 1
        if kind != "skip":
            before, previous = previous, token
    return tuple(inserts) if outer_done else ()


def _opens_select_group(sparql: str, position: int) -> bool:
    """True when the ``{`` at ``position`` follows a SELECT/ASK projection (``SELECT * {`` without WHERE)."""
    head = _OUTER_TOKENS.sub(lambda m: " " if m.lastgroup == "skip" else m.group(), sparql[:position])
    return re.search(r"\b(SELECT|ASK)\b[^{}]*$", head, re.IGNORECASE) is not None


_OUTER_TOKENS = re.compile(
    r"""(?P<skip>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*)"""
    r"""|(?P<open>\{)|(?P<close>\})|(?P<param>\$[A-Za-z_][A-Za-z0-9_]*)|(?P<word>[A-Za-z]+)""",
    re.DOTALL,
)


def parse_query_file(name: str, text: str) -> NamedQuery:
    """Parse the text of ``queries/<name>.rq``.

    :raises QueryError: the header or the parameters are wrong (message names file and line).
    """
    where = f"queries/{name}.rq"
    header_lines: list[str] = []
    body_start = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#+"):
            header_lines.append(line[2:].removeprefix(" "))
            body_start = number
        elif line.strip() and not line.startswith("#"):
            break
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line_no = mark.line + 1 if mark is not None else 1
        raise QueryError(f"{where}:{line_no}: bad YAML header: {exc}") from None
    if not isinstance(header, dict):
        raise QueryError(f"{where}:1: the #+ header must be a mapping")
    unknown = sorted(set(header) - _HEADER_KEYS)
    if unknown:
        raise QueryError(f"{where}:{_line_of(text, unknown[0])}: unknown header key {unknown[0]!r}")
    if not header.get("summary"):
        raise QueryError(f"{where}:1: the header has no summary")
    params = tuple(_parse_param(where, text, key, spec) for key, spec in (header.get("params") or {}).items())
    body = "\n".join(text.splitlines()[body_start:])
    used = set(_PARAM_USE.findall(_strip_comments_and_strings(body)))
    declared = {p.name for p in params}
    for missing in sorted(declared - used):
        raise QueryError(f"{where}:{_line_of(text, missing)}: parameter {missing!r} is declared but unused")
    for extra in sorted(used - declared):
        raise QueryError(f"{where}:{_line_of(text, '$' + extra)}: parameter ${extra} is used but undeclared")
    try:
        _check_substitutable(where, body, params)
    except SyntaxError as exc:
        position = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.DOTALL)
        if position is None:
            raise QueryError(f"{where}: SPARQL does not parse: {exc}") from None
        line_no = int(position[1]) + body_start
        raise QueryError(f"{where}:{line_no}:{position[2]}: SPARQL does not parse: {position[3]}") from None
    return NamedQuery(
        name=name,
        summary=str(header["summary"]),
        sparql=body,
        description=str(header.get("description") or ""),
        tags=tuple(header.get("tags") or ()),
        params=params,
        returns=str(header.get("returns") or "select"),
        example=dict(header.get("example") or {}),
        substitute=_in_expression(body, declared),
    )


_SAMPLES = {
    "string": "x",
    "langstring": "x",
    "iri": "http://example.org/x",
    "integer": "0",
    "decimal": "0",
    "date": "2000-01-01",
    "boolean": "true",
}


def _check_substitutable(where: str, body: str, params: tuple[Parameter, ...]) -> None:
    """Parse ``body`` and bind every parameter once against an empty store.

    Oxigraph substitutes only variables a SELECT projects, so each parameter must be projected.

    :raises SyntaxError: the SPARQL does not parse.
    :raises QueryError: a parameter cannot be substituted.
    """
    bound: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(p.name): p.to_term(p.enum[0] if p.enum else _SAMPLES[p.type]) for p in params
    }
    try:
        ox.Store().query(body, substitutions=bound)
    except RuntimeError as exc:
        raise QueryError(f"{where}: parameters must be projected by the SELECT ({exc})") from None


def _parse_param(where: str, text: str, name: str, spec: Any) -> Parameter:
    line = _line_of(text, f"{name}:")
    if not isinstance(spec, dict):
        raise QueryError(f"{where}:{line}: parameter {name!r} must be a mapping")
    unknown = sorted(set(spec) - _PARAM_KEYS)
    if unknown:
        raise QueryError(f"{where}:{line}: parameter {name!r} has unknown key {unknown[0]!r}")
    kind = spec.get("type", "string")
    if kind not in _TYPES:
        raise QueryError(f"{where}:{line}: parameter {name!r} has unknown type {kind!r}")
    return Parameter(
        name=name,
        type=kind,
        required=bool(spec.get("required", False)),
        default=spec.get("default"),
        description=str(spec.get("description") or ""),
        enum=tuple(str(v) for v in spec.get("enum") or ()),
    )


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return 1


def _in_expression(body: str, params: set[str]) -> bool:
    """Whether a leading ``VALUES`` row could give another answer than substituting ``params``.

    A group evaluates its nested groups without the bindings around them, so a parameter needs
    substituting when it is used in an expression (``FILTER``, ``BIND``, a sub-SELECT's projected
    expression) of a group other than one that gets the ``VALUES`` row — the outer group, or a
    sub-SELECT's group that projects it (:func:`bind_in_text`) — or at all inside an ``OPTIONAL``,
    ``MINUS`` or ``EXISTS`` group below such a group. Uses in triple patterns of plain, ``GRAPH`` and
    ``UNION`` groups, in projections and in ``GROUP BY`` are joins, which the row constrains the same.
    """
    parens = 0
    frames: list[tuple[bool, frozenset[str]]] = []  # per open brace: guarded group?, params it binds
    keyword = ""
    seen_where = False
    projected: set[str] | None = None  # a sub-SELECT's projected parameters, while reading them
    tokens = r"[(){}]|\$([A-Za-z_][A-Za-z0-9_]*)|[A-Za-z]+"
    for match in re.finditer(tokens, _strip_comments_and_strings(body)):
        token, name = match.group(), match.group(1)
        word = token.upper()
        if token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif token == "{":
            binds = frozenset(params) if not frames and seen_where else frozenset(projected or ())
            frames.append((keyword in {"OPTIONAL", "MINUS", "EXISTS"}, binds))
            projected = None
        elif token == "}" and frames:
            frames.pop()
        elif word == "WHERE" and not frames:
            seen_where = True
        elif word == "SELECT":
            if frames:
                projected = set()
            else:
                seen_where = True  # the outer group follows the projection, with or without WHERE
        elif name is not None and name in params:
            if projected is not None:
                if parens > 0 or keyword == "AS":
                    return True
                projected.add(name)
            elif parens > 0:
                if not frames or name not in frames[-1][1]:
                    return True
            else:
                for guarded, binds in reversed(frames):
                    if name in binds:
                        break
                    if guarded:
                        return True
        keyword = word
    return False


def _strip_comments_and_strings(sparql: str) -> str:
    without_strings = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', sparql)
    return re.sub(r"#[^\n]*", "", re.sub(r"<[^>\s]*>", "<>", without_strings))


@cache
def all_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in ``queries/``, by name."""
    found: dict[str, NamedQuery] = {}
    for entry in sorted(resources.files("queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name.removesuffix(".rq")
            found[name] = parse_query_file(name, entry.read_text(encoding="utf-8"))
    return found


def get_query(name: str) -> NamedQuery:
    """The named query ``name``.

    :raises UnknownQueryError: no such query.
    """
    try:
        return all_queries()[name]
    except KeyError:
        raise UnknownQueryError(
            f"no named query {name!r}; known: {', '.join(sorted(all_queries()))}"
        ) from None
