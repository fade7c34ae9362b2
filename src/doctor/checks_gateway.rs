//! Gateway API checks of the cluster's set-up (pure): the standard CRDs the controller's feature
//! gates need (present, new enough, standard channel), the controller's own gateway.k8s.aws CRDs
//! at v1 (the v3.5.0 upgrade trap), gates turned off by flag, and controller pods that started
//! before the CRDs they need (its detection runs only at startup).
//!
//! Scope: a cluster without any gateway.networking.k8s.io CRD, whose controller has no gate set
//! on by flag, does not use Gateway API (an Ingress-only cluster): every Gateway API check is
//! skipped, with that reason, and none fails. With all three gates off by flag the controller's
//! Gateway support is off on purpose: only GW005 judges (it fails while the controller's
//! GatewayClasses exist). The object checks are in `checks_gateway_objects`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Verdict;
use super::facts::Facts;
use super::gateway_needs::{
    BUNDLE_VERSION_ANNOTATION, CHANNEL_ANNOTATION, Gate, MIN_BUNDLE_VERSION, NEEDED_CRDS, NeededCrd, STANDARD_INSTALL,
    parse_bundle_version,
};
use crate::model::gateway::{ALB_GATEWAY_CONTROLLER, NLB_GATEWAY_CONTROLLER};

/// Restarts the controller so that its startup detection runs again.
pub(super) const FIX_RESTART: &str = "kubectl -n {namespace} rollout restart deployment/aws-load-balancer-controller";
/// Re-applies the controller's three gateway.k8s.aws CRDs at the pinned version (setup does on
/// every run unless `--gateway-api off`) and restarts the controller when its gates change.
const FIX_LBC_CRDS: &str =
    "albctl setup --cluster {cluster}{ns_flags} (upgrades the controller's gateway CRDs and restarts it)";
/// Installs the Gateway API standard bundle and restarts the controller onto it.
const FIX_INSTALL: &str = "albctl setup --cluster {cluster}{ns_flags} --gateway-api install";

/// What the Gateway API checks judge, taken from the facts (so unit tests build it directly).
#[derive(Debug, Clone)]
pub(super) struct GatewayView<'a> {
    /// The needed CRDs by name (`None`: absent), slimmed as `gather_gateway` reads them.
    pub crds: &'a [(String, Option<Value>)],
    /// Routes of the five kinds.
    pub routes: &'a [Value],
    /// Every Gateway.
    pub gateways: &'a [Value],
    /// Every GatewayClass.
    pub classes: &'a [Value],
    /// Warning and SuccessfullyReconciled events, or why they were not read.
    pub events: Result<&'a [Value], String>,
    /// The controller Deployment (`None`: absent), or why it was not read.
    pub deployment: Result<Option<&'a Value>, String>,
    /// The controller's pods, or why they were not read.
    pub pods: Result<&'a [Value], String>,
}

impl<'a> GatewayView<'a> {
    /// The view, or why the Gateway API reads failed.
    pub fn of(facts: &'a Facts) -> Result<GatewayView<'a>, String> {
        let gateway_api = facts.kube.gateway_api.get()?;
        let objects = facts.kube.lb_objects.get()?;
        Ok(GatewayView {
            crds: &gateway_api.crds,
            routes: &gateway_api.routes,
            gateways: &objects.gateways,
            classes: &objects.gateway_classes,
            events: facts.kube.lb_events.get().map(Vec::as_slice),
            deployment: facts.kube.deployment.get().map(Option::as_ref),
            pods: facts.kube.pods.get().map(Vec::as_slice),
        })
    }

    /// The cluster's copy of a needed CRD.
    pub fn crd(&self, name: &str) -> Option<&'a Value> {
        self.crds.iter().find(|(n, _)| n == name).and_then(|(_, c)| c.as_ref())
    }

    /// The gates set by flag on the controller (none when the Deployment is absent or unread).
    pub fn gate_flags(&self) -> BTreeMap<Gate, bool> {
        self.deployment.as_ref().ok().copied().flatten().map(gate_flags).unwrap_or_default()
    }

