//! The two catalogues `migrate ingress-nginx` works by, as data: the mapping of every nginx
//! annotation and ConfigMap key to the controller (`mapping.yaml`, embedded), and the finding
//! kinds it reports ([`CODES`]).
//!
//! A row says how a key is translated (exact, approximate with what differs, impossible with the
//! alternative), which translator step reads it and what it becomes; the translator looks rows
//! up here and never carries its own list of keys. The tests are generated from the rows'
//! examples, so a row without one fails; the README's tables are generated from both catalogues.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Prefix of ingress-nginx's Ingress annotations.
pub const NGINX_PREFIX: &str = "nginx.ingress.kubernetes.io/";

/// Where a key is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReadFrom {
    /// An Ingress annotation (`nginx.ingress.kubernetes.io/KEY`).
    Annotation,
    /// A key of the nginx controller's ConfigMap (a default for every Ingress).
    Configmap,
}

/// How faithfully ALB reproduces a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Same behaviour.
    Exact,
    /// Translated; `differs` says what changes.
    Approximate,
    /// Dropped; `instead` names the alternative.
    Impossible,
}

/// One row of the mapping.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The key (without the nginx prefix for annotations).
    pub key: String,
    /// Annotation or ConfigMap key.
    pub from: ReadFrom,
    /// Exact, approximate or impossible.
    pub kind: Kind,
    /// The translator step that reads it (`None`: only reported).
    #[serde(default)]
    pub handler: Option<String>,
    /// The controller annotation or field it becomes.
    #[serde(default)]
    pub to: Option<String>,
    /// The finding it produces (exact rows: none).
    #[serde(default)]
    pub code: Option<String>,
    /// What differs on ALB (approximate rows).
    #[serde(default)]
    pub differs: Option<String>,
    /// What to use instead (impossible rows).
    #[serde(default)]
    pub instead: Option<String>,
    /// Annotations (or ConfigMap data) that show the row, for the generated tests.
    #[serde(default)]
    pub example: BTreeMap<String, String>,
    /// The example's path, when the row needs one (regex paths).
    #[serde(default)]
    pub path: Option<String>,
    /// The example needs a TLS host.
    #[serde(default)]
    pub tls: bool,
    /// The example is a canary Ingress beside a main one.
    #[serde(default)]
    pub canary: bool,
    /// Where both sides' behaviour is documented.
    pub source: String,
}

impl Row {
    /// The key as written in manifests (`nginx.ingress.kubernetes.io/KEY`, or the ConfigMap key).
    pub fn full_key(&self) -> String {
        match self.from {
            ReadFrom::Annotation => format!("{NGINX_PREFIX}{}", self.key),
            ReadFrom::Configmap => self.key.clone(),
        }
    }

    /// The explanation a finding carries: what differs, or what to use instead.
    pub fn explanation(&self) -> &str {
        self.differs.as_deref().or(self.instead.as_deref()).unwrap_or_default()
    }
}

/// Every row, in file order.
pub fn rows() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        serde_saphyr::from_str(include_str!("mapping.yaml")).expect("src/migrate/mapping.yaml is valid")
    })
}

/// The row of an annotation key (without prefix) or ConfigMap key.
pub fn find(from: ReadFrom, key: &str) -> Option<&'static Row> {
    rows().iter().find(|r| r.from == from && r.key == key)
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Dropped: ALB cannot do it; the alternative is named.
    Error,
    /// Translated with a difference users can notice.
    Warning,
    /// Said for completeness; behaviour is kept.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`, as the README's code table spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One kind of finding.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Code {
    /// Stable code (`MIG001`).
    pub code: &'static str,
    /// Severity of every finding of this kind.
    pub severity: Severity,
    /// What it is, in a few words.
    pub title: &'static str,
    /// What to do.
    pub action: &'static str,
    /// Only with `--cluster`.
    pub live: bool,
}

macro_rules! codes {
    ($( $code:literal $sev:ident $live:literal $title:literal => $action:literal; )*) => {
        /// Every finding kind, in code order. Codes are stable and never reused.
        pub static CODES: &[Code] = &[
            $( Code { code: $code, severity: Severity::$sev, title: $title, action: $action, live: $live }, )*
        ];
    };
}

