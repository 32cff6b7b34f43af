"""``python -m styrgraf`` runs the command line."""

from styrgraf.cli import app

app(prog_name="styrgraf")
