"""The case form's own-answer rules, checked with nothing stored (issue 8: Slack's 3 s)."""

from __future__ import annotations

import pytest

from bot.core.form import answer_errors


@pytest.mark.parametrize(
    ("values", "refused"),
    [
        ({"subject": "PDF fails", "description": "Access denied", "links": ""}, []),
        ({"subject": "", "description": "x"}, ["subject"]),
        ({"subject": "s" * 151, "description": "x"}, ["subject"]),
        ({"subject": "s", "description": " "}, ["description"]),
        ({"subject": "s", "description": "x", "links": "https://a.example not-a-link"}, ["links"]),
        ({"subject": "s", "description": "x", "login_access": "perhaps"}, ["login_access"]),
        ({"subject": "s", "description": "x", "participants": "slack:U1 bob@x.example"}, []),
        ({"subject": "s", "description": "x", "participants": "<bob>"}, ["participants"]),
        # Thin descriptions, severities and unknown people need stored state: not refused here.
        ({"subject": "s", "description": "short", "severity": "9", "participants": "nobody"}, []),
    ],
)
def test_answers_breaking_their_own_rule_are_named_by_field(
    values: dict[str, str], refused: list[str]
) -> None:
    assert [name for name, _ in answer_errors(values)] == refused
