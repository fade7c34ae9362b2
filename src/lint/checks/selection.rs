//! Which objects the controller handles, as it selects them: an Ingress by its class annotation,
//! then `spec.ingressClassName` or the default IngressClass; a Service by its load balancer class
//! or the legacy type annotation; a Service read only as an Ingress backend.

use std::collections::HashMap;

use serde_json::Value;

use super::Role;
use crate::lint::catalogue::{ALB_CLASS, ALB_CONTROLLER, INGRESS_CLASS_ANNOTATION, NLB_CLASS};
use crate::lint::gather::Object;

/// The IngressClasses among the inputs.
pub(super) struct IngressClasses {
    /// name -> (is an ALB class, is the default).
    by_name: HashMap<String, (bool, bool)>,
}

impl IngressClasses {
    pub(super) fn of(objects: &[Object]) -> IngressClasses {
        let by_name = objects
            .iter()
            .filter(|o| o.kind == "IngressClass")
            .map(|o| {
                let alb = o.value["spec"]["controller"].as_str() == Some(ALB_CONTROLLER);
                let default = o.annotation("ingressclass.kubernetes.io/is-default-class") == Some("true");
                (o.name.clone(), (alb, default))
            })
            .collect();
        IngressClasses { by_name }
    }

    /// Whether the controller handles this Ingress, else why not.
    pub(super) fn ingress_managed(&self, o: &Object) -> Result<(), String> {
        if let Some(class) = o.value["metadata"]["annotations"][INGRESS_CLASS_ANNOTATION].as_str() {
            return if class == ALB_CLASS { Ok(()) } else { Err(format!("kubernetes.io/ingress.class is {class}")) };
        }
        let class = match o.value["spec"]["ingressClassName"].as_str() {
            Some(c) => c.to_string(),
            None => match self.by_name.iter().find(|(_, (_, default))| *default) {
                Some((name, _)) => name.clone(),
                None => return Err("no IngressClass (and no default IngressClass among the inputs)".into()),
            },
        };
        match self.by_name.get(&class) {
            Some((true, _)) => Ok(()),
            Some((false, _)) => Err(format!("IngressClass {class} is not the controller's")),
            None if class == ALB_CLASS => Ok(()),
            None => Err(format!("IngressClass {class} is not among the inputs and is not {ALB_CLASS}")),
        }
    }
}

/// Whether (and how) the controller handles a Service.
pub(super) fn service_role(o: &Object) -> Result<Role, String> {
    let spec = &o.value["spec"];
    if let Some(class) = spec["loadBalancerClass"].as_str() {
        return if class == NLB_CLASS { Ok(Role::NlbService) } else { Err(format!("loadBalancerClass {class}")) };
    }
    let lb_type = o.annotation("service.beta.kubernetes.io/aws-load-balancer-type");
    let target = o.annotation("service.beta.kubernetes.io/aws-load-balancer-nlb-target-type");
    match (lb_type, target) {
        (Some("nlb-ip"), _) | (Some("external"), Some("ip" | "instance")) => Ok(Role::NlbService),
        (Some("external"), _) => Err("aws-load-balancer-type external without an ip/instance target type".into()),
        // NB: the controller's webhook gives new LoadBalancer Services its class when they have none.
        (None, _) if spec["type"].as_str() == Some("LoadBalancer") => Ok(Role::NlbService),
        _ => Err("not a LoadBalancer Service of the controller".into()),
    }
}

/// (namespace, name) of every Service a judged Ingress sends traffic to, with the Ingress index.
pub(super) fn backend_services(objects: &[Object], roles: &[Option<Role>]) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    for (i, o) in objects.iter().enumerate() {
        if roles[i] != Some(Role::Ingress) {
            continue;
        }
        for b in backends(o) {
            if let Some(name) = b.service {
                out.entry((o.namespace.clone(), name)).or_insert(i);
            }
        }
    }
    out
}

/// One backend of an Ingress rule (or its default backend).
pub(super) struct Backend {
    pub service: Option<String>,
    pub port_name: Option<String>,
    pub path: Vec<String>,
}

pub(super) fn backends(o: &Object) -> Vec<Backend> {
    let mut out = Vec::new();
    let mut push = |b: &Value, path: Vec<String>| {
        let svc = &b["service"];
        out.push(Backend {
            service: svc["name"].as_str().or(b["serviceName"].as_str()).map(str::to_string),
            port_name: svc["port"]["name"].as_str().or(b["servicePort"].as_str()).map(str::to_string),
            path,
        });
    };
    if o.value["spec"]["defaultBackend"].is_object() {
        push(&o.value["spec"]["defaultBackend"], vec!["spec".into(), "defaultBackend".into()]);
    }
    for (r, rule) in o.value["spec"]["rules"].as_array().into_iter().flatten().enumerate() {
        for (p, path) in rule["http"]["paths"].as_array().into_iter().flatten().enumerate() {
            let at = ["spec", "rules", &r.to_string(), "http", "paths", &p.to_string(), "backend"];
            push(&path["backend"], at.iter().map(|s| s.to_string()).collect());
        }
    }
    out
}
