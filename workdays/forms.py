"""Console forms for the holiday calendar."""

from django import forms

from .models import CompensatoryWorkday, PublicHoliday


class HolidayForm(forms.ModelForm):
    class Meta:
        model = PublicHoliday
        fields = ["date", "name", "kind", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class WorkdayForm(forms.ModelForm):
    class Meta:
        model = CompensatoryWorkday
        fields = ["date", "name"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
