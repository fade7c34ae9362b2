//! What the controller's Gateway support needs from a cluster, as data with its sources: the
//! CRDs each feature gate's startup detection looks for, the Gateway API bundle version the
//! controller is built for, the gate names and the route kinds. Pure; the Gateway API checks
//! and their reader share it, so what is read and what is judged never drift apart.
//!
//! Every value was read in the controller's source at tag v3.5.0
//! (github.com/kubernetes-sigs/aws-load-balancer-controller); the path is given on each item.

/// A CRD the controller's Gateway support looks for at startup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeededCrd {
    /// CRD name (`<plural>.<group>`).
    pub name: &'static str,
    /// The kind it must serve.
    pub kind: &'static str,
    /// The version it must serve: detection asks discovery for `<group>/<version>` only.
    pub version: &'static str,
    /// The feature gates that turn themselves off when it is missing.
    pub gates: &'static [Gate],
    /// Whether it belongs to the upstream Gateway API bundle (else to the controller).
    pub standard: bool,
}

/// One of the controller's three Gateway feature gates (`pkg/config/feature_gates.go`; all three
/// default to true since v3.2.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gate {
    /// `ALBGatewayAPI`: the ALB Gateway controller (HTTPRoute, GRPCRoute).
    Alb,
    /// `NLBGatewayAPI`: the NLB Gateway controller (TCPRoute, UDPRoute, TLSRoute).
    Nlb,
    /// `GatewayListenerSet`: ListenerSet support.
    ListenerSet,
}

impl Gate {
    /// Every gate, in the order the controller's docs list them.
    pub const ALL: [Gate; 3] = [Gate::Alb, Gate::Nlb, Gate::ListenerSet];

    /// The gate's name in `--feature-gates`.
    pub fn flag_name(self) -> &'static str {
        match self {
            Gate::Alb => "ALBGatewayAPI",
            Gate::Nlb => "NLBGatewayAPI",
            Gate::ListenerSet => "GatewayListenerSet",
        }
    }
}

const ALB_NLB: &[Gate] = &[Gate::Alb, Gate::Nlb];
const ALB: &[Gate] = &[Gate::Alb];
const NLB: &[Gate] = &[Gate::Nlb];
const LISTENER_SET: &[Gate] = &[Gate::ListenerSet];

/// The CRDs startup detection looks for, by gate (`pkg/gateway/crddetect/gateway_feature_flags.go`:
/// `albKinds`, `nlbKinds`, `listenerSetKinds` in `gateway.networking.k8s.io/v1`, and
/// `lbcGatewayKinds` in `gateway.k8s.aws/v1`, which both ALB and NLB need).
pub const NEEDED_CRDS: [NeededCrd; 11] = [
    std_crd("gateways.gateway.networking.k8s.io", "Gateway", ALB_NLB),
    std_crd("gatewayclasses.gateway.networking.k8s.io", "GatewayClass", ALB_NLB),
    std_crd("httproutes.gateway.networking.k8s.io", "HTTPRoute", ALB),
    std_crd("grpcroutes.gateway.networking.k8s.io", "GRPCRoute", ALB),
    std_crd("tlsroutes.gateway.networking.k8s.io", "TLSRoute", NLB),
    std_crd("tcproutes.gateway.networking.k8s.io", "TCPRoute", NLB),
    std_crd("udproutes.gateway.networking.k8s.io", "UDPRoute", NLB),
    std_crd("listenersets.gateway.networking.k8s.io", "ListenerSet", LISTENER_SET),
    lbc_crd("loadbalancerconfigurations.gateway.k8s.aws", "LoadBalancerConfiguration"),
    lbc_crd("targetgroupconfigurations.gateway.k8s.aws", "TargetGroupConfiguration"),
    lbc_crd("listenerruleconfigurations.gateway.k8s.aws", "ListenerRuleConfiguration"),
];

const fn std_crd(name: &'static str, kind: &'static str, gates: &'static [Gate]) -> NeededCrd {
    NeededCrd { name, kind, version: "v1", gates, standard: true }
}

