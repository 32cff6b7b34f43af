"""Query substitutions written into the SPARQL text, for servers that have none.

The embedded store binds a named query's parameters with pyoxigraph's ``substitutions``: the
term is an initial binding that flows into every part of the query that can see the variable —
the triple patterns, filters, ``EXISTS`` and ``OPTIONAL`` blocks of the outer query, and a
subquery only when that subquery projects the variable. A remote SPARQL 1.1 server has no such
option, so :func:`substitute` rewrites the text to the same meaning:

* each ``SELECT``/``ASK``/``CONSTRUCT`` that sees the variable gets ``VALUES (?name …) { (term …) }``
  at the start of its ``WHERE`` group, so the variable is bound for the group's own patterns and
  filters, the projection, ``GROUP BY``, ``ORDER BY`` and the results (a second ``VALUES`` row
  with the same term, as the named queries already carry, joins to the same);
* in the groups nested inside it — ``UNION`` branches, ``OPTIONAL``, ``GRAPH``, ``MINUS`` and
  ``EXISTS`` blocks, which are evaluated on their own — the variable (``?name`` or ``$name``) is
  written as the term itself;
* a subquery that does not project the variable is left alone, as Oxigraph leaves it; one right
  inside ``LATERAL { … }`` gets no ``VALUES`` row (Oxigraph refuses one for a variable the left
  side binds) and the term everywhere in it.

The variable is kept, not replaced, at the top of the group on purpose: the group is then the
text the embedded store evaluates (the named queries carry the same leading row), so the server's
optimiser sees the same filters. Replacing it there too gives the same results but other plans,
faster for some parameters and much slower for others (docs/remote.md).

Terms are written in their N-Triples syntax by pyoxigraph (an IRI cannot hold ``>`` or spaces and
literals are escaped), so a value never becomes SPARQL syntax. What has no textual equivalent is
refused with a :class:`QueryError`: a blank node or triple term as value, and ``BOUND(?name)``,
``BIND(… AS ?name)`` or ``(… AS ?name)`` on a substituted variable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from styrgraf.errors import QueryError

__all__ = ["query_form", "settle_optional_parameters", "substitute"]

_TOKENS = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|\#[^\n]*)'
    r"|(?P<var>[?$](?P<name>[A-Za-z0-9_\u00B7\u00C0-\uFFFF]+))"
    r"|(?P<open>\{)|(?P<close>\})|(?P<lparen>\()|(?P<rparen>\))"
    r"|(?P<word>(?:[A-Za-z][\w.-]*)?:[\w.:%\\-]*|[A-Za-z_][\w-]*)",
    re.DOTALL,
)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UNSET_TEST = re.compile(
    r"sameTerm\(\s*COALESCE\(\s*(?:[?$](?P<name>[A-Za-z0-9_]+)|(?P<term><[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"[^\s,]*))"
    r"\s*,\s*sg:unset\s*\)\s*,\s*sg:unset\s*\)"
)


@dataclass(slots=True)
class _Scope:
    """One query or subquery: the substituted names it sees and where its WHERE group is."""

    names: frozenset[str]
    depth: int
    """Brace depth at which the query form keyword appeared."""
    group_depth: int | None = None
    """Brace depth inside its WHERE group, once that group has opened."""
    closed: bool = False
    """True once its WHERE group has closed (solution modifiers follow)."""
    skip_template: bool = False
    """A CONSTRUCT whose template group comes before the WHERE group."""
    lateral: bool = False
    """A subquery right inside ``LATERAL { … }``: it sees the bindings of the left side already,
    and Oxigraph refuses a ``VALUES`` there for a variable the left side binds."""


def substitute(sparql: str, substitutions: Mapping[ox.Variable, Any]) -> str:
    """``sparql`` with each substituted variable bound in the text, with the same results.

    :raises QueryError: a substitution cannot be written into the text (see the module docstring).
    """
    if not substitutions:
        return sparql
    terms: dict[str, str] = {}
    for variable, term in substitutions.items():
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise QueryError(
                f"parameter ?{variable.value}: only IRIs and literals can be sent to a remote store"
            )
        terms[variable.value] = str(term)
    tokens = list(_TOKENS.finditer(sparql))
    edits: list[tuple[int, int, str]] = []
    scopes: list[_Scope] = []
    depth = 0
    seen_where = False
    lateral_next = False
    lateral_groups: set[int] = set()
    for index, match in enumerate(tokens):
        kind = match.lastgroup if match.lastgroup != "name" else "var"
        if kind == "skip":
            continue
        scope = scopes[-1] if scopes else None
        if kind == "word":
            word = match.group().upper()
            if word in _FORMS and (scope is None or _in_group(scope, depth)):
                visible = frozenset(terms) if scope is None else scope.names
                projected, star = _projection(tokens, index)
                names = visible if (scope is None or star) else visible & projected
                lateral = depth in lateral_groups
                scopes.append(_Scope(names, depth, skip_template=word == "CONSTRUCT", lateral=lateral))
                seen_where = False
                continue
            if word == "WHERE" and scope is not None and scope.group_depth is None:
                seen_where = True
            elif word == "LATERAL":
                lateral_next = True
            elif word in {"BOUND", "BIND"} and scope is not None and _in_group(scope, depth):
                _refuse_binding(tokens, index, word, scope.names)
            continue
        if kind == "open":
            depth += 1
            if lateral_next:
                lateral_groups.add(depth)
                lateral_next = False
            if scope is not None and scope.group_depth is None:
                if scope.skip_template and not seen_where:
                    scope.skip_template = False  # CONSTRUCT { template } — the group comes next
                    continue
                scope.group_depth = depth
                if scope.names and not scope.lateral:
                    ordered = sorted(scope.names)
                    row = " ".join(terms[name] for name in ordered)
                    header = " ".join(f"?{name}" for name in ordered)
                    edits.append((match.end(), match.end(), f" VALUES ({header}) {{ ({row}) }}"))
            continue
        if kind == "close":
            lateral_groups.discard(depth)
            depth -= 1
            while scopes and (
                (scopes[-1].group_depth is not None and depth < scopes[-1].group_depth - 1)
                or (scopes[-1].depth > depth)
            ):
                scopes.pop()
            if scopes and scopes[-1].group_depth is not None and depth == scopes[-1].group_depth - 1:
                scopes[-1].closed = True
            continue
        if kind == "var" and scope is not None and _in_nested_group(scope, depth):
            name = match.group("name")
            if name in scope.names and not _in_values_header(tokens, index):
                edits.append((match.start(), match.end(), terms[name]))
    return _apply(sparql, edits)


def _in_group(scope: _Scope, depth: int) -> bool:
    """True inside the scope's WHERE group (at any depth)."""
    return scope.group_depth is not None and not scope.closed and depth >= scope.group_depth


