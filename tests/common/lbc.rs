//! What the AWS Load Balancer Controller would have made, built in moto and kube-apiserver for
//! tests, and a **test double** of the controller's part on deletion.
//!
//! There is no real controller here. [`make_stack`] creates, with the SDK, what the controller
//! makes for one Ingress or Service: a managed security group, the load balancer (ALB or NLB)
//! with a listener, and a target group, each tagged as the controller tags them
//! (`elbv2.k8s.aws/cluster`, the stack tag, the resource tag; see
//! `../shared/reference/lbc-annotations/lbc-annotations.md` section 7).
//!
//! [`ControllerStandIn`] is the test double: while it runs, whenever an Ingress, Service or
//! TargetGroupBinding that holds a controller finalizer gets a `deletionTimestamp`, it deletes
//! the AWS resources its stack tag names (load balancers, target groups, security groups tagged
//! for the cluster with that stack) and then removes the finalizer, which is the controller's
//! documented part. It never runs unless a test starts it.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use aws_sdk_ec2::types::{IpPermission, ResourceType, Tag, TagSpecification, UserIdGroupPair};
use aws_sdk_elasticloadbalancingv2 as elbv2;
use kube::Api;
use kube::api::{ApiResource, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::GroupVersionKind;
use serde_json::{Value, json};

use super::fixture::OrPanic;
use super::{AwsEnv, Fixture};

/// The cluster tag key.
pub const CLUSTER_TAG: &str = "elbv2.k8s.aws/cluster";

/// Identifiers of one controller stack in moto.
#[derive(Debug, Clone)]
pub struct Stack {
    /// Load balancer ARN.
    pub lb_arn: String,
    /// Load balancer name.
    pub lb_name: String,
    /// Target group ARN.
    pub tg_arn: String,
    /// Target group name.
    pub tg_name: String,
    /// The managed security group.
    pub sg_id: String,
}

/// How a stack is owned: the stack tag key and value.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    /// An Ingress in an implicit group: `namespace/name`.
    Ingress(&'a str),
    /// An explicit IngressGroup.
    Group(&'a str),
    /// A Service: `namespace/name`.
    Service(&'a str),
    /// An ALB Gateway: `namespace/name` (`gateway.k8s.aws.alb/stack`).
    AlbGateway(&'a str),
}

impl Owner<'_> {
    fn tag(&self) -> (&'static str, String) {
        match self {
            Owner::Ingress(s) | Owner::Group(s) => ("ingress.k8s.aws/stack", s.to_string()),
            Owner::Service(s) => ("service.k8s.aws/stack", s.to_string()),
            Owner::AlbGateway(s) => ("gateway.k8s.aws.alb/stack", s.to_string()),
        }
    }
}

fn elb_tags(pairs: &[(&str, &str)]) -> Vec<elbv2::types::Tag> {
    pairs.iter().map(|(k, v)| elbv2::types::Tag::builder().key(*k).value(*v).build()).collect()
}

/// Creates a controller stack: security group, load balancer (`network` for a Service, else
/// `application`), target group and an HTTP listener forwarding to it, all tagged for `cluster`.
/// `cluster: None` makes the same resources without the cluster tag (another tool's).
pub async fn make_stack(env: &AwsEnv, fx: &Fixture, cluster: Option<&str>, owner: Owner<'_>, short: &str) -> Stack {
    let config = env.sdk().await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let elb = elbv2::Client::new(&config);
    let (stack_key, stack_value) = owner.tag();
    let resource_key = match stack_key.split_once('/') {
        Some(("service.k8s.aws", _)) => "service.k8s.aws/resource",
        Some(("gateway.k8s.aws.alb", _)) => "gateway.k8s.aws.alb/resource",
        _ => "ingress.k8s.aws/resource",
    };
    let mut base: Vec<(&str, &str)> = vec![(stack_key, stack_value.as_str())];
    if let Some(c) = cluster {
        base.push((CLUSTER_TAG, c));
    }
    let with = |extra: (&'static str, &'static str)| {
        let mut t = base.clone();
        t.push(extra);
        t
    };
    let lb_name = format!("k8s-{short}-0123abcd");
    let sg_tags: Vec<Tag> = with((resource_key, "ManagedLBSecurityGroup"))
        .iter()
        .map(|(k, v)| Tag::builder().key(*k).value(*v).build())
        .collect();
    let sg = ec2
        .create_security_group()
        .group_name(format!("k8s-{short}-sg"))
        .description("[k8s] Managed SecurityGroup for LoadBalancer")
        .vpc_id(&fx.vpc_id)
        .tag_specifications(
            TagSpecification::builder().resource_type(ResourceType::SecurityGroup).set_tags(Some(sg_tags)).build(),
        )
        .send()
        .await
        .or_panic("ec2:CreateSecurityGroup");
    let sg_id = sg.group_id().unwrap().to_string();
    let (kind, protocol) = match owner {
        Owner::Service(_) => (elbv2::types::LoadBalancerTypeEnum::Network, elbv2::types::ProtocolEnum::Tcp),
        _ => (elbv2::types::LoadBalancerTypeEnum::Application, elbv2::types::ProtocolEnum::Http),
    };
    let lb = elb
        .create_load_balancer()
        .name(&lb_name)
        .r#type(kind)
        .scheme(elbv2::types::LoadBalancerSchemeEnum::InternetFacing)
        .set_subnets(Some(fx.public_subnets[..2].to_vec()))
        .security_groups(&sg_id)
        .set_tags(Some(elb_tags(&with((resource_key, "LoadBalancer")))))
        .send()
        .await
        .or_panic("elbv2:CreateLoadBalancer");
    let lb_arn = lb.load_balancers()[0].load_balancer_arn().unwrap().to_string();
    let tg_name = format!("k8s-{short}-tg");
    let tg = elb
        .create_target_group()
        .name(&tg_name)
        .protocol(protocol.clone())
        .port(80)
        .vpc_id(&fx.vpc_id)
        .target_type(elbv2::types::TargetTypeEnum::Ip)
        .set_tags(Some(elb_tags(&with((resource_key, "web:80")))))
        .send()
        .await
        .or_panic("elbv2:CreateTargetGroup");
    let tg_arn = tg.target_groups()[0].target_group_arn().unwrap().to_string();
    elb.create_listener()
        .load_balancer_arn(&lb_arn)
        .protocol(protocol)
        .port(80)
        .default_actions(
            elbv2::types::Action::builder()
                .r#type(elbv2::types::ActionTypeEnum::Forward)
                .target_group_arn(&tg_arn)
                .build(),
        )
        .send()
        .await
        .or_panic("elbv2:CreateListener");
    Stack { lb_arn, lb_name, tg_arn, tg_name, sg_id }
}

/// A node security group (tagged `kubernetes.io/cluster/<cluster>=owned`) with a rule admitting
/// TCP 80 from `source_group`, as the controller adds for the backend group. Returns its id.
pub async fn make_node_group_admitting(env: &AwsEnv, fx: &Fixture, source_group: &str) -> String {
    let ec2 = aws_sdk_ec2::Client::new(&env.sdk().await);
    let tag = Tag::builder().key(format!("kubernetes.io/cluster/{}", fx.cluster)).value("owned").build();
    let sg = ec2
        .create_security_group()
        .group_name("eks-nodes")
        .description("node group")
        .vpc_id(&fx.vpc_id)
        .tag_specifications(TagSpecification::builder().resource_type(ResourceType::SecurityGroup).tags(tag).build())
        .send()
        .await
        .or_panic("ec2:CreateSecurityGroup");
    let id = sg.group_id().unwrap().to_string();
    ec2.authorize_security_group_ingress()
        .group_id(&id)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(80)
                .to_port(80)
                .user_id_group_pairs(
                    UserIdGroupPair::builder()
                        .group_id(source_group)
                        .description("elbv2.k8s.aws/targetGroupBinding=shared")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .or_panic("ec2:AuthorizeSecurityGroupIngress");
    id
}

/// Source groups named by the ingress rules of `group_id`.
pub async fn source_groups_of(env: &AwsEnv, group_id: &str) -> Vec<String> {
    let ec2 = aws_sdk_ec2::Client::new(&env.sdk().await);
    let out = ec2.describe_security_groups().group_ids(group_id).send().await.or_panic("ec2:DescribeSecurityGroups");
    out.security_groups()[0]
        .ip_permissions()
        .iter()
        .flat_map(|p| p.user_id_group_pairs().iter().filter_map(|u| u.group_id().map(str::to_string)))
        .collect()
}

/// What exists in moto: load balancer ARNs, target group ARNs, security group ids (each with tags).
#[derive(Debug, Default)]
pub struct ElbState {
    /// Load balancer ARN -> tags.
    pub load_balancers: BTreeMap<String, BTreeMap<String, String>>,
    /// Target group ARN -> tags.
    pub target_groups: BTreeMap<String, BTreeMap<String, String>>,
    /// Security group id -> tags.
    pub security_groups: BTreeMap<String, BTreeMap<String, String>>,
}

impl ElbState {
    /// Everything tagged `elbv2.k8s.aws/cluster=<cluster>`.
    pub fn tagged_for(&self, cluster: &str) -> Vec<String> {
        let ours = |t: &BTreeMap<String, String>| t.get(CLUSTER_TAG).is_some_and(|v| v == cluster);
        [&self.load_balancers, &self.target_groups, &self.security_groups]
            .iter()
            .flat_map(|m| m.iter().filter(|(_, t)| ours(t)).map(|(id, _)| id.clone()))
            .collect()
    }
}

/// Reads what moto holds (directly, not through the proxy).
pub async fn elb_state(env: &AwsEnv) -> ElbState {
    let config = env.sdk().await;
    let elb = elbv2::Client::new(&config);
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let mut state = ElbState::default();
    let lbs = elb.describe_load_balancers().send().await.or_panic("elbv2:DescribeLoadBalancers");
    let tgs = elb.describe_target_groups().send().await.or_panic("elbv2:DescribeTargetGroups");
    let lb_arns: Vec<String> =
        lbs.load_balancers().iter().filter_map(|l| l.load_balancer_arn().map(str::to_string)).collect();
    let tg_arns: Vec<String> =
        tgs.target_groups().iter().filter_map(|t| t.target_group_arn().map(str::to_string)).collect();
    let mut tags: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for chunk in lb_arns.iter().chain(&tg_arns).cloned().collect::<Vec<_>>().chunks(20) {
        let out =
            elb.describe_tags().set_resource_arns(Some(chunk.to_vec())).send().await.or_panic("elbv2:DescribeTags");
        for d in out.tag_descriptions() {
            let t = d
                .tags()
                .iter()
                .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()));
            tags.insert(d.resource_arn().unwrap_or_default().to_string(), t.collect());
        }
    }
    for arn in lb_arns {
        state.load_balancers.insert(arn.clone(), tags.get(&arn).cloned().unwrap_or_default());
    }
    for arn in tg_arns {
        state.target_groups.insert(arn.clone(), tags.get(&arn).cloned().unwrap_or_default());
    }
    let sgs = ec2.describe_security_groups().send().await.or_panic("ec2:DescribeSecurityGroups");
    for g in sgs.security_groups() {
        let t = g
            .tags()
            .iter()
            .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()));
        state.security_groups.insert(g.group_id().unwrap_or_default().to_string(), t.collect());
    }
    state
}

