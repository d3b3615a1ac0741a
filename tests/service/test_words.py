"""Issue 12, point 9: the words people read in the console, in English and in German.

No ranking scores, real plural forms, dates, weekdays and language names in the reader's
language (Babel), German hints that name the German command words, unknown commands
pointed at /help, no requirement ids, and a plan that tells the agents' languages from
the bot's.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.core.commands import command_name
from bot.core.intake import CANCEL_WORDS, is_trigger
from tests.service.conftest import World
from tests.test_i18n import GERMAN_LEFTOVERS

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

# What a German reader saw before (issue 12): English words, and raw ISO dates.
ENGLISH_LEFTOVERS = (*GERMAN_LEFTOVERS, r"\b\d{4}-\d{2}-\d{2}\b", r"\b(console|phone)\b")
REQUIREMENT_ID = re.compile(r"\bR\d+\b")


def shown(lines: list[str], text: str) -> bool:
    return any(text in line for line in lines)


def said_to(lines: list[str], person: str) -> list[str]:
    """The printed lines addressed to a person's DM, with their indented continuations."""
    mine: list[str] = []
    current = False
    for line in "\n".join(lines).splitlines():
        if not line.startswith(" "):
            current = line.startswith(f"[@{person}]")
        if current:
            mine.append(line)
    return mine


def leftovers(lines: list[str]) -> list[str]:
    """Lines that still hold English words or raw values the issue named."""
    return [line for line in lines if any(re.search(p, line) for p in ENGLISH_LEFTOVERS)]


async def german_user_on_business_hours(world: World) -> None:
    """Greta: new to the bot, so in the default org (Standard plan, EMEA business hours),
    and German, as her Slack or Discord client would have told the bot."""
    await world.say("/as user greta", "/fälle")
    async with world.repository.transaction() as uow:
        greta = await uow.person("console:local:greta")
        assert greta is not None
        await uow.save_person(replace(greta, locale="de", timezone="Europe/Berlin"))


async def test_articles_are_offered_without_scores(world: World) -> None:
    await world.say("help", "Billing & invoices", "invoices")
    out = await world.say("when I download the invoice pdf it says access denied INV-403")
    offered = [line for line in out if "KB-1001" in line]
    assert offered, out
    assert not any(re.search(r"\(\d+(\.\d+)?\)", line) for line in offered), offered


async def test_one_incident_is_said_in_the_singular(world: World) -> None:
    await world.say("help")
    out = await world.say("Integrations & API")  # one active incident (INC-2026-1121)
    assert shown(out, "There is 1 known incident for this topic right now."), out
    await world.say("/as user bob")
    await world.say("Hilfe")
    out = await world.say("Integrationen & API")
    assert shown(out, "Zu diesem Thema ist aktuell 1 Störung bekannt."), out
    assert leftovers(said_to(out, "bob")) == []


async def test_german_case_list_and_details_have_german_dates_and_words(world: World) -> None:
    await world.say("/as agent")
    await world.say("/log phone bob billing/invoices 4 Rechnungsadresse ändern")
    await world.say("/as user bob")
    out = await world.say("fälle")
    assert shown(out, "Ihre Fälle (1)")
    # T0 is Monday 2026-11-23 09:00 UTC; bob lives in Berlin.
    row = next(line for line in out if "CS-1 |" in line)
    assert row.endswith("| 23.11.2026, 10:00 MEZ | 23.11.2026, 10:00 MEZ | Telefon | neu"), row
    out += await world.say("fall CS-1")
    assert shown(out, "Erstreaktion fällig bis 23.11.2026, 18:00 MEZ")  # severity 4: 8 h
    out += await world.say("zugriff CS-1")
    assert shown(out, "Verwendung: zugriff CS-1 ja|nein")  # the hint names the German word
    out += await world.say("zugriff CS-1 ja")
    assert shown(out, "Der Login-Zugriff für CS-1 ist jetzt erteilt.")
    out += await world.say("bewerten CS-1 5")
    assert shown(out, "Sie können CS-1 bewerten, sobald der Fall geschlossen ist.")
    assert leftovers(said_to(out, "bob")) == []


