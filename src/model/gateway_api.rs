//! The Gateway API as the controller v3.5.0 needs it, as data with its sources: the release it
//! is built against and that release's standard-install asset (URL and sha256, pinned), the
//! kinds each of the controller's Gateway feature gates needs at startup, and the marks albctl
//! leaves to remember its choice. Pure; shared by the controller workflow and its tests.

use serde_json::Value;

/// The Gateway API release the controller v3.5.0 is built against: `sigs.k8s.io/gateway-api
/// v1.6.0` in the controller's `go.mod` at tag v3.5.0.
pub const BUNDLE_VERSION: &str = "v1.6.0";
/// The oldest bundle version with every kind the controller's gates need in the standard
/// channel (TCPRoute and UDPRoute joined it in v1.6; gateway-api `config/crd/standard` @v1.6.0).
pub const MIN_BUNDLE_VERSION: &str = "v1.6.0";
/// The release asset of [`BUNDLE_VERSION`]'s standard channel.
pub const BUNDLE_URL: &str =
    "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.0/standard-install.yaml";
/// sha256 of [`BUNDLE_URL`] (1,170,953 bytes). NB: computed from the release's own recipe, not
/// from a download of the asset: `hack/build-install-yaml.sh` of the `sigs.k8s.io/gateway-api`
/// v1.6.0 module (Go module proxy; its boilerplate has no year, so the output is reproducible)
/// concatenates `config/crd/standard/gateway*.yaml` under a header.
pub const BUNDLE_SHA256: &str = "a557172e8348f758479e9ee4000bbbb4b4aa48302a6b73461823ea5349bad56d";
/// Annotation on every object of a Gateway API bundle: its release.
pub const BUNDLE_VERSION_ANNOTATION: &str = "gateway.networking.k8s.io/bundle-version";
/// Annotation on every object of a Gateway API bundle: `standard` or `experimental`.
pub const CHANNEL_ANNOTATION: &str = "gateway.networking.k8s.io/channel";
/// The CRDs of [`BUNDLE_VERSION`]'s standard channel (gateway-api `config/crd/standard` @v1.6.0).
pub const STANDARD_CRDS: [&str; 10] = [
    "backendtlspolicies.gateway.networking.k8s.io",
    "gatewayclasses.gateway.networking.k8s.io",
    "gateways.gateway.networking.k8s.io",
    "grpcroutes.gateway.networking.k8s.io",
    "httproutes.gateway.networking.k8s.io",
    "listenersets.gateway.networking.k8s.io",
    "referencegrants.gateway.networking.k8s.io",
    "tcproutes.gateway.networking.k8s.io",
    "tlsroutes.gateway.networking.k8s.io",
    "udproutes.gateway.networking.k8s.io",
];
/// The bundle's ValidatingAdmissionPolicy (and, by the same name, its binding), which refuses
/// experimental-over-standard and bundles older than v1.5
/// (gateway-api `config/crd/standard/gateway.networking.k8s.io_vap_safeupgrades.yaml` @v1.6.0).
pub const SAFE_UPGRADES_POLICY: &str = "safe-upgrades.gateway.networking.k8s.io";

/// One of the controller's Gateway feature gates and the kinds its startup detection needs
/// (`pkg/config/feature_gates.go` and `pkg/gateway/crddetect/gateway_feature_flags.go` @v3.5.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    /// The gate's name in `--feature-gates`.
    pub name: &'static str,
    /// Kinds it needs served at `gateway.networking.k8s.io/v1`.
    pub gateway_api_kinds: &'static [&'static str],
    /// Whether it also needs the controller's three kinds served at `gateway.k8s.aws/v1`.
    pub needs_lbc_kinds: bool,
}

/// The three gates, in the order `--feature-gates` lists them (sorted by name, as Helm does).
pub const GATES: [Gate; 3] = [
    Gate {
        name: "ALBGatewayAPI",
        gateway_api_kinds: &["Gateway", "GatewayClass", "HTTPRoute", "GRPCRoute"],
        needs_lbc_kinds: true,
    },
    Gate { name: "GatewayListenerSet", gateway_api_kinds: &["ListenerSet"], needs_lbc_kinds: false },
    Gate {
        name: "NLBGatewayAPI",
        gateway_api_kinds: &["Gateway", "GatewayClass", "TLSRoute", "TCPRoute", "UDPRoute"],
        needs_lbc_kinds: true,
    },
];

/// Default name of the GatewayClass albctl makes for the ALB Gateway controller. Chosen to clash
/// with nothing the controller's docs (`aws-alb-gateway-class`, `aws-nlb-gateway-class`,
/// `nlb-gateway` in `docs/guide/gateway/` @v3.5.0), the EKS docs or AWS's VPC Lattice
/// controller (`amazon-vpc-lattice`) create.
pub const DEFAULT_ALB_CLASS: &str = "albctl-alb";
/// Default name of the GatewayClass albctl makes for the NLB Gateway controller (see
/// [`DEFAULT_ALB_CLASS`]).
pub const DEFAULT_NLB_CLASS: &str = "albctl-nlb";

/// Annotation on the controller Deployment recording the last `--gateway-api` choice, which a
/// later run without the flag follows.
pub const MODE_ANNOTATION: &str = "albctl.io/gateway-api";
/// Deployment annotation naming the gates the controller's startup detection sees on (e.g.
/// `ALBGatewayAPI=true,GatewayListenerSet=true,NLBGatewayAPI=true`, or `off`), as of its last
/// start that albctl knows of.
pub const DETECTED_ANNOTATION: &str = "albctl.io/gateway-crds-detected";
/// Pod-template annotation albctl changes to restart the controller (a new value rolls the
/// pods) when CRDs it started without are now installed: the gates it will detect, and the
/// Deployment generation it restarted after.
pub const RESTART_ANNOTATION: &str = "albctl.io/gateway-restart";

/// A `vMAJOR.MINOR.PATCH` bundle version as numbers; `None` when it is not one.
pub fn parse_version(v: &str) -> Option<(u32, u32, u32)> {
    let mut parts = v.strip_prefix('v')?.split(['.', '-']);
    let n = |p: Option<&str>| p.and_then(|s| s.parse::<u32>().ok());
    Some((n(parts.next())?, n(parts.next())?, n(parts.next()).unwrap_or(0)))
}

/// An object's Gateway API bundle annotations: `(bundle-version, channel)`.
pub fn bundle_marks(obj: &Value) -> (Option<&str>, Option<&str>) {
    let a = &obj["metadata"]["annotations"];
    (a[BUNDLE_VERSION_ANNOTATION].as_str(), a[CHANNEL_ANNOTATION].as_str())
}

/// The versions a CRD serves.
pub fn served_versions(crd: &Value) -> Vec<&str> {
    crd["spec"]["versions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| v["served"] == true)
        .filter_map(|v| v["name"].as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_parse_and_order() {
        assert_eq!(parse_version("v1.6.0"), Some((1, 6, 0)));
        assert_eq!(parse_version("v1.5"), Some((1, 5, 0)));
        assert_eq!(parse_version("v1.7.0-rc.1"), Some((1, 7, 0)));
        assert_eq!(parse_version("1.6.0"), None);
        assert!(parse_version("v1.10.0") > parse_version(BUNDLE_VERSION));
    }

    #[test]
    fn served_versions_skip_unserved_ones() {
        let crd =
            json!({"spec": {"versions": [{"name": "v1", "served": true}, {"name": "v1alpha2", "served": false}]}});
        assert_eq!(served_versions(&crd), vec!["v1"]);
    }
}
