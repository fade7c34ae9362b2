//! Lint's three renderings of a [`Report`]: text like a compiler's (grouped by file,
//! `file:line` first), the JSON document (`-o json|yaml`), and SARIF 2.1.0 for code scanning
//! (one result per finding, rule ids = codes, each with a physical location). Pure.

use serde::Serialize;
use serde_json::{Value, json};

use super::catalogue::{CHECKS, Severity};
use super::{Finding, Report, Source};
use crate::output::Style;

/// The JSON/YAML document (a `schema_version` is added by the printer).
#[derive(Debug, Serialize)]
pub struct LintDoc<'a> {
    /// What was linted.
    pub source: Value,
    /// Findings by severity, and how many objects were read, judged and skipped.
    pub summary: Summary,
    /// Every finding, sorted by file, line and code.
    pub findings: &'a [Finding],
}

/// Counts of a run.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Objects read, of every kind, before selection.
    pub objects: usize,
    /// Objects the controller handles, which lint checked.
    pub judged: usize,
    /// Objects skipped (not the controller's).
    pub skipped: usize,
}

fn source_json(source: &Source) -> Value {
    match source {
        Source::Files(paths) => json!({ "files": paths }),
        Source::Cluster { name, region } => json!({ "cluster": name, "region": region }),
    }
}

/// The document for `-o json|yaml`.
pub fn document(report: &Report) -> LintDoc<'_> {
    LintDoc {
        source: source_json(&report.source),
        summary: Summary {
            errors: report.errors(),
            warnings: report.warnings(),
            objects: report.objects,
            judged: report.judged,
            skipped: report.skipped.len(),
        },
        findings: &report.findings,
    }
}

/// Text: one line per finding, `file:line: severity[CODE]: message`, the object and key under it,
/// then the suggestion; files separated by a blank line; a summary line last. With `verbose`,
/// the skipped objects are listed too.
pub fn text(report: &Report, style: Style, verbose: bool) -> String {
    let mut out = String::new();
    let mut file: Option<&str> = None;
    for f in &report.findings {
        if file.is_some_and(|prev| prev != f.file) {
            out.push('\n');
        }
        file = Some(&f.file);
        let at = match f.line {
            Some(line) => format!("{}:{line}", f.file),
            None => f.file.clone(),
        };
        let label = match f.severity {
            Severity::Error => style.red(&format!("error[{}]", f.code)),
            Severity::Warning => style.yellow(&format!("warning[{}]", f.code)),
        };
        out.push_str(&format!("{}: {label}: {}\n", style.bold(&at), f.message));
        out.push_str(&format!(
            "    {}\n",
            style.dim(&format!("{} {}/{}, {}", f.object.kind, f.object.namespace, f.object.name, f.key))
        ));
        if let Some(s) = &f.suggestion {
            out.push_str(&format!("    help: {s}\n"));
        }
    }
    if verbose && !report.skipped.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        for (object, why) in &report.skipped {
            out.push_str(&format!("skipped {object}: {why}\n"));
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    out.push_str(&format!(
        "{}, {} in {} judged ({} read, {} skipped{})\n",
        plural(report.errors(), "error"),
        plural(report.warnings(), "warning"),
        plural(report.judged, "object"),
        report.objects,
        report.skipped.len(),
        if verbose || report.skipped.is_empty() { "" } else { "; -v lists them" },
    ));
    out
}

/// The SARIF 2.1.0 log.
pub fn sarif(report: &Report) -> Value {
    let rules: Vec<Value> = CHECKS
        .iter()
        .map(|c| {
            json!({
                "id": c.code,
                "name": rule_name(c.title),
                "shortDescription": { "text": c.title },
                "fullDescription": { "text": format!("{}: {}", c.title, c.effect) },
                "defaultConfiguration": { "level": level(c.severity) },
                "help": { "text": c.effect },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let rule_index = CHECKS.iter().position(|c| c.code == f.code).unwrap_or_default();
            let text = match &f.suggestion {
                Some(s) => format!("{} ({})", f.message, s),
                None => f.message.clone(),
            };
            // NB: code scanning wants a region on every result; a live object has no file, so
            // its address stands in for the file and line 1 for the line.
            json!({
                "ruleId": f.code,
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifact_uri(&f.file) },
                        "region": { "startLine": f.line.unwrap_or(1) },
                    },
                    "logicalLocations": [{
                        "name": f.object.name,
                        "fullyQualifiedName": format!("{}/{}/{}", f.object.kind, f.object.namespace, f.object.name),
                        "kind": "object",
                    }],
                }],
                "properties": { "key": f.key },
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "albctl",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// `unknown annotation under ...` -> `UnknownAnnotationUnder...` (SARIF's rule name).
pub fn rule_name(title: &str) -> String {
    title
        .replace('\'', "")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// A repository-relative URI for a path as given (`./k8s/a.yaml` -> `k8s/a.yaml`); absolute paths
/// under the working directory are made relative to it.
pub fn artifact_uri(file: &str) -> String {
    if file.contains("://") {
        return file.to_string();
    }
    let path = std::path::Path::new(file);
    let relative = std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.to_path_buf()));
    let shown = relative.as_deref().unwrap_or(path).to_string_lossy().replace('\\', "/");
    let shown = shown.trim_start_matches("./").to_string();
    shown.split('/').map(|seg| seg.replace('%', "%25").replace(' ', "%20")).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_and_uris() {
        assert_eq!(rule_name("invalid IngressGroup name"), "InvalidIngressGroupName");
        assert_eq!(rule_name("the controller's prefixes"), "TheControllersPrefixes");
        assert_eq!(artifact_uri("./k8s/my app.yaml"), "k8s/my%20app.yaml");
        assert_eq!(artifact_uri("kubernetes://c/ns/Ingress/a"), "kubernetes://c/ns/Ingress/a");
    }
}
