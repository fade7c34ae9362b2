//! Server-side apply under field manager `albctl`, one object at a time, reporting whether each
//! was created, updated or left unchanged (by resourceVersion), or, in a server-side dry run,
//! what would happen.

use std::collections::HashMap;

use anyhow::Context as _;
use kube::api::{Api, ApiResource, DynamicObject, Patch, PatchParams};
use kube::discovery::{ApiCapabilities, Scope, pinned_kind};
use kube::{Client, core::GroupVersionKind};
use serde::Serialize;
use serde_json::Value;

use crate::model::FIELD_MANAGER;
use crate::model::ownership::{foreign_field_managers, foreign_manager, hand_over_managed_fields};

/// What happened to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectStatus {
    /// The object did not exist and was created.
    Created,
    /// The object existed and albctl's fields in it changed.
    Updated,
    /// Applied with no change (same resourceVersion).
    Unchanged,
    /// Dry run: would be made.
    WouldCreate,
    /// Dry run: would change.
    WouldUpdate,
    /// Left as it is on purpose (e.g. another tool's ServiceAccount that is already right).
    Kept,
    /// Not applied (see the note).
    Skipped,
}

impl ObjectStatus {
    /// Whether this outcome changed, or would change, the cluster.
    pub fn is_change(self) -> bool {
        matches!(
            self,
            ObjectStatus::Created | ObjectStatus::Updated | ObjectStatus::WouldCreate | ObjectStatus::WouldUpdate
        )
    }
}

/// One object's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectOutcome {
    /// Object kind, e.g. `Deployment`.
    pub kind: String,
    /// Namespace for namespaced objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Object name (namespaced objects: without the namespace).
    pub name: String,
    /// What the apply did, or would do in a dry run.
    pub status: ObjectStatus,
    /// Why, where it needs saying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ObjectOutcome {
    /// An outcome for an object without applying it.
    pub fn of(obj: &Value, status: ObjectStatus, note: impl Into<String>) -> ObjectOutcome {
        let (kind, namespace, name) = identity(obj);
        ObjectOutcome { kind, namespace, name, status, note: Some(note.into()) }
    }

    /// `Kind namespace/name`.
    pub fn display_name(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{}", self.kind, self.name),
            None => format!("{} {}", self.kind, self.name),
        }
    }
}

fn identity(obj: &Value) -> (String, Option<String>, String) {
    (
        obj["kind"].as_str().unwrap_or_default().to_string(),
        obj["metadata"]["namespace"].as_str().map(str::to_string),
        obj["metadata"]["name"].as_str().unwrap_or_default().to_string(),
    )
}

/// Applies rendered objects; caches discovery per kind.
pub struct Applier {
    client: Client,
    dry_run: bool,
    adopt: bool,
    kinds: HashMap<(String, String), (ApiResource, ApiCapabilities)>,
}

impl Applier {
    /// An applier; with `dry_run` every write is a server-side dry run.
    pub fn new(client: Client, dry_run: bool) -> Applier {
        Applier { client, dry_run, adopt: false, kinds: HashMap::new() }
    }

    /// Takes over objects another tool installed (`--adopt`): before applying one that another
    /// field manager or a foreign `managed-by` label claims, its managedFields are rewritten to
    /// hand every field of the other managers to albctl, so the apply that follows removes
    /// what albctl does not set (the object is updated in place, never recreated).
    pub fn adopting(mut self, adopt: bool) -> Applier {
        self.adopt = adopt;
        self
    }