    /// Whether the controller Deployment has an available replica (`None`: unread or absent).
    pub fn controller_available(&self) -> Option<bool> {
        let d = self.deployment.as_ref().ok().copied().flatten()?;
        Some(d["status"]["availableReplicas"].as_i64().unwrap_or(0) > 0)
    }
}

/// Whether the Gateway API checks judge this cluster, and if not why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Scope {
    /// Gateway API is in use and the controller's Gateway support is not off by flag.
    Judged,
    /// Skipped, and why.
    Skip(String),
}

/// The scope of every Gateway API check but GW005.
pub(super) fn scope(view: &GatewayView) -> Scope {
    let flags = view.gate_flags();
    if Gate::ALL.iter().all(|g| flags.get(g) == Some(&false)) {
        return Scope::Skip(
            "the controller's Gateway support is off by flag (--feature-gates with ALBGatewayAPI, NLBGatewayAPI and \
             GatewayListenerSet false); GW005 judges whether anything needs it"
                .into(),
        );
    }
    let any_standard = NEEDED_CRDS.iter().any(|c| c.standard && view.crd(c.name).is_some());
    if !any_standard && !flags.values().any(|on| *on) {
        return Scope::Skip(format!(
            "Gateway API not in use: the cluster has no gateway.networking.k8s.io CRDs, so the controller's Gateway \
             support is off, which a cluster that only uses Ingress and Service does not need (to use Gateways: \
             {STANDARD_INSTALL})"
        ));
    }
    Scope::Judged
}

/// Runs a judgement within the area's scope, with the view and the catalogue's placeholders filled.
pub(super) fn judged(facts: &Facts, judge: fn(&GatewayView) -> Verdict) -> Verdict {
    let view = match GatewayView::of(facts) {
        Ok(v) => v,
        Err(why) => return Verdict::skipped(why),
    };
    let verdict = match scope(&view) {
        Scope::Skip(why) => Verdict::skipped(why),
        Scope::Judged => judge(&view),
    };
    rendered(facts, verdict)
}

/// The verdict with `{cluster}`, `{namespace}`, ... filled in its fix.
pub(super) fn rendered(facts: &Facts, mut verdict: Verdict) -> Verdict {
    verdict.fix = verdict.fix.map(|f| facts.render_fix(&f));
    verdict
}

/// The gates `--feature-gates` sets on the controller container (later settings win, as the
/// controller's flag parsing does; values are Go booleans: `pkg/config/feature_gates.go`).
pub(super) fn gate_flags(deployment: &Value) -> BTreeMap<Gate, bool> {
    let containers = deployment["spec"]["template"]["spec"]["containers"].as_array();
    let container = containers.and_then(|cs| {
        cs.iter().find(|c| c["name"] == "aws-load-balancer-controller" || c["name"] == "controller").or(cs.first())
    });
    let args: Vec<&str> = container
        .and_then(|c| c["args"].as_array())
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut flags = BTreeMap::new();
    for (i, arg) in args.iter().enumerate() {
        let value = match arg.strip_prefix("--feature-gates") {
            Some(rest) if rest.starts_with('=') => &rest[1..],
            Some("") => args.get(i + 1).copied().unwrap_or_default(),
            _ => continue,
        };
        for pair in value.split(',') {
            let Some((key, on)) = pair.split_once('=') else { continue };
            let on = match on.trim() {
                "1" | "t" | "T" | "true" | "TRUE" | "True" => true,
                "0" | "f" | "F" | "false" | "FALSE" | "False" => false,
                _ => continue,
            };
            if let Some(gate) = Gate::ALL.into_iter().find(|g| g.flag_name() == key.trim()) {
                flags.insert(gate, on);
            }
        }
    }
    flags
}

/// Whether startup detection runs: unless all three gates are set by flag (upstream PR #4721).
pub(super) fn detection_runs(flags: &BTreeMap<Gate, bool>) -> bool {
    Gate::ALL.iter().any(|g| !flags.contains_key(g))
}

/// Whether detection turns this gate off when its CRDs are missing: the ALB gate even when set
/// by flag, the others only when defaulted (`pkg/gateway/crddetect/gateway_feature_flags.go`).
fn detection_governs(gate: Gate, flags: &BTreeMap<Gate, bool>) -> bool {
    detection_runs(flags) && (gate == Gate::Alb || !flags.contains_key(&gate))
}

