"""Page types and snippets shared by every tenant (one module per content domain)."""

from .articles import (  # noqa: F401
    ArticlePage,
    ScheduleEntry,
    ScienceProgrammePage,
    SectionCategory,
    SectionIndexPage,
    StatisticsReportPage,
    Topic,
    WorkSchedulePage,
)
from .attachments import AttachmentText, TextStatus  # noqa: F401
from .base import PortalPage  # noqa: F401
from .board import BoardMember  # noqa: F401
from .directory import ContactDirectoryPage, LinksPage, Official  # noqa: F401
from .gazette import GazetteIssue, GazettePage  # noqa: F401
from .home import HomePage  # noqa: F401
from .intro import IntroductionPage, Leader  # noqa: F401
from .legal import (  # noqa: F401
    DocumentCorrection,
    DocumentStatus,
    DocumentWithdrawal,
    LegalDocumentFile,
    LegalDocumentIndexPage,
    LegalDocumentPage,
)
from .news import NewsIndexPage, NewsPage  # noqa: F401
from .projects import ProjectIndexPage, ProjectPage  # noqa: F401
from .public_services import DossierStatistics, ServiceIndexPage, ServicePage  # noqa: F401
from .snippets import DocumentType, GovernmentLink, IssuingBody, NewsCategory, PortalSettings, Sector  # noqa: F401
