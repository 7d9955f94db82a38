//! UI strings in Swedish and English from one table, chosen by `language`, and dates in
//! the language's format. Templates see the table as `t`.

use std::collections::BTreeMap;
use styrdok_config::Language;
use styrdok_core::model::{Classification, DocType, RecordKind, Status, WorkStatus};
use styrdok_core::text::{Date, MONTHS_EN, MONTHS_SV};
use styrdok_graph::risk::{Band, Direction};

/// Makes the enum `Ui` of every UI string from one table.
macro_rules! ui_strings {
    ($($variant:ident => ($key:literal, $sv:literal, $en:literal)),* $(,)?) => {
        /// A UI string, by name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Ui {
            $($variant),*
        }

        impl Ui {
            /// Every string, in the table's order.
            pub const ALL: &'static [Ui] = &[$(Ui::$variant),*];

            /// The key templates use (`t.skip_to_content`).
            pub fn key(self) -> &'static str {
                match self {
                    $(Ui::$variant => $key),*
                }
            }

            /// (Swedish, English).
            pub fn texts(self) -> (&'static str, &'static str) {
                match self {
                    $(Ui::$variant => ($sv, $en)),*
                }
            }
        }
    };
}

// Each UI string: its key (as templates see it in `t`), Swedish, English. The enum `Ui`
// is made from this one table, so Rust code names a string by a variant the compiler
// checks, never by text that could be misspelt into "".
ui_strings! {
    SkipToContent => ("skip_to_content", "Hoppa till innehållet", "Skip to content"),
    MainNavigation => ("main_navigation", "Huvudmeny", "Main navigation"),
    Breadcrumbs => ("breadcrumbs", "Du är här", "You are here"),
    Start => ("start", "Start", "Home"),
    DocumentTypes => ("document_types", "Dokumenttyper", "Document types"),
    Documents => ("documents", "Dokument", "Documents"),
    Document => ("document", "Dokument", "Document"),
    AboutDocument => ("about_document", "Om dokumentet", "About the document"),
    Type => ("type", "Typ", "Type"),
    Id => ("id", "Id", "ID"),
    Organisation => ("organisation", "Organisation", "Organisation"),
    Owner => ("owner", "Ägare", "Owner"),
    DecidedBy => ("decided_by", "Beslutat av", "Decided by"),
    Decided => ("decided", "Beslutsdatum", "Decided"),
    ValidUntil => ("valid_until", "Giltigt till", "Valid until"),
    ReviewBy => ("review_by", "Revideras senast", "Review by"),
    Dnr => ("dnr", "Diarienummer", "Diary number"),
    DocumentNumber => ("document_number", "Dokumentnummer", "Document number"),
    Version => ("version", "Version", "Version"),
    Status => ("status", "Status", "Status"),
    Classification => ("classification", "Informationsklass", "Classification"),
    Supersedes => ("supersedes", "Ersätter", "Supersedes"),
    SupersededBy => ("superseded_by", "Ersatt av", "Superseded by"),
    Related => ("related", "Relaterade dokument", "Related documents"),
    Areas => ("areas", "Områden", "Areas"),
    Area => ("area", "Område", "Area"),
    Tags => ("tags", "Etiketter", "Tags"),
    Meeting => ("meeting", "Sammanträdesdatum", "Meeting"),
    Department => ("department", "Ansvarig avdelning", "Department"),
    Manager => ("manager", "Ansvarig chef", "Manager"),
    CaseOfficer => ("case_officer", "Handläggare", "Case officer"),
    CaseDetails => ("case_details", "Ärendeuppgifter", "Case details"),
    Summary => ("summary", "Sammanfattning", "Summary"),
    DraftBanner => ("draft_banner", "Utkast – inte beslutat och inte publicerat", "Draft – not decided and not published"),
    Draft => ("draft", "Utkast", "Draft"),
    InternalDocumentMark => ("internal_document_mark", "(intern handling)", "(internal document)"),
    InternalSection => ("internal_section", "Intern uppgift – visas inte i den offentliga versionen", "Internal information – not shown in the public version"),
    MaskedSection => ("masked_section", "Uppgifter har maskerats", "Information has been masked"),
    MaskedReason => ("masked_reason", "Skäl", "Reason"),
    MaskedRowOne => ("masked_row_one", "1 rad har maskerats", "1 row has been masked"),
    MaskedRows => ("masked_rows", "{n} rader har maskerats", "{n} rows have been masked"),
    ExpiredBanner => ("expired_banner", "Har upphört att gälla", "No longer valid"),
    ReviewBanner => ("review_banner", "Ska revideras", "Due for review"),
    SupersededBanner => ("superseded_banner", "Det här dokumentet är ersatt av", "This document has been superseded by"),
    NoDocuments => ("no_documents", "Det finns inga dokument av den här typen.", "There are no documents of this type."),
    Title => ("title", "Titel", "Title"),
    Count => ("count", "Antal", "Count"),
    InSection => ("in_section", "I den här delen", "In this section"),
    Subsections => ("subsections", "Underavdelningar", "Subsections"),
    Overview => ("overview", "Översikt", "Overview"),
    LatestDecisions => ("latest_decisions", "Senaste besluten", "Latest decisions"),
    HighlightedRisks => ("highlighted_risks", "Höga risker", "High risks"),
    OverdueActions => ("overdue_actions", "Försenade åtgärder och aktiviteter", "Overdue actions and activities"),
    None => ("none", "Inga.", "None."),
    FooterGenerated => ("footer_generated", "Skapad med styrdok", "Built with styrdok"),
    // The accessibility statement (views/accessibility.rs), after DIGG's model text.
    A11yTitle => ("a11y_title", "Tillgänglighetsredogörelse", "Accessibility statement"),
    A11yIntro => ("a11y_intro", "{org} står bakom {service}. Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur webbplatsen uppfyller lagen om tillgänglighet till digital offentlig service, kända tillgänglighetsproblem och hur du kan rapportera brister till oss så att vi kan åtgärda dem.", "{org} is responsible for {service}. We want as many people as possible to be able to use it. This statement describes how the website complies with the Swedish law on accessibility to digital public services, known accessibility problems, and how you can report problems to us so that we can fix them."),
    A11yHowAccessible => ("a11y_how_accessible", "Hur tillgänglig är webbplatsen?", "How accessible is the website?"),
    A11yFull => ("a11y_full", "Webbplatsen är helt förenlig med lagen om tillgänglighet till digital offentlig service.", "The website fully complies with the law on accessibility to digital public services."),
    A11yPartial => ("a11y_partial", "Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan.", "The website partially complies with the law on accessibility to digital public services, because of the problems described below."),
    A11yNone => ("a11y_none", "Webbplatsen är inte förenlig med lagen om tillgänglighet till digital offentlig service.", "The website does not comply with the law on accessibility to digital public services."),
    A11yUnstated => ("a11y_unstated", "Webbplatsen har inte angett hur väl den uppfyller lagen om tillgänglighet till digital offentlig service.", "The website has not stated how far it complies with the law on accessibility to digital public services."),
    A11yNonCompliance => ("a11y_non_compliance", "Bristande förenlighet med lagstiftningen", "Non-compliance with the legislation"),
    A11yBurden => ("a11y_burden", "Oskäligt betungande anpassning", "Disproportionate burden"),
    A11yOutOfScope => ("a11y_out_of_scope", "Innehåll som inte omfattas av lagstiftningen", "Content not within the scope of the legislation"),
    A11yResponseTime => ("a11y_response_time", "Vi svarar normalt {time}.", "We normally answer {time}."),
    A11yAssessedOwn => ("a11y_assessed_own", "Vi har gjort en självskattning (intern granskning) av {service}.", "We have assessed {service} ourselves (an internal review)."),
    A11yAssessedExternal => ("a11y_assessed_external", "{service} har granskats av {by}.", "{service} has been reviewed by {by}."),
    A11yAssessedUnstated => ("a11y_assessed_unstated", "Det har inte angetts hur webbplatsen har bedömts.", "How the website was assessed has not been stated."),
    A11yAssessedDate => ("a11y_assessed_date", "Den senaste bedömningen gjordes den", "The latest assessment was made on"),
    A11yExceptions => ("a11y_exceptions", "Innehåll som inte är tillgängligt", "Content that is not accessible"),
    A11yNoExceptions => ("a11y_no_exceptions", "Vi känner inte till något innehåll som inte är tillgängligt.", "We know of no content that is not accessible."),
    A11yReport => ("a11y_report", "Rapportera brister i webbplatsens tillgänglighet", "Report accessibility problems"),
    A11yReportText => ("a11y_report_text", "Om du inte kan använda delar av webbplatsen, behöver innehåll i en annan form eller upptäcker brister som inte beskrivs här, kontakta oss:", "If you cannot use parts of the website, need content in another format or find problems not described here, contact us:"),
    A11yReportOrg => ("a11y_report_org", "Kontakta {org} om du inte kan använda delar av webbplatsen, behöver innehåll i en annan form eller upptäcker brister som inte beskrivs här.", "Contact {org} if you cannot use parts of the website, need content in another format or find problems not described here."),
    A11yEmail => ("a11y_email", "E-post", "Email"),
    A11yPhone => ("a11y_phone", "Telefon", "Phone"),
    A11yContactPage => ("a11y_contact_page", "Kontaktsida", "Contact page"),
    A11yAuthority => ("a11y_authority", "Tillsynsmyndighet", "Supervisory authority"),
    A11yAuthorityText => ("a11y_authority_text", "Myndigheten för digital förvaltning (DIGG) ansvarar för tillsynen av lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta DIGG och påpeka det.", "The Agency for Digital Government (DIGG) supervises the law on accessibility to digital public services. If you are not satisfied with how we handle your comments, you can contact DIGG."),
    A11yAuthorityLink => ("a11y_authority_link", "Anmäl bristande tillgänglighet till DIGG", "Report inaccessibility to DIGG"),
    A11yTesting => ("a11y_testing", "Hur vi testat webbplatsen", "How we tested the website"),
    A11yUpdated => ("a11y_updated", "Redogörelsen uppdaterades senast den", "This statement was last updated on"),
    AccessibilityStatement => ("accessibility_statement", "Tillgänglighetsredogörelse", "Accessibility statement"),
    NotFoundTitle => ("not_found_title", "Sidan finns inte", "Page not found"),
    NotFoundText => ("not_found_text", "Sidan du söker finns inte, eller har flyttats.", "The page you are looking for does not exist or has moved."),
    GoStart => ("go_start", "Till startsidan", "Go to the start page"),
    Print => ("print", "Utskrift", "Print"),
    ReferencedBy => ("referenced_by", "Refereras från", "Referenced from"),
    Responsibles => ("responsibles", "Ansvariga", "Responsibles"),
    Followup => ("followup", "Uppföljning", "Follow-up"),
    FollowupItem => ("followup_item", "Åtgärd eller aktivitet", "Action or activity"),
    Years => ("years", "År", "Years"),
    Views => ("views", "Vyer", "Views"),
    OwnedDocuments => ("owned_documents", "Dokument som ägs", "Documents owned"),
    AlsoWritten => ("also_written", "Skrivs även", "Also written"),
    DocumentsCount => ("documents_count", "Dokument", "Documents"),
    RecordsCount => ("records_count", "Rader", "Rows"),
    Name => ("name", "Namn", "Name"),
    OverdueTitle => ("overdue_title", "Försenade", "Overdue"),
    UpcomingTitle => ("upcoming_title", "Inom 90 dagar", "Due within 90 days"),
    LaterTitle => ("later_title", "Övriga", "Other"),
    ToReviewTitle => ("to_review_title", "Ska revideras", "Due for review"),
    ExpiredTitle => ("expired_title", "Har upphört att gälla", "No longer valid"),
    FilterByResponsible => ("filter_by_responsible", "Filtrera på ansvarig", "Filter by responsible"),
    FilterByArea => ("filter_by_area", "Filtrera på område", "Filter by area"),
    FilterAll => ("filter_all", "Alla", "All"),
    FilterApply => ("filter_apply", "Filtrera", "Filter"),
    FilterShowing => ("filter_showing", "Visar", "Showing"),
    OfTotal => ("of_total", "av", "of"),
    FilterPages => ("filter_pages", "Filtrerade sidor", "Filtered pages"),
    ShowAll => ("show_all", "Visa allt", "Show all"),
    // A long list page split over pages (crates/pages/src/paging.rs).
    Pager => ("pager", "Sidor i listan", "Pages of the list"),
    PageWord => ("page", "Sida", "Page"),
    PageOf => ("page_of", "Sida {n} av {m}", "Page {n} of {m}"),
    TitlePage => ("title_page", "{title}, sida {n} av {m}", "{title}, page {n} of {m}"),
    PreviousPage => ("previous_page", "Föregående sida", "Previous page"),
    NextPage => ("next_page", "Nästa sida", "Next page"),
    ListedOnPage => ("listed_on_page", "Listas på sida {n}.", "Listed on page {n}."),
    ListedOnPages => ("listed_on_pages", "Listas på sidorna {n}–{m}.", "Listed on pages {n}–{m}."),
    FilterPaged => ("filter_paged", "Listan är för lång för en sida. Varje ansvarig och varje område har sin egen uppföljning:", "The list is too long for one page. Each responsible and each area has a follow-up of its own:"),
    FollowupFor => ("followup_for", "Uppföljning för", "Follow-up for"),
    InDocument => ("in_document", "I dokument", "In document"),
    DueForReview => ("due_for_review", "Dokument som ska revideras", "Documents due for review"),
    DecidedIn => ("decided_in", "Beslutade", "Decided"),
    TableScroll => ("table_scroll", "Tabellen kan rullas i sidled", "The table scrolls sideways"),
    // Search.
    Search => ("search", "Sök", "Search"),
    SearchLabel => ("search_label", "Sök i dokumenten", "Search the documents"),
    SearchButton => ("search_button", "Sök", "Search"),
    SearchHelp => ("search_help", "Skriv ett eller flera ord. Början av ett ord räcker, till exempel patientsäkerhet.", "Type one or more words. The beginning of a word is enough."),
    SearchNeedsJs => ("search_needs_js", "Sökningen körs i webbläsaren och behöver JavaScript. Du kan i stället bläddra bland dokumenten:", "Search runs in the browser and needs JavaScript. You can browse the documents instead:"),
    SearchOldBrowser => ("search_old_browser", "Sökningen behöver en nyare webbläsare.", "Search needs a newer browser."),
    SearchError => ("search_error", "Sökindexet kunde inte läsas. Ladda om sidan och försök igen.", "The search index could not be read. Reload the page and try again."),
    SearchResults => ("search_results", "Träffar", "Results"),
    SearchFilters => ("search_filters", "Avgränsa", "Narrow down"),
    SearchFacetKind => ("search_facet_kind", "Träfftyp", "Kind of hit"),
    SearchFacetType => ("search_facet_type", "Dokumenttyp", "Document type"),
    SearchFacetYear => ("search_facet_year", "Beslutsår", "Year decided"),
    SearchClearFilters => ("search_clear_filters", "Rensa alla filter", "Clear all filters"),
    SearchPrompt => ("search_prompt", "Skriv något i sökrutan.", "Type something in the search box."),
    SearchLoading => ("search_loading", "Söker …", "Searching …"),
    SearchStatus => ("search_status", "{n} träffar för ”{q}”", "{n} results for “{q}”"),
    SearchStatusOne => ("search_status_one", "1 träff för ”{q}”", "1 result for “{q}”"),
    SearchStatusNone => ("search_status_none", "Inga träffar för ”{q}”", "No results for “{q}”"),
    SearchStatusBrowse => ("search_status_browse", "{n} träffar", "{n} results"),
    SearchMore => ("search_more", "Visa fler träffar", "Show more results"),
    SearchIn => ("search_in", "i", "in"),
    SearchSections => ("search_sections", "Avsnitt med träffar", "Sections with hits"),
    // Records.
    Risks => ("risks", "Riskregister", "Risk register"),
    Activities => ("activities", "Aktiviteter", "Activities"),
    Actions => ("actions", "Åtgärder", "Actions"),
    Recommendations => ("recommendations", "Rekommendationer", "Recommendations"),
    Risk => ("risk", "Risk", "Risk"),
    Activity => ("activity", "Aktivitet", "Activity"),
    Action => ("action", "Åtgärd", "Action"),
    Recommendation => ("recommendation", "Rekommendation", "Recommendation"),
    Objectives => ("objectives", "Krav", "Objectives"),
    TargetArea => ("target_area", "Målområde", "Target area"),
    AssignmentCol => ("assignment_col", "Uppdrag", "Assignment"),
    RiskCol => ("risk_col", "Beskrivning av risk", "Risk"),
    Consequence => ("consequence", "Konsekvens", "Consequence"),
    Likelihood => ("likelihood", "Sannolikhet", "Likelihood"),
    Severity => ("severity", "Allvarlighetsgrad", "Severity"),
    LikelihoodShort => ("likelihood_short", "S", "L"),
    SeverityShort => ("severity_short", "K", "S"),
    Score => ("score", "Riskpoäng", "Score"),
    Treatment => ("treatment", "Hantering", "Treatment"),
    Cause => ("cause", "Bakomliggande orsak", "Root cause"),
    RiskActions => ("risk_actions", "Åtgärder", "Actions"),
    Responsible => ("responsible", "Ansvarig", "Responsible"),
    Goal => ("goal", "Mål", "Goal"),
    Method => ("method", "Metod/datakälla", "Method/data source"),
    Due => ("due", "Klart senast", "Due"),
    AnswersRecommendation => ("answers_recommendation", "Svarar på rekommendation", "Answers recommendation"),
    Response => ("response", "Svar", "Response"),
    Overdue => ("overdue", "Försenad", "Overdue"),
    HighRisk => ("high_risk", "Hög risk", "High risk"),
    NoTreatment => ("no_treatment", "Ingen hantering angiven", "No treatment given"),
    BandHigh => ("band_high", "Hög", "High"),
    BandMedium => ("band_medium", "Medel", "Medium"),
    BandLow => ("band_low", "Låg", "Low"),
    // Risk views: heat maps, register tools, trends, exports (docs/exports.md).
    Heatmap => ("heatmap", "Riskmatris", "Risk matrix"),
    HeatmapNote => ("heatmap_note", "Rader: sannolikhet, kolumner: allvarlighetsgrad. Varje ruta visar riskpoäng, riskklass och riskerna i rutan.", "Rows: likelihood, columns: severity. Each cell shows the score, the score band and the risks in it."),
    HeatmapCorner => ("heatmap_corner", "Sannolikhet ↓ Allvarlighetsgrad →", "Likelihood ↓ Severity →"),
    HeatmapCodes => ("heatmap_codes", "Koder i matrisen", "Codes in the matrix"),
    ScoreBand => ("score_band", "Riskklass", "Score band"),
    TrendUp => ("trend_up", "höjd", "up"),
    TrendDown => ("trend_down", "sänkt", "down"),
    TrendSame => ("trend_same", "oförändrad", "same"),
    TrendFrom => ("trend_from", "från", "from"),
    PreviousScore => ("previous_score", "Tidigare riskpoäng", "Earlier score"),
    DownloadRegister => ("download_register", "Ladda ner registret", "Download the register"),
    DownloadCsv => ("download_csv", "CSV för Excel", "CSV for Excel"),
    DownloadJson => ("download_json", "JSON", "JSON"),
    RiskOverview => ("risk_overview", "Risköversikt", "Risk overview"),
    RiskOverviewIntro => ("risk_overview_intro", "Riskerna i den senaste riskanalysen per ägare: matris, sammanställningar, höga risker, utvecklingen över åren och registret. Äldre analyser nås via länkarna nedan, och alla risker i alla publicerade analyser finns i den samlade exporten.", "The risks of each owner's latest risk analysis: matrix, counts, high risks, the trend across years and the register. Older analyses are linked below, and every risk of every published analysis is in the site-wide export."),
    CurrentAnalyses => ("current_analyses", "Senaste analyser", "Latest analyses"),
    LatestAnalysis => ("latest_analysis", "Senaste analys", "Latest analysis"),
    RiskCount => ("risk_count", "Antal risker", "Risks"),
    AndMore => ("and_more", "och {n} till", "and {n} more"),
    OlderAnalyses => ("older_analyses", "Äldre analyser", "Older analyses"),
    SiteRegister => ("site_register", "Samlat riskregister", "Site-wide risk register"),
    PerBand => ("per_band", "Antal per riskklass", "Count per score band"),
    PerArea => ("per_area", "Antal per målområde", "Count per target area"),
    PerObjective => ("per_objective", "Antal per kontrollmål", "Count per control objective"),
    NoArea => ("no_area", "Utan målområde", "No target area"),
    ScoreHistory => ("score_history", "Riskpoäng över åren", "Score across years"),
    ScoreHistoryNote => ("score_history_note", "Risker som anger samma risk i en tidigare analys (`previous`).", "Risks that name the same risk in an earlier analysis (`previous`)."),
    Year => ("year", "År", "Year"),
    Downloads => ("downloads", "Nedladdningar", "Downloads"),
    AllActions => ("all_actions", "Alla åtgärder och aktiviteter", "All actions and activities"),
    FilterRegister => ("filter_register", "Filtrera registret", "Filter the register"),
    FilterReset => ("filter_reset", "Visa alla rader", "Show all rows"),
    RowsShown => ("rows_shown", "Visar {n} av {total} rader", "Showing {n} of {total} rows"),
    SortBy => ("sort_by", "Sortera efter", "Sort by"),
    SortedAsc => ("sorted_asc", "Sorterat efter {col}, stigande.", "Sorted by {col}, ascending."),
    SortedDesc => ("sorted_desc", "Sorterat efter {col}, fallande.", "Sorted by {col}, descending."),
    Rows => ("rows", "rader", "rows"),
    HighlightNote => ("highlight_note", "Riskpoäng från {n} är markerade som hög risk.", "Scores from {n} are marked as high risk."),
    // History from git (src/history.rs).
    History => ("history", "Ändringshistorik", "Change history"),
    LastChanged => ("last_changed", "Senast ändrad", "Last changed"),
    HistoryFromDecided => ("history_from_decided", "beslutsdatum; ändringshistoriken saknas", "the decision date; no change history is available"),
    HistoryCaption => ("history_caption", "Senaste ändringarna av dokumentets fil, nyast först", "Latest changes to the document's file, newest first"),
    HistoryDate => ("history_date", "Datum", "Date"),
    Table => ("table", "Tabell", "Table"),
    AllOfType => ("all_of_type", "Alla {types}", "All {types}"),
    HistoryAuthor => ("history_author", "Ändrad av", "Changed by"),
    HistoryMessage => ("history_message", "Ändring", "Change"),
    HistoryWithheld => ("history_withheld", "(ändring som också rör opublicerat material)", "(a change that also touched unpublished material)"),
    // The annual cycle: the årshjul page, calendar feeds, `styrdok due`.
    Calendar => ("calendar", "Årshjul", "Annual cycle"),
    CalendarIntro => ("calendar_intro", "Månad för månad under {from} och {to}: sammanträden, åtgärder och aktiviteter som ska vara klara, dokument som ska revideras eller slutar gälla, och årets återkommande hållpunkter. Varje rad länkar till sitt dokument.", "Month by month through {from} and {to}: meetings, actions and activities due, documents to be reviewed or ceasing to be valid, and the recurring deadlines of the year. Each row links to its document."),
    CalendarEarlier => ("calendar_earlier", "Försenade åtgärder och aktiviteter från tidigare år finns på sidan", "Overdue actions and activities from earlier years are on the page"),
    CalendarMonths => ("calendar_months", "Månader", "Months"),
    CalendarEvents => ("calendar_events", "Händelser i {month}", "Events in {month}"),
    CalendarNothing => ("calendar_nothing", "Inget inplanerat.", "Nothing scheduled."),
    CalendarDate => ("calendar_date", "Datum", "Date"),
    CalendarKind => ("calendar_kind", "Vad", "What"),
    CalendarEvent => ("calendar_event", "Händelse", "Event"),
    WholeMonth => ("whole_month", "Under månaden", "During the month"),
    KindMeeting => ("kind_meeting", "Sammanträde", "Meeting"),
    KindReview => ("kind_review", "Revidering", "Review"),
    KindExpiry => ("kind_expiry", "Slutar gälla", "Ceases to be valid"),
    KindCycle => ("kind_cycle", "Återkommande", "Recurring"),
    CycleTitle => ("cycle_title", "Återkommer varje år", "Every year"),
    CycleCaption => ("cycle_caption", "Årets återkommande hållpunkter", "The recurring deadlines of the year"),
    Feed => ("feed", "Prenumerera i kalendern", "Subscribe in your calendar"),
    FeedLink => ("feed_link", "Kalenderflöde för {name} (iCalendar)", "Calendar feed for {name} (iCalendar)"),
    FeedSiteLink => ("feed_site_link", "Kalenderflöde för hela webbplatsen (iCalendar)", "Calendar feed for the whole site (iCalendar)"),
    FeedHelp => ("feed_help", "Kopiera länkens adress och lägg till den som en kalender från webben, så visas datumen i din kalender och uppdateras när webbplatsen byggs om:", "Copy the link's address and add it as a calendar from the web, so the dates show in your calendar and are updated whenever the site is rebuilt:"),
    FeedOutlook => ("feed_outlook", "Outlook: Lägg till kalender › Prenumerera från webben.", "Outlook: Add calendar › Subscribe from web."),
    FeedGoogle => ("feed_google", "Google Kalender: Andra kalendrar › Från webbadress.", "Google Calendar: Other calendars › From URL."),
    FeedThunderbird => ("feed_thunderbird", "Thunderbird: Ny kalender › I nätverket, och klistra in adressen.", "Thunderbird: New calendar › On the network, then paste the address."),
    NoResponsible => ("no_responsible", "Utan ansvarig", "No responsible"),
    DueTitle => ("due_title", "Att göra {today}: försenat och det som ska vara klart inom {days} dagar", "To do on {today}: overdue, and due within {days} days"),
    DueNothing => ("due_nothing", "Inget är försenat och inget ska vara klart inom {days} dagar.", "Nothing is overdue and nothing is due within {days} days."),
    Source => ("source", "Källa", "Source"),
    RiskSummary => ("risk_summary", "{n} risker, {h} med hög riskpoäng.", "{n} risks, {h} with a high score."),
    // The PDF of a document (crates/pdf).
    PdfDownload => ("pdf_download", "Ladda ner som PDF", "Download as PDF"),
    PdfPage => ("pdf_page", "Sida {n} ({m})", "Page {n} ({m})"),
    PdfDraft => ("pdf_draft", "UTKAST", "DRAFT"),
    PdfLinks => ("pdf_links", "Länkar i dokumentet leder till webbplatsen {site}.", "Links in the document lead to the site {site}."),
}

