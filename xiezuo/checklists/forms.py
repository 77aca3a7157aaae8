from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.accounts.models import Office
from xiezuo.checklists.models import Problem, Task, Visit
from xiezuo.ledgers.forms import LedgerForm
from xiezuo.meetings.models import Agreement, Meeting
from xiezuo.projects.models import Project


class TaskForm(LedgerForm):
    class Meta:
        model = Task
        fields = ("year", "title", "description", "owner_office", "deadline", "status",
                  "done_on", "source", "agreement", "meeting", "region", "pairing", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, model in (("agreement", Agreement), ("meeting", Meeting)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = model.objects.visible_to(self.user)


class ProblemForm(LedgerForm):
    class Meta:
        model = Problem
        fields = ("description", "source", "visit", "owner_office", "found_on", "due_on",
                  "cleared_on", "clearing_note", "region", "pairing", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["visit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Visit.objects.visible_to(self.user)


class VisitForm(LedgerForm):
    class Meta:
        model = Visit
        fields = ("date", "visitor", "visitor_office", "household", "household_id_number",
                  "household_phone", "village", "project", "findings", "region", "pairing",
                  "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["project"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Project.objects.visible_to(self.user)


class TaskRowForm(forms.Form):
    """One task typed on an agreement's or a meeting's page."""

    title = forms.CharField(label=_("任务"), max_length=300, required=False,
                            widget=forms.TextInput(attrs={"size": 48}))
    owner_office = forms.ModelChoiceField(label=_("责任单位"), queryset=Office.objects.all(),
                                          required=False)
    deadline = forms.DateField(label=_("完成时限"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("title"):
            for name in ("owner_office", "deadline"):
                if not cleaned.get(name):
                    self.add_error(name, _("请填写此项。"))
        return cleaned


TaskRowFormSet = forms.formset_factory(TaskRowForm, extra=0)


class TickForm(forms.Form):
    done_on = forms.DateField(label=_("完成日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ClearForm(forms.Form):
    cleared_on = forms.DateField(label=_("清零日期"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    clearing_note = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 2}))
