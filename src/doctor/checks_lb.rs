//! Checks of the load balancers the controller made and the objects that own them (pure):
//! orphans, objects stuck on a controller finalizer, reconcile failures from events, and
//! Ingresses whose class does not exist.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Verdict;
use super::facts::Facts;
use crate::inventory::{self, AwsObserved, FinalizerHolder, KubeObserved, finalizer_holders, ingress_class_of};
use crate::model::{LBC_GROUP_FINALIZER_PREFIX, LBC_INGRESS_STACK_TAG, LBC_SERVICE_STACK_TAG};

/// Event reasons the controller emits on reconcile failures (pkg/k8s/events.go).
const FAILURE_REASONS: &[&str] = &[
    "FailedBuildModel",
    "FailedDeployModel",
    "FailedAddFinalizer",
    "FailedRemoveFinalizer",
    "FailedUpdateStatus",
    "FailedCleanupStatus",
    "FailedLoadGroupID",
    "FailedReconcile",
    "FailedCleanup",
    "BackendNotFound",
    "FailedNetworkReconcile",
];
const KINDS: &[&str] = &["Ingress", "Service", "TargetGroupBinding"];
const DEFAULT_CLASS_ANNOTATION: &str = "ingressclass.kubernetes.io/is-default-class";

fn both(facts: &Facts) -> Result<(&AwsObserved, &KubeObserved), String> {
    Ok((facts.aws.load_balancers.get()?, facts.kube.lb_objects.get()?))
}

/// LB001.
pub fn no_orphans(facts: &Facts) -> Verdict {
    let (aws, kube) = match both(facts) {
        Ok(v) => v,
        Err(why) => return Verdict::skipped(why),
    };
    let inv = inventory::inventory(&facts.target.cluster, aws, kube);
    let counts = format!(
        "{} load balancer(s), {} target group(s), {} security group(s) tagged elbv2.k8s.aws/cluster={}",
        inv.load_balancers.len(),
        inv.target_groups.len(),
        inv.security_groups.len(),
        facts.target.cluster
    );
    let orphans = inv.orphan_names();
    if orphans.is_empty() {
        return Verdict::pass(format!("{counts}; every owner exists"));
    }
    Verdict::fail(format!("{counts}; orphaned (still in AWS, still billed): {}", orphans.join("; ")))
}

fn controller_available(facts: &Facts) -> Result<bool, String> {
    Ok(facts
        .kube
        .deployment
        .get()?
        .as_ref()
        .is_some_and(|d| d["status"]["availableReplicas"].as_i64().unwrap_or(0) > 0))
}

/// Whether any AWS resource tagged for the object's stack (or its target group) still exists.
fn stack_remains(h: &FinalizerHolder, aws: &AwsObserved, cluster: &str) -> bool {
    let id = format!("{}/{}", h.namespace, h.name);
    let stacks: Vec<(&str, String)> = match h.kind.as_str() {
        "Ingress" => h
            .finalizers
            .iter()
            .map(|f| {
                (LBC_INGRESS_STACK_TAG, f.strip_prefix(LBC_GROUP_FINALIZER_PREFIX).map_or(id.clone(), str::to_string))
            })
            .collect(),
        "Service" => vec![(LBC_SERVICE_STACK_TAG, id)],
        "Gateway" => h
            .finalizers
            .iter()
            .filter_map(|f| crate::model::gateway::stack_tag_of_finalizer(f))
            .map(|tag| (tag, id.clone()))
            .collect(),
        "TargetGroupBinding" => {
            return h.target_group_arn.as_ref().is_some_and(|arn| aws.target_groups.iter().any(|t| &t.arn == arn));
        }
        // NB: a GatewayClass or a Gateway configuration owns no AWS resource.
        _ => return false,
    };
    let tagged = |tags: &BTreeMap<String, String>| stacks.iter().any(|(k, v)| tags.get(*k) == Some(v));
    aws.load_balancers.iter().any(|l| tagged(&l.tags))
        || aws.target_groups.iter().any(|t| tagged(&t.tags))
        || aws
            .vpc_security_groups
            .iter()
            .any(|g| g.tags.get(crate::model::LBC_CLUSTER_TAG).is_some_and(|c| c == cluster) && tagged(&g.tags))
}

fn kubectl_resource(kind: &str) -> String {
    match kind {
        "Ingress" | "Service" | "Gateway" | "GatewayClass" | "TargetGroupBinding" => kind.to_ascii_lowercase(),
        // NB: named with their group: the short name alone could be another implementation's kind.
        _ => format!("{}.gateway.k8s.aws", kind.to_ascii_lowercase()),
    }
}

