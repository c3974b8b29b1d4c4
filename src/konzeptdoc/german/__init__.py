"""German wording and value formatting shared by documents and diffs.

Labels of keys and enum values, dates, amounts and year ranges as a German Amt writes them,
so a Word document and a Synopse say the same thing the same way.
"""
