//! Writes outside server-side apply, each under its own field manager so that albctl's next
//! apply neither owns nor reverts them: restarting a Deployment (as `kubectl rollout restart`
//! does, by a pod-template annotation) and removing one annotation of an object.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::ServiceAccount;
use kube::Api;
use kube::api::{Patch, PatchParams};
use serde_json::json;

/// Pod-template annotation whose new value rolls a Deployment's pods; it records when and why.
pub const RESTARTED_AT_ANNOTATION: &str = "albctl.io/restarted-at";
/// Pod-template annotation saying why albctl last restarted the controller.
pub const RESTART_REASON_ANNOTATION: &str = "albctl.io/restart-reason";
/// Field manager of the restart patch (kept apart from albctl's apply manager).
const RESTART_MANAGER: &str = "albctl-restart";
/// Field manager of an annotation removal.
const ANNOTATION_MANAGER: &str = "albctl-annotation";

/// Rolls the Deployment's pods: sets the restart annotations of its pod template to `at`
/// (RFC 3339) and `reason`. The caller waits for the rollout.
pub async fn restart_deployment(
    client: kube::Client,
    namespace: &str,
    name: &str,
    at: &str,
    reason: &str,
) -> anyhow::Result<()> {
    let api: Api<Deployment> = Api::namespaced(client, namespace);
    let patch = json!({"spec": {"template": {"metadata": {"annotations": {
        RESTARTED_AT_ANNOTATION: at, RESTART_REASON_ANNOTATION: reason}}}}});
    let params = PatchParams { field_manager: Some(RESTART_MANAGER.into()), ..PatchParams::default() };
    api.patch(name, &params, &Patch::Merge(&patch))
        .await
        .map_err(|e| anyhow::anyhow!("restarting Deployment {namespace}/{name}: {e}"))?;
    Ok(())
}

/// Removes one annotation of a ServiceAccount, whoever set it; an absent one is done.
pub async fn remove_service_account_annotation(
    client: kube::Client,
    namespace: &str,
    name: &str,
    key: &str,
) -> anyhow::Result<()> {
    let api: Api<ServiceAccount> = Api::namespaced(client, namespace);
    let patch = json!({"metadata": {"annotations": {key: null}}});
    let params = PatchParams { field_manager: Some(ANNOTATION_MANAGER.into()), ..PatchParams::default() };
    api.patch(name, &params, &Patch::Merge(&patch))
        .await
        .map_err(|e| anyhow::anyhow!("removing annotation {key} of ServiceAccount {namespace}/{name}: {e}"))?;
    Ok(())
}
