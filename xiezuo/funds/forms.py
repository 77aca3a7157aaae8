from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.accounts.models import Side
from xiezuo.core.scoping import Role
from xiezuo.funds.models import PROJECT_TYPES, FundMovement, MovementType, overspend_message
from xiezuo.ledgers.forms import LedgerForm
from xiezuo.projects.models import Project

OVERRIDE_ROLES = {Role.OFFICE_ADMIN, Role.NATIONAL_ADMIN}


class FundMovementForm(LedgerForm):
    class Meta:
        model = FundMovement
        fields = ("year", "date", "type", "source", "amount", "project", "region", "pairing",
                  "reported_by", "document_no", "override_reason", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.user
        self.fields["region"].required = False
        self.fields["region"].help_text = _("留空时取项目所在县")
        project = self.fields["project"]
        assert isinstance(project, forms.ModelChoiceField)
        project.queryset = Project.objects.visible_to(user).select_related("region", "pairing")
        office = getattr(user, "office", None)
        side = getattr(office, "side", None)
        if side in (Side.DONOR, Side.RECIPIENT):
            # The reporting side is the user's own office's side.
            del self.fields["reported_by"]
            self.instance.reported_by = side
        if getattr(user, "role", None) not in OVERRIDE_ROLES and not getattr(
                user, "is_superuser", False):
            del self.fields["override_reason"]

    def clean(self) -> dict[str, Any]:
        project = self.cleaned_data.get("project")
        if project is not None and self.cleaned_data.get("region") is None:
            self.cleaned_data["region"] = project.region
            self.cleaned_data.setdefault("pairing", project.pairing)
            if self.cleaned_data.get("pairing") is None:
                self.cleaned_data["pairing"] = project.pairing
        if self.cleaned_data.get("region") is None and "region" not in self.errors:
            self.add_error("region", _("请填写所在地区或选择项目。"))
        cleaned = super().clean()
        kind, amount = cleaned.get("type"), cleaned.get("amount")
        if kind in PROJECT_TYPES and project is None:
            self.add_error("project", _("「安排」和「支出」须指明项目。"))
        if kind == MovementType.SPENDING and project is not None and amount is not None:
            probe = FundMovement(pk=self.instance.pk, project=project)
            available = probe.available_for_spending()
            if Decimal(amount) > available and not cleaned.get("override_reason"):
                self.add_error("amount", overspend_message(available))
        return cleaned

