//! The two catalogues lint judges by, as data: the controller's annotations
//! (`annotations.yaml`, embedded) and the finding kinds lint reports ([`CHECKS`]).
//!
//! The annotation catalogue is albctl's own description of what the pinned controller reads:
//! the kinds each key is read on, its type, allowed values and ranges (and whether the controller
//! or only the AWS API enforces them), how IngressGroup members must agree, deprecations and
//! feature gates. A test compares it with the upstream facts; the README's lint table is
//! generated from [`CHECKS`] and a test keeps the two equal.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Prefix of the controller's Ingress annotations (also read on backend Services).
pub const INGRESS_PREFIX: &str = "alb.ingress.kubernetes.io/";
/// Prefix of the controller's Service annotations.
pub const SERVICE_PREFIX: &str = "service.beta.kubernetes.io/";
/// The deprecated class annotation.
pub const INGRESS_CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";
/// The controller name an ALB IngressClass names in `spec.controller`.
pub const ALB_CONTROLLER: &str = crate::model::INGRESS_CLASS_CONTROLLER;
/// The controller's default IngressClass name (albctl installs it).
pub const ALB_CLASS: &str = "alb";
/// The Service `spec.loadBalancerClass` the controller owns.
pub const NLB_CLASS: &str = "service.k8s.aws/nlb";

/// The value type of an annotation, as the controller parses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ValueType {
    /// Go's `strconv.ParseBool`.
    Bool,
    /// A base-10 integer (32-bit unless `bits: 64`).
    Int,
    /// Any string.
    String,
    /// One of `values`.
    Enum,
    /// Comma-separated, trimmed, empties dropped.
    StringList,
    /// `k=v,k=v`.
    StringMap,
    /// A JSON document.
    Json,
    /// `traffic-port`, a port number, or (where allowed) a port name.
    IntOrString,
}

/// One annotation key the controller reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    /// The key; `*` stands for the user-chosen part of a dynamic key.
    pub key: String,
    /// Kinds it is read on.
    pub on: Vec<String>,
    /// How the controller parses the value (the catalogue's `type`).
    #[serde(rename = "type")]
    pub value_type: ValueType,
    /// Allowed values (enums; forms for maps and ports).
    #[serde(default)]
    pub values: Option<Vec<String>>,
    /// `[min, max]` of an int, or of a string's length.
    #[serde(default)]
    pub range: Option<[i64; 2]>,
    /// Who enforces `range`: `controller`, or `aws` (the API call fails later).
    #[serde(default)]
    pub checked_by: Option<String>,
    /// Integer width (default 32).
    #[serde(default)]
    pub bits: Option<u8>,
    /// How IngressGroup members must agree: `group`, `listen-port`, `map-key`, `frontend-nlb-port`.
    #[serde(default)]
    pub group: Option<String>,
    /// A backend Service may set it too (the Service's value wins).
    #[serde(default)]
    pub service: bool,
    /// The controller deprecates the key; lint reports it wherever it is set (LINT015, LINT016).
    #[serde(default)]
    pub deprecated: bool,
    /// What to use instead, when deprecated.
    #[serde(default, rename = "use")]
    pub replacement: Option<String>,
    /// The controller feature gate it needs.
    #[serde(default)]
    pub gate: Option<String>,
    /// The gate's default, `on` or `off`.
    #[serde(default)]
    pub gate_default: Option<String>,
    /// The controller writes it itself.
    #[serde(default)]
    pub written_by_controller: bool,
    /// A value check beyond the type (`lb-name`, `group-name`, `certificate-arns`, `cidrs`, ...).
    #[serde(default)]
    pub format: Option<String>,
    /// The JSON schema lint checks (`listen-ports`, `ingress-action`, ...).
    #[serde(default)]
    pub schema: Option<String>,
    /// Enum values compare case-insensitively.
    #[serde(default)]
    pub case_insensitive: bool,
    /// `key=value` of another annotation without which this one has no effect.
    #[serde(default)]
    pub needs: Option<String>,
}

impl Annotation {
    /// Whether the controller reads this key on `kind`.
    pub fn read_on(&self, kind: &str) -> bool {
        self.on.iter().any(|k| k == kind)
    }

    /// Whether `key` is this annotation (a dynamic key matches its pattern).
    pub fn matches(&self, key: &str) -> bool {
        if !self.key.contains('*') {
            return self.key == key;
        }
        // `*` is one or more characters; segments between stars must appear in order.
        let parts: Vec<&str> = self.key.split('*').collect();
        let mut rest = match key.strip_prefix(parts[0]) {
            Some(r) => r,
            None => return false,
        };
        for (i, part) in parts.iter().enumerate().skip(1) {
            let last = i == parts.len() - 1;
            if last {
                return rest.len() > part.len() && rest.ends_with(part);
            }
            match rest.get(1..).and_then(|r| r.find(part)) {
                Some(at) => rest = &rest[1 + at + part.len()..],
                None => return false,
            }
        }
        false
    }

