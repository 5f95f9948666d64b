"""URLs of the province-IT console (served on PLATFORM_HOST only; URL names ``console:*``)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from logins.views import ConsoleLoginView, console_second_factor

from . import views

app_name = "console"
urlpatterns = [
    path("", views.tenant_tree, name="tree"),
    # Password, then TOTP code (or a recovery code): the account is signed in only after both.
    path("dang-nhap/", ConsoleLoginView.as_view(template_name="console/login.html"), name="login"),
    path("dang-nhap/xac-thuc/", console_second_factor, name="second_factor"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="console:tree"), name="logout"),
    path("khoa-dang-nhap/", views.lockouts, name="lockouts"),
    path("khoa-dang-nhap/mo-khoa/", views.unlock, name="unlock"),
    path("don-vi/", views.register, name="register"),
    path("don-vi/tao-moi/", views.create, name="create"),
    path("sap-nhap/", views.merge, name="merge"),
    path("sap-nhap/<int:job_id>/", views.merge_job, name="merge_job"),
    path("don-vi/<str:path>/", views.site, name="site"),
    path("don-vi/<str:path>/tai-khoan/", views.site_accounts, name="accounts"),
    path("don-vi/<str:path>/tai-khoan/<int:user_id>/<slug:action>/", views.account_action, name="account_action"),
    path("don-vi/<str:path>/<slug:action>/", views.site_action, name="action"),
    path("tuan-thu/", views.compliance_dashboard, name="compliance"),
    path("tuan-thu-theo-cap/", views.compliance_rollups, name="compliance_rollups"),
    path("tuan-thu/<str:path>/", views.compliance_site, name="compliance_site"),
    path("tuan-thu/<str:path>/bao-cao/", views.compliance_report, name="compliance_report"),
    path("tuan-thu/<str:path>/kiem-tra-lai/", views.compliance_refresh, name="compliance_refresh"),
    path("tai-khoan/", views.people, name="people"),
    path("nhat-ky/", views.audit_log, name="audit"),
    path("nhat-ky/csv/", views.audit_csv, name="audit_csv"),
]
