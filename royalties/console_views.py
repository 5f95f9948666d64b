"""Province-IT console pages (platform host, public schema): the royalty scales (list, edit with their
categories) and each site's choice of scale (posted from the console's site page)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import staff_required
from tenants.services.errors import TenantError
from tenants.services.registry import get_tenant

from .forms import CategoryFormSet, ScaleForm, SiteScaleForm
from .models import RoyaltyScale
from .services.scales import make_default, set_site_scale


@staff_required
def scales(request: HttpRequest) -> HttpResponse:
    rows = RoyaltyScale.objects.prefetch_related("categories")
    return render(request, "royalties/console/scales.html", {"scales": rows})


@staff_required
def scale_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scale = get_object_or_404(RoyaltyScale, pk=pk) if pk else RoyaltyScale()
    data = request.POST if request.method == "POST" else None
    form = ScaleForm(data, instance=scale)
    formset = CategoryFormSet(data, instance=scale, prefix="categories")
    if data is not None and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            saved = form.save()
            formset.instance = saved
            formset.save()
            if form.cleaned_data["is_default"]:
                make_default(saved)
        messages.success(request, _("Đã lưu khung nhuận bút “%(name)s”.") % {"name": saved.name})
        return redirect("royalties_console:scales")
    status = 400 if data is not None else 200
    context = {"form": form, "formset": formset, "scale": scale}
    return render(request, "royalties/console/scale_edit.html", context, status=status)


@staff_required
@require_POST
def site_scale(request: HttpRequest, path: str) -> HttpResponse:
    try:
        tenant = get_tenant(path)
    except TenantError as exc:
        raise Http404(str(exc)) from exc
    form = SiteScaleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Khung nhuận bút không hợp lệ."))
    else:
        set_site_scale(tenant, form.cleaned_data["scale"])
        messages.success(request, _("Đã chọn khung nhuận bút cho “%(site)s”.") % {"site": tenant.name})
    return redirect("console:site", tenant.path)
