//! Text analysis shared by the index (here) and the browser (`search.js`, which mirrors
//! every step): compose decomposed Swedish letters, lowercase, split into runs of letters
//! and digits, drop stop words, stem words with Snowball (Swedish or English). Numbers
//! and codes ("2023", "rs334") are kept as they are. Any change here must be made in
//! `themes/default/static/search.js` too; the unit tests pin the behaviour.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use std::sync::Arc;
use styrdok_config::Language;

/// Tokens longer than this (in characters) are noise (hashes, run-together URLs).
pub const MAX_TOKEN_CHARS: usize = 48;

/// Snowball's Swedish stop-word list (function words only).
#[rustfmt::skip]
const STOP_SV: &[&str] = &[
    "alla", "allt", "att", "av", "blev", "bli", "blir", "blivit", "de", "dem", "den", "denna",
    "deras", "dess", "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "där", "då",
    "efter", "ej", "eller", "en", "er", "era", "ert", "ett", "från", "för", "ha", "hade", "han",
    "hans", "har", "henne", "hennes", "hon", "honom", "hur", "här", "i", "icke", "ingen",
    "inom", "inte", "jag", "ju", "kan", "kunde", "man", "med", "mellan", "men", "mig", "min",
    "mina", "mitt", "mot", "mycket", "ni", "nu", "när", "någon", "något", "några", "och", "om",
    "oss", "på", "samma", "sedan", "sig", "sin", "sina", "sitta", "själv", "skulle", "som",
    "så", "sådan", "sådana", "sådant", "till", "under", "upp", "ut", "utan", "vad", "var",
    "vara", "varför", "varit", "varje", "vars", "vart", "vem", "vi", "vid", "vilka", "vilkas",
    "vilken", "vilket", "vår", "våra", "vårt", "än", "är", "åt", "över",
];

/// Snowball's English stop-word list, without the contractions.
#[rustfmt::skip]
const STOP_EN: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "me", "more",
    "most", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or",
    "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
    "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
    "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
    "why", "with", "would", "you", "your", "yours", "yourself", "yourselves",
];

pub fn stop_words(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::Sv => STOP_SV,
        Language::En => STOP_EN,
    }
}

/// The Snowball algorithm's name as the browser's stemmer calls it.
pub fn algorithm_name(lang: Language) -> &'static str {
    match lang {
        Language::Sv => "swedish",
        Language::En => "english",
    }
}

/// A fast hasher for short keys (the Fx hash of rustc): the analyzer and the index
/// hash millions of short words, where SipHash's resistance to flooding buys nothing.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
pub type FxMap<K, V> = HashMap<K, V, FxBuild>;

/// A term id of an analyzer that stands for a stop word (no term).
const STOP: u32 = u32::MAX;

/// Tokenises and stems; remembers each token's term, since a corpus repeats a small
/// vocabulary and stemming is the costly step. Terms get small ids, so that a document's
/// (term, unit) pairs sort as integers. One per worker; ids are its own.
pub struct Analyzer {
    lang: Language,
    stemmer: Stemmer,
    /// Token → term id (or `STOP`).
    tokens: FxMap<Box<str>, u32>,
    /// Term → id, and id → term.
    ids: FxMap<Arc<str>, u32>,
    terms: Vec<Arc<str>>,
    buf: String,
}

impl Analyzer {
    pub fn new(lang: Language) -> Analyzer {
        Analyzer {
            lang,
            stemmer: Stemmer::create(match lang {
                Language::Sv => Algorithm::Swedish,
                Language::En => Algorithm::English,
            }),
            tokens: FxMap::default(),
            ids: FxMap::default(),
            terms: Vec::new(),
            buf: String::new(),
        }
    }

    /// Calls `f` with the term id of every token of `text` that is not a stop word.
    pub fn term_ids(&mut self, text: &str, mut f: impl FnMut(u32)) {
        let mut buf = std::mem::take(&mut self.buf);
        for_each_token(text, &mut buf, |token| {
            let id = self.id(token);
            if id != STOP {
                f(id);
            }
        });
        self.buf = buf;
    }

    /// The term of an id from `term_ids`.
    pub fn term_of(&self, id: u32) -> &Arc<str> {
        &self.terms[id as usize]
    }

    /// The index terms of `text`, in order, for tests and tools.
    pub fn terms(&mut self, text: &str) -> Vec<String> {
        let mut ids = Vec::new();
        self.term_ids(text, |id| ids.push(id));
        ids.into_iter()
            .map(|id| self.term_of(id).to_string())
            .collect()
    }

