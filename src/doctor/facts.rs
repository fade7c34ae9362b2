//! What doctor read, as plain data: the checks are pure functions of a [`Facts`].
//!
//! Every read that can fail on its own is a [`Seen`]: the value, or why it could not be read
//! (no Kubernetes access, AccessDenied, an API error). A denied read is never taken as "absent".

use serde_json::Value;

use crate::model::Partition;
use crate::model::observed::{ClusterInfo, OidcProviderState, RoleState};
use crate::model::observed::{NodeInstance, SecurityGroupState};
use crate::model::subnets::ClassifiedSubnet;

/// A value doctor read, or why it has none.
#[derive(Debug, Clone)]
pub enum Seen<T> {
    /// The read answered with this.
    Got(T),
    /// Not read, and why (shown as the reason a check was skipped).
    Unread(String),
}

impl<T> Seen<T> {
    /// The value, or the reason it is missing.
    pub fn get(&self) -> Result<&T, String> {
        match self {
            Seen::Got(v) => Ok(v),
            Seen::Unread(why) => Err(why.clone()),
        }
    }
}

/// A read the caller's credentials were not allowed to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeniedRead {
    /// `iam:GetRole`, or `kubernetes: get serviceaccounts` for RBAC.
    pub action: String,
    /// The service's words.
    pub detail: String,
}

/// Where the role under inspection came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleSource {
    /// The ServiceAccount's `eks.amazonaws.com/role-arn` annotation.
    Annotation,
    /// `--role-name`.
    Flag,
    /// albctl's default name for the cluster.
    DefaultName,
}

impl RoleSource {
    /// For evidence text.
    pub fn describe(&self) -> &'static str {
        match self {
            RoleSource::Annotation => "from the ServiceAccount's annotation",
            RoleSource::Flag => "from --role-name",
            RoleSource::DefaultName => "albctl's default name; the ServiceAccount names none",
        }
    }
}

/// A policy document that applies to the role (managed and attached, or inline).
#[derive(Debug, Clone)]
pub struct RolePolicy {
    /// Policy ARN, or `inline:<name>`.
    pub id: String,
    /// Its (default version's) document.
    pub document: Value,
}

/// What the command line says doctor should look for.
#[derive(Debug, Clone)]
pub struct Target {
    /// The cluster diagnosed, as `--cluster` (or a fleet run's listing) names it.
    pub cluster: String,
    /// Region the cluster is in.
    pub region: String,
    /// Caller's account.
    pub account: String,
    /// Caller's ARN.
    pub caller_arn: String,
    /// AWS partition of the caller's account (`aws`, `aws-cn`, `aws-us-gov`).
    pub partition: Partition,
    /// `--namespace` (default `kube-system`): where the controller and its ServiceAccount are.
    pub namespace: String,
    /// Controller ServiceAccount.
    pub service_account: String,
    /// Name of the policy albctl would create.
    pub policy_name: String,
}

/// The AWS side.
#[derive(Debug, Clone)]
pub struct AwsFacts {
    /// DescribeCluster.
    pub cluster: ClusterInfo,
    /// The provider for the cluster's issuer (`None`: absent). Unread when the cluster has no issuer.
    pub oidc_provider: Seen<Option<OidcProviderState>>,
    /// The role doctor judges, and where its name came from.
    pub role_name: String,
    /// See [`RoleSource`].
    pub role_source: RoleSource,
    /// The role (`None`: absent).
    pub role: Seen<Option<RoleState>>,
    /// The role's attached and inline policies.
    pub role_policies: Seen<Vec<RolePolicy>>,
    /// Whether `AWSServiceRoleForElasticLoadBalancing` exists.
    pub elb_service_linked_role: Seen<bool>,
    /// The VPC's subnets, classified.
    pub subnets: Seen<Vec<ClassifiedSubnet>>,
    /// The cluster's EC2 nodes.
    pub nodes: Seen<Vec<NodeInstance>>,
    /// The VPC's security groups.
    pub security_groups: Seen<Vec<SecurityGroupState>>,
    /// The load balancers and target groups tagged for the cluster, and the VPC's security
    /// groups in the form the load balancer workflow judges them.
    pub load_balancers: Seen<crate::inventory::AwsObserved>,
    /// The Pod Identity association for the controller's ServiceAccount.
    pub pod_identity_association: Seen<Option<crate::model::observed::PodIdentityAssociationState>>,
    /// Status of the `eks-pod-identity-agent` add-on (`None`: not installed).
    pub pod_identity_agent: Seen<Option<String>>,
}

