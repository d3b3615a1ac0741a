"""A small hand-built catalogue and intake context for pure core tests."""

from __future__ import annotations

from datetime import time, timedelta

from bot.core.decision import IntakeContext
from bot.core.model import (
    Calendar,
    Catalogue,
    Category,
    Incident,
    Org,
    Person,
    Plan,
    Role,
    SeverityLevel,
    SeverityScheme,
    Suggestion,
    Topic,
)
from bot.core.text import msg


def level(code: str, hours: int, *, critical: bool = False) -> SeverityLevel:
    """A severity level with English names."""
    return SeverityLevel(
        code, {"en": f"L{code}"}, {"en": f"def {code}"}, timedelta(hours=hours), critical
    )


SCHEME = SeverityScheme(
    "default", (level("1", 1, critical=True), level("2", 2), level("3", 4), level("4", 8))
)
BERLIN = Calendar("emea", "Europe/Berlin", {d: (time(9), time(17)) for d in range(5)}, frozenset())
CATALOGUE = Catalogue(
    topics=(
        Topic("billing", {"en": "Billing", "de": "Abrechnung"}),
        Topic("login", {"en": "Login", "de": "Anmeldung"}),
    ),
    categories=(
        Category("invoices", "billing", {"en": "Invoices", "de": "Rechnungen"}, "billing-queue"),
        Category("disputes", "billing", {"en": "Disputes"}, "billing-queue", private=True),
        Category(
            "sso",
            "login",
            {"en": "Single sign-on"},
            "login-queue",
            rules={"en": "We review at most 3 lines of code."},
            max_code_lines=3,
        ),
    ),
    schemes={"default": SCHEME},
    calendars={"always": Calendar("always", "UTC"), "emea": BERLIN},
    plans={
        "premier": Plan("premier", {"en": "Premier"}, "default", "always", ("console",), ("en",)),
        "standard": Plan("standard", {"en": "Standard"}, "default", "emea", ("console",), ("en",)),
    },
    hotlines={"default": "+1 800", "emea-de": "+49 30"},
    queue_leads={"billing-queue": "dana"},
)
ACME = Org("acme", "Acme", "premier")
PARTNERCO = Org("partnerco", "PartnerCo", "standard", support_contact="help@partnerco")
GLOBEX = Org("globex", "Globex", "standard", managed_by="partnerco")
ALICE = Person("alice", "Alice", "acme", designated_contact=True)
PAT = Person("pat", "Pat", "partnerco", frozenset({Role.USER, Role.PARTNER}))
INCIDENT = Incident("INC-1", "Login outage", "login", "https://status/INC-1", "SSO down")
ARTICLE = Suggestion("KB-1", "Invoice PDF fails", "https://kb/KB-1", 88.0)


def context(
    person: Person = ALICE,
    *,
    org: Org = ACME,
    partner_org: Org | None = None,
    managed: tuple[Org, ...] = (),
    suggestions: tuple[Suggestion, ...] = (),
) -> IntakeContext:
    """An intake context with the fixture catalogue."""
    return IntakeContext(
        person=person,
        org=org,
        partner_org=partner_org,
        managed_orgs=managed,
        catalogue=CATALOGUE,
        scheme=SCHEME,
        severity_response={lvl.code: msg("plain", text="1 h") for lvl in SCHEME.levels},
        incidents={"login": (INCIDENT,)},
        suggestions=suggestions,
        known_people=frozenset({"bob"}),
    )
