//! Audiences: who a build is for. `internal` (the intranet: public and internal
//! documents, sections and rows) and `public` (the public extract: public ones only)
//! exist by default; `audiences:` in styrdok.yaml changes their title, base path, output
//! folder or classifications, or adds others. Restricted material is in no audience.

use super::{Config, read_base_path};
use styrdok_core::model::Classification;
use styrdok_core::yaml;
use styrdok_core::yaml::fields::Reader;

#[derive(Clone, Debug, PartialEq)]
pub struct Audience {
    pub name: String,
    /// The site title for this audience; the site's when not given.
    pub title: Option<String>,
    /// Always starts and ends with `/`; the site's when not given.
    pub base_path: Option<String>,
    /// The output folder below the site root; `public/` when not given.
    pub output: Option<String>,
    /// The classifications its documents, sections and rows may have.
    pub includes: Vec<Classification>,
}

impl Audience {
    fn new(name: &str, includes: &[Classification]) -> Audience {
        Audience {
            name: name.to_string(),
            title: None,
            base_path: None,
            output: None,
            includes: includes.to_vec(),
        }
    }

    /// The output folder below the site root: its `output`, else `public` for the
    /// internal audience, `public-extern` for the public one, `public-NAME` for others.
    pub fn output_dir(&self) -> String {
        match (&self.output, self.name.as_str()) {
            (Some(o), _) => o.clone(),
            (None, INTERNAL) => "public".into(),
            (None, "public") => "public-extern".into(),
            (None, name) => format!("public-{name}"),
        }
    }

    /// Whether this audience sees material of `level`.
    pub fn shows(&self, level: Classification) -> bool {
        level != Classification::Restricted && self.includes.contains(&level)
    }
}

/// The audiences every site has.
pub fn defaults() -> Vec<Audience> {
    use Classification::{Internal, Public};
    vec![
        Audience::new(INTERNAL, &[Public, Internal]),
        Audience::new("public", &[Public]),
    ]
}

/// The audience a build is for when none is named.
pub const INTERNAL: &str = "internal";

impl Config {
    /// The audience named `name`.
    pub fn audience(&self, name: &str) -> Option<&Audience> {
        self.audiences.iter().find(|a| a.name == name)
    }

    /// The configuration as audience `name` sees it (its title and base path), or a
    /// message naming the audiences there are.
    pub fn for_audience(&self, name: &str) -> Result<(Config, Audience), String> {
        let Some(audience) = self.audience(name).cloned() else {
            let names: Vec<&str> = self.audiences.iter().map(|a| a.name.as_str()).collect();
            return Err(format!(
                "there is no audience `{name}`; the audiences are {}",
                names.join(", ")
            ));
        };
        let mut config = self.clone();
        if let Some(t) = &audience.title {
            config.title = t.clone();
        }
        if let Some(b) = &audience.base_path {
            config.base_path = b.clone();
        }
        Ok((config, audience))
    }
}

/// `audiences:`: a mapping of audience names to their settings.
pub fn read(r: &mut Reader, node: &yaml::Node, audiences: &mut Vec<Audience>) {
    let Some(mut fields) = r.mapping(node, "`audiences`") else {
        return;
    };
    for (name, at) in fields.unknown() {
        let Some(entry) = fields.entry(&name) else {
            continue;
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            r.error(
                at,
                format!("an audience name is letters, digits and `-`, found `{name}`"),
            );
            continue;
        }
        let index = match audiences.iter().position(|a| a.name == name) {
            Some(i) => i,
            None => {
                audiences.push(Audience::new(&name, &[Classification::Public]));
                audiences.len() - 1
            }
        };
        read_one(r, entry, &mut audiences[index]);
    }
}

fn read_one(r: &mut Reader, node: &yaml::Node, a: &mut Audience) {
    let context = format!("`audiences.{}`", a.name);
    let Some(mut f) = r.mapping(node, &context) else {
        return;
    };
    if let Some(n) = f.get("title") {
        a.title = r.text(n, "title");
    }
    if let Some(n) = f.get("base_path") {
        a.base_path = read_base_path(r, n).or(a.base_path.take());
    }
    if let Some(n) = f.get("output") {
        a.output = r.text(n, "output").filter(|o| output_ok(r, n, o));
    }
    if let Some(n) = f.get("includes") {
        let mut includes = Vec::new();
        for (word, at) in r.text_list(n, "includes") {
            match Classification::CHOICES.iter().find(|(k, _)| *k == word) {
                Some((_, Classification::Restricted)) => r.error_at(
                    at,
                    "`restricted` material is published to no audience; includes takes public and internal",
                ),
                Some((_, c)) => includes.push(*c),
                None => r.error_at(
                    at,
                    format!("`{word}` is not a classification; includes takes public and internal"),
                ),
            }
        }
        a.includes = includes;
    }
    f.report_unknown(
        r,
        &context,
        true,
        &["title", "base_path", "output", "includes"],
    );
}

/// An output folder is a plain relative path inside the site: never `..`, never absolute.
fn output_ok(r: &mut Reader, n: &yaml::Node, output: &str) -> bool {
    let ok = !output.is_empty()
        && !output.starts_with('/')
        && !output.split(['/', '\\']).any(|p| p == ".." || p == ".")
        && !output.contains(':');
    if !ok {
        r.error(
            n.pos,
            format!(
                "`output` must be a folder inside the site such as public-extern, found `{output}`"
            ),
        );
    }
    ok
}
