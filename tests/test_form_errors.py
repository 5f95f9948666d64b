"""A citizen form that fails as a whole (a rule across fields) states that error once: in the error summary
at the top when there is one, beside the fields otherwise — never twice for a screen reader to repeat."""

import datetime

from django import forms
from django.template import Context, Template

PAGE = Template(
    '{% include "includes/citizen_error_summary.html" %}'
    '{% include "includes/citizen_form_fields.html" with form=form %}'
)
WHOLE_FORM_ERROR = "Ngày kết thúc phải sau ngày bắt đầu."


class DatesForm(forms.Form):
    start = forms.DateField(label="Từ ngày")
    end = forms.DateField(label="Đến ngày")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(WHOLE_FORM_ERROR)
        return cleaned


def render(form_error: str) -> str:
    form = DatesForm({"start": datetime.date(2026, 5, 2), "end": datetime.date(2026, 5, 1)})
    assert not form.is_valid()
    return PAGE.render(Context({"form": form, "form_error": form_error}))


def test_a_whole_form_error_shows_once_in_the_summary():
    html = render("Chưa gửi được. Vui lòng sửa các lỗi bên dưới.")
    assert html.count(WHOLE_FORM_ERROR) == 1
    summary_end = html.index("</div>")
    assert html.index(WHOLE_FORM_ERROR) < summary_end  # inside the summary, which takes the focus


def test_without_a_summary_the_whole_form_error_shows_beside_the_fields():
    html = render("")
    assert html.count(WHOLE_FORM_ERROR) == 1
    assert 'role="alert"' in html
