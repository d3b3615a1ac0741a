"""German texts of the support leads' report in chat (R61): the summary of a posted or asked
for report, and who may ask for it; merged into de.MESSAGES."""

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
}
