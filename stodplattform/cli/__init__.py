"""The command line: the Typer app (`app`) and its commands; nothing but options, calls into
the core and printing."""

from .app import app, main

__all__ = ["app", "main"]