fn dynamic_api(client: &kube::Client, api_version: &str, kind: &str, plural: &str, ns: &str) -> Api<DynamicObject> {
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    let ar = ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural);
    Api::namespaced_with(client.clone(), ns, &ar)
}

/// Creates an object from JSON (`apiVersion`, `kind`, `metadata.namespace` and `metadata.name`
/// set) and returns it as the API server stored it.
pub async fn create(client: &kube::Client, plural: &str, obj: Value) -> Value {
    let api_version = obj["apiVersion"].as_str().unwrap().to_string();
    let kind = obj["kind"].as_str().unwrap().to_string();
    let ns = obj["metadata"]["namespace"].as_str().unwrap().to_string();
    let api = dynamic_api(client, &api_version, &kind, plural, &ns);
    let o: DynamicObject = serde_json::from_value(obj).unwrap();
    let made = api.create(&PostParams::default(), &o).await.unwrap_or_else(|e| panic!("creating {kind}: {e}"));
    serde_json::to_value(made).unwrap()
}

/// An Ingress of class `alb` holding the implicit-group finalizer.
pub fn ingress(ns: &str, name: &str) -> Value {
    json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"namespace": ns, "name": name, "finalizers": ["ingress.k8s.aws/resources"]},
        "spec": {"ingressClassName": "alb", "defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}},
    })
}

