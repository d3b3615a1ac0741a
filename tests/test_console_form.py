"""The case form in `supportbot run`, typed as a person does (issue 12 point 6): each answer is
checked when it is given and re-asked with the reason; cancel leaves at any step."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import supportbot

TO_THE_FORM = [
    "help",
    "1",  # Billing & invoices
    "invoices",
    "my invoice pdf download says access denied INV-403",
    "still need help",
]


def typed(tmp_path: Path, *lines: str) -> str:
    result = supportbot("run", stdin="\n".join(lines) + "\n/quit\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def test_each_answer_is_checked_when_given_and_asked_again_with_the_reason(
    tmp_path: Path,
) -> None:
    out = typed(
        tmp_path,
        *TO_THE_FORM,
        "",  # subject as prefilled
        "",  # description as prefilled
        "not-a-link",
        "https://app.acme.example/invoices/7",
        "maybe",
        "ja",  # German yes
        "9",
        "urgent",  # the severity by its name
        "not a person!",
        "",  # no participants after all
        "tickets",
    )
    assert '"not-a-link" is not a link' in out
    assert '"maybe" is not yes or no.' in out
    assert '"9" is not a severity of your plan; choose one of 1, 2, 3, 4.' in out
    assert '"person!" is neither a known user nor an e-mail address.' in out
    assert "Case CS-1 is open." in out
    case = typed(tmp_path, "case CS-1")
    assert "Status: new | severity 2" in case, case  # "urgent" picked severity 2


def test_enter_on_a_refused_value_asks_again_instead_of_looping(tmp_path: Path) -> None:
    # "zed" looks like a person id, so only the submit finds that nobody has it; the form
    # then asks for participants again without offering "zed" as the value Enter keeps.
    out = typed(tmp_path, *TO_THE_FORM, "", "", "", "no", "3", "zed", "", "tickets")
    assert '"zed" is neither a known user nor an e-mail address.' in out
    assert "[zed]" not in out
    assert "Case CS-1 is open." in out
    assert out.count("Open a support case") == 2  # the form, and once more for participants


@pytest.mark.parametrize(
    ("step", "word"),
    [
        (0, "cancel"),  # at the subject
        (3, "abbrechen"),  # at login access, in German
        (4, "/cancel"),  # at severity, as a console command
    ],
)
def test_cancel_leaves_the_form_at_any_step(tmp_path: Path, step: int, word: str) -> None:
    answers = ["", "", "", "no", "3", ""]
    out = typed(tmp_path, *TO_THE_FORM, *answers[:step], word, "tickets")
    assert 'Cancelled. Say "help" to start again.' in out
    assert "Your cases (0)" in out
    assert "CS-1" not in out


def test_cancel_while_describing_and_help_lists_it(tmp_path: Path) -> None:
    out = typed(tmp_path, "/help", "help", "1", "invoices", "cancel", "tickets")
    assert "/cancel (or cancel)" in out
    assert "Cancelled." in out
    assert "Your cases (0)" in out


def test_answers_typed_before_a_stop_are_offered_again_by_the_next_run(tmp_path: Path) -> None:
    subject = "Invoice PDF broken for our accountant"
    link = "https://acme.example/invoices/77"
    before = typed(tmp_path, *TO_THE_FORM, subject, "", link)  # stopped at "login access"
    assert "Allow support to log in" in before
    after = typed(tmp_path, "hello", "", "", "", "", "4", "")
    assert f"[{subject}]" in after and f"[{link}]" in after, after
    assert f"CS-1: {subject}" in after, after


def test_a_command_typed_while_a_form_waits_runs_and_the_form_comes_back(tmp_path: Path) -> None:
    """After a stop mid-form the form is open only on the bot's side: `tickets` lists the
    cases (it was taken as a nudge to show the form again), the next line shows the form."""
    typed(tmp_path, *TO_THE_FORM, "Invoice PDF broken")
    after = typed(tmp_path, "tickets", "hello")
    assert "Your cases (0)" in after, after
    assert after.index("Your cases (0)") < after.index("Open a support case"), after
    assert "[Invoice PDF broken]" in after, after
