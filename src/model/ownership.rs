//! Who manages a Kubernetes object, read from the marks tools leave on it (labels,
//! annotations). Pure; shared by the Kubernetes adapter (refusing foreign objects before a
//! write), the controller workflow and teardown.

use serde_json::Value;

use super::{ADOPTED_ANNOTATION, ADOPTED_ROLE_ANNOTATION, MANAGED_BY_LABEL, ROLE_ARN_ANNOTATION};

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

/// The role a ServiceAccount names that albctl adopts (with `adopt`) or adopted before (recorded
/// in [`ADOPTED_ROLE_ANNOTATION`] and still named by the role annotation).
pub fn adopted_role_arn(service_account: Option<&Value>, adopt: bool) -> Option<String> {
    let annotations = service_account?.get("metadata")?.get("annotations")?;
    let named = annotations.get(ROLE_ARN_ANNOTATION).and_then(Value::as_str)?;
    let recorded = annotations.get(ADOPTED_ROLE_ANNOTATION).and_then(Value::as_str);
    (adopt || recorded == Some(named)).then(|| named.to_string())
}

/// Whether a managedFields entry belongs to the Kubernetes control plane (the deployment
/// controller's revision annotation, status writers): those stay with their manager on takeover.
fn is_system_entry(entry: &Value) -> bool {
    let manager = entry.get("manager").and_then(Value::as_str).unwrap_or_default();
    let subresource = entry.get("subresource").and_then(Value::as_str).unwrap_or_default();
    // NB: before Kubernetes 1.22 entries carry no subresource: a status writer's entry is the
    // one that owns nothing but status.
    let status_only =
        entry.get("fieldsV1").and_then(Value::as_object).is_some_and(|f| f.keys().all(|k| k == "f:status" || k == "."));
    !subresource.is_empty() || manager.starts_with("kube-") || status_only
}