    /// Whether the range is only enforced by the AWS API.
    pub fn aws_range(&self) -> bool {
        self.checked_by.as_deref() == Some("aws")
    }
}

/// Every annotation key of the pinned controller.
pub fn annotations() -> &'static [Annotation] {
    static CATALOGUE: OnceLock<Vec<Annotation>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        serde_saphyr::from_str(include_str!("annotations.yaml")).expect("src/lint/annotations.yaml is valid")
    })
}

/// The catalogue entry for `key`, if the controller reads it.
pub fn find(key: &str) -> Option<&'static Annotation> {
    static EXACT: OnceLock<BTreeMap<&'static str, &'static Annotation>> = OnceLock::new();
    let exact = EXACT
        .get_or_init(|| annotations().iter().filter(|a| !a.key.contains('*')).map(|a| (a.key.as_str(), a)).collect());
    exact.get(key).copied().or_else(|| annotations().iter().find(|a| a.key.contains('*') && a.matches(key)))
}

/// The `spec` fields of an IngressClassParams (elbv2.k8s.aws/v1beta1); the API server prunes others.
pub const ICP_FIELDS: &[&str] = &[
    "PrefixListsIDs",
    "certificateArn",
    "group",
    "inboundCIDRs",
    "ipAddressType",
    "ipamConfiguration",
    "listeners",
    "loadBalancerAttributes",
    "loadBalancerName",
    "minimumLoadBalancerCapacity",
    "namespaceSelector",
    "prefixListsIDs",
    "scheme",
    "sslPolicy",
    "sslRedirectPort",
    "subnets",
    "tags",
    "targetType",
    "wafv2AclArn",
    "wafv2AclName",
];

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The controller or AWS rejects it, or the controller silently ignores what was written.
    Error,
    /// Deprecated, ineffective or risky.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as the README's lint table spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One kind of finding: a stable code, its severity and what it means.
#[derive(Debug, Clone, Copy)]
pub struct CheckKind {
    /// Stable code, e.g. `LINT001`.
    pub code: &'static str,
    /// Severity of every finding of this kind.
    pub severity: Severity,
    /// What is wrong, in a few words.
    pub title: &'static str,
    /// Why it matters / what the controller or AWS does with it.
    pub effect: &'static str,
    /// Whether it needs `--cluster` (AWS references checked live).
    pub live: bool,
}

macro_rules! kinds {
    ($( $code:literal $sev:ident $live:literal $title:literal => $effect:literal; )*) => {
        /// Every finding kind, in code order. Codes are stable and never reused.
        pub static CHECKS: &[CheckKind] = &[
            $( CheckKind { code: $code, severity: Severity::$sev, title: $title, effect: $effect, live: $live }, )*
        ];
    };
}

