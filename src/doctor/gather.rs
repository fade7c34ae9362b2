//! Reads the facts doctor judges: AWS and Kubernetes reads, concurrently, never a write.
//!
//! A failed read becomes [`Seen::Unread`] with the reason; an AccessDenied (AWS) or Forbidden
//! (Kubernetes) is also recorded as a [`DeniedRead`], so it is reported as a finding and never
//! mistaken for "absent".

use std::time::Duration;

use k8s_openapi::api::admissionregistration::v1::{MutatingWebhookConfiguration, ValidatingWebhookConfiguration};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment};
use k8s_openapi::api::core::v1::{Event, Pod, Secret, ServiceAccount};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Api;
use kube::api::ListParams;
use serde_json::Value;

use super::facts::{AwsFacts, DeniedRead, Facts, KubeFacts, LintFacts, RolePolicy, RoleSource, Seen, Target};
use crate::aws;
use crate::context::Context;
use crate::controller::render;
use crate::error::AlbctlError;
use crate::inventory::{self, KubeObserved as LbObjects, observe::Scope};
use crate::model::names::RoleFrom;
use crate::model::observed::RoleState;
use crate::model::subnets::classify_subnets;
use crate::model::{self, ROLE_ARN_ANNOTATION};

/// How long doctor waits for the Kubernetes API before reporting its checks as skipped.
pub const KUBE_CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
const ELB_SERVICE_LINKED_ROLE: &str = "AWSServiceRoleForElasticLoadBalancing";
const APP_LABEL: &str = "app.kubernetes.io/name=aws-load-balancer-controller";

/// A read's result before it is sorted into [`Seen`] and [`DeniedRead`].
type Read<T> = anyhow::Result<T>;

struct Sorter {
    denied: Vec<DeniedRead>,
}

impl Sorter {
    fn seen<T>(&mut self, read: Read<T>) -> Seen<T> {
        match read {
            Ok(v) => Seen::Got(v),
            Err(e) => Seen::Unread(self.reason(&e)),
        }
    }

    fn reason(&mut self, e: &anyhow::Error) -> String {
        if let Some(AlbctlError::AccessDenied { action, detail }) = e.downcast_ref::<AlbctlError>() {
            let denied = DeniedRead { action: action.clone(), detail: detail.clone() };
            if !self.denied.contains(&denied) {
                self.denied.push(denied);
            }
            return format!("AccessDenied on {action}");
        }
        if let Some(kube::Error::Api(status)) = e.downcast_ref::<kube::Error>()
            && status.code == 403
        {
            let action = format!("kubernetes: {}", forbidden_action(&status.message));
            let denied = DeniedRead { action: action.clone(), detail: status.message.clone() };
            if !self.denied.contains(&denied) {
                self.denied.push(denied);
            }
            return format!("forbidden: {}", status.message);
        }
        let text = format!("{e:#}");
        text.lines().next().unwrap_or_default().to_string()
    }
}

