from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.core.money import Unit
from xiezuo.transfer.spec import FieldSpec, Importable, importables

#: ledgers offered first in the list (the genre of the tables offices send)
FIRST = ("projects.project", "funds.fundmovement")


def ledger_choices(user: Any) -> list[tuple[str, str]]:
    """Every ledger the user may import, projects and funds first."""
    found = [(key, imp) for key, imp in importables().items()
             if getattr(imp, "ledger", None) is not None and imp.permitted(user)]
    found.sort(key=lambda kv: (FIRST.index(kv[0]) if kv[0] in FIRST else len(FIRST),
                               kv[1].verbose_name()))
    return [(key, imp.verbose_name()) for key, imp in found]


class UploadForm(forms.Form):
    ledger = forms.ChoiceField(label=_("导入到"))
    file = forms.FileField(
        label=_("表格文件"),
        help_text=_("本单位现有的表格即可：.xlsx、.xls、.ods 或 .csv，不必改成模板格式"))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ledger"].choices = ledger_choices(user)  # type: ignore[attr-defined]


UNIT_CHOICES = [("", _("（按识别）")), *Unit.choices]


def constants_form(importable: type[Importable], user: Any, mapped: set[str],
                   data: dict[str, Any] | None = None, initial: dict[str, Any] | None = None,
                   strict: bool = True) -> forms.Form:
    """The ledger's own form fields that no column fills, asked once for the whole sheet:
    required ones first. ``strict=False``: nothing is required (the person is still
    correcting the mapping)."""
    probe = importable.make_form(user)
    specs = importable.field_specs(probe)
    form = forms.Form(data, initial=initial or {}, prefix="c")
    ordered = sorted((s for s in specs if s.name not in mapped), key=lambda s: not s.required)
    for spec in ordered:
        field = copy.deepcopy(probe.fields[spec.name])
        field.required = spec.required and strict
        if spec.name == "pairing":
            field.required = False
        form.fields[spec.name] = field
    form.specs = {s.name: s for s in ordered}  # type: ignore[attr-defined]
    return form


def required_names(form: forms.Form) -> list[str]:
    specs: dict[str, FieldSpec] = form.specs  # type: ignore[attr-defined]
    return [n for n, s in specs.items() if s.required and n != "pairing"]


def raw_constants(data: Any) -> dict[str, Any]:
    """The constants as posted (``c-…`` keys), kept to show them again and to offer them
    with the saved mapping."""
    return {k: data.getlist(k) if len(data.getlist(k)) > 1 else data.get(k)
            for k in data if k.startswith("c-")}
