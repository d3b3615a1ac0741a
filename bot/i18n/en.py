"""English texts."""

from bot.i18n.en_agent_tools import AGENT_TOOLS
from bot.i18n.en_reports import REPORTS

MESSAGES: dict[str, str] = {
    "plain": "{text}",
    # intake
    "intake.ask_org": "Who are you filing for? Pick a customer org you manage, or your own org.",
    "intake.ask_topic": "What do you need help with? Pick a topic.",
    "intake.incidents.one": "There is {count} known incident for this topic right now. "
    "Follow it for updates, or continue if your problem is different.",
    "intake.incidents.other": "There are {count} known incidents for this topic right now. "
    "Follow one for updates, or continue if your problem is different.",
    "incident.follow": "Follow: {title}",
    "incident.detail": "{summary} ({url})",
    "incident.continue": "My problem is something else: continue",
    "intake.following": "You are following {incident}. We post updates there; "
    "no case is needed for it.",
    "intake.ask_category": "Which category fits best?",
    "category.private": "private: only you and our agents see these cases",
    "intake.moved_private": "Let's continue privately: I have sent you a direct message.",
    "intake.describe": "Please describe the problem: what you did, what you expected, "
    "what happened (error messages help).",
    "intake.code_too_long": "Your paste has {lines} lines; this category reviews at most "
    "{max} lines of code. Please trim it to the relevant part.",
    "intake.articles": "These known-issue articles may solve it:",
    "intake.solved": 'Glad that helped! Say "help" any time.',
    "intake.cancelled": 'Cancelled. Say "help" to start again.',
    "intake.ambiguous": 'More than one choice fits "{typed}". '
    "Type more of the name, or its number.",
    "intake.not_understood": "Sorry, I did not get that. "
    "Answer with a number or a name from the list.",
    "intake.partner_contact": "Your organisation is supported by our partner {partner}. "
    "Please contact them: {contact}",
    "partner.no_entitlement": "To file for your own organisation, a partner needs a valid "
    "support entitlement (plan or contract id). None is on record, so I cannot open the case.",
    "intake.hello": "Hello! Describe your problem in a sentence and I will look for an answer "
    'or open a case for you. Or say "help" to choose a topic, "tickets" to list your cases.',
    "intake.place_proposed": "That sounds like {topic} > {category}. Is that right?",
    "intake.place_accept": "Yes, continue",
    "intake.place_change": "No, choose another topic",
    "which_case.ask": "You have more than one open case here. Which case is this message for?",
    "which_case.choice": "{case}: {subject}",
    "which_case.picked": "Sent to {case}. Your next messages here go to {case} too.",
    "which_case.files_again": "Please send the files again once you have picked the case.",
    "idle.hint": 'I keep your message. Say "help" to open a case, "tickets" to list your '
    'cases, or "case CS-n" to see one.',
    "articles.solved": "This solved it",
    "articles.more": "Still need help",
    # form
    "form.title": "Open a support case",
    "form.subject": "Subject",
    "form.description": "Description",
    "form.links": "Links to the affected items",
    "form.links_hint": "optional; URLs separated by spaces or commas",
    "form.login_access": "Allow support to log in to my account",
    "form.severity": "Severity",
    "form.participants": "Participants",
    "form.participants_hint": "optional; user ids or e-mail addresses to notify",
    "form.code_hint": "At most {lines} lines of code are reviewed.",
    "form.nudge_thin": "The description is quite short (under {words} words). Adding what you "
    "did, what you expected and any error message gets you help faster. "
    "Submit again to send it as it is.",
    "form.error.subject_required": "A subject is required.",
    "form.error.subject_long": "The subject may have at most {max} characters.",
    "form.error.description_required": "A description is required.",
    "form.error.link": '"{link}" is not a link: links start with http:// or https://.',
    "form.error.yes_no": '"{value}" is not yes or no.',
    "form.error.severity": '"{value}" is not a severity of your plan; choose one of {codes}.',
    "form.error.participant": '"{value}" is neither a known user nor an e-mail address.',
    "form.enter_keeps": "[{value}] (Enter keeps it)",
    "form.yes": "yes",
    "form.no": "no",
    "severity.label": "{code} {name}",
    "severity.choice": "{code} {name}: first response within {response}",
    "severity.response": "{time}",
    "severity.response_business": "{time} (business hours)",
    # cases
    "case.created": "Case {case} is open. The first response is due by {due}.",
    "case.created_closed": "Case {case} is open. The first response is due by {due}: our team "
    "is out of hours now and back on {back}.",
    "case.tier2": "As a designated contact, your case goes straight to tier 2.",
    "case.not_break_fix": "How-to and configuration requests may take up to one business day.",
    "case.participant_added": "You were added to case {case} by {owner}: {subject}",
    "case.not_found": "There is no case {case} that you can see.",
    "case.closed_notice": "Case {case} was closed by {by}.",
    "case.closed_reply": "Case {case} is closed. Open a new case and reference {case}.",
    "case.closed_thread": "Case {case} is closed; your message was not sent to the user.",
    "case.offer_new": "Want a new case?",
    "case.new_referencing": "Open a new case referencing {case}",
    "case.already_closed": "Case {case} is already closed.",
    "sev1.hotline": "Severity 1 is for a critical production problem affecting all users with "
    "no workaround. Please call our hotline now: {phone}. We do not take these as chat cases "
    "so that we can work on it with you immediately.",
    "sev1.oncall": "Severity 1 reported by {person} ({org}): {subject}. Hotline given: {phone}.",
    "sev1.page": "PAGE: severity 1 case {case}: {subject}",
    # header and details
    "header.title": "{case}: {subject}",
    "header.meta": "Severity {severity} | {status} | {response} | "
    "assignee {assignee} | login access {access}",
    "response.due": "first response due {due}",
    "response.given": "first response {at} ({outcome})",
    "response.met": "met",
    "response.late": "late",
    "header.who": "Submitter {owner} ({org}) | tier {tier} | via {channel} | {topic}/{category}",
    "header.private": "Private category: hidden from org admins.",
    "header.references": "References {case}.",
    "header.awaiting_first_response": "Waiting for the first response.",
    "header.tags": "Tags: {tags}",
    "access.on": "granted",
    "access.off": "not granted",
    "access.changed": "Login access for {case} is now {access}.",
    "access.changed_thread": "The user changed login access for {case}: {access}. "
    "A log-in already in progress is not ended.",
    "control.claim": "Claim",
    "control.close": "Close",
    "control.severity": "Change severity",
    "control.share": "Share link",
    "control.call": "Offer a call",
    "control.access_grant": "Grant login access",
    "control.access_revoke": "Revoke login access",
    "control.step": "Escalation: next step",
    "control.escalate": "Escalate",
    "control.submit": "Submit",
    "control.open": "Open",
    "control.choose": "Choose",
    "control.open_form": "Open the case form",
    "list.more": "More is not shown here; use search or filters to narrow the list.",
    "home.filter": "Filter by status",
    "home.all": "All statuses",
    "home.search": "Search your cases",
    "home.search.hint": "Words, then Enter",
    "detail.status": "Status: {status} | severity {severity}",
    "detail.dates": "Created {created} | last update {updated} | first response due {due}",
    "detail.people": "Assigned agent: {assignee} | submitter: {submitter} | "
    "participants: {participants}",
    "detail.access": "Login access: {access}",
    "detail.links": "Affected items: {links}",
    "detail.shared": "Shared resources: {links}",
    "detail.call": "Call: {at}, {link} ({status})",
    "detail.escalation": "Escalation {escalation}: {step}",
    "detail.escalation_step": "  {at} {step}",
    "detail.eta": "Estimated resolution {date} (an estimate, not guaranteed)",
    "transcript.line": "{at} {author}: {text}",
    "transcript.note": "{at} {author} [internal note]: {text}",
    "transcript.title": "Transcript",
    **AGENT_TOOLS,  # R51, R52, R55, R56: bot/i18n/en_agent_tools.py
    **REPORTS,  # R61: bot/i18n/en_reports.py
    # relay and agent work
    "relay.participant": "{case}, {author}: {text}",
    "relay.failed": "The message for {case} could not be delivered to the user ({detail}).",
    "relay.from": "{author} ({case}): {text}",
    "relay.files": "[files: {names}]",
    "note.saved": "Internal note saved on {case}; it is not sent to the user.",
    "note.ask": "Your internal note (only agents see it):",
    "claim.done": "{case} is assigned to {agent}.",
    "claim.not_agent": "{person} is not an agent, so the case cannot be assigned to them.",
    "severity.changed": "{case}: severity {old} -> {new}. Reason: {reason}",
    "severity.changed_user": "The severity of {case} is now {new}. Reason: {reason}",
    "share.done": "Link shared on {case}: {link}",
    "share.user": "Support shared a resource on {case}: {link}",
    "call.offer": "Support offers a call about {case} at {at}: {link}",
    "call.offered": "Call offered on {case}; waiting for the user's answer.",
    "call.ask": "When, and the meeting link? For example: 2026-11-24T10:00Z https://meet.example/abc",
    "call.accept": "Accept",
    "call.decline": "Decline",
    "call.pending": "pending",
    "call.accepted": "accepted",
    "call.declined": "declined",
    "call.accepted_user": "You accepted the call for {case}.",
    "call.declined_user": "You declined the call for {case}.",
    "call.answered": "The user answered the call offer on {case}: {status}.",
    "call.none": "No call has been offered on {case}.",
    # SLA and escalation
    "sla.reminder": "SLA reminder for {case}: {percent}% of the first-response time is used; "
    "due {due}.",
    "sla.breach": "SLA breached on {case}: the first response was due {due}.",
    "sla.breach_lead": "Queue lead: {case} breached its first-response time ({subject}).",
    "escalate.available": "The first-response time of {case} has passed. If you are not "
    "satisfied, a designated contact can escalate it.",
    "escalate.too_early": "{case} can be escalated only after its first-response time has passed.",
    "escalate.already": "{case} is already escalated as {escalation}; a new escalation can "
    "be opened once {escalation} is resolved.",
    "escalate.later": "With its new severity the first response to {case} is due {due}; "
    "it can be escalated from then.",
    "escalate.closed": "{case} is closed and cannot be escalated.",
    "escalation.created": "Escalation {escalation} for {case} is submitted. "
    "We tell you at each step.",
    "escalation.thread": "Escalation {escalation} submitted: {text}",
    "escalation.step_user": "Escalation {escalation}: {step}. {eta}",
    "escalation.eta": "Estimated resolution {date} (not guaranteed).",
    "escalation.fix_ask": "Escalation {escalation} is in solution review. "
    "Does the fix work for you?",
    "escalation.fix_yes": "Yes, it is fixed",
    "escalation.fix_no": "No, still broken",
    "escalation.none": "{case} has no escalation.",
    "escalation.no_next_step": "{escalation} has no next step here "
    "(solution review waits for the user).",
    "escalation.not_in_review": "{escalation} is not in solution review.",
    "step.submitted": "submitted",
    "step.under_review": "under review",
    "step.engineering": "engineering in progress",
    "step.solution_review": "solution review",
    "step.resolved": "resolved",
    # feedback
    "feedback.ask": "How did we do on {case}? Rate 1 (poor) to 5 (great).",
    "feedback.thanks": "Thank you for rating {case}!",
    "feedback.already": "Thank you! {case} has already been rated; one rating per case.",
    "feedback.not_closed": "{case} can be rated once it is closed.",
    "feedback.rating_range": '"{value}" is not a rating: use a number from 1 to 5.',
    "feedback.remind": "{case} was closed on {at}. How did we do? Rate 1 (poor) to 5 (great).",
    "idle.reminder": "Is {case} still a problem for you? We are waiting for your answer; without "
    "one it closes on {at}. Just reply here to keep it open.",
    "idle.reminded": "{case}: the customer was reminded; without an answer it closes on {at}.",
    "idle.closed": "{case} was closed as we have not heard from you. If you still need help, "
    "reply here to open a new case referencing it.",
    "idle.closed_thread": "{case} closed itself: no answer from the customer since {since}.",
    # plan
    "plan.title": "Your support plan: {plan}",
    "plan.channels": "Channels: {channels}",
    "plan.hours_always": "Hours: 24x7",
    "plan.hours_business": "Hours: {hours}, except holidays",
    "plan.agent_languages": "Our agents speak: {languages}",
    "plan.bot_languages": "This bot writes: {languages} (English for every other language)",
    "plan.severity": "Severity {code} {name}: first response within {response}",
    "plan.none": "No support plan is on record for your organisation.",
    # files
    "files.too_many": "{name} was not sent: at most {max} files per message.",
    "files.too_big": "{name} was not sent: files may be at most {max_kb} KB.",
    "files.bad_type": "{name} was not sent: allowed file types are {types}.",
    "files.content_mismatch": "{name} was not sent: its content is not a {type} file.",
    "files.unpacks_too_big": "{name} was not sent: it would unpack to {size_mb} MB, and DOCX "
    "and XLSX files may unpack to at most {max_mb} MB and {ratio} times their size.",
    # permissions and usage
    "deny.case_not_visible": "There is no case {case} that you can see.",
    "deny.escalate_designated_only": "Only designated contacts may escalate {case}. "
    "Please ask your organisation's designated contact.",
    "deny.view": "You may not see {case}.",
    "deny.talk": "Only the submitter, participants and agents may write in {case}.",
    "deny.close": "Only the submitter, an org admin or an agent may close {case}.",
    "deny.rate": "Only the submitter may rate {case}.",
    "deny.escalate": "Only designated contacts may escalate {case}.",
    "deny.login_access": "Only the submitter may change login access on {case}.",
    "deny.set_status": "Only agents and org admins may change the status of {case}.",
    "deny.note": "Only agents and org admins may add internal notes to {case}.",
    "deny.agent_work": "Only agents may do that on {case}.",
    "deny.answer_call": "Only the submitter or a participant may answer the call on {case}.",
    "deny.confirm_fix": "Only the submitter may confirm the fix on {case}.",
    "deny.log_case": "Only agents may log phone, e-mail or conference cases.",
    "deny.queue": "Only agents see the queue view: it lists the open cases of the agents' "
    'queues. Your own cases: say "tickets".',
    "usage.log": "Usage: log phone|email|conference <person> <topic>/<category> <severity> "
    "[subject]",
    "log.unknown_person": 'There is no person "{person}".',
    "log.unknown_category": 'There is no category "{category}" (topic/category).',
    "link.code": 'Your link code is {code}. Within {minutes} minutes, send "link {code}" to me '
    "from your other chat account (Slack, Discord or the console) to see one case "
    "history there.",
    "link.done": "This account is now linked to {name}: you see the same cases here.",
    "link.bad_code": 'That link code is unknown or expired. Send "link" from your first '
    "account for a new one.",
    # what stays of an erased person (R73): their name, and the text of what they wrote
    "erased.person": "erased person",
    "erased.text": "[erased]",
    "command.needs_case": "Name the case, e.g. CS-12.",
    "command.unknown": 'Unknown command "{name}". {help} lists the commands.',
    "help.commands": "What you can type here:\n"
    "  help                           open a case (known issues first)\n"
    "  tickets [status:S] [sort:status] [org] [words]   list your cases\n"
    "  case CS-n                      one case with its transcript\n"
    "  export CS-n [html]             the case as a file (Markdown or HTML)\n"
    "  reply CS-n TEXT                write in a case\n"
    "  close CS-n                     close a case\n"
    "  rate CS-n 1-5 [comment]        rate a closed case\n"
    "  escalate CS-n WHY              escalate a case (designated contacts)\n"
    "  access CS-n on|off             allow support to log in to your account\n"
    "  plan                           your support plan\n"
    "  link [CODE]                    one case history for your chat accounts\n"
    "  report [week|month]            your organisation's support report (org admins)\n"
    "  cancel                         leave the case form or the current question",
    "private.sent_dm": "I have sent you the answer in a direct message.",
    "intake.not_yours": "This question belongs to {owner}. To get help yourself, "
    "start your own request (for example, say help in a new thread).",
    "usage.rate": "Usage: rate CS-n 1-5 [comment]",
    "usage.escalate": "Say why you escalate: escalate {case} <description>",
    "usage.access": "Usage: access {case} on|off",
    "usage.status": "Usage: status new | in progress | waiting on customer | closed",
    "typed.ask": '"{text}" is also the header button "{control}". Did you mean the button, '
    "or a message to the customer?",
    "typed.press": "Press {control}",
    "typed.ask_command": '"{text}" is also a command. Did you mean the command, or a message to '
    "the customer?",
    "typed.run": 'Run "{text}"',
    "typed.send": 'Send "{text}" to the customer',
    "typed.gone": "Nothing of yours is waiting to be sent on {case}; type the message again.",
    "usage.severity": "Usage: severity <level> <reason>",
    "usage.share": "Usage: share <https://link>",
    "usage.call": "Usage: call <2026-11-23T10:00Z> <https://meeting-link>",
    "usage.call_timezone": '"{value}" has no time zone: add Z or +01:00.',
    "usage.date": '"{value}" is not a date (YYYY-MM-DD).',
    "usage.solved": "Which article solved it? Type its id (KB-1001), or new when no article "
    "answers it yet.",
    "solved.article": "{article} solved {case}: its description now helps find {article} for "
    "questions like it.",
    "solved.new": "Noted for {case}: no article answers it yet. Its description is listed with "
    "the knowledge gaps (supportbot kb gaps).",
    "solved.unknown_article": 'There is no article "{article}": name one by its id (KB-1001), '
    'or say "new" when none answers the case.',
    "console.banner": 'supportbot console - say "help" to start, /help for commands, '
    "/quit to leave.",
    "console.usage_as": "usage: /as user NAME | /as agent | /as admin",
    "console.you_are": "(you are now {user})",
    "console.usage_thread": "usage: /thread CS-n [queue]",
    "console.unknown_thread": "unknown thread {ref}: give its queue, /thread {ref} QUEUE",
    "console.no_file": "no such file: {path}",
    "console.attached": "(attached {name}, {size} bytes; it goes with your next message)",
    "console.attachment_waits": "(kept for {user}'s next message: {names})",
    "console.attachment_back": "(still attached: {names}; it goes with your next message)",
    "console.usage_advance": "usage: /advance 90m | 4h | 1d2h",
    "console.clock_moved": "(clock moved {amount})",
    "console.help": "console commands:\n"
    "  /as user NAME | /as agent | /as admin   switch persona\n"
    "  queue [mine] [unassigned] [breached] [NAME]  open cases of the queues (agents)\n"
    "  /thread CS-n            act in the agents' thread of a case; 1, 2 ... press its buttons\n"
    "  /dm                     back to your own chat\n"
    "  /attach PATH            attach a file to your next message\n"
    "  /advance 90m            move the clock (1d2h30m) and fire due SLA timers\n"
    "  /cancel (or cancel)     leave the case form or the current question at any step\n"
    "  /claim /status S /severity L REASON /share URL /step [DATE] /note TEXT /call TIME URL\n"
    "                          agent work in a thread; note: TEXT also makes an internal note\n"
    "  /log phone|email|conference PERSON TOPIC/CATEGORY SEVERITY [SUBJECT]\n"
    "                          log a phone, e-mail or conference case (agents)\n"
    "  /quit",
    "error.unavailable": "Your message has arrived, but I cannot answer right now. "
    "I will answer as soon as I can; there is no need to send it again.",
    "error.unexpected": "Something went wrong on our side (error id {id}). Please try again; "
    "if it keeps happening, quote the error id.",
    # Discord adapter
    "discord.see_dm": "I have sent you a direct message; let's continue there.",
    "discord.help_thread": "Help for {name}",
    "discord.dm_closed": "I cannot send you direct messages. Allow direct messages from "
    "server members, or post in the help channel.",
    "discord.answer": "Your answer",
    "discord.form.severity_step": "Step 1 of 3: pick the severity. Each level shows its "
    "definition and first-response time.",
    "discord.form.access_step": "Severity {severity}. Step 2 of 3: may support log in to your "
    "account for this case?",
    "discord.form.open_step": "Step 3 of 3: subject, description, links and participants.",
    "discord.form.participant_users": "Participants on Discord",
    "form.fix": "Please correct the case form:",
    "rate.title": "{case}: {rating} of 5",
    "rate.comment": "Comment (optional)",
    "discord.list.open": "Open a case",
    "discord.relay.fallback": "You do not accept direct messages, so replies on {case} come "
    "here. Answer with: reply {case} <text>",
    "discord.cmd.support": "support",
    "discord.cmd.support.desc": "Get help: known issues first, then a support case",
    "discord.cmd.support.request": "request",
    "discord.cmd.support.request.desc": "Optional: plan, tickets, case CS-n or help",
    "discord.cmd.tickets": "tickets",
    "discord.cmd.tickets.desc": "Your support cases (only you see the answer)",
    "discord.cmd.status": "status",
    "discord.cmd.status.desc": "Only cases with this status",
    "discord.cmd.search": "search",
    "discord.cmd.search.desc": "Case id or words of the subject",
    "discord.cmd.org": "org",
    "discord.cmd.org.desc": "Org admins: every case of your organisation",
    "discord.cmd.case": "case",
    "discord.cmd.case.desc": "Work with one of your cases",
    "discord.cmd.close": "close",
    "discord.cmd.close.desc": "Close a case",
    "discord.cmd.show": "show",
    "discord.cmd.show.desc": "Details and transcript of a case",
    "discord.cmd.rate": "rate",
    "discord.cmd.rate.desc": "Rate a closed case once, 1 to 5",
    "discord.cmd.case_id": "case",
    "discord.cmd.case_id.desc": "The case id, e.g. CS-12",
    "discord.cmd.rating": "rating",
    "discord.cmd.rating.desc": "1 (poor) to 5 (great)",
    "discord.cmd.comment": "comment",
    "discord.cmd.comment.desc": "Optional comment",
    "discord.cmd.queue": "queue",
    "discord.cmd.queue.desc": "Agents: the open cases of the queues (only you see the answer)",
    "discord.cmd.queue_filter": "filter",
    "discord.cmd.queue_filter.desc": "Only cases assigned to you, unassigned or breached",
    "discord.cmd.queue_name": "queue",
    "discord.cmd.queue_name.desc": "Only this queue, e.g. billing-queue",
    "discord.cmd.queue_tag": "tag",
    "discord.cmd.queue_tag.desc": "Only cases with this tag, e.g. billing-bug",
    "discord.cmd.snippet": "snippet",
    "discord.cmd.snippet.desc": "Agents, in a case thread: send a canned reply to the requester",
    "discord.cmd.snippet_name": "name",
    "discord.cmd.snippet_name.desc": "Which snippet: type to search names and titles",
    # the Slack install flow (the installer's browser; Accept-Language picks the language)
    "slack.install.title": "Install supportbot in Slack",
    "slack.install.intro": "Add supportbot to your Slack workspace: your people then get "
    "help by direct message, and your agents work their queues in Slack.",
    "slack.install.add": "Add to Slack",
    "slack.install.done": "supportbot is installed in {team}. Open Slack and send it a "
    "direct message.",
    "slack.install.open": "Open Slack",
    "slack.install.failed": "The installation did not finish ({reason}).",
    "slack.install.again": "Start again",
    "slack.install.missing": "supportbot is no longer installed in this workspace. "
    "Ask your Slack admin to install it again.",
}
