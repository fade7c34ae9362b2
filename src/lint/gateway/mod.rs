//! Lint of the Gateway API objects the controller handles (GatewayClass, Gateway, HTTPRoute,
//! GRPCRoute, TCPRoute, UDPRoute, TLSRoute, ListenerSet, BackendTLSPolicy) and of its own
//! configuration kinds (LoadBalancerConfiguration, TargetGroupConfiguration,
//! ListenerRuleConfiguration). Pure: objects in, findings out.
//!
//! Selection follows the controller: a GatewayClass is its own when `spec.controllerName` is
//! `gateway.k8s.aws/alb` or `/nlb`; a Gateway when its class is such a GatewayClass among the
//! objects; a route or ListenerSet when one of its parents is such a Gateway. A reference
//! resolves when its target is among the objects (the files given, or the cluster's live
//! objects with `--cluster`).
//!
//! What the controller does not support comes from its docs at v3.5.0
//! (`docs/guide/gateway/l7gateway.md`, `gateway.md`); the ALB limits from the ELB user guide
//! (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html>,
//! default quotas); how routes become ALB rules from the controller's source
//! (`pkg/gateway/routeutils/route_rule_condition.go`: one rule per hostname and match; a
//! PathPrefix match gives two path values, `/p` and `/p/*`, and `/` gives `/*`).

use std::collections::HashMap;

use serde_json::Value;

use super::checks::Emit;
use super::checks::{Finding, Options};
use super::gather::Object;
use crate::model::gateway::{ALB_GATEWAY_CONTROLLER, LBC_GATEWAY_GROUP, NLB_GATEWAY_CONTROLLER};

pub mod schema;

#[cfg(test)]
mod tests;

/// Routes an ALB Gateway serves (L7).
const L7_ROUTES: [&str; 2] = ["HTTPRoute", "GRPCRoute"];
/// Routes an NLB Gateway serves (L4).
const L4_ROUTES: [&str; 3] = ["TCPRoute", "UDPRoute", "TLSRoute"];
/// Kinds with `spec.parentRefs` to Gateways.
const ROUTES: [&str; 5] = ["HTTPRoute", "GRPCRoute", "TCPRoute", "UDPRoute", "TLSRoute"];

/// ALB quotas (default values) a Gateway can run into, with the source page.
pub mod limits {
    /// Rules per Application Load Balancer, not counting default rules.
    pub const RULES_PER_LOAD_BALANCER: usize = 100;
    /// Condition values per rule.
    pub const CONDITION_VALUES_PER_RULE: usize = 5;
    /// Wildcards per rule.
    pub const WILDCARDS_PER_RULE: usize = 5;
    /// Certificates per Application Load Balancer, not counting default certificates.
    pub const CERTIFICATES_PER_LOAD_BALANCER: usize = 25;
    /// Where the numbers come from.
    pub const SOURCE: &str =
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html";
}

/// HTTPRoute/GRPCRoute filters the controller cannot put on an ALB (l7gateway.md at v3.5.0).
const UNSUPPORTED_FILTERS: [&str; 3] = ["RequestMirror", "ResponseHeaderModifier", "CORS"];

/// Which load balancer a Gateway class makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Alb,
    Nlb,
}

/// The Gateway API objects the controller handles among the inputs.
pub struct Selection {
    /// GatewayClass name -> flavour, for the controller's classes.
    classes: HashMap<String, Flavour>,
    /// Every GatewayClass name among the inputs -> its controllerName.
    all_classes: HashMap<String, String>,
    /// (namespace, name) -> flavour of the controller's Gateways.
    gateways: HashMap<(String, String), Flavour>,
    /// Every Gateway among the inputs.
    all_gateways: HashMap<(String, String), String>,
}

fn is_gateway_api(o: &Object) -> bool {
    o.api_version.starts_with("gateway.networking.k8s.io/")
}

fn is_configuration(o: &Object) -> bool {
    o.api_version.starts_with(&format!("{LBC_GATEWAY_GROUP}/"))
}