codes! {
    "MIG001" Warning false "nginx annotation translated approximately" => "read what differs; test the behaviour on the new ALB before shifting DNS";
    "MIG002" Error false "nginx annotation has no ALB equivalent: dropped" => "use the named alternative (WAF, OIDC, NLB, the application) before cutover";
    "MIG003" Error false "unknown nginx annotation: dropped" => "check the key; nothing in the mapping reads it";
    "MIG004" Warning false "nginx ConfigMap default translated approximately" => "read what differs; it applies to every Ingress nginx served";
    "MIG005" Error false "nginx ConfigMap key has no ALB equivalent: dropped" => "use the named alternative; it applied to every Ingress nginx served";
    "MIG006" Warning false "regex path: nginx matched case-insensitively, ALB matches case-sensitively" => "make sure clients use the path's case, or add the other spellings";
    "MIG007" Warning false "path was a regex in nginx because another Ingress of its host enabled regex" => "nginx matched it as a case-insensitive prefix; the output keeps the prefix, not the case";
    "MIG008" Warning false "HTTP to HTTPS redirect: nginx's 308 per Ingress becomes a 301 for the whole ALB" => "clients that POST over HTTP may switch to GET; send them to HTTPS directly";
    "MIG009" Warning false "canary Ingress merged into its main Ingress" => "delete the canary Ingress with the nginx ones; change weights on the main Ingress's action from now on";
    "MIG010" Error false "canary Ingress without a main Ingress on its host and path" => "nginx ignored it too; add the main Ingress or drop the canary";
    "MIG011" Warning false "allow-list: ALB lets outside clients fall through (404) where nginx answered 403" => "use inbound-cidrs (drops connections) or a WAF IP set if the 403 matters";
    "MIG012" Info false "Ingress of another class left alone" => "nothing: it is not nginx's";
    "MIG013" Info false "health check on / (no readiness probe path found for the backend)" => "ALB marks targets unhealthy unless / answers 200: set alb.ingress.kubernetes.io/healthcheck-path";
    "MIG014" Info false "TLS Secret not used: the controller discovers an ACM certificate for the hosts" => "make sure ACM in the ALB's region has an ISSUED certificate for every host (albctl migrate --cluster checks it)";
    "MIG015" Error true "no ISSUED ACM certificate in the region for a TLS host" => "request or import one in ACM (same region as the cluster) and validate it before cutover";
    "MIG016" Error false "ALB quota exceeded by a group" => "split the group (--group-by host or none) or ask AWS for a higher quota";
    "MIG017" Warning false "host served by more than one ALB" => "one DNS name can point at one ALB: group the Ingresses of the host (--group-by namespace or host)";
    "MIG018" Info false "Ingress split so that group.order reproduces nginx's longest-match order" => "nothing: the parts carry the source's name with a suffix";
    "MIG019" Info false "snippet annotation dropped that nginx ignored too (allow-snippet-annotations is false)" => "nothing: it had no effect";
}

/// The finding kind with this code.
pub fn code(code: &str) -> &'static Code {
    CODES.iter().find(|c| c.code == code).unwrap_or_else(|| panic!("no migrate code {code}"))
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;")
}

/// The finding kinds as a Markdown table (README).
pub fn codes_table() -> String {
    let mut out = String::from("| code | severity | finding | what to do |\n|---|---|---|---|\n");
    for c in CODES {
        let title = if c.live { format!("{} (`--cluster`)", c.title) } else { c.title.to_string() };
        out.push_str(&format!("| {} | {} | {} | {} |\n", c.code, c.severity.as_str(), cell(&title), cell(c.action)));
    }
    out
}

/// The rows counted by source and kind, as a Markdown table (README).
pub fn counts_table() -> String {
    let mut counts: BTreeMap<(ReadFrom, Kind), usize> = BTreeMap::new();
    for r in rows() {
        *counts.entry((r.from, r.kind)).or_default() += 1;
    }
    let n = |f, k| counts.get(&(f, k)).copied().unwrap_or(0);
    let mut out = String::from("| read from | exact | approximate | impossible | rows |\n|---|---|---|---|---|\n");
    for (name, f) in [("Ingress annotation", ReadFrom::Annotation), ("nginx ConfigMap", ReadFrom::Configmap)] {
        let (e, a, i) = (n(f, Kind::Exact), n(f, Kind::Approximate), n(f, Kind::Impossible));
        out.push_str(&format!("| {name} | {e} | {a} | {i} | {} |\n", e + a + i));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_consistent() {
        let mut seen = std::collections::BTreeSet::new();
        for r in rows() {
            assert!(seen.insert((r.from, r.key.clone())), "{} twice", r.key);
            match r.kind {
                Kind::Exact => assert!(r.code.is_none(), "{}: exact rows produce no finding", r.key),
                Kind::Approximate => assert!(r.differs.is_some() && r.code.is_some(), "{}: differs + code", r.key),
                Kind::Impossible => {
                    assert!(r.instead.is_some() && r.code.is_some() && r.handler.is_none(), "{}", r.key)
                }
            }
            if let Some(c) = &r.code {
                let sev = code(c).severity;
                let want = if r.kind == Kind::Impossible { Severity::Error } else { Severity::Warning };
                assert_eq!(sev, want, "{}: {c}", r.key);
            }
            assert!(r.example.contains_key(&r.key) || r.key == "canary", "{}: example sets the key", r.key);
            if r.kind != Kind::Impossible && r.handler.as_deref() != Some("none") {
                assert!(r.handler.is_some(), "{}: a translated row names its handler", r.key);
            }
            if let Some(to) = &r.to {
                let known = to.starts_with("spec.") || crate::lint::catalogue::find(&to.replace('*', "x-y")).is_some();
                assert!(known, "{}: {to} is not a controller annotation", r.key);
            }
        }
    }

    #[test]
    fn codes_are_unique_and_ordered() {
        let codes: Vec<&str> = CODES.iter().map(|c| c.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for r in rows() {
            if let Some(c) = &r.code {
                code(c);
            }
        }
    }

    #[test]
    fn readme_tables_are_generated_from_the_catalogues() {
        let readme = include_str!("../../README.md");
        for (name, table) in [("migrate-codes", codes_table()), ("migrate-rows", counts_table())] {
            let begin = format!("<!-- {name}:begin -->\n");
            let end = format!("<!-- {name}:end -->");
            let start = readme.find(&begin).unwrap_or_else(|| panic!("README lacks {begin}")) + begin.len();
            let stop = readme[start..].find(&end).unwrap_or_else(|| panic!("README lacks {end}")) + start;
            assert_eq!(&readme[start..stop], table, "README's {name} table is stale: run scripts/gen-docs.sh");
        }
    }
}