/// Whether a CRD serves `version`.
pub(super) fn serves(crd: &Value, version: &str) -> bool {
    crd["spec"]["versions"].as_array().is_some_and(|vs| vs.iter().any(|v| v["name"] == version && v["served"] == true))
}

fn served_versions(crd: &Value) -> String {
    let names: Vec<&str> = crd["spec"]["versions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| v["served"] == true)
        .filter_map(|v| v["name"].as_str())
        .collect();
    if names.is_empty() { "no version".into() } else { names.join(", ") }
}

/// Why a needed CRD does not count for detection, `None` when it does.
fn lack(view: &GatewayView, needed: &NeededCrd) -> Option<String> {
    match view.crd(needed.name) {
        None => Some(format!("{} (no CRD {})", needed.kind, needed.name)),
        Some(crd) if !serves(crd, needed.version) => {
            Some(format!("{} (served only at {})", needed.kind, served_versions(crd)))
        }
        Some(_) => None,
    }
}

/// What the lack of CRDs does to each gate it touches.
fn consequences(view: &GatewayView, lacking: &[&NeededCrd]) -> Vec<String> {
    let flags = view.gate_flags();
    let mut out = Vec::new();
    for gate in Gate::ALL {
        if !lacking.iter().any(|c| c.gates.contains(&gate)) {
            continue;
        }
        if detection_governs(gate, &flags) {
            out.push(format!("{} is off", gate.flag_name()));
        } else if flags.get(&gate) == Some(&true) {
            out.push(format!(
                "{}=true is set by flag without them: the controller's cache sync times out (upstream #4712)",
                gate.flag_name()
            ));
        }
    }
    out
}

/// GW001.
pub fn standard_crds_present(facts: &Facts) -> Verdict {
    judged(facts, judge_standard_crds)
}

fn judge_standard_crds(view: &GatewayView) -> Verdict {
    let lacking: Vec<&NeededCrd> =
        NEEDED_CRDS.iter().filter(|c| c.standard).filter(|c| lack(view, c).is_some()).collect();
    if lacking.is_empty() {
        return Verdict::pass(
            "Gateway, GatewayClass, HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute and ListenerSet are served at \
             gateway.networking.k8s.io/v1",
        );
    }
    let what: Vec<String> = lacking.iter().filter_map(|c| lack(view, c)).collect();
    let effect = consequences(view, &lacking);
    let evidence = format!(
        "not served at gateway.networking.k8s.io/v1: {}; so {}",
        what.join(", "),
        if effect.is_empty() { "no gate is affected".to_string() } else { effect.join("; ") }
    );
    let fix = format!(
        "{FIX_INSTALL}; or: {STANDARD_INSTALL}, then {FIX_RESTART} (the controller looks for CRDs only at startup)"
    );
    let alb_or_nlb = lacking.iter().any(|c| c.gates.contains(&Gate::Alb) || c.gates.contains(&Gate::Nlb));
    let verdict = if alb_or_nlb { Verdict::fail(evidence) } else { Verdict::warn(evidence) };
    verdict.with_fix(fix)
}

/// The standard CRDs the cluster has, with their annotations.
fn present_standard<'a>(view: &GatewayView<'a>) -> Vec<(&'static str, &'a Value)> {
    NEEDED_CRDS.iter().filter(|c| c.standard).filter_map(|c| view.crd(c.name).map(|crd| (c.name, crd))).collect()
}

/// GW002.
pub fn bundle_version_supported(facts: &Facts) -> Verdict {
    judged(facts, judge_bundle_version)
}

