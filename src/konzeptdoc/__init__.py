"""konzeptdoc: municipal policy concepts as validated data in git.

The public API. Everything not listed in ``__all__`` is internal. Importing this module
stays cheap: git, python-docx and jinja2 are loaded only when a function needs them.
"""

from .errors import (
    ConceptFileError,
    DemoTargetError,
    KonzeptdocError,
    NotAConceptError,
    Problem,
    SampleError,
    SchemaVersionError,
    ValidationError,
    YamlSyntaxError,
)
from .model import (
    SCHEMA_VERSION,
    Concept,
    Contribution,
    Decision,
    Event,
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    Participation,
    Principle,
    Settings,
    Submission,
    TargetGroup,
)
from .schema import write_schemas
from .workspace import load_concept, save_concept, validate

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Concept",
    "ConceptFileError",
    "Contribution",
    "Decision",
    "DemoTargetError",
    "Event",
    "FieldOfAction",
    "Goal",
    "Indicator",
    "KonzeptdocError",
    "Measure",
    "NotAConceptError",
    "Participation",
    "Principle",
    "Problem",
    "SampleError",
    "SchemaVersionError",
    "Settings",
    "Submission",
    "TargetGroup",
    "ValidationError",
    "YamlSyntaxError",
    "__version__",
    "load_concept",
    "save_concept",
    "validate",
    "write_schemas",
]
