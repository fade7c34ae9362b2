//! Gateway API checks of the objects (pure): a GatewayClass of the controller exists and is
//! Accepted; each Gateway of those classes is Accepted and Programmed, with its status message
//! and its newest Warning events (as LB003 reads them for Ingresses); routes attached to those
//! Gateways are accepted by them and their backends resolve, with the reasons from their status.
//! Scope as in `checks_gateway`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Verdict;
use super::checks_gateway::{FIX_RESTART, GatewayView, judged};
use super::checks_lb::event_time;
use super::facts::Facts;
use super::gateway_needs::{GATEWAY_FAILURE_REASONS, RECONCILED_REASON};
use crate::model::gateway::{
    ALB_GATEWAY_CONTROLLER, ALB_GATEWAY_FINALIZER, GATEWAY_API_GROUP, NLB_GATEWAY_CONTROLLER, NLB_GATEWAY_FINALIZER,
    is_lbc_gateway_class,
};

/// The reason the Gateway API CRDs default a condition to until a controller writes it.
const PENDING: &str = "Pending";
/// How many of a Gateway's newest Warning events the evidence quotes.
const EVENTS_SHOWN: usize = 3;

fn name(o: &Value) -> &str {
    o["metadata"]["name"].as_str().unwrap_or_default()
}

fn namespace(o: &Value) -> &str {
    o["metadata"]["namespace"].as_str().unwrap_or_default()
}

/// A condition of `status.conditions` (or of a route's parent status) by type.
fn condition<'a>(conditions: &'a Value, kind: &str) -> Option<&'a Value> {
    conditions.as_array()?.iter().find(|c| c["type"] == kind)
}

/// `Accepted=False (Invalid: message)`, or `None` when the condition is True.
fn not_true(conditions: &Value, kind: &str) -> Option<String> {
    match condition(conditions, kind) {
        None => Some(format!("no {kind} condition (never reconciled)")),
        Some(c) if c["status"] == "True" => None,
        Some(c) => Some(format!(
            "{kind}={} ({}: {})",
            c["status"].as_str().unwrap_or("?"),
            c["reason"].as_str().unwrap_or_default(),
            c["message"].as_str().unwrap_or_default()
        )),
    }
}

fn pending(conditions: &Value) -> bool {
    conditions.as_array().is_none_or(|cs| cs.is_empty() || cs.iter().any(|c| c["reason"] == PENDING))
}

/// The controller's GatewayClasses.
fn our_classes<'a>(view: &GatewayView<'a>) -> Vec<&'a Value> {
    view.classes.iter().filter(|c| is_lbc_gateway_class(c)).collect()
}

/// The Gateways of the controller's classes.
fn our_gateways<'a>(view: &GatewayView<'a>) -> Vec<&'a Value> {
    let classes: Vec<&str> = our_classes(view).into_iter().map(name).collect();
    view.gateways
        .iter()
        .filter(|g| g["spec"]["gatewayClassName"].as_str().is_some_and(|c| classes.contains(&c)))
        .collect()
}

/// GW007.
pub fn controller_class_exists(facts: &Facts) -> Verdict {
    judged(facts, judge_class_exists)
}

fn judge_class_exists(view: &GatewayView) -> Verdict {
    let ours = our_classes(view);
    if !ours.is_empty() {
        let names: Vec<String> = ours
            .iter()
            .map(|c| format!("{} ({})", name(c), c["spec"]["controllerName"].as_str().unwrap_or_default()))
            .collect();
        return Verdict::pass(format!("GatewayClasses of the controller: {}", names.join(", ")));
    }
    let others: Vec<String> = view
        .classes
        .iter()
        .map(|c| format!("{} ({})", name(c), c["spec"]["controllerName"].as_str().unwrap_or_default()))
        .collect();
    let others = if others.is_empty() { "none".to_string() } else { others.join(", ") };
    Verdict::warn(format!(
        "no GatewayClass names {ALB_GATEWAY_CONTROLLER} or {NLB_GATEWAY_CONTROLLER}, so no Gateway gets an AWS load \
         balancer (other GatewayClasses: {others})"
    ))
}