/// `get serviceaccounts` out of `... cannot get resource "serviceaccounts" in API group "" ...`.
fn forbidden_action(message: &str) -> String {
    let verb = message.split("cannot ").nth(1).and_then(|r| r.split_whitespace().next()).unwrap_or("read");
    let resource = message.split("resource \"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("objects");
    format!("{verb} {resource}")
}

/// Reads everything; never fails (each failed read is recorded in the facts instead).
/// Account-wide reads go through the context's shared reads when it has them (fleet mode).
pub async fn gather(ctx: &Context) -> Facts {
    let cluster = ctx.cluster().clone();
    let target = Target {
        cluster: cluster.name.clone(),
        region: ctx.region.clone(),
        account: ctx.account.clone(),
        caller_arn: ctx.caller_arn.clone(),
        partition: ctx.partition,
        namespace: ctx.names.namespace.clone(),
        service_account: ctx.names.service_account.clone(),
        policy_name: ctx.names.policy_name.clone(),
    };
    let flag_role = ctx.names.role_name.clone();
    let flag_source = match ctx.names.role_from {
        RoleFrom::Default => RoleSource::DefaultName,
        RoleFrom::Flag | RoleFrom::Adopted => RoleSource::Flag,
    };
    let iam = &ctx.aws.iam;
    let ec2 = &ctx.aws.ec2;
    let reads = ctx.reads();
    let aws_reads = async {
        let oidc = async {
            match cluster.issuer.as_deref().filter(|i| !i.is_empty()) {
                Some(issuer) => {
                    aws::iam::find_oidc_provider(iam, &model::oidc_provider_arn(ctx.partition, &ctx.account, issuer))
                        .await
                }
                None => Err(anyhow::anyhow!("the cluster has no OIDC issuer")),
            }
        };
        let subnets = async {
            let (subnets, tables) = tokio::join!(
                aws::ec2::list_vpc_subnets(ec2, &cluster.vpc_id),
                aws::ec2::list_route_tables(ec2, &cluster.vpc_id)
            );
            Ok::<_, anyhow::Error>(classify_subnets(&subnets?, &tables?, &[], &[]))
        };
        tokio::join!(
            oidc,
            read_role(ctx, &flag_role),
            reads.role_exists(ELB_SERVICE_LINKED_ROLE),
            subnets,
            aws::nodes::list_cluster_nodes(ec2, &cluster.vpc_id, &cluster.name),
            aws::ec2::list_vpc_security_groups(ec2, &cluster.vpc_id),
            inventory::observe::observe_aws(&ctx.aws, &cluster.name, &cluster.vpc_id, Scope::LoadBalancers),
            aws::eks::find_pod_identity_association(
                &ctx.aws.eks,
                &cluster.name,
                &ctx.names.namespace,
                &ctx.names.service_account
            ),
            aws::eks::find_addon_status(&ctx.aws.eks, &cluster.name, super::checks_pod_identity::AGENT_ADDON),
        )
    };
    let (kube, (oidc, role_read, slr, subnets, nodes, groups, lbs, association, agent)) =
        tokio::join!(read_kube(ctx, &target), aws_reads);
    // NB: the security groups doctor read already are the ones the orphan judgement needs.
    let lbs = match (lbs, &groups) {
        (Ok(mut lbs), Ok(groups)) => {
            lbs.vpc_security_groups = groups.clone();
            Ok(lbs)
        }
        (Err(e), _) => Err(e),
        (Ok(_), Err(_)) => Err(anyhow::anyhow!("the VPC's security groups could not be read")),
    };

    // The ServiceAccount's annotation names the role the pods really get; judge that one.
    let annotated = kube.service_account.as_ref().ok().and_then(|sa| sa.as_ref()).and_then(role_from_annotation);
    let (role_name, role_source, (role, role_policies)) = match annotated {
        Some(name) if name == flag_role => (name, RoleSource::Annotation, role_read),
        Some(name) => {
            let read = read_role(ctx, &name).await;
            (name, RoleSource::Annotation, read)
        }
        None => (flag_role, flag_source, role_read),
    };

    let mut sorter = Sorter { denied: Vec::new() };
    let kube_facts = kube.into_facts(&mut sorter);
    let aws = AwsFacts {
        cluster,
        oidc_provider: sorter.seen(oidc),
        role_name,
        role_source,
        role: sorter.seen(role),
        role_policies: sorter.seen(role_policies),
        elb_service_linked_role: sorter.seen(slr),
        subnets: sorter.seen(subnets),
        nodes: sorter.seen(nodes),
        security_groups: sorter.seen(groups),
        load_balancers: sorter.seen(lbs),
        pod_identity_association: sorter.seen(association),
        pod_identity_agent: sorter.seen(agent),
    };
    Facts { target, aws, kube: kube_facts, denied: sorter.denied, now: time::OffsetDateTime::now_utc() }
}

/// The role name in an `eks.amazonaws.com/role-arn` annotation (the last path segment).
fn role_from_annotation(sa: &Value) -> Option<String> {
    let arn = sa["metadata"]["annotations"][ROLE_ARN_ANNOTATION].as_str()?;
    let (_, path) = arn.split_once(":role/")?;
    path.rsplit('/').next().filter(|n| !n.is_empty()).map(str::to_string)
}

/// The role, then (concurrently) its attached managed policies' documents and its inline ones.
async fn read_role(ctx: &Context, name: &str) -> (Read<Option<RoleState>>, Read<Vec<RolePolicy>>) {
    let iam = &ctx.aws.iam;
    let role = match aws::iam::find_role(iam, name).await {
        Ok(Some(role)) => role,
        Ok(None) => return (Ok(None), Err(anyhow::anyhow!("no role {name} (IAM001)"))),
        Err(e) => {
            let why = anyhow::anyhow!("the role could not be read");
            return (Err(e), Err(why));
        }
    };
    let managed = futures::future::try_join_all(role.attached_policy_arns.iter().map(|arn| async move {
        let policy = ctx.reads().find_policy(arn).await?;
        Ok::<_, anyhow::Error>(policy.map(|p| RolePolicy { id: arn.clone(), document: p.document }))
    }));
    let inline = aws::iam::list_inline_policies(iam, name);
    let (managed, inline) = tokio::join!(managed, inline);
    let policies = managed.and_then(|m| {
        let mut all: Vec<RolePolicy> = m.into_iter().flatten().collect();
        all.extend(inline?.into_iter().map(|(n, document)| RolePolicy { id: format!("inline:{n}"), document }));
        Ok(all)
    });
    (Ok(Some(role)), policies)
}

/// Kubernetes reads before sorting.
struct KubeReads {
    service_account: Read<Option<Value>>,
    deployment: Read<Option<Value>>,
    pods: Read<Vec<Value>>,
    crds: Read<Vec<(Value, Option<Value>)>>,
    mutating: Read<Option<Value>>,
    validating: Read<Option<Value>>,
    secret: Read<Option<Value>>,
    endpoints: Read<Option<Value>>,
    webhook_service: String,
    lint: Read<LintFacts>,
    lb_objects: Read<LbObjects>,
    lb_events: Read<Vec<Value>>,
    pod_identity_agent: Read<Option<Value>>,
    gateway_api: Read<super::facts::GatewayApiFacts>,
}

impl KubeReads {
    fn unreachable(why: &str) -> KubeReads {
        fn e<T>(why: &str) -> Read<T> {
            Err(anyhow::anyhow!("no Kubernetes access: {why}"))
        }
        KubeReads {
            service_account: e(why),
            deployment: e(why),
            pods: e(why),
            crds: e(why),
            mutating: e(why),
            validating: e(why),
            secret: e(why),
            endpoints: e(why),
            webhook_service: render::WEBHOOK_SERVICE_NAME.into(),
            lint: e(why),
            lb_objects: e(why),
            lb_events: e(why),
            pod_identity_agent: e(why),
            gateway_api: e(why),
        }
    }

    fn into_facts(self, sorter: &mut Sorter) -> KubeFacts {
        KubeFacts {
            service_account: sorter.seen(self.service_account),
            deployment: sorter.seen(self.deployment),
            pods: sorter.seen(self.pods),
            crds: sorter.seen(self.crds),
            mutating_webhooks: sorter.seen(self.mutating),
            validating_webhooks: sorter.seen(self.validating),
            tls_secret: sorter.seen(self.secret),
            webhook_endpoints: sorter.seen(self.endpoints),
            webhook_service: self.webhook_service,
            lint: sorter.seen(self.lint),
            lb_objects: sorter.seen(self.lb_objects),
            lb_events: sorter.seen(self.lb_events),
            pod_identity_agent: sorter.seen(self.pod_identity_agent),
            gateway_api: sorter.seen(self.gateway_api),
        }
    }
}

fn json<K: serde::Serialize>(obj: Option<K>) -> Read<Option<Value>> {
    obj.map(|o| serde_json::to_value(o).map_err(anyhow::Error::from)).transpose()
}

/// One object by name, as JSON; `None` when it does not exist.
async fn get<K>(api: Api<K>, name: String) -> Read<Option<Value>>
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    json(api.get_opt(&name).await?)
}

