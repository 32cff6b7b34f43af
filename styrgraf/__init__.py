"""Styrgraf's composition root: the command line, the typed settings and the error tree."""

__all__ = ["__version__"]

__version__ = "0.1.0"