    async fn resource(&mut self, obj: &Value) -> anyhow::Result<Option<(ApiResource, ApiCapabilities)>> {
        let api_version = obj["apiVersion"].as_str().context("object without apiVersion")?.to_string();
        let kind = obj["kind"].as_str().context("object without kind")?.to_string();
        let key = (api_version.clone(), kind.clone());
        if let Some(found) = self.kinds.get(&key) {
            return Ok(Some(found.clone()));
        }
        let (group, version) = match api_version.split_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), api_version.clone()),
        };
        let gvk = GroupVersionKind::gvk(&group, &version, &kind);
        match pinned_kind(&self.client, &gvk).await {
            Ok(found) => {
                self.kinds.insert(key, found.clone());
                Ok(Some(found))
            }
            // NB: an API group that is not served yet answers a plain-text 404, not a NotFound Status.
            Err(kube::Error::Api(s)) if s.is_not_found() || s.code == 404 => Ok(None),
            Err(kube::Error::Discovery(_)) => Ok(None),
            Err(e) => Err(anyhow::Error::new(e).context(format!("discovering {api_version} {kind}"))),
        }
    }

    fn api(&self, ar: &ApiResource, caps: &ApiCapabilities, namespace: Option<&str>) -> Api<DynamicObject> {
        match (&caps.scope, namespace) {
            (Scope::Namespaced, Some(ns)) => Api::namespaced_with(self.client.clone(), ns, ar),
            (Scope::Namespaced, None) => Api::default_namespaced_with(self.client.clone(), ar),
            (Scope::Cluster, _) => Api::all_with(self.client.clone(), ar),
        }
    }

    /// The object as it is in the cluster, if it exists. Forbidden is an error, never "absent".
    pub async fn get(&mut self, obj: &Value) -> anyhow::Result<Option<Value>> {
        let Some((ar, caps)) = self.resource(obj).await? else { return Ok(None) };
        let (kind, namespace, name) = identity(obj);
        let api = self.api(&ar, &caps, namespace.as_deref());
        match api.get_opt(&name).await {
            Ok(found) => Ok(found.map(|o| serde_json::to_value(o).unwrap_or(Value::Null))),
            Err(e) => Err(anyhow::Error::new(e).context(format!("reading {kind} {name}"))),
        }
    }

    /// Server-side applies one object. `take_over` forces ownership of an object another tool
    /// manages; objects albctl manages (or new ones) are always forced.
    pub async fn apply(&mut self, obj: &Value, take_over: bool) -> anyhow::Result<ObjectOutcome> {
        let (kind, namespace, name) = identity(obj);
        let api = match self.served_api(obj).await? {
            Ok(api) => api,
            Err(unserved) => return Ok(unserved),
        };
        let before = api.get_opt(&name).await.with_context(|| format!("reading {kind} {name}"))?;
        let foreign =
            before.as_ref().and_then(|b| foreign_manager(&serde_json::to_value(&b.metadata).unwrap_or_default()));
        let took_over = match (&before, self.adopt) {
            (Some(b), true) => self.hand_over(&api, b, obj, foreign.as_deref()).await?,
            _ => None,
        };
        // NB: skip the write when the cluster already holds every field albctl sets: a converged
        // re-run then makes no write at all (and v1.20 bumps resourceVersion on the first no-op
        // apply after a create, which a skipped write also avoids).
        if let (Some(b), None, None) = (&before, &foreign, &took_over)
            && contains(&serde_json::to_value(b).unwrap_or_default(), obj)
        {
            return Ok(ObjectOutcome { kind, namespace, name, status: ObjectStatus::Unchanged, note: None });
        }
        let mut params = PatchParams::apply(FIELD_MANAGER);
        if foreign.is_none() || take_over || self.adopt {
            params = params.force();
        }
        if self.dry_run {
            params = params.dry_run();
        }
        let after = api.patch(&name, &params, &Patch::Apply(obj)).await.map_err(|e| match &e {
            kube::Error::Api(s) if s.code == 409 => anyhow::anyhow!(
                "{kind} {name} is managed by {}: applying it conflicts with that manager's fields ({}); \
                 remove the other installation (e.g. `helm uninstall`) or let albctl own the object",
                foreign.clone().unwrap_or_else(|| "another field manager".into()),
                s.message
            ),
            kube::Error::Api(s) if s.code == 422 && s.message.contains("immutable") => anyhow::anyhow!(
                "applying {kind} {name}: {} (HTTP 422); a field that cannot change differs: delete {kind} {name} and rerun so albctl recreates it",
                s.message
            ),
            kube::Error::Api(s) => anyhow::anyhow!("applying {kind} {name}: {} (HTTP {})", s.message, s.code),
            _ => anyhow::anyhow!("applying {kind} {name}: {e}"),
        })?;
        let after = match (&took_over, self.dry_run) {
            (Some(_), false) => self.keep_list_order(&api, obj, after).await?,
            _ => after,
        };
        let status = applied_status(before.as_ref(), &after, self.dry_run);
        let note = match (foreign, take_over, took_over) {
            (_, _, Some(from)) => Some(format!("taken over from {from}")),
            (Some(m), true, _) => Some(format!("taken over from {m}")),
            _ => None,
        };
        Ok(ObjectOutcome { kind, namespace, name, status, note })
    }
}