/// A Service of type LoadBalancer (NLB) holding the Service finalizer.
pub fn lb_service(ns: &str, name: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"namespace": ns, "name": name, "finalizers": ["service.k8s.aws/resources"],
                     "annotations": {"service.beta.kubernetes.io/aws-load-balancer-type": "external",
                                     "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip"}},
        "spec": {"type": "LoadBalancer", "loadBalancerClass": "service.k8s.aws/nlb",
                 "ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP"}], "selector": {"app": "web"}},
    })
}

/// The controller's documented part on deletion, played for tests: a **test double**, not a
/// controller. See the module docs.
pub struct ControllerStandIn {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<Vec<String>>,
}

impl ControllerStandIn {
    /// Starts watching (polling every 200 ms) for terminating objects with controller finalizers.
    pub async fn start(env: &AwsEnv, client: &kube::Client, cluster: &str) -> ControllerStandIn {
        let config = env.sdk().await;
        let stop = Arc::new(AtomicBool::new(false));
        let (client, cluster, flag) = (client.clone(), cluster.to_string(), stop.clone());
        let task = tokio::spawn(async move {
            let mut handled = Vec::new();
            while !flag.load(Ordering::SeqCst) {
                handled.extend(finish_deletions(&config, &client, &cluster).await);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            handled
        });
        ControllerStandIn { stop, task }
    }

    /// Stops, returning `Kind namespace/name` of each object it finished deleting, in order.
    pub async fn stop(self) -> Vec<String> {
        self.stop.store(true, Ordering::SeqCst);
        self.task.await.expect("stand-in task")
    }
}

const KINDS: [(&str, &str, &str); 3] = [
    ("networking.k8s.io/v1", "Ingress", "ingresses"),
    ("v1", "Service", "services"),
    ("elbv2.k8s.aws/v1beta1", "TargetGroupBinding", "targetgroupbindings"),
];

fn controller_finalizer(f: &str) -> bool {
    matches!(f, "ingress.k8s.aws/resources" | "service.k8s.aws/resources" | "elbv2.k8s.aws/resources")
        || f.starts_with("group.ingress.k8s.aws/")
}

async fn finish_deletions(config: &aws_config::SdkConfig, client: &kube::Client, cluster: &str) -> Vec<String> {
    let mut handled = Vec::new();
    // Like the controller, it only works while the controller's Deployment is there and Available.
    let deployments: Api<k8s_openapi::api::apps::v1::Deployment> = Api::namespaced(client.clone(), "kube-system");
    let available = match deployments.get_opt("aws-load-balancer-controller").await {
        Ok(Some(d)) => d.status.and_then(|s| s.available_replicas).unwrap_or(0) > 0,
        _ => false,
    };
    if !available {
        return handled;
    }
    for (api_version, kind, plural) in KINDS {
        let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
        let ar = ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural);
        let all: Api<DynamicObject> = Api::all_with(client.clone(), &ar);
        let Ok(list) = all.list(&Default::default()).await else { continue };
        for obj in list.items {
            let meta = &obj.metadata;
            let finalizers = meta.finalizers.clone().unwrap_or_default();
            if meta.deletion_timestamp.is_none() || !finalizers.iter().any(|f| controller_finalizer(f)) {
                continue;
            }
            let (ns, name) = (meta.namespace.clone().unwrap_or_default(), meta.name.clone().unwrap_or_default());
            for f in finalizers.iter().filter(|f| controller_finalizer(f)) {
                let stack = match (kind, f.strip_prefix("group.ingress.k8s.aws/")) {
                    (_, Some(group)) => Some(("ingress.k8s.aws/stack", group.to_string())),
                    ("Ingress", None) => Some(("ingress.k8s.aws/stack", format!("{ns}/{name}"))),
                    ("Service", None) => Some(("service.k8s.aws/stack", format!("{ns}/{name}"))),
                    _ => None,
                };
                if let Some((key, value)) = stack {
                    delete_stack(config, cluster, key, &value).await;
                }
            }
            let keep: Vec<String> = finalizers.into_iter().filter(|f| !controller_finalizer(f)).collect();
            let api = dynamic_api(client, api_version, kind, plural, &ns);
            let patch = json!({"metadata": {"finalizers": keep}});
            api.patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
                .await
                .unwrap_or_else(|e| panic!("removing the finalizer of {kind} {ns}/{name}: {e}"));
            handled.push(format!("{kind} {ns}/{name}"));
        }
    }
    handled
}