/// A parentRef's target Gateway as (namespace, name), or `None` for another kind.
fn parent_gateway(r: &Value, ns: &str) -> Option<(String, String)> {
    let kind = r["kind"].as_str().unwrap_or("Gateway");
    let group = r["group"].as_str().unwrap_or("gateway.networking.k8s.io");
    if kind != "Gateway" || group != "gateway.networking.k8s.io" {
        return None;
    }
    Some((r["namespace"].as_str().unwrap_or(ns).to_string(), r["name"].as_str()?.to_string()))
}

fn parent_refs(o: &Object) -> Vec<(usize, &Value)> {
    if o.kind == "ListenerSet" {
        return o.value["spec"]["parentRef"]
            .as_object()
            .map(|_| vec![(0, &o.value["spec"]["parentRef"])])
            .unwrap_or_default();
    }
    o.value["spec"]["parentRefs"].as_array().into_iter().flatten().enumerate().collect()
}

impl Selection {
    /// The controller's classes and Gateways among the objects.
    pub fn of(objects: &[Object]) -> Selection {
        let mut s = Selection {
            classes: HashMap::new(),
            all_classes: HashMap::new(),
            gateways: HashMap::new(),
            all_gateways: HashMap::new(),
        };
        for o in objects.iter().filter(|o| is_gateway_api(o) && o.kind == "GatewayClass") {
            let controller = o.value["spec"]["controllerName"].as_str().unwrap_or_default();
            s.all_classes.insert(o.name.clone(), controller.to_string());
            match controller {
                ALB_GATEWAY_CONTROLLER => s.classes.insert(o.name.clone(), Flavour::Alb),
                NLB_GATEWAY_CONTROLLER => s.classes.insert(o.name.clone(), Flavour::Nlb),
                _ => None,
            };
        }
        for o in objects.iter().filter(|o| is_gateway_api(o) && o.kind == "Gateway") {
            let class = o.value["spec"]["gatewayClassName"].as_str().unwrap_or_default().to_string();
            if let Some(f) = s.classes.get(&class) {
                s.gateways.insert((o.namespace.clone(), o.name.clone()), *f);
            }
            s.all_gateways.insert((o.namespace.clone(), o.name.clone()), class);
        }
        s
    }

    /// `None` for a kind this module does not judge; else whether it judges this object, or why not.
    pub fn role(&self, o: &Object) -> Option<Result<(), String>> {
        if is_configuration(o) {
            return Some(Ok(()));
        }
        if !is_gateway_api(o) {
            return None;
        }
        Some(match o.kind.as_str() {
            "GatewayClass" => match self.classes.get(&o.name) {
                Some(_) => Ok(()),
                None => Err(format!(
                    "controllerName {} is not the controller's",
                    o.value["spec"]["controllerName"].as_str().unwrap_or("(none)")
                )),
            },
            "Gateway" => {
                let class = o.value["spec"]["gatewayClassName"].as_str().unwrap_or_default();
                match (self.classes.get(class), self.all_classes.get(class)) {
                    (Some(_), _) => Ok(()),
                    (None, Some(c)) => Err(format!("GatewayClass {class} is {c}'s")),
                    (None, None) => Err(format!("GatewayClass {class} is not among the inputs")),
                }
            }
            k if ROUTES.contains(&k) || k == "ListenerSet" => {
                if parent_refs(o)
                    .iter()
                    .any(|(_, r)| parent_gateway(r, &o.namespace).is_some_and(|g| self.gateways.contains_key(&g)))
                {
                    Ok(())
                } else {
                    Err("none of its parents is a Gateway of the controller's classes among the inputs".into())
                }
            }
            "BackendTLSPolicy" if !self.gateways.is_empty() => Ok(()),
            k => Err(format!("kind {k} is not judged")),
        })
    }
}

