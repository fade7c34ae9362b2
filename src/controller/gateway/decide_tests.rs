use serde_json::{Value, json};

use super::*;
use crate::model::gateway_api::{BUNDLE_VERSION_ANNOTATION, RESTART_ANNOTATION};

fn crd(group: &str, kind: &str, versions: &[&str], bundle: Option<(&str, &str)>, managers: &[&str]) -> Value {
    let plural = format!("{}s", kind.to_lowercase());
    let mut c = json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": format!("{plural}.{group}"),
            "managedFields": managers.iter().map(|m| json!({"manager": m, "operation": "Apply", "fieldsV1": {"f:spec": {}}})).collect::<Vec<_>>()},
        "spec": {"group": group, "names": {"kind": kind, "plural": plural},
            "versions": versions.iter().map(|v| json!({"name": v, "served": true})).collect::<Vec<_>>()},
    });
    if let Some((version, channel)) = bundle {
        c["metadata"]["annotations"] = json!({BUNDLE_VERSION_ANNOTATION: version, CHANNEL_ANNOTATION: channel});
    }
    c
}

const STANDARD_KINDS: [&str; 10] = [
    "BackendTLSPolicy",
    "GatewayClass",
    "Gateway",
    "GRPCRoute",
    "HTTPRoute",
    "ListenerSet",
    "ReferenceGrant",
    "TCPRoute",
    "TLSRoute",
    "UDPRoute",
];

fn standard(version: &str, channel: &str, managers: &[&str]) -> Vec<Value> {
    STANDARD_KINDS
        .iter()
        .map(|k| crd("gateway.networking.k8s.io", k, &["v1"], Some((version, channel)), managers))
        .collect()
}

fn lbc(versions: &[&str]) -> Vec<Value> {
    ["LoadBalancerConfiguration", "TargetGroupConfiguration", "ListenerRuleConfiguration"]
        .iter()
        .map(|k| crd("gateway.k8s.aws", k, versions, None, &["albctl"]))
        .collect()
}

fn observed_with(crds: Vec<Value>) -> GatewayObserved {
    GatewayObserved {
        crds: crds.into_iter().map(|c| (c["metadata"]["name"].as_str().unwrap().to_string(), c)).collect(),
        ..GatewayObserved::default()
    }
}

fn choice<'a>(mode: GatewayApiMode, controller_crds: &'a [Value], bundle: Option<&'a [Value]>) -> GatewayChoice<'a> {
    GatewayChoice {
        mode,
        source: ModeSource::Flag,
        server_supported: true,
        aws_managed: false,
        adopt: false,
        bundle: bundle.map(|b| (b, "file bundle.yaml".to_string())),
        controller_crds,
        class_names: ("albctl-alb", "albctl-nlb"),
    }
}

#[test]
fn the_flag_wins_then_the_last_runs_choice_then_auto() {
    let deployment = json!({"metadata": {"annotations": {MODE_ANNOTATION: "install"}}});
    assert_eq!(resolve_mode(Some(GatewayApiMode::Off), Some(&deployment)), (GatewayApiMode::Off, ModeSource::Flag));
    assert_eq!(resolve_mode(None, Some(&deployment)), (GatewayApiMode::Install, ModeSource::LastRun));
    assert_eq!(resolve_mode(None, None), (GatewayApiMode::Auto, ModeSource::Default));
    let odd = json!({"metadata": {"annotations": {MODE_ANNOTATION: "sometimes"}}});
    assert_eq!(resolve_mode(None, Some(&odd)), (GatewayApiMode::Auto, ModeSource::Default));
}

#[test]
fn auto_without_the_standard_crds_keeps_support_off_and_names_install() {
    let ours = lbc(&["v1", "v1beta1"]);
    let plan = plan_gateway(&choice(GatewayApiMode::Auto, &ours, None), &GatewayObserved::default());
    assert!(plan.controller_crds);
    assert_eq!(plan.doc.support, "off");
    assert_eq!(plan.doc.standard_crds, "absent");
    assert!(plan.classes.is_empty());
    let note = plan.doc.notes.join("\n");
    assert!(note.contains("Gateway support stays off") && note.contains("--gateway-api install"), "{note}");
    assert_eq!(plan.deployment_annotations[MODE_ANNOTATION], "auto");
}

#[test]
fn auto_with_the_standard_crds_turns_support_on_and_makes_both_classes() {
    let ours = lbc(&["v1", "v1beta1"]);
    let plan = plan_gateway(
        &choice(GatewayApiMode::Auto, &ours, None),
        &observed_with(standard("v1.6.0", "standard", &["kubectl"])),
    );
    assert_eq!(plan.doc.support, "on", "{:?}", plan.doc);
    assert!(plan.doc.gates.values().all(|on| *on));
    let controllers: Vec<&str> =
        plan.classes.iter().map(|c| c.object["spec"]["controllerName"].as_str().unwrap()).collect();
    assert_eq!(controllers, ["gateway.k8s.aws/alb", "gateway.k8s.aws/nlb"]);
    assert_eq!(plan.classes[0].object["metadata"]["labels"]["app.kubernetes.io/managed-by"], "albctl");
    // A fresh install records what the controller will detect; nothing restarts.
    assert!(plan.deployment_annotations[DETECTED_ANNOTATION].contains("ALBGatewayAPI=true"));
    assert!(plan.pod_annotations.is_empty());
    assert!(plan.doc.restart.is_none());
    assert!(plan.bundle.is_empty(), "auto installs no bundle");
}

