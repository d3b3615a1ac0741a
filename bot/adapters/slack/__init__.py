"""Slack adapter: slack-bolt listeners that translate to core events and render core actions."""
