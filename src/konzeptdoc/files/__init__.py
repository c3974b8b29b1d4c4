"""Concepts as files: YAML reading and writing, the folder format, validation and schemas.

Below the store (which knows git) and above the model (which knows no I/O).
"""