async fn read_kube(ctx: &Context, target: &Target) -> KubeReads {
    if let Some(why) = ctx.kube_unavailable() {
        return KubeReads::unreachable(why);
    }
    let connected = tokio::time::timeout(KUBE_CONNECT_TIMEOUT, ctx.kube()).await;
    let kube = match connected {
        Ok(Ok(kube)) => kube,
        Ok(Err(e)) => return KubeReads::unreachable(format!("{e:#}").lines().next().unwrap_or_default()),
        Err(_) => {
            return KubeReads::unreachable(&format!(
                "the API server did not answer within {} s",
                KUBE_CONNECT_TIMEOUT.as_secs()
            ));
        }
    };
    let client = match kube.client().await {
        Ok(c) => c,
        Err(e) => return KubeReads::unreachable(&format!("{e:#}")),
    };
    let ns = target.namespace.as_str();

    let sa_api: Api<ServiceAccount> = Api::namespaced(client.clone(), ns);
    let deploy_api: Api<Deployment> = Api::namespaced(client.clone(), ns);
    let mutating_api: Api<MutatingWebhookConfiguration> = Api::all(client.clone());
    let validating_api: Api<ValidatingWebhookConfiguration> = Api::all(client.clone());
    let crd_api: Api<CustomResourceDefinition> = Api::all(client.clone());

    let deployment = async {
        if let Some(d) = deploy_api.get_opt(render::DEPLOYMENT_NAME).await? {
            return Ok(Some(d));
        }
        let listed = deploy_api.list(&ListParams::default().labels(APP_LABEL)).await?;
        Ok::<_, anyhow::Error>(listed.items.into_iter().next())
    };
    let crds = async {
        let wanted = render::embedded_crds()?;
        let reads = wanted.into_iter().map(|w| {
            let api = crd_api.clone();
            async move {
                let name = w["metadata"]["name"].as_str().unwrap_or_default().to_string();
                let have = json(api.get_opt(&name).await?)?;
                Ok::<_, anyhow::Error>((w, have))
            }
        });
        futures::future::try_join_all(reads).await
    };
    let (service_account, deployment, mutating, validating, crds, lb_objects, lb_events, gateway_api) = tokio::join!(
        get(sa_api, target.service_account.clone()),
        deployment,
        get(mutating_api, render::WEBHOOK_CONFIGURATION_NAME.to_string()),
        get(validating_api, render::WEBHOOK_CONFIGURATION_NAME.to_string()),
        crds,
        inventory::observe::observe_kube(&client),
        read_lb_events(&client),
        super::gather_gateway::read_gateway_api(&client),
    );
    let deployment = deployment.and_then(json);

    // Names the Deployment and webhooks use, else the chart's defaults.
    let d = deployment.as_ref().ok().and_then(|d| d.as_ref());
    let secret_name = d
        .and_then(|d| d["spec"]["template"]["spec"]["volumes"].as_array())
        .and_then(|v| v.iter().find_map(|v| v["secret"]["secretName"].as_str()))
        .unwrap_or(render::TLS_SECRET_NAME)
        .to_string();
    let webhook_service = mutating
        .as_ref()
        .ok()
        .and_then(|m| m.as_ref())
        .and_then(|m| m["webhooks"][0]["clientConfig"]["service"]["name"].as_str())
        .unwrap_or(render::WEBHOOK_SERVICE_NAME)
        .to_string();
    let selector = d
        .and_then(|d| d["spec"]["selector"]["matchLabels"].as_object())
        .map(|m| m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default())).collect::<Vec<_>>().join(","))
        .unwrap_or_else(|| APP_LABEL.to_string());

    let secret_api: Api<Secret> = Api::namespaced(client.clone(), ns);
    let pod_api: Api<Pod> = Api::namespaced(client.clone(), ns);
    let pods = async {
        let list = pod_api.list(&ListParams::default().labels(&selector)).await?;
        list.items.into_iter().map(|p| serde_json::to_value(p).map_err(anyhow::Error::from)).collect()
    };
    let lint = async {
        let report = crate::lint::lint_cluster(ctx, client.clone(), false).await?;
        let errors = report
            .findings
            .iter()
            .filter(|f| f.severity == crate::lint::Severity::Error)
            .map(|f| {
                format!(
                    "{} {} {}/{} {}: {}",
                    f.code, f.object.kind, f.object.namespace, f.object.name, f.key, f.message
                )
            })
            .collect();
        Ok::<_, anyhow::Error>(LintFacts { judged: report.judged, errors })
    };
    let endpoints =
        async { Ok(Some(crate::kube::status::service_endpoint_slices(client.clone(), ns, &webhook_service).await?)) };
    let agent_api: Api<DaemonSet> = Api::namespaced(client.clone(), "kube-system");
    let (secret, endpoints, pods, lint, pod_identity_agent) = tokio::join!(
        get(secret_api, secret_name),
        endpoints,
        pods,
        lint,
        get(agent_api, super::checks_pod_identity::AGENT_DAEMONSET.to_string())
    );
    KubeReads {
        service_account,
        deployment,
        pods,
        crds,
        mutating,
        validating,
        secret,
        endpoints,
        webhook_service,
        lint,
        lb_objects,
        lb_events,
        pod_identity_agent,
        gateway_api,
    }
}

/// Warning events and SuccessfullyReconciled events in every namespace (two lists at once; a
/// field selector cannot say "or").
async fn read_lb_events(client: &kube::Client) -> Read<Vec<Value>> {
    let api: Api<Event> = Api::all(client.clone());
    let (warning, success) =
        (ListParams::default().fields("type=Warning"), ListParams::default().fields("reason=SuccessfullyReconciled"));
    let (warnings, reconciled) = tokio::join!(api.list(&warning), api.list(&success));
    warnings?.items.into_iter().chain(reconciled?.items).map(|e| Ok(serde_json::to_value(e)?)).collect()
}
