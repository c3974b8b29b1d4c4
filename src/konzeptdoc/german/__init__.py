"""German wording and value formatting shared by messages, documents and diffs.

glossary: the one table of terms (with plurals), key labels and enum labels every message
uses; names: entities named by number and title; formatting: dates and amounts; values:
data values as a reviewer reads them; wording: the standard sentences of the documents; filenames: the German words of output
file names.
"""
