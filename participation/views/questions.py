"""Views behind the Q&A page's routes (list, ask, status by tracking code, published detail),
registered on the page type (``core.page_views``): the page model routes to them without importing them."""

from __future__ import annotations

from django.core import signing
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.client import client_ip
from core.ratelimit import fingerprint

from ..forms import QuestionForm, StatusLookupForm
from ..guard import rate_limit, rate_limit_exceeded
from ..models import Question, QuestionIndexPage
from ..services import citations
from ..services import questions as qa

PER_PAGE = 10
RECEIPT_SALT = "participation.question-received"
RECEIPT_MAX_AGE = 24 * 3600  # seconds a receipt link shows the tracking code


def receipt_token(question: Question) -> str:
    """A signed, expiring token naming ``question`` in this site: the receipt page's only key."""
    return signing.dumps(question.pk, salt=_receipt_salt())


def _receipt_salt() -> str:
    return f"{RECEIPT_SALT}:{connection.schema_name}"  # a token of one site names nothing in another


def question_of_receipt(page: QuestionIndexPage, token: str) -> Question | None:
    """The question of a receipt token on ``page``; None when forged, expired or of another page."""
    try:
        pk = signing.loads(token, salt=_receipt_salt(), max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return None
    return Question.objects.filter(page=page, pk=pk).first() if isinstance(pk, int) else None


@QuestionIndexPage.page_views.register("index")
def question_index(
    page: QuestionIndexPage, request: HttpRequest, form: QuestionForm | None = None, status: int = 200, error: str = ""
) -> HttpResponse:
    published = Question.objects.public().filter(page=page).order_by("-answered_at")
    topic = request.GET.get("linh-vuc", "")
    if topic:
        published = published.filter(topic=topic)
    listing = Paginator(published, PER_PAGE).get_page(request.GET.get("trang"))
    response = page.render(
        request,
        context_overrides={
            "questions": listing,
            "topic": topic,
            "form": form or QuestionForm(topics=page.topic_choices()),
            "lookup_form": StatusLookupForm(),
            "form_error": error,
        },
    )
    response.status_code = status
    return response


@QuestionIndexPage.page_views.register("ask")
def ask_question(page: QuestionIndexPage, request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseRedirect(page.url + "#dat-cau-hoi")
    form = QuestionForm(request.POST, topics=page.topic_choices())
    if not form.is_valid():  # a failed attempt is not counted against the rate limit
        return question_index(
            page, request, form, status=400, error=_("Câu hỏi chưa được gửi. Vui lòng sửa các lỗi bên dưới.")
        )
    if rate_limit_exceeded(request, "question"):
        return question_index(
            page,
            request,
            form,
            status=429,
            error=_("Bạn đã gửi quá nhiều câu hỏi trong thời gian ngắn. Vui lòng thử lại sau ít phút."),
        )
    question = qa.submit_question(page, form.cleaned_data, fingerprint(client_ip(request)))
    # Post/redirect/get: the receipt is a GET of its own (a reload files nothing), reached by a signed
    # token of the question — the tracking code is never in a URL a cache could share.
    receipt = page.url + page.reverse_subpage("received") + "?" + urlencode({"t": receipt_token(question)})
    return HttpResponseRedirect(receipt, status=303)


@QuestionIndexPage.page_views.register("received")
def question_received(page: QuestionIndexPage, request: HttpRequest) -> HttpResponse:
    question = question_of_receipt(page, request.GET.get("t", ""))
    if question is None:
        raise Http404
    response = page.render(
        request, template="participation/question_received.html", context_overrides={"question": question}
    )
    add_never_cache_headers(response)  # one citizen's tracking code: never kept by a cache
    return response


@QuestionIndexPage.page_views.register("status")
def question_status(page: QuestionIndexPage, request: HttpRequest) -> HttpResponse:
    lookup = StatusLookupForm(request.GET or None)
    question = None
    not_found = False
    if lookup.is_valid():
        limit = rate_limit(request, "lookup")  # tracking codes must not be guessed by brute force
        if not limit.allowed:
            response = HttpResponse(
                _("Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(limit.reset_in)
            return response
        question = qa.find_by_tracking_code(lookup.cleaned_data["ma"])
        not_found = question is None
    response = page.render(
        request,
        template="participation/question_status.html",
        context_overrides={
            "lookup_form": lookup,
            "question": question,
            "not_found": not_found,
        },
    )
    if not_found:
        response.status_code = 404
    return response


@QuestionIndexPage.page_views.register("detail")
def question_detail(page: QuestionIndexPage, request: HttpRequest, pk: int) -> HttpResponse:
    question = Question.objects.public().filter(page=page, pk=pk).first()
    if question is None:
        raise Http404
    answered = question.answered_at or question.received_at
    overrides = {
        "title": question.title,
        "description": Truncator(" ".join(question.body.split())).chars(200),
        "canonical": page.question_url(question, request),
        "date": timezone.localdate(answered).isoformat(),
    }
    return page.render(
        request,
        template="participation/question_detail.html",
        context_overrides={
            "question": question,
            "citations": citations.public_citations(question),
            "dc_overrides": overrides,
        },
    )
