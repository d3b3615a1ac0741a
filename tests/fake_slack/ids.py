"""Default identifiers shared by the fake server and the payload builders.

The payloads' default user is not the bot: Bolt's IgnoringSelfEvents middleware drops
events whose ``user`` equals the bot user id that auth.test returned.
"""

from __future__ import annotations

TEAM_ID = "T0FAKETEAM"
TEAM_DOMAIN = "fake-team"
APP_ID = "A0FAKEAPP"
BOT_ID = "B0FAKEBOT"
BOT_USER_ID = "U0FAKEBOT"
USER_ID = "U0FAKEUSER"
CHANNEL_ID = "C0FAKECHAN"
DM_CHANNEL_ID = "D0FAKEDM"
SIGNING_SECRET = "fake-signing-secret"
BOT_TOKEN = "xoxb-test"
CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "fake-client-secret"