/// LB002.
pub fn no_stuck_finalizers(facts: &Facts) -> Verdict {
    let (aws, kube) = match both(facts) {
        Ok(v) => v,
        Err(why) => return Verdict::skipped(why),
    };
    let stuck: Vec<FinalizerHolder> =
        finalizer_holders(kube, aws).into_iter().filter(|h| h.deletion_timestamp.is_some()).collect();
    if stuck.is_empty() {
        return Verdict::pass(
            "no Ingress, Service, Gateway, GatewayClass, TargetGroupBinding or Gateway configuration is being deleted \
             while holding a controller finalizer",
        );
    }
    let available = match controller_available(facts) {
        Ok(a) => a,
        Err(why) => return Verdict::skipped(format!("the controller Deployment could not be read: {why}")),
    };
    let names: Vec<String> = stuck
        .iter()
        .map(|h| {
            format!(
                "{} (finalizer {}, deleting since {})",
                h.display(),
                h.finalizers.join(", "),
                h.deletion_timestamp.as_deref().unwrap_or("?")
            )
        })
        .collect();
    if available {
        return Verdict::pass(format!("being deleted, the running controller is cleaning up: {}", names.join("; ")));
    }
    let mut fix = vec![format!("bring the controller back: {}", facts.render_fix(super::fixes::FIX_APPLY))];
    for h in &stuck {
        if stack_remains(h, aws, &facts.target.cluster) {
            fix.push(format!(
                "{}: its {} still exists, so do not remove the finalizer (the controller deletes it)",
                h.display(),
                h.load_balancer_text()
            ));
        } else {
            let keep: Vec<String> =
                kube_finalizers(kube, h).into_iter().filter(|f| !h.finalizers.contains(f)).collect();
            let namespace = if h.namespace.is_empty() { String::new() } else { format!("-n {} ", h.namespace) };
            fix.push(format!(
                "{}: no AWS resource tagged for it remains, so only then: kubectl {namespace}patch {} {} --type merge -p '{{\"metadata\":{{\"finalizers\":{}}}}}'",
                h.display(),
                kubectl_resource(&h.kind),
                h.name,
                serde_json::to_string(&keep).unwrap_or_else(|_| "[]".into())
            ));
        }
    }
    Verdict::fail(format!(
        "stuck on the controller's finalizer with no controller available (Deployment {}/{} not Available): {}",
        facts.target.namespace,
        crate::controller::render::DEPLOYMENT_NAME,
        names.join("; ")
    ))
    .with_fix(fix.join("; "))
}

