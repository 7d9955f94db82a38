//! UI strings in Swedish and English from one table, chosen by `language`, and dates in
//! the language's format. Templates see the table as `t`.

use crate::config::Language;
use crate::model::{Classification, DocType, RecordKind, Status, WorkStatus};
use crate::text::Date;
use std::collections::BTreeMap;

/// key, Swedish, English.
const STRINGS: &[(&str, &str, &str)] = &[
    (
        "skip_to_content",
        "Hoppa till innehållet",
        "Skip to content",
    ),
    ("main_navigation", "Huvudmeny", "Main navigation"),
    ("breadcrumbs", "Du är här", "You are here"),
    ("start", "Start", "Home"),
    ("document_types", "Dokumenttyper", "Document types"),
    ("documents", "Dokument", "Documents"),
    ("document", "Dokument", "Document"),
    ("about_document", "Om dokumentet", "About the document"),
    ("type", "Typ", "Type"),
    ("id", "Id", "ID"),
    ("organisation", "Organisation", "Organisation"),
    ("owner", "Ägare", "Owner"),
    ("decided_by", "Beslutat av", "Decided by"),
    ("decided", "Beslutsdatum", "Decided"),
    ("valid_until", "Giltigt till", "Valid until"),
    ("review_by", "Revideras senast", "Review by"),
    ("dnr", "Diarienummer", "Diary number"),
    ("document_number", "Dokumentnummer", "Document number"),
    ("version", "Version", "Version"),
    ("status", "Status", "Status"),
    ("classification", "Informationsklass", "Classification"),
    ("supersedes", "Ersätter", "Supersedes"),
    ("superseded_by", "Ersatt av", "Superseded by"),
    ("related", "Relaterade dokument", "Related documents"),
    ("areas", "Områden", "Areas"),
    ("area", "Område", "Area"),
    ("tags", "Etiketter", "Tags"),
    ("meeting", "Sammanträdesdatum", "Meeting"),
    ("department", "Ansvarig avdelning", "Department"),
    ("manager", "Ansvarig chef", "Manager"),
    ("case_officer", "Handläggare", "Case officer"),
    ("case_details", "Ärendeuppgifter", "Case details"),
    ("summary", "Sammanfattning", "Summary"),
    (
        "draft_banner",
        "Utkast – inte beslutat och inte publicerat",
        "Draft – not decided and not published",
    ),
    ("draft", "Utkast", "Draft"),
    ("expired_banner", "Har upphört att gälla", "No longer valid"),
    ("review_banner", "Ska revideras", "Due for review"),
    (
        "superseded_banner",
        "Det här dokumentet är ersatt av",
        "This document has been superseded by",
    ),
    (
        "no_documents",
        "Det finns inga dokument av den här typen.",
        "There are no documents of this type.",
    ),
    ("title", "Titel", "Title"),
    ("count", "Antal", "Count"),
    ("in_section", "I den här delen", "In this section"),
    ("subsections", "Underavdelningar", "Subsections"),
    ("overview", "Översikt", "Overview"),
    ("latest_decisions", "Senaste besluten", "Latest decisions"),
    ("highlighted_risks", "Höga risker", "High risks"),
    (
        "overdue_actions",
        "Försenade åtgärder och aktiviteter",
        "Overdue actions and activities",
    ),
    ("none", "Inga.", "None."),
    (
        "footer_generated",
        "Skapad med styrdok",
        "Built with styrdok",
    ),
    // The accessibility statement (views/accessibility.rs), after DIGG's model text.
    (
        "a11y_title",
        "Tillgänglighetsredogörelse",
        "Accessibility statement",
    ),
    (
        "a11y_intro",
        "{org} står bakom {service}. Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur webbplatsen uppfyller lagen om tillgänglighet till digital offentlig service, kända tillgänglighetsproblem och hur du kan rapportera brister till oss så att vi kan åtgärda dem.",
        "{org} is responsible for {service}. We want as many people as possible to be able to use it. This statement describes how the website complies with the Swedish law on accessibility to digital public services, known accessibility problems, and how you can report problems to us so that we can fix them.",
    ),
    (
        "a11y_how_accessible",
        "Hur tillgänglig är webbplatsen?",
        "How accessible is the website?",
    ),
    (
        "a11y_full",
        "Webbplatsen är helt förenlig med lagen om tillgänglighet till digital offentlig service.",
        "The website fully complies with the law on accessibility to digital public services.",
    ),
    (
        "a11y_partial",
        "Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan.",
        "The website partially complies with the law on accessibility to digital public services, because of the problems described below.",
    ),
    (
        "a11y_none",
        "Webbplatsen är inte förenlig med lagen om tillgänglighet till digital offentlig service.",
        "The website does not comply with the law on accessibility to digital public services.",
    ),
    (
        "a11y_unstated",
        "Webbplatsen har inte angett hur väl den uppfyller lagen om tillgänglighet till digital offentlig service.",
        "The website has not stated how far it complies with the law on accessibility to digital public services.",
    ),
    (
        "a11y_non_compliance",
        "Bristande förenlighet med lagstiftningen",
        "Non-compliance with the legislation",
    ),
    (
        "a11y_burden",
        "Oskäligt betungande anpassning",
        "Disproportionate burden",
    ),
    (
        "a11y_out_of_scope",
        "Innehåll som inte omfattas av lagstiftningen",
        "Content not within the scope of the legislation",
    ),
    (
        "a11y_response_time",
        "Vi svarar normalt {time}.",
        "We normally answer {time}.",
    ),
    (
        "a11y_assessed_own",
        "Vi har gjort en självskattning (intern granskning) av {service}.",
        "We have assessed {service} ourselves (an internal review).",
    ),
    (
        "a11y_assessed_external",
        "{service} har granskats av {by}.",
        "{service} has been reviewed by {by}.",
    ),
    (
        "a11y_assessed_unstated",
        "Det har inte angetts hur webbplatsen har bedömts.",
        "How the website was assessed has not been stated.",
    ),
    (
        "a11y_assessed_date",
        "Den senaste bedömningen gjordes den",
        "The latest assessment was made on",
    ),
    (
        "a11y_exceptions",
        "Innehåll som inte är tillgängligt",
        "Content that is not accessible",
    ),
    (
        "a11y_no_exceptions",
        "Vi känner inte till något innehåll som inte är tillgängligt.",
        "We know of no content that is not accessible.",
    ),
    (
        "a11y_report",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Report accessibility problems",
    ),
    (
        "a11y_report_text",
        "Om du inte kan använda delar av webbplatsen, behöver innehåll i en annan form eller upptäcker brister som inte beskrivs här, kontakta oss:",
        "If you cannot use parts of the website, need content in another format or find problems not described here, contact us:",
    ),
    (
        "a11y_report_org",
        "Kontakta {org} om du inte kan använda delar av webbplatsen, behöver innehåll i en annan form eller upptäcker brister som inte beskrivs här.",
        "Contact {org} if you cannot use parts of the website, need content in another format or find problems not described here.",
    ),
    ("a11y_email", "E-post", "Email"),
    ("a11y_phone", "Telefon", "Phone"),
    ("a11y_contact_page", "Kontaktsida", "Contact page"),
    (
        "a11y_authority",
        "Tillsynsmyndighet",
        "Supervisory authority",
    ),
    (
        "a11y_authority_text",
        "Myndigheten för digital förvaltning (DIGG) ansvarar för tillsynen av lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta DIGG och påpeka det.",
        "The Agency for Digital Government (DIGG) supervises the law on accessibility to digital public services. If you are not satisfied with how we handle your comments, you can contact DIGG.",
    ),
    (
        "a11y_authority_link",
        "Anmäl bristande tillgänglighet till DIGG",
        "Report inaccessibility to DIGG",
    ),
    (
        "a11y_testing",
        "Hur vi testat webbplatsen",
        "How we tested the website",
    ),
    (
        "a11y_updated",
        "Redogörelsen uppdaterades senast den",
        "This statement was last updated on",
    ),
    (
        "accessibility_statement",
        "Tillgänglighetsredogörelse",
        "Accessibility statement",
    ),
    ("not_found_title", "Sidan finns inte", "Page not found"),
    (
        "not_found_text",
        "Sidan du söker finns inte, eller har flyttats.",
        "The page you are looking for does not exist or has moved.",
    ),
    ("go_start", "Till startsidan", "Go to the start page"),
    ("print", "Utskrift", "Print"),
    ("referenced_by", "Refereras från", "Referenced from"),
    ("responsibles", "Ansvariga", "Responsibles"),
    ("followup", "Uppföljning", "Follow-up"),
    (
        "followup_item",
        "Åtgärd eller aktivitet",
        "Action or activity",
    ),
    ("years", "År", "Years"),
    ("views", "Vyer", "Views"),
    ("owned_documents", "Dokument som ägs", "Documents owned"),
    ("also_written", "Skrivs även", "Also written"),
    ("documents_count", "Dokument", "Documents"),
    ("records_count", "Rader", "Rows"),
    ("name", "Namn", "Name"),
    ("overdue_title", "Försenade", "Overdue"),
    ("upcoming_title", "Inom 90 dagar", "Due within 90 days"),
    ("later_title", "Övriga", "Other"),
    ("to_review_title", "Ska revideras", "Due for review"),
    ("expired_title", "Har upphört att gälla", "No longer valid"),
    (
        "filter_by_responsible",
        "Filtrera på ansvarig",
        "Filter by responsible",
    ),
    ("filter_by_area", "Filtrera på område", "Filter by area"),
    ("filter_all", "Alla", "All"),
    ("filter_apply", "Filtrera", "Filter"),
    ("filter_showing", "Visar", "Showing"),
    ("of_total", "av", "of"),
    ("filter_pages", "Filtrerade sidor", "Filtered pages"),
    ("show_all", "Visa allt", "Show all"),
    ("followup_for", "Uppföljning för", "Follow-up for"),
    ("in_document", "I dokument", "In document"),
    (
        "due_for_review",
        "Dokument som ska revideras",
        "Documents due for review",
    ),
    ("decided_in", "Beslutade", "Decided"),
    (
        "table_scroll",
        "Tabellen kan rullas i sidled",
        "The table scrolls sideways",
    ),
    // Search.
    ("search", "Sök", "Search"),
    ("search_label", "Sök i dokumenten", "Search the documents"),
    ("search_button", "Sök", "Search"),
    (
        "search_help",
        "Skriv ett eller flera ord. Början av ett ord räcker, till exempel patientsäkerhet.",
        "Type one or more words. The beginning of a word is enough.",
    ),
    (
        "search_needs_js",
        "Sökningen körs i webbläsaren och behöver JavaScript. Du kan i stället bläddra bland dokumenten:",
        "Search runs in the browser and needs JavaScript. You can browse the documents instead:",
    ),
    (
        "search_old_browser",
        "Sökningen behöver en nyare webbläsare.",
        "Search needs a newer browser.",
    ),
    (
        "search_error",
        "Sökindexet kunde inte läsas. Ladda om sidan och försök igen.",
        "The search index could not be read. Reload the page and try again.",
    ),
    ("search_results", "Träffar", "Results"),
    ("search_filters", "Avgränsa", "Narrow down"),
    ("search_facet_kind", "Träfftyp", "Kind of hit"),
    ("search_facet_type", "Dokumenttyp", "Document type"),
    ("search_facet_year", "Beslutsår", "Year decided"),
    (
        "search_clear_filters",
        "Rensa alla filter",
        "Clear all filters",
    ),
    (
        "search_prompt",
        "Skriv något i sökrutan.",
        "Type something in the search box.",
    ),
    ("search_loading", "Söker …", "Searching …"),
    (
        "search_status",
        "{n} träffar för ”{q}”",
        "{n} results for “{q}”",
    ),
    (
        "search_status_one",
        "1 träff för ”{q}”",
        "1 result for “{q}”",
    ),
    (
        "search_status_none",
        "Inga träffar för ”{q}”",
        "No results for “{q}”",
    ),
    ("search_status_browse", "{n} träffar", "{n} results"),
    ("search_more", "Visa fler träffar", "Show more results"),
    ("search_in", "i", "in"),
    (
        "search_sections",
        "Avsnitt med träffar",
        "Sections with hits",
    ),
    // Records.
    ("risks", "Riskregister", "Risk register"),
    ("activities", "Aktiviteter", "Activities"),
    ("actions", "Åtgärder", "Actions"),
    ("recommendations", "Rekommendationer", "Recommendations"),
    ("risk", "Risk", "Risk"),
    ("activity", "Aktivitet", "Activity"),
    ("action", "Åtgärd", "Action"),
    ("recommendation", "Rekommendation", "Recommendation"),
    ("objectives", "Krav", "Objectives"),
    ("target_area", "Målområde", "Target area"),
    ("assignment_col", "Uppdrag", "Assignment"),
    ("risk_col", "Beskrivning av risk", "Risk"),
    ("consequence", "Konsekvens", "Consequence"),
    ("likelihood", "Sannolikhet", "Likelihood"),
    ("severity", "Allvarlighetsgrad", "Severity"),
    ("likelihood_short", "S", "L"),
    ("severity_short", "K", "S"),
    ("score", "Riskpoäng", "Score"),
    ("treatment", "Hantering", "Treatment"),
    ("cause", "Bakomliggande orsak", "Root cause"),
    ("risk_actions", "Åtgärder", "Actions"),
    ("responsible", "Ansvarig", "Responsible"),
    ("goal", "Mål", "Goal"),
    ("method", "Metod/datakälla", "Method/data source"),
    ("due", "Klart senast", "Due"),
    (
        "answers_recommendation",
        "Svarar på rekommendation",
        "Answers recommendation",
    ),
    ("response", "Svar", "Response"),
    ("overdue", "Försenad", "Overdue"),
    ("high_risk", "Hög risk", "High risk"),
    (
        "no_treatment",
        "Ingen hantering angiven",
        "No treatment given",
    ),
    ("band_high", "Hög", "High"),
    ("band_medium", "Medel", "Medium"),
    ("band_low", "Låg", "Low"),
    // Risk views: heat maps, register tools, trends, exports (docs/exports.md).
    ("heatmap", "Riskmatris", "Risk matrix"),
    (
        "heatmap_note",
        "Rader: sannolikhet, kolumner: allvarlighetsgrad. Varje ruta visar riskpoäng, riskklass och riskerna i rutan.",
        "Rows: likelihood, columns: severity. Each cell shows the score, the score band and the risks in it.",
    ),
    (
        "heatmap_corner",
        "Sannolikhet ↓ Allvarlighetsgrad →",
        "Likelihood ↓ Severity →",
    ),
    ("heatmap_codes", "Koder i matrisen", "Codes in the matrix"),
    ("score_band", "Riskklass", "Score band"),
    ("trend_up", "höjd", "up"),
    ("trend_down", "sänkt", "down"),
    ("trend_same", "oförändrad", "same"),
    ("trend_from", "från", "from"),
    ("previous_score", "Tidigare riskpoäng", "Earlier score"),
    (
        "download_register",
        "Ladda ner registret",
        "Download the register",
    ),
    ("download_csv", "CSV för Excel", "CSV for Excel"),
    ("download_json", "JSON", "JSON"),
    ("risk_overview", "Risköversikt", "Risk overview"),
    (
        "risk_overview_intro",
        "Riskerna i den senaste riskanalysen per ägare: matris, sammanställningar, höga risker, utvecklingen över åren och registret. Äldre analyser nås via länkarna nedan, och alla risker i alla publicerade analyser finns i den samlade exporten.",
        "The risks of each owner's latest risk analysis: matrix, counts, high risks, the trend across years and the register. Older analyses are linked below, and every risk of every published analysis is in the site-wide export.",
    ),
    ("current_analyses", "Senaste analyser", "Latest analyses"),
    ("latest_analysis", "Senaste analys", "Latest analysis"),
    ("risk_count", "Antal risker", "Risks"),
    ("and_more", "och {n} till", "and {n} more"),
    ("older_analyses", "Äldre analyser", "Older analyses"),
    (
        "site_register",
        "Samlat riskregister",
        "Site-wide risk register",
    ),
    ("per_band", "Antal per riskklass", "Count per score band"),
    ("per_area", "Antal per målområde", "Count per target area"),
    (
        "per_objective",
        "Antal per kontrollmål",
        "Count per control objective",
    ),
    ("no_area", "Utan målområde", "No target area"),
    ("score_history", "Riskpoäng över åren", "Score across years"),
    (
        "score_history_note",
        "Risker som anger samma risk i en tidigare analys (`previous`).",
        "Risks that name the same risk in an earlier analysis (`previous`).",
    ),
    ("year", "År", "Year"),
    ("downloads", "Nedladdningar", "Downloads"),
    (
        "all_actions",
        "Alla åtgärder och aktiviteter",
        "All actions and activities",
    ),
    (
        "filter_register",
        "Filtrera registret",
        "Filter the register",
    ),
    ("filter_reset", "Visa alla rader", "Show all rows"),
    (
        "rows_shown",
        "Visar {n} av {total} rader",
        "Showing {n} of {total} rows",
    ),
    ("sort_by", "Sortera efter", "Sort by"),
    (
        "sorted_asc",
        "Sorterat efter {col}, stigande.",
        "Sorted by {col}, ascending.",
    ),
    (
        "sorted_desc",
        "Sorterat efter {col}, fallande.",
        "Sorted by {col}, descending.",
    ),
    ("rows", "rader", "rows"),
    (
        "highlight_note",
        "Riskpoäng från {n} är markerade som hög risk.",
        "Scores from {n} are marked as high risk.",
    ),
    // History from git (src/history.rs).
    ("history", "Ändringshistorik", "Change history"),
    ("last_changed", "Senast ändrad", "Last changed"),
    (
        "history_from_decided",
        "beslutsdatum; ändringshistoriken saknas",
        "the decision date; no change history is available",
    ),
    (
        "history_caption",
        "Senaste ändringarna av dokumentets fil, nyast först",
        "Latest changes to the document's file, newest first",
    ),
    ("history_date", "Datum", "Date"),
    ("table", "Tabell", "Table"),
    ("all_of_type", "Alla {types}", "All {types}"),
    ("history_author", "Ändrad av", "Changed by"),
    ("history_message", "Ändring", "Change"),
    (
        "history_withheld",
        "(ändring som också rör opublicerat material)",
        "(a change that also touched unpublished material)",
    ),
    (
        "risk_summary",
        "{n} risker, {h} med hög riskpoäng.",
        "{n} risks, {h} with a high score.",
    ),
];