fn judge_bundle_version(view: &GatewayView) -> Verdict {
    let present = present_standard(view);
    if present.is_empty() {
        return Verdict::skipped("no Gateway API CRDs to judge (GW001)");
    }
    let (mut old, mut unknown, mut versions) = (Vec::new(), Vec::new(), std::collections::BTreeSet::new());
    for (name, crd) in &present {
        let annotation = crd["metadata"]["annotations"][BUNDLE_VERSION_ANNOTATION].as_str();
        match annotation.and_then(|a| parse_bundle_version(a).map(|v| (a, v))) {
            Some((text, v)) if v < MIN_BUNDLE_VERSION => old.push(format!("{name} ({text})")),
            Some((text, _)) => {
                versions.insert(text.to_string());
            }
            None => unknown.push(format!("{name} ({})", annotation.unwrap_or("no annotation"))),
        }
    }
    let (major, minor, patch) = MIN_BUNDLE_VERSION;
    let minimum = format!("v{major}.{minor}.{patch}");
    if !old.is_empty() {
        return Verdict::fail(format!(
            "older than {minimum}, the Gateway API release controller v3.5.0 is built for (TCPRoute and UDPRoute \
             reach v1 only in v1.6, TLSRoute in v1.5): {}",
            old.join(", ")
        ))
        .with_fix(format!("{FIX_INSTALL}; or: {STANDARD_INSTALL}, then {FIX_RESTART}"));
    }
    if !unknown.is_empty() {
        return Verdict::warn(format!(
            "no readable {BUNDLE_VERSION_ANNOTATION} annotation, so their release is unknown: {}",
            unknown.join(", ")
        ))
        .with_fix(STANDARD_INSTALL);
    }
    Verdict::pass(format!(
        "{} CRD(s) at bundle version {} (at least {minimum})",
        present.len(),
        versions.into_iter().collect::<Vec<_>>().join(", ")
    ))
}

/// GW003.
pub fn standard_channel(facts: &Facts) -> Verdict {
    judged(facts, judge_channel)
}

fn judge_channel(view: &GatewayView) -> Verdict {
    let present = present_standard(view);
    if present.is_empty() {
        return Verdict::skipped("no Gateway API CRDs to judge (GW001)");
    }
    let experimental: Vec<&str> = present
        .iter()
        .filter(|(_, crd)| crd["metadata"]["annotations"][CHANNEL_ANNOTATION] == "experimental")
        .map(|(name, _)| *name)
        .collect();
    if experimental.is_empty() {
        return Verdict::pass(format!("{} CRD(s), none from the experimental channel", present.len()));
    }
    Verdict::warn(format!(
        "from the experimental channel: {} (the controller supports the standard channel; experimental CRDs accept \
         fields it ignores, and the standard bundle's safe-upgrades policy blocks going back to experimental)",
        experimental.join(", ")
    ))
    .with_fix(format!(
        "unless another Gateway implementation needs the experimental fields: {}",
        STANDARD_INSTALL.replace("--server-side=true", "--server-side=true --force-conflicts")
    ))
}

/// GW004.
pub fn controller_crds_at_v1(facts: &Facts) -> Verdict {
    judged(facts, judge_controller_crds)
}

fn judge_controller_crds(view: &GatewayView) -> Verdict {
    let ours: Vec<&NeededCrd> = NEEDED_CRDS.iter().filter(|c| !c.standard).collect();
    let lacking: Vec<&NeededCrd> = ours.iter().copied().filter(|c| lack(view, c).is_some()).collect();
    if lacking.is_empty() {
        return Verdict::pass(format!(
            "{} serve gateway.k8s.aws/v1",
            ours.iter().map(|c| c.kind).collect::<Vec<_>>().join(", ")
        ));
    }
    let what: Vec<String> = lacking.iter().filter_map(|c| lack(view, c)).collect();
    let trap = lacking.iter().any(|c| view.crd(c.name).is_some_and(|crd| serves(crd, "v1beta1")));
    let effect = consequences(view, &lacking);
    let mut evidence = format!(
        "not served at gateway.k8s.aws/v1: {}; controller v3.5.0 looks for gateway.k8s.aws/v1 at startup, so {}",
        what.join(", "),
        if effect.is_empty() { "no gate is affected".to_string() } else { effect.join("; ") }
    );
    if trap {
        evidence.push_str(
            " (the v3.5.0 upgrade trap: v1beta1-only CRDs as v3.4.x left them; helm upgrade never upgrades CRDs)",
        );
    }
    Verdict::fail(evidence).with_fix(FIX_LBC_CRDS)
}

