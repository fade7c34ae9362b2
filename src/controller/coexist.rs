//! Pure decisions for running the controller beside EKS Auto Mode's own load balancing.
//!
//! Auto Mode's controller owns IngressClasses of controller `eks.amazonaws.com/alb` (the EKS
//! docs' own example names one `alb`, as the chart does) and the class-less LoadBalancer Services
//! (its `eks.amazonaws.com/nlb` is the cluster default). `spec.controller` of an IngressClass is
//! immutable, so the second to claim a name fails; and the controller's Service mutator webhook
//! would stamp `service.k8s.aws/nlb` on new class-less Services, taking them from Auto Mode.

use serde_json::Value;

use crate::error::AlbctlError;

use crate::model::INGRESS_CLASS_CONTROLLER as LBC_CONTROLLER;

/// Refuses (before any write) an IngressClass name another controller holds: one line that
/// names the class, its controller and the way out (`--ingress-class NAME`).
pub fn check_ingress_class(existing: Option<&Value>, wanted: &str, cluster: &str) -> anyhow::Result<()> {
    let Some(class) = existing else { return Ok(()) };
    let controller = class["spec"]["controller"].as_str().unwrap_or_default();
    if controller == LBC_CONTROLLER {
        return Ok(());
    }
    let who = if controller.starts_with("eks.amazonaws.com/") { " (EKS Auto Mode)" } else { "" };
    Err(AlbctlError::refused(format!(
        "IngressClass {wanted} belongs to controller {controller}{who} and spec.controller cannot change; nothing was changed: \
         rerun with --ingress-class NAME (a name no other controller holds), e.g. `albctl setup --cluster {cluster} --ingress-class alb-lbc`"
    )))
}

/// Whether the Service mutator webhook is on: off on an Auto Mode cluster unless the user's
/// values set `enableServiceMutatorWebhook` (then theirs), the chart default (on) elsewhere.
pub fn service_mutator_enabled(auto_mode: bool, user_value: Option<bool>) -> bool {
    match user_value {
        Some(v) => v,
        None => !auto_mode,
    }
}

/// The line the plan prints on an Auto Mode cluster.
pub fn side_by_side_note(ingress_class: &str, mutator: bool) -> String {
    format!(
        "EKS Auto Mode runs its own load balancer controller on this cluster: both run side by side; this one serves IngressClass {ingress_class} \
         ({LBC_CONTROLLER}) and Services of loadBalancerClass service.k8s.aws/nlb; class-less LoadBalancer Services stay with Auto Mode{}",
        if mutator {
            " unless the Service mutator webhook (on by your values) stamps them"
        } else {
            " (Service mutator webhook off)"
        }
    )
}

/// The user's `enableServiceMutatorWebhook` across values files (the last one that sets it).
pub fn user_service_mutator(values_texts: &[String]) -> Option<bool> {
    values_texts
        .iter()
        .filter_map(|t| super::render::yaml::from_str(t).ok())
        .filter_map(|doc| doc.get("enableServiceMutatorWebhook").and_then(Value::as_bool))
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_class_of_another_controller_is_refused_in_one_line() {
        let auto = json!({"metadata": {"name": "alb"}, "spec": {"controller": "eks.amazonaws.com/alb"}});
        let err = check_ingress_class(Some(&auto), "alb", "demo").unwrap_err().to_string();
        assert!(!err.contains('\n'), "{err}");
        assert!(err.contains("eks.amazonaws.com/alb") && err.contains("--ingress-class NAME"), "{err}");
        let ours = json!({"metadata": {"name": "alb"}, "spec": {"controller": LBC_CONTROLLER}});
        assert!(check_ingress_class(Some(&ours), "alb", "demo").is_ok());
        assert!(check_ingress_class(None, "alb", "demo").is_ok());
    }

    #[test]
    fn the_service_mutator_is_off_on_auto_mode_unless_values_turn_it_on() {
        assert!(!service_mutator_enabled(true, None));
        assert!(service_mutator_enabled(true, Some(true)));
        assert!(service_mutator_enabled(false, None));
        assert!(!service_mutator_enabled(false, Some(false)));
        let texts = vec!["replicaCount: 1\n".to_string(), "enableServiceMutatorWebhook: true\n".to_string()];
        assert_eq!(user_service_mutator(&texts), Some(true));
        assert_eq!(user_service_mutator(&["a: 1\n".to_string()]), None);
    }
}
