//! Checks of the controller running beside EKS Auto Mode's own load balancing (pure).
//!
//! Auto Mode's controller owns IngressClasses of controller `eks.amazonaws.com/alb` and Services
//! of `loadBalancerClass: eks.amazonaws.com/nlb` (the cluster's default for class-less
//! LoadBalancer Services); this controller owns `ingress.k8s.aws/alb` and `service.k8s.aws/nlb`.
//! Every check is skipped on a cluster without Auto Mode.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Verdict;
use super::facts::Facts;
use crate::model::INGRESS_CLASS_CONTROLLER as LBC_CONTROLLER;

/// IngressClass controller of EKS Auto Mode.
pub const AUTO_MODE_CONTROLLER: &str = "eks.amazonaws.com/alb";
/// Service load balancer class of EKS Auto Mode.
pub const AUTO_MODE_NLB_CLASS: &str = "eks.amazonaws.com/nlb";
const DEFAULT_CLASS_ANNOTATION: &str = "ingressclass.kubernetes.io/is-default-class";

/// What these checks read.
#[derive(Debug, Clone, Default)]
pub struct AutoModeFacts {
    /// Cluster name (for fixes).
    pub cluster: String,
    /// DescribeCluster: `computeConfig.enabled` and `kubernetesNetworkConfig.elasticLoadBalancing.enabled`.
    pub enabled: bool,
    /// The IngressClass name the controller serves (its `--ingress-class`, default `alb`).
    pub our_class: String,
    /// Every IngressClass in the cluster.
    pub ingress_classes: Vec<Value>,
    /// Every Ingress.
    pub ingresses: Vec<Value>,
    /// Every Service of type LoadBalancer.
    pub services: Vec<Value>,
    /// The controller container's args, if the Deployment was read.
    pub controller_args: Option<Vec<String>>,
    /// Whether the controller's mutating webhook configuration has the Service mutator.
    pub service_mutator: Option<bool>,
}

fn skip_unless_auto(f: &AutoModeFacts) -> Option<Verdict> {
    (!f.enabled).then(|| Verdict::skipped("the cluster does not run EKS Auto Mode"))
}

fn name(v: &Value) -> String {
    let ns = v["metadata"]["namespace"].as_str();
    let n = v["metadata"]["name"].as_str().unwrap_or_default();
    ns.map(|ns| format!("{ns}/{n}")).unwrap_or_else(|| n.to_string())
}

fn classes(f: &AutoModeFacts) -> BTreeMap<String, String> {
    f.ingress_classes
        .iter()
        .map(|c| (name(c), c["spec"]["controller"].as_str().unwrap_or_default().to_string()))
        .collect()
}

/// AM001: the IngressClass name the controller serves is not held by another controller.
pub fn class_clash(f: &AutoModeFacts) -> Verdict {
    if let Some(v) = skip_unless_auto(f) {
        return v;
    }
    match classes(f).get(&f.our_class) {
        Some(controller) if controller != LBC_CONTROLLER => Verdict::fail(format!(
            "IngressClass {} belongs to controller {controller}, not {LBC_CONTROLLER} (spec.controller is immutable): the controller ignores the Ingresses of its own class name",
            f.our_class
        ))
        .with_fix(format!("albctl setup --cluster {} --ingress-class NAME (a name no other controller holds)", f.cluster)),
        Some(_) => Verdict::pass(format!("IngressClass {} is {LBC_CONTROLLER}'s", f.our_class)),
        None => Verdict::pass(format!("no IngressClass {} yet; no other controller holds the name", f.our_class)),
    }
}

/// AM002: at most one default IngressClass.
pub fn one_default_class(f: &AutoModeFacts) -> Verdict {
    if let Some(v) = skip_unless_auto(f) {
        return v;
    }
    let defaults: Vec<String> = f
        .ingress_classes
        .iter()
        .filter(|c| c["metadata"]["annotations"][DEFAULT_CLASS_ANNOTATION].as_str() == Some("true"))
        .map(|c| format!("{} ({})", name(c), c["spec"]["controller"].as_str().unwrap_or_default()))
        .collect();
    match defaults.len() {
        0 | 1 => Verdict::pass(if defaults.is_empty() { "no default IngressClass".into() } else { defaults.join("") }),
        _ => Verdict::fail(format!(
            "{} IngressClasses are marked default ({}): the API server refuses new Ingresses without spec.ingressClassName",
            defaults.len(),
            defaults.join(", ")
        ))
        .with_fix(format!("kubectl annotate ingressclass NAME {DEFAULT_CLASS_ANNOTATION}- on all but one")),
    }
}

