//! `setup --adopt`: albctl takes over the install the guides make (an IRSA role made as
//! `eksctl create iamserviceaccount` makes it, inside a CloudFormation stack, with an outdated
//! customer-managed policy; eksctl's ServiceAccount; `helm install` of the upstream chart v2.7.2)
//! in place, against moto and a real kube-apiserver.
//!
//! The install is made by real Helm: PyPI `helm-python-sdk` (Helm v4 as a library, installed by
//! `scripts/test-deps.sh`) installs the upstream chart from `../shared/reference/`, as it is,
//! into the test API server.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use k8s_openapi::api::core::v1::{Secret, Service, ServiceAccount};
use kube::Api;
use kube::api::{ApiResource, DynamicObject, ListParams, PostParams};
use kube::core::GroupVersionKind;
use serde_json::{Value, json};

use crate::common::kube::{KubeApiServer, Server};
use crate::common::snapshot;
use crate::common::wait::ALBCTL_TIMEOUT;
use crate::common::world::Options;
use crate::common::{self, CallLog, assert_exit, fixture::OrPanic, json_of, stderr, stdout};

const CLUSTER: &str = "demo";
const NS: &str = "kube-system";
const SA: &str = "aws-load-balancer-controller";
const RELEASE: &str = "aws-load-balancer-controller";
const POLICY: &str = "AWSLoadBalancerControllerIAMPolicy";
const ROLE: &str = "eksctl-demo-addon-iamserviceaccount-kube-sys-Role1-1A2B3C4D5E6F";
const STACK: &str = "eksctl-demo-addon-iamserviceaccount-kube-system-aws-load-balancer-controller";
const SECRET: &str = "aws-load-balancer-tls";
const SERVICE: &str = "aws-load-balancer-webhook-service";
const WEBHOOK: &str = "aws-load-balancer-webhook";

fn reference() -> PathBuf {
    std::env::var_os("ALBCTL_REFERENCE_DIR").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/aws-load-balancer-controller")
    })
}