/// GW005.
pub fn gates_not_off_by_flag(facts: &Facts) -> Verdict {
    let view = match GatewayView::of(facts) {
        Ok(v) => v,
        Err(why) => return Verdict::skipped(why),
    };
    let verdict = match scope(&view) {
        Scope::Skip(why) if why.starts_with("Gateway API not in use") => Verdict::skipped(why),
        _ => judge_gates_by_flag(&view),
    };
    rendered(facts, verdict)
}

fn judge_gates_by_flag(view: &GatewayView) -> Verdict {
    let deployment = match &view.deployment {
        Err(why) => return Verdict::skipped(format!("the controller Deployment could not be read: {why}")),
        Ok(None) => return Verdict::skipped("no controller Deployment (K8S011)"),
        Ok(Some(d)) => *d,
    };
    let flags = gate_flags(deployment);
    let state: Vec<String> = Gate::ALL
        .iter()
        .map(|g| match flags.get(g) {
            None => format!("{} on (default)", g.flag_name()),
            Some(on) => format!("{}={on} by flag", g.flag_name()),
        })
        .collect();
    let mut needed = Vec::new();
    for (gate, controller) in [(Gate::Alb, ALB_GATEWAY_CONTROLLER), (Gate::Nlb, NLB_GATEWAY_CONTROLLER)] {
        if flags.get(&gate) != Some(&false) {
            continue;
        }
        for class in view.classes.iter().filter(|c| c["spec"]["controllerName"] == controller) {
            needed.push(format!(
                "GatewayClass {} ({controller}) needs {}",
                class["metadata"]["name"].as_str().unwrap_or_default(),
                gate.flag_name()
            ));
        }
    }
    if needed.is_empty() {
        return Verdict::pass(format!(
            "{}; no GatewayClass of the controller needs a gate that is off",
            state.join(", ")
        ));
    }
    Verdict::fail(format!("{}; off by flag while {}", state.join(", "), needed.join("; "))).with_fix(
        "remove the gate's false setting from controllerConfig.featureGates in your values file, then: albctl apply \
         --cluster {cluster}{ns_flags} --values FILE",
    )
}

