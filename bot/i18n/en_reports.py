"""English texts of the support leads' report in chat (R61): the summary of a posted or asked
for report, and who may ask for it; merged into en.MESSAGES."""

REPORTS: dict[str, str] = {
    "report.summary": "{title}\n{cases}\n{in_time}\n{deflection}\n{ratings}\n{escalations}\n"
    "{gap}\n{attached}",
    "report.title_all": "Support report, all organisations, {since} to {until}",
    "report.title_org": "Support report for {org}, {since} to {until}",
    "report.cases.one": "Cases: {opened} opened, {closed} closed; {count} idle case closed itself.",
    "report.cases.other": "Cases: {opened} opened, {closed} closed; {count} idle cases closed "
    "themselves.",
    "report.in_time": "First responses in time: {met} of {decided} ({share}), median {median}, "
    "p90 {p90}; {waiting} not due yet.",
    "report.in_time_unanswered": "First responses in time: {met} of {decided} ({share}), none "
    "answered; {waiting} not due yet.",
    "report.in_time_none": "First responses in time: none due in this period; {waiting} not due "
    "yet.",
    "report.deflection.one": "Suggested articles solved {deflected} of {count} question ({share}).",
    "report.deflection.other": "Suggested articles solved {deflected} of {count} questions "
    "({share}).",
    "report.deflection_none": "Suggested articles: none answered in this period.",
    "report.ratings.one": "Ratings: {average} of 5 on average, from {count} rating.",
    "report.ratings.other": "Ratings: {average} of 5 on average, from {count} ratings.",
    "report.ratings_none": "Ratings: none in this period.",
    "report.escalations": "Escalations: {raised} raised, {resolved} resolved, {open} open.",
    "report.top_gap.one": 'Most asked with no article to answer it: "{example}" (once).',
    "report.top_gap.other": 'Most asked with no article to answer it: "{example}" ({count} times).',
    "report.no_gap": "Every question found an article.",
    "report.attached_all": "The full report (report.md) and its charts are attached.",
    "report.attached_md": "The full report is attached as report.md.",
    "report.unknown_org": 'There is no organisation "{org}".',
    "post.saved": "Files saved in {path}: {files}",
    "deny.report": "Only an org admin (for their organisation), a queue lead or a global admin "
    "may ask for the support report.",
    "deny.report_org": "As an org admin you get the report of {org} only.",
    "usage.report": "Usage: report [week|month]; leads may add an organisation, e.g. report "
    'week acme. "{value}" is neither.',
}
