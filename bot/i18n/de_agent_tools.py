"""German texts of the agents' tools: transcript export (R55), incidents (R56), tags (R52)
and snippets (R51); merged into de.MESSAGES."""

AGENT_TOOLS: dict[str, str] = {
    # Export des Verlaufs (R55)
    "export.status": "Status",
    "export.severity": "Schweregrad",
    "export.org": "Organisation",
    "export.opened": "Eröffnet",
    "export.closed": "Geschlossen",
    "export.messages": "Nachrichten",
    "export.note": "interne Notiz",
    "export.files": "Anhänge",
    "export.nothing": "keine",
    "export.bot": "supportbot",
    "export.format_md": "Markdown",
    "export.format_html": "HTML",
    "export.sent": "Verlauf von {case} ({format}).",
    "export.saved": "Gespeichert als {path}",
    "export.incidents": "Störungen",
    "detail.incidents": "Störungen: {incidents}",
    "export.incident_line": "{incident} (verknüpft {at})",
    "discord.cmd.export": "exportieren",
    "discord.cmd.export.desc": "Verlauf eines Falls als Datei (Ersteller, Org-Admins, Agenten)",
    "discord.cmd.export_case.desc": "Die Fall-ID, z. B. CS-12; im Fall-Thread dieser Fall",
    "discord.cmd.export_format": "format",
    "discord.cmd.export_format.desc": "Markdown (Standard) oder HTML",
    "discord.cmd.export_internal": "intern",
    "discord.cmd.export_internal.desc": "Agenten: mit den internen Notizen",
    # Störungen, von Agenten verknüpft, angelegt und behoben (R56)
    "deny.incident": "Nur Agenten können Störungen verknüpfen, anlegen oder beheben.",
    "usage.incident": "Verwendung: !incident INC-... im Fall-Thread (incident CS-n INC-... "
    'anderswo), incident neu "Titel" THEMA [URL] [Zusammenfassung] oder incident behoben '
    "INC-...",
    "usage.incident_new": 'Verwendung: incident neu "Titel" THEMA [URL] [Zusammenfassung], den '
    'Titel in Anführungszeichen, z. B. incident neu "Rechnungs-E-Mails verzögert" billing',
    "incident.unknown": 'Es gibt keine Störung "{incident}": nennen Sie eine aus '
    "knowledge/incidents oder eine mit incident neu angelegte.",
    "incident.unknown_topic": '"{topic}" ist kein Thema. Themen: {topics}.',
    "incident.linked_already": "{case} ist bereits mit {incident} verknüpft.",
    "incident.linked": "{case} ist mit der Störung {incident} verknüpft: {title}.",
    "incident.linked_user": "Ihr Fall {case} gehört zu einer bekannten Störung: {title} "
    "({incident}). Wir sagen Ihnen hier Bescheid, sobald sie behoben ist.",
    "incident.created": "Störung {incident} für {topic} angelegt: {title}. Sie wird vor der "
    "Aufnahme angezeigt, bis sie behoben ist (incident behoben {incident}).",
    "incident.already_resolved": "{incident} ist bereits behoben.",
    "incident.resolved.one": "{incident} ist behoben; der Ersteller von {count} verknüpften Fall "
    "wurde benachrichtigt.",
    "incident.resolved.other": "{incident} ist behoben; die Ersteller von {count} verknüpften "
    "Fällen wurden benachrichtigt.",
    "incident.resolved_user": "Gute Nachricht zu Ihrem Fall {case}: Die Störung {title} "
    "({incident}) ist behoben. Falls das Problem weiterhin besteht, antworten Sie einfach hier.",
    "incident.resolved_thread": "{incident} ist behoben; der Ersteller von {case} wurde "
    "benachrichtigt.",
    "deny.export": "Nur der Ersteller, ein Org-Admin seiner Organisation oder ein Agent kann "
    "{case} exportieren.",
    "deny.export_internal": "Nur Agenten können die internen Notizen von {case} exportieren.",
    "usage.export": 'Verwendung: exportieren CS-n [md|html] [intern]; "{value}" ist weder ein '
    "Format noch intern.",
    "list.title": "Ihre Fälle ({count})",
    "list.org_title": "Fälle Ihrer Organisation ({count})",
    "list.empty": "Keine passenden Fälle.",
    "list.columns": "ID | Betreff | Erstellt | Letzte Aktivität | Typ | Status",
    "list.columns_user": "ID | Benutzer | Betreff | Erstellt | Letzte Aktivität | Typ | Status",
    "channel.slack": "Slack",
    "channel.discord": "Discord",
    "channel.console": "Konsole",
    "channel.phone": "Telefon",
    "channel.email": "E-Mail",
    "channel.conference": "Konferenz",
    "list.agent_hint": 'Als Agent sagen Sie "warteschlange" für die offenen Fälle der '
    "Agenten-Queues.",
    "queue.title": "Offene Fälle in {scope}{mine}{unassigned}{breached}{tagged} ({count})"
    "{incidents}",
    "queue.incidents.one": " · {count} aktive Störung: {incidents}",
    "queue.incidents.other": " · {count} aktive Störungen: {incidents}",
    "queue.scope_all": "allen Queues",
    "queue.scope_one": "{queue}",
    "queue.only_mine": ", Ihnen zugewiesen",
    "queue.only_unassigned": ", nicht zugewiesen",
    "queue.only_breached": ", überfällig",
    "queue.only_tagged": ", mit Tag {tag}",
    "queue.columns": "ID | Queue | Schweregrad | Status | Bearbeiter | Erstreaktion | Betreff",
    "queue.empty": "Keine passenden offenen Fälle.",
    "queue.unassigned": "nicht zugewiesen",
    "queue.breached": "ÜBERFÄLLIG",
    "queue.jump": "Thread öffnen",
    "queue.elsewhere": "Thread auf {platform}",
    "queue.needs_name": "Nennen Sie die Queue: warteschlange NAME, eine von {queues}.",
    "queue.needs_tag": "Nennen Sie das Tag: warteschlange tag NAME.",
    "queue.ambiguous": '"{word}" passt zu mehreren Queues: {queues}. Nennen Sie eine davon.',
    "queue.unknown_filter": '"{word}" ist kein Filter. Möglich sind meine, frei, überfällig, '
    "tag NAME oder warteschlange NAME (Queues: {queues}).",
    "queue.filter.all": "alle offenen Fälle",
    "queue.filter.mine": "mir zugewiesen",
    "queue.filter.unassigned": "nicht zugewiesen",
    "queue.filter.breached": "überfällig",
    # Tags, die Agenten an Fälle setzen (R52)
    "tags.now": "Tags von {case}: {tags}.",
    "tags.none": "keine",
    "tag.invalid": 'Das Tag "{tag}" ist nicht erlaubt: ein Tag ist ein Wort aus Buchstaben, '
    "Ziffern und -, höchstens {most} Zeichen (z. B. billing-bug).",
    "tag.too_many": "{case} hätte mehr als {most} Tags, die meisten, die ein Fall haben darf: "
    "entfernen Sie zuerst eines (!untag NAME).",
    "tag.missing": "{case} hat kein Tag {tag}.",
    "usage.tag": "So geht es: !tag NAME [NAME ...] oder !untag NAME im Fall-Thread "
    "(anderswo tag CS-n NAME).",
    # Textbausteine, die Agenten aus einem Fall-Thread senden (R51)
    "snippet.sent": "Textbaustein {name} ({language}) an {user} gesendet:\n{text}",
    "snippet.unknown": 'Es gibt keinen Textbaustein "{name}". Textbausteine: {names}.',
    "snippet.pick": "Welcher Textbaustein soll an den Anfragenden gehen? (oder !snippet NAME)",
    "snippet.none": "Es gibt noch keine Textbausteine: legen Sie sie als "
    "knowledge/snippets/en/NAME.md an.",
    "status.new": "neu",
    "status.in_progress": "in Bearbeitung",
    "status.waiting_on_customer": "wartet auf Kunde",
    "status.escalated": "eskaliert",
    "status.closed": "geschlossen",
    "status.changed": "{case} ist jetzt {status}.",
    "status.invalid_move": "{case} kann nicht von {current} zu {new} wechseln.",
    "status.escalate_via_button": 'Fälle werden über die Schaltfläche "Eskalieren" eskaliert, '
    "nicht über den Status.",
    "status.escalation_active": "{case} ist eskaliert: Der Fall geht zurück in Bearbeitung, "
    "wenn {escalation} gelöst ist ({escalation} ist jetzt: {step}). Bringen Sie {escalation} "
    'mit "Eskalation: nächster Schritt" weiter, oder schließen Sie den Fall.',
}
