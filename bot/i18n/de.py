"""German texts."""

from bot.i18n.de_agent_tools import AGENT_TOOLS
from bot.i18n.de_reports import REPORTS

MESSAGES: dict[str, str] = {
    "plain": "{text}",
    # intake
    "intake.ask_org": "Für wen eröffnen Sie den Fall? Wählen Sie eine Kundenorganisation, "
    "die Sie betreuen, oder Ihre eigene Organisation.",
    "intake.ask_topic": "Wobei brauchen Sie Hilfe? Wählen Sie ein Thema.",
    "intake.incidents.one": "Zu diesem Thema ist aktuell {count} Störung bekannt. "
    "Folgen Sie ihr, um auf dem Laufenden zu bleiben, oder machen Sie weiter, "
    "wenn Ihr Problem ein anderes ist.",
    "intake.incidents.other": "Zu diesem Thema sind aktuell {count} Störungen bekannt. "
    "Folgen Sie einer davon, um auf dem Laufenden zu bleiben, oder machen Sie weiter, "
    "wenn Ihr Problem ein anderes ist.",
    "incident.follow": "Folgen: {title}",
    "incident.detail": "{summary} ({url})",
    "incident.continue": "Mein Problem ist ein anderes: weiter",
    "intake.following": "Sie folgen jetzt {incident}. Neuigkeiten veröffentlichen wir dort; "
    "dafür ist kein Fall nötig.",
    "intake.ask_category": "Welche Kategorie passt am besten?",
    "category.private": "privat: nur Sie und unser Support-Team sehen diese Fälle",
    "intake.moved_private": "Wir machen privat weiter: Ich habe Ihnen eine Direktnachricht "
    "geschickt.",
    "intake.describe": "Bitte beschreiben Sie das Problem: was Sie getan haben, was Sie "
    "erwartet haben und was passiert ist (Fehlermeldungen helfen uns).",
    "intake.code_too_long": "Ihr eingefügter Text hat {lines} Zeilen; in dieser Kategorie "
    "prüfen wir höchstens {max} Zeilen Code. Bitte kürzen Sie ihn auf den relevanten Teil.",
    "intake.articles": "Diese Artikel zu bekannten Problemen helfen vielleicht weiter:",
    "intake.solved": 'Schön, dass es geholfen hat! Schreiben Sie jederzeit "Hilfe".',
    "intake.cancelled": 'Abgebrochen. Schreiben Sie "Hilfe", um neu zu beginnen.',
    "intake.ambiguous": 'Mehr als eine Auswahl passt zu "{typed}". '
    "Schreiben Sie mehr vom Namen oder die Nummer.",
    "intake.not_understood": "Das habe ich leider nicht verstanden. "
    "Bitte antworten Sie mit einer Nummer oder einem Namen aus der Liste.",
    "intake.partner_contact": "Ihre Organisation wird von unserem Partner {partner} betreut. "
    "Bitte wenden Sie sich an diesen: {contact}",
    "partner.no_entitlement": "Um einen Fall für die eigene Organisation zu eröffnen, braucht "
    "ein Partner eine gültige Support-Berechtigung (Plan- oder Vertragsnummer). Dazu liegt "
    "nichts vor, daher kann ich den Fall nicht eröffnen.",
    "intake.hello": "Hallo! Beschreiben Sie Ihr Problem in einem Satz, dann suche ich eine Antwort "
    'oder eröffne einen Fall für Sie. Oder schreiben Sie "Hilfe", um ein Thema zu wählen, '
    '"fälle", um Ihre Fälle zu sehen.',
    "intake.place_proposed": "Das klingt nach {topic} > {category}. Stimmt das?",
    "intake.place_accept": "Ja, weiter",
    "intake.place_change": "Nein, anderes Thema wählen",
    "which_case.ask": "Sie haben hier mehr als einen offenen Fall. Zu welchem Fall gehört diese "
    "Nachricht?",
    "which_case.choice": "{case}: {subject}",
    "which_case.picked": "An {case} gesendet. Ihre nächsten Nachrichten hier gehen auch an {case}.",
    "which_case.files_again": "Bitte senden Sie die Dateien noch einmal, sobald Sie den Fall "
    "gewählt haben.",
    "idle.hint": 'Ihre Nachricht ist notiert. Schreiben Sie "Hilfe", um einen Fall zu eröffnen, '
    '"fälle", um Ihre Fälle aufzulisten, oder "fall CS-n", um einen Fall anzusehen.',
    "articles.solved": "Das hat geholfen",
    "articles.more": "Brauche noch Hilfe",
    # form
    "form.title": "Support-Fall eröffnen",
    "form.subject": "Betreff",
    "form.description": "Beschreibung",
    "form.links": "Links zu den betroffenen Elementen",
    "form.links_hint": "optional; URLs, getrennt durch Leerzeichen oder Kommas",
    "form.login_access": "Dem Support erlauben, sich in meinem Konto anzumelden",
    "form.severity": "Schweregrad",
    "form.participants": "Beteiligte",
    "form.participants_hint": "optional; Benutzer-IDs oder E-Mail-Adressen, "
    "die benachrichtigt werden sollen",
    "form.code_hint": "Es werden höchstens {lines} Zeilen Code geprüft.",
    "form.nudge_thin": "Die Beschreibung ist recht kurz (unter {words} Wörtern). Wenn Sie "
    "ergänzen, was Sie getan und erwartet haben und welche Fehlermeldung kam, können wir "
    "schneller helfen. Senden Sie das Formular erneut, um es unverändert abzuschicken.",
    "form.error.subject_required": "Bitte geben Sie einen Betreff an.",
    "form.error.subject_long": "Der Betreff darf höchstens {max} Zeichen lang sein.",
    "form.error.description_required": "Bitte geben Sie eine Beschreibung an.",
    "form.error.link": '"{link}" ist kein Link: Links beginnen mit http:// oder https://.',
    "form.error.yes_no": '"{value}" ist weder ja noch nein.',
    "form.error.severity": '"{value}" ist kein Schweregrad Ihres Plans; '
    "wählen Sie einen von {codes}.",
    "form.error.participant": '"{value}" ist weder ein bekannter Benutzer noch eine '
    "E-Mail-Adresse.",
    "form.enter_keeps": "[{value}] (Enter übernimmt es)",
    "form.yes": "ja",
    "form.no": "nein",
    "severity.label": "{code} {name}",
    "severity.choice": "{code} {name}: Erstreaktion innerhalb von {response}",
    "severity.response": "{time}",
    "severity.response_business": "{time} (Geschäftszeiten)",
    # cases
    "case.created": "Fall {case} ist eröffnet. Die Erstreaktion erfolgt bis {due}.",
    "case.created_closed": "Fall {case} ist eröffnet. Die Erstreaktion erfolgt bis {due}: "
    "Unser Team ist gerade außerhalb der Geschäftszeiten und ab {back} wieder für Sie da.",
    "case.tier2": "Da Sie benannter Ansprechpartner sind, geht Ihr Fall direkt an den "
    "Level-2-Support.",
    "case.not_break_fix": "Anfragen zu Bedienung und Konfiguration können bis zu "
    "einem Werktag dauern.",
    "case.participant_added": "{owner} hat Sie zu Fall {case} hinzugefügt: {subject}",
    "case.not_found": "Fall {case} gibt es nicht oder er ist für Sie nicht sichtbar.",
    "case.closed_notice": "Fall {case} wurde von {by} geschlossen.",
    "case.closed_reply": "Fall {case} ist geschlossen. Bitte eröffnen Sie einen neuen Fall "
    "und verweisen Sie darin auf {case}.",
    "case.closed_thread": "Fall {case} ist geschlossen; Ihre Nachricht wurde nicht an den "
    "Benutzer gesendet.",
    "case.offer_new": "Möchten Sie einen neuen Fall eröffnen?",
    "case.new_referencing": "Neuen Fall mit Bezug auf {case} eröffnen",
    "case.already_closed": "Fall {case} ist bereits geschlossen.",
    "sev1.hotline": "Schweregrad 1 gilt für ein kritisches Problem in der Produktion, das alle "
    "Benutzer betrifft und für das es keine Umgehungslösung gibt. Bitte rufen Sie jetzt unsere "
    "Hotline an: {phone}. Solche Fälle nehmen wir nicht per Chat an, damit wir sofort "
    "gemeinsam mit Ihnen daran arbeiten können.",
    "sev1.oncall": "Schweregrad 1 gemeldet von {person} ({org}): {subject}. "
    "Hotline genannt: {phone}.",
    "sev1.page": "ALARM: Fall {case} mit Schweregrad 1: {subject}",
    # header and details
    "header.title": "{case}: {subject}",
    "header.meta": "Schweregrad {severity} | {status} | {response} | "
    "Bearbeiter {assignee} | Login-Zugriff {access}",
    "response.due": "Erstreaktion fällig bis {due}",
    "response.given": "Erstreaktion {at} ({outcome})",
    "response.met": "eingehalten",
    "response.late": "verspätet",
    "header.who": "Ersteller {owner} ({org}) | Level {tier} | über {channel} | {topic}/{category}",
    "header.private": "Private Kategorie: für Org-Admins nicht sichtbar.",
    "header.references": "Bezieht sich auf {case}.",
    "header.awaiting_first_response": "Wartet auf die Erstreaktion.",
    "header.tags": "Tags: {tags}",
    "access.on": "erteilt",
    "access.off": "nicht erteilt",
    "access.changed": "Der Login-Zugriff für {case} ist jetzt {access}.",
    "access.changed_thread": "Der Benutzer hat den Login-Zugriff für {case} geändert: "
    "{access}. Eine bereits laufende Anmeldung wird nicht beendet.",
    "control.claim": "Übernehmen",
    "control.close": "Schließen",
    "control.severity": "Schweregrad ändern",
    "control.share": "Link teilen",
    "control.call": "Gespräch anbieten",
    "control.access_grant": "Login-Zugriff erteilen",
    "control.access_revoke": "Login-Zugriff entziehen",
    "control.step": "Eskalation: nächster Schritt",
    "control.escalate": "Eskalieren",
    "control.submit": "Senden",
    "control.open": "Öffnen",
    "control.choose": "Auswählen",
    "control.open_form": "Fallformular öffnen",
    "list.more": "Weitere Einträge sind hier nicht zu sehen; nutzen Sie Suche oder Filter.",
    "home.filter": "Nach Status filtern",
    "home.all": "Alle Status",
    "home.search": "Fälle durchsuchen",
    "home.search.hint": "Suchwörter, dann Eingabetaste",
    "detail.status": "Status: {status} | Schweregrad {severity}",
    "detail.dates": "Erstellt {created} | letzte Aktualisierung {updated} | "
    "Erstreaktion fällig bis {due}",
    "detail.people": "Zuständiger Agent: {assignee} | Ersteller: {submitter} | "
    "Beteiligte: {participants}",
    "detail.access": "Login-Zugriff: {access}",
    "detail.links": "Betroffene Elemente: {links}",
    "detail.shared": "Geteilte Ressourcen: {links}",
    "detail.call": "Gespräch: {at}, {link} ({status})",
    "detail.escalation": "Eskalation {escalation}: {step}",
    "detail.escalation_step": "  {at} {step}",
    "detail.eta": "Voraussichtliche Lösung: {date} (eine Schätzung, keine Garantie)",
    "transcript.line": "{at} {author}: {text}",
    "transcript.note": "{at} {author} [interne Notiz]: {text}",
    "transcript.title": "Verlauf",
    **AGENT_TOOLS,  # R51, R52, R55, R56: bot/i18n/de_agent_tools.py
    **REPORTS,  # R61: bot/i18n/de_reports.py
    # relay and agent work
    "relay.participant": "{case}, {author}: {text}",
    "relay.failed": "Die Nachricht zu {case} konnte dem Benutzer nicht zugestellt werden "
    "({detail}).",
    "relay.from": "{author} ({case}): {text}",
    "relay.files": "[Dateien: {names}]",
    "note.saved": "Interne Notiz zu {case} gespeichert; sie wird nicht an den Benutzer gesendet.",
    "note.ask": "Ihre interne Notiz (nur Agenten sehen sie):",
    "claim.done": "{case} ist {agent} zugewiesen.",
    "claim.not_agent": "{person} ist kein Agent; der Fall kann dieser Person nicht "
    "zugewiesen werden.",
    "severity.changed": "{case}: Schweregrad {old} -> {new}. Grund: {reason}",
    "severity.changed_user": "Der Schweregrad von {case} ist jetzt {new}. Grund: {reason}",
    "share.done": "Link zu {case} geteilt: {link}",
    "share.user": "Der Support hat eine Ressource zu {case} geteilt: {link}",
    "call.offer": "Der Support bietet Ihnen für {at} ein Gespräch zu {case} an: {link}",
    "call.offered": "Gespräch zu {case} angeboten; die Antwort des Benutzers steht noch aus.",
    "call.ask": "Wann, und der Link zum Meeting? Zum Beispiel: 2026-11-24T10:00Z https://meet.example/abc",
    "call.accept": "Annehmen",
    "call.decline": "Ablehnen",
    "call.pending": "ausstehend",
    "call.accepted": "angenommen",
    "call.declined": "abgelehnt",
    "call.accepted_user": "Sie haben das Gespräch zu {case} angenommen.",
    "call.declined_user": "Sie haben das Gespräch zu {case} abgelehnt.",
    "call.answered": "Der Benutzer hat auf das Gesprächsangebot zu {case} geantwortet: {status}.",
    "call.none": "Zu {case} wurde kein Gespräch angeboten.",
    # SLA and escalation
    "sla.reminder": "SLA-Erinnerung für {case}: {percent} % der Zeit bis zur Erstreaktion sind "
    "verbraucht; fällig bis {due}.",
    "sla.breach": "SLA verletzt bei {case}: Die Erstreaktion war bis {due} fällig.",
    "sla.breach_lead": "Queue-Leitung: {case} hat die Frist für die Erstreaktion überschritten "
    "({subject}).",
    "escalate.available": "Die Frist für die Erstreaktion zu {case} ist abgelaufen. Wenn Sie "
    "nicht zufrieden sind, kann ein benannter Ansprechpartner den Fall eskalieren.",
    "escalate.too_early": "{case} kann erst eskaliert werden, wenn die Frist für die "
    "Erstreaktion abgelaufen ist.",
    "escalate.already": "{case} ist bereits als {escalation} eskaliert; eine neue Eskalation "
    "ist möglich, sobald {escalation} gelöst ist.",
    "escalate.later": "Mit dem neuen Schweregrad ist die Erstreaktion zu {case} bis {due} "
    "fällig; ab dann kann der Fall eskaliert werden.",
    "escalate.closed": "{case} ist geschlossen und kann nicht eskaliert werden.",
    "escalation.created": "Eskalation {escalation} für {case} ist eingereicht. "
    "Wir informieren Sie über jeden Schritt.",
    "escalation.thread": "Eskalation {escalation} eingereicht: {text}",
    "escalation.step_user": "Eskalation {escalation}: {step}. {eta}",
    "escalation.eta": "Voraussichtliche Lösung: {date} (nicht garantiert).",
    "escalation.fix_ask": "Eskalation {escalation} ist in der Lösungsprüfung. "
    "Funktioniert die Lösung bei Ihnen?",
    "escalation.fix_yes": "Ja, es ist behoben",
    "escalation.fix_no": "Nein, geht immer noch nicht",
    "escalation.none": "Zu {case} gibt es keine Eskalation.",
    "escalation.no_next_step": "{escalation} hat hier keinen nächsten Schritt "
    "(die Lösungsprüfung wartet auf den Benutzer).",
    "escalation.not_in_review": "{escalation} ist nicht in der Lösungsprüfung.",
    "step.submitted": "eingereicht",
    "step.under_review": "in Prüfung",
    "step.engineering": "in Bearbeitung durch die Entwicklung",
    "step.solution_review": "Lösungsprüfung",
    "step.resolved": "gelöst",
    # feedback
    "feedback.ask": "Wie zufrieden sind Sie mit unserer Hilfe zu {case}? "
    "Bewerten Sie von 1 (schlecht) bis 5 (sehr gut).",
    "feedback.thanks": "Danke für Ihre Bewertung zu {case}!",
    "feedback.already": "Danke! {case} wurde bereits bewertet; pro Fall ist eine Bewertung "
    "möglich.",
    "feedback.not_closed": "Sie können {case} bewerten, sobald der Fall geschlossen ist.",
    "feedback.rating_range": '"{value}" ist keine gültige Bewertung: '
    "Bitte geben Sie eine Zahl von 1 bis 5 an.",
    "feedback.remind": "{case} wurde am {at} geschlossen. Wie zufrieden waren Sie? "
    "Bewerten Sie von 1 (schlecht) bis 5 (sehr gut).",
    "idle.reminder": "Besteht das Problem in {case} noch? Wir warten auf Ihre Antwort; ohne "
    "Antwort wird der Fall am {at} geschlossen. Antworten Sie einfach hier, damit er offen bleibt.",
    "idle.reminded": "{case}: Der Kunde wurde erinnert; ohne Antwort wird der Fall am {at} "
    "geschlossen.",
    "idle.closed": "{case} wurde geschlossen, da wir nichts mehr von Ihnen gehört haben. Falls "
    "Sie noch Hilfe brauchen, antworten Sie hier, um einen neuen Fall mit Bezug darauf zu "
    "eröffnen.",
    "idle.closed_thread": "{case} hat sich selbst geschlossen: keine Antwort des Kunden seit "
    "{since}.",
    # plan
    "plan.title": "Ihr Supportplan: {plan}",
    "plan.channels": "Kanäle: {channels}",
    "plan.hours_always": "Erreichbarkeit: 24/7",
    "plan.hours_business": "Erreichbarkeit: {hours}, außer an Feiertagen",
    "plan.agent_languages": "Unsere Agenten sprechen: {languages}",
    "plan.bot_languages": "Dieser Bot schreibt: {languages} (in allen anderen Sprachen Englisch)",
    "plan.severity": "Schweregrad {code} {name}: Erstreaktion innerhalb von {response}",
    "plan.none": "Für Ihre Organisation ist kein Supportplan hinterlegt.",
    # files
    "files.too_many": "{name} wurde nicht gesendet: höchstens {max} Dateien pro Nachricht.",
    "files.too_big": "{name} wurde nicht gesendet: Dateien dürfen höchstens {max_kb} KB groß sein.",
    "files.bad_type": "{name} wurde nicht gesendet: erlaubte Dateitypen sind {types}.",
    "files.content_mismatch": "{name} wurde nicht gesendet: Der Inhalt ist keine {type}-Datei.",
    "files.unpacks_too_big": "{name} wurde nicht gesendet: Sie würde entpackt {size_mb} MB groß, "
    "und DOCX- und XLSX-Dateien dürfen entpackt höchstens {max_mb} MB und das {ratio}-Fache "
    "ihrer Größe haben.",
    # permissions and usage
    "deny.case_not_visible": "Fall {case} gibt es nicht oder er ist für Sie nicht sichtbar.",
    "deny.escalate_designated_only": "Nur benannte Ansprechpartner können {case} eskalieren. "
    "Bitte wenden Sie sich an den benannten Ansprechpartner Ihrer Organisation.",
    "deny.view": "Sie dürfen {case} nicht einsehen.",
    "deny.talk": "Nur der Ersteller, Beteiligte und Agenten können in {case} schreiben.",
    "deny.close": "Nur der Ersteller, ein Org-Admin oder ein Agent kann {case} schließen.",
    "deny.rate": "Nur der Ersteller kann {case} bewerten.",
    "deny.escalate": "Nur benannte Ansprechpartner können {case} eskalieren.",
    "deny.login_access": "Nur der Ersteller kann den Login-Zugriff für {case} ändern.",
    "deny.set_status": "Nur Agenten und Org-Admins können den Status von {case} ändern.",
    "deny.note": "Nur Agenten und Org-Admins können interne Notizen zu {case} hinzufügen.",
    "deny.agent_work": "Das können bei {case} nur Agenten tun.",
    "deny.answer_call": "Nur der Ersteller oder ein Beteiligter kann auf das Gesprächsangebot "
    "zu {case} antworten.",
    "deny.confirm_fix": "Nur der Ersteller kann die Lösung für {case} bestätigen.",
    "deny.log_case": "Nur Agenten können Telefon-, E-Mail- oder Konferenzfälle erfassen.",
    "deny.queue": "Nur Agenten sehen die Queue-Ansicht: Sie zeigt die offenen Fälle der "
    'Agenten-Queues. Ihre eigenen Fälle: sagen Sie "fälle".',
    "usage.log": "Verwendung: log phone|email|conference <Person> <Thema>/<Kategorie> "
    "<Schweregrad> [Betreff]",
    "log.unknown_person": 'Es gibt keine Person "{person}".',
    "log.unknown_category": 'Es gibt keine Kategorie "{category}" (Thema/Kategorie).',
    "link.code": "Ihr Verknüpfungscode ist {code}. Senden Sie mir innerhalb von {minutes} Minuten "
    '"verknüpfen {code}" von Ihrem anderen Chat-Konto (Slack, Discord oder Konsole), um '
    "dort dieselbe Fallhistorie zu sehen.",
    "link.done": "Dieses Konto ist jetzt mit {name} verknüpft: Sie sehen hier dieselben Fälle.",
    "link.bad_code": "Dieser Verknüpfungscode ist unbekannt oder abgelaufen. "
    'Senden Sie "verknüpfen" von Ihrem ersten Konto, um einen neuen zu erhalten.',
    # what stays of an erased person (R73): their name, and the text of what they wrote
    "erased.person": "gelöschte Person",
    "erased.text": "[gelöscht]",
    "command.needs_case": "Bitte nennen Sie den Fall, z. B. CS-12.",
    "command.unknown": 'Unbekannter Befehl "{name}". {help} zeigt die Befehle.',
    "help.commands": "Das können Sie hier schreiben:\n"
    "  Hilfe                          einen Fall eröffnen (zuerst bekannte Probleme)\n"
    "  fälle [status:S] [sort:status] [org] [Wörter]   Ihre Fälle auflisten\n"
    "  fall CS-n                      einen Fall mit Verlauf ansehen\n"
    "  exportieren CS-n [html]        den Fall als Datei (Markdown oder HTML)\n"
    "  antworten CS-n TEXT            in einem Fall schreiben\n"
    "  schließen CS-n                 einen Fall schließen\n"
    "  bewerten CS-n 1-5 [Kommentar]  einen geschlossenen Fall bewerten\n"
    "  eskalieren CS-n GRUND          einen Fall eskalieren (benannte Ansprechpartner)\n"
    "  zugriff CS-n ja|nein           dem Support die Anmeldung in Ihrem Konto erlauben\n"
    "  plan                           Ihr Supportplan\n"
    "  verknüpfen [CODE]              eine Fallhistorie für Ihre Chat-Konten\n"
    "  bericht [woche|monat]          der Support-Bericht Ihrer Organisation (Org-Admins)\n"
    "  abbrechen                      das Fallformular oder die aktuelle Frage verlassen",
    "private.sent_dm": "Ich habe Ihnen die Antwort als Direktnachricht geschickt.",
    "intake.not_yours": "Diese Frage gehört zu {owner}. Für eigene Hilfe starten Sie bitte eine "
    'eigene Anfrage (zum Beispiel mit "Hilfe" in einem neuen Thread).',
    "usage.rate": "Verwendung: bewerten CS-n 1-5 [Kommentar]",
    "usage.escalate": "Bitte nennen Sie den Grund für die Eskalation: "
    "eskalieren {case} <Beschreibung>",
    "usage.access": "Verwendung: zugriff {case} ja|nein",
    "usage.status": "Verwendung: status neu | in Bearbeitung | wartet auf Kunde | geschlossen",
    "typed.ask": '"{text}" ist auch die Schaltfläche "{control}" im Fallkopf. Meinten Sie die '
    "Schaltfläche oder eine Nachricht an den Kunden?",
    "typed.press": "{control} drücken",
    "typed.ask_command": '"{text}" ist auch ein Befehl. Meinten Sie den Befehl oder eine '
    "Nachricht an den Kunden?",
    "typed.run": '"{text}" ausführen',
    "typed.send": '"{text}" an den Kunden senden',
    "typed.gone": "Zu {case} wartet nichts von Ihnen auf den Versand; schreiben Sie die "
    "Nachricht bitte erneut.",
    "usage.severity": "Verwendung: severity <Stufe> <Grund>",
    "usage.share": "Verwendung: share <https://link>",
    "usage.call": "Verwendung: call <2026-11-23T10:00Z> <https://meeting-link>",
    "usage.call_timezone": '"{value}" hat keine Zeitzone: Ergänzen Sie Z oder +01:00.',
    "usage.date": '"{value}" ist kein Datum (JJJJ-MM-TT).',
    "usage.solved": "Welcher Artikel hat es gelöst? Geben Sie seine ID ein (KB-1001) oder neu, "
    "wenn noch kein Artikel es beantwortet.",
    "solved.article": "{article} hat {case} gelöst: Die Beschreibung hilft ab jetzt, {article} "
    "bei ähnlichen Fragen zu finden.",
    "solved.new": "Für {case} vermerkt: Noch kein Artikel beantwortet das. Die Beschreibung "
    "steht bei den Wissenslücken (supportbot kb gaps).",
    "solved.unknown_article": 'Es gibt keinen Artikel "{article}": Nennen Sie einen mit seiner '
    'ID (KB-1001) oder sagen Sie "neu", wenn keiner den Fall beantwortet.',
    "console.banner": 'supportbot-Konsole - sagen Sie "Hilfe" zum Start, /help für Befehle, '
    "/quit zum Beenden.",
    "console.usage_as": "Verwendung: /as user NAME | /as agent | /as admin",
    "console.you_are": "(Sie sind jetzt {user})",
    "console.usage_thread": "Verwendung: /thread CS-n [Queue]",
    "console.unknown_thread": "Unbekannter Thread {ref}: Queue angeben, /thread {ref} QUEUE",
    "console.no_file": "Datei nicht gefunden: {path}",
    "console.attached": "({name} angehängt, {size} Bytes; geht mit Ihrer nächsten Nachricht mit)",
    "console.attachment_waits": "(für die nächste Nachricht von {user} aufbewahrt: {names})",
    "console.attachment_back": "(noch angehängt: {names}; geht mit Ihrer nächsten Nachricht mit)",
    "console.usage_advance": "Verwendung: /advance 90m | 4h | 1d2h",
    "console.clock_moved": "(Uhr vorgestellt um {amount})",
    "console.help": "Konsolenbefehle:\n"
    "  /as user NAME | /as agent | /as admin   Rolle wechseln\n"
    "  warteschlange [meine] [frei] [überfällig] [NAME]  offene Fälle der Queues (Agenten)\n"
    "  /thread CS-n            im Agenten-Thread eines Falls arbeiten; 1, 2 ... drücken Knöpfe\n"
    "  /dm                     zurück in den eigenen Chat\n"
    "  /attach PATH            Datei an die nächste Nachricht anhängen\n"
    "  /advance 90m            Uhr vorstellen (1d2h30m) und fällige SLA-Timer auslösen\n"
    "  /cancel (oder abbrechen) Formular oder aktuelle Frage jederzeit verlassen\n"
    "  /claim /status S /severity L GRUND /share URL /step [DATUM] /note TEXT /call ZEIT URL\n"
    "                          Agentenarbeit im Thread; note: TEXT ist eine interne Notiz\n"
    "  /log phone|email|conference PERSON THEMA/KATEGORIE SCHWEREGRAD [BETREFF]\n"
    "                          Telefon-, E-Mail- oder Konferenzfall erfassen (Agenten)\n"
    "  /quit",
    "error.unavailable": "Ihre Nachricht ist angekommen, aber ich kann gerade nicht antworten. "
    "Ich antworte, sobald ich kann; Sie müssen sie nicht noch einmal senden.",
    "error.unexpected": "Bei uns ist etwas schiefgelaufen (Fehler-ID {id}). Bitte versuchen Sie "
    "es erneut; wenn das Problem weiterhin auftritt, nennen Sie uns die Fehler-ID.",
    # Discord adapter
    "discord.see_dm": "Ich habe Ihnen eine Direktnachricht geschickt; machen wir dort weiter.",
    "discord.help_thread": "Hilfe für {name}",
    "discord.dm_closed": "Ich kann Ihnen keine Direktnachrichten senden. Erlauben Sie "
    "Direktnachrichten von Servermitgliedern, oder schreiben Sie im Hilfekanal.",
    "discord.answer": "Ihre Antwort",
    "discord.form.severity_step": "Schritt 1 von 3: Wählen Sie den Schweregrad. Jede Stufe "
    "zeigt ihre Definition und die Zeit bis zur Erstreaktion.",
    "discord.form.access_step": "Schweregrad {severity}. Schritt 2 von 3: Darf sich der Support "
    "für diesen Fall in Ihr Konto einloggen?",
    "discord.form.open_step": "Schritt 3 von 3: Betreff, Beschreibung, Links und Beteiligte.",
    "discord.form.participant_users": "Beteiligte auf Discord",
    "form.fix": "Bitte korrigieren Sie das Fallformular:",
    "rate.title": "{case}: {rating} von 5",
    "rate.comment": "Kommentar (optional)",
    "discord.list.open": "Fall öffnen",
    "discord.relay.fallback": "Sie empfangen keine Direktnachrichten, daher kommen Antworten "
    "zu {case} hierher. Antworten Sie mit: antworten {case} <Text>",
    "discord.cmd.support": "support",
    "discord.cmd.support.desc": "Hilfe: zuerst bekannte Probleme, dann ein Supportfall",
    "discord.cmd.support.request": "anliegen",
    "discord.cmd.support.request.desc": "Optional: plan, fälle, fall CS-n oder help",
    "discord.cmd.tickets": "fälle",
    "discord.cmd.tickets.desc": "Ihre Supportfälle (nur Sie sehen die Antwort)",
    "discord.cmd.status": "status",
    "discord.cmd.status.desc": "Nur Fälle mit diesem Status",
    "discord.cmd.search": "suche",
    "discord.cmd.search.desc": "Fall-ID oder Wörter aus dem Betreff",
    "discord.cmd.org": "organisation",
    "discord.cmd.org.desc": "Org-Admins: alle Fälle Ihrer Organisation",
    "discord.cmd.case": "fall",
    "discord.cmd.case.desc": "Mit einem Ihrer Fälle arbeiten",
    "discord.cmd.close": "schliessen",
    "discord.cmd.close.desc": "Einen Fall schließen",
    "discord.cmd.show": "anzeigen",
    "discord.cmd.show.desc": "Details und Verlauf eines Falls",
    "discord.cmd.rate": "bewerten",
    "discord.cmd.rate.desc": "Einen geschlossenen Fall einmal bewerten, 1 bis 5",
    "discord.cmd.case_id": "fall",
    "discord.cmd.case_id.desc": "Die Fall-ID, z. B. CS-12",
    "discord.cmd.rating": "bewertung",
    "discord.cmd.rating.desc": "1 (schlecht) bis 5 (sehr gut)",
    "discord.cmd.comment": "kommentar",
    "discord.cmd.comment.desc": "Optionaler Kommentar",
    "discord.cmd.queue": "warteschlange",
    "discord.cmd.queue.desc": "Agenten: die offenen Fälle der Queues (nur Sie sehen die Antwort)",
    "discord.cmd.queue_filter": "filter",
    "discord.cmd.queue_filter.desc": "Nur Ihnen zugewiesene, nicht zugewiesene oder überfällige",
    "discord.cmd.queue_name": "queue",
    "discord.cmd.queue_name.desc": "Nur diese Queue, z. B. billing-queue",
    "discord.cmd.queue_tag": "tag",
    "discord.cmd.queue_tag.desc": "Nur Fälle mit diesem Tag, z. B. billing-bug",
    "discord.cmd.snippet": "textbaustein",
    "discord.cmd.snippet.desc": "Agenten im Fall-Thread: Textbaustein an den Anfragenden senden",
    "discord.cmd.snippet_name": "name",
    "discord.cmd.snippet_name.desc": "Welcher Textbaustein: tippen, um Namen und Titel zu suchen",
    # the Slack install flow (the installer's browser; Accept-Language picks the language)
    "slack.install.title": "supportbot in Slack installieren",
    "slack.install.intro": "Fügen Sie supportbot Ihrem Slack-Workspace hinzu: Ihre Leute "
    "erhalten dann Hilfe per Direktnachricht, und Ihre Agenten bearbeiten ihre Queues in Slack.",
    "slack.install.add": "Zu Slack hinzufügen",
    "slack.install.done": "supportbot ist in {team} installiert. Öffnen Sie Slack und "
    "schreiben Sie ihm eine Direktnachricht.",
    "slack.install.open": "Slack öffnen",
    "slack.install.failed": "Die Installation wurde nicht abgeschlossen ({reason}).",
    "slack.install.again": "Neu beginnen",
    "slack.install.missing": "supportbot ist in diesem Workspace nicht mehr installiert. "
    "Bitten Sie Ihren Slack-Admin, ihn erneut zu installieren.",
}
