"""The form renderer: Django's own (``DjangoTemplates``), with its plainest widget templates
written in Python.

A list page renders its filter form on every request, and Django renders each widget through
three or four small templates (the input, its attributes, each option of a select): that was
a sixth of a ledger list's time. The templates written here produce the same text, byte for
byte, as the template files they stand for (``core/tests/test_renderers.py`` compares them
on every form of the project and on generated widgets); anything they do not cover — another
template, an option with its own template, an unusual context — is rendered by the template
as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData, mark_safe

Writer = Callable[[dict[str, Any]], str]


#: what ``render_value_in_context`` asks of a context (localised, the configured time zone,
#: escaped), as a widget template's fresh context has it
_CONTEXT = Context()


class Unwritten(Exception):
    """A context the Python template does not cover: the template file renders it."""


def text_html(value: Any) -> str:
    """``{{ value }}``."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` (the filter keeps a safe string safe)."""
    try:
        text: str = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        text = ""
    if isinstance(value, SafeData):
        text = mark_safe(text)
    return text_html(text)


def _attrs(widget: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    attrs = widget["attrs"]
    if type(attrs) is not dict or "items" in attrs:  # the template would look up attrs["items"]
        raise Unwritten
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {text_html(name)}")
            if value is not True:
                parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def input_html(widget: dict[str, Any]) -> str:
    """``django/forms/widgets/input.html`` (and the templates that only include it, or an
    app's template that extends it)."""
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value != None else ""  # noqa: E711 (the template's !=)
    return (f'<input type="{text_html(widget["type"])}" name="{text_html(widget["name"])}"{shown}'
            f"{_attrs(widget)}>")


OPTION = "django/forms/widgets/select_option.html"


def _option(option: dict[str, Any]) -> str:
    """``django/forms/widgets/select_option.html``, with the file's last line break."""
    return (f'<option value="{_formatted(option["value"])}"{_attrs(option)}>'
            f'{text_html(option["label"])}</option>\n')


def _select(widget: dict[str, Any]) -> str:
    """``django/forms/widgets/select.html``."""
    parts = [f'<select name="{text_html(widget["name"])}"{_attrs(widget)}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{text_html(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                raise Unwritten
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _textarea(widget: dict[str, Any]) -> str:
    """``django/forms/widgets/textarea.html``."""
    value = widget["value"]
    return (f'<textarea name="{text_html(widget["name"])}"{_attrs(widget)}>\n'
            f'{text_html(value) if value else ""}</textarea>\n')


#: template name → its text from a widget's context (``context["widget"]``), before the
#: renderer strips it as it strips a template's output
WRITERS: dict[str, Writer] = {
    **{f"django/forms/widgets/{name}.html": input_html for name in (
        "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime",
        "time", "search", "tel", "color", "checkbox", "file")},
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
}


def writes(template_name: str) -> Callable[[Writer], Writer]:
    """Registers a Python template for ``template_name`` (an app's own widget template); its
    test belongs beside it, comparing it with the file."""
    def register(writer: Writer) -> Writer:
        WRITERS[template_name] = writer
        return writer

    return register


class FormRenderer(DjangoTemplates):
    """``FORM_RENDERER``: the widget templates of ``WRITERS`` in Python, the rest as Django
    renders them."""

    def render(self, template_name: str, context: dict[str, Any],
               request: Any = None) -> str:
        writer = WRITERS.get(template_name)
        if writer is not None:
            widget = context.get("widget")
            try:
                if len(context) != 1 or type(widget) is not dict:
                    raise Unwritten
                return writer(widget).strip()
            except (Unwritten, KeyError):
                self.unwritten(template_name)
        return super().render(template_name, context, request=request)

    def unwritten(self, template_name: str) -> None:
        """A template of ``WRITERS`` that the template file renders after all (its tests
        count these)."""