kinds! {
    "AUTO001" Error false "--target auto-mode: IngressGroup by annotation" => "EKS Auto Mode groups Ingresses only through IngressClassParams; the annotation is ignored";
    "AUTO002" Error false "--target auto-mode: WAF Classic web ACL" => "not supported by EKS Auto Mode: the load balancer would have no web ACL";
    "AUTO003" Error false "--target auto-mode: Shield Advanced annotation" => "not supported by EKS Auto Mode: the load balancer would be unprotected";
    "AUTO004" Error false "--target auto-mode: listener attributes" => "not supported by EKS Auto Mode: the listeners keep AWS defaults";
    "AUTO005" Error false "--target auto-mode: kubernetes.io/ingress.class annotation" => "EKS Auto Mode selects Ingresses by spec.ingressClassName only";
    "AUTO006" Error false "--target auto-mode: Service annotation Auto Mode does not read" => "the NLB is built without it (type, internal, source ranges, per-attribute keys)";
    "AUTO007" Error false "--target auto-mode: IPAM IPv4 pool" => "not supported by EKS Auto Mode";
    "AUTO008" Error false "--target auto-mode: TargetGroupBinding feature Auto Mode lacks" => "targetGroupName and ipBlock peers have no Auto Mode equivalent";
    "LINT001" Error false "unknown annotation under the controller's prefixes" => "silently ignored; the suggestion is the nearest known key";
    "LINT002" Error false "annotation the controller does not read on this kind" => "silently ignored (e.g. an Ingress key on a Service that no Ingress reads it from)";
    "LINT003" Error false "value does not parse as the annotation's type" => "the controller fails to build the model (bool, int32, k=v map, port, CIDR)";
    "LINT004" Error false "value is not one of the allowed values" => "rejected by the controller or AWS, or silently treated as the default";
    "LINT005" Error false "value outside the valid range" => "rejected by the controller, or by the AWS API as FailedDeployModel (ranges only AWS checks included)";
    "LINT006" Error false "malformed JSON or JSON that breaks the controller's schema" => "listen-ports, actions.*, conditions.*, transforms.*, auth, jwt-validation, mutual-authentication";
    "LINT007" Error false "ssl-redirect without a matching HTTPS listen port" => "the whole IngressGroup fails to build";
    "LINT008" Error false "IngressGroup members disagree" => "one conflicting member fails the whole group";
    "LINT009" Error false "invalid IngressGroup name" => "the Ingress silently leaves its group";
    "LINT010" Error false "target-type instance on a Service that is not NodePort or LoadBalancer" => "the target group has no port; the model fails to build";
    "LINT011" Error false "load balancer name too long or with characters AWS refuses" => "rejected by the controller (over 32) or by CreateLoadBalancer";
    "LINT012" Error false "malformed certificate ARN" => "the HTTPS/TLS listener cannot be created";
    "LINT013" Error false "certificate in another region than the load balancer" => "ELB can only use ACM certificates of its own region";
    "LINT014" Error false "Service of type external without aws-load-balancer-nlb-target-type" => "the controller does not reconcile the Service at all";
    "LINT015" Warning false "deprecated kubernetes.io/ingress.class annotation" => "overrides spec.ingressClassName and bypasses IngressClassParams";
    "LINT016" Warning false "deprecated annotation" => "still read today; the replacement is named";
    "LINT017" Error false "annotation value is not a YAML string" => "the API server rejects the object (annotations are strings); quote the value";
    "LINT018" Warning false "annotation has no effect as written" => "needs another annotation or a feature gate that is off by default, or is written by the controller itself";
    "LINT019" Error false "backend uses use-annotation but no actions.NAME annotation exists" => "the rule answers 503";
    "LINT020" Error true "certificate not found in ACM or not issued" => "the HTTPS/TLS listener cannot be created";
    "LINT021" Error true "subnet not found in the cluster's VPC" => "the load balancer cannot be created";
    "LINT022" Error true "security group not found in the cluster's VPC" => "the load balancer cannot be created";
    "LINT023" Error true "WAFv2 web ACL not found" => "the web ACL association fails";
    "LINT024" Error false "unknown IngressClassParams field" => "the API server prunes it: silently ignored";
    "LINT025" Error false "Gateway configuration breaks its CRD schema (unknown field, type, enum, required, range)" => "the API server prunes unknown fields and rejects the rest (LoadBalancerConfiguration, TargetGroupConfiguration, ListenerRuleConfiguration)";
    "LINT026" Error false "certificateRefs on a listener of the controller's Gateway" => "ignored: certificates come only from ACM (LoadBalancerConfiguration or hostname discovery)";
    "LINT027" Error false "route kind the Gateway's load balancer cannot serve, or L4 and L7 routes on one Gateway" => "the routes are not attached; ALB serves HTTPRoute/GRPCRoute, NLB TCPRoute/UDPRoute/TLSRoute";
    "LINT028" Error false "route feature an ALB cannot do (RequestMirror, ResponseHeaderModifier, CORS, timeouts, retry, sessionPersistence)" => "silently not applied";
    "LINT029" Warning false "BackendTLSPolicy" => "not supported by the controller: ignored";
    "LINT030" Error false "parentRef to a missing Gateway or one of another controller's class" => "the route is not attached to that parent";
    "LINT031" Error false "backendRef to a missing Service or port" => "the rule has no targets (503 or connection refused)";
    "LINT032" Error false "reference to a missing LoadBalancerConfiguration or ListenerRuleConfiguration" => "the Gateway or rule fails to build";
    "LINT033" Error false "Gateway would exceed an ALB quota (rules per load balancer, condition values or wildcards per rule, certificates)" => "CreateRule or AddListenerCertificates fails: FailedDeployModel";
    "LINT034" Error false "GatewayClass parametersRef without a namespace" => "the class is not Accepted (InvalidParametersRef): no Gateway of it is built";
}

/// The finding kind with this code.
pub fn check(code: &str) -> &'static CheckKind {
    CHECKS.iter().find(|c| c.code == code).unwrap_or_else(|| panic!("no lint check {code}"))
}