/// The table as templates see it: key → text in `lang`.
pub fn strings(lang: Language) -> BTreeMap<&'static str, &'static str> {
    Ui::ALL.iter().map(|&u| (u.key(), get(lang, u))).collect()
}

pub fn get(lang: Language, key: Ui) -> &'static str {
    let (sv, en) = key.texts();
    pick(lang, sv, en)
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
    get(
        lang,
        match k {
            RecordKind::Risk => Ui::Risk,
            RecordKind::Activity => Ui::Activity,
            RecordKind::Action => Ui::Action,
            RecordKind::Recommendation => Ui::Recommendation,
        },
    )
}

pub fn record_kind_plural(lang: Language, k: RecordKind) -> &'static str {
    get(
        lang,
        match k {
            RecordKind::Risk => Ui::Risks,
            RecordKind::Activity => Ui::Activities,
            RecordKind::Action => Ui::Actions,
            RecordKind::Recommendation => Ui::Recommendations,
        },
    )
}

/// The kind of a calendar event ("Åtgärd", "Revidering").
pub fn event_kind(site: &styrdok_graph::Site, what: styrdok_graph::calendar::What) -> &'static str {
    use styrdok_graph::calendar::What;
    let lang = site.lang();
    match what {
        What::Record((d, r)) => record_kind(lang, site.docs[d].records[r].kind),
        What::Meeting(_) => get(lang, Ui::KindMeeting),
        What::Review(_) => get(lang, Ui::KindReview),
        What::Expiry(_) => get(lang, Ui::KindExpiry),
        What::Cycle(_) => get(lang, Ui::KindCycle),
    }
}