/// When a CRD last changed in a way detection sees: its creation, or a later write to it that is
/// not a status update (an upgrade that added v1 to a v1beta1-only CRD, say).
fn crd_changed_at(crd: &Value) -> String {
    let created = crd["metadata"]["creationTimestamp"].as_str().unwrap_or_default().to_string();
    crd["metadata"]["managedFields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["subresource"].as_str().is_none_or(str::is_empty))
        .filter_map(|m| m["time"].as_str())
        .map(str::to_string)
        .fold(created, std::cmp::max)
}

/// When a pod started: `status.startTime`, else its creation.
fn pod_started_at(pod: &Value) -> Option<&str> {
    pod["status"]["startTime"].as_str().or_else(|| pod["metadata"]["creationTimestamp"].as_str())
}

/// GW006.
pub fn controller_started_after_crds(facts: &Facts) -> Verdict {
    judged(facts, judge_started_after_crds)
}

fn judge_started_after_crds(view: &GatewayView) -> Verdict {
    let flags = view.gate_flags();
    if !detection_runs(&flags) {
        return Verdict::pass("all three gates are set by flag: the controller does no CRD detection at startup");
    }
    let pods = match &view.pods {
        Err(why) => return Verdict::skipped(format!("the controller pods could not be read: {why}")),
        Ok([]) => return Verdict::skipped("no controller pods (K8S011)"),
        Ok(p) => *p,
    };
    let mut late = Vec::new();
    for pod in pods {
        let Some(started) = pod_started_at(pod) else { continue };
        let mut missed: BTreeMap<Gate, Vec<String>> = BTreeMap::new();
        for needed in NEEDED_CRDS.iter() {
            let Some(crd) = view.crd(needed.name).filter(|c| serves(c, needed.version)) else { continue };
            let changed = crd_changed_at(crd);
            if started < changed.as_str() {
                for gate in needed.gates.iter().filter(|g| detection_governs(**g, &flags)) {
                    missed.entry(*gate).or_default().push(format!("{} ({changed})", needed.name));
                }
            }
        }
        if missed.is_empty() {
            continue;
        }
        let gates: Vec<String> =
            missed.iter().map(|(g, crds)| format!("{} off (missed {})", g.flag_name(), crds.join(", "))).collect();
        late.push(format!(
            "pod {}/{} started {started}, before CRDs it needs were created or changed: {}",
            pod["metadata"]["namespace"].as_str().unwrap_or_default(),
            pod["metadata"]["name"].as_str().unwrap_or_default(),
            gates.join("; ")
        ));
    }
    if late.is_empty() {
        return Verdict::pass(format!(
            "{} controller pod(s), each started after the Gateway CRDs it needs were created or last changed",
            pods.len()
        ));
    }
    Verdict::fail(format!("the controller looks for Gateway CRDs only at startup and never again: {}", late.join("; ")))
        .with_fix(FIX_RESTART)
}

#[cfg(test)]
pub(super) mod tests {
    use serde_json::json;

    use super::*;

    /// A slimmed CRD as `gather_gateway` reads it.
    pub fn crd(name: &str, versions: &[&str], bundle: &str, channel: &str, created: &str) -> (String, Option<Value>) {
        let versions: Vec<Value> =
            versions.iter().map(|v| json!({"name": v, "served": true, "storage": *v == versions[0]})).collect();
        let mut annotations = json!({});
        if !bundle.is_empty() {
            annotations = json!({BUNDLE_VERSION_ANNOTATION: bundle, CHANNEL_ANNOTATION: channel});
        }
        let crd = json!({
            "metadata": {"name": name, "annotations": annotations, "creationTimestamp": created},
            "spec": {"versions": versions},
        });
        (name.to_string(), Some(crd))
    }

    /// Every needed CRD at v1, bundle v1.6.0 standard, created at 10:00.
    pub fn healthy_crds() -> Vec<(String, Option<Value>)> {
        NEEDED_CRDS.iter().map(|c| crd(c.name, &["v1"], "v1.6.0", "standard", "2026-01-01T10:00:00Z")).collect()
    }

    pub fn deployment(args: &[&str], available: i64) -> Value {
        json!({"spec": {"template": {"spec": {"containers": [{"name": "aws-load-balancer-controller", "args": args}]}}},
               "status": {"availableReplicas": available}})
    }

    pub fn view<'a>(
        crds: &'a [(String, Option<Value>)],
        deployment: &'a Value,
        pods: &'a [Value],
        objects: (&'a [Value], &'a [Value], &'a [Value], &'a [Value]),
    ) -> GatewayView<'a> {
        let (classes, gateways, routes, events) = objects;
        GatewayView {
            crds,
            routes,
            gateways,
            classes,
            events: Ok(events),
            deployment: Ok(Some(deployment)),
            pods: Ok(pods),
        }
    }

    fn pod(started: &str) -> Value {
        json!({"metadata": {"namespace": "kube-system", "name": "lbc-1", "creationTimestamp": "2026-01-01T00:00:00Z"},
               "status": {"startTime": started}})
    }

    #[test]
    fn an_ingress_only_cluster_is_not_judged() {
        let crds: Vec<(String, Option<Value>)> = NEEDED_CRDS.iter().map(|c| (c.name.to_string(), None)).collect();
        let d = deployment(&["--cluster-name=demo"], 2);
        let v = view(&crds, &d, &[], (&[], &[], &[], &[]));
        assert!(matches!(scope(&v), Scope::Skip(why) if why.starts_with("Gateway API not in use")));
        // A gate set on by flag without the CRDs is a user who wants Gateways: judged, and failing.
        let d = deployment(&["--feature-gates=NLBGatewayAPI=true"], 2);
        let v = view(&crds, &d, &[], (&[], &[], &[], &[]));
        assert_eq!(scope(&v), Scope::Judged);
        let verdict = judge_standard_crds(&v);
        assert_eq!(verdict.status, super::super::Status::Fail);
        assert!(verdict.evidence.contains("NLBGatewayAPI=true is set by flag without them"), "{}", verdict.evidence);
        assert!(verdict.evidence.contains("ALBGatewayAPI is off"), "{}", verdict.evidence);
    }

    #[test]
    fn feature_gates_parse_as_the_controller_parses_them() {
        let d = deployment(
            &["--feature-gates=ALBGatewayAPI=false,NLBGatewayAPI=T", "--feature-gates", "ALBGatewayAPI=1"],
            1,
        );
        let flags = gate_flags(&d);
        assert_eq!(flags.get(&Gate::Alb), Some(&true));
        assert_eq!(flags.get(&Gate::Nlb), Some(&true));
        assert_eq!(flags.get(&Gate::ListenerSet), None);
        assert!(detection_runs(&flags));
    }

    #[test]
    fn tcp_route_served_only_at_v1alpha2_turns_the_nlb_gate_off() {
        let mut crds = healthy_crds();
        crds[5] =
            crd("tcproutes.gateway.networking.k8s.io", &["v1alpha2"], "v1.4.0", "experimental", "2026-01-01T10:00:00Z");
        let d = deployment(&[], 2);
        let v = view(&crds, &d, &[], (&[], &[], &[], &[]));
        let verdict = judge_standard_crds(&v);
        assert_eq!(verdict.status, super::super::Status::Fail);
        assert!(verdict.evidence.contains("TCPRoute (served only at v1alpha2)"), "{}", verdict.evidence);
        assert!(verdict.evidence.contains("NLBGatewayAPI is off") && !verdict.evidence.contains("ALBGatewayAPI"));
        assert_eq!(judge_bundle_version(&v).status, super::super::Status::Fail);
        assert_eq!(judge_channel(&v).status, super::super::Status::Warn);
    }

    #[test]
    fn pods_older_than_a_crd_change_missed_it() {
        let mut crds = healthy_crds();
        let (_, lbc) = &mut crds[8];
        lbc.as_mut().unwrap()["metadata"]["managedFields"] = json!([
            {"manager": "albctl", "operation": "Apply", "time": "2026-01-01T12:00:00Z"},
            {"manager": "kube-apiserver", "operation": "Update", "subresource": "status", "time": "2026-01-01T13:00:00Z"},
        ]);
        let d = deployment(&[], 2);
        let pods = [pod("2026-01-01T11:00:00Z")];
        let v = view(&crds, &d, &pods, (&[], &[], &[], &[]));
        let verdict = judge_started_after_crds(&v);
        assert_eq!(verdict.status, super::super::Status::Fail);
        assert!(verdict.evidence.contains("loadbalancerconfigurations.gateway.k8s.aws (2026-01-01T12:00:00Z)"));
        let pods = [pod("2026-01-01T12:30:00Z")];
        let v = view(&crds, &d, &pods, (&[], &[], &[], &[]));
        assert_eq!(judge_started_after_crds(&v).status, super::super::Status::Pass, "a status write is no change");
        // All three gates set by flag: no detection, nothing missed.
        let d = deployment(&["--feature-gates=ALBGatewayAPI=true,NLBGatewayAPI=true,GatewayListenerSet=false"], 2);
        let pods = [pod("2026-01-01T09:00:00Z")];
        let v = view(&crds, &d, &pods, (&[], &[], &[], &[]));
        assert_eq!(judge_started_after_crds(&v).status, super::super::Status::Pass);
    }

    #[test]
    fn v1beta1_only_controller_crds_are_the_upgrade_trap() {
        let mut crds = healthy_crds();
        for entry in crds.iter_mut().skip(8) {
            *entry = crd(&entry.0.clone(), &["v1beta1"], "", "", "2026-01-01T10:00:00Z");
        }
        let d = deployment(&[], 2);
        let v = view(&crds, &d, &[], (&[], &[], &[], &[]));
        let verdict = judge_controller_crds(&v);
        assert_eq!(verdict.status, super::super::Status::Fail);
        assert!(verdict.evidence.contains("upgrade trap"), "{}", verdict.evidence);
        assert!(verdict.evidence.contains("ALBGatewayAPI is off; NLBGatewayAPI is off"), "{}", verdict.evidence);
    }
}
