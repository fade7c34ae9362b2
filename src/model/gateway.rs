//! The load balancer controller's Gateway API names, as data with their sources: the
//! controller names a GatewayClass must carry, the finalizers the controller holds on Gateway
//! API objects and on its own configuration kinds, and the tags it puts on what it makes for a
//! Gateway. Pure; shared by `loadbalancers`, `teardown`, `doctor` and `lint`.
//!
//! Every value was read in the controller's source at tag v3.5.0
//! (github.com/kubernetes-sigs/aws-load-balancer-controller); the path is given on each item.

use serde_json::Value;

/// API group of the upstream Gateway API kinds.
pub const GATEWAY_API_GROUP: &str = "gateway.networking.k8s.io";
/// API group of the controller's own Gateway configuration kinds
/// (`pkg/gateway/constants/controller_constants.go`, `ControllerCRDGroupVersion`).
pub const LBC_GATEWAY_GROUP: &str = "gateway.k8s.aws";

/// `spec.controllerName` of a GatewayClass the ALB Gateway controller reconciles
/// (`pkg/gateway/constants/controller_constants.go`, `ALBGatewayController`).
pub const ALB_GATEWAY_CONTROLLER: &str = "gateway.k8s.aws/alb";
/// `spec.controllerName` of a GatewayClass the NLB Gateway controller reconciles
/// (`pkg/gateway/constants/controller_constants.go`, `NLBGatewayController`).
pub const NLB_GATEWAY_CONTROLLER: &str = "gateway.k8s.aws/nlb";

/// Stack tag on what the controller makes for an ALB Gateway, value `<namespace>/<name>`:
/// the tracking provider's `<prefix>/stack` with prefix `ALBGatewayTagPrefix`
/// (`pkg/deploy/tracking/provider.go`, `controllers/gateway/gateway_controller.go`,
/// `pkg/gateway/model/base_model_builder.go` builds the stack id from the Gateway's namespaced name).
pub const ALB_GATEWAY_STACK_TAG: &str = "gateway.k8s.aws.alb/stack";
/// Stack tag on what the controller makes for an NLB Gateway, value `<namespace>/<name>`
/// (as [`ALB_GATEWAY_STACK_TAG`], prefix `NLBGatewayTagPrefix`).
pub const NLB_GATEWAY_STACK_TAG: &str = "gateway.k8s.aws.nlb/stack";
/// Per-resource tags of the Gateway stacks (`pkg/config/controller_config.go`, reserved tag keys).
pub const GATEWAY_RESOURCE_TAGS: [&str; 2] = ["gateway.k8s.aws.alb/resource", "gateway.k8s.aws.nlb/resource"];

/// Finalizer on an ALB Gateway (`pkg/shared_constants/finalizers.go`, `ALBGatewayFinalizer`).
pub const ALB_GATEWAY_FINALIZER: &str = "gateway.k8s.aws/alb";
/// Finalizer on an NLB Gateway (`pkg/shared_constants/finalizers.go`, `NLBGatewayFinalizer`).
pub const NLB_GATEWAY_FINALIZER: &str = "gateway.k8s.aws/nlb";
/// Finalizer on a GatewayClass of the controller, removed only once no Gateway names the class
/// (`pkg/shared_constants/finalizers.go`, `GatewayClassFinalizer`;
/// `controllers/gateway/gateway_class_controller.go`, `handleDelete`).
pub const GATEWAY_CLASS_FINALIZER: &str = "gateway.k8s.aws/gatewayclass";
/// Finalizers on the controller's configuration kinds, by kind. The controller adds them to
/// every object of those kinds it sees and removes them on delete once nothing uses the object
/// (`pkg/shared_constants/finalizers.go`; `controllers/gateway/*_configuration_controller.go`).
pub const CONFIGURATION_FINALIZERS: [(&str, &str); 3] = [
    ("LoadBalancerConfiguration", "gateway.k8s.aws/loadbalancerconfigurations"),
    ("TargetGroupConfiguration", "gateway.k8s.aws/targetgroupconfigurations"),
    ("ListenerRuleConfiguration", "gateway.k8s.aws/listenerruleconfigurations"),
];

