//! The YAML parser's messages in an editor's words: what to fix, at the place to fix
//! it, with the parser's own words kept on a second line for whoever searches them.

/// A parser error, retold: the message (advice, then the parser's words on a second
/// line) and its 1-based line and column in the parsed text.
pub struct Explained {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

/// Retells the parser's `words` (already without their position) at `line:column`.
/// Unknown classes keep the parser's words alone.
pub fn explain(text: &str, words: &str, line: u32, column: u32) -> Explained {
    // A tab in the indentation confuses the parser about where the line belongs, so it
    // points at the line before (or at a key further on): report the tab itself.
    if let Some((tab_line, tab_column)) = first_indenting_tab(text) {
        return retold(
            "tab characters are not allowed for indentation in YAML; use spaces",
            words,
            tab_line,
            tab_column,
        );
    }
    let source_line = text.lines().nth(line as usize - 1).unwrap_or("");
    // Indentation is about where the line's key starts: point there.
    let key_column = source_line.chars().take_while(|c| *c == ' ').count() as u32 + 1;
    let indentation = |advice: &str| retold(advice, words, line, key_column);
    let advice = if words.starts_with("mapping values are not allowed") {
        if has_colon_before(source_line, column) {
            "a value holds `: ` without quotes; put the whole value in quotes, e.g. `title: \"Risk: fire\"`".to_string()
        } else {
            return indentation(INDENTATION);
        }
    } else if words.contains("did not find expected '-' indicator") {
        if key_of(source_line) == Some("id") {
            "a new row starts with `- `; put `- ` before `id:`".to_string()
        } else {
            return indentation(INDENTATION);
        }
    } else if words.contains("did not find expected key") {
        return indentation(INDENTATION);
    } else if let Some(key) = words
        .strip_prefix("duplicate mapping key: ")
        .and_then(|rest| rest.split(',').next())
    {
        if key == "id" {
            "`id` twice in one row; a new row starts with `- `, put `- ` before the second `id:`"
                .to_string()
        } else {
            format!("the key `{key}` is given twice here; keep one")
        }
    } else if words.starts_with("unclosed quote") {
        "the quote that opens this value is never closed; end the value with the same quote mark on this line".to_string()
    } else if let Some(bracket) = words.strip_prefix("unclosed bracket '") {
        let open = bracket.chars().next().unwrap_or('[');
        let close = if open == '{' { '}' } else { ']' };
        format!("the `{open}` that opens this value is never closed; end the list with `{close}`")
    } else {
        return Explained {
            message: format!("invalid YAML: {words}"),
            line,
            column,
        };
    };
    retold(&advice, words, line, column)
}

const INDENTATION: &str = "indentation: this key does not line up with the keys above it; in a row every key lines up under `id`, in front matter every key starts the line";

fn retold(advice: &str, words: &str, line: u32, column: u32) -> Explained {
    Explained {
        message: format!("invalid YAML: {advice}\nthe YAML parser says: {words}"),
        line,
        column,
    }
}

/// The first tab among a line's leading blanks (after a `- ` too), as line and column.
fn first_indenting_tab(text: &str) -> Option<(u32, u32)> {
    text.lines().enumerate().find_map(|(i, l)| {
        let column = l
            .chars()
            .take_while(|c| matches!(c, ' ' | '\t' | '-'))
            .position(|c| c == '\t')?;
        Some((i as u32 + 1, column as u32 + 1))
    })
}

/// Whether a `: ` (or a final `:`) comes before the 1-based `column`, after the line's
/// own key: the value itself holds a colon.
fn has_colon_before(line: &str, column: u32) -> bool {
    let before: String = line.chars().take(column as usize - 1).collect();
    let after_key = match before.split_once(": ") {
        Some((_, rest)) => rest,
        None => return false,
    };
    !after_key.trim().is_empty()
}

/// The key a line starts with (after a `- `), if it has one.
fn key_of(line: &str) -> Option<&str> {
    let rest = line.trim_start().trim_start_matches("- ").trim_start();
    let (key, _) = rest.split_once(':')?;
    Some(key.trim())
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    fn error(text: &str) -> (String, u32, u32) {
        let e = parse(text).unwrap_err();
        (e.message, e.line, e.column)
    }

    fn advice(text: &str) -> (String, u32, u32) {
        let (m, line, column) = error(text);
        (m.lines().next().unwrap().to_string(), line, column)
    }

    #[test]
    fn a_tab_is_reported_on_its_own_line() {
        let text = "title: A\ntype: decision\nid: x\nowner: y\ndecided: 2025-01-01\nstatus: decided\n\tdecided_by: z\n";
        let (message, line, column) = error(text);
        assert_eq!(
            message,
            "invalid YAML: tab characters are not allowed for indentation in YAML; use spaces\n\
             the YAML parser says: while scanning a plain scalar, found a tab"
        );
        assert_eq!((line, column), (7, 1));
        assert_eq!(error("- id: a1\n  title: x\n  \tresponsible: y\n").1, 3);
        assert_eq!(error("- id: a1\n  title: x\n  \tresponsible: y\n").2, 3);
    }

    #[test]
    fn a_colon_in_a_value_asks_for_quotes() {
        let (m, line, column) = advice("- id: r1\n  title: Risk: brand\n");
        assert!(m.contains("put the whole value in quotes"), "{m}");
        assert_eq!((line, column), (2, 14));
    }

    #[test]
    fn indentation_says_keys_line_up_under_id() {
        for text in [
            "- id: r1\n  title: x\n   likelihood: 3\n",
            "- id: r1\n  title: x\n likelihood: 3\n",
        ] {
            let (m, line, column) = advice(text);
            assert!(m.contains("lines up under `id`"), "{m}");
            assert_eq!(line, 3);
            assert_eq!(
                column as usize,
                text.lines().nth(2).unwrap().find('l').unwrap() + 1
            );
        }
    }

    #[test]
    fn a_row_without_a_dash_asks_for_one() {
        let (m, line, column) = advice("- id: r1\n  title: x\nid: r2\n  title: y\n");
        assert_eq!(
            m,
            "invalid YAML: a new row starts with `- `; put `- ` before `id:`"
        );
        assert_eq!((line, column), (3, 1));
        let (m, line, _) = advice("- id: r1\n  title: x\n  id: r2\n");
        assert!(m.contains("put `- ` before the second `id:`"), "{m}");
        assert_eq!(line, 3);
    }

    #[test]
    fn unclosed_quotes_and_brackets() {
        let (m, line, column) = advice("title: \"A\nowner: b\n");
        assert!(
            m.contains("quote that opens this value is never closed"),
            "{m}"
        );
        assert_eq!((line, column), (1, 8));
        let (m, line, column) = advice("title: A\nareas: [Arbetsmiljö\n");
        assert!(
            m.contains("`[` that opens this value is never closed"),
            "{m}"
        );
        assert_eq!((line, column), (2, 8));
    }
}
