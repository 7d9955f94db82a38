//! Reading one field of a mapping as the model wants it, the same way for front matter
//! and for block rows.

use styrdok_core::model::Located;
use styrdok_core::text::Date;
use styrdok_core::yaml::fields::{Fields, Reader};

pub fn text(r: &mut Reader, f: &mut Fields, key: &str) -> Option<String> {
    f.get(key).and_then(|n| r.text(n, key))
}

pub fn date(r: &mut Reader, f: &mut Fields, key: &str) -> Option<Date> {
    f.get(key).and_then(|n| r.date(n, key))
}

/// A text field with where its value is.
pub fn located(r: &mut Reader, f: &mut Fields, key: &str) -> Option<Located> {
    f.get(key).and_then(|n| {
        let at = r.at(n.pos);
        r.text(n, key).map(|value| Located { value, at })
    })
}

/// A text or list field, each item with where it is.
pub fn list(r: &mut Reader, f: &mut Fields, key: &str) -> Vec<Located> {
    f.get(key)
        .map(|n| r.text_list(n, key))
        .unwrap_or_default()
        .into_iter()
        .map(|(value, at)| Located { value, at })
        .collect()
}