/// Judges the selected objects; returns the indices judged.
pub fn check(objects: &[Object], sel: &Selection, _opts: &Options, out: &mut Vec<Finding>) -> Vec<usize> {
    let mut judged = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        if sel.role(o) != Some(Ok(())) {
            continue;
        }
        judged.push(i);
        let mut emit = Emit { object: o, out };
        match o.kind.as_str() {
            _ if is_configuration(o) => configuration(&mut emit),
            "GatewayClass" => gateway_class(&mut emit),
            "Gateway" => gateway(&mut emit, objects, sel),
            "BackendTLSPolicy" => emit.at(
                "LINT029",
                "spec",
                o.line,
                "BackendTLSPolicy is not supported by the controller: its ALB/NLB target groups do not verify backend \
                 certificates this way"
                    .into(),
                Some("remove it; set the target group protocol HTTPS in a TargetGroupConfiguration instead".into()),
            ),
            _ => route(&mut emit, objects, sel),
        }
    }
    judged
}

fn path_of(path: &[String]) -> Vec<&str> {
    path.iter().map(String::as_str).collect()
}

/// LINT025: the CRD schema of the controller's configuration kinds.
fn configuration(emit: &mut Emit) {
    let o = emit.object;
    let Some(schema) = schema::schema_of(&o.api_version, &o.kind) else {
        let served = schema::served_versions(&o.kind);
        let message = if served.is_empty() {
            format!("{} is not a kind of {LBC_GATEWAY_GROUP}", o.kind)
        } else {
            format!("{} is not served as {}; the CRD serves {}", o.kind, o.api_version, served.join(", "))
        };
        emit.at(
            "LINT025",
            "apiVersion",
            o.line_of(&["apiVersion"]),
            message,
            served.first().map(|v| format!("apiVersion: {v}")),
        );
        return;
    };
    for v in schema::validate(schema, &o.value) {
        let line = o.line_of(&path_of(&v.path)).or(o.line);
        emit.at("LINT025", &v.path.join("."), line, format!("{}: {}", v.path.join("."), v.message), None);
    }
}

/// LINT034: a parametersRef without a namespace.
fn gateway_class(emit: &mut Emit) {
    let o = emit.object;
    let r = &o.value["spec"]["parametersRef"];
    if r.is_object() && r["namespace"].as_str().is_none() {
        emit.at(
            "LINT034",
            "spec.parametersRef.namespace",
            o.line_of(&["spec", "parametersRef"]),
            "parametersRef has no namespace: the controller sets Accepted=False (InvalidParametersRef) and no Gateway \
             of this class is built"
                .into(),
            Some("add spec.parametersRef.namespace: the LoadBalancerConfiguration's namespace".into()),
        );
    }
}

fn find<'a>(objects: &'a [Object], kind: &str, ns: &str, name: &str) -> Option<&'a Object> {
    objects.iter().find(|o| o.kind == kind && o.namespace == ns && o.name == name)
}