def _in_nested_group(scope: _Scope, depth: int) -> bool:
    """True where the scope's variables are written as terms: inside a group nested in its WHERE
    group (its VALUES row is not seen there) — or anywhere in it, for a LATERAL subquery."""
    return _in_group(scope, depth) and (scope.lateral or depth > (scope.group_depth or 0))


def _projection(tokens: list[re.Match[str]], start: int) -> tuple[set[str], bool]:
    """Variables the query form at ``tokens[start]`` projects (plain or ``AS`` targets), and ``*``."""
    projected: set[str] = set()
    parens = 0
    previous = ""
    for match in tokens[start + 1 :]:
        kind = match.lastgroup if match.lastgroup != "name" else "var"
        text = match.group()
        if kind == "open" and parens == 0:
            break
        if kind == "word" and text.upper() in {"WHERE", "FROM"} and parens == 0:
            break
        if kind == "lparen":
            parens += 1
        elif kind == "rparen":
            parens -= 1
        elif kind == "var" and (parens == 0 or previous == "AS"):
            projected.add(match.group("name"))
        previous = text.upper() if kind == "word" else ""
    star = "*" in _between(tokens, start)
    return projected, star


def _between(tokens: list[re.Match[str]], start: int) -> str:
    """The raw text from the query form keyword up to its group (to look for ``SELECT *``)."""
    text = tokens[start].string
    begin = tokens[start].end()
    end = len(text)
    for match in tokens[start + 1 :]:
        if match.lastgroup == "open" or (match.lastgroup == "word" and match.group().upper() == "WHERE"):
            end = match.start()
            break
    head, previous = text[begin:end], ""
    while head != previous:  # drop parenthesised expressions, innermost first: COUNT(*) is not SELECT *
        head, previous = re.sub(r"\([^()]*\)", "", head), head
    return head


def _in_values_header(tokens: list[re.Match[str]], index: int) -> bool:
    """True when ``tokens[index]`` is a variable in a ``VALUES ?x`` or ``VALUES (?x ?y)`` header."""
    back = index - 1
    while back >= 0 and (tokens[back].lastgroup in {"var", "name"}):
        back -= 1
    if back >= 0 and tokens[back].lastgroup == "lparen":
        back -= 1
    elif back != index - 1:
        return False
    return back >= 0 and tokens[back].lastgroup == "word" and tokens[back].group().upper() == "VALUES"


def _refuse_binding(tokens: list[re.Match[str]], index: int, word: str, names: frozenset[str]) -> None:
    """Refuse ``BOUND(?x)`` and ``BIND(… AS ?x)`` on a substituted variable."""
    parens = 0
    previous = ""
    for match in tokens[index + 1 :]:
        kind = match.lastgroup if match.lastgroup != "name" else "var"
        if kind == "lparen":
            parens += 1
        elif kind == "rparen":
            parens -= 1
            if parens == 0:
                return
        elif kind == "var" and match.group("name") in names and (word == "BOUND" or previous == "AS"):
            raise QueryError(
                f"parameter ?{match.group('name')}: {word} on a parameter has no equivalent on a remote store"
            )
        previous = match.group().upper() if kind == "word" else ""


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts: list[str] = []
    at = 0
    for start, end, replacement in sorted(edits):
        parts.append(text[at:start])
        parts.append(replacement)
        at = end
    parts.append(text[at:])
    return "".join(parts)


def settle_optional_parameters(sparql: str, bound: Iterable[str]) -> str:
    """The named queries' test for an optional parameter, ``sameTerm(COALESCE($x, sg:unset),
    sg:unset)``, written as ``false`` where ``x`` is bound (or already replaced by its term) and
    as ``!BOUND(?x)`` where it is not.

    The same meaning on any SPARQL 1.1 server unless a value is ``sg:unset`` itself (the sentinel,
    never in the data); Virtuoso 7.2 answers the ``sameTerm(COALESCE(…))`` form false for an
    unbound variable, which emptied every listing with a parameter left out.
    """
    names = set(bound)

    def settle(match: re.Match[str]) -> str:
        name = match.group("name")
        return "false" if name is None or name in names else f"!BOUND(?{name})"

    return _UNSET_TEST.sub(settle, sparql)


def query_form(sparql: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the form of the query (``None`` if none)."""
    for match in _TOKENS.finditer(sparql):
        if match.lastgroup == "word" and match.group().upper() in _FORMS:
            return match.group().upper()
    return None