/// The Kubernetes side (objects as JSON, as the API server returned them).
#[derive(Debug, Clone)]
pub struct KubeFacts {
    /// The controller ServiceAccount.
    pub service_account: Seen<Option<Value>>,
    /// The controller Deployment (by name, else by the chart's name label).
    pub deployment: Seen<Option<Value>>,
    /// Pods matching the Deployment's selector.
    pub pods: Seen<Vec<Value>>,
    /// The controller's CRDs by name, with the embedded (wanted) CRD beside the cluster's.
    pub crds: Seen<Vec<(Value, Option<Value>)>>,
    /// MutatingWebhookConfiguration.
    pub mutating_webhooks: Seen<Option<Value>>,
    /// ValidatingWebhookConfiguration.
    pub validating_webhooks: Seen<Option<Value>>,
    /// The webhook TLS Secret.
    pub tls_secret: Seen<Option<Value>>,
    /// Endpoints of the webhook Service.
    pub webhook_endpoints: Seen<Option<Value>>,
    /// Name of the webhook Service.
    pub webhook_service: String,
    /// Ingresses, Services, TargetGroupBindings, IngressClasses and IngressClassParams.
    pub lb_objects: Seen<crate::inventory::KubeObserved>,
    /// Warning events and SuccessfullyReconciled events, every namespace.
    pub lb_events: Seen<Vec<Value>>,
    /// The `kube-system/eks-pod-identity-agent` DaemonSet.
    pub pod_identity_agent: Seen<Option<Value>>,
    /// What `albctl lint --cluster` found in the live Ingresses, Services and IngressClassParams.
    pub lint: Seen<LintFacts>,
    /// The Gateway API CRDs the controller needs and the routes (Gateways and GatewayClasses are
    /// in `lb_objects`).
    pub gateway_api: Seen<GatewayApiFacts>,
}

/// The Gateway API side of the cluster, as the Gateway API checks judge it.
#[derive(Debug, Clone, Default)]
pub struct GatewayApiFacts {
    /// Each CRD of `gateway_needs::NEEDED_CRDS` by name, with its metadata and its versions'
    /// names and served/storage flags (schemas dropped); `None` when the cluster lacks it.
    pub crds: Vec<(String, Option<Value>)>,
    /// Every HTTPRoute, GRPCRoute, TCPRoute, UDPRoute and TLSRoute served at
    /// `gateway.networking.k8s.io/v1`, with `kind` set.
    pub routes: Vec<Value>,
}

/// The live lint's result, as doctor reports it.
#[derive(Debug, Clone, Default)]
pub struct LintFacts {
    /// How many live objects lint judged, i.e. those the controller handles.
    pub judged: usize,
    /// Error findings, one line each (`CODE Kind ns/name key: message`).
    pub errors: Vec<String>,
}

/// Everything the checks judge.
#[derive(Debug, Clone)]
pub struct Facts {
    /// What to look for.
    pub target: Target,
    /// AWS.
    pub aws: AwsFacts,
    /// What doctor read from the cluster's API server.
    pub kube: KubeFacts,
    /// Reads that were denied (AWS and Kubernetes RBAC).
    pub denied: Vec<DeniedRead>,
    /// When the facts were read (certificate expiry is judged against it).
    pub now: time::OffsetDateTime,
}

impl Facts {
    /// A catalogue fix with `{cluster}`, `{ns_flags}` (namespace/ServiceAccount flags when not the
    /// defaults) and `{policy_flags}` filled in.
    pub fn render_fix(&self, template: &str) -> String {
        let t = &self.target;
        let mut ns_flags = String::new();
        if t.namespace != crate::model::DEFAULT_NAMESPACE {
            ns_flags.push_str(&format!(" --namespace {}", t.namespace));
        }
        if t.service_account != crate::model::DEFAULT_SERVICE_ACCOUNT {
            ns_flags.push_str(&format!(" --service-account {}", t.service_account));
        }
        let mut role_flags = String::new();
        if self.aws.role_source != RoleSource::DefaultName {
            role_flags.push_str(&format!(" --role-name {}", self.aws.role_name));
        }
        let policy_flags = if t.policy_name == crate::model::DEFAULT_POLICY_NAME {
            String::new()
        } else {
            format!(" --policy-name {}", t.policy_name)
        };
        template
            .replace("{cluster}", &t.cluster)
            .replace("{ns_flags}", &ns_flags)
            .replace("{role_flags}", &role_flags)
            .replace("{policy_flags}", &policy_flags)
            .replace("{namespace}", &t.namespace)
    }
}