impl Applier {
    /// Server-side applies an object albctl applies as another project ships it (the Gateway
    /// API bundle), whose ownership is judged by its field managers rather than by albctl's
    /// label: the caller has decided it may be written (new, albctl's alone, or, with
    /// `take_over_from`, taken over from those field managers under `--adopt`). An object that
    /// already holds every field is not written.
    pub async fn apply_as_shipped(
        &mut self,
        obj: &Value,
        take_over_from: Option<&str>,
    ) -> anyhow::Result<ObjectOutcome> {
        let (kind, namespace, name) = identity(obj);
        let api = match self.served_api(obj).await? {
            Ok(api) => api,
            Err(unserved) => return Ok(unserved),
        };
        let before = api.get_opt(&name).await.with_context(|| format!("reading {kind} {name}"))?;
        if let (Some(b), None) = (&before, take_over_from)
            && contains(&serde_json::to_value(b).unwrap_or_default(), obj)
        {
            return Ok(ObjectOutcome { kind, namespace, name, status: ObjectStatus::Unchanged, note: None });
        }
        if let (Some(b), Some(_)) = (&before, take_over_from) {
            self.hand_over(&api, b, obj, None).await?;
        }
        let mut params = PatchParams::apply(FIELD_MANAGER).force();
        if self.dry_run {
            params = params.dry_run();
        }
        let after = api
            .patch(&name, &params, &Patch::Apply(obj))
            .await
            .map_err(|e| anyhow::anyhow!("applying {kind} {name}: {e}"))?;
        let status = applied_status(before.as_ref(), &after, self.dry_run);
        let note = take_over_from.map(|m| format!("taken over from field managers {m} (--adopt)"));
        Ok(ObjectOutcome { kind, namespace, name, status, note })
    }
}

impl Applier {
    /// The API for the object's kind; `Err` is the outcome of a dry run whose kind the server
    /// does not serve yet (its CRD is applied earlier in the same run, so nothing validates it).
    /// Outside a dry run an unserved kind is an error.
    async fn served_api(&mut self, obj: &Value) -> anyhow::Result<Result<Api<DynamicObject>, ObjectOutcome>> {
        let (kind, namespace, _) = identity(obj);
        let Some((ar, caps)) = self.resource(obj).await? else {
            if self.dry_run {
                let outcome =
                    ObjectOutcome::of(obj, ObjectStatus::WouldCreate, "its CRD is not installed yet: not validated");
                return Ok(Err(outcome));
            }
            anyhow::bail!("the API server does not serve {} {kind}; is its CRD installed?", obj["apiVersion"]);
        };
        Ok(Ok(self.api(&ar, &caps, namespace.as_deref())))
    }

    /// Hands the fields of other managers to albctl (see [`Applier::adopting`]); who had them,
    /// or `None` when the object is albctl's alone. In a dry run nothing is written.
    async fn hand_over(
        &self,
        api: &Api<DynamicObject>,
        before: &DynamicObject,
        obj: &Value,
        foreign: Option<&str>,
    ) -> anyhow::Result<Option<String>> {
        let (kind, _, name) = identity(obj);
        let meta = serde_json::to_value(&before.metadata).unwrap_or_default();
        let managed = meta["managedFields"].as_array().cloned().unwrap_or_default();
        let others = foreign_field_managers(&managed, FIELD_MANAGER);
        if foreign.is_none() && others.is_empty() {
            return Ok(None);
        }
        let from = match (foreign, others.is_empty()) {
            (Some(m), true) => m.to_string(),
            (Some(m), false) => format!("{m}; field managers {}", others.join(", ")),
            (None, _) => format!("field managers {}", others.join(", ")),
        };
        let api_version = obj["apiVersion"].as_str().unwrap_or_default();
        if let (Some(fields), false) = (hand_over_managed_fields(&managed, FIELD_MANAGER, api_version), self.dry_run) {
            // NB: the resourceVersion makes this a compare-and-swap: a write in between fails
            // with 409 instead of being overwritten with stale ownership.
            let patch = serde_json::json!({"metadata": {
                "managedFields": fields,
                "resourceVersion": before.metadata.resource_version,
            }});
            let params = PatchParams { field_manager: Some(FIELD_MANAGER.into()), ..PatchParams::default() };
            api.patch(&name, &params, &Patch::Merge(&patch))
                .await
                .map_err(|e| anyhow::anyhow!("taking over the fields of {kind} {name} from {from}: {e}"))?;
        }
        Ok(Some(from))
    }
}

