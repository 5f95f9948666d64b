"""Public forms (question, comment on a draft, rating, status lookup) and the Q&A admin form."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .guard import CitizenForm
from .models import ConsultationComment, ProcessingUnit, Question
from .models.ratings import CRITERIA
from .services import citations, forwarding
from .services import questions as qa

PHONE = RegexValidator(r"^[0-9+() .-]{6,20}$", _("Số điện thoại chỉ gồm chữ số, dấu cách, +, -, (, )."))
SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class QuestionForm(CitizenForm):
    multiline_fields = ("body",)

    asker_kind = forms.ChoiceField(
        label=_("Người hỏi là"),
        choices=Question.AskerKind.choices,
        initial=Question.AskerKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    asker_name = forms.CharField(label=_("Họ và tên (tổ chức: tên đầy đủ của tổ chức)"), max_length=200)
    asker_address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=300)
    asker_email = forms.EmailField(label=_("Thư điện tử (không bắt buộc)"), required=False, max_length=254)
    asker_phone = forms.CharField(
        label=_("Điện thoại (không bắt buộc)"), required=False, max_length=20, validators=[PHONE]
    )
    topic = forms.ChoiceField(label=_("Lĩnh vực"))
    title = forms.CharField(label=_("Tiêu đề câu hỏi"), max_length=200)
    body = forms.CharField(label=_("Nội dung câu hỏi"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, topics: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        topics = topics or [str(_("Khác"))]
        self.fields["topic"].choices = [(t, t) for t in topics]
        for name in ("asker_name", "asker_address"):
            self.fields[name].error_messages["required"] = _(
                "Câu hỏi chỉ được tiếp nhận khi có họ tên và địa chỉ liên hệ (tổ chức: tên đầy đủ và địa chỉ)."
            )
        self.order_fields(
            [
                "asker_kind",
                "asker_name",
                "asker_address",
                "asker_email",
                "asker_phone",
                "topic",
                "title",
                "body",
                "website",
            ]
        )


class CommentForm(CitizenForm):
    multiline_fields = ("body",)

    name = forms.CharField(label=_("Họ và tên / tên tổ chức"), max_length=200)
    contact = forms.CharField(label=_("Địa chỉ, thư điện tử hoặc số điện thoại liên hệ"), max_length=300)
    body = forms.CharField(label=_("Nội dung góp ý"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["name", "contact", "body", "website"])


class RatingForm(CitizenForm):
    multiline_fields = ("comment",)

    comment = forms.CharField(
        label=_("Góp ý thêm (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in CRITERIA.items():
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
            )
        self.order_fields([*CRITERIA, "comment", "website"])


class StatusLookupForm(forms.Form):
    ma = forms.CharField(label=_("Mã tra cứu"), max_length=20)


class CommentAdminForm(WagtailAdminModelForm):
    """Moderators' form of a citizen's comment: a board member of step 1 may refuse or leave it
    pending; publishing it is the deputy head's or the head's (``publish_consultationcomment``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        self.may_publish = bool(user and user.has_perm("participation.publish_consultationcomment"))
        if "status" in self.fields and not self.may_publish:
            self.fields["status"].help_text = _("Chỉ Phó trưởng ban hoặc Trưởng ban được duyệt công bố góp ý.")

    def clean_status(self):
        status = self.cleaned_data.get("status")
        published = ConsultationComment.Status.APPROVED
        if status == published and self.instance.status != published and not self.may_publish:
            raise forms.ValidationError(_("Chỉ Phó trưởng ban hoặc Trưởng ban được duyệt công bố góp ý."))
        return status


class QuestionAdminForm(WagtailAdminModelForm):
    """Editors' form: each change goes through the lifecycle service (assign, forward to a unit, progress,
    out of scope, answer with the legal documents it cites, publish); what the service would refuse is
    refused here, on the field concerned."""

    forward_to = forms.ModelChoiceField(
        label=_("Chuyển đến đơn vị xử lý"),
        queryset=ProcessingUnit.objects.all(),  # all: an inactive unit posted gets a clear message, not "invalid"
        required=False,
        help_text=_("Đơn vị nhận thư báo (không kèm thông tin cá nhân của người hỏi)."),
    )
    forward_note = forms.CharField(
        label=_("Đề nghị gửi đơn vị"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    mark_out_of_scope = forms.BooleanField(
        label=_("Không thuộc phạm vi"),
        required=False,
        help_text=_("Đánh dấu nếu câu hỏi không thuộc phạm vi trả lời; bắt buộc nêu lý do, người hỏi được báo."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status == Question.Status.OUT_OF_SCOPE:
            self.fields["mark_out_of_scope"].initial = True
            self.fields["mark_out_of_scope"].disabled = True
        user = getattr(self, "for_user", None)
        if "published" in self.fields and not (user and user.has_perm("participation.publish_question")):
            self.fields["published"].disabled = True  # posted values are ignored: the stored one stays
            self.fields["published"].help_text = _(
                "Câu trả lời do Phó trưởng ban hoặc Trưởng ban công bố; bạn soạn câu trả lời và lưu lại."
            )
        if "forward_to" in self.fields:
            field = self.fields["forward_to"]
            field.widget.choices = [("", "---------")] + [
                (unit.pk, unit.name) for unit in ProcessingUnit.objects.filter(active=True)
            ]
            done = list(self.instance.forwardings.select_related("unit")) if self.instance.pk else []
            if done:
                history = "; ".join(f"{f.unit.name} ({f.forwarded_at:%d/%m/%Y})" for f in done)
                field.help_text = _("Đã chuyển: %(history)s.") % {"history": history}

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self._citations_are_documents() and valid

    def _citations_are_documents(self) -> bool:
        """Every cited page is a legal document, each once (the chooser offers only those; a crafted
        post is refused on the row concerned)."""
        formset = getattr(self, "formsets", {}).get("citations")
        ok = True
        seen: set[int] = set()
        for form in formset.forms if formset is not None else []:
            data = getattr(form, "cleaned_data", None) or {}
            page = data.get("document")
            if data.get("DELETE") or page is None:
                continue
            try:
                citations.check_citable([page])
                if page.pk in seen:
                    citations.check_citable([page, page])
            except qa.LifecycleError as error:
                form.add_error("document", error.messages)
                ok = False
            seen.add(page.pk)
        return ok

    def _answering(self, cleaned) -> bool:
        return "answer" in self.changed_data and bool((cleaned.get("answer") or "").strip())

    def _progress_requested(self, cleaned) -> bool:
        changed = {"progress_note", "progress_new_date"} & set(self.changed_data)
        return bool(changed) and bool((cleaned.get("progress_note") or "").strip()) and not cleaned.get("answer")

    def _declaring_out_of_scope(self) -> bool:
        return "mark_out_of_scope" in self.changed_data and bool(self.cleaned_data.get("mark_out_of_scope"))

    def clean(self):
        cleaned = super().clean()
        question = self.instance  # still as stored: the form's values are applied after clean()
        will_answer = bool((cleaned.get("answer") or "").strip()) or question.status == Question.Status.ANSWERED
        if cleaned.get("published") and (not will_answer or self._declaring_out_of_scope()):
            self.add_error("published", _("Chỉ công bố được câu hỏi đã có câu trả lời."))
        try:
            if self._declaring_out_of_scope():
                if self._answering(cleaned):
                    self.add_error(
                        "mark_out_of_scope", _("Câu hỏi không thuộc phạm vi thì không nhập nội dung trả lời.")
                    )
                qa.check_out_of_scope(question, cleaned.get("out_of_scope_reason"))
            elif self._progress_requested(cleaned):
                qa.check_progress(question, cleaned.get("progress_note"), cleaned.get("progress_new_date"))
            if self._answering(cleaned) and question.status == Question.Status.OUT_OF_SCOPE:
                self.add_error("answer", _("Câu hỏi đã được xác định không thuộc phạm vi."))
        except qa.LifecycleError as error:
            field = {"reason": "out_of_scope_reason", "new_date": "progress_new_date", "note": "progress_note"}
            self.add_error(field.get(error.code, None), error.messages)
        if cleaned.get("forward_to") is not None or (cleaned.get("forward_note") or "").strip():
            try:
                forwarding.check_forward(question, cleaned.get("forward_to"))
            except qa.LifecycleError as error:
                self.add_error("forward_to", error.messages)
        return cleaned

    def save(self, commit: bool = True):
        question = super().save(commit=False)
        user = getattr(self, "for_user", None)
        changed = set(self.changed_data)
        try:
            if question.pk is None:
                question.save()
            if "assigned_unit" in changed and question.assigned_unit:
                qa.assign(question, question.assigned_unit)
            if self.cleaned_data.get("forward_to") is not None:
                forwarding.forward(
                    question, self.cleaned_data["forward_to"], user, self.cleaned_data.get("forward_note")
                )
            if self._declaring_out_of_scope():
                qa.declare_out_of_scope(question, question.out_of_scope_reason, user)
            elif self._progress_requested(self.cleaned_data):
                qa.notify_progress(question, question.progress_note, question.progress_new_date)
            if "answer" in changed and question.answer:
                qa.answer(question, question.answer, user)
            qa.set_published(question, bool(question.published))
        except qa.LifecycleError as error:  # clean() prevents these; keep the data consistent anyway
            raise forms.ValidationError(error.messages) from error
        question.save()
        return question
