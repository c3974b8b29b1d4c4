"""`python -m konzeptdoc`."""

from konzeptdoc.cli import run

run()