#[test]
fn install_leaves_foreign_experimental_and_newer_crds_alone_in_one_line_each() {
    let ours = lbc(&["v1"]);
    let bundle = standard("v1.6.0", "standard", &[]);
    let mut cluster = standard("v1.6.0", "standard", &["albctl"]);
    cluster[2] =
        crd("gateway.networking.k8s.io", "Gateway", &["v1"], Some(("v1.6.0", "standard")), &["argocd-controller"]);
    cluster[4] = crd("gateway.networking.k8s.io", "HTTPRoute", &["v1"], Some(("v1.6.0", "experimental")), &["albctl"]);
    cluster[7] = crd("gateway.networking.k8s.io", "TCPRoute", &["v1"], Some(("v1.7.0", "standard")), &["albctl"]);
    let observed = observed_with(cluster.clone());
    let plan = plan_gateway(&choice(GatewayApiMode::Install, &ours, Some(&bundle)), &observed);
    let left = plan.doc.left_alone.join("\n");
    assert_eq!(plan.doc.left_alone.len(), 3, "{left}");
    assert!(left.contains("gateways.gateway.networking.k8s.io: owned by field manager argocd-controller"), "{left}");
    assert!(left.contains("--adopt"), "{left}");
    assert!(left.contains("experimental"), "{left}");
    assert!(left.contains("v1.7.0, newer than the bundle's v1.6.0") && left.contains("never downgrades"), "{left}");
    assert_eq!(plan.bundle.len(), 7);

    let mut adopting = choice(GatewayApiMode::Install, &ours, Some(&bundle));
    adopting.adopt = true;
    let plan = plan_gateway(&adopting, &observed);
    assert_eq!(plan.doc.left_alone.len(), 2, "--adopt takes over a foreign manager's CRD only");
    let taken: Vec<&BundleWrite> = plan.bundle.iter().filter(|w| w.take_over_from.is_some()).collect();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].take_over_from.as_deref(), Some("argocd-controller"));

    let mut aws = choice(GatewayApiMode::Install, &ours, Some(&bundle));
    aws.aws_managed = true;
    aws.adopt = true;
    let plan = plan_gateway(&aws, &observed_with(cluster));
    assert!(plan.bundle.is_empty(), "AWS's managed CRDs are never taken over");
    assert!(plan.doc.left_alone.iter().all(|l| l.contains("AWS")), "{:?}", plan.doc.left_alone);
}

#[test]
fn crds_the_running_controller_started_without_restart_it_once() {
    let ours = lbc(&["v1", "v1beta1"]);
    // v3.4.x left v1beta1-only gateway CRDs; the controller runs and has no record.
    let mut cluster = standard("v1.6.0", "standard", &["kubectl"]);
    cluster.extend(lbc(&["v1beta1"]));
    let mut observed = observed_with(cluster);
    observed.deployment = Some(json!({"metadata": {}, "spec": {"template": {"metadata": {"annotations": {}}}}}));
    let plan = plan_gateway(&choice(GatewayApiMode::Auto, &ours, None), &observed);
    let why = plan.doc.restart.clone().expect("a restart");
    assert!(why.contains("only at startup"), "{why}");
    let value = plan.deployment_annotations[DETECTED_ANNOTATION].clone();
    let restart = plan.pod_annotations[RESTART_ANNOTATION].clone();
    assert!(restart.starts_with(&value), "{restart}");

    // The next run finds the record equal to what it sees: no restart, the record kept.
    let mut cluster = standard("v1.6.0", "standard", &["kubectl"]);
    cluster.extend(lbc(&["v1", "v1beta1"]));
    let mut observed = observed_with(cluster);
    observed.deployment = Some(json!({"metadata": {"annotations": {DETECTED_ANNOTATION: value}},
            "spec": {"template": {"metadata": {"annotations": {RESTART_ANNOTATION: restart}}}}}));
    let plan = plan_gateway(&choice(GatewayApiMode::Auto, &ours, None), &observed);
    assert!(plan.doc.restart.is_none(), "{:?}", plan.doc.restart);
    assert_eq!(plan.pod_annotations[RESTART_ANNOTATION], restart, "the restart mark is kept");
    assert_eq!(plan.deployment_annotations[DETECTED_ANNOTATION], value);

    // Without the standard CRDs, upgrading the controller's own CRDs turns no gate on: no restart.
    let mut observed = observed_with(lbc(&["v1beta1"]));
    observed.deployment = Some(json!({"metadata": {}, "spec": {"template": {"metadata": {}}}}));
    let plan = plan_gateway(&choice(GatewayApiMode::Auto, &ours, None), &observed);
    assert!(plan.doc.restart.is_none());
    assert!(plan.pod_annotations.is_empty());
}

#[test]
fn off_sets_the_gates_false_and_applies_nothing() {
    let ours = lbc(&["v1"]);
    let plan =
        plan_gateway(&choice(GatewayApiMode::Off, &ours, None), &observed_with(standard("v1.6.0", "standard", &[])));
    assert!(plan.gates_off && !plan.controller_crds);
    assert!(plan.classes.is_empty() && plan.bundle.is_empty());
    assert!(plan.doc.gates.values().all(|on| !*on));
    assert_eq!(plan.deployment_annotations[MODE_ANNOTATION], "off");
    let mut gates = std::collections::BTreeMap::new();
    super::super::set_gates_off(&mut gates).unwrap();
    assert_eq!(gates.len(), 3);
    gates.insert("ALBGatewayAPI".into(), json!(true));
    assert!(super::super::set_gates_off(&mut gates).is_err());
}

#[test]
fn an_older_bundle_is_named_with_the_command_that_upgrades_it() {
    let ours = lbc(&["v1"]);
    let plan =
        plan_gateway(&choice(GatewayApiMode::Auto, &ours, None), &observed_with(standard("v1.5.1", "standard", &[])));
    let notes = plan.doc.notes.join("\n");
    assert!(notes.contains("older than v1.6.0") && notes.contains("--gateway-api install upgrades them"), "{notes}");
}