impl Applier {
    /// After a takeover, puts the webhooks of a webhook configuration in the order albctl renders
    /// them: server-side apply keeps the order of the items that were already there and appends
    /// new ones, and mutating webhooks run in list order. One strategic-merge patch with
    /// `$setElementOrder` (the list's merge key is `name`), only when the order differs.
    async fn keep_list_order(
        &self,
        api: &Api<DynamicObject>,
        obj: &Value,
        after: DynamicObject,
    ) -> anyhow::Result<DynamicObject> {
        let names = |v: &Value| -> Vec<Value> {
            v["webhooks"].as_array().map(|l| l.iter().map(|w| w["name"].clone()).collect()).unwrap_or_default()
        };
        let wanted = names(obj);
        if wanted.is_empty() || names(&after.data) == wanted {
            return Ok(after);
        }
        let (kind, _, name) = identity(obj);
        let order: Vec<Value> = wanted.into_iter().map(|n| serde_json::json!({"name": n})).collect();
        let patch = serde_json::json!({"$setElementOrder/webhooks": order});
        let params = PatchParams { field_manager: Some(FIELD_MANAGER.into()), ..PatchParams::default() };
        api.patch(&name, &params, &Patch::Strategic(&patch))
            .await
            .map_err(|e| anyhow::anyhow!("ordering the webhooks of {kind} {name}: {e}"))
    }
}

/// Whether `existing` holds every field of `desired` with the same value (the server may add
/// defaults; lists must match element by element). Numbers compare by value.
pub fn contains(existing: &Value, desired: &Value) -> bool {
    match (existing, desired) {
        (Value::Object(e), Value::Object(d)) => d.iter().all(|(k, dv)| e.get(k).is_some_and(|ev| contains(ev, dv))),
        (Value::Array(e), Value::Array(d)) => e.len() == d.len() && e.iter().zip(d).all(|(ev, dv)| contains(ev, dv)),
        (Value::Number(e), Value::Number(d)) => e.as_f64() == d.as_f64(),
        (e, d) => e == d,
    }
}

/// The object without server bookkeeping, to compare a dry-run result with what exists.
/// What an apply did, from the object before it and the API server's answer: a real write that
/// kept the resourceVersion changed nothing; a dry run compares the objects.
fn applied_status(before: Option<&DynamicObject>, after: &DynamicObject, dry_run: bool) -> ObjectStatus {
    match (before, dry_run) {
        (None, false) => ObjectStatus::Created,
        (None, true) => ObjectStatus::WouldCreate,
        (Some(b), false) if b.metadata.resource_version == after.metadata.resource_version => ObjectStatus::Unchanged,
        (Some(_), false) => ObjectStatus::Updated,
        (Some(b), true) if comparable(b) == comparable(after) => ObjectStatus::Unchanged,
        (Some(_), true) => ObjectStatus::WouldUpdate,
    }
}

fn comparable(obj: &DynamicObject) -> Value {
    let mut v = serde_json::to_value(obj).unwrap_or_default();
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        for key in ["managedFields", "resourceVersion", "generation", "uid", "creationTimestamp"] {
            meta.remove(key);
        }
    }
    if let Some(map) = v.as_object_mut() {
        map.remove("status");
    }
    v
}

#[cfg(test)]
mod tests {
    use super::contains;
    use serde_json::json;

    #[test]
    fn contains_allows_server_defaults_but_not_changes() {
        let desired = json!({"spec": {"replicas": 2, "ports": [{"port": 443}]}, "metadata": {"labels": {"a": "1"}}});
        let existing = json!({"spec": {"replicas": 2, "ports": [{"port": 443, "protocol": "TCP"}], "paused": false},
            "metadata": {"labels": {"a": "1", "b": "2"}, "resourceVersion": "7"}});
        assert!(contains(&existing, &desired));
        let changed = json!({"spec": {"replicas": 3, "ports": [{"port": 443}]}, "metadata": {"labels": {"a": "1"}}});
        assert!(!contains(&existing, &changed));
        let extra_port = json!({"spec": {"replicas": 2, "ports": [{"port": 443}, {"port": 80}]}});
        assert!(!contains(&existing, &extra_port));
    }
}