/// GW008.
pub fn controller_classes_accepted(facts: &Facts) -> Verdict {
    judged(facts, judge_classes_accepted)
}

fn judge_classes_accepted(view: &GatewayView) -> Verdict {
    let ours = our_classes(view);
    if ours.is_empty() {
        return Verdict::skipped("no GatewayClass of the controller (GW007)");
    }
    let mut problems = Vec::new();
    let mut never_reconciled = false;
    for class in &ours {
        let conditions = &class["status"]["conditions"];
        if let Some(problem) = not_true(conditions, "Accepted") {
            never_reconciled |= pending(conditions);
            problems.push(format!("GatewayClass {}: {problem}", name(class)));
        }
    }
    if problems.is_empty() {
        return Verdict::pass(format!("{} GatewayClass(es) of the controller, all Accepted", ours.len()));
    }
    let fix = if never_reconciled {
        format!(
            "the controller has not reconciled them: make its Gateway support on (GW001, GW004, GW005), then {FIX_RESTART}"
        )
    } else {
        "fix what the message says (kubectl describe gatewayclass NAME; e.g. its parametersRef \
         LoadBalancerConfiguration), then the controller accepts it by itself"
            .to_string()
    };
    Verdict::fail(problems.join("; ")).with_fix(fix)
}

/// Whether an event is about this Gateway (of the Gateway API group: Istio has a kind Gateway too).
fn about(e: &Value, gateway: &Value) -> bool {
    let o = &e["involvedObject"];
    o["kind"] == "Gateway"
        && o["apiVersion"].as_str().is_none_or(|v| v.starts_with(&format!("{GATEWAY_API_GROUP}/")))
        && o["namespace"].as_str() == Some(namespace(gateway))
        && o["name"].as_str() == Some(name(gateway))
}

/// The Gateway's Warning events newer than its last SuccessfullyReconciled, newest first.
fn failing_events<'a>(events: &'a [Value], gateway: &Value) -> Vec<&'a Value> {
    let mine: Vec<&Value> = events.iter().filter(|e| about(e, gateway)).collect();
    let reconciled =
        mine.iter().filter(|e| e["reason"] == RECONCILED_REASON).map(|e| event_time(e)).max().unwrap_or_default();
    let mut failing: Vec<&Value> = mine
        .into_iter()
        .filter(|e| e["type"] == "Warning" && event_time(e) > reconciled)
        .filter(|e| GATEWAY_FAILURE_REASONS.contains(&e["reason"].as_str().unwrap_or_default()))
        .collect();
    failing.sort_by_key(|e| std::cmp::Reverse(event_time(e)));
    failing
}

/// GW009.
pub fn gateways_programmed(facts: &Facts) -> Verdict {
    judged(facts, judge_gateways)
}

