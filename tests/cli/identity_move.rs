//! `--identity auto` and moving an install between IRSA and Pod Identity in place, end to end:
//! the albctl binary against moto (IAM), the proxy's EksDouble (associations, add-ons) and a real
//! API server whose controller pods the test's kubelet plays. While albctl moves the install, the
//! test watches the ServiceAccount and the Deployment and merges what it saw with the proxy's
//! timed log of AWS writes, so the order of writes is the one that really happened.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::ServiceAccount;
use kube::Api;
use kube::api::WatchParams;
use kube::core::WatchEvent;
use serde_json::Value;

use crate::common::world::World;
use crate::common::{CallLog, assert_exit, eks_double, fixture::OrPanic, json_of};

const CLUSTER: &str = "demo";
const NS: &str = "kube-system";
const SA: &str = "aws-load-balancer-controller";
const DEPLOYMENT: &str = "aws-load-balancer-controller";
const ROLE: &str = "AmazonEKSLoadBalancerControllerRole-demo";
const ROLE_ANNOTATION: &str = "eks.amazonaws.com/role-arn";
const RESTARTED_AT: &str = "albctl.io/restarted-at";

/// A write the move made, as the test saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Trust,
    CreateAssociation,
    DeleteAssociation,
    Annotate,
    RemoveAnnotation,
    Restart,
}

fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs_f64()
}