    fn id(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.tokens.get(token) {
            return id;
        }
        let term: Option<Arc<str>> = if stop_words(self.lang).binary_search(&token).is_ok() {
            None
        } else if token.chars().any(char::is_numeric) {
            Some(token.into())
        } else {
            Some(self.stemmer.stem(token).as_ref().into())
        };
        let id = match term {
            None => STOP,
            Some(term) => match self.ids.get(&term) {
                Some(&id) => id,
                None => {
                    let id = self.terms.len() as u32;
                    self.ids.insert(term.clone(), id);
                    self.terms.push(term);
                    id
                }
            },
        };
        self.tokens.insert(token.into(), id);
        id
    }
}

/// Base letter + combining mark → the precomposed letter, for the marks Swedish and
/// English text uses (text pasted from PDFs and macOS file names is often decomposed).
fn compose(base: char, mark: char) -> Option<char> {
    Some(match (base, mark) {
        ('a', '\u{30A}') => 'å',
        ('A', '\u{30A}') => 'Å',
        ('a', '\u{308}') => 'ä',
        ('A', '\u{308}') => 'Ä',
        ('o', '\u{308}') => 'ö',
        ('O', '\u{308}') => 'Ö',
        ('u', '\u{308}') => 'ü',
        ('U', '\u{308}') => 'Ü',
        ('e', '\u{301}') => 'é',
        ('E', '\u{301}') => 'É',
        _ => return None,
    })
}

/// Calls `f` with each token of `text`: a maximal run of letters and digits, lowercased,
/// at most `MAX_TOKEN_CHARS` long (longer runs are dropped).
pub fn for_each_token(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    buf.clear();
    let mut chars = 0usize;
    let mut flush = |buf: &mut String, chars: &mut usize| {
        if !buf.is_empty() && *chars <= MAX_TOKEN_CHARS {
            f(buf);
        }
        buf.clear();
        *chars = 0;
    };
    let mut iter = text.chars().peekable();
    while let Some(c) = iter.next() {
        let c = match iter.peek().and_then(|&m| compose(c, m)) {
            Some(composed) => {
                iter.next();
                composed
            }
            None => c,
        };
        if c.is_ascii() {
            // Most characters: no Unicode tables needed.
            if c.is_ascii_alphanumeric() {
                buf.push(c.to_ascii_lowercase());
                chars += 1;
            } else {
                flush(buf, &mut chars);
            }
        } else if matches!(c, 'å' | 'ä' | 'ö' | 'é') {
            buf.push(c);
            chars += 1;
        } else if c.is_alphanumeric() {
            match c {
                'Å' => buf.push('å'),
                'Ä' => buf.push('ä'),
                'Ö' => buf.push('ö'),
                _ => buf.extend(c.to_lowercase()),
            }
            chars += 1;
        } else {
            flush(buf, &mut chars);
        }
    }
    flush(buf, &mut chars);
}

/// The tokens of a text, for tests and tools.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = String::new();
    for_each_token(text, &mut buf, |t| out.push(t.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: Language, text: &str) -> Vec<String> {
        Analyzer::new(lang).terms(text)
    }

    #[test]
    fn stop_lists_are_sorted_for_binary_search() {
        for list in [STOP_SV, STOP_EN] {
            let mut sorted = list.to_vec();
            sorted.sort();
            assert_eq!(sorted, list);
        }
    }

    #[test]
    fn tokens_split_on_punctuation_and_lowercase() {
        assert_eq!(
            tokens("HR-direktör, RS 334-2021: Överfallslarm!"),
            ["hr", "direktör", "rs", "334", "2021", "överfallslarm"]
        );
        assert_eq!(tokens("ÅÄÖ åäö"), ["åäö", "åäö"]);
        // Decomposed å (a + ring) and ö (o + diaeresis) become the letters.
        assert_eq!(
            tokens("va\u{30A}rdskada o\u{308}ver"),
            ["vårdskada", "över"]
        );
        assert_eq!(
            tokens(&"x".repeat(MAX_TOKEN_CHARS + 1)),
            Vec::<String>::new()
        );
        assert!(tokens("").is_empty());
    }

    #[test]
    fn swedish_inflections_share_a_stem_or_a_prefix() {
        let forms = terms(Language::Sv, "vårdskada vårdskador vårdskadan");
        assert_eq!(forms[0], "vårdskad");
        assert_eq!(forms[1], "vårdskad");
        // Snowball keeps -an; prefix matching of the query's stem finds it.
        assert!(forms[2].starts_with("vårdskad"));
        let compound = terms(Language::Sv, "patientsäkerhet patientsäkerhetsutbildning");
        assert!(compound[1].starts_with(&compound[0]));
        assert_eq!(
            terms(Language::Sv, "Kompetensförsörjningen"),
            ["kompetensförsörjning"]
        );
    }

    #[test]
    fn stop_words_numbers_and_english() {
        assert_eq!(terms(Language::Sv, "och att Risk 14"), ["risk", "14"]);
        assert_eq!(terms(Language::Sv, "2023a"), ["2023a"]);
        assert_eq!(terms(Language::En, "the running risks"), ["run", "risk"]);
    }
}
