//! Rules that span several keys or objects: a Service the controller skips for its type
//! annotations, an Ingress's backends against their Services, health check timing.

use super::selection::backends;
use super::{Emit, Finding, Role, values};
use crate::lint::catalogue::INGRESS_PREFIX;
use crate::lint::gather::Object;

pub(super) fn legacy_external_without_target_type(o: &Object, out: &mut Vec<Finding>) {
    let lb_type = "service.beta.kubernetes.io/aws-load-balancer-type";
    let target_key = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type";
    if o.value["spec"]["loadBalancerClass"].is_null() && o.annotation(lb_type) == Some("external") {
        let target = o.annotation(target_key);
        let line = if target.is_some() { o.annotation_line(target_key) } else { o.annotation_line(lb_type) };
        let said = target.map(|t| format!(" (it is '{t}')")).unwrap_or_default();
        Emit { object: o, out }.at(
            "LINT014",
            target_key,
            line,
            format!("aws-load-balancer-type is external but aws-load-balancer-nlb-target-type is not ip or instance{said}: the controller does not reconcile this Service"),
            Some(format!("add {target_key}: ip (or instance)")),
        );
    }
}

/// `use-annotation` backends need their actions.NAME; instance targets need a NodePort Service.
pub(super) fn ingress_backends(emit: &mut Emit, objects: &[Object]) {
    let o = emit.object;
    let ing_target = o.annotation("alb.ingress.kubernetes.io/target-type");
    for b in backends(o) {
        let line = o.line_of(&b.path.iter().map(String::as_str).collect::<Vec<_>>());
        let Some(service) = &b.service else { continue };
        if b.port_name.as_deref() == Some("use-annotation") {
            let key = format!("{INGRESS_PREFIX}actions.{service}");
            if o.annotation(&key).is_none() && o.value["metadata"]["annotations"][&key].is_null() {
                emit.at(
                    "LINT019",
                    &key,
                    line,
                    format!("backend {service} uses port use-annotation but there is no {key}: the rule answers 503"),
                    Some(format!("add the {key} annotation, or point the backend at a Service port")),
                );
            }
            continue;
        }
        let Some(svc) =
            objects.iter().find(|s| s.kind == "Service" && s.namespace == o.namespace && &s.name == service)
        else {
            continue;
        };
        let svc_target = svc.annotation("alb.ingress.kubernetes.io/target-type");
        let target = svc_target.or(ing_target).unwrap_or("instance");
        let svc_type = svc.value["spec"]["type"].as_str().unwrap_or("ClusterIP");
        if target == "instance" && !matches!(svc_type, "NodePort" | "LoadBalancer") {
            let how = match (svc_target, ing_target) {
                (Some(_), _) => "the Service's target-type annotation",
                (None, Some(_)) => "this Ingress's target-type annotation",
                (None, None) => "the controller's default",
            };
            let key = format!("{INGRESS_PREFIX}target-type");
            let line = if ing_target.is_some() && svc_target.is_none() { o.annotation_line(&key) } else { line };
            emit.at(
                "LINT010",
                &key,
                line,
                format!("target type is instance ({how}) but Service {service} is {svc_type}: instance targets need a NodePort"),
                Some(format!("set {key}: ip, or make Service {service} type NodePort")),
            );
        }
    }
}

/// AWS: the health check timeout must be shorter than the interval.
pub(super) fn health_check_timing(emit: &mut Emit, role: Role) {
    let o = emit.object;
    let (interval, timeout) = match role {
        Role::Ingress => (
            "alb.ingress.kubernetes.io/healthcheck-interval-seconds",
            "alb.ingress.kubernetes.io/healthcheck-timeout-seconds",
        ),
        _ => return,
    };
    let get = |k: &str, d: i64| o.annotation(k).map(|v| values::parse_int(v, 32)).unwrap_or(Some(d));
    if let (Some(i), Some(t)) = (get(interval, 15), get(timeout, 5))
        && (o.annotation(interval).is_some() || o.annotation(timeout).is_some())
        && t >= i
    {
        emit.key(
            "LINT005",
            if o.annotation(timeout).is_some() { timeout } else { interval },
            format!("health check timeout {t}s is not shorter than the interval {i}s: the AWS API rejects it"),
            Some("make the timeout shorter than the interval".into()),
        );
    }
}