fn judge_gateways(view: &GatewayView) -> Verdict {
    let gateways = our_gateways(view);
    if gateways.is_empty() {
        return Verdict::pass("no Gateway uses a GatewayClass of the controller");
    }
    let events: &[Value] = view.events.as_ref().map(|e| *e).unwrap_or(&[]);
    let available = view.controller_available();
    let (mut problems, mut fixes) = (Vec::new(), Vec::new());
    for gw in &gateways {
        let id = format!(
            "Gateway {}/{} (class {})",
            namespace(gw),
            name(gw),
            gw["spec"]["gatewayClassName"].as_str().unwrap_or_default()
        );
        let mut parts = Vec::new();
        let conditions = &gw["status"]["conditions"];
        for kind in ["Accepted", "Programmed"] {
            if let Some(p) = not_true(conditions, kind) {
                parts.push(p);
            }
        }
        let finalizers: Vec<&str> = gw["metadata"]["finalizers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|f| [ALB_GATEWAY_FINALIZER, NLB_GATEWAY_FINALIZER].contains(f))
            .collect();
        let stuck =
            gw["metadata"]["deletionTimestamp"].as_str().filter(|_| !finalizers.is_empty() && available != Some(true));
        if let Some(since) = stuck {
            parts.push(format!(
                "being deleted since {since}, stuck on finalizer {} with no controller available (LB002 says whether \
                 its load balancer remains)",
                finalizers.join(", ")
            ));
            fixes.push("bring the controller back: albctl apply --cluster {cluster}{ns_flags}".to_string());
        } else if !parts.is_empty() && pending(conditions) {
            fixes.push(format!("the controller has not reconciled it: see GW001-GW006, then {FIX_RESTART}"));
        }
        let failing = failing_events(events, gw);
        if !failing.is_empty() {
            let quoted: Vec<String> = failing
                .iter()
                .take(EVENTS_SHOWN)
                .map(|e| {
                    format!(
                        "{} ({}x, last {}): {}",
                        e["reason"].as_str().unwrap_or_default(),
                        e["count"].as_i64().unwrap_or(1),
                        event_time(e),
                        e["message"].as_str().unwrap_or_default().trim()
                    )
                })
                .collect();
            parts.push(format!("newest Warning events: {}", quoted.join(" | ")));
        }
        if !parts.is_empty() {
            fixes.push(format!("kubectl -n {} describe gateway {}", namespace(gw), name(gw)));
            problems.push(format!("{id}: {}", parts.join("; ")));
        }
    }
    if problems.is_empty() {
        return Verdict::pass(format!(
            "{} Gateway(s) of the controller's classes, all Accepted and Programmed, no failure newer than their last \
             reconcile",
            gateways.len()
        ));
    }
    fixes.dedup();
    fixes.push(super::fixes::FIX_RECONCILE.to_string());
    Verdict::fail(problems.join("; ")).with_fix(fixes.join("; "))
}

/// For each route, each parent status the controller wrote for one of its Gateways, or `None`
/// where the route names such a Gateway and the controller wrote nothing for it.
fn parent_statuses<'a>(view: &GatewayView<'a>) -> Vec<(&'a Value, String, Option<&'a Value>)> {
    let gateways = our_gateways(view);
    let ours = |ns: &str, n: &str| gateways.iter().any(|g| namespace(g) == ns && name(g) == n);
    let mut out = Vec::new();
    for route in view.routes {
        let route_ns = namespace(route);
        for parent in route["spec"]["parentRefs"].as_array().into_iter().flatten() {
            let group = parent["group"].as_str().unwrap_or(GATEWAY_API_GROUP);
            let kind = parent["kind"].as_str().unwrap_or("Gateway");
            // NB: ListenerSet parents are not judged here.
            if group != GATEWAY_API_GROUP || kind != "Gateway" {
                continue;
            }
            let ns = parent["namespace"].as_str().unwrap_or(route_ns);
            let gw = parent["name"].as_str().unwrap_or_default();
            if !ours(ns, gw) {
                continue;
            }
            let status = route["status"]["parents"].as_array().into_iter().flatten().find(|p| {
                let r = &p["parentRef"];
                r["name"] == gw
                    && r["namespace"].as_str().unwrap_or(route_ns) == ns
                    && r["sectionName"] == parent["sectionName"]
                    && matches!(p["controllerName"].as_str(), Some(ALB_GATEWAY_CONTROLLER | NLB_GATEWAY_CONTROLLER))
            });
            out.push((route, format!("Gateway {ns}/{gw}"), status));
        }
    }
    out
}

fn route_id(route: &Value) -> String {
    format!("{} {}/{}", route["kind"].as_str().unwrap_or("Route"), namespace(route), name(route))
}

fn describe(route: &Value) -> String {
    format!(
        "kubectl -n {} describe {} {}",
        namespace(route),
        route["kind"].as_str().unwrap_or("httproute").to_ascii_lowercase(),
        name(route)
    )
}

/// GW010.
pub fn routes_accepted(facts: &Facts) -> Verdict {
    judged(facts, judge_routes_accepted)
}