async def test_english_dates_are_english(world: World) -> None:
    await world.say("/as agent")
    await world.say("/log phone alice billing/invoices 4 Invoice address")
    await world.say("/as user alice")
    out = await world.say("tickets")
    row = next(line for line in out if "CS-1 |" in line)
    assert row.endswith("| Nov 23, 2026, 10:00 CET | Nov 23, 2026, 10:00 CET | phone | new"), row


async def test_plan_tells_the_agents_languages_from_the_bots(world: World) -> None:
    out = await world.say("what is my support plan?")
    assert shown(out, "Our agents speak: English, German, Spanish, and Japanese")
    assert shown(out, "This bot writes: English and German")
    assert shown(out, "Channels: Slack, Discord, console, and phone")
    await world.say("/as user bob")
    out = await world.say("plan")
    assert shown(out, "Unsere Agenten sprechen: Englisch, Deutsch, Spanisch und Japanisch")
    assert shown(out, "Dieser Bot schreibt: Englisch und Deutsch")
    assert shown(out, "Kanäle: Slack, Discord, Konsole und Telefon")
    assert leftovers(out) == []


async def test_business_hours_have_the_readers_weekday_names(world: World) -> None:
    await german_user_on_business_hours(world)
    out = await world.say("was ist mein Supportplan?")
    hours = next(line for line in out if "Erreichbarkeit" in line)
    assert hours == (
        "[@greta] Erreichbarkeit: Mo.\u2013Fr. 09:00\u201317:00 Uhr "
        "(Mitteleuropäische Zeit), außer an Feiertagen"
    )
    assert leftovers(out) == []
    await world.say("/as user gary")
    out = await world.say("plan")
    assert shown(out, "Hours: Mon\u2013Fri 09:00\u2009\u2013\u200917:00 (Central European Time)")


async def test_unknown_commands_point_to_help(world: World) -> None:
    out = await world.say("/foo")
    assert out == ['[@alice] Unknown command "foo". /help lists the commands.']
    await world.say("/as user bob")
    out = await world.say("/foo bar")
    assert out == ['[@bob] Unbekannter Befehl "foo". /help zeigt die Befehle.']


async def test_help_lists_commands_in_the_readers_language_without_requirement_ids(
    world: World,
) -> None:
    out = await world.say("/help")
    assert shown(out, "[@alice] What you can type here:")
    assert shown(out, "tickets [status:S]") and shown(out, "console commands:")
    assert not [line for line in out if REQUIREMENT_ID.search(line)]
    await world.say("/as user bob")
    out = await world.say("/help")
    assert shown(out, "[@bob] Das können Sie hier schreiben:")
    listed = [line.split()[0] for line in said_to(out, "bob")[1:]]
    assert listed[:3] == ["Hilfe", "fälle", "fall"]
    # Every word the German help names is one the bot understands.
    understood = [w for w in listed if command_name(w) or is_trigger(w) or w in CANCEL_WORDS]
    assert understood == listed
    assert not [line for line in out if REQUIREMENT_ID.search(line)]
    for word in ("fälle", "/fälle", "/hilfe"):
        assert (await world.say(word))[0].startswith(("[@bob] Ihre Fälle", "[@bob] Das können"))


async def test_german_case_form_shows_the_kept_answer_in_german(world: World) -> None:
    await world.say("/as user bob", "Hilfe", "Abrechnung & Rechnungen", "Rechnungen")
    out = await world.say("Das Rechnungs-PDF lässt sich nicht laden, Fehler INV-403")
    more = next(line.split(")")[0].strip() for line in out if "Brauche noch Hilfe" in line)
    out = await world.say(more, "", "", "")  # subject and description as prefilled, no links
    assert shown(out, "Dem Support erlauben, sich in meinem Konto anzumelden")
    assert shown(out, "[nein] (Enter übernimmt es)"), out
    assert leftovers(said_to(out, "bob") + [line for line in out if line.startswith("  ")]) == []