pub fn strings(lang: Language) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(k, sv, en)| (*k, if lang.is_swedish() { *sv } else { *en }))
        .collect()
}

pub fn get(lang: Language, key: &str) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, sv, en)| if lang.is_swedish() { *sv } else { *en })
        .unwrap_or("")
}

pub fn doc_type(lang: Language, t: DocType) -> &'static str {
    let (sv, en) = match t {
        DocType::Strategy => ("Strategi", "Strategy"),
        DocType::ActionPlan => ("Handlingsplan", "Action plan"),
        DocType::RiskAnalysis => ("Riskanalys", "Risk analysis"),
        DocType::SafetyReport => ("Säkerhetsberättelse", "Safety report"),
        DocType::AuditResponse => ("Svar på revisionsrapport", "Audit response"),
        DocType::Assignment => ("Uppdrag", "Assignment"),
        DocType::Decision => ("Ärende", "Case to the board"),
        DocType::Page => ("Sida", "Page"),
    };
    pick(lang, sv, en)
}

pub fn doc_type_plural(lang: Language, t: DocType) -> &'static str {
    let (sv, en) = match t {
        DocType::Strategy => ("Strategier", "Strategies"),
        DocType::ActionPlan => ("Handlingsplaner", "Action plans"),
        DocType::RiskAnalysis => ("Riskanalyser", "Risk analyses"),
        DocType::SafetyReport => ("Säkerhetsberättelser", "Safety reports"),
        DocType::AuditResponse => ("Svar på revisionsrapporter", "Audit responses"),
        DocType::Assignment => ("Uppdrag", "Assignments"),
        DocType::Decision => ("Ärenden", "Cases to the board"),
        DocType::Page => ("Sidor", "Pages"),
    };
    pick(lang, sv, en)
}

