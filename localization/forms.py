"""Forms of the province-IT console pages of the localization layer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GlossaryTerm
from .text import match_key


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["vi", "en", "en_attributive", "is_level", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def clean_vi(self) -> str:
        value = self.cleaned_data["vi"]
        key = match_key(value)
        if not key:
            raise forms.ValidationError(_("Thuật ngữ tiếng Việt không được để trống."))
        clash = GlossaryTerm.objects.filter(key=key).exclude(pk=self.instance.pk).first()
        if clash is not None:
            raise forms.ValidationError(
                _("Thuật ngữ “%(term)s” đã có trong bảng (→ %(en)s)."), params={"term": clash.vi, "en": clash.en}
            )
        return value
