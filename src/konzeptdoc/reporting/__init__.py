"""The Sachstandsbericht (status report): gathered from the history, written as Word or HTML.

This layer sits above `store` (it reads the history) and uses `documents` for the Word
output; `documents` never reads git.
"""

from konzeptdoc.reporting.collect import status_report

__all__ = ["status_report"]
