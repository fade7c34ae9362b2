//! The catalogue of doctor checks: codes are stable (scripts match on them), never reused.
//!
//! The README's check table is generated from this list (`albctl doctor --list-checks
//! -o markdown`, see `scripts/gen-docs.sh`), and a test fails when the two differ.

use super::facts::Facts;
use super::fixes::{
    FIX_APPLY, FIX_INGRESS_CLASS, FIX_OIDC, FIX_POLICY, FIX_PRUNE, FIX_RECONCILE, FIX_ROLE, FIX_SA, FIX_SUBNETS,
};
use super::{
    Area, Severity, Verdict, checks_auto_mode as auto_mode, checks_gateway as gw, checks_gateway_objects as gw_objects,
    checks_iam as iam, checks_k8s as k8s, checks_lb as lb, checks_lint as lint, checks_net as net,
    checks_pod_identity as pod_identity,
};

/// One check: its data and the pure function that judges it.
pub struct CheckSpec {
    /// Stable code, e.g. `IAM007`.
    pub code: &'static str,
    /// Where it belongs; the text report groups checks under the area's heading.
    pub area: Area,
    /// What must hold.
    pub title: &'static str,
    /// Severity when it does not.
    pub severity: Severity,
    /// What the check reads.
    pub looked_at: &'static str,
    /// The fix; `{cluster}`, `{ns_flags}`, `{role_flags}`, `{policy_flags}`, `{namespace}` are filled in.
    pub fix: &'static str,
    /// Pure function from the gathered facts to a verdict; a fix in the verdict replaces `fix`.
    pub check: fn(&Facts) -> Verdict,
}

impl std::fmt::Debug for CheckSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckSpec").field("code", &self.code).finish_non_exhaustive()
    }
}

