"""A small knowledge directory on disk, written fresh for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

CATALOGUE = """\
topics:
  - id: billing
    names: {en: "Billing & invoices", de: "Abrechnung & Rechnungen"}
    categories:
      - id: invoices
        names: {en: Invoices, de: Rechnungen}
        queue: billing-queue
      - id: payments
        names: {en: Payments, de: Zahlungen}
        queue: billing-queue
  - id: account
    names: {en: "Accounts & login", de: "Konten & Anmeldung"}
    categories:
      - id: login
        names: {en: Login, de: Anmeldung}
        queue: accounts-queue
        rules: {en: "Never send us your password."}
      - id: api
        names: {en: API, de: API}
        queue: dev-queue
        max_code_lines: 200
        break_fix: false
severity_schemes:
  default:
    - {code: "1", names: {en: Critical}, definitions: {en: "down"}, response: 1h, critical: true}
    - {code: "2", names: {en: Urgent}, definitions: {en: "major"}, response: 2h30m}
    - {code: "3", names: {en: High}, definitions: {en: "some"}, response: 1d}
calendars:
  always: {timezone: UTC}
  emea-business:
    timezone: Europe/Berlin
    hours: {mon: "09:00-17:00", fri: "09:00-15:00"}
    public_holidays: DE-BY
    holidays: [12-24]
plans:
  premier:
    names: {en: Premier}
    scheme: default
    calendar: always
    channels: [slack, console]
    languages: [en, de]
hotlines: {default: "+1 800 555 0100"}
queue_leads: {billing-queue: dana}
oncall_channel: oncall
severity1_policy: hotline
reminder_fractions: [0.5, 0.8]
"""


def article(
    article_id: str,
    title: str,
    *,
    topic: str = "billing",
    category: str = "invoices",
    language: str = "en",
    status: str = "published",
    symptoms: tuple[str, ...] = (),
    codes: tuple[str, ...] = (),
    keywords: tuple[str, ...] = (),
    translation_of: str | None = None,
    body: str = "Steps to fix it.",
) -> str:
    """The text of an article file."""
    lines = [
        "---",
        f"id: {article_id}",
        f'title: "{title}"',
        f"topic: {topic}",
        f"category: {category}",
        f"language: {language}",
        f"status: {status}",
        f"url: https://kb.example/{article_id}",
        "symptoms:",
        *[f'  - "{s}"' for s in symptoms],
        f"error_codes: [{', '.join(codes)}]",
        f"keywords: [{', '.join(keywords)}]",
    ]
    if translation_of:
        lines.append(f"translation_of: {translation_of}")
    return "\n".join([*lines, "---", f"# {title}", "", body, ""])


ARTICLES = {
    "billing/KB-1.md": article(
        "KB-1",
        "Invoice PDF download fails with error INV-403",
        symptoms=(
            "Clicking Download PDF on an invoice shows 'Access denied'",
            "Our accountant gets a 403 page when opening invoices",
        ),
        codes=("INV-403",),
        keywords=("invoice", "pdf", "download", "permission"),
        translation_of="KB-2",
    ),
    "billing/KB-2.md": article(
        "KB-2",
        "Rechnungs-PDF lässt sich nicht herunterladen (Fehler INV-403)",
        language="de",
        symptoms=("Beim Klick auf PDF herunterladen kommt 'Zugriff verweigert'",),
        codes=("INV-403",),
        keywords=("rechnung", "pdf", "herunterladen"),
        translation_of="KB-1",
    ),
    "billing/KB-3.md": article(
        "KB-3",
        "Card payment declined with 3-D Secure error PAY-3DS-02",
        category="payments",
        symptoms=(
            "The bank app never asks me to approve the payment",
            "Credit card is declined although the limit is fine",
        ),
        codes=("PAY-3DS-02",),
        keywords=("card", "payment", "3-d secure", "declined"),
    ),
    "billing/KB-4.md": article(
        "KB-4",
        "VAT number missing on invoices",
        symptoms=(
            "Our tax ID is not printed on the invoice",
            "Finance rejects invoices without VAT",
        ),
        keywords=("vat", "tax", "invoice", "company address"),
    ),
    "account/KB-5.md": article(
        "KB-5",
        "Password reset e-mail never arrives",
        topic="account",
        category="login",
        symptoms=("I requested a new password but no e-mail came", "Reset link mail is missing"),
        keywords=("password", "reset", "e-mail", "spam"),
    ),
    "account/KB-6.md": article(
        "KB-6",
        "Account locked after too many sign-in attempts (AUTH-423)",
        topic="account",
        category="login",
        symptoms=("Typed the wrong password several times and now I am locked out",),
        codes=("AUTH-423",),
        keywords=("locked", "login", "attempts"),
    ),
    "account/KB-7.md": article(
        "KB-7",
        "API requests fail with 429 Too Many Requests (API-429)",
        topic="account",
        category="api",
        symptoms=("Our script is throttled after many calls", "HTTP 429 from the REST API"),
        codes=("API-429", "HTTP 429"),
        keywords=("rate limit", "api", "429", "throttling"),
    ),
    "account/KB-8.md": article(
        "KB-8",
        "Password reset e-mail never arrives (old procedure)",
        topic="account",
        category="login",
        status="retired",
        symptoms=("No password reset e-mail",),
        keywords=("password", "reset"),
    ),
    "account/KB-9.md": article(
        "KB-9",
        "Session expires while typing",
        topic="account",
        category="login",
        status="draft",
        symptoms=("Logged out while typing a long message",),
        keywords=("session", "timeout", "logged out"),
    ),
}

INCIDENTS = {
    "INC-1.md": """\
---
id: INC-1
title: "Login outage in EU"
topic: account
status: active
started: 2026-11-20T09:30:00Z
url: https://status.example/INC-1
---
Sign-in fails for some EU customers; we are on it.
""",
    "INC-2.md": """\
---
id: INC-2
title: "Invoices delayed"
topic: billing
status: resolved
started: 2026-11-01T08:00:00Z
url: https://status.example/INC-2
---
Resolved.
""",
}


def write_directory(root: Path) -> Path:
    """Write the catalogue, articles and incidents under root; returns root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    for name, text in ARTICLES.items():
        path = root / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "incidents").mkdir(exist_ok=True)
    for name, text in INCIDENTS.items():
        (root / "incidents" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A valid knowledge directory."""
    return write_directory(tmp_path / "knowledge")