/// LINT026, LINT027, LINT032, LINT033 for a Gateway.
fn gateway(emit: &mut Emit, objects: &[Object], sel: &Selection) {
    let o = emit.object;
    let flavour = sel.gateways[&(o.namespace.clone(), o.name.clone())];
    for (i, l) in o.value["spec"]["listeners"].as_array().into_iter().flatten().enumerate() {
        if l["tls"]["certificateRefs"].as_array().is_some_and(|c| !c.is_empty()) {
            emit.at(
                "LINT026",
                &format!("spec.listeners[{i}].tls.certificateRefs"),
                o.line_of(&["spec", "listeners", &i.to_string(), "tls", "certificateRefs"]),
                format!(
                    "listener {} names certificateRefs: the controller takes certificates only from ACM and ignores \
                     Kubernetes Secrets",
                    l["name"].as_str().unwrap_or("?")
                ),
                Some(
                    "remove certificateRefs; set defaultCertificate/certificates (ACM ARNs) in the LoadBalancerConfiguration \
                     of this listener, or let the controller discover them from the hostnames"
                        .into(),
                ),
            );
        }
    }
    // The LoadBalancerConfiguration of the Gateway.
    let infra = &o.value["spec"]["infrastructure"]["parametersRef"];
    let mut lbc = None;
    if let Some(name) = infra["name"].as_str() {
        lbc = find(objects, "LoadBalancerConfiguration", &o.namespace, name);
        if lbc.is_none() {
            emit.at(
                "LINT032",
                "spec.infrastructure.parametersRef",
                o.line_of(&["spec", "infrastructure", "parametersRef"]),
                format!("LoadBalancerConfiguration {}/{name} does not exist among the objects", o.namespace),
                Some(format!("create LoadBalancerConfiguration {name} in namespace {}", o.namespace)),
            );
        }
    }
    // Routes attached.
    let attached: Vec<&Object> = objects
        .iter()
        .filter(|r| ROUTES.contains(&r.kind.as_str()))
        .filter(|r| {
            parent_refs(r)
                .iter()
                .any(|(_, p)| parent_gateway(p, &r.namespace) == Some((o.namespace.clone(), o.name.clone())))
        })
        .collect();
    let l7: Vec<String> =
        attached.iter().filter(|r| L7_ROUTES.contains(&r.kind.as_str())).map(|r| r.display()).collect();
    let l4: Vec<String> =
        attached.iter().filter(|r| L4_ROUTES.contains(&r.kind.as_str())).map(|r| r.display()).collect();
    let wrong = match flavour {
        Flavour::Alb => (!l4.is_empty())
            .then(|| format!("an ALB Gateway (class gateway.k8s.aws/alb) cannot serve {}", l4.join(", "))),
        Flavour::Nlb => (!l7.is_empty())
            .then(|| format!("an NLB Gateway (class gateway.k8s.aws/nlb) cannot serve {}", l7.join(", "))),
    };
    if let Some(why) = wrong {
        let mixed =
            if !l4.is_empty() && !l7.is_empty() { "L4 and L7 routes on one Gateway are not supported; " } else { "" };
        emit.at(
            "LINT027",
            "spec.gatewayClassName",
            o.line_of(&["spec", "gatewayClassName"]),
            format!("{mixed}{why}"),
            Some("attach HTTPRoute/GRPCRoute to a Gateway of an ALB class and TCPRoute/UDPRoute/TLSRoute to one of an NLB class".into()),
        );
    }
    if flavour != Flavour::Alb {
        return;
    }
    let mut rules = 0;
    for r in attached.iter().filter(|r| L7_ROUTES.contains(&r.kind.as_str())) {
        let hostnames = r.value["spec"]["hostnames"].as_array().map_or(1, |h| h.len().max(1));
        for rule in r.value["spec"]["rules"].as_array().into_iter().flatten() {
            rules += hostnames * rule["matches"].as_array().map_or(1, |m| m.len().max(1));
        }
    }
    if rules > limits::RULES_PER_LOAD_BALANCER {
        emit.at(
            "LINT033",
            "spec.listeners",
            o.line_of(&["spec", "listeners"]),
            format!(
                "its routes make {rules} listener rules (one per hostname and match); an ALB allows {} ({})",
                limits::RULES_PER_LOAD_BALANCER,
                limits::SOURCE
            ),
            Some("split the routes over more Gateways, or ask AWS for a higher quota".into()),
        );
    }
    if let Some(lbc) = lbc {
        let certs: usize = lbc.value["spec"]["listenerConfigurations"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|l| l["certificates"].as_array().map_or(0, Vec::len))
            .sum();
        if certs > limits::CERTIFICATES_PER_LOAD_BALANCER {
            emit.at(
                "LINT033",
                "spec.infrastructure.parametersRef",
                o.line_of(&["spec", "infrastructure", "parametersRef"]),
                format!(
                    "LoadBalancerConfiguration {} adds {certs} certificates besides the defaults; an ALB allows {} ({})",
                    lbc.name,
                    limits::CERTIFICATES_PER_LOAD_BALANCER,
                    limits::SOURCE
                ),
                Some("use fewer certificates (a wildcard or SAN certificate), or ask AWS for a higher quota".into()),
            );
        }
    }
}

