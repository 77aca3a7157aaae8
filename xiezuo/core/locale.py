from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user chose otherwise (the language switch sets a
    cookie); the browser's Accept-Language is not consulted."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def in_english() -> bool:
    """Whether the active language is English (reference data then shows its English name)."""
    return (translation.get_language() or "").startswith("en")


def localized(name: str, name_en: str) -> str:
    """Reference data's name in the active language: its English name when the interface is
    English and it has one, else the name as stored (data an office types stays as typed)."""
    return name_en if name_en and in_english() else name