/// The objects albctl applies, by kind: (apiVersion, plural, namespaced).
const KINDS: &[(&str, &str, &str, bool)] = &[
    ("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", false),
    ("v1", "ServiceAccount", "serviceaccounts", true),
    ("v1", "Secret", "secrets", true),
    ("v1", "Service", "services", true),
    ("apps/v1", "Deployment", "deployments", true),
    ("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
    ("rbac.authorization.k8s.io/v1", "Role", "roles", true),
    ("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true),
    ("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
    ("networking.k8s.io/v1", "IngressClass", "ingressclasses", false),
    ("elbv2.k8s.aws/v1beta1", "IngressClassParams", "ingressclassparams", false),
    ("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false),
    ("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false),
];

/// The shared world with this file's helpers.
struct World(common::World);

impl std::ops::Deref for World {
    type Target = common::World;
    fn deref(&self) -> &common::World {
        &self.0
    }
}

impl World {
    async fn start() -> World {
        World(common::World::start(CLUSTER).await)
    }

    fn role_arn(&self) -> String {
        format!("arn:aws:iam::{}:role/{ROLE}", self.fx.account)
    }

    fn policy_arn(&self) -> String {
        format!("arn:aws:iam::{}:policy/{POLICY}", self.fx.account)
    }

    /// What `eksctl utils associate-iam-oidc-provider` and `eksctl create iamserviceaccount
    /// --attach-policy-arn ... --approve` leave: the OIDC provider, a role in a CloudFormation
    /// stack (eksctl's trust on sub and aud, its tags) with the v2.7.0 policy attached, and the
    /// annotated ServiceAccount with eksctl's label.
    async fn eksctl_install(&self) {
        let iam = aws_sdk_iam::Client::new(&self.aws.sdk().await);
        iam.create_open_id_connect_provider()
            .url(&self.fx.issuer)
            .client_id_list("sts.amazonaws.com")
            .thumbprint_list("9e99a48a9960b14926bb7f3b02e22da2b0ab7280")
            .send()
            .await
            .or_panic("iam:CreateOpenIDConnectProvider");
        let policy = std::fs::read_to_string(reference().join("v2.7.0/iam_policy.json")).expect("v2.7.0 policy");
        iam.create_policy().policy_name(POLICY).policy_document(policy).send().await.or_panic("iam:CreatePolicy");
        let host = self.fx.issuer.trim_start_matches("https://");
        let trust = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Federated": self.fx.oidc_provider_arn()},
                "Action": ["sts:AssumeRoleWithWebIdentity"],
                "Condition": {"StringEquals": {
                    format!("{host}:aud"): "sts.amazonaws.com",
                    format!("{host}:sub"): format!("system:serviceaccount:{NS}:{SA}"),
                }},
            }],
        });
        let tag = |k: &str, v: &str| aws_sdk_iam::types::Tag::builder().key(k).value(v).build().unwrap();
        iam.create_role()
            .role_name(ROLE)
            .assume_role_policy_document(trust.to_string())
            .tags(tag("alpha.eksctl.io/cluster-name", CLUSTER))
            .tags(tag("alpha.eksctl.io/iamserviceaccount-name", &format!("{NS}/{SA}")))
            .tags(tag("alpha.eksctl.io/eksctl-version", "0.190.0"))
            .tags(tag("eksctl.cluster.k8s.io/v1alpha1/cluster-name", CLUSTER))
            .tags(tag("aws:cloudformation:stack-name", STACK))
            .tags(tag("aws:cloudformation:logical-id", "Role1"))
            .tags(tag(
                "aws:cloudformation:stack-id",
                &format!(
                    "arn:aws:cloudformation:us-west-2:{}:stack/{STACK}/0f2e8a30-0000-11ef-0000-0a1b2c3d4e5f",
                    self.fx.account
                ),
            ))
            .send()
            .await
            .or_panic("iam:CreateRole");
        iam.attach_role_policy()
            .role_name(ROLE)
            .policy_arn(self.policy_arn())
            .send()
            .await
            .or_panic("iam:AttachRolePolicy");
        let sa: ServiceAccount = serde_json::from_value(json!({
            "metadata": {"name": SA, "namespace": NS,
                "labels": {"app.kubernetes.io/managed-by": "eksctl"},
                "annotations": {"eks.amazonaws.com/role-arn": self.role_arn()}},
        }))
        .unwrap();
        let params = PostParams { field_manager: Some("eksctl".into()), ..PostParams::default() };
        Api::<ServiceAccount>::namespaced(self.client.clone(), NS).create(&params, &sa).await.expect("eksctl's SA");
    }

    /// `helm install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system
    /// --set clusterName=demo --set serviceAccount.create=false --set serviceAccount.name=...`
    /// with real Helm (v4, server-side apply), plus `extra` values.
    fn helm_install(&self, extra: &Value) {
        let chart = reference().join("v2.7.2/chart");
        let mut values = json!({
            "clusterName": CLUSTER,
            "region": self.fx.region,
            "vpcId": self.fx.vpc_id,
            "serviceAccount": {"create": false, "name": SA},
        });
        for (k, v) in extra.as_object().unwrap() {
            values[k] = v.clone();
        }
        let script = r#"
import json, sys
import helm_python as helm
cfg = helm.Config(kubeconfig_path=sys.argv[1], namespace="kube-system")
cfg.install(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]), namespace="kube-system")
print(json.dumps([r.get("name") if isinstance(r, dict) else str(r) for r in [cfg.list()]]))
"#;
        let out = Command::new("python3")
            .args(["-c", script])
            .arg(self.kube.kubeconfig())
            .arg(&chart)
            .arg(RELEASE)
            .arg(values.to_string())
            .output()
            .expect("python3 with helm-python-sdk (scripts/test-deps.sh installs it)");
        assert!(out.status.success(), "helm install failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }

    /// Helm's release records (`sh.helm.release.v1.<release>.v*` Secrets).
    async fn helm_records(&self) -> Vec<String> {
        let secrets: Api<Secret> = Api::namespaced(self.client.clone(), NS);
        let list = secrets.list(&ListParams::default().labels("owner=helm")).await.unwrap();
        list.items.into_iter().filter_map(|s| s.metadata.name).collect()
    }

    async fn secret(&self) -> Secret {
        Api::<Secret>::namespaced(self.client.clone(), NS).get(SECRET).await.unwrap()
    }
}

fn api_for(client: &kube::Client, api_version: &str, kind: &str, plural: &str, namespaced: bool) -> Api<DynamicObject> {
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    let ar = ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural);
    if namespaced { Api::namespaced_with(client.clone(), NS, &ar) } else { Api::all_with(client.clone(), &ar) }
}