/// Records, with the time it saw them, the ServiceAccount's role annotation appearing or going
/// and the Deployment's pod template getting a new restart annotation, until dropped.
struct Watch {
    seen: Arc<Mutex<Vec<(f64, Seen)>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Watch {
    async fn start(client: &kube::Client) -> Watch {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sas: Api<ServiceAccount> = Api::namespaced(client.clone(), NS);
        let deployments: Api<Deployment> = Api::namespaced(client.clone(), NS);
        let sa_now = sas.get(SA).await.or_panic("reading the ServiceAccount");
        let mut annotated = sa_now.metadata.annotations.as_ref().is_some_and(|a| a.contains_key(ROLE_ANNOTATION));
        let sa_version = sa_now.metadata.resource_version.clone().unwrap_or_default();
        let d_now = deployments.get(DEPLOYMENT).await.or_panic("reading the Deployment");
        let mut restarted = restarted_at(&serde_json::to_value(&d_now).unwrap());
        let d_version = d_now.metadata.resource_version.clone().unwrap_or_default();
        let params = WatchParams::default().fields(&format!("metadata.name={SA}")).timeout(290);
        let mut sa_stream = sas.watch(&params, &sa_version).await.or_panic("watching the ServiceAccount").boxed();
        let params = WatchParams::default().fields(&format!("metadata.name={DEPLOYMENT}")).timeout(290);
        let mut d_stream = deployments.watch(&params, &d_version).await.or_panic("watching the Deployment").boxed();
        let out = seen.clone();
        let sa_task = tokio::spawn(async move {
            while let Ok(Some(event)) = sa_stream.try_next().await {
                if let WatchEvent::Modified(sa) | WatchEvent::Added(sa) = event {
                    let has = sa.metadata.annotations.as_ref().is_some_and(|a| a.contains_key(ROLE_ANNOTATION));
                    if has != annotated {
                        out.lock().unwrap().push((now(), if has { Seen::Annotate } else { Seen::RemoveAnnotation }));
                        annotated = has;
                    }
                }
            }
        });
        let out = seen.clone();
        let d_task = tokio::spawn(async move {
            while let Ok(Some(event)) = d_stream.try_next().await {
                if let WatchEvent::Modified(d) = event {
                    let at = restarted_at(&serde_json::to_value(&d).unwrap());
                    if at != restarted {
                        out.lock().unwrap().push((now(), Seen::Restart));
                        restarted = at;
                    }
                }
            }
        });
        Watch { seen, tasks: vec![sa_task, d_task] }
    }

    fn stop(self) -> Vec<(f64, Seen)> {
        for task in &self.tasks {
            task.abort();
        }
        self.seen.lock().unwrap().clone()
    }
}

fn restarted_at(deployment: &Value) -> Option<String> {
    deployment["spec"]["template"]["metadata"]["annotations"][RESTARTED_AT].as_str().map(String::from)
}

/// The moves' writes in time order: the proxy's AWS writes (by when they were answered) merged
/// with what the watch saw in the cluster.
fn timeline(world: &World, watched: Vec<(f64, Seen)>) -> Vec<Seen> {
    let calls = world.aws.proxy.calls();
    let mut all: Vec<(f64, Seen)> = calls
        .writes()
        .into_iter()
        .filter_map(|c| {
            let seen = match c.operation.as_str() {
                "UpdateAssumeRolePolicy" => Seen::Trust,
                "CreatePodIdentityAssociation" => Seen::CreateAssociation,
                "DeletePodIdentityAssociation" => Seen::DeleteAssociation,
                _ => return None,
            };
            Some((c.end, seen))
        })
        .collect();
    all.extend(watched);
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    all.into_iter().map(|(_, s)| s).collect()
}

/// Replays a timeline from `irsa` (true: the install starts on IRSA) and says, after each
/// write, whether the ServiceAccount has a working credential: the annotation backed by an
/// IRSA trust statement (it wins when both are set), else an association backed by the Pod
/// Identity statement. Trust writes alternate: the first adds the new principal, the second
/// removes the old one.
fn credentials_after_each(irsa: bool, timeline: &[Seen]) -> Vec<bool> {
    let (mut annotation, mut association, mut irsa_trust, mut pi_trust) = (irsa, !irsa, irsa, !irsa);
    let mut trust_writes = 0;
    timeline
        .iter()
        .map(|seen| {
            match seen {
                Seen::Trust => {
                    trust_writes += 1;
                    let adding = trust_writes == 1;
                    match (irsa, adding) {
                        (true, true) => pi_trust = true,
                        (true, false) => irsa_trust = false,
                        (false, true) => irsa_trust = true,
                        (false, false) => pi_trust = false,
                    }
                }
                Seen::CreateAssociation => association = true,
                Seen::DeleteAssociation => association = false,
                Seen::Annotate => annotation = true,
                Seen::RemoveAnnotation => annotation = false,
                Seen::Restart => {}
            }
            if annotation { irsa_trust } else { association && pi_trust }
        })
        .collect()
}

async fn trust(world: &World) -> Vec<Value> {
    let iam = aws_sdk_iam::Client::new(&world.aws.sdk().await);
    let role = iam.get_role().role_name(ROLE).send().await.or_panic("GetRole");
    let doc = albctl::policy::parse_document(role.role().unwrap().assume_role_policy_document().unwrap()).unwrap();
    albctl::model::trust::statements_of(&doc)
}

fn principals(statements: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = statements
        .iter()
        .map(|s| match &s["Principal"] {
            p if p["Service"].is_string() => format!("service:{}", p["Service"].as_str().unwrap()),
            p => format!("federated:{}", p["Federated"].as_str().unwrap_or("?")),
        })
        .collect();
    out.sort();
    out
}

async fn service_account(world: &World) -> ServiceAccount {
    Api::<ServiceAccount>::namespaced(world.client.clone(), NS).get(SA).await.or_panic("reading the ServiceAccount")
}

/// Runs `setup` with `args` while watching; the JSON document and the timeline of its writes.
async fn watched_setup(world: &World, args: &[&str]) -> (Value, Vec<Seen>) {
    world.aws.proxy.reset();
    let watch = Watch::start(&world.client).await;
    let out = world.setup(args).await;
    let timeline = timeline(world, watch.stop());
    (json_of(&out), timeline)
}

#[tokio::test]
async fn auto_picks_irsa_without_the_agent_and_pod_identity_with_it_and_reruns_write_nothing() {
    let world = World::start_eks_like(CLUSTER).await;
    let out = world.setup(&["--skip-controller", "-o", "json"]).await;
    let doc = json_of(&out);
    assert_eq!(doc["identity"]["identity"], "irsa", "{doc:#}");
    assert!(doc["identity"]["reason"].as_str().unwrap().contains("without the eks-pod-identity-agent"), "{doc:#}");
    assert_eq!(world.aws.proxy.calls().count("CreateOpenIDConnectProvider"), 1);

    let other = World::start_eks_like(CLUSTER).await;
    eks_double::create_addon(&other.aws, CLUSTER, "eks-pod-identity-agent");
    let out = other.setup(&["-o", "json"]).await;
    let doc = json_of(&out);
    assert_eq!(doc["identity"]["identity"], "pod-identity", "{doc:#}");
    assert!(doc["identity"]["reason"].as_str().unwrap().contains("ACTIVE"), "{doc:#}");
    let calls = other.aws.proxy.calls();
    assert_eq!(calls.count("CreateOpenIDConnectProvider"), 0, "{:?}", calls.operations());
    assert_eq!(calls.count("CreatePodIdentityAssociation"), 1, "{:?}", calls.operations());
    let sa = service_account(&other).await;
    assert!(
        !sa.metadata.annotations.unwrap_or_default().contains_key(ROLE_ANNOTATION),
        "a Pod Identity install's ServiceAccount names no role"
    );

    // An existing install keeps what it uses, whatever the add-on says.
    eks_double::create_addon(&world.aws, CLUSTER, "eks-pod-identity-agent");
    world.aws.proxy.reset();
    let doc = json_of(&world.setup(&["--skip-controller", "-o", "json"]).await);
    assert_eq!(doc["identity"]["identity"], "irsa", "{doc:#}");
    assert!(world.aws.proxy.calls().writes().is_empty(), "{:?}", world.aws.proxy.calls().operations());
    other.aws.proxy.reset();
    let doc = json_of(&other.setup(&["-o", "json"]).await);
    assert_eq!(doc["identity"]["identity"], "pod-identity", "{doc:#}");
    assert!(doc["identity"]["reason"].as_str().unwrap().contains("keeps it"), "{doc:#}");
    assert!(other.aws.proxy.calls().writes().is_empty(), "{:?}", other.aws.proxy.calls().operations());
}

#[tokio::test]
async fn irsa_to_pod_identity_and_back_in_place_never_leaves_the_service_account_without_credentials() {
    let world = World::start_eks_like(CLUSTER).await;
    eks_double::create_addon(&world.aws, CLUSTER, "eks-pod-identity-agent");
    world.setup(&["--identity", "irsa"]).await;
    let role_arn = format!("arn:aws:iam::{}:role/{ROLE}", world.fx.account);
    let provider = principals(&trust(&world).await);
    assert_eq!(provider.len(), 1, "{provider:?}");
    assert!(provider[0].starts_with("federated:"), "{provider:?}");

    // IRSA -> Pod Identity.
    let (doc, seen) = watched_setup(&world, &["--identity", "pod-identity", "-o", "json"]).await;
    assert_eq!(doc["identity"]["moving_from"], "irsa", "{doc:#}");
    assert_eq!(doc["identity"]["restarted"], true, "{doc:#}");
    let order: Vec<&str> = doc["identity"]["order"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert_eq!(
        order,
        ["trust-add-new", "create-association", "remove-annotation", "restart-controller", "trust-remove-old"],
        "the plan shows the order"
    );
    assert_eq!(
        seen,
        [Seen::Trust, Seen::CreateAssociation, Seen::RemoveAnnotation, Seen::Restart, Seen::Trust],
        "writes in the order they happened"
    );
    let ok = credentials_after_each(true, &seen);
    assert!(ok.iter().all(|b| *b), "a moment without credentials: {seen:?} -> {ok:?}");
    assert_eq!(principals(&trust(&world).await), ["service:pods.eks.amazonaws.com"]);
    let associations = eks_double::associations(&world.aws, CLUSTER);
    assert_eq!(associations.len(), 1, "{associations:?}");
    assert_eq!(associations[0].3, role_arn, "the role keeps its ARN");
    let sa = service_account(&world).await;
    assert!(!sa.metadata.annotations.unwrap_or_default().contains_key(ROLE_ANNOTATION));

    // A rerun keeps Pod Identity and writes nothing.
    world.aws.proxy.reset();
    let doc = json_of(&world.setup(&["-o", "json"]).await);
    assert_eq!(doc["identity"]["identity"], "pod-identity", "{doc:#}");
    assert!(world.aws.proxy.calls().writes().is_empty(), "{:?}", world.aws.proxy.calls().operations());

    // Pod Identity -> IRSA.
    let (doc, seen) = watched_setup(&world, &["--identity", "irsa", "-o", "json"]).await;
    assert_eq!(doc["identity"]["moving_from"], "pod-identity", "{doc:#}");
    assert_eq!(
        seen,
        [Seen::Trust, Seen::Annotate, Seen::Restart, Seen::Trust, Seen::DeleteAssociation],
        "writes in the order they happened"
    );
    let ok = credentials_after_each(false, &seen);
    assert!(ok.iter().all(|b| *b), "a moment without credentials: {seen:?} -> {ok:?}");
    assert_eq!(principals(&trust(&world).await), provider, "back to the one IRSA statement");
    assert!(eks_double::associations(&world.aws, CLUSTER).is_empty());
    let sa = service_account(&world).await;
    assert_eq!(sa.metadata.annotations.unwrap_or_default().get(ROLE_ANNOTATION), Some(&role_arn));

    world.aws.proxy.reset();
    let doc = json_of(&world.setup(&["-o", "json"]).await);
    assert_eq!(doc["identity"]["identity"], "irsa", "{doc:#}");
    assert!(world.aws.proxy.calls().writes().is_empty(), "{:?}", world.aws.proxy.calls().operations());
    assert_exit(&world.albctl(&["setup", "--check"]), 0);
}