/// "augusti 2025" / "August 2025".
pub fn format_month(lang: Language, year: i32, month: u8) -> String {
    format!("{} {year}", month_name(lang, month))
}

/// "augusti" / "August".
pub fn month_name(lang: Language, month: u8) -> &'static str {
    let months = if lang.is_swedish() {
        &MONTHS_SV
    } else {
        &MONTHS_EN
    };
    months[month as usize - 1]
}

/// A score band's name ("Hög").
pub fn band(lang: Language, b: Band) -> &'static str {
    get(
        lang,
        match b {
            Band::High => Ui::BandHigh,
            Band::Medium => Ui::BandMedium,
            Band::Low => Ui::BandLow,
        },
    )
}

/// How a score moved ("höjd").
pub fn direction(lang: Language, d: Direction) -> &'static str {
    get(
        lang,
        match d {
            Direction::Up => Ui::TrendUp,
            Direction::Down => Ui::TrendDown,
            Direction::Same => Ui::TrendSame,
        },
    )
}

fn pick(lang: Language, sv: &'static str, en: &'static str) -> &'static str {
    if lang.is_swedish() { sv } else { en }
}

/// "28 februari 2023" / "28 February 2023".
pub fn format_date(lang: Language, d: Date) -> String {
    format!("{} {} {}", d.day, month_name(lang, d.month), d.year)
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
    fn every_ui_string_has_a_swedish_and_an_english_text_and_a_key_of_its_own() {
        let mut keys = std::collections::HashSet::new();
        for &u in Ui::ALL {
            let (sv, en) = u.texts();
            assert!(!sv.trim().is_empty(), "{u:?} has no Swedish text");
            assert!(!en.trim().is_empty(), "{u:?} has no English text");
            assert!(keys.insert(u.key()), "{u:?}: key `{}` twice", u.key());
        }
    }

    #[test]
    fn every_string_a_default_template_names_exists() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../themes/default/templates"
        );
        let known: std::collections::HashSet<&str> = Ui::ALL.iter().map(|u| u.key()).collect();
        let mut files = vec![std::path::PathBuf::from(dir)];
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("t.") {
                let before = text[..at].chars().next_back().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' || before == '.' {
                    continue; // `site.title`, `a11y.t…`: not the strings table
                }
                let name: String = text[at + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                assert!(
                    name.is_empty() || known.contains(name.as_str()),
                    "{}: `t.{name}` is no UI string",
                    path.display()
                );
            }
        }
    }
}
