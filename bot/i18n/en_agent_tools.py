"""English texts of the agents' tools: transcript export (R55), incidents (R56), tags (R52)
and snippets (R51); merged into en.MESSAGES."""

AGENT_TOOLS: dict[str, str] = {
    # transcript export (R55)
    "export.status": "Status",
    "export.severity": "Severity",
    "export.org": "Organisation",
    "export.opened": "Opened",
    "export.closed": "Closed",
    "export.messages": "Messages",
    "export.note": "internal note",
    "export.files": "Attachments",
    "export.nothing": "none",
    "export.bot": "supportbot",
    "export.format_md": "Markdown",
    "export.format_html": "HTML",
    "export.sent": "Transcript of {case} ({format}).",
    "export.saved": "Saved as {path}",
    "export.incidents": "Incidents",
    "detail.incidents": "Incidents: {incidents}",
    "export.incident_line": "{incident} (linked {at})",
    "discord.cmd.export": "export",
    "discord.cmd.export.desc": "A case's transcript as a file (its requester, org admins, agents)",
    "discord.cmd.export_case.desc": "The case id, e.g. CS-12; in a case thread, that case",
    "discord.cmd.export_format": "format",
    "discord.cmd.export_format.desc": "Markdown (the default) or HTML",
    "discord.cmd.export_internal": "internal",
    "discord.cmd.export_internal.desc": "Agents: with the internal notes",
    # incidents linked, created and resolved by agents (R56)
    "deny.incident": "Only agents may link, create or resolve incidents.",
    "usage.incident": "Usage: !incident INC-... in a case thread (incident CS-n INC-... "
    'elsewhere), incident new "Title" TOPIC [URL] [summary], or incident resolve INC-...',
    "usage.incident_new": 'Usage: incident new "Title" TOPIC [URL] [summary], with the title '
    'in quotes, e.g. incident new "Invoice e-mails delayed" billing',
    "incident.unknown": 'There is no incident "{incident}": name one of knowledge/incidents or '
    "one created with incident new.",
    "incident.unknown_topic": '"{topic}" is not a topic. Topics: {topics}.',
    "incident.linked_already": "{case} is linked to {incident} already.",
    "incident.linked": "{case} is linked to incident {incident}: {title}.",
    "incident.linked_user": "Your case {case} is part of a known incident: {title} ({incident}). "
    "We will tell you here when it is resolved.",
    "incident.created": "Incident {incident} created for {topic}: {title}. It is shown before "
    "intake until it is resolved (incident resolve {incident}).",
    "incident.already_resolved": "{incident} is resolved already.",
    "incident.resolved.one": "{incident} is resolved; the requester of {count} linked case was "
    "told.",
    "incident.resolved.other": "{incident} is resolved; the requesters of {count} linked cases "
    "were told.",
    "incident.resolved_user": "Good news about your case {case}: the incident {title} "
    "({incident}) is resolved. If the problem is still there, just reply here.",
    "incident.resolved_thread": "{incident} is resolved; the requester of {case} was told.",
    "deny.export": "Only the submitter, an org admin of its organisation or an agent may export "
    "{case}.",
    "deny.export_internal": "Only agents may export the internal notes of {case}.",
    "usage.export": 'Usage: export CS-n [md|html] [internal]; "{value}" is neither a format nor '
    "internal.",
    "list.title": "Your cases ({count})",
    "list.org_title": "Your organisation's cases ({count})",
    "list.empty": "No cases match.",
    "list.columns": "id | subject | created | last activity | type | status",
    "list.columns_user": "id | user | subject | created | last activity | type | status",
    "channel.slack": "Slack",
    "channel.discord": "Discord",
    "channel.console": "console",
    "channel.phone": "phone",
    "channel.email": "e-mail",
    "channel.conference": "conference",
    "list.agent_hint": 'As an agent, say "queue" for the open cases of the agents\' queues.',
    "queue.title": "Open cases in {scope}{mine}{unassigned}{breached}{tagged} ({count}){incidents}",
    "queue.incidents.one": " · {count} active incident: {incidents}",
    "queue.incidents.other": " · {count} active incidents: {incidents}",
    "queue.scope_all": "all queues",
    "queue.scope_one": "{queue}",
    "queue.only_mine": ", assigned to you",
    "queue.only_unassigned": ", unassigned",
    "queue.only_breached": ", breached",
    "queue.only_tagged": ", tagged {tag}",
    "queue.columns": "id | queue | severity | status | assignee | first response | subject",
    "queue.empty": "No open cases match.",
    "queue.unassigned": "unassigned",
    "queue.breached": "BREACHED",
    "queue.jump": "Open thread",
    "queue.elsewhere": "thread on {platform}",
    "queue.needs_name": "Name the queue: queue NAME, one of {queues}.",
    "queue.needs_tag": "Name the tag: queue tag NAME.",
    "queue.ambiguous": '"{word}" fits several queues: {queues}. Name one of them.',
    "queue.unknown_filter": '"{word}" is not a filter. Use mine, unassigned, breached, '
    "tag NAME or queue NAME (queues: {queues}).",
    "queue.filter.all": "all open cases",
    "queue.filter.mine": "assigned to me",
    "queue.filter.unassigned": "unassigned",
    "queue.filter.breached": "breached",
    # tags agents set on cases (R52)
    "tags.now": "Tags of {case}: {tags}.",
    "tags.none": "none",
    "tag.invalid": 'Tag "{tag}" is not allowed: a tag is one word of letters, digits and '
    "-, at most {most} characters (e.g. billing-bug).",
    "tag.too_many": "{case} would have more than {most} tags, the most a case may have: "
    "remove one first (!untag NAME).",
    "tag.missing": "{case} has no tag {tag}.",
    "usage.tag": "Usage: !tag NAME [NAME ...] or !untag NAME in the case thread "
    "(tag CS-n NAME elsewhere).",
    # canned replies agents send from a case thread (R51)
    "snippet.sent": "Sent snippet {name} ({language}) to {user}:\n{text}",
    "snippet.unknown": 'There is no snippet "{name}". Snippets: {names}.',
    "snippet.pick": "Which snippet shall go to the requester? (or type !snippet NAME)",
    "snippet.none": "There are no snippets yet: add them as knowledge/snippets/en/NAME.md.",
    "status.new": "new",
    "status.in_progress": "in progress",
    "status.waiting_on_customer": "waiting on customer",
    "status.escalated": "escalated",
    "status.closed": "closed",
    "status.changed": "{case} is now {status}.",
    "status.invalid_move": "{case} cannot go from {current} to {new}.",
    "status.escalate_via_button": "Cases are escalated with the Escalate button, not by status.",
    "status.escalation_active": "{case} is escalated: it goes back to in progress when "
    "{escalation} is resolved ({escalation} is now {step}). Move {escalation} on with "
    '"Escalation: next step", or close the case.',
}