/// The finding kinds as a Markdown table (the README's lint table).
pub fn markdown_table() -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;");
    let mut out = String::from("| code | severity | finding | effect | runs on |\n|---|---|---|---|---|\n");
    for c in CHECKS {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            c.code,
            c.severity.as_str(),
            cell(c.title),
            cell(c.effect),
            if c.live { "live objects (`--cluster`)" } else { "files and live objects" }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_keys_match_their_pattern_only() {
        let action = find("alb.ingress.kubernetes.io/actions.ssl-redirect").unwrap();
        assert_eq!(action.key, "alb.ingress.kubernetes.io/actions.*");
        let tcp = find("alb.ingress.kubernetes.io/target-control-port.web.80").unwrap();
        assert_eq!(tcp.key, "alb.ingress.kubernetes.io/target-control-port.*.*");
        assert!(find("alb.ingress.kubernetes.io/actions.").is_none());
        assert!(find("alb.ingress.kubernetes.io/target-control-port.web").is_none());
        assert_eq!(
            find("service.beta.kubernetes.io/aws-load-balancer-target-group-attributes.443").unwrap().key,
            "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes.*"
        );
        assert!(find("alb.ingress.kubernetes.io/healtcheck-path").is_none());
    }

    #[test]
    fn codes_are_unique_and_ordered() {
        let codes: Vec<&str> = CHECKS.iter().map(|c| c.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn readme_lint_table_is_generated_from_the_catalogue() {
        let readme = include_str!("../../README.md");
        let begin = "<!-- lint-checks:begin -->\n";
        let end = "<!-- lint-checks:end -->";
        let start = readme.find(begin).expect("README lacks the lint-checks:begin marker") + begin.len();
        let stop = readme[start..].find(end).expect("README lacks the lint-checks:end marker") + start;
        assert_eq!(
            &readme[start..stop],
            markdown_table(),
            "README's lint check table differs from the catalogue: run scripts/gen-docs.sh"
        );
    }

    /// The catalogue against the upstream facts in ../shared/reference (read in place).
    #[test]
    fn catalogue_matches_the_controllers_annotations() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/lbc-annotations/lbc-annotations.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let reference: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        let ours = annotations();
        assert_eq!(ours.len(), reference.len(), "one entry per upstream key");
        for r in &reference {
            let key = r["key"].as_str().unwrap();
            let pattern = dynamic_to_star(key);
            let a = ours.iter().find(|a| a.key == pattern).unwrap_or_else(|| panic!("{key} missing"));
            let kinds: Vec<&str> = r["kinds"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
            assert_eq!(a.on, kinds, "{key}: kinds");
            let ty = serde_json::to_value(a.value_type).unwrap();
            assert_eq!(ty, r["type"], "{key}: type");
            let allowed = r["allowed"].as_array().map(|v| v.iter().map(|s| s.as_str().unwrap().to_string()).collect());
            assert_eq!(a.values, allowed, "{key}: allowed values");
            let range = r["range"].as_array().map(|v| [v[0].as_i64().unwrap(), v[1].as_i64().unwrap()]);
            assert_eq!(a.range, range, "{key}: range");
            let by = r["range_enforced_by"].as_str().map(|b| if b == "aws" { "aws" } else { "controller" });
            assert_eq!(a.checked_by.as_deref(), by, "{key}: range enforced by");
            assert_eq!(a.group.as_deref(), r["conflict_scope"].as_str(), "{key}: group conflict scope");
            assert_eq!(a.group.is_some(), r["group_consistent"].as_bool().unwrap(), "{key}: group consistent");
            assert_eq!(a.service, r["service_overridable"].as_bool().unwrap(), "{key}: service override");
            assert_eq!(a.deprecated, r["deprecated"].as_bool().unwrap(), "{key}: deprecated");
            assert_eq!(a.written_by_controller, r["controller_written"].as_bool().unwrap(), "{key}: written");
            let gate = r["feature_gate"].as_str().map(|g| g.split_whitespace().next().unwrap().to_string());
            assert_eq!(a.gate, gate, "{key}: feature gate");
            assert_eq!(a.key.contains('*'), r["dynamic"].as_bool().unwrap(), "{key}: dynamic");
            // Every concrete key of the reference is found by lookup, and maps to this entry.
            if !a.key.contains('*') {
                assert_eq!(find(key).map(|f| f.key.as_str()), Some(a.key.as_str()));
            }
        }
    }

    fn dynamic_to_star(key: &str) -> String {
        let mut out = String::new();
        let mut rest = key;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            out.push('*');
            let end = rest[start..].find('}').expect("closing brace") + start;
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn catalogue_counts_by_kind() {
        let count = |k: &str| annotations().iter().filter(|a| a.read_on(k)).count();
        assert_eq!(annotations().len(), 124);
        assert_eq!(count("Ingress"), 73);
        assert_eq!(count("Service"), 72);
    }
}