/// The objects of albctl's install (the ones `outcomes` names), keyed `Kind/name`.
async fn objects_named(client: &kube::Client, outcomes: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for o in outcomes.as_array().expect("objects") {
        let kind = o["kind"].as_str().unwrap();
        let name = o["name"].as_str().unwrap();
        let (api_version, _, plural, namespaced) = KINDS.iter().find(|k| k.1 == kind).expect("known kind");
        let obj = api_for(client, api_version, kind, plural, *namespaced).get(name).await.unwrap();
        out.insert(format!("{kind}/{name}"), serde_json::to_value(obj).unwrap());
    }
    out
}

/// An object without what differs between two installs by nature: identity and bookkeeping,
/// TLS material (the Secret's data, the caBundle), status, the deployment controller's revision,
/// the role annotations of the ServiceAccount (the adopted role vs the one given to the fresh
/// install), a Service's allocated cluster IP and the managedFields' timestamps.
fn normalized(mut v: Value) -> Value {
    let meta = v["metadata"].as_object_mut().unwrap();
    for key in ["uid", "resourceVersion", "creationTimestamp", "generation", "selfLink"] {
        meta.remove(key);
    }
    if let Some(a) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
        a.remove("deployment.kubernetes.io/revision");
        a.remove("albctl.io/adopted-role");
        a.remove("eks.amazonaws.com/role-arn");
        if a.is_empty() {
            meta.remove("annotations");
        }
    }
    // A pod template written by Helm's client carries `creationTimestamp: null`, which the 1.32
    // server keeps and the 1.37 server drops; it means the same as no field.
    if let Some(template) = v.pointer_mut("/spec/template/metadata").and_then(Value::as_object_mut)
        && template.get("creationTimestamp").is_some_and(Value::is_null)
    {
        template.remove("creationTimestamp");
    }
    let meta = v["metadata"].as_object_mut().unwrap();
    if let Some(fields) = meta.get_mut("managedFields").and_then(Value::as_array_mut) {
        fields.retain(|f| !status_only(f));
        for f in fields.iter_mut() {
            f.as_object_mut().unwrap().remove("time");
        }
    }
    if let Some(fields) = meta.get_mut("managedFields").and_then(Value::as_array_mut) {
        for f in fields {
            if let Some(a) = f.pointer_mut("/fieldsV1/f:metadata/f:annotations").and_then(Value::as_object_mut) {
                a.remove("f:albctl.io/adopted-role");
            }
        }
    }
    let obj = v.as_object_mut().unwrap();
    obj.remove("status");
    if let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) {
        spec.remove("clusterIP");
        spec.remove("clusterIPs");
    }
    if obj.get("kind").and_then(Value::as_str) == Some("Secret") {
        obj.remove("data");
    }
    if let Some(hooks) = obj.get_mut("webhooks").and_then(Value::as_array_mut) {
        for h in hooks {
            h["clientConfig"].as_object_mut().unwrap().remove("caBundle");
        }
    }
    v
}

/// A managedFields entry of a status writer (the test's kubelet), which names its subresource.
fn status_only(entry: &Value) -> bool {
    entry["subresource"] == "status"
}

fn pem_of_secret(secret: &Secret, key: &str) -> String {
    let data = secret.data.as_ref().expect("secret data");
    String::from_utf8(data.get(key).unwrap_or_else(|| panic!("no {key}")).0.clone()).unwrap()
}