/// Every finalizer the object holds (the controller's and others').
fn kube_finalizers(kube: &KubeObserved, h: &FinalizerHolder) -> Vec<String> {
    let list = match h.kind.as_str() {
        "Ingress" => &kube.ingresses,
        "Service" => &kube.services,
        "Gateway" => &kube.gateways,
        "GatewayClass" => &kube.gateway_classes,
        "TargetGroupBinding" => &kube.target_group_bindings,
        _ => &kube.gateway_configurations,
    };
    let namespace = |o: &Value| o["metadata"]["namespace"].as_str().unwrap_or_default().to_string();
    list.iter()
        .find(|o| {
            o["kind"].as_str().is_none_or(|k| k == h.kind)
                && namespace(o) == h.namespace
                && o["metadata"]["name"] == h.name.as_str()
        })
        .and_then(|o| o["metadata"]["finalizers"].as_array())
        .map(|f| f.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

/// When an event last happened (`lastTimestamp`, else `eventTime`, `firstTimestamp`, its creation).
pub(super) fn event_time(e: &Value) -> String {
    ["lastTimestamp", "eventTime", "firstTimestamp"]
        .iter()
        .find_map(|k| e[*k].as_str())
        .or_else(|| e["metadata"]["creationTimestamp"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// The check that explains a controller message, if one does.
fn explained_by(message: &str) -> Option<(&'static str, &'static str)> {
    let lower = message.to_lowercase();
    if ["accessdenied", "unauthorizedoperation", "not authorized to perform"].iter().any(|p| lower.contains(p)) {
        return Some(("IAM007", super::fixes::FIX_POLICY));
    }
    if lower.contains("subnet") && ["discover", "resolve", "unable to", "couldn't"].iter().any(|p| lower.contains(p)) {
        return Some(("NET001/NET002", super::fixes::FIX_SUBNETS));
    }
    None
}

/// LB003.
pub fn no_reconcile_failures(facts: &Facts) -> Verdict {
    let events = match facts.kube.lb_events.get() {
        Ok(e) => e,
        Err(why) => return Verdict::skipped(why),
    };
    let object = |e: &Value| {
        let o = &e["involvedObject"];
        format!(
            "{} {}/{}",
            o["kind"].as_str().unwrap_or_default(),
            o["namespace"].as_str().unwrap_or_default(),
            o["name"].as_str().unwrap_or_default()
        )
    };
    let ours = |e: &&Value| KINDS.contains(&e["involvedObject"]["kind"].as_str().unwrap_or_default());
    let mut reconciled: BTreeMap<String, String> = BTreeMap::new();
    for e in events.iter().filter(ours).filter(|e| e["reason"] == "SuccessfullyReconciled") {
        let t = event_time(e);
        let entry = reconciled.entry(object(e)).or_default();
        if t > *entry {
            *entry = t;
        }
    }
    // Per object: its failure events newer than its last success, newest first.
    let mut failing: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for e in events.iter().filter(ours).filter(|e| e["type"] == "Warning") {
        let reason = e["reason"].as_str().unwrap_or_default();
        if !FAILURE_REASONS.contains(&reason) {
            continue;
        }
        let id = object(e);
        if reconciled.get(&id).is_some_and(|ok| *ok >= event_time(e)) {
            continue;
        }
        failing.entry(id).or_default().push(e);
    }
    if failing.is_empty() {
        return Verdict::pass(format!(
            "no failure events on Ingresses, Services or TargetGroupBindings newer than their last successful reconcile ({} object(s) reconciled)",
            reconciled.len()
        ));
    }
    let mut evidence = Vec::new();
    let mut fixes: Vec<String> = Vec::new();
    for (id, mut list) in failing {
        list.sort_by_key(|e| std::cmp::Reverse(event_time(e)));
        let newest = list[0];
        let count: i64 = list.iter().map(|e| e["count"].as_i64().unwrap_or(1)).sum();
        let message = newest["message"].as_str().unwrap_or_default().trim();
        let mut line = format!(
            "{id}: {} ({count}x, last {}): {message}",
            newest["reason"].as_str().unwrap_or_default(),
            event_time(newest)
        );
        if let Some((code, fix)) = explained_by(message) {
            line.push_str(&format!(" [see {code}]"));
            let fix = facts.render_fix(fix);
            if !fixes.contains(&fix) {
                fixes.push(fix);
            }
        }
        evidence.push(line);
    }
    let mut verdict = Verdict::fail(format!("the controller failed to reconcile: {}", evidence.join("; ")));
    if !fixes.is_empty() {
        fixes.push(super::fixes::FIX_RECONCILE.to_string());
        verdict = verdict.with_fix(fixes.join("; "));
    }
    verdict
}

/// LB004.
pub fn ingress_classes_exist(facts: &Facts) -> Verdict {
    let kube = match facts.kube.lb_objects.get() {
        Ok(k) => k,
        Err(why) => return Verdict::skipped(why),
    };
    let classes: Vec<&str> = kube.ingress_classes.iter().filter_map(|c| c["metadata"]["name"].as_str()).collect();
    let default_class = kube
        .ingress_classes
        .iter()
        .any(|c| c["metadata"]["annotations"][DEFAULT_CLASS_ANNOTATION].as_str() == Some("true"));
    let mut problems = Vec::new();
    for ing in &kube.ingresses {
        let id = format!(
            "Ingress {}/{}",
            ing["metadata"]["namespace"].as_str().unwrap_or_default(),
            ing["metadata"]["name"].as_str().unwrap_or_default()
        );
        let by_annotation = ing["metadata"]["annotations"]["kubernetes.io/ingress.class"].is_string();
        match ingress_class_of(ing) {
            // NB: the legacy annotation names a controller's --ingress-class, not an object.
            Some(_) if by_annotation => {}
            Some(class) if !classes.contains(&class) => {
                problems.push(format!("{id} names IngressClass {class}, which does not exist"))
            }
            Some(_) => {}
            None if !default_class => problems.push(format!(
                "{id} names no IngressClass and no IngressClass is marked {DEFAULT_CLASS_ANNOTATION}=true"
            )),
            None => {}
        }
    }
    if problems.is_empty() {
        return Verdict::pass(format!(
            "{} Ingress(es); every class they name exists (IngressClasses: {})",
            kube.ingresses.len(),
            if classes.is_empty() { "none".to_string() } else { classes.join(", ") }
        ));
    }
    Verdict::warn(format!("no controller reconciles these, so they get no load balancer: {}", problems.join("; ")))
}
