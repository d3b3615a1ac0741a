"""The case form (R5): its fields and the validation of a submitted form."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.actions import Choice, FormField
from bot.core.model import Category, SeverityScheme
from bot.core.text import Msg, msg

SUBJECT_MAX = 150
# A description shorter than this is "too thin" (R5): the user is nudged once.
THIN_WORDS = 8
_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A person id or a platform reference (slack:U1); whether it exists is checked on submit.
_PERSON = re.compile(r"^[\w.:-]+$")
_YES = {"yes", "y", "ja", "j", "true", "1", "on", "si", "sí"}
_NO = {"no", "n", "nein", "false", "0", "off", ""}


@dataclass(frozen=True)
class CaseDraft:
    """A validated case form."""

    subject: str
    description: str
    links: tuple[str, ...]
    login_access: bool
    severity: str
    participants: tuple[str, ...]


def severity_choices(
    scheme: SeverityScheme, *, response_of: Mapping[str, Msg]
) -> tuple[Choice, ...]:
    """Severity options with each level's definition and first-response time (R5, R7)."""
    return tuple(
        Choice(
            value=level.code,
            label=msg(
                "severity.choice",
                code=level.code,
                name=level.names,
                response=response_of[level.code],
            ),
            detail=msg("plain", text=level.definitions),
        )
        for level in scheme.levels
    )


def form_fields(severities: tuple[Choice, ...], category: Category) -> tuple[FormField, ...]:
    """The fields of the case form, in the order they are asked."""
    hint = msg("form.code_hint", lines=category.max_code_lines) if category.max_code_lines else None
    return (
        FormField("subject", msg("form.subject"), "text", required=True),
        FormField("description", msg("form.description"), "long_text", required=True, hint=hint),
        FormField("links", msg("form.links"), "list", hint=msg("form.links_hint")),
        FormField("login_access", msg("form.login_access"), "yes_no"),
        FormField("severity", msg("form.severity"), "choice", required=True, choices=severities),
        FormField(
            "participants", msg("form.participants"), "list", hint=msg("form.participants_hint")
        ),
    )


def split_list(raw: str) -> tuple[str, ...]:
    """Comma, space or newline separated items, without empties."""
    return tuple(item for item in re.split(r"[\s,;]+", raw.strip()) if item)


def check_answer(name: str, raw: str) -> Msg | None:
    """The rule a single typed answer breaks, or None; checked as each answer is given
    (console) and again on submit. Severity and known people need the plan and the
    directory, so only `validate` checks those."""
    value = raw.strip()
    match name:
        case "subject" if not value:
            return msg("form.error.subject_required")
        case "subject" if len(value) > SUBJECT_MAX:
            return msg("form.error.subject_long", max=SUBJECT_MAX)
        case "description" if not value:
            return msg("form.error.description_required")
        case "links":
            bad = [link for link in split_list(value) if not _URL.match(link)]
            return msg("form.error.link", link=bad[0]) if bad else None
        case "login_access" if value.lower() not in _YES | _NO:
            return msg("form.error.yes_no", value=value)
        case "participants":
            odd = [p for p in split_list(value) if not _EMAIL.match(p) and not _PERSON.match(p)]
            return msg("form.error.participant", value=odd[0]) if odd else None
    return None


def answer_errors(values: Mapping[str, str]) -> tuple[tuple[str, Msg], ...]:
    """(field, rule) for each submitted answer that breaks a rule of its own; needs nothing
    stored, so a platform can refuse those at once (Slack's 3 s answer to a modal). The thin
    nudge, the severity and whether people exist are left to `validate`."""
    checked = ((name, check_answer(name, raw)) for name, raw in values.items())
    return tuple((name, problem) for name, problem in checked if problem is not None)


def validate(
    values: Mapping[str, str],
    *,
    scheme: SeverityScheme,
    nudged: bool,
    login_default: bool,
    known_people: frozenset[str],
) -> CaseDraft | tuple[tuple[str, Msg], ...]:
    """A draft, or (field, message naming the rule) errors. The thin nudge is given once."""
    subject = values.get("subject", "").strip()
    description = values.get("description", "").strip()
    thin = bool(description) and len(description.split()) < THIN_WORDS and not nudged
    errors: list[tuple[str, Msg]] = []
    for name in ("subject", "description", "links", "login_access"):
        problem = check_answer(name, values.get(name, ""))
        if problem is None and name == "description" and thin:
            problem = thin_nudge()
        if problem is not None:
            errors.append((name, problem))
    access_raw = values.get("login_access", "").strip().lower()
    severity = values.get("severity", "").strip().upper()
    level = scheme.level(severity) or scheme.level(severity.lower())
    if level is None:
        codes = ", ".join(lvl.code for lvl in scheme.levels)
        errors.append(("severity", msg("form.error.severity", value=severity, codes=codes)))
    participants = split_list(values.get("participants", ""))
    unknown = [p for p in participants if not _EMAIL.match(p) and p.lower() not in known_people]
    if unknown:
        errors.append(("participants", msg("form.error.participant", value=unknown[0])))
    if errors or level is None:
        return tuple(errors)
    return CaseDraft(
        subject=subject,
        description=description,
        links=split_list(values.get("links", "")),
        login_access=(access_raw in _YES) if access_raw else login_default,
        severity=level.code,
        participants=participants,
    )


def thin_nudge() -> Msg:
    """R5: the once-only nudge for a description that is too thin."""
    return msg("form.nudge_thin", words=THIN_WORDS)


def yes_no(raw: str) -> str | None:
    """'yes' or 'no' for what people type (ja, nein, y, n ...); None when it is neither."""
    value = raw.strip().lower()
    return "yes" if value in _YES - {""} else "no" if value in _NO - {""} else None


def guess_subject(description: str) -> str:
    """First line of the description, cut to the subject limit, to prefill the form."""
    first = description.strip().splitlines()[0] if description.strip() else ""
    return first[: SUBJECT_MAX - 1] + "…" if len(first) > SUBJECT_MAX else first