/// The managers (besides `to` and the control plane) that own fields of an object.
pub fn foreign_field_managers(managed_fields: &[Value], to: &str) -> Vec<String> {
    let mut out: Vec<String> = managed_fields
        .iter()
        .filter(|e| !is_system_entry(e))
        .filter_map(|e| e.get("manager").and_then(Value::as_str))
        .filter(|m| *m != to)
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The managedFields that hand every field of other (non control-plane) managers to `to`:
/// their entries, client-side (`Update`) and server-side (`Apply`) alike, and `to`'s own are
/// merged into one `Apply` entry of `to`, so that `to`'s next server-side apply removes every
/// field it no longer sets. `None` when no other manager owns a field.
pub fn hand_over_managed_fields(managed_fields: &[Value], to: &str, api_version: &str) -> Option<Vec<Value>> {
    if foreign_field_managers(managed_fields, to).is_empty() {
        return None;
    }
    let (kept, taken): (Vec<&Value>, Vec<&Value>) = managed_fields.iter().partition(|e| is_system_entry(e));
    let mut fields = Value::Object(Default::default());
    for entry in &taken {
        if let Some(f) = entry.get("fieldsV1") {
            merge_field_sets(&mut fields, f);
        }
    }
    let time = taken.iter().filter_map(|e| e.get("time").and_then(Value::as_str)).max().map(str::to_string);
    let mut merged = serde_json::json!({
        "manager": to,
        "operation": "Apply",
        "apiVersion": api_version,
        "fieldsType": "FieldsV1",
        "fieldsV1": fields,
    });
    if let Some(t) = time {
        merged["time"] = Value::String(t);
    }
    let mut out: Vec<Value> = kept.into_iter().cloned().collect();
    out.push(merged);
    Some(out)
}

/// Union of two FieldsV1 sets (nested maps whose leaves are `{}`).
fn merge_field_sets(into: &mut Value, from: &Value) {
    let (Some(into), Some(from)) = (into.as_object_mut(), from.as_object()) else { return };
    for (k, v) in from {
        match into.get_mut(k) {
            Some(existing) => merge_field_sets(existing, v),
            None => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
}

/// The Helm release (name, namespace) an object belongs to, from Helm's annotations.
pub fn helm_release(metadata: &Value) -> Option<(String, String)> {
    let annotations = metadata.get("annotations")?;
    let name = annotations.get("meta.helm.sh/release-name")?.as_str()?;
    let namespace = annotations
        .get("meta.helm.sh/release-namespace")
        .and_then(Value::as_str)
        .or_else(|| metadata.get("namespace").and_then(Value::as_str))
        .unwrap_or("default");
    Some((name.to_string(), namespace.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hand_over_merges_helm_entries_into_one_apply_entry_and_keeps_the_control_plane() {
        let managed = vec![
            json!({"manager": "helm", "operation": "Update", "apiVersion": "apps/v1",
                   "fieldsV1": {"f:metadata": {"f:labels": {"f:helm.sh/chart": {}}}, "f:spec": {"f:replicas": {}}}}),
            json!({"manager": "helm", "operation": "Apply", "apiVersion": "apps/v1",
                   "fieldsV1": {"f:spec": {"f:template": {"f:spec": {"f:hostNetwork": {}}}}}}),
            json!({"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "apps/v1",
                   "fieldsV1": {"f:metadata": {"f:annotations": {"f:deployment.kubernetes.io/revision": {}}}}}),
            json!({"manager": "kubelet", "operation": "Update", "subresource": "status", "fieldsV1": {"f:status": {}}}),
            json!({"manager": "albctl", "operation": "Apply", "apiVersion": "apps/v1",
                   "fieldsV1": {"f:spec": {"f:replicas": {}, "f:paused": {}}}}),
        ];
        assert_eq!(foreign_field_managers(&managed, "albctl"), vec!["helm".to_string()]);
        let out = hand_over_managed_fields(&managed, "albctl", "apps/v1").unwrap();
        assert_eq!(out.len(), 3, "{out:#?}");
        assert_eq!(out[0]["manager"], "kube-controller-manager");
        assert_eq!(out[1]["subresource"], "status");
        let merged = &out[2];
        assert_eq!((merged["manager"].as_str(), merged["operation"].as_str()), (Some("albctl"), Some("Apply")));
        let f = &merged["fieldsV1"];
        assert!(f["f:metadata"]["f:labels"]["f:helm.sh/chart"].is_object());
        assert!(f["f:spec"]["f:template"]["f:spec"]["f:hostNetwork"].is_object());
        assert!(f["f:spec"]["f:replicas"].is_object() && f["f:spec"]["f:paused"].is_object());
        let ours = vec![managed[4].clone(), managed[2].clone()];
        assert!(hand_over_managed_fields(&ours, "albctl", "apps/v1").is_none());
    }

    #[test]
    fn the_adopted_role_is_the_named_one_with_adopt_or_when_recorded() {
        let named = json!({"metadata": {"annotations": {"eks.amazonaws.com/role-arn": "arn:r"}}});
        assert_eq!(adopted_role_arn(Some(&named), true).as_deref(), Some("arn:r"));
        assert_eq!(adopted_role_arn(Some(&named), false), None);
        let recorded = json!({"metadata": {"annotations": {"eks.amazonaws.com/role-arn": "arn:r",
            "albctl.io/adopted-role": "arn:r"}}});
        assert_eq!(adopted_role_arn(Some(&recorded), false).as_deref(), Some("arn:r"));
        let stale = json!({"metadata": {"annotations": {"eks.amazonaws.com/role-arn": "arn:other",
            "albctl.io/adopted-role": "arn:r"}}});
        assert_eq!(adopted_role_arn(Some(&stale), false), None);
        assert_eq!(adopted_role_arn(None, true), None);
    }

    #[test]
    fn helm_release_is_read_from_helm_annotations() {
        let meta = json!({"namespace": "kube-system", "annotations": {"meta.helm.sh/release-name": "lbc",
            "meta.helm.sh/release-namespace": "ops"}});
        assert_eq!(helm_release(&meta), Some(("lbc".into(), "ops".into())));
        assert_eq!(helm_release(&json!({"labels": {}})), None);
    }
}
