"""The Wagtail admin's login form in the platform's words: Wagtail's own form (its lockout and
second-factor handling unchanged) with a translated password label and a username placeholder that
reads as one phrase in Vietnamese (Wagtail's catalogue gives "Nhập Tên đăng nhậpcủa bạn")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["placeholder"] = _("Nhập tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