/// AM003: no object is handed to one controller with annotations only the other reads.
pub fn objects_on_the_right_controller(f: &AutoModeFacts) -> Verdict {
    if let Some(v) = skip_unless_auto(f) {
        return v;
    }
    let by_class = classes(f);
    let mut wrong = Vec::new();
    for ing in &f.ingresses {
        let class = ing["spec"]["ingressClassName"].as_str().unwrap_or_default();
        let controller = by_class.get(class).map(String::as_str).unwrap_or_default();
        let annotations = ing["metadata"]["annotations"].as_object();
        let lbc_keys: Vec<&String> = annotations
            .into_iter()
            .flat_map(|a| a.keys())
            .filter(|k| k.starts_with("alb.ingress.kubernetes.io/"))
            .filter(|k| crate::lint::checks::auto_mode::unsupported("Ingress", k).is_some())
            .collect();
        if controller == AUTO_MODE_CONTROLLER && !lbc_keys.is_empty() {
            wrong.push(format!(
                "Ingress {} is Auto Mode's (class {class}) but sets {} that only the self-managed controller reads",
                name(ing),
                lbc_keys.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    for svc in &f.services {
        let class = svc["spec"]["loadBalancerClass"].as_str();
        let annotations = svc["metadata"]["annotations"].as_object();
        let lbc_keys: Vec<&String> = annotations
            .into_iter()
            .flat_map(|a| a.keys())
            .filter(|k| crate::lint::checks::auto_mode::unsupported("Service", k).is_some())
            .collect();
        // NB: a class-less LoadBalancer Service is Auto Mode's by the cluster default (unless the
        // Service mutator webhook stamped service.k8s.aws/nlb on it at creation).
        if (class.is_none() || class == Some(AUTO_MODE_NLB_CLASS)) && !lbc_keys.is_empty() {
            wrong.push(format!(
                "Service {} is Auto Mode's ({}) but sets {} that only the self-managed controller reads",
                name(svc),
                class.unwrap_or("no loadBalancerClass"),
                lbc_keys.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if wrong.is_empty() {
        return Verdict::pass(format!(
            "{} Ingress(es) and {} LoadBalancer Service(s): each on the controller its annotations are for",
            f.ingresses.len(),
            f.services.len()
        ));
    }
    Verdict::warn(wrong.join("; ")).with_fix(
        "point the object at the self-managed controller (IngressClass of ingress.k8s.aws/alb; Service loadBalancerClass service.k8s.aws/nlb), or drop the annotations Auto Mode ignores (albctl lint --target auto-mode)",
    )
}

/// AM004: the controller has `--aws-region` and `--aws-vpc-id` (Auto Mode nodes answer IMDS
/// with hop limit 1, so a controller that asks IMDS for them crash-loops).
pub fn region_and_vpc_flags(f: &AutoModeFacts) -> Verdict {
    if let Some(v) = skip_unless_auto(f) {
        return v;
    }
    let Some(args) = &f.controller_args else { return Verdict::skipped("the controller Deployment was not read") };
    let has = |flag: &str| args.iter().any(|a| a == flag || a.starts_with(&format!("{flag}=")));
    let missing: Vec<&str> = ["--aws-region", "--aws-vpc-id"].into_iter().filter(|f| !has(f)).collect();
    if missing.is_empty() {
        return Verdict::pass("--aws-region and --aws-vpc-id are set");
    }
    Verdict::fail(format!(
        "the controller lacks {}: on Auto Mode nodes (IMDS hop limit 1) it cannot learn them and crash-loops",
        missing.join(" and ")
    ))
    .with_fix(format!("albctl setup --cluster {} (it always passes region and VPC)", f.cluster))
}

/// AM005: the Service mutator webhook is off, so class-less Services stay with Auto Mode.
pub fn service_mutator_off(f: &AutoModeFacts) -> Verdict {
    if let Some(v) = skip_unless_auto(f) {
        return v;
    }
    match f.service_mutator {
        None => Verdict::skipped("the controller's MutatingWebhookConfiguration was not read"),
        Some(false) => Verdict::pass("no mservice webhook: class-less LoadBalancer Services keep Auto Mode's default class"),
        Some(true) => Verdict::warn(
            "the mservice.elbv2.k8s.aws webhook stamps service.k8s.aws/nlb on new class-less LoadBalancer Services, taking them from Auto Mode's default",
        )
        .with_fix(format!(
            "albctl setup --cluster {} (on Auto Mode it turns enableServiceMutatorWebhook off unless --values turn it on)",
            f.cluster
        )),
    }
}

/// The Service mutator webhook's name in the controller's MutatingWebhookConfiguration.
const SERVICE_MUTATOR: &str = "mservice.elbv2.k8s.aws";

/// What the Auto Mode checks need, out of doctor's reads (DescribeCluster, the load balancer
/// objects, the controller's Deployment and MutatingWebhookConfiguration).
pub fn facts_of(f: &Facts) -> AutoModeFacts {
    let objects = f.kube.lb_objects.get().ok();
    let deployment = f.kube.deployment.get().ok().and_then(Option::as_ref);
    let controller_args: Option<Vec<String>> = deployment.map(|d| {
        d["spec"]["template"]["spec"]["containers"][0]["args"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
            .unwrap_or_default()
    });
    let our_class = controller_args
        .iter()
        .flatten()
        .find_map(|a| a.strip_prefix("--ingress-class=").map(String::from))
        .unwrap_or_else(|| "alb".into());
    let service_mutator = f.kube.mutating_webhooks.get().ok().map(|m| {
        m.as_ref()
            .and_then(|m| m["webhooks"].as_array())
            .is_some_and(|w| w.iter().any(|w| w["name"] == SERVICE_MUTATOR))
    });
    AutoModeFacts {
        cluster: f.target.cluster.clone(),
        enabled: f.aws.cluster.auto_mode.enabled(),
        our_class,
        ingress_classes: objects.map(|o| o.ingress_classes.clone()).unwrap_or_default(),
        ingresses: objects.map(|o| o.ingresses.clone()).unwrap_or_default(),
        services: objects
            .map(|o| o.services.iter().filter(|s| s["spec"]["type"] == "LoadBalancer").cloned().collect())
            .unwrap_or_default(),
        controller_args,
        service_mutator,
    }
}

/// AM001 over doctor's facts.
pub fn am001(f: &Facts) -> Verdict {
    class_clash(&facts_of(f))
}

/// AM002 over doctor's facts.
pub fn am002(f: &Facts) -> Verdict {
    one_default_class(&facts_of(f))
}

/// AM003 over doctor's facts.
pub fn am003(f: &Facts) -> Verdict {
    objects_on_the_right_controller(&facts_of(f))
}

/// AM004 over doctor's facts.
pub fn am004(f: &Facts) -> Verdict {
    region_and_vpc_flags(&facts_of(f))
}

/// AM005 over doctor's facts.
pub fn am005(f: &Facts) -> Verdict {
    service_mutator_off(&facts_of(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::Status;
    use serde_json::json;

    fn class(n: &str, controller: &str, default: bool) -> Value {
        let mut c = json!({"metadata": {"name": n}, "spec": {"controller": controller}});
        if default {
            c["metadata"]["annotations"] = json!({DEFAULT_CLASS_ANNOTATION: "true"});
        }
        c
    }

    fn facts() -> AutoModeFacts {
        AutoModeFacts {
            cluster: "demo".into(),
            enabled: true,
            our_class: "alb-lbc".into(),
            ingress_classes: vec![class("alb", AUTO_MODE_CONTROLLER, true), class("alb-lbc", LBC_CONTROLLER, false)],
            ingresses: vec![],
            services: vec![],
            controller_args: Some(vec!["--aws-region=us-west-2".into(), "--aws-vpc-id=vpc-1".into()]),
            service_mutator: Some(false),
        }
    }

    #[test]
    fn coexistence_done_right_passes() {
        let f = facts();
        for v in [
            class_clash(&f),
            one_default_class(&f),
            objects_on_the_right_controller(&f),
            region_and_vpc_flags(&f),
            service_mutator_off(&f),
        ] {
            assert_eq!(v.status, Status::Pass, "{v:?}");
        }
    }

    #[test]
    fn without_auto_mode_everything_is_skipped() {
        let f = AutoModeFacts { enabled: false, ..facts() };
        assert_eq!(class_clash(&f).status, Status::Skipped);
        assert_eq!(service_mutator_off(&f).status, Status::Skipped);
    }

    #[test]
    fn each_fault_is_found() {
        let f = AutoModeFacts { our_class: "alb".into(), ..facts() };
        let v = class_clash(&f);
        assert_eq!(v.status, Status::Fail);
        assert!(v.evidence.contains("eks.amazonaws.com/alb") && v.fix.unwrap().contains("--ingress-class NAME"));
        let mut f = facts();
        f.ingress_classes[1] = class("alb-lbc", LBC_CONTROLLER, true);
        assert_eq!(one_default_class(&f).status, Status::Fail);
        let mut f = facts();
        f.ingresses.push(json!({"metadata": {"namespace": "shop", "name": "web",
            "annotations": {"alb.ingress.kubernetes.io/group.name": "shop"}}, "spec": {"ingressClassName": "alb"}}));
        f.services.push(json!({"metadata": {"namespace": "shop", "name": "mqtt",
            "annotations": {"service.beta.kubernetes.io/aws-load-balancer-type": "external"}}, "spec": {"type": "LoadBalancer"}}));
        let v = objects_on_the_right_controller(&f);
        assert_eq!(v.status, Status::Warn);
        assert!(v.evidence.contains("Ingress shop/web") && v.evidence.contains("Service shop/mqtt"), "{v:?}");
        let f = AutoModeFacts { controller_args: Some(vec!["--aws-region=us-west-2".into()]), ..facts() };
        assert_eq!(region_and_vpc_flags(&f).status, Status::Fail);
        let f = AutoModeFacts { service_mutator: Some(true), ..facts() };
        assert_eq!(service_mutator_off(&f).status, Status::Warn);
    }
}