const fn lbc_crd(name: &'static str, kind: &'static str) -> NeededCrd {
    NeededCrd { name, kind, version: "v1", gates: ALB_NLB, standard: false }
}

/// The Gateway API release the controller is built for (`go.mod`: `sigs.k8s.io/gateway-api
/// v1.6.0`; `docs/guide/gateway/gateway.md`: "The LBC is built for Gateway API version v1.6.0").
/// Older bundles serve TCPRoute and UDPRoute only in the experimental channel at v1alpha2, and
/// before v1.5 TLSRoute too, which the NLB gate's detection does not find.
pub const MIN_BUNDLE_VERSION: (u64, u64, u64) = (1, 6, 0);
/// The upstream install command for that release, as the controller's docs give it
/// (server-side: client-side apply fails on the httproutes CRD's size, upstream #4699).
pub const STANDARD_INSTALL: &str = "kubectl apply --server-side=true -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.0/standard-install.yaml";
/// Annotation on every Gateway API CRD naming its bundle version (gateway-api `config/crd`).
pub const BUNDLE_VERSION_ANNOTATION: &str = "gateway.networking.k8s.io/bundle-version";
/// Annotation on every Gateway API CRD naming its channel, `standard` or `experimental`.
pub const CHANNEL_ANNOTATION: &str = "gateway.networking.k8s.io/channel";

/// The route kinds the controller's Gateways serve, listed at `gateway.networking.k8s.io/v1`
/// (`docs/guide/gateway/gateway.md`: ALB for HTTPRoute and GRPCRoute, NLB for TCPRoute,
/// UDPRoute and TLSRoute): `(kind, plural)`.
pub const ROUTE_KINDS: [(&str, &str); 5] = [
    ("HTTPRoute", "httproutes"),
    ("GRPCRoute", "grpcroutes"),
    ("TCPRoute", "tcproutes"),
    ("UDPRoute", "udproutes"),
    ("TLSRoute", "tlsroutes"),
];

/// Warning reasons the controller records on a Gateway (`pkg/k8s/events.go`, `GatewayEventReason*`).
pub const GATEWAY_FAILURE_REASONS: [&str; 6] = [
    "FailedAddFinalizer",
    "FailedRemoveFinalizer",
    "FailedDeleteRoutesAttached",
    "FailedUpdateStatus",
    "FailedDeployModel",
    "FailedBuildModel",
];
/// The reason the controller records on a Gateway after a successful reconcile
/// (`controllers/gateway/gateway_controller.go`).
pub const RECONCILED_REASON: &str = "SuccessfullyReconciled";

/// `(major, minor, patch)` of `v1.6.0` (a pre-release suffix such as `-rc1` is ignored).
pub fn parse_bundle_version(text: &str) -> Option<(u64, u64, u64)> {
    let core = text.strip_prefix('v').unwrap_or(text).split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next()??, parts.next().unwrap_or(Some(0))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_versions_parse_with_and_without_suffixes() {
        assert_eq!(parse_bundle_version("v1.6.0"), Some((1, 6, 0)));
        assert_eq!(parse_bundle_version("v1.5.1-rc1"), Some((1, 5, 1)));
        assert_eq!(parse_bundle_version("1.10"), Some((1, 10, 0)));
        assert_eq!(parse_bundle_version("latest"), None);
        assert!(parse_bundle_version("v1.4.1").unwrap() < MIN_BUNDLE_VERSION);
    }

    #[test]
    fn every_gate_needs_the_gateway_kinds_and_alb_nlb_the_controllers_own() {
        for kind in ["Gateway", "GatewayClass"] {
            let crd = NEEDED_CRDS.iter().find(|c| c.kind == kind).unwrap();
            assert_eq!(crd.gates, ALB_NLB);
        }
        assert_eq!(NEEDED_CRDS.iter().filter(|c| !c.standard).count(), 3);
        assert!(NEEDED_CRDS.iter().all(|c| c.name.ends_with(if c.standard {
            ".gateway.networking.k8s.io"
        } else {
            ".gateway.k8s.aws"
        })));
    }
}
