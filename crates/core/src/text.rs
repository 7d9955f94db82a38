//! Small language helpers used across the pipeline: dates, slugs and Swedish collation.

use std::cmp::Ordering;
use std::fmt;

/// A calendar date (proleptic Gregorian). Ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates such as 2023-02-30.
    pub fn parse(s: &str) -> Option<Date> {
        Date::parse_or_why(s).ok()
    }

    /// Parses `YYYY-MM-DD`; an impossible date written in that shape says what is
    /// wrong with it (`month 13 does not exist`, `31 April does not exist`), anything
    /// else gives `None` as the reason.
    pub fn parse_or_why(s: &str) -> Result<Date, Option<String>> {
        let s = s.trim();
        let bytes = s.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(None);
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10))
        else {
            return Err(None);
        };
        let (year, month, day) = (year as i32, month as u8, day as u8);
        if !(1..=12).contains(&month) {
            return Err(Some(format!("month {month} does not exist")));
        }
        let name = MONTHS_EN[month as usize - 1];
        if day == 0 {
            return Err(Some("day 0 does not exist".to_string()));
        }
        if day > days_in_month(year, month) {
            let leap = if month == 2 && day == 29 {
                format!(" ({year} is not a leap year)")
            } else {
                String::new()
            };
            return Err(Some(format!("{day} {name} does not exist{leap}")));
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days_since_epoch(self) -> i64 {
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    pub fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        Date {
            year: (y + if m <= 2 { 1 } else { 0 }) as i32,
            month: m,
            day: d,
        }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// Today's date in UTC from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    }

    pub fn iso(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Month names in English, for messages and for English sites' dates.
pub const MONTHS_EN: [&str; 12] = [
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

/// The number of days in `month` (1–12) of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// A URL path segment from a file or folder name: lowercase ASCII letters, digits and
/// dashes, with Swedish letters transliterated so URLs survive any server and proxy.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'æ' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' | 'ù' => 'u',
            'í' | 'ì' | 'ï' => 'i',
            'ç' => 'c',
            'ñ' => 'n',
            c if c.is_ascii_alphanumeric() || c == '_' => c,
            _ => '-',
        };
        if mapped == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(mapped);
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A heading anchor: like GitHub's, letters (Swedish ones kept) and digits lowercased,
/// spaces to dashes, other punctuation dropped.
pub fn heading_anchor(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.push(c);
        } else if c.is_whitespace() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-').to_string();
    if trimmed.is_empty() {
        "rubrik".to_string()
    } else {
        trimmed
    }
}

/// Collation for sorting names and titles. Swedish puts å, ä, ö after z (and treats
/// æ as ä, ø as ö, ü as y, é as e); English folds all diacritics. Comparison is
/// case-insensitive first, with the original string as a tie-break for stable output.
pub fn collate(a: &str, b: &str, swedish: bool) -> Ordering {
    // The keys compared as they are made, up to the first difference: sorting
    // thousands of titles made two vectors per comparison.
    let (ka, kb) = (weights(a, swedish), weights(b, swedish));
    ka.cmp(kb).then_with(|| a.cmp(b))
}

pub fn collation_key(s: &str, swedish: bool) -> Vec<u32> {
    weights(s, swedish).collect()
}

fn weights(s: &str, swedish: bool) -> impl Iterator<Item = u32> + '_ {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter_map(move |c| collation_weight(c, swedish))
}

fn collation_weight(c: char, swedish: bool) -> Option<u32> {
    // Letters after digits, digits after spaces and punctuation; Swedish extras after z.
    let base = |ch: char| 1000 + ch as u32;
    let w = match c {
        'a'..='z' => base(c),
        '0'..='9' => 500 + c as u32,
        'å' if swedish => base('z') + 1,
        'ä' | 'æ' if swedish => base('z') + 2,
        'ö' | 'ø' if swedish => base('z') + 3,
        'ü' if swedish => base('y'),
        'å' | 'ä' | 'à' | 'á' | 'â' | 'æ' => base('a'),
        'ö' | 'ø' | 'ó' | 'ò' | 'ô' => base('o'),
        'é' | 'è' | 'ê' | 'ë' => base('e'),
        'ü' | 'ú' | 'ù' => base('u'),
        'í' | 'ì' | 'ï' => base('i'),
        'ç' => base('c'),
        'ñ' => base('n'),
        c if c.is_whitespace() => 1,
        c if c.is_alphanumeric() => 2000 + c as u32,
        _ => return None,
    };
    Some(w)
}

/// Decodes `%XX` escapes of a URL path (invalid escapes are kept as written).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The months in Swedish, as dates are written in text ("30 mars 2021").
pub const MONTHS_SV: [&str; 12] = [
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_reject() {
        assert_eq!(
            Date::parse("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2023-13-01"), None);
        assert_eq!(Date::parse("23-01-01"), None);
        let why = |s| Date::parse_or_why(s).unwrap_err();
        assert_eq!(
            why("2025-13-01").as_deref(),
            Some("month 13 does not exist")
        );
        assert_eq!(
            why("2025-04-31").as_deref(),
            Some("31 April does not exist")
        );
        assert_eq!(
            why("2023-02-29").as_deref(),
            Some("29 February does not exist (2023 is not a leap year)")
        );
        assert_eq!(why("2025-01-00").as_deref(), Some("day 0 does not exist"));
        assert_eq!(why("igår"), None);
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let d = Date::parse("2024-12-31").unwrap();
        assert_eq!(d.add_days(1).to_string(), "2025-01-01");
        assert_eq!(d.add_days(-366).to_string(), "2023-12-31");
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
    }

    #[test]
    fn swedish_collation_puts_aao_after_z() {
        let mut names = vec![
            "Östersund",
            "Åre",
            "Zinkgruvan",
            "Älvdalen",
            "Västra",
            "Vård",
        ];
        names.sort_by(|a, b| collate(a, b, true));
        assert_eq!(
            names,
            [
                "Vård",
                "Västra",
                "Zinkgruvan",
                "Åre",
                "Älvdalen",
                "Östersund"
            ]
        );
        let mut names = vec!["Zinkgruvan", "Åre"];
        names.sort_by(|a, b| collate(a, b, false));
        assert_eq!(names, ["Åre", "Zinkgruvan"]);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("%C3%A5r"), "år");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn slugs_and_anchors() {
        assert_eq!(slug("Risk analys Åre 2023"), "risk-analys-are-2023");
        assert_eq!(heading_anchor("Förslag till beslut"), "förslag-till-beslut");
        assert_eq!(heading_anchor("1. Mål & syfte"), "1-mål-syfte");
    }
}
