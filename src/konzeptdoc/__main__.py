"""`python -m konzeptdoc`."""

from .cli import run

run()