pub fn status(lang: Language, s: Status) -> &'static str {
    let (sv, en) = match s {
        Status::Draft => ("Utkast", "Draft"),
        Status::Consultation => ("På remiss", "In consultation"),
        Status::Decided => ("Beslutad", "Decided"),
        Status::Superseded => ("Ersatt", "Superseded"),
        Status::Repealed => ("Upphävd", "Repealed"),
    };
    pick(lang, sv, en)
}

pub fn classification(lang: Language, c: Classification) -> &'static str {
    let (sv, en) = match c {
        Classification::Public => ("Öppen", "Public"),
        Classification::Internal => ("Intern", "Internal"),
        Classification::Restricted => ("Begränsad", "Restricted"),
    };
    pick(lang, sv, en)
}

pub fn work_status(lang: Language, s: WorkStatus) -> &'static str {
    let (sv, en) = match s {
        WorkStatus::Planned => ("Planerad", "Planned"),
        WorkStatus::Ongoing => ("Pågår", "Ongoing"),
        WorkStatus::Done => ("Klar", "Done"),
        WorkStatus::Cancelled => ("Avbruten", "Cancelled"),
    };
    pick(lang, sv, en)
}

pub fn record_kind(lang: Language, k: RecordKind) -> &'static str {
    get(lang, k.singular())
}

pub fn record_kind_plural(lang: Language, k: RecordKind) -> &'static str {
    get(lang, k.block_name())
}

fn pick(lang: Language, sv: &'static str, en: &'static str) -> &'static str {
    if lang.is_swedish() { sv } else { en }
}

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "28 februari 2023" / "28 February 2023".
pub fn format_date(lang: Language, d: Date) -> String {
    let months = if lang.is_swedish() {
        &MONTHS_SV
    } else {
        &MONTHS_EN
    };
    format!("{} {} {}", d.day, months[d.month as usize - 1], d.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_languages() {
        let d = Date::parse("2023-02-28").unwrap();
        assert_eq!(format_date(Language::Sv, d), "28 februari 2023");
        assert_eq!(format_date(Language::En, d), "28 February 2023");
    }

    #[test]
    fn every_key_is_unique() {
        let mut keys: Vec<&str> = STRINGS.iter().map(|(k, _, _)| *k).collect();
        keys.sort();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len());
    }
}