fn judge_routes_accepted(view: &GatewayView) -> Verdict {
    let statuses = parent_statuses(view);
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut fixes = Vec::new();
    for (route, parent, status) in &statuses {
        let problem = match status {
            None => Some("no status from the controller (never reconciled; see GW009)".to_string()),
            Some(s) => not_true(&s["conditions"], "Accepted"),
        };
        if let Some(p) = problem {
            problems.entry(route_id(route)).or_default().push(format!("{parent}: {p}"));
            fixes.push(describe(route));
        }
    }
    if problems.is_empty() {
        return Verdict::pass(format!(
            "{} attachment(s) of routes to the controller's Gateways, all Accepted",
            statuses.len()
        ));
    }
    let lines: Vec<String> = problems.into_iter().map(|(id, ps)| format!("{id}: {}", ps.join(", "))).collect();
    fixes.dedup();
    fixes.push("fix what the reason says (a listener's protocol, hostname or allowedRoutes; L4 and L7 routes on one Gateway are not supported)".into());
    Verdict::fail(format!("not accepted by their parent: {}", lines.join("; "))).with_fix(fixes.join("; "))
}

/// GW011.
pub fn route_backends_resolve(facts: &Facts) -> Verdict {
    judged(facts, judge_backends_resolve)
}

fn judge_backends_resolve(view: &GatewayView) -> Verdict {
    let statuses = parent_statuses(view);
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut fixes = Vec::new();
    let mut judged = 0;
    for (route, parent, status) in &statuses {
        let Some(status) = status else { continue };
        judged += 1;
        let Some(c) = condition(&status["conditions"], "ResolvedRefs") else { continue };
        if c["status"] == "False" {
            problems.entry(route_id(route)).or_default().push(format!(
                "{parent}: ResolvedRefs=False ({}: {})",
                c["reason"].as_str().unwrap_or_default(),
                c["message"].as_str().unwrap_or_default()
            ));
            fixes.push(describe(route));
        }
    }
    if problems.is_empty() {
        return Verdict::pass(format!(
            "{judged} route attachment(s) with the controller's status; no backend reference left unresolved"
        ));
    }
    let lines: Vec<String> = problems.into_iter().map(|(id, ps)| format!("{id}: {}", ps.join(", "))).collect();
    fixes.dedup();
    fixes.push(
        "create the Service and port each backendRef names (a backend in another namespace also needs a \
         ReferenceGrant there)"
            .into(),
    );
    Verdict::fail(format!("backends that do not resolve: {}", lines.join("; "))).with_fix(fixes.join("; "))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::Status;
    use super::super::checks_gateway::tests::{deployment, healthy_crds, view};
    use super::*;

    fn class(name: &str, controller: &str, accepted: &str) -> Value {
        json!({"metadata": {"name": name}, "spec": {"controllerName": controller},
               "status": {"conditions": [{"type": "Accepted", "status": accepted, "reason": if accepted == "True" { "Accepted" } else { "Pending" }, "message": "Waiting for controller"}]}})
    }

    fn gateway(programmed: &str) -> Value {
        json!({"metadata": {"namespace": "default", "name": "gw"}, "spec": {"gatewayClassName": "alb"},
               "status": {"conditions": [
                   {"type": "Accepted", "status": "True", "reason": "Accepted"},
                   {"type": "Programmed", "status": programmed, "reason": "Invalid", "message": "listener port 80 taken"}]}})
    }

    fn warning(reason: &str, at: &str, kind: &str) -> Value {
        json!({"involvedObject": {"apiVersion": "gateway.networking.k8s.io/v1", "kind": kind, "namespace": "default", "name": "gw"},
               "type": if reason == RECONCILED_REASON { "Normal" } else { "Warning" }, "reason": reason, "message": format!("{reason} at {at}"),
               "count": 2, "lastTimestamp": at})
    }

    fn route(accepted: &str, resolved: &str) -> Value {
        json!({"kind": "HTTPRoute", "metadata": {"namespace": "default", "name": "web"},
               "spec": {"parentRefs": [{"name": "gw"}, {"name": "istio-gw"}]},
               "status": {"parents": [{"parentRef": {"name": "gw"}, "controllerName": "gateway.k8s.aws/alb", "conditions": [
                   {"type": "Accepted", "status": accepted, "reason": "NotAllowedByListeners", "message": "no listener allows HTTPRoute"},
                   {"type": "ResolvedRefs", "status": resolved, "reason": "BackendNotFound", "message": "Service default/web not found"}]}]}})
    }

    #[test]
    fn classes_of_other_controllers_do_not_count() {
        let crds = healthy_crds();
        let d = deployment(&[], 2);
        let classes = [class("istio", "istio.io/gateway-controller", "True")];
        let v = view(&crds, &d, &[], (&classes, &[], &[], &[]));
        let verdict = judge_class_exists(&v);
        assert_eq!(verdict.status, Status::Warn);
        assert!(verdict.evidence.contains("istio (istio.io/gateway-controller)"), "{}", verdict.evidence);
        assert_eq!(judge_classes_accepted(&v).status, Status::Skipped);
        let classes = [class("alb", "gateway.k8s.aws/alb", "Unknown")];
        let v = view(&crds, &d, &[], (&classes, &[], &[], &[]));
        assert_eq!(judge_class_exists(&v).status, Status::Pass);
        let verdict = judge_classes_accepted(&v);
        assert_eq!(verdict.status, Status::Fail);
        assert!(verdict.fix.unwrap().contains("rollout restart"));
    }

    #[test]
    fn a_gateway_not_programmed_shows_its_newest_warnings_since_its_last_success() {
        let crds = healthy_crds();
        let d = deployment(&[], 2);
        let classes = [class("alb", "gateway.k8s.aws/alb", "True")];
        let gateways = [gateway("False")];
        let events = [
            warning("FailedDeployModel", "2026-01-01T09:00:00Z", "Gateway"),
            warning(RECONCILED_REASON, "2026-01-01T09:30:00Z", "Gateway"),
            warning("FailedBuildModel", "2026-01-01T10:00:00Z", "Gateway"),
            warning("FailedDeployModel", "2026-01-01T10:05:00Z", "Gateway"),
            warning("FailedDeployModel", "2026-01-01T10:06:00Z", "HTTPRoute"),
        ];
        let v = view(&crds, &d, &[], (&classes, &gateways, &[], &events));
        let verdict = judge_gateways(&v);
        assert_eq!(verdict.status, Status::Fail);
        let e = &verdict.evidence;
        assert!(e.contains("Programmed=False (Invalid: listener port 80 taken)"), "{e}");
        assert!(e.contains("FailedDeployModel (2x, last 2026-01-01T10:05:00Z)"), "{e}");
        assert!(e.find("10:05:00").unwrap() < e.find("10:00:00").unwrap(), "newest first: {e}");
        assert!(!e.contains("09:00:00") && !e.contains("10:06:00"), "{e}");
        let gateways = [gateway("True")];
        let events = [
            warning("FailedDeployModel", "2026-01-01T09:00:00Z", "Gateway"),
            warning(RECONCILED_REASON, "2026-01-01T09:30:00Z", "Gateway"),
        ];
        let v = view(&crds, &d, &[], (&classes, &gateways, &[], &events));
        assert_eq!(judge_gateways(&v).status, Status::Pass);
    }

    #[test]
    fn routes_are_judged_by_the_controllers_parent_status_only() {
        let crds = healthy_crds();
        let d = deployment(&[], 2);
        let classes = [class("alb", "gateway.k8s.aws/alb", "True")];
        let gateways = [gateway("True")];
        let routes = [route("False", "False")];
        let v = view(&crds, &d, &[], (&classes, &gateways, &routes, &[]));
        let accepted = judge_routes_accepted(&v);
        assert_eq!(accepted.status, Status::Fail);
        assert!(
            accepted
                .evidence
                .contains("HTTPRoute default/web: Gateway default/gw: Accepted=False (NotAllowedByListeners")
        );
        assert!(!accepted.evidence.contains("istio-gw"), "{}", accepted.evidence);
        let resolved = judge_backends_resolve(&v);
        assert_eq!(resolved.status, Status::Fail);
        assert!(resolved.evidence.contains("ResolvedRefs=False (BackendNotFound: Service default/web not found)"));
        let routes = [route("True", "True")];
        let v = view(&crds, &d, &[], (&classes, &gateways, &routes, &[]));
        assert_eq!(judge_routes_accepted(&v).status, Status::Pass);
        assert_eq!(judge_backends_resolve(&v).status, Status::Pass);
    }
}
