"""Message catalogues and the lookup that turns a Msg into text in a locale."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.text import Msg, Param
from bot.i18n import de as de
from bot.i18n import en as en

CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": en.MESSAGES, "de": de.MESSAGES}
FALLBACK = "en"


def language(locale: str | None) -> str:
    """The catalogue language for a platform locale such as 'de-DE'; English otherwise."""
    lang = (locale or FALLBACK).replace("_", "-").split("-")[0].lower()
    return lang if lang in CATALOGUES else FALLBACK


def translate(locale: str | None, message: Msg) -> str:
    """The message in the locale's language, with parameters rendered in it too."""
    lang = language(locale)
    template = CATALOGUES[lang].get(message.key) or CATALOGUES[FALLBACK].get(message.key)
    if template is None:
        raise KeyError(f"no text for message key {message.key!r}")
    params = {name: _param(lang, value) for name, value in message.params.items()}
    return template.format(**params)


def _param(lang: str, value: Param) -> str:
    if isinstance(value, Msg):
        return translate(lang, value)
    if isinstance(value, Mapping):
        # A name per language (catalogue topics, severity names): pick ours or English.
        return str(value.get(lang) or value.get(FALLBACK) or next(iter(value.values()), ""))
    return str(value)
