//! Small HTML helpers registered as template functions. They do in Rust what a macro
//! would do per table cell: on a 10,000-document site these run hundreds of thousands
//! of times, and a minijinja macro call costs many times a function call. Templates can
//! still override any of them by defining a macro of the same name.

use minijinja::value::Value;
use minijinja::{Environment, Error};

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn text(v: &Value, attr: &str) -> Option<String> {
    let a = v.get_attr(attr).ok()?;
    if a.is_none() || a.is_undefined() {
        return None;
    }
    Some(
        a.as_str()
            .map(str::to_string)
            .unwrap_or_else(|| a.to_string()),
    )
}

/// `<time datetime="2023-02-28">28 februari 2023</time>` from a date view.
fn time_tag(date: Value) -> Value {
    match (text(&date, "iso"), text(&date, "text")) {
        (Some(iso), Some(shown)) => Value::from_safe_string(format!(
            "<time datetime=\"{}\">{}</time>",
            escape(&iso),
            escape(&shown)
        )),
        _ => Value::from(""),
    }
}

/// Responsibles as links to their pages, with remarks, comma-separated.
fn responsibles(list: Value) -> Result<Value, Error> {
    let mut out = String::new();
    if list.is_none() || list.is_undefined() {
        return Ok(Value::from(""));
    }
    for (i, r) in list.try_iter()?.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let name = escape(&text(&r, "name").unwrap_or_default());
        match text(&r, "url") {
            Some(url) => out.push_str(&format!("<a href=\"{}\">{name}</a>", escape(&url))),
            None => out.push_str(&name),
        }
        if let Some(remark) = text(&r, "remark") {
            out.push_str(&format!(
                " <span class=\"remark\">({})</span>",
                escape(&remark)
            ));
        }
    }
    Ok(Value::from_safe_string(out))
}

/// One item as text, several as a list.
fn text_list(items: Value) -> Result<Value, Error> {
    if items.is_none() || items.is_undefined() {
        return Ok(Value::from(""));
    }
    let items: Vec<String> = items
        .try_iter()?
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string())
        })
        .collect();
    Ok(Value::from_safe_string(match items.len() {
        0 => String::new(),
        1 => escape(&items[0]),
        _ => {
            let lis: String = items
                .iter()
                .map(|i| format!("<li>{}</li>", escape(i)))
                .collect();
            format!("<ul class=\"cell-list\">{lis}</ul>")
        }
    }))
}

/// The rendered rows of `items` (each one's `row`, see `record-row.html`), each followed
/// by a newline: what `{% for r in items %}{{ r.row }}` and a newline write, in one
/// string of the right size. Record and document tables' rows come as a `RowList`,
/// which holds each row's HTML: a follow-up page of 500 kept rows spent half its time
/// looking up `row` in their values. Any other list (a sorted copy) is read item by item.
fn rows(items: Value) -> Result<Value, Error> {
    if items.is_none() || items.is_undefined() {
        return Ok(Value::from(""));
    }
    if let Some(list) = items.downcast_object_ref::<crate::rows::RowList>() {
        return Ok(Value::from_safe_string(list.html()));
    }
    let rows: Vec<Value> = items
        .try_iter()?
        .map(|item| item.get_attr("row").unwrap_or_default())
        .collect();
    let size = rows
        .iter()
        .map(|r| r.as_str().map_or(0, str::len) + 1)
        .sum();
    let mut out = String::with_capacity(size);
    for row in &rows {
        match row.as_str() {
            Some(html) if row.is_safe() => out.push_str(html),
            Some(text) => out.push_str(&escape(text)),
            None if row.is_none() || row.is_undefined() => {}
            None => out.push_str(&escape(&row.to_string())),
        }
        out.push('\n');
    }
    Ok(Value::from_safe_string(out))
}