/// Every check, in report order.
pub static CATALOGUE: &[CheckSpec] = &[
    CheckSpec {
        code: "OIDC001",
        area: Area::Oidc,
        title: "IAM OIDC provider exists for the cluster's issuer",
        severity: Severity::Fail,
        looked_at: "eks:DescribeCluster issuer, iam:GetOpenIDConnectProvider",
        fix: FIX_OIDC,
        check: iam::oidc_provider_exists,
    },
    CheckSpec {
        code: "OIDC002",
        area: Area::Oidc,
        title: "OIDC provider lists client id sts.amazonaws.com",
        severity: Severity::Fail,
        looked_at: "iam:GetOpenIDConnectProvider ClientIDList",
        fix: FIX_OIDC,
        check: iam::oidc_client_id,
    },
    CheckSpec {
        code: "IAM001",
        area: Area::Iam,
        title: "controller IAM role exists",
        severity: Severity::Fail,
        looked_at: "ServiceAccount role-arn annotation (else the default role name), iam:GetRole",
        fix: FIX_ROLE,
        check: iam::role_exists,
    },
    CheckSpec {
        code: "IAM002",
        area: Area::Iam,
        title: "role trust federates the cluster's OIDC provider for sts:AssumeRoleWithWebIdentity",
        severity: Severity::Fail,
        looked_at: "role trust policy: Principal.Federated, Action",
        fix: FIX_ROLE,
        check: iam::trust_principal,
    },
    CheckSpec {
        code: "IAM003",
        area: Area::Iam,
        title: "role trust's sub condition admits the controller's ServiceAccount",
        severity: Severity::Fail,
        looked_at: "role trust policy: Condition <issuer>:sub",
        fix: FIX_ROLE,
        check: iam::trust_subject,
    },
    CheckSpec {
        code: "IAM004",
        area: Area::Iam,
        title: "role trust's aud condition is sts.amazonaws.com",
        severity: Severity::Fail,
        looked_at: "role trust policy: Condition <issuer>:aud",
        fix: FIX_ROLE,
        check: iam::trust_audience,
    },
    CheckSpec {
        code: "IAM005",
        area: Area::Iam,
        title: "role trust names one ServiceAccount exactly (no wildcard)",
        severity: Severity::Fail,
        looked_at: "role trust policy: StringLike patterns or a missing sub condition",
        fix: FIX_ROLE,
        check: iam::trust_not_wildcard,
    },
    CheckSpec {
        code: "IAM006",
        area: Area::Iam,
        title: "a controller policy is attached to the role",
        severity: Severity::Fail,
        looked_at: "iam:ListAttachedRolePolicies, iam:ListRolePolicies, policy documents",
        fix: FIX_ROLE,
        check: iam::policy_attached,
    },
    CheckSpec {
        code: "IAM007",
        area: Area::Iam,
        title: "role's policies grant every action the pinned controller version needs",
        severity: Severity::Fail,
        looked_at: "attached and inline policy documents vs the embedded policy and its revision history",
        fix: FIX_POLICY,
        check: iam::policy_current,
    },
    CheckSpec {
        code: "IAM008",
        area: Area::Iam,
        title: "ELB service-linked role exists, or the controller may create it",
        severity: Severity::Fail,
        looked_at: "iam:GetRole AWSServiceRoleForElasticLoadBalancing, iam:CreateServiceLinkedRole grant",
        fix: "aws iam create-service-linked-role --aws-service-name elasticloadbalancing.amazonaws.com",
        check: iam::service_linked_role,
    },
    CheckSpec {
        code: "IAM009",
        area: Area::Iam,
        title: "doctor's AWS reads were allowed",
        severity: Severity::Warn,
        looked_at: "AccessDenied answers to doctor's own reads",
        fix: "grant the caller read access (iam:Get*, iam:List*, ec2:Describe*, eks:DescribeCluster; e.g. the ReadOnlyAccess managed policy)",
        check: iam::aws_reads_allowed,
    },
    CheckSpec {
        code: "IAM010",
        area: Area::Iam,
        title: "Pod Identity: the eks-pod-identity-agent add-on is installed and ACTIVE",
        severity: Severity::Fail,
        looked_at: "eks:DescribeAddon eks-pod-identity-agent (for an install with a Pod Identity association or role)",
        fix: "aws eks create-addon --cluster-name {cluster} --addon-name eks-pod-identity-agent",
        check: pod_identity::iam010,
    },
    CheckSpec {
        code: "IAM011",
        area: Area::Iam,
        title: "Pod Identity: the agent DaemonSet has every scheduled pod ready",
        severity: Severity::Fail,
        looked_at: "DaemonSet kube-system/eks-pod-identity-agent status",
        fix: "kubectl -n kube-system describe daemonset eks-pod-identity-agent",
        check: pod_identity::iam011,
    },
    CheckSpec {
        code: "IAM012",
        area: Area::Iam,
        title: "Pod Identity: an association for the controller's ServiceAccount names the role with the policy",
        severity: Severity::Fail,
        looked_at: "eks:ListPodIdentityAssociations, eks:DescribePodIdentityAssociation; the role IAM001 found",
        fix: "albctl setup --cluster {cluster} --identity pod-identity",
        check: pod_identity::iam012,
    },
    CheckSpec {
        code: "IAM013",
        area: Area::Iam,
        title: "Pod Identity: the role trusts pods.eks.amazonaws.com for sts:AssumeRole and sts:TagSession",
        severity: Severity::Fail,
        looked_at: "role trust policy: Principal.Service, Action",
        fix: "albctl setup --cluster {cluster} --identity pod-identity",
        check: pod_identity::iam013,
    },
    CheckSpec {
        code: "IAM014",
        area: Area::Iam,
        title: "Pod Identity: no IRSA role annotation left beside the association",
        severity: Severity::Warn,
        looked_at: "ServiceAccount annotation eks.amazonaws.com/role-arn beside a Pod Identity association",
        fix: "albctl setup --cluster {cluster} --identity pod-identity (removes the annotation)",
        check: pod_identity::iam014,
    },
    CheckSpec {
        code: "NET001",
        area: Area::Network,
        title: "the controller finds usable public subnets (kubernetes.io/role/elb, else route tables, as v3.5.0)",
        severity: Severity::Fail,
        looked_at: "ec2:DescribeSubnets, ec2:DescribeRouteTables (public = routes to an internet gateway); role tags, other clusters' tags, free addresses",
        fix: FIX_SUBNETS,
        check: net::public_tagged,
    },
    CheckSpec {
        code: "NET002",
        area: Area::Network,
        title: "the controller finds usable private subnets (kubernetes.io/role/internal-elb, else route tables, as v3.5.0)",
        severity: Severity::Fail,
        looked_at: "ec2:DescribeSubnets, ec2:DescribeRouteTables (private = no route to an internet gateway); role tags, other clusters' tags, free addresses",
        fix: FIX_SUBNETS,
        check: net::private_tagged,
    },
    CheckSpec {
        code: "NET003",
        area: Area::Network,
        title: "the subnets the controller finds span at least 2 Availability Zones per scheme",
        severity: Severity::Fail,
        looked_at: "Availability Zones of the subnets NET001/NET002 find (one per zone, as v3.5.0 picks them); a shortage only other clusters' tags cause is reported by NET005",
        fix: "tag subnets in a second Availability Zone: albctl subnets tag --cluster {cluster} --public-subnets ID,ID --private-subnets ID,ID",
        check: net::two_zones,
    },
    CheckSpec {
        code: "NET004",
        area: Area::Network,
        title: "role tags have a value the controller matches (1 or empty)",
        severity: Severity::Fail,
        looked_at: "values of kubernetes.io/role/elb and kubernetes.io/role/internal-elb",
        fix: FIX_SUBNETS,
        check: net::tag_values,
    },
    CheckSpec {
        code: "NET005",
        area: Area::Network,
        title: "no subnet is tagged for other clusters only",
        severity: Severity::Fail,
        looked_at: "kubernetes.io/cluster/<name> tags (shared, owned) on the candidate subnets",
        fix: FIX_SUBNETS,
        check: net::not_other_cluster,
    },
    CheckSpec {
        code: "NET006",
        area: Area::Network,
        title: "tagged subnets have at least 8 free IP addresses",
        severity: Severity::Warn,
        looked_at: "AvailableIpAddressCount of role-tagged subnets",
        fix: "free addresses in those subnets, or tag larger ones: albctl subnets list --cluster {cluster}",
        check: net::free_addresses,
    },
    CheckSpec {
        code: "NET007",
        area: Area::Network,
        title: "nodes accept TCP 9443 (webhook) from the cluster security group",
        severity: Severity::Fail,
        looked_at: "ec2:DescribeInstances (nodes), ec2:DescribeSecurityGroups ingress rules",
        fix: "aws ec2 authorize-security-group-ingress --group-id <node group> --protocol tcp --port 9443 --source-group <cluster security group>",
        check: net::webhook_port_open,
    },
    CheckSpec {
        code: "NET008",
        area: Area::Network,
        title: "each node ENI has exactly one security group the controller can pick",
        severity: Severity::Fail,
        looked_at: "security groups per node ENI and their kubernetes.io/cluster/<name> tags",
        fix: "keep the kubernetes.io/cluster/{cluster} tag on exactly one security group per node ENI (aws ec2 delete-tags)",
        check: net::one_tagged_group,
    },
    CheckSpec {
        code: "K8S001",
        area: Area::Kubernetes,
        title: "controller ServiceAccount exists",
        severity: Severity::Fail,
        looked_at: "ServiceAccount <namespace>/<service-account>",
        fix: FIX_SA,
        check: k8s::service_account_exists,
    },
    CheckSpec {
        code: "K8S002",
        area: Area::Kubernetes,
        title: "ServiceAccount is annotated with the controller role",
        severity: Severity::Fail,
        looked_at: "annotation eks.amazonaws.com/role-arn",
        fix: FIX_SA,
        check: k8s::service_account_annotated,
    },
    CheckSpec {
        code: "K8S003",
        area: Area::Kubernetes,
        title: "Deployment runs as that ServiceAccount",
        severity: Severity::Fail,
        looked_at: "Deployment spec.template.spec.serviceAccountName",
        fix: FIX_APPLY,
        check: k8s::deployment_service_account,
    },
    CheckSpec {
        code: "K8S004",
        area: Area::Kubernetes,
        title: "controller pods got web identity credentials",
        severity: Severity::Fail,
        looked_at: "pod env AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE (or Pod Identity's AWS_CONTAINER_CREDENTIALS_FULL_URI)",
        fix: "kubectl -n {namespace} rollout restart deployment/aws-load-balancer-controller",
        check: k8s::pods_have_credentials,
    },
    CheckSpec {
        code: "K8S005",
        area: Area::Kubernetes,
        title: "Deployment passes --aws-region and --aws-vpc-id (no IMDS needed)",
        severity: Severity::Fail,
        looked_at: "controller args; nodes' IMDS HttpPutResponseHopLimit",
        fix: FIX_APPLY,
        check: k8s::region_and_vpc_args,
    },
    CheckSpec {
        code: "K8S006",
        area: Area::Kubernetes,
        title: "Deployment's --cluster-name is this cluster",
        severity: Severity::Fail,
        looked_at: "controller arg --cluster-name",
        fix: FIX_APPLY,
        check: k8s::cluster_name_arg,
    },
    CheckSpec {
        code: "K8S007",
        area: Area::Kubernetes,
        title: "controller CRDs installed and as new as the controller",
        severity: Severity::Fail,
        looked_at: "CustomResourceDefinitions vs the embedded ones (versions and schema fields)",
        fix: FIX_APPLY,
        check: k8s::crds_current,
    },
    CheckSpec {
        code: "K8S008",
        area: Area::Kubernetes,
        title: "webhook configurations exist and trust the TLS Secret's CA",
        severity: Severity::Fail,
        looked_at: "Mutating/ValidatingWebhookConfiguration caBundle vs Secret ca.crt",
        fix: FIX_APPLY,
        check: k8s::ca_bundle_matches,
    },
    CheckSpec {
        code: "K8S009",
        area: Area::Kubernetes,
        title: "webhook serving certificate is valid (chain, SANs, expiry)",
        severity: Severity::Fail,
        looked_at: "Secret tls.crt/tls.key/ca.crt",
        fix: FIX_APPLY,
        check: k8s::certificate_valid,
    },
    CheckSpec {
        code: "K8S010",
        area: Area::Kubernetes,
        title: "webhook Service has ready endpoints while its webhooks fail closed",
        severity: Severity::Fail,
        looked_at: "EndpointSlices of the webhook Service, webhooks' failurePolicy",
        fix: "make the controller pods Ready (see K8S011): kubectl -n {namespace} get pods -l app.kubernetes.io/name=aws-load-balancer-controller",
        check: k8s::webhook_endpoints,
    },
    CheckSpec {
        code: "K8S011",
        area: Area::Kubernetes,
        title: "controller Deployment exists and is Available",
        severity: Severity::Fail,
        looked_at: "Deployment status; pod container states (image pull, crash, scheduling)",
        fix: FIX_APPLY,
        check: k8s::deployment_available,
    },
    CheckSpec {
        code: "K8S012",
        area: Area::Kubernetes,
        title: "controller image comes from a registry in the cluster's partition",
        severity: Severity::Fail,
        looked_at: "controller container image host",
        fix: "albctl apply --cluster {cluster}{ns_flags} --image-registry regional",
        check: k8s::image_partition,
    },
    CheckSpec {
        code: "K8S013",
        area: Area::Kubernetes,
        title: "controller image's ECR registry is in the cluster's region",
        severity: Severity::Warn,
        looked_at: "controller container image host",
        fix: "albctl apply --cluster {cluster}{ns_flags} --image-registry regional",
        check: k8s::image_region,
    },
    CheckSpec {
        code: "K8S014",
        area: Area::Kubernetes,
        title: "doctor's Kubernetes reads were allowed",
        severity: Severity::Warn,
        looked_at: "403 Forbidden answers to doctor's own reads",
        fix: "grant the caller get/list on the objects named (e.g. bind the view ClusterRole plus read on Secrets and webhook configurations)",
        check: k8s::kube_reads_allowed,
    },
    CheckSpec {
        code: "K8S015",
        area: Area::Kubernetes,
        title: "live Ingresses, Services and IngressClassParams pass albctl lint (no errors)",
        severity: Severity::Fail,
        looked_at: "the controller's objects in every namespace, and the ACM certificates, subnets, security groups and WAFv2 web ACLs they name",
        fix: "albctl lint --cluster {cluster}",
        check: lint::live_objects_lint_clean,
    },
    CheckSpec {
        code: "K8S016",
        area: Area::Kubernetes,
        title: "the controller install is albctl's, not an un-adopted Helm/eksctl install",
        severity: Severity::Warn,
        looked_at: "managed-by labels and Helm release annotations of the Deployment and ServiceAccount",
        fix: "albctl setup --cluster {cluster}{ns_flags} --adopt --forget-helm-release",
        check: k8s::install_is_albctls,
    },
    CheckSpec {
        code: "LB001",
        area: Area::LoadBalancers,
        title: "no orphaned load balancers, target groups or security groups",
        severity: Severity::Fail,
        looked_at: "ELBv2 load balancers and target groups and EC2 security groups tagged elbv2.k8s.aws/cluster=<cluster>; their stack tags (ingress.k8s.aws/stack, service.k8s.aws/stack, gateway.k8s.aws.alb/stack, gateway.k8s.aws.nlb/stack) vs the cluster's Ingresses, Services, Gateways and TargetGroupBindings",
        fix: FIX_PRUNE,
        check: lb::no_orphans,
    },
    CheckSpec {
        code: "LB002",
        area: Area::LoadBalancers,
        title: "no object is stuck on a controller finalizer while no controller runs",
        severity: Severity::Fail,
        looked_at: "Ingresses, Services, Gateways, GatewayClasses, TargetGroupBindings and the controller's Gateway configurations with a deletionTimestamp and a controller finalizer; the controller Deployment's availability; the AWS resources of their stacks",
        fix: FIX_APPLY,
        check: lb::no_stuck_finalizers,
    },
    CheckSpec {
        code: "LB003",
        area: Area::LoadBalancers,
        title: "the controller reconciles every Ingress, Service and TargetGroupBinding",
        severity: Severity::Fail,
        looked_at: "Warning events (FailedBuildModel, FailedDeployModel, FailedAddFinalizer, BackendNotFound, ...) newer than the object's last SuccessfullyReconciled",
        fix: FIX_RECONCILE,
        check: lb::no_reconcile_failures,
    },
    CheckSpec {
        code: "LB004",
        area: Area::LoadBalancers,
        title: "every Ingress names an IngressClass that exists (or a default class exists)",
        severity: Severity::Warn,
        looked_at: "Ingress spec.ingressClassName and kubernetes.io/ingress.class; IngressClasses and their is-default-class annotation",
        fix: FIX_INGRESS_CLASS,
        check: lb::ingress_classes_exist,
    },
    CheckSpec {
        code: "AM001",
        area: Area::AutoMode,
        title: "Auto Mode: no other controller holds the controller's IngressClass name",
        severity: Severity::Fail,
        looked_at: "eks:DescribeCluster computeConfig/elasticLoadBalancing, IngressClasses, the controller's --ingress-class",
        fix: "albctl setup --cluster {cluster} --ingress-class NAME",
        check: auto_mode::am001,
    },
    CheckSpec {
        code: "AM002",
        area: Area::AutoMode,
        title: "Auto Mode: at most one default IngressClass",
        severity: Severity::Fail,
        looked_at: "IngressClasses annotated ingressclass.kubernetes.io/is-default-class",
        fix: "kubectl annotate ingressclass NAME ingressclass.kubernetes.io/is-default-class- on all but one",
        check: auto_mode::am002,
    },
    CheckSpec {
        code: "AM003",
        area: Area::AutoMode,
        title: "Auto Mode: no object is handed to one controller with annotations only the other reads",
        severity: Severity::Warn,
        looked_at: "Ingresses (class) and LoadBalancer Services (loadBalancerClass) with their annotations",
        fix: "albctl lint --cluster {cluster} --target auto-mode",
        check: auto_mode::am003,
    },
    CheckSpec {
        code: "AM004",
        area: Area::AutoMode,
        title: "Auto Mode: the controller has --aws-region and --aws-vpc-id (IMDS hop limit 1)",
        severity: Severity::Fail,
        looked_at: "the controller Deployment's container args",
        fix: "albctl setup --cluster {cluster}",
        check: auto_mode::am004,
    },
    CheckSpec {
        code: "AM005",
        area: Area::AutoMode,
        title: "Auto Mode: the Service mutator webhook is off, so class-less Services stay with Auto Mode",
        severity: Severity::Warn,
        looked_at: "the controller's MutatingWebhookConfiguration (mservice.elbv2.k8s.aws)",
        fix: "albctl setup --cluster {cluster}",
        check: auto_mode::am005,
    },
    // NB: on a cluster without gateway.networking.k8s.io CRDs (Ingress and Service only) every
    // GW check is skipped with that reason, so none fails it (see checks_gateway).
    CheckSpec {
        code: "GW001",
        area: Area::GatewayApi,
        title: "the Gateway API CRDs the controller's gates need are served at v1",
        severity: Severity::Fail,
        looked_at: "CRDs of Gateway, GatewayClass, HTTPRoute, GRPCRoute (ALBGatewayAPI), TLSRoute, TCPRoute, UDPRoute (NLBGatewayAPI) and ListenerSet (GatewayListenerSet) in gateway.networking.k8s.io; the controller's --feature-gates",
        fix: "albctl setup --cluster {cluster}{ns_flags} --gateway-api install",
        check: gw::standard_crds_present,
    },
    CheckSpec {
        code: "GW002",
        area: Area::GatewayApi,
        title: "the Gateway API CRDs are at bundle version v1.6.0 or newer (what controller v3.5.0 is built for)",
        severity: Severity::Fail,
        looked_at: "annotation gateway.networking.k8s.io/bundle-version of those CRDs",
        fix: "albctl setup --cluster {cluster}{ns_flags} --gateway-api install",
        check: gw::bundle_version_supported,
    },
    CheckSpec {
        code: "GW003",
        area: Area::GatewayApi,
        title: "the Gateway API CRDs are from the standard channel",
        severity: Severity::Warn,
        looked_at: "annotation gateway.networking.k8s.io/channel of those CRDs",
        fix: "kubectl apply --server-side=true --force-conflicts -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.0/standard-install.yaml",
        check: gw::standard_channel,
    },
    CheckSpec {
        code: "GW004",
        area: Area::GatewayApi,
        title: "the controller's gateway.k8s.aws CRDs serve v1 (not v1beta1 only, as v3.4.x left them)",
        severity: Severity::Fail,
        looked_at: "CRDs loadbalancerconfigurations, targetgroupconfigurations and listenerruleconfigurations.gateway.k8s.aws: served versions",
        fix: "albctl setup --cluster {cluster}{ns_flags} (applies and upgrades the controller's gateway CRDs on every run)",
        check: gw::controller_crds_at_v1,
    },
    CheckSpec {
        code: "GW005",
        area: Area::GatewayApi,
        title: "no Gateway feature gate the controller's GatewayClasses need is off by flag",
        severity: Severity::Fail,
        looked_at: "controller --feature-gates (ALBGatewayAPI, NLBGatewayAPI, GatewayListenerSet); GatewayClasses of gateway.k8s.aws/alb and gateway.k8s.aws/nlb",
        fix: "albctl setup --cluster {cluster}{ns_flags} --gateway-api auto (and no values file turning the gates off)",
        check: gw::gates_not_off_by_flag,
    },
    CheckSpec {
        code: "GW006",
        area: Area::GatewayApi,
        title: "the controller pods started after the Gateway CRDs they need (detection runs only at startup)",
        severity: Severity::Fail,
        looked_at: "controller pods' status.startTime vs those CRDs' creationTimestamp and last non-status write (managedFields)",
        fix: "kubectl -n {namespace} rollout restart deployment/aws-load-balancer-controller",
        check: gw::controller_started_after_crds,
    },
    CheckSpec {
        code: "GW007",
        area: Area::GatewayApi,
        title: "a GatewayClass names the controller (gateway.k8s.aws/alb or gateway.k8s.aws/nlb)",
        severity: Severity::Warn,
        looked_at: "GatewayClasses' spec.controllerName",
        fix: "albctl setup --cluster {cluster}{ns_flags} (makes GatewayClasses albctl-alb and albctl-nlb when Gateway support is on)",
        check: gw_objects::controller_class_exists,
    },
    CheckSpec {
        code: "GW008",
        area: Area::GatewayApi,
        title: "the controller's GatewayClasses are Accepted",
        severity: Severity::Fail,
        looked_at: "status.conditions Accepted of the GatewayClasses of gateway.k8s.aws/alb and gateway.k8s.aws/nlb",
        fix: "kubectl describe gatewayclass NAME",
        check: gw_objects::controller_classes_accepted,
    },
    CheckSpec {
        code: "GW009",
        area: Area::GatewayApi,
        title: "each Gateway of the controller's classes is Accepted and Programmed, with no newer failure event",
        severity: Severity::Fail,
        looked_at: "Gateways' status.conditions Accepted and Programmed, deletionTimestamp and finalizers; their Warning events (FailedBuildModel, FailedDeployModel, ...) newer than their last SuccessfullyReconciled",
        fix: "kubectl -n NAMESPACE describe gateway NAME",
        check: gw_objects::gateways_programmed,
    },
    CheckSpec {
        code: "GW010",
        area: Area::GatewayApi,
        title: "routes attached to the controller's Gateways are accepted by them",
        severity: Severity::Fail,
        looked_at: "HTTPRoute, GRPCRoute, TCPRoute, UDPRoute and TLSRoute status.parents written by gateway.k8s.aws/alb or /nlb: condition Accepted",
        fix: "kubectl -n NAMESPACE describe httproute NAME",
        check: gw_objects::routes_accepted,
    },
    CheckSpec {
        code: "GW011",
        area: Area::GatewayApi,
        title: "backends of routes attached to the controller's Gateways resolve",
        severity: Severity::Fail,
        looked_at: "the same route parent statuses: condition ResolvedRefs",
        fix: "kubectl -n NAMESPACE describe httproute NAME",
        check: gw_objects::route_backends_resolve,
    },
];

