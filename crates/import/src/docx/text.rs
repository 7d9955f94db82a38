//! Word's text as Markdown text: invisible and binding characters normalised, and
//! what Markdown would read as syntax escaped, so that the page shows what Word showed.

/// Soft hyphens and zero-width spaces dropped (the site hyphenates itself), non-breaking
/// spaces as spaces, non-breaking hyphens as hyphens: an editor can then find and edit
/// the text in the Markdown as it reads.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\u{ad}' | '\u{200b}' | '\u{feff}' => None,
            '\u{a0}' | '\u{202f}' | '\u{2007}' => Some(' '),
            '\u{2011}' => Some('-'),
            c if c.is_control() && c != '\t' && c != '\n' => None,
            c => Some(c),
        })
        .collect()
}

/// Escapes what is syntax inside a line of Markdown; `|` too in a table cell.
pub fn escape_inline(text: &str, in_table: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '~' => true,
            '|' => in_table,
            // Emphasis with `_` opens and closes only at a word's edge.
            '_' => {
                !prev.is_some_and(char::is_alphanumeric) || !next.is_some_and(char::is_alphanumeric)
            }
            '&' => looks_like_entity(&chars[i + 1..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `&amp;`, `&#160;`: what Markdown would read as a character reference.
fn looks_like_entity(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name > 0 && rest.get(name) == Some(&';')
}

/// Escapes what would start a block at the start of a line: a heading, a quote, a list
/// item, a thematic break or setext underline, a table row.
pub fn escape_line_start(line: &str) -> String {
    let line = line.trim_start();
    let first = line.chars().next();
    if matches!(first, Some('#' | '>' | '-' | '+' | '=' | '|')) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..10).contains(&digits) {
        let (number, rest) = line.split_at(digits);
        if let Some(after) = rest.strip_prefix(['.', ')'])
            && (after.is_empty() || after.starts_with(' '))
        {
            return format!("{number}\\{}", &rest);
        }
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters() {
        assert_eq!(
            clean("upp\u{ad}följning\u{a0}5\u{a0}§ a\u{2011}b"),
            "uppföljning 5 § a-b"
        );
    }

    #[test]
    fn markdown_syntax_is_escaped() {
        assert_eq!(
            escape_inline("a*b* [x] <b> snake_case _x_", false),
            "a\\*b\\* \\[x\\] \\<b> snake_case \\_x\\_"
        );
        assert_eq!(
            escape_inline("a | b &amp; c & d", true),
            "a \\| b \\&amp; c & d"
        );
        assert_eq!(escape_line_start("# rubrik"), "\\# rubrik");
        assert_eq!(escape_line_start("2021. Året"), "2021\\. Året");
        assert_eq!(escape_line_start("2021-03-30"), "2021-03-30");
        assert_eq!(escape_line_start("- punkt"), "\\- punkt");
        assert_eq!(escape_line_start("    kod"), "kod");
    }
}
