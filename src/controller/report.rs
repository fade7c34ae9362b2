//! The controller half's result document (each object with what happened to it) and its text
//! layout.

use serde::Serialize;

use super::decide::TlsSource;
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
    out
}