/// The catalogue as a Markdown table (the README's check table).
pub fn markdown_table() -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;");
    let mut out = String::from("| code | severity | check | looks at | fix |\n|---|---|---|---|---|\n");
    for spec in CATALOGUE {
        let severity = match spec.severity {
            Severity::Fail => "fail",
            Severity::Warn => "warn",
            Severity::Info => "info",
        };
        let fix = spec
            .fix
            .replace("{cluster}", "NAME")
            .replace("{namespace}", "kube-system")
            .replace("{ns_flags}", "")
            .replace("{role_flags}", "")
            .replace("{policy_flags}", "");
        let fix = if ["albctl ", "aws ", "kubectl "].iter().any(|p| fix.starts_with(p)) {
            format!("`{fix}`")
        } else {
            cell(&fix)
        };
        out.push_str(&format!(
            "| {} | {severity} | {} | {} | {fix} |\n",
            spec.code,
            cell(spec.title),
            cell(spec.looked_at)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_prefixed_by_area() {
        let mut seen = std::collections::BTreeSet::new();
        for spec in CATALOGUE {
            assert!(seen.insert(spec.code), "duplicate code {}", spec.code);
            let prefix = match spec.area {
                Area::Oidc => "OIDC",
                Area::Iam => "IAM",
                Area::Network => "NET",
                Area::Kubernetes => "K8S",
                Area::LoadBalancers => "LB",
                Area::AutoMode => "AM",
                Area::GatewayApi => "GW",
            };
            assert!(spec.code.starts_with(prefix), "{} is not in area {:?}", spec.code, spec.area);
        }
        assert!(CATALOGUE.len() >= 20);
    }

    #[test]
    fn readme_check_table_is_generated_from_the_catalogue() {
        let readme = include_str!("../../README.md");
        let begin = "<!-- doctor-checks:begin -->\n";
        let end = "<!-- doctor-checks:end -->";
        let start = readme.find(begin).expect("README lacks the doctor-checks:begin marker") + begin.len();
        let stop = readme[start..].find(end).expect("README lacks the doctor-checks:end marker") + start;
        assert_eq!(
            &readme[start..stop],
            markdown_table(),
            "README's doctor check table differs from the catalogue: run scripts/gen-docs.sh"
        );
    }
}
