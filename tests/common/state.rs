//! A snapshot of the AWS state albctl touches, for "same final state as a clean run" checks.
//!
//! Read from moto directly (never through the proxy): every IAM role (trust, tags, attached and
//! inline policies), every customer managed policy (default document, version ids, tags), every
//! IAM OIDC provider (URL, client ids, tags) and the tags of every subnet of the fixture's VPC.
//!
//! What differs between two moto processes for the same fixture is normalised, nothing else:
//! the cluster's OIDC issuer id (moto makes one up per cluster) becomes `<issuer-id>`, and
//! subnets are keyed by their `Name` tag instead of their random id. Left out on purpose:
//! ids and creation dates of IAM entities, and a policy's `AttachmentCount` (moto adds one per
//! AttachRolePolicy call, also for a policy already attached; the role's own list is the truth).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Value, json};

use super::fixture::{self, OrPanic};
use super::{AwsEnv, Fixture, Moto};

/// The touched AWS state, normalised; compare two with [`assert_same_state`].
pub async fn snapshot(env: &AwsEnv, fx: &Fixture) -> Value {
    let config = env.sdk().await;
    let iam = aws_sdk_iam::Client::new(&config);
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let (roles, policies, providers) = futures::join!(roles(&iam), policies(&iam), oidc_providers(&iam));
    let subnets = subnet_tags(&ec2, &fx.vpc_id).await;
    let state = json!({"roles": roles, "policies": policies, "oidc_providers": providers, "subnets": subnets});
    normalise(state, fx)
}

/// The state a clean `setup --cluster demo --skip-controller` leaves on a fresh `eks-demo`
/// fixture; computed once per test binary (on its own thread and runtime) and shared.
pub fn clean_setup_state() -> &'static Value {
    static CLEAN: OnceLock<Value> = OnceLock::new();
    CLEAN.get_or_init(|| {
        std::thread::spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            runtime.block_on(async {
                let env = AwsEnv::start();
                let fx = fixture::build(&env, "demo").await;
                let out = env.albctl(&["setup", "--cluster", "demo", "--skip-controller", "-o", "json"]);
                super::assert_exit(&out, 0);
                snapshot(&env, &fx).await
            })
        })
        .join()
        .expect("the clean setup run panicked")
    })
}

/// Asserts two snapshots are equal, printing both in full (pretty JSON) when they are not.
#[track_caller]
pub fn assert_same_state(actual: &Value, expected: &Value, what: &str) {
    if actual != expected {
        let a = serde_json::to_string_pretty(actual).unwrap_or_default();
        let e = serde_json::to_string_pretty(expected).unwrap_or_default();
        let diff: Vec<String> = a
            .lines()
            .zip(e.lines().chain(std::iter::repeat("")))
            .filter(|(x, y)| x != y)
            .take(20)
            .map(|(x, y)| format!("  actual:   {x}\n  expected: {y}"))
            .collect();
        panic!(
            "{what}: final AWS state differs from a clean run's\nfirst differing lines:\n{}\n--- actual ---\n{a}\n--- expected ---\n{e}",
            diff.join("\n")
        );
    }
}

fn normalise(state: Value, fx: &Fixture) -> Value {
    let issuer_id = fx.issuer.rsplit('/').next().unwrap_or_default();
    let text = state.to_string();
    let text = if issuer_id.len() >= 8 { text.replace(issuer_id, "<issuer-id>") } else { text };
    serde_json::from_str(&text).expect("a snapshot stays JSON")
}

