"""Forms of the console (a scale and its categories as an inline formset; a site's choice of scale)
and of the site admin (one grade line per contributor). Figures are validated by ``services.scales``
so the console, the admin and the command line refuse the same input with the same message."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from .models import RoyaltyCategory, RoyaltyScale
from .services.errors import RoyaltyError
from .services.scales import check_category, decimal_of


class ScaleForm(forms.ModelForm):
    # Not the model field: another scale may be the default now; ``scales.make_default`` moves it.
    is_default = forms.BooleanField(label=_("Khung mặc định của tỉnh"), required=False)

    class Meta:
        model = RoyaltyScale
        fields = ["name", "unit_value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_default"].initial = self.instance.is_default

    def clean_unit_value(self):
        value = self.cleaned_data["unit_value"]
        try:
            return decimal_of(value, _("Giá trị một hệ số"))
        except RoyaltyError as error:
            raise forms.ValidationError(str(error)) from error


class CategoryForm(forms.ModelForm):
    class Meta:
        model = RoyaltyCategory
        fields = ["code", "name", "min_coefficient", "max_coefficient", "fixed_amount", "component_percentage"]

    def clean(self):
        cleaned = super().clean()
        if self.errors or cleaned.get("DELETE") or not self.has_changed():
            return cleaned
        try:
            check_category(cleaned.get("min_coefficient"), cleaned.get("max_coefficient"), cleaned.get("fixed_amount"))
        except RoyaltyError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned


CategoryFormSet = inlineformset_factory(
    RoyaltyScale, RoyaltyCategory, form=CategoryForm, extra=3, can_delete=True, min_num=0
)


class SiteScaleForm(forms.Form):
    scale = forms.ModelChoiceField(
        RoyaltyScale.objects.all(),
        required=False,
        label=_("Khung nhuận bút"),
        empty_label=_("Theo khung mặc định của tỉnh"),
    )


class GradeLineForm(forms.Form):
    """One contributor's line; the contributor comes from the page, never from the posted data."""

    category = forms.ChoiceField(label=_("Thể loại"))
    coefficient = forms.DecimalField(
        label=_("Hệ số"),
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text=_("Để trống với thể loại có mức cố định."),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (
                category.code,
                f"{category.name} ({category.fixed_amount} đ)"
                if category.is_fixed
                else f"{category.name} ({category.min_coefficient}–{category.max_coefficient})",
            )
            for category in categories
        ]


GradeLineFormSet = forms.formset_factory(GradeLineForm, extra=0)
