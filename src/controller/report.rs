//! The controller half's result document (each object with what happened to it) and its text
//! layout.

use serde::Serialize;

use super::decide::TlsSource;
use super::gateway::GatewayDoc;
use crate::kube::apply::{ObjectOutcome, ObjectStatus};
use crate::output::Style;

/// Result document of the controller half.
#[derive(Debug, Serialize)]
pub struct ApplyDoc {
    /// Kubernetes server version.
    pub server_version: String,
    /// `apply` or `dry-run`.
    pub mode: &'static str,
    /// Webhook TLS source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_tls: Option<TlsSource>,
    /// Per-object outcomes in apply order.
    pub objects: Vec<ObjectOutcome>,
    /// Whether the controller was seen ready.
    pub ready: bool,
    /// Whether anything changed (or would).
    pub changed: bool,
    /// Objects taken over from another tool (`--adopt`), each with its previous owner.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub takeovers: Vec<Takeover>,
    /// Helm releases that tracked the objects taken over.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub helm_releases: Vec<HelmRelease>,
    /// Things the user should know (e.g. a Helm release that still tracks the objects).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The Gateway API part: mode, what the controller will detect, what was left alone and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway: Option<GatewayDoc>,
}

/// One object taken over from another tool.
#[derive(Debug, Clone, Serialize)]
pub struct Takeover {
    /// Object kind, e.g. `Deployment`.
    pub kind: String,
    /// Namespace for namespaced objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Object name (namespaced objects: without the namespace).
    pub name: String,
    /// The previous owner (label, Helm release, field managers).
    pub from: String,
}

impl Takeover {
    /// `Kind namespace/name`.
    pub fn display_name(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{}", self.kind, self.name),
            None => format!("{} {}", self.kind, self.name),
        }
    }
}

/// A Helm release whose objects albctl took over.
#[derive(Debug, Clone, Serialize)]
pub struct HelmRelease {
    /// From the objects' `meta.helm.sh/release-name` annotation.
    pub name: String,
    /// `meta.helm.sh/release-namespace` (else the object's, else `default`); its records live there.
    pub namespace: String,
    /// Its record Secrets (`sh.helm.release.v1.<name>.v<N>`).
    pub records: Vec<String>,
    /// Whether the records were (or, in a dry run, would be) deleted (`--forget-helm-release`).
    pub forgotten: bool,
}

/// Text rendering of the controller half.
pub fn render_text(doc: &ApplyDoc, style: Style) -> String {
    let mut out = format!("Kubernetes {} ({})\n", doc.server_version, doc.mode);
    match &doc.webhook_tls {
        Some(TlsSource::Reused) => out.push_str("webhook certificate: reused from the cluster's Secret\n"),
        Some(TlsSource::CertManager) => out.push_str("webhook certificate: issued by cert-manager\n"),
        Some(TlsSource::Generated { reason }) => out.push_str(&format!("webhook certificate: new ({reason})\n")),
        None => {}
    }
    for t in &doc.takeovers {
        let word = if doc.mode == "dry-run" { "take over" } else { "took over" };
        out.push_str(&format!(
            "{} {} {}  {}\n",
            style.yellow(">"),
            style.yellow(word),
            t.display_name(),
            style.dim(&format!("(from {})", t.from))
        ));
    }
    for r in &doc.helm_releases {
        let word = match (r.forgotten, doc.mode == "dry-run") {
            (true, true) => "delete the records of",
            (true, false) => "deleted the records of",
            (false, _) => "left the records of",
        };
        out.push_str(&format!(
            "{} {word} Helm release {}/{} ({})\n",
            style.yellow("-"),
            r.namespace,
            r.name,
            r.records.join(", ")
        ));
    }
    for o in &doc.objects {
        let (mark, word) = match o.status {
            ObjectStatus::Created => (style.green("+"), style.green("created  ")),
            ObjectStatus::Updated => (style.yellow("~"), style.yellow("updated  ")),
            ObjectStatus::WouldCreate => (style.green("+"), style.green("create   ")),
            ObjectStatus::WouldUpdate => (style.yellow("~"), style.yellow("update   ")),
            ObjectStatus::Unchanged => ("=".into(), style.dim("unchanged")),
            ObjectStatus::Kept => ("=".into(), style.dim("kept     ")),
            ObjectStatus::Skipped => ("-".into(), style.dim("skipped  ")),
        };
        out.push_str(&format!("{mark} {word} {}", o.display_name()));
        if let Some(note) = &o.note {
            out.push_str(&format!("  {}", style.dim(&format!("({note})"))));
        }
        out.push('\n');
    }
    let count = |pred: fn(ObjectStatus) -> bool| doc.objects.iter().filter(|o| pred(o.status)).count();
    let (created, updated) = if doc.mode == "dry-run" { ("to create", "to update") } else { ("created", "updated") };
    out.push_str(&format!(
        "{} {created}, {} {updated}, {} unchanged{}\n",
        count(|s| matches!(s, ObjectStatus::Created | ObjectStatus::WouldCreate)),
        count(|s| matches!(s, ObjectStatus::Updated | ObjectStatus::WouldUpdate)),
        count(|s| matches!(s, ObjectStatus::Unchanged | ObjectStatus::Kept)),
        if doc.ready { "; controller ready" } else { "" }
    ));
    if let Some(g) = &doc.gateway {
        out.push_str(&render_gateway(g, doc.mode == "dry-run", style));
    }
    for w in &doc.warnings {
        out.push_str(&format!("{} {w}\n", style.yellow("warning:")));
    }
    out
}

/// The Gateway API part in text: one line of state, then what was left alone and the notes.
fn render_gateway(g: &GatewayDoc, dry_run: bool, style: Style) -> String {
    let from = match g.mode_from {
        super::gateway::decide::ModeSource::Flag => "",
        super::gateway::decide::ModeSource::LastRun => ", the last run's choice",
        super::gateway::decide::ModeSource::Default => ", the default",
    };
    let gates: Vec<String> = g.gates.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut out = format!(
        "Gateway API (--gateway-api {}{from}): support {}; Gateway API CRDs found {}; gates {}\n",
        g.mode.as_str(),
        g.support,
        g.standard_crds,
        gates.join(",")
    );
    if let Some(b) = &g.bundle {
        out.push_str(&format!("  bundle: {b}\n"));
    }
    for line in &g.left_alone {
        out.push_str(&format!("  {} left alone: {line}\n", style.yellow("!")));
    }
    if let Some(r) = &g.restart {
        let word = if dry_run { "would restart the controller" } else { "restarted the controller" };
        out.push_str(&format!("  {} {word}: {r}\n", style.yellow("~")));
    }
    for n in &g.notes {
        out.push_str(&format!("  {n}\n"));
    }
    out
}