/// Condition values and wildcards of the ALB rule one hostname and one match make.
fn rule_size(hostname: Option<&str>, m: &Value) -> (usize, usize) {
    let (mut values, mut wildcards) = (0, 0);
    if let Some(h) = hostname {
        values += 1;
        wildcards += usize::from(h.contains('*'));
    }
    if m["path"].is_object() {
        let t = m["path"]["type"].as_str().unwrap_or("PathPrefix");
        let v = m["path"]["value"].as_str().unwrap_or("/");
        match t {
            "PathPrefix" if v == "/" => (values, wildcards) = (values + 1, wildcards + 1),
            "PathPrefix" => (values, wildcards) = (values + 2, wildcards + 1),
            _ => {
                values += 1;
                wildcards += v.matches(['*', '?']).count();
            }
        }
    }
    values += m["headers"].as_array().map_or(0, Vec::len);
    values += m["queryParams"].as_array().map_or(0, Vec::len);
    values += usize::from(m["method"].is_string());
    (values, wildcards)
}

/// LINT027 (route kind), LINT028, LINT030, LINT031, LINT032, LINT033 for a route or ListenerSet.
fn route(emit: &mut Emit, objects: &[Object], sel: &Selection) {
    let o = emit.object;
    for (i, p) in parent_refs(o) {
        let Some(g) = parent_gateway(p, &o.namespace) else { continue };
        let at = if o.kind == "ListenerSet" {
            vec!["spec".to_string(), "parentRef".into()]
        } else {
            vec!["spec".to_string(), "parentRefs".into(), i.to_string()]
        };
        let line = o.line_of(&path_of(&at));
        let why = match (sel.gateways.get(&g), sel.all_gateways.get(&g)) {
            (Some(_), _) => continue,
            (None, Some(class)) => {
                format!("Gateway {}/{} is of class {class}, which is not the controller's", g.0, g.1)
            }
            (None, None) => format!("Gateway {}/{} does not exist among the objects", g.0, g.1),
        };
        emit.at(
            "LINT030",
            &at.join("."),
            line,
            why,
            Some("name a Gateway of a gateway.k8s.aws/alb or /nlb GatewayClass".into()),
        );
    }
    if o.kind == "ListenerSet" {
        return;
    }
    let l7 = L7_ROUTES.contains(&o.kind.as_str());
    let hostnames: Vec<Option<&str>> = match o.value["spec"]["hostnames"].as_array() {
        Some(h) if !h.is_empty() => h.iter().map(Value::as_str).collect(),
        _ => vec![None],
    };
    for (r, rule) in o.value["spec"]["rules"].as_array().into_iter().flatten().enumerate() {
        let rule_path = ["spec".to_string(), "rules".into(), r.to_string()];
        let rule_line = o.line_of(&path_of(&rule_path));
        if l7 {
            for field in ["timeouts", "retry", "sessionPersistence"] {
                if rule[field].is_object() {
                    emit.at(
                        "LINT028",
                        &format!("spec.rules[{r}].{field}"),
                        o.line_of(&["spec", "rules", &r.to_string(), field]).or(rule_line),
                        format!("rule {r} sets {field}, which the controller does not support on an ALB: it is ignored"),
                        Some(format!("remove {field}; tune the target group or listener in a TargetGroupConfiguration or ListenerRuleConfiguration")),
                    );
                }
            }
            let filters = rule["filters"].as_array().into_iter().flatten().chain(
                rule["backendRefs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .flat_map(|b| b["filters"].as_array().into_iter().flatten()),
            );
            for f in filters {
                let t = f["type"].as_str().unwrap_or_default();
                if UNSUPPORTED_FILTERS.contains(&t) {
                    emit.at(
                        "LINT028",
                        &format!("spec.rules[{r}].filters"),
                        o.line_of(&["spec", "rules", &r.to_string(), "filters"]).or(rule_line),
                        format!("filter {t} is not supported by the controller: an ALB cannot do it"),
                        Some(format!("remove the {t} filter")),
                    );
                }
                if t == "ExtensionRef" {
                    let e = &f["extensionRef"];
                    let name = e["name"].as_str().unwrap_or_default();
                    if e["kind"] == "ListenerRuleConfiguration"
                        && find(objects, "ListenerRuleConfiguration", &o.namespace, name).is_none()
                    {
                        emit.at(
                            "LINT032",
                            &format!("spec.rules[{r}].filters"),
                            o.line_of(&["spec", "rules", &r.to_string(), "filters"]).or(rule_line),
                            format!("ExtensionRef names ListenerRuleConfiguration {}/{name}, which does not exist among the objects", o.namespace),
                            Some(format!("create ListenerRuleConfiguration {name} in namespace {}", o.namespace)),
                        );
                    }
                }
            }
            for h in &hostnames {
                for m in rule["matches"].as_array().cloned().unwrap_or_else(|| vec![Value::Null]) {
                    let (values, wildcards) = rule_size(*h, &m);
                    if values > limits::CONDITION_VALUES_PER_RULE || wildcards > limits::WILDCARDS_PER_RULE {
                        emit.at(
                            "LINT033",
                            &format!("spec.rules[{r}].matches"),
                            o.line_of(&["spec", "rules", &r.to_string(), "matches"]).or(rule_line),
                            format!(
                                "a match of rule {r} makes an ALB rule with {values} condition values and {wildcards} wildcards; \
                                 an ALB rule allows {} and {} ({})",
                                limits::CONDITION_VALUES_PER_RULE,
                                limits::WILDCARDS_PER_RULE,
                                limits::SOURCE
                            ),
                            Some("split the match into several matches or rules".into()),
                        );
                    }
                }
            }
        }
        for (b, backend) in rule["backendRefs"].as_array().into_iter().flatten().enumerate() {
            let kind = backend["kind"].as_str().unwrap_or("Service");
            if kind != "Service" || backend["group"].as_str().is_some_and(|g| !g.is_empty()) {
                continue;
            }
            let ns = backend["namespace"].as_str().unwrap_or(&o.namespace);
            let name = backend["name"].as_str().unwrap_or_default();
            let line = o.line_of(&["spec", "rules", &r.to_string(), "backendRefs", &b.to_string()]).or(rule_line);
            let key = format!("spec.rules[{r}].backendRefs[{b}]");
            match find(objects, "Service", ns, name) {
                None => emit.at(
                    "LINT031",
                    &key,
                    line,
                    format!("backendRef names Service {ns}/{name}, which does not exist among the objects"),
                    Some(format!("create Service {name} in namespace {ns}, or fix the name")),
                ),
                Some(svc) => {
                    let port = backend["port"].as_u64();
                    let ports: Vec<u64> = svc.value["spec"]["ports"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|p| p["port"].as_u64())
                        .collect();
                    if let Some(port) = port.filter(|p| !ports.contains(p)) {
                        emit.at(
                            "LINT031",
                            &key,
                            line,
                            format!("backendRef names port {port} of Service {ns}/{name}, which has ports {ports:?}"),
                            Some(format!("use one of the Service's ports: {ports:?}")),
                        );
                    }
                }
            }
        }
    }
}

/// The ACM certificates the judged LoadBalancerConfigurations name (`defaultCertificate` and
/// `certificates` of each listener), for `lint --cluster` to look up as it does for Ingresses.
pub fn references(objects: &[Object], judged: &[usize]) -> Vec<super::checks::refs::Reference> {
    use super::checks::refs::{RefKind, Reference};
    let mut out = Vec::new();
    for &i in judged {
        let o = &objects[i];
        if !is_configuration(o) || o.kind != "LoadBalancerConfiguration" {
            continue;
        }
        for (l, listener) in o.value["spec"]["listenerConfigurations"].as_array().into_iter().flatten().enumerate() {
            let l = l.to_string();
            let certs = listener["defaultCertificate"]
                .as_str()
                .map(|c| (c, "defaultCertificate".to_string()))
                .into_iter()
                .chain(
                    listener["certificates"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(|c| (c, "certificates".to_string())),
                );
            for (arn, field) in certs.filter(|(c, _)| !c.is_empty()) {
                out.push(Reference {
                    kind: RefKind::Certificate,
                    value: arn.to_string(),
                    object: i,
                    key: format!("spec.listenerConfigurations[{l}].{field}"),
                    line: o.line_of(&["spec", "listenerConfigurations", &l, &field]),
                });
            }
        }
    }
    out
}