/// Deletes the load balancers, then target groups, then security groups tagged for `cluster`
/// with stack `key=value`.
async fn delete_stack(config: &aws_config::SdkConfig, cluster: &str, key: &str, value: &str) {
    let elb = elbv2::Client::new(config);
    let ec2 = aws_sdk_ec2::Client::new(config);
    let env_state = |tags: &BTreeMap<String, String>| {
        tags.get(CLUSTER_TAG).is_some_and(|v| v == cluster) && tags.get(key).is_some_and(|v| v == value)
    };
    let lbs = elb.describe_load_balancers().send().await.or_panic("elbv2:DescribeLoadBalancers");
    let tgs = elb.describe_target_groups().send().await.or_panic("elbv2:DescribeTargetGroups");
    let arns: Vec<String> = lbs
        .load_balancers()
        .iter()
        .filter_map(|l| l.load_balancer_arn())
        .chain(tgs.target_groups().iter().filter_map(|t| t.target_group_arn()))
        .map(str::to_string)
        .collect();
    let mut matching = Vec::new();
    for chunk in arns.chunks(20) {
        let out =
            elb.describe_tags().set_resource_arns(Some(chunk.to_vec())).send().await.or_panic("elbv2:DescribeTags");
        for d in out.tag_descriptions() {
            let tags: BTreeMap<String, String> = d
                .tags()
                .iter()
                .map(|t| (t.key().unwrap_or_default().into(), t.value().unwrap_or_default().into()))
                .collect();
            if env_state(&tags) {
                matching.push(d.resource_arn().unwrap_or_default().to_string());
            }
        }
    }
    for arn in matching.iter().filter(|a| a.contains(":loadbalancer/")) {
        elb.delete_load_balancer().load_balancer_arn(arn).send().await.or_panic("elbv2:DeleteLoadBalancer");
    }
    for arn in matching.iter().filter(|a| a.contains(":targetgroup/")) {
        elb.delete_target_group().target_group_arn(arn).send().await.or_panic("elbv2:DeleteTargetGroup");
    }
    let groups = ec2
        .describe_security_groups()
        .filters(aws_sdk_ec2::types::Filter::builder().name(format!("tag:{key}")).values(value).build())
        .send()
        .await
        .or_panic("ec2:DescribeSecurityGroups");
    for g in groups.security_groups() {
        let tags: BTreeMap<String, String> = g
            .tags()
            .iter()
            .map(|t| (t.key().unwrap_or_default().into(), t.value().unwrap_or_default().into()))
            .collect();
        if env_state(&tags) {
            ec2.delete_security_group()
                .group_id(g.group_id().unwrap())
                .send()
                .await
                .or_panic("ec2:DeleteSecurityGroup");
        }
    }
}