/// Status label, and the overdue marker (a word, not only a colour).
fn work_status(record: Value, overdue_label: String) -> Value {
    let mut out = String::new();
    if let (Some(key), Some(label)) = (text(&record, "status_key"), text(&record, "status_label")) {
        out.push_str(&format!(
            "<span class=\"status status-{}\">{}</span>",
            escape(&key),
            escape(&label)
        ));
    }
    if record
        .get_attr("overdue")
        .map(|v| v.is_true())
        .unwrap_or(false)
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!(
            "<strong class=\"overdue\">{}</strong>",
            escape(&overdue_label)
        ));
    }
    Value::from_safe_string(out)
}

/// The score in its band's colour, and the high-risk marker as text.
fn score(record: Value, high_label: String) -> Value {
    let Some(score) = text(&record, "score") else {
        return Value::from("");
    };
    let band = text(&record, "band").unwrap_or_default();
    let mut out = format!(
        "<span class=\"score band-{}\">{}</span>",
        escape(&band),
        escape(&score)
    );
    if record
        .get_attr("highlighted")
        .map(|v| v.is_true())
        .unwrap_or(false)
    {
        out.push_str(&format!(
            " <strong class=\"marker\">{}</strong>",
            escape(&high_label)
        ));
    }
    Value::from_safe_string(out)
}

pub fn register(env: &mut Environment<'static>) {
    env.add_function("time_tag", time_tag);
    env.add_function("responsibles", responsibles);
    env.add_function("text_list", text_list);
    env.add_function("work_status", work_status);
    env.add_function("score", score);
    env.add_function("rows", rows);
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    fn render(src: &str, ctx: Value) -> String {
        let mut env = Environment::new();
        register(&mut env);
        env.render_str(src, ctx).unwrap()
    }

    #[test]
    fn helpers_escape_and_mark() {
        let r = context! {
            responsibles => vec![context!{ name => "A&B", url => "/x/", remark => "r" }, context!{ name => "C" }],
            status_key => "planned", status_label => "Planerad", overdue => true,
            score => 25, band => "high", highlighted => true,
            due => context!{ iso => "2024-01-01", text => "1 januari 2024" },
        };
        assert_eq!(
            render(
                "{{ responsibles(r.responsibles) }}",
                context! { r => r.clone() }
            ),
            "<a href=\"/x/\">A&amp;B</a> <span class=\"remark\">(r)</span>, C"
        );
        assert_eq!(
            render(
                "{{ work_status(r, 'Försenad') }}",
                context! { r => r.clone() }
            ),
            "<span class=\"status status-planned\">Planerad</span> <strong class=\"overdue\">Försenad</strong>"
        );
        assert_eq!(
            render("{{ score(r, 'Hög risk') }}", context! { r => r.clone() }),
            "<span class=\"score band-high\">25</span> <strong class=\"marker\">Hög risk</strong>"
        );
        assert_eq!(
            render("{{ time_tag(r.due) }}", context! { r => r }),
            "<time datetime=\"2024-01-01\">1 januari 2024</time>"
        );
        assert_eq!(render("{{ text_list(['a<']) }}", context! {}), "a&lt;");
    }

    #[test]
    fn rows_writes_what_a_loop_over_the_rows_writes() {
        let items = vec![
            context! { row => Value::from_safe_string("<tr>1</tr>".into()) },
            context! { row => "<b>" },
            context! { other => 1 },
        ];
        // Escaped as the site's templates are.
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        register(&mut env);
        let render = |src: &str, ctx: Value| env.render_str(src, ctx).unwrap();
        let by_loop = render(
            "{% for r in items %}{{ r.row }}\n{% endfor %}",
            context! { items => items.clone() },
        );
        assert_eq!(by_loop, "<tr>1</tr>\n&lt;b&gt;\n\n");
        assert_eq!(render("{{ rows(items) }}", context! { items }), by_loop);
        assert_eq!(render("{{ rows(none) }}", context! {}), "");
    }
}
