"""Truncated documents: a file cut off in the middle of a table row is refused, not half-read.

A document that was cut short (a download or copy that stopped partway) would, if ingested,
replace the document's complete graph with a part of it. Truncation cannot be seen in general —
a file cut exactly at the end of a line reads like a shorter document — but a cut that lands inside
a tab-separated table row leaves a trace: the file ends without a newline, on a row with fewer
cells than the row above it. That is an error at the cut row (:class:`~styrgraf.errors.DocumentError`).
A cut anywhere else is read as the shorter document it looks like; ``styrgraf ingest`` prints what
each document contributed, so a sudden drop shows there.
"""

from __future__ import annotations

from loaders.text import SourceText
from styrgraf.errors import DocumentError

__all__ = ["check_not_truncated"]


def check_not_truncated(text: str, doc: SourceText) -> None:
    """Refuse a document whose text ends inside a table row.

    :raises DocumentError: the file ends without a newline on a tab row with fewer cells than the
        row above it (the message names the row's line).
    """
    if not text or text.endswith(("\n", "\r", "\f")):
        return
    filled = [line for line in doc.lines if not line.blank]
    if len(filled) < 2:
        return
    above, last = filled[-2], filled[-1]
    if "\t" not in last.text or "\t" not in above.text or above.number != last.number - 1:
        return
    cells, expected = last.text.count("\t") + 1, above.text.count("\t") + 1
    if cells < expected:
        raise DocumentError(
            doc.source,
            last.number,
            f"document ends inside a table row ({cells} of {expected} cells): truncated?"
            " ingest the whole document",
        )
