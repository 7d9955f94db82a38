//! `--into doc.md`: replaces the document's ```risks block with the imported one, or
//! appends a block when it has none. Everything else in the file is kept byte for byte.

/// The document with its risks block's content replaced by `content` (lines ending in
/// `\n`). A document with several risks blocks is refused: which one is meant is unclear.
pub fn replace_block(doc: &str, content: &str) -> Result<String, String> {
    let crlf = doc.contains("\r\n");
    let nl = if crlf { "\r\n" } else { "\n" };
    let lines: Vec<&str> = doc.split_inclusive('\n').collect();
    let mut blocks: Vec<(usize, usize, usize)> = Vec::new(); // (open line, close line, indent)
    let mut i = 0;
    while i < lines.len() {
        let Some((fence, info, indent)) = fence_of(lines[i]) else {
            i += 1;
            continue;
        };
        let close = (i + 1..lines.len()).find(|&j| is_closing(lines[j], &fence));
        let end = close.unwrap_or(lines.len());
        if info.split_whitespace().next() == Some("risks") {
            match close {
                Some(c) => blocks.push((i, c, indent)),
                None => return Err(format!("the risks block at line {} is never closed", i + 1)),
            }
        }
        i = end + 1;
    }
    let indented = |indent: usize| -> String {
        content
            .lines()
            .map(|l| {
                if l.is_empty() {
                    nl.to_string()
                } else {
                    format!("{}{l}{nl}", " ".repeat(indent))
                }
            })
            .collect()
    };
    match blocks.as_slice() {
        [] => {
            let mut out = doc.to_string();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(nl);
            }
            out.push_str(nl);
            out.push_str(&format!("```risks{nl}"));
            out.push_str(&indented(0));
            out.push_str(&format!("```{nl}"));
            Ok(out)
        }
        [(open, close, indent)] => {
            let mut out: String = lines[..=*open].concat();
            out.push_str(&indented(*indent));
            out.push_str(&lines[*close..].concat());
            Ok(out)
        }
        many => Err(format!(
            "the document has {} risks blocks (lines {}); --into replaces a document's only one",
            many.len(),
            many.iter()
                .map(|(o, _, _)| (o + 1).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// An opening fence: (its fence characters, the info string, the indentation).
fn fence_of(line: &str) -> Option<(String, String, usize)> {
    let body = line.trim_end_matches(['\n', '\r']);
    let indent = body.len() - body.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &body[indent..];
    let ch = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = rest.chars().take_while(|c| *c == ch).count();
    if n < 3 {
        return None;
    }
    let info = rest[n..].trim().to_string();
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some((rest[..n].to_string(), info, indent))
}

fn is_closing(line: &str, fence: &str) -> bool {
    let body = line.trim_end_matches(['\n', '\r']);
    let indent = body.len() - body.trim_start_matches(' ').len();
    if indent > 3 {
        return false;
    }
    let rest = body[indent..].trim_end();
    let ch = fence.chars().next().unwrap_or('`');
    rest.chars().all(|c| c == ch) && rest.chars().count() >= fence.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_only_block_and_keeps_the_rest() {
        let doc = "---\ntitle: x\n---\nFöre.\n\n```risks\n- id: 1\n  risk: gammal\n```\n\n```actions\n- action: y\n```\nEfter.\n";
        let out = replace_block(doc, "- id: 2\n  risk: ny\n").unwrap();
        assert_eq!(
            out,
            "---\ntitle: x\n---\nFöre.\n\n```risks\n- id: 2\n  risk: ny\n```\n\n```actions\n- action: y\n```\nEfter.\n"
        );
    }

    #[test]
    fn appends_when_there_is_none_and_keeps_crlf() {
        let out = replace_block("---\r\ntitle: x\r\n---\r\nText", "- id: 1\n").unwrap();
        assert_eq!(
            out,
            "---\r\ntitle: x\r\n---\r\nText\r\n\r\n```risks\r\n- id: 1\r\n```\r\n"
        );
    }

    #[test]
    fn a_risks_block_inside_another_fence_is_not_one() {
        let doc = "````md\n```risks\n- id: 1\n```\n````\n";
        let out = replace_block(doc, "- id: 2\n").unwrap();
        assert!(
            out.starts_with(doc) && out.ends_with("```risks\n- id: 2\n```\n"),
            "{out}"
        );
    }

    #[test]
    fn two_blocks_are_refused() {
        let doc = "```risks\n- id: 1\n```\n```risks\n- id: 2\n```\n";
        assert!(
            replace_block(doc, "")
                .unwrap_err()
                .contains("2 risks blocks")
        );
    }
}