fn tags_of<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> BTreeMap<String, String> {
    tags.map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn document(raw: &str) -> Value {
    albctl::policy::parse_document(raw).unwrap_or_else(|_| Value::String(raw.to_string()))
}

async fn roles(iam: &aws_sdk_iam::Client) -> BTreeMap<String, Value> {
    let roles = iam.list_roles().into_paginator().items().send().try_collect().await.or_panic("iam:ListRoles");
    let mut out = BTreeMap::new();
    for role in roles {
        let name = role.role_name().to_string();
        let got = iam.get_role().role_name(&name).send().await.or_panic("iam:GetRole");
        let full = got.role().expect("GetRole returns the role");
        let attached =
            iam.list_attached_role_policies().role_name(&name).send().await.or_panic("iam:ListAttachedRolePolicies");
        let mut attached: Vec<String> =
            attached.attached_policies().iter().filter_map(|p| p.policy_arn().map(str::to_string)).collect();
        attached.sort();
        let inline = iam.list_role_policies().role_name(&name).send().await.or_panic("iam:ListRolePolicies");
        out.insert(
            name,
            json!({
                "arn": full.arn(),
                "path": full.path(),
                "description": full.description(),
                "trust": full.assume_role_policy_document().map(document),
                "tags": tags_of(full.tags().iter().map(|t| (t.key(), t.value()))),
                "attached_policies": attached,
                "inline_policies": inline.policy_names(),
            }),
        );
    }
    out
}

async fn policies(iam: &aws_sdk_iam::Client) -> BTreeMap<String, Value> {
    let policies = iam
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .or_panic("iam:ListPolicies");
    let mut out = BTreeMap::new();
    for policy in policies {
        let arn = policy.arn().expect("a policy ARN").to_string();
        let got = iam.get_policy().policy_arn(&arn).send().await.or_panic("iam:GetPolicy");
        let full = got.policy().expect("GetPolicy returns the policy");
        let default = full.default_version_id().unwrap_or_default().to_string();
        let version = iam
            .get_policy_version()
            .policy_arn(&arn)
            .version_id(&default)
            .send()
            .await
            .or_panic("iam:GetPolicyVersion");
        let doc = version.policy_version().and_then(|v| v.document()).map(document);
        let versions = iam.list_policy_versions().policy_arn(&arn).send().await.or_panic("iam:ListPolicyVersions");
        let mut ids: Vec<String> =
            versions.versions().iter().filter_map(|v| v.version_id().map(str::to_string)).collect();
        ids.sort();
        out.insert(
            arn,
            json!({
                "description": full.description(),
                "default_version": default,
                "versions": ids,
                "document": doc,
                "tags": tags_of(full.tags().iter().map(|t| (t.key(), t.value()))),
            }),
        );
    }
    out
}

async fn oidc_providers(iam: &aws_sdk_iam::Client) -> BTreeMap<String, Value> {
    let list = iam.list_open_id_connect_providers().send().await.or_panic("iam:ListOpenIDConnectProviders");
    let mut out = BTreeMap::new();
    for entry in list.open_id_connect_provider_list() {
        let arn = entry.arn().expect("a provider ARN").to_string();
        let got = iam
            .get_open_id_connect_provider()
            .open_id_connect_provider_arn(&arn)
            .send()
            .await
            .or_panic("iam:GetOpenIDConnectProvider");
        let mut client_ids = got.client_id_list().to_vec();
        client_ids.sort();
        out.insert(
            arn,
            json!({
                "url": got.url(),
                "client_ids": client_ids,
                "thumbprints": got.thumbprint_list(),
                "tags": tags_of(got.tags().iter().map(|t| (t.key(), t.value()))),
            }),
        );
    }
    out
}

async fn subnet_tags(ec2: &aws_sdk_ec2::Client, vpc_id: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let filter = aws_sdk_ec2::types::Filter::builder().name("vpc-id").values(vpc_id).build();
    let out = ec2.describe_subnets().filters(filter).send().await.or_panic("ec2:DescribeSubnets");
    out.subnets()
        .iter()
        .map(|s| {
            let tags = tags_of(s.tags().iter().map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())));
            let name = tags.get("Name").cloned().unwrap_or_else(|| s.subnet_id().unwrap_or_default().to_string());
            (name, tags)
        })
        .collect()
}

/// Runs `job` on every item with at most `workers` at once. Each worker is a thread with its own
/// tokio runtime and its own moto, reset between items; `job` gets a fresh [`AwsEnv`] (proxy
/// started with `proxy_options(&item)`) and hands it back so the next item reuses the moto. A
/// panicking job becomes `Err` with its message (its moto goes with it; the worker starts another).
/// Results come in item order.
pub fn in_parallel<T, R, O, F, Fut>(workers: usize, items: Vec<T>, proxy_options: O, job: F) -> Vec<Result<R, String>>
where
    T: Send + Sync + Clone + 'static,
    R: Send + 'static,
    O: Fn(&T) -> Vec<String> + Send + Sync + 'static,
    F: Fn(T, AwsEnv) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = (R, AwsEnv)>,
{
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    let items = Arc::new(items);
    let next = Arc::new(AtomicUsize::new(0));
    let results: Arc<Mutex<BTreeMap<usize, Result<R, String>>>> = Arc::default();
    let shared = Arc::new((proxy_options, job));
    let handles: Vec<_> = (0..workers.max(1))
        .map(|_| {
            let (items, next, results, shared) = (items.clone(), next.clone(), results.clone(), shared.clone());
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
                let mut moto: Option<Moto> = None;
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i).cloned() else { break };
                    let (options, job) = &*shared;
                    let options = options(&item);
                    let options: Vec<&str> = options.iter().map(String::as_str).collect();
                    let base = moto.take();
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        let env = AwsEnv::on_reset_moto(base.unwrap_or_else(Moto::start), &options);
                        runtime.block_on(job(item, env))
                    }));
                    let outcome = match outcome {
                        Ok((result, env)) => {
                            moto = Some(env.into_moto());
                            Ok(result)
                        }
                        Err(p) => Err(p
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_else(|| "panicked".into())),
                    };
                    results.lock().expect("results lock").insert(i, outcome);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("a worker thread");
    }
    let mut results = results.lock().expect("results lock");
    std::mem::take(&mut *results).into_values().collect()
}