/// What the watcher saw: polls, and the longest stretch during which something was wrong.
#[derive(Debug, Default)]
struct Watch {
    polls: usize,
    longest_bad: Duration,
    problems: BTreeSet<String>,
}

/// Polls every 100 ms until `stop`: the webhook Service must never be there without the Secret,
/// and every webhook configuration's caBundle must hold the CA that signed the Secret's serving
/// certificate (the CA in the Secret's `ca.crt`; the certificate is Helm's, signed by it).
async fn watch(client: kube::Client, stop: Arc<AtomicBool>) -> Watch {
    let services: Api<Service> = Api::namespaced(client.clone(), NS);
    let secrets: Api<Secret> = Api::namespaced(client.clone(), NS);
    let hooks = [
        api_for(
            &client,
            "admissionregistration.k8s.io/v1",
            "MutatingWebhookConfiguration",
            "mutatingwebhookconfigurations",
            false,
        ),
        api_for(
            &client,
            "admissionregistration.k8s.io/v1",
            "ValidatingWebhookConfiguration",
            "validatingwebhookconfigurations",
            false,
        ),
    ];
    let mut w = Watch::default();
    let mut bad_since: Option<Instant> = None;
    while !stop.load(Ordering::SeqCst) {
        let mut problems = Vec::new();
        let service = services.get_opt(SERVICE).await.unwrap();
        let secret = secrets.get_opt(SECRET).await.unwrap();
        if service.is_none() {
            problems.push("webhook Service missing".to_string());
        }
        let ca = secret.as_ref().map(|s| pem_of_secret(s, "ca.crt"));
        if service.is_some() && secret.is_none() {
            problems.push("webhook Service without the Secret".to_string());
        }
        for api in &hooks {
            match api.get_opt(WEBHOOK).await.unwrap() {
                None => problems.push("webhook configuration missing".to_string()),
                Some(cfg) => {
                    for hook in cfg.data["webhooks"].as_array().cloned().unwrap_or_default() {
                        let bundle = hook["clientConfig"]["caBundle"].as_str().unwrap_or_default();
                        let bundle = base64::engine::general_purpose::STANDARD.decode(bundle).unwrap_or_default();
                        let bundle = String::from_utf8(bundle).unwrap_or_default();
                        if !ca.as_ref().is_some_and(|ca| bundle.contains(ca.trim())) {
                            problems.push(format!("{} caBundle does not hold the Secret's CA", hook["name"]));
                        }
                    }
                }
            }
        }
        w.polls += 1;
        match (problems.is_empty(), bad_since) {
            (false, None) => bad_since = Some(Instant::now()),
            (true, Some(since)) => {
                w.longest_bad = w.longest_bad.max(since.elapsed());
                bad_since = None;
            }
            _ => {}
        }
        w.problems.extend(problems);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if let Some(since) = bad_since {
        w.longest_bad = w.longest_bad.max(since.elapsed());
    }
    w
}

/// uid of every object albctl's install has, keyed `Kind/name` (absent ones are left out).
async fn uids(client: &kube::Client) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (api_version, kind, plural, namespaced) in KINDS {
        let Ok(list) = api_for(client, api_version, kind, plural, *namespaced).list(&ListParams::default()).await
        else {
            continue;
        };
        for o in list {
            let name = o.metadata.name.clone().unwrap_or_default();
            let ours = (name.contains("aws-load-balancer") && !name.starts_with("sh.helm.release."))
                || name.ends_with(".elbv2.k8s.aws")
                || name == "alb";
            if ours {
                out.insert(format!("{kind}/{name}"), o.metadata.uid.clone().unwrap_or_default());
            }
        }
    }
    out
}

#[tokio::test]
async fn adopts_a_helm_and_eksctl_install_in_place() {
    adopts_in_place_on(Server::Current).await;
}

#[tokio::test]
async fn adopts_a_helm_and_eksctl_install_in_place_on_the_oldest_server() {
    adopts_in_place_on(Server::Oldest).await;
}

