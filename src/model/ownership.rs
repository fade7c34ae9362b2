//! Who manages a Kubernetes object, read from the marks tools leave on it (labels,
//! annotations). Pure; shared by the Kubernetes adapter (refusing foreign objects before a
//! write), the controller workflow and teardown.

use serde_json::Value;

use super::{ADOPTED_ANNOTATION, MANAGED_BY_LABEL};

/// Who manages an object, by its labels and annotations, when it is not albctl.
pub fn foreign_manager(metadata: &Value) -> Option<String> {
    let labels = metadata.get("labels").and_then(Value::as_object);
    let annotations = metadata.get("annotations").and_then(Value::as_object);
    let label = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
    if label(MANAGED_BY_LABEL.0) == Some(MANAGED_BY_LABEL.1) {
        return None;
    }
    if let Some(m) = label(MANAGED_BY_LABEL.0) {
        return Some(format!("{m} (label {}={m})", MANAGED_BY_LABEL.0));
    }
    if let Some(release) = annotations.and_then(|a| a.get("meta.helm.sh/release-name")).and_then(Value::as_str) {
        return Some(format!("Helm release {release}"));
    }
    if labels.is_some_and(|l| l.keys().any(|k| k.starts_with("alpha.eksctl.io/") || k.starts_with("eksctl.io/"))) {
        return Some("eksctl".into());
    }
    Some("another tool (no albctl label)".into())
}

/// The tool an object was taken over from, if albctl adopted it rather than created it: the
/// [`ADOPTED_ANNOTATION`] albctl records on takeover, else the marks Helm and eksctl leave that
/// a takeover does not remove (Helm's release annotation, eksctl's labels).
pub fn adopted_from(metadata: &Value) -> Option<String> {
    let annotations = metadata.get("annotations").and_then(Value::as_object);
    let labels = metadata.get("labels").and_then(Value::as_object);
    if let Some(from) = annotations.and_then(|a| a.get(ADOPTED_ANNOTATION)).and_then(Value::as_str) {
        return Some(from.to_string());
    }
    if let Some(release) = annotations.and_then(|a| a.get("meta.helm.sh/release-name")).and_then(Value::as_str) {
        return Some(format!("Helm release {release}"));
    }
    if labels.is_some_and(|l| l.keys().any(|k| k.starts_with("alpha.eksctl.io/") || k.starts_with("eksctl.io/"))) {
        return Some("eksctl".into());
    }
    None
}
