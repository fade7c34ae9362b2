//! Finding and deleting albctl's objects for `teardown`: list a kind by label, read one object,
//! delete one by name and uid, wait until one is gone.
//!
//! Kinds are resolved through discovery, so a kind the server does not serve (a CRD that is not
//! installed) lists as empty instead of failing. Forbidden is an
//! error, never "absent": a teardown that cannot see an object must not report it gone.

use std::collections::HashMap;
use std::time::Duration;

use kube::Client;
use kube::api::{Api, ApiResource, DeleteParams, DynamicObject, ListParams, Preconditions, PropagationPolicy};
use kube::core::GroupVersionKind;
use kube::discovery::{ApiCapabilities, Scope, pinned_kind};
use serde_json::Value;
use tokio::time::Instant;

use crate::model::ObjectRef;

const POLL: Duration = Duration::from_millis(500);

/// Reads and deletes objects of any kind; caches discovery per kind.
pub struct Inventory {
    client: Client,
    kinds: HashMap<(String, String), Option<(ApiResource, ApiCapabilities)>>,
}

impl Inventory {
    /// An inventory over this client.
    pub fn new(client: Client) -> Inventory {
        Inventory { client, kinds: HashMap::new() }
    }

    /// The client, for reads that need no discovery.
    pub fn client(&self) -> &Client {
        &self.client
    }

    async fn resolve(
        &mut self,
        api_version: &str,
        kind: &str,
    ) -> anyhow::Result<Option<(ApiResource, ApiCapabilities)>> {
        let key = (api_version.to_string(), kind.to_string());
        if let Some(found) = self.kinds.get(&key) {
            return Ok(found.clone());
        }
        let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
        let found = match pinned_kind(&self.client, &GroupVersionKind::gvk(group, version, kind)).await {
            Ok(found) => Some(found),
            // NB: an API group that is not served answers a plain-text 404, not a NotFound Status.
            Err(kube::Error::Api(s)) if s.is_not_found() || s.code == 404 => None,
            Err(kube::Error::Discovery(_)) => None,
            Err(e) => return Err(anyhow::Error::new(e).context(format!("discovering {api_version} {kind}"))),
        };
        self.kinds.insert(key, found.clone());
        Ok(found)
    }

    fn api(&self, ar: &ApiResource, caps: &ApiCapabilities, namespace: Option<&str>) -> Api<DynamicObject> {
        match (&caps.scope, namespace) {
            (Scope::Namespaced, Some(ns)) => Api::namespaced_with(self.client.clone(), ns, ar),
            _ => Api::all_with(self.client.clone(), ar),
        }
    }

    /// The objects of a kind with these labels (`""`: all), in `namespace` (or every namespace) for a
    /// namespaced kind. `api_versions` are tried in order; the first one served is used.
    /// Each object carries `apiVersion` and `kind`.
    pub async fn list(
        &mut self,
        api_versions: &[&str],
        kind: &str,
        namespace: Option<&str>,
        selector: &str,
    ) -> anyhow::Result<Vec<Value>> {
        for api_version in api_versions {
            let Some((ar, caps)) = self.resolve(api_version, kind).await? else { continue };
            let api = self.api(&ar, &caps, namespace);
            let params =
                if selector.is_empty() { ListParams::default() } else { ListParams::default().labels(selector) };
            let list = api.list(&params).await.map_err(|e| explain(e, &format!("listing {kind} objects")))?;
            return Ok(list
                .items
                .into_iter()
                .map(|o| {
                    let mut v = serde_json::to_value(o).unwrap_or(Value::Null);
                    v["apiVersion"] = Value::String(ar.api_version.clone());
                    v["kind"] = Value::String(ar.kind.clone());
                    v
                })
                .collect());
        }
        Ok(vec![])
    }

    /// One object, if it exists (and its kind is served).
    pub async fn get(&mut self, r: &ObjectRef) -> anyhow::Result<Option<Value>> {
        let Some((ar, caps)) = self.resolve(&r.api_version, &r.kind).await? else { return Ok(None) };
        let api = self.api(&ar, &caps, r.namespace.as_deref());
        let found = api.get_opt(&r.name).await.map_err(|e| explain(e, &format!("reading {}", r.display())))?;
        Ok(found.map(|o| serde_json::to_value(o).unwrap_or(Value::Null)))
    }

    /// Deletes one object (dependents in the background), only if it still has `uid`, so an
    /// object made anew since albctl looked is left alone. `Ok(false)` when it was already gone.
    pub async fn delete(&mut self, r: &ObjectRef, uid: Option<&str>) -> anyhow::Result<bool> {
        let Some((ar, caps)) = self.resolve(&r.api_version, &r.kind).await? else { return Ok(false) };
        let api = self.api(&ar, &caps, r.namespace.as_deref());
        let params = DeleteParams {
            propagation_policy: Some(PropagationPolicy::Background),
            preconditions: uid.map(|uid| Preconditions { uid: Some(uid.to_string()), resource_version: None }),
            ..DeleteParams::default()
        };
        match api.delete(&r.name, &params).await {
            Ok(_) => Ok(true),
            Err(kube::Error::Api(s)) if s.is_not_found() => Ok(false),
            Err(kube::Error::Api(s)) if s.code == 409 => Err(anyhow::anyhow!(
                "{} was replaced after albctl read it ({}); run teardown again to see the new object",
                r.display(),
                s.message
            )),
            // NB: no "deleting ..." prefix here: the executor names the step.
            Err(e) => Err(explain(e, "the API server refused")),
        }
    }

    /// Waits until the object is gone (finalizers done), up to `deadline`.
    pub async fn wait_gone(&mut self, r: &ObjectRef, deadline: Instant) -> anyhow::Result<()> {
        loop {
            let Some(obj) = self.get(r).await? else { return Ok(()) };
            if Instant::now() + POLL > deadline {
                let finalizers = obj["metadata"]["finalizers"].to_string();
                anyhow::bail!(
                    "{} is still terminating (finalizers {finalizers}); if TargetGroupBindings remain, their \
                     finalizers need the controller: delete them (or remove their finalizers), then run teardown again",
                    r.display()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

fn explain(e: kube::Error, what: &str) -> anyhow::Error {
    match &e {
        kube::Error::Api(s) if s.code == 403 => anyhow::anyhow!(
            "{what}: forbidden ({}); teardown needs to list and delete the controller's objects: use an identity \
             with cluster-admin rights",
            s.message
        ),
        kube::Error::Api(s) => anyhow::anyhow!("{what}: {} (HTTP {})", s.message, s.code),
        _ => anyhow::Error::new(e).context(what.to_string()),
    }
}
