"""The concept data model: pydantic models of the five files of the format.

Pure data: no I/O. See ``shared/spec/concept-format.md`` for the format.
"""

from konzeptdoc.model.base import SCHEMA_VERSION, Entity, Id, Model
from konzeptdoc.model.concept import (
    Concept,
    ConceptFile,
    ConceptHeader,
    Contact,
    CostItem,
    Costs,
    Decision,
    FundingProgram,
    Period,
    Principle,
    RevisionInfo,
    TargetGroup,
)
from konzeptdoc.model.field import (
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    MeasureCost,
    SeriesPoint,
    Timeframe,
    WorkingGroupInfo,
)
from konzeptdoc.model.participation import (
    Contribution,
    DatePeriod,
    Event,
    OnlineCommenting,
    Participation,
    Process,
    Response,
    WorkingGroup,
)
from konzeptdoc.model.settings import Settings
from konzeptdoc.model.submission import (
    Attachment,
    Consultation,
    FinancialImpact,
    FinancialItem,
    Impact,
    Reference,
    Submission,
)

__all__ = [
    "SCHEMA_VERSION",
    "Attachment",
    "Concept",
    "ConceptFile",
    "ConceptHeader",
    "Consultation",
    "Contact",
    "Contribution",
    "CostItem",
    "Costs",
    "DatePeriod",
    "Decision",
    "Entity",
    "Event",
    "FieldOfAction",
    "FinancialImpact",
    "FinancialItem",
    "FundingProgram",
    "Goal",
    "Id",
    "Impact",
    "Indicator",
    "Measure",
    "MeasureCost",
    "Model",
    "OnlineCommenting",
    "Participation",
    "Period",
    "Principle",
    "Process",
    "Reference",
    "Response",
    "RevisionInfo",
    "SeriesPoint",
    "Settings",
    "Submission",
    "TargetGroup",
    "Timeframe",
    "WorkingGroup",
    "WorkingGroupInfo",
]