/// A kind the Gateway side of the controller works with, as albctl lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatewayKind {
    /// API versions to try, newest first (the first one the server serves is used).
    pub api_versions: &'static [&'static str],
    /// Kind as the API server serves it, e.g. `GatewayClass`.
    pub kind: &'static str,
    /// Plural resource name.
    pub plural: &'static str,
    /// Whether its objects live in a namespace (a GatewayClass does not); lists cover every namespace.
    pub namespaced: bool,
}

/// Gateway (`gateway.networking.k8s.io/v1`).
pub const GATEWAY: GatewayKind = GatewayKind {
    api_versions: &["gateway.networking.k8s.io/v1"],
    kind: "Gateway",
    plural: "gateways",
    namespaced: true,
};
/// GatewayClass (`gateway.networking.k8s.io/v1`).
pub const GATEWAY_CLASS: GatewayKind = GatewayKind {
    api_versions: &["gateway.networking.k8s.io/v1"],
    kind: "GatewayClass",
    plural: "gatewayclasses",
    namespaced: false,
};
/// The controller's configuration kinds: `v1` is the storage version from v3.5.0, `v1beta1`
/// is what v3.4.x and older installed (`helm/aws-load-balancer-controller/crds/gateway-crds.yaml`).
pub const CONFIGURATION_KINDS: [GatewayKind; 3] = [
    GatewayKind {
        api_versions: &["gateway.k8s.aws/v1", "gateway.k8s.aws/v1beta1"],
        kind: "LoadBalancerConfiguration",
        plural: "loadbalancerconfigurations",
        namespaced: true,
    },
    GatewayKind {
        api_versions: &["gateway.k8s.aws/v1", "gateway.k8s.aws/v1beta1"],
        kind: "TargetGroupConfiguration",
        plural: "targetgroupconfigurations",
        namespaced: true,
    },
    GatewayKind {
        api_versions: &["gateway.k8s.aws/v1", "gateway.k8s.aws/v1beta1"],
        kind: "ListenerRuleConfiguration",
        plural: "listenerruleconfigurations",
        namespaced: true,
    },
];

/// Whether a finalizer is one the controller holds on a Gateway API object or on one of its
/// configuration kinds.
pub fn is_gateway_finalizer(finalizer: &str) -> bool {
    matches!(finalizer, ALB_GATEWAY_FINALIZER | NLB_GATEWAY_FINALIZER | GATEWAY_CLASS_FINALIZER)
        || CONFIGURATION_FINALIZERS.iter().any(|(_, f)| *f == finalizer)
}

/// Whether a GatewayClass names one of the controller's two Gateway controllers.
pub fn is_lbc_gateway_class(class: &Value) -> bool {
    matches!(class["spec"]["controllerName"].as_str(), Some(ALB_GATEWAY_CONTROLLER | NLB_GATEWAY_CONTROLLER))
}

/// The stack tag of a Gateway by the finalizer it holds (`gateway.k8s.aws/alb` → the ALB
/// stack tag), `None` for other finalizers.
pub fn stack_tag_of_finalizer(finalizer: &str) -> Option<&'static str> {
    match finalizer {
        ALB_GATEWAY_FINALIZER => Some(ALB_GATEWAY_STACK_TAG),
        NLB_GATEWAY_FINALIZER => Some(NLB_GATEWAY_STACK_TAG),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_finalizers_are_the_controllers_and_nothing_else() {
        for f in ["gateway.k8s.aws/alb", "gateway.k8s.aws/nlb", "gateway.k8s.aws/gatewayclass"] {
            assert!(is_gateway_finalizer(f), "{f}");
        }
        assert!(is_gateway_finalizer("gateway.k8s.aws/loadbalancerconfigurations"));
        assert!(!is_gateway_finalizer("gateway.envoyproxy.io/gateway"));
        assert_eq!(stack_tag_of_finalizer("gateway.k8s.aws/nlb"), Some("gateway.k8s.aws.nlb/stack"));
        assert!(is_lbc_gateway_class(&serde_json::json!({"spec": {"controllerName": "gateway.k8s.aws/alb"}})));
        assert!(!is_lbc_gateway_class(&serde_json::json!({"spec": {"controllerName": "eks.amazonaws.com/alb"}})));
    }
}
