"""The protocol's ``using-graph-uri`` / ``using-named-graph-uri`` for SPARQL Update.

Oxigraph's Python API takes no dataset for an update, so the protocol parameters are applied
the way the SPARQL 1.1 Protocol defines them: as ``USING`` / ``USING NAMED`` clauses of every
``INSERT``/``DELETE … WHERE`` operation. An update that already carries ``USING`` or ``WITH`` and
also gets the parameters is a client error (the protocol forbids the combination).
"""

from __future__ import annotations

import re

__all__ = ["DatasetConflict", "apply_update_dataset"]

_TOKENS = re.compile(
    r"""(?P<skip>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*)"""
    r"""|(?P<open>\{)|(?P<close>\})|(?P<word>[A-Za-z]+)""",
    re.DOTALL,
)


class DatasetConflict(ValueError):
    """The update names its own dataset (USING/WITH) and the request names one too."""


def apply_update_dataset(update: str, using: list[str], using_named: list[str]) -> str:
    """``update`` with ``USING <g>`` / ``USING NAMED <g>`` before the ``WHERE`` of each modify operation.

    :raises DatasetConflict: the update has its own ``USING`` or ``WITH`` clause.
    """
    if not using and not using_named:
        return update
    clauses = "".join(f" USING <{iri}>" for iri in using) + "".join(
        f" USING NAMED <{iri}>" for iri in using_named
    )
    depth = 0
    previous = ""
    in_modify = False
    inserts: list[int] = []
    for match in _TOKENS.finditer(update):
        if match.lastgroup == "open":
            depth += 1
        elif match.lastgroup == "close":
            depth -= 1
        elif match.lastgroup == "word" and depth == 0:
            word = match.group().upper()
            if word in {"USING", "WITH"}:
                raise DatasetConflict(
                    f"the update has a {word} clause and the request gives "
                    "using-graph-uri/using-named-graph-uri"
                )
            if word in {"INSERT", "DELETE"} and previous not in {"INSERT", "DELETE"}:
                in_modify = True
            elif word == "WHERE" and in_modify and previous != "DELETE":
                inserts.append(match.start())
                in_modify = False
            elif word == "DATA":
                in_modify = False
            previous = word
    for position in reversed(inserts):
        update = update[:position] + clauses.strip() + " " + update[position:]
    return update
