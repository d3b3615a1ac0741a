"""German texts of the support leads' report in chat (R61): the summary of a posted or asked
for report, and who may ask for it; report.md and its charts (R60); merged into de.MESSAGES."""

REPORTS: dict[str, str] = {
    "report.summary": "{title}\n{cases}\n{in_time}\n{deflection}\n{ratings}\n{escalations}\n"
    "{gap}\n{attached}",
    "report.title_all": "Support-Bericht, alle Organisationen, {since} bis {until}",
    "report.title_org": "Support-Bericht für {org}, {since} bis {until}",
    "report.cases.one": "Fälle: {opened} eröffnet, {closed} geschlossen; {count} inaktiver Fall "
    "hat sich selbst geschlossen.",
    "report.cases.other": "Fälle: {opened} eröffnet, {closed} geschlossen; {count} inaktive Fälle "
    "haben sich selbst geschlossen.",
    "report.in_time": "Erste Antworten rechtzeitig: {met} von {decided} ({share}), Median "
    "{median}, p90 {p90}; {waiting} noch nicht fällig.",
    "report.in_time_unanswered": "Erste Antworten rechtzeitig: {met} von {decided} ({share}), "
    "keine beantwortet; {waiting} noch nicht fällig.",
    "report.in_time_none": "Erste Antworten rechtzeitig: keine in diesem Zeitraum fällig; "
    "{waiting} noch nicht fällig.",
    "report.deflection.one": "Vorgeschlagene Artikel lösten {deflected} von {count} Frage "
    "({share}).",
    "report.deflection.other": "Vorgeschlagene Artikel lösten {deflected} von {count} Fragen "
    "({share}).",
    "report.deflection_none": "Vorgeschlagene Artikel: keine Antworten in diesem Zeitraum.",
    "report.ratings.one": "Bewertungen: im Schnitt {average} von 5, aus {count} Bewertung.",
    "report.ratings.other": "Bewertungen: im Schnitt {average} von 5, aus {count} Bewertungen.",
    "report.ratings_none": "Bewertungen: keine in diesem Zeitraum.",
    "report.escalations": "Eskalationen: {raised} eingereicht, {resolved} gelöst, {open} offen.",
    "report.top_gap.one": 'Am häufigsten gefragt, ohne passenden Artikel: "{example}" (einmal).',
    "report.top_gap.other": 'Am häufigsten gefragt, ohne passenden Artikel: "{example}" '
    "({count}-mal).",
    "report.no_gap": "Zu jeder Frage gab es einen Artikel.",
    "report.attached_all": "Der vollständige Bericht (report.md) und seine Diagramme sind "
    "angehängt.",
    "report.attached_md": "Der vollständige Bericht ist als report.md angehängt.",
    "report.unknown_org": 'Es gibt keine Organisation "{org}".',
    "post.saved": "Dateien gespeichert in {path}: {files}",
    "deny.report": "Nur ein Org-Admin (für seine Organisation), ein Queue-Lead oder ein "
    "globaler Admin kann den Support-Bericht anfordern.",
    "deny.report_org": "Als Org-Admin erhalten Sie nur den Bericht von {org}.",
    "usage.report": "Verwendung: bericht [woche|monat]; Leads können eine Organisation angeben, "
    'z. B. bericht woche acme. "{value}" ist keins davon.',
    # report.md (R60): its headings, sentences and table columns.
    "report.md.title_all": "Support-Bericht, alle Organisationen",
    "report.md.title_org": "Support-Bericht, Organisation {org}",
    "report.md.period": "Von {since} bis {until}.",
    "report.md.none": "Keine in diesem Zeitraum.",
    "report.md.share": "{value} %",
    "report.md.ask_deflection": "Lösen die Artikel Probleme?",
    "report.md.deflection.one": "Lösungsquote: {share} ({deflected} von {count} Anfrage mit "
    "vorgeschlagenen Artikeln durch einen gelöst).",
    "report.md.deflection.other": "Lösungsquote: {share} ({deflected} von {count} Anfragen mit "
    "vorgeschlagenen Artikeln durch einen gelöst).",
    "report.md.article": "Artikel",
    "report.md.shown": "angezeigt",
    "report.md.solved": "gelöst",
    "report.md.solved_rate": "Lösungsquote",
    "report.md.ask_gaps": "Was wird gefragt, das kein Artikel beantwortet?",
    "report.md.example": "Frage (ein Beispiel)",
    "report.md.asked": "gefragt",
    "report.md.ask_sla": "Antworten wir rechtzeitig?",
    "report.md.overall": "Insgesamt: {attained}. Erstreaktionszeiten zählen Geschäftszeiten, wo "
    "der Plan des Falls das vorsieht; p90 ist der nächstgelegene Rang.",
    "report.md.attained": "{met} eingehalten, {missed} verfehlt, {waiting} wartend, {share} "
    "rechtzeitig, Median {median}, p90 {p90}",
    "report.md.by_severity": "Nach Schweregrad:",
    "report.md.by_queue": "Nach Queue:",
    "report.md.severity": "Schweregrad",
    "report.md.queue": "Queue",
    "report.md.met": "eingehalten",
    "report.md.missed": "verfehlt",
    "report.md.waiting": "wartend",
    "report.md.in_time": "rechtzeitig",
    "report.md.median": "Median",
    "report.md.p90": "p90",
    "report.md.ask_escalations": "Welche Eskalationen warten, und wie lange?",
    "report.md.escalations": "Im Zeitraum eingereicht: {raised}; im Zeitraum gelöst: "
    "{resolved}. Offene Eskalationen nach Stufe und Alter seit der Einreichung:",
    "report.md.stage": "Stufe",
    "report.md.open": "offen",
    "report.md.age_day": "< 1 Tag",
    "report.md.age_3": "1-3 Tage",
    "report.md.age_7": "3-7 Tage",
    "report.md.age_more": "> 7 Tage",
    "report.md.ask_csat": "Sind die Kunden zufrieden?",
    "report.md.csat.one": "Durchschnittliche Bewertung: {average} von 5 aus {count} Bewertung.",
    "report.md.csat.other": "Durchschnittliche Bewertung: {average} von 5 aus {count} Bewertungen.",
    "report.md.no_ratings": "Keine Bewertungen in diesem Zeitraum.",
    "report.md.rating": "Bewertung",
    "report.md.count": "Anzahl",
    "report.md.comments": "Kommentare, neueste zuerst:",
    "report.md.no_comments": "Keine Kommentare.",
    "report.md.ask_volume": "Wie viele Fälle kamen und gingen?",
    "report.md.idle": "Inaktiv geschlossene Fälle: {count}.",
    "report.md.day": "Tag (UTC)",
    "report.md.opened": "eröffnet",
    "report.md.closed": "geschlossen",
    # The charts (R60): titles, axes and legends.
    "report.chart.volume": "Eröffnete und geschlossene Fälle pro Tag",
    "report.chart.sla_by_severity": "Rechtzeitige Erstreaktionen nach Schweregrad",
    "report.chart.sla_by_queue": "Rechtzeitige Erstreaktionen nach Queue",
    "report.chart.response_times": "Erstreaktionszeit nach Schweregrad (Median, p90)",
    "report.chart.deflection": "Vorgeschlagene Artikel: angezeigt und gelöst",
    "report.chart.gaps": "Fragen, die kein Artikel beantwortet hat",
    "report.chart.escalations": "Offene Eskalationen nach Stufe und Alter",
    "report.chart.csat": "Kundenbewertungen (CSAT)",
    "report.chart.cases": "Fälle",
    "report.chart.hours": "Stunden (Geschäftszeit, wo der Plan das vorsieht)",
    "report.chart.answered": "beantwortete Vorschläge",
    "report.chart.times_asked": "Anzahl der Anfragen",
    "report.chart.open_escalations": "offene Eskalationen",
    "report.chart.age": "Alter",
    "report.chart.ratings": "Bewertungen",
}
