//! Executes the controller half: refuses foreign objects before the first write, then applies
//! in the order the webhooks need, with the waits between.

use base64::Engine as _;
use serde_json::Value;
use tokio::time::Instant;

use super::decide::ServiceAccountDecision;
use super::gateway::GatewayPlan;
use super::gateway::decide::BundleWrite;
use super::report::{ApplyDoc, Takeover};
use super::{ControllerInputs, render};
use crate::error::AlbctlError;
use crate::kube::apply::{Applier, ObjectOutcome, ObjectStatus};
use crate::kube::{connect, wait};
use crate::progress::Progress;

/// The takeovers `--adopt` will make: every object albctl applies that exists and that another
/// tool claims (a `managed-by` label, Helm's annotations) or whose fields another field manager
/// owns, with that previous owner; and the Helm releases they belong to.
pub(super) async fn find_takeovers(
    applier: &mut Applier,
    objects: &[Value],
) -> anyhow::Result<(Vec<Takeover>, Vec<(String, String)>)> {
    let mut takeovers = Vec::new();
    let mut releases: Vec<(String, String)> = Vec::new();
    for obj in objects {
        let Some(existing) = applier.get(obj).await? else { continue };
        let meta = &existing["metadata"];
        let managed = meta["managedFields"].as_array().cloned().unwrap_or_default();
        let others = crate::model::ownership::foreign_field_managers(&managed, crate::model::FIELD_MANAGER);
        let release = crate::model::ownership::helm_release(meta);
        let label = match &release {
            Some((name, namespace)) => Some(format!("Helm release {name} in {namespace}")),
            None => crate::model::ownership::foreign_manager(meta).filter(|m| !m.starts_with("another tool")),
        };
        let from = match (label, others.is_empty()) {
            (None, true) => continue,
            (Some(m), true) => m,
            (Some(m), false) => format!("{m}; field managers {}", others.join(", ")),
            (None, false) => format!("field managers {}", others.join(", ")),
        };
        if let Some(release) = release
            && !releases.contains(&release)
        {
            releases.push(release);
        }
        takeovers.push(Takeover {
            kind: obj["kind"].as_str().unwrap_or_default().to_string(),
            namespace: obj["metadata"]["namespace"].as_str().map(str::to_string),
            name: obj["metadata"]["name"].as_str().unwrap_or_default().to_string(),
            from,
        });
    }
    Ok((takeovers, releases))
}