async fn adopts_in_place_on(server: Server) {
    let w = World(common::World::start_with(Options { server, ..Options::new(CLUSTER) }).await);
    w.eksctl_install().await;
    w.helm_install(&json!({}));
    assert_eq!(w.helm_records().await, vec![format!("sh.helm.release.v1.{RELEASE}.v1")]);
    let helm_secret = w.secret().await;
    let uids_before = uids(&w.client).await;
    for key in [
        "Deployment/aws-load-balancer-controller",
        "Service/aws-load-balancer-webhook-service",
        "Secret/aws-load-balancer-tls",
        "MutatingWebhookConfiguration/aws-load-balancer-webhook",
        "ValidatingWebhookConfiguration/aws-load-balancer-webhook",
        "CustomResourceDefinition/targetgroupbindings.elbv2.k8s.aws",
        "CustomResourceDefinition/ingressclassparams.elbv2.k8s.aws",
        "ServiceAccount/aws-load-balancer-controller",
    ] {
        assert!(uids_before.contains_key(key), "Helm/eksctl did not make {key}: {uids_before:#?}");
    }

    // Without --adopt: refused before any write, naming Helm and --adopt.
    let aws_before = snapshot::aws(&w.aws).await;
    let kube_before = snapshot::kube(&w.client, NS).await;
    w.aws.proxy.reset();
    let out = w.albctl(&["setup"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("Helm") && err.contains("--adopt"), "{err}");
    assert_eq!(w.aws.proxy.calls().writes().len(), 0, "{:?}", w.aws.proxy.calls().operations());
    snapshot::assert_same("AWS after the refusal", &aws_before, &snapshot::aws(&w.aws).await);
    assert_eq!(snapshot::kube(&w.client, NS).await, kube_before, "the refusal wrote to the cluster");

    // --dry-run: each takeover its own action with the previous owner, and nothing written.
    let out = w.albctl(&["setup", "--adopt", "--dry-run", "-o", "json"]);
    assert_exit(&out, 0);
    let plan = json_of(&out);
    let takeovers = plan["controller"]["takeovers"].as_array().expect("takeovers");
    let deployment = takeovers.iter().find(|t| t["kind"] == "Deployment").expect("Deployment takeover");
    assert!(deployment["from"].as_str().unwrap().contains(&format!("Helm release {RELEASE}")), "{deployment}");
    let sa = takeovers.iter().find(|t| t["kind"] == "ServiceAccount").expect("ServiceAccount takeover");
    assert!(sa["from"].as_str().unwrap().contains("eksctl"), "{sa}");
    let warnings = plan["controller"]["warnings"].to_string();
    assert!(warnings.contains("helm upgrade") && warnings.contains("--forget-helm-release"), "{warnings}");
    let role = plan["steps"].as_array().unwrap().iter().find(|s| s["resource"] == "iam-role").expect("role step");
    assert_eq!(
        (role["id"].as_str(), role["action"].as_str()),
        (Some(w.role_arn().as_str()), Some("unchanged")),
        "{role}"
    );
    assert_eq!(snapshot::kube(&w.client, NS).await, kube_before, "--dry-run wrote to the cluster");

    // The adoption, watched every 100 ms.
    w.aws.proxy.reset();
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = tokio::spawn(watch(w.client.clone(), stop.clone()));
    let started = Instant::now();
    let out = w
        .albctl_with_kubelet(&["setup", "--adopt", "--forget-helm-release", "-o", "json", "--timeout", ALBCTL_TIMEOUT])
        .await;
    let took = started.elapsed();
    stop.store(true, Ordering::SeqCst);
    let seen = watcher.await.unwrap();
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert!(seen.problems.is_empty() && seen.polls > 5, "the watcher saw: {seen:#?}");
    let aws_writes: Vec<String> = w.aws.proxy.calls().writes().iter().map(|c| c.operation.clone()).collect();
    let kube_writes: BTreeMap<String, usize> =
        doc["controller"]["objects"].as_array().unwrap().iter().fold(BTreeMap::new(), |mut m, o| {
            if o["status"] != "unchanged" {
                *m.entry(format!("{} {}", o["kind"].as_str().unwrap(), o["status"].as_str().unwrap())).or_default() +=
                    1;
            }
            m
        });
    eprintln!(
        "adoption: {took:?}; AWS writes {aws_writes:?}; Kubernetes writes by kind {kube_writes:?} (each takeover also \
         rewrote managedFields once); watcher {} polls, longest interval with anything missing {:?}",
        seen.polls, seen.longest_bad
    );
    assert_eq!(seen.longest_bad, Duration::ZERO);
    // IAM: the role is kept as it is (CloudFormation owns it); its policy gets a v3.5.0 default version.
    assert!(!aws_writes.iter().any(|o| o.contains("Role") && o != "TagRole"), "role changed: {aws_writes:?}");
    assert!(aws_writes.contains(&"CreatePolicyVersion".to_string()), "{aws_writes:?}");
    let iam = aws_sdk_iam::Client::new(&w.aws.sdk().await);
    let attached =
        iam.list_attached_role_policies().role_name(ROLE).send().await.or_panic("iam:ListAttachedRolePolicies");
    assert_eq!(attached.attached_policies().len(), 1);
    let default_role = format!("AmazonEKSLoadBalancerControllerRole-{CLUSTER}");
    assert!(iam.get_role().role_name(&default_role).send().await.is_err(), "albctl made a role of its own");

    // In place: same uids, same certificate, v3.5.0 image; Helm's records and marks gone.
    let uids_after = uids(&w.client).await;
    for (key, uid) in &uids_before {
        assert_eq!(uids_after.get(key), Some(uid), "{key} was recreated");
    }
    let secret = w.secret().await;
    for key in ["ca.crt", "tls.crt", "tls.key"] {
        assert_eq!(pem_of_secret(&secret, key), pem_of_secret(&helm_secret, key), "{key} changed");
    }
    assert_eq!(doc["controller"]["webhook_tls"]["source"], "reused", "{doc:#}");
    assert!(w.helm_records().await.is_empty(), "Helm still has release records");
    let deployments = api_for(&w.client, "apps/v1", "Deployment", "deployments", true);
    let d = deployments.get("aws-load-balancer-controller").await.unwrap();
    let image = d.data["spec"]["template"]["spec"]["containers"][0]["image"].as_str().unwrap().to_string();
    assert!(image.ends_with(":v3.5.0"), "{image}");

    // Equal to a fresh albctl install on a second API server (same role, same cluster).
    let fresh = KubeApiServer::start();
    let fresh_client = fresh.client().await;
    let out = w
        .albctl_with_kubelet_on(
            &fresh,
            &["apply", "--role-arn", &w.role_arn(), "-o", "json", "--timeout", ALBCTL_TIMEOUT],
        )
        .await;
    assert_exit(&out, 0);
    let fresh_doc = json_of(&out);
    let outcomes = &fresh_doc["objects"];
    let adopted = objects_named(&w.client, outcomes).await;
    let reference = objects_named(&fresh_client, outcomes).await;
    let mut differences = Vec::new();
    for (key, fresh_obj) in &reference {
        let ours = normalized(adopted[key].clone());
        differences
            .extend(snapshot::diff(&normalized(fresh_obj.clone()), &ours).into_iter().map(|d| format!("{key}: {d}")));
        let text = adopted[key]["metadata"].to_string();
        assert!(!text.contains("helm") && !text.contains("Helm"), "{key} keeps a Helm mark: {text}");
        let managers: BTreeSet<&str> = adopted[key]["metadata"]["managedFields"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| !status_only(f))
            .filter_map(|f| f["manager"].as_str())
            .filter(|m| !m.starts_with("kube-"))
            .collect();
        assert_eq!(managers, BTreeSet::from(["albctl"]), "{key}");
    }
    assert!(differences.is_empty(), "the adopted objects differ from a fresh install:\n  {}", differences.join("\n  "));
    assert_eq!(adopted.len(), reference.len());

    // A second setup: converged, zero writes on both halves; doctor is happy.
    let kube_converged = snapshot::kube(&w.client, NS).await;
    w.aws.proxy.reset();
    let out = w.albctl(&["setup", "-o", "json"]);
    assert_exit(&out, 0);
    let again = json_of(&out);
    assert_eq!(w.aws.proxy.calls().writes().len(), 0, "{:?}", w.aws.proxy.calls().operations());
    assert_eq!(snapshot::kube(&w.client, NS).await, kube_converged, "the second setup wrote to the cluster");
    assert_eq!(
        (again["changed"].as_bool(), again["controller"]["changed"].as_bool()),
        (Some(false), Some(false)),
        "{again:#}"
    );
    let sa: ServiceAccount = Api::namespaced(w.client.clone(), NS).get(SA).await.unwrap();
    assert_eq!(sa.metadata.annotations.unwrap()["eks.amazonaws.com/role-arn"], w.role_arn());
    let out = w.albctl(&["doctor"]);
    assert_exit(&out, 0);

    // Teardown removes what albctl now manages and keeps the adopted role and its policy.
    let out = w.albctl(&["teardown", "--delete-crds", "-o", "json"]);
    assert_exit(&out, 0);
    assert!(iam.get_role().role_name(ROLE).send().await.is_ok(), "teardown deleted the adopted role");
    let attached =
        iam.list_attached_role_policies().role_name(ROLE).send().await.or_panic("iam:ListAttachedRolePolicies");
    assert_eq!(attached.attached_policies().len(), 1, "the adopted role's policy stays attached");
    let kept = json_of(&out)["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["resource"] == "iam-role" && s["id"] == w.role_arn().as_str())
        .cloned()
        .unwrap_or_else(|| panic!("teardown does not mention the adopted role: {}", stdout(&out)));
    assert!(kept["reason"].as_str().unwrap().contains("adopted"), "{kept}");
    let after = uids(&w.client).await;
    assert!(!after.contains_key("Deployment/aws-load-balancer-controller"), "{after:#?}\n{}", stdout(&out));
}

#[tokio::test]
async fn doctor_names_setup_adopt_and_chart_values_survive_the_adoption() {
    let w = World::start().await;
    w.eksctl_install().await;
    let values = json!({
        "replicaCount": 1,
        "resources": {"limits": {"cpu": "200m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}},
        "nodeSelector": {"kubernetes.io/os": "linux", "node-role": "system"},
        "podLabels": {"team": "platform"},
    });
    w.helm_install(&values);

    let out = w.albctl(&["doctor", "-o", "json"]);
    let doc = json_of(&out);
    let checks = doc["checks"].as_array().expect("checks");
    let unadopted = checks.iter().find(|c| c["code"] == "K8S016").unwrap_or_else(|| panic!("{doc:#}"));
    let fix = unadopted["fix"].as_str().unwrap_or_default();
    assert!(fix.starts_with("albctl setup --cluster demo") && fix.contains(" --adopt"), "{unadopted:#}");
    assert_eq!(unadopted["status"], "warn", "{unadopted:#}");

    let file = w.kube.dir().join("values.yaml");
    std::fs::write(&file, serde_yaml_ng_or_json(&values)).unwrap();
    let out =
        w.albctl_with_kubelet(&["setup", "--adopt", "-f", file.to_str().unwrap(), "--timeout", ALBCTL_TIMEOUT]).await;
    assert_exit(&out, 0);
    let d = api_for(&w.client, "apps/v1", "Deployment", "deployments", true)
        .get("aws-load-balancer-controller")
        .await
        .unwrap();
    let spec = &d.data["spec"];
    assert_eq!(spec["replicas"], 1);
    assert_eq!(spec["template"]["metadata"]["labels"]["team"], "platform");
    assert_eq!(spec["template"]["spec"]["nodeSelector"], values["nodeSelector"]);
    assert_eq!(spec["template"]["spec"]["containers"][0]["resources"], values["resources"]);
    assert!(stdout(&out).contains("helm upgrade"), "the Helm release warning: {}", stdout(&out));
    assert_eq!(w.helm_records().await.len(), 1, "without --forget-helm-release the records stay");
}

/// JSON is YAML: a values file albctl reads like Helm does.
fn serde_yaml_ng_or_json(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}
