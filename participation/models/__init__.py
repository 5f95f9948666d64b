"""Models of citizen interaction (one module per feature)."""

from .consultations import ConsultationAttachment, ConsultationComment, ConsultationIndexPage, ConsultationPage
from .questions import Question, QuestionIndexPage
from .ratings import SiteRating
from .visitors import VisitDay

__all__ = [
    "ConsultationAttachment",
    "ConsultationComment",
    "ConsultationIndexPage",
    "ConsultationPage",
    "Question",
    "QuestionIndexPage",
    "SiteRating",
    "VisitDay",
]