/// Refuses, before the first write, when an object albctl would apply exists and is managed by
/// a named other tool (Helm, eksctl, a `managed-by` label): a half-applied install that then
/// stops on that object's conflict helps nobody. The ServiceAccount has its own rule
/// (`--override-existing-serviceaccounts`); objects with no manager label keep the apply's own
/// conflict check.
pub(super) async fn refuse_foreign_objects(applier: &mut Applier, objects: &[Value]) -> anyhow::Result<()> {
    for obj in objects.iter().filter(|o| o["kind"] != "ServiceAccount") {
        let Some(existing) = applier.get(obj).await? else { continue };
        let Some(manager) = crate::model::ownership::foreign_manager(&existing["metadata"]) else { continue };
        if manager.starts_with("another tool") {
            continue;
        }
        return Err(AlbctlError::refused(format!(
            "{} {} already exists and is managed by {manager}; albctl does not take over another installation's objects \
             unless asked: rerun with --adopt to take the install over in place (same objects, same webhook certificate), \
             or remove it first (e.g. `helm uninstall aws-load-balancer-controller -n kube-system`)",
            obj["kind"].as_str().unwrap_or_default(),
            obj["metadata"]["name"].as_str().unwrap_or_default()
        )));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn apply_in_order(
    kube: &connect::Kube,
    applier: &mut Applier,
    objects: &[Value],
    inputs: &ControllerInputs<'_>,
    namespace: &str,
    sa_decision: &ServiceAccountDecision,
    gateway: Option<&GatewayPlan>,
    deadline: Instant,
    progress: &Progress,
    doc: &mut ApplyDoc,
) -> anyhow::Result<()> {
    let is = |o: &Value, kinds: &[&str]| kinds.iter().any(|k| o["kind"] == *k);
    let webhooks = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];
    let crds: Vec<&Value> = objects.iter().filter(|o| is(o, &["CustomResourceDefinition"])).collect();
    let middle: Vec<&Value> =
        objects.iter().filter(|o| !is(o, &["CustomResourceDefinition"]) && !is(o, &webhooks)).collect();
    let last: Vec<&Value> = objects.iter().filter(|o| is(o, &webhooks)).collect();

    let bundle = gateway.map(|g| g.bundle.as_slice()).unwrap_or_default();
    let (bundle_crds, bundle_rest): (Vec<_>, Vec<_>) =
        bundle.iter().partition(|w| w.object["kind"] == "CustomResourceDefinition");
    for crd in &crds {
        progress.set(format!("applying {}", crd["metadata"]["name"].as_str().unwrap_or_default()));
        doc.objects.push(applier.apply(crd, false).await?);
    }
    for w in &bundle_crds {
        progress.set(format!("applying {}", w.object["metadata"]["name"].as_str().unwrap_or_default()));
        doc.objects.push(apply_shipped(applier, w).await?);
    }
    let any_crd = !crds.is_empty() || !bundle_crds.is_empty();
    if !inputs.dry_run() && any_crd {
        let names: Vec<String> = crds
            .iter()
            .copied()
            .chain(bundle_crds.iter().map(|w| &w.object))
            .filter_map(|c| c["metadata"]["name"].as_str().map(str::to_string))
            .collect();
        wait::crds_established(kube, &names, deadline, progress).await?;
    }
    for w in &bundle_rest {
        progress.set(format!(
            "applying {} {}",
            w.object["kind"].as_str().unwrap_or_default(),
            w.object["metadata"]["name"]
        ));
        doc.objects.push(apply_shipped(applier, w).await?);
    }
    for class in gateway.map(|g| g.classes.as_slice()).unwrap_or_default() {
        progress.set(format!("applying GatewayClass {}", class.object["metadata"]["name"]));
        doc.objects.push(match class.unchanged {
            true => unchanged(&class.object),
            false => applier.apply(&class.object, false).await?,
        });
    }
    let restart = gateway.and_then(|g| g.doc.restart.as_deref());
    for obj in &middle {
        if let (true, ServiceAccountDecision::KeepForeign { manager }) = (obj["kind"] == "ServiceAccount", sa_decision)
        {
            doc.objects.push(ObjectOutcome::of(
                obj,
                ObjectStatus::Kept,
                format!("managed by {manager}, already annotated with the role; left as is"),
            ));
            continue;
        }
        progress.set(format!("applying {} {}", obj["kind"].as_str().unwrap_or_default(), obj["metadata"]["name"]));
        let take_over = obj["kind"] == "ServiceAccount" && inputs.override_existing_serviceaccounts;
        let mut outcome = applier.apply(obj, take_over).await?;
        if let (true, Some(why), true) = (obj["kind"] == "Deployment", restart, outcome.status.is_change()) {
            outcome.note = Some(format!("restarts the controller: {why}"));
        }
        doc.objects.push(outcome);
    }
    if inputs.service_account_only {
        return Ok(());
    }
    if !inputs.dry_run() {
        wait::controller_ready(
            kube,
            namespace,
            render::DEPLOYMENT_NAME,
            render::WEBHOOK_SERVICE_NAME,
            deadline,
            inputs.timeout,
            progress,
        )
        .await?;
        doc.ready = true;
    }
    for obj in &last {
        progress.set(format!("applying {}", obj["kind"].as_str().unwrap_or_default()));
        doc.objects.push(applier.apply(obj, false).await?);
    }
    Ok(())
}

/// Applies one object of the Gateway API bundle, or reports it unchanged without a request
/// when the plan's read showed every field in place.
async fn apply_shipped(applier: &mut Applier, w: &BundleWrite) -> anyhow::Result<ObjectOutcome> {
    if w.unchanged {
        return Ok(unchanged(&w.object));
    }
    applier.apply_as_shipped(&w.object, w.take_over_from.as_deref()).await
}

fn unchanged(obj: &Value) -> ObjectOutcome {
    let mut outcome = ObjectOutcome::of(obj, ObjectStatus::Unchanged, "");
    outcome.note = None;
    outcome
}

/// Sets every webhook's caBundle (base64 PEM), e.g. to trust old and new CA while rotating.
pub(super) fn set_ca_bundle(obj: &mut Value, pem: &str) {
    let encoded = base64::engine::general_purpose::STANDARD.encode(pem);
    if let Some(hooks) = obj.get_mut("webhooks").and_then(Value::as_array_mut) {
        for hook in hooks {
            if let Some(cc) = hook.get_mut("clientConfig").and_then(Value::as_object_mut) {
                cc.insert("caBundle".into(), Value::String(encoded.clone()));
            }
        }
    }
}
