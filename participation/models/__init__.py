"""Models of citizen interaction (one module per feature)."""

from .consultations import ConsultationAttachment, ConsultationComment, ConsultationIndexPage, ConsultationPage
from .questions import Question, QuestionCitation, QuestionIndexPage
from .ratings import SiteRating
from .units import ProcessingUnit, QuestionForwarding
from .visitors import VisitDay

__all__ = [
    "ConsultationAttachment",
    "ConsultationComment",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ProcessingUnit",
    "Question",
    "QuestionCitation",
    "QuestionForwarding",
    "QuestionIndexPage",
    "SiteRating",
    "VisitDay",
]
