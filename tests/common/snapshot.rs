//! Comparable snapshots of everything albctl touches, for "before == after" assertions.
//!
//! [`aws`] reads IAM (every role with its trust, tags, attached and inline policies; every
//! customer managed policy with its default document, version count, tags and attachment count;
//! every OIDC provider with its client ids and tags) and every subnet's tags, straight from moto
//! (not through the proxy, so the reads stay out of the call log). [`kube`] reads the objects of
//! every kind albctl applies, in one namespace plus the cluster-scoped ones, with their labels and
//! annotations, and separately their resourceVersions. Both are plain JSON with sorted keys, so
//! two snapshots compare with `==` and [`diff`] names what differs.

use std::collections::BTreeMap;

use kube::Api;
use kube::api::{ApiResource, DynamicObject, ListParams};
use serde_json::{Value, json};

use super::AwsEnv;
use super::fixture::OrPanic;

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn map<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Value {
    let sorted: BTreeMap<String, Value> = pairs.into_iter().map(|(k, v)| (k.into(), v)).collect();
    Value::Object(sorted.into_iter().collect())
}

fn document(raw: Option<&str>) -> Value {
    raw.map(|r| albctl::policy::parse_document(r).unwrap_or_else(|e| panic!("bad policy document {r}: {e:#}")))
        .unwrap_or(Value::Null)
}

/// IAM roles, customer managed policies, OIDC providers and subnet tags, as moto has them now.
pub async fn aws(env: &AwsEnv) -> Value {
    let config = env.sdk().await;
    let iam = aws_sdk_iam::Client::new(&config);
    let ec2 = aws_sdk_ec2::Client::new(&config);

    let mut roles = Vec::new();
    let listed = iam.list_roles().into_paginator().items().send().try_collect().await.or_panic("iam:ListRoles");
    for role in listed {
        let name = role.role_name().to_string();
        let full = iam.get_role().role_name(&name).send().await.or_panic("iam:GetRole").role.expect("role");
        let attached = iam.list_attached_role_policies().role_name(&name).send().await.or_panic("ListAttached");
        let inline = iam.list_role_policies().role_name(&name).send().await.or_panic("iam:ListRolePolicies");
        roles.push((
            name,
            json!({
                "arn": full.arn(),
                "trust": document(full.assume_role_policy_document()),
                "tags": map(full.tags().iter().map(|t| (t.key(), json!(t.value())))),
                "attached_policies": sorted(attached.attached_policies().iter().filter_map(|p| p.policy_arn().map(str::to_string)).collect()),
                "inline_policies": sorted(inline.policy_names().to_vec()),
            }),
        ));
    }

    let mut policies = Vec::new();
    let listed = iam
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .or_panic("iam:ListPolicies");
    for policy in listed {
        let arn = policy.arn().expect("policy arn").to_string();
        let full = iam.get_policy().policy_arn(&arn).send().await.or_panic("iam:GetPolicy").policy.expect("policy");
        let default = full.default_version_id().unwrap_or_default().to_string();
        let version = iam.get_policy_version().policy_arn(&arn).version_id(&default).send().await;
        let version = version.or_panic("iam:GetPolicyVersion");
        let versions = iam.list_policy_versions().policy_arn(&arn).send().await.or_panic("iam:ListPolicyVersions");
        policies.push((
            arn,
            json!({
                "default_version": default,
                "default_document": document(version.policy_version().and_then(|v| v.document())),
                "versions": versions.versions().len(),
                "tags": map(full.tags().iter().map(|t| (t.key(), json!(t.value())))),
                "attachment_count": full.attachment_count(),
            }),
        ));
    }

    let mut providers = Vec::new();
    let listed = iam.list_open_id_connect_providers().send().await.or_panic("iam:ListOpenIDConnectProviders");
    for p in listed.open_id_connect_provider_list() {
        let arn = p.arn().expect("provider arn").to_string();
        let full = iam.get_open_id_connect_provider().open_id_connect_provider_arn(&arn).send().await;
        let full = full.or_panic("iam:GetOpenIDConnectProvider");
        providers.push((
            arn,
            json!({
                "url": full.url(),
                "client_ids": sorted(full.client_id_list().to_vec()),
                "tags": map(full.tags().iter().map(|t| (t.key(), json!(t.value())))),
            }),
        ));
    }

    let subnets = ec2.describe_subnets().into_paginator().items().send().try_collect().await;
    let subnets = subnets.or_panic("ec2:DescribeSubnets");
    let subnet_tags = subnets.iter().map(|s| {
        let tags = s.tags().iter().map(|t| (t.key().unwrap_or_default(), json!(t.value().unwrap_or_default())));
        (s.subnet_id().unwrap_or_default(), map(tags))
    });

    json!({
        "iam_roles": map(roles),
        "iam_policies": map(policies),
        "oidc_providers": map(providers),
        "subnet_tags": map(subnet_tags),
    })
}

/// The kinds albctl applies: (api versions to try, kind, plural, namespaced).
const KINDS: &[(&[&str], &str, &str, bool)] = &[
    (&["apiextensions.k8s.io/v1"], "CustomResourceDefinition", "customresourcedefinitions", false),
    (&["v1"], "ServiceAccount", "serviceaccounts", true),
    (&["v1"], "Secret", "secrets", true),
    (&["v1"], "Service", "services", true),
    (&["apps/v1"], "Deployment", "deployments", true),
    (&["rbac.authorization.k8s.io/v1"], "ClusterRole", "clusterroles", false),
    (&["rbac.authorization.k8s.io/v1"], "ClusterRoleBinding", "clusterrolebindings", false),
    (&["rbac.authorization.k8s.io/v1"], "Role", "roles", true),
    (&["rbac.authorization.k8s.io/v1"], "RoleBinding", "rolebindings", true),
    (&["policy/v1", "policy/v1beta1"], "PodDisruptionBudget", "poddisruptionbudgets", true),
    (&["networking.k8s.io/v1"], "IngressClass", "ingressclasses", false),
    (&["elbv2.k8s.aws/v1beta1"], "IngressClassParams", "ingressclassparams", false),
    (&["elbv2.k8s.aws/v1beta1"], "TargetGroupBinding", "targetgroupbindings", true),
    (&["admissionregistration.k8s.io/v1"], "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false),
    (&["admissionregistration.k8s.io/v1"], "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false),
];

/// The cluster's objects of every kind albctl applies (namespaced ones in `namespace`).
#[derive(Debug, Clone, PartialEq)]
pub struct KubeSnapshot {
    /// `Kind/namespace/name` -> `{labels, annotations}` (whoever made the object).
    pub objects: Value,
    /// `Kind/namespace/name` -> resourceVersion: equal only if nothing was written.
    pub versions: BTreeMap<String, String>,
}

/// Reads a [`KubeSnapshot`].
pub async fn kube(client: &kube::Client, namespace: &str) -> KubeSnapshot {
    let mut objects = Vec::new();
    let mut versions = BTreeMap::new();
    for (api_versions, kind, plural, namespaced) in KINDS {
        for api_version in *api_versions {
            let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
            let ar =
                ApiResource::from_gvk_with_plural(&kube::core::GroupVersionKind::gvk(group, version, kind), plural);
            let api: Api<DynamicObject> = if *namespaced {
                Api::namespaced_with(client.clone(), namespace, &ar)
            } else {
                Api::all_with(client.clone(), &ar)
            };
            let list = match api.list(&ListParams::default()).await {
                Ok(list) => list,
                Err(kube::Error::Api(s)) if s.code == 404 => continue, // not served (CRD absent, old API)
                Err(e) => panic!("listing {kind}: {e}"),
            };
            for o in list {
                let key = format!(
                    "{kind}/{}/{}",
                    o.metadata.namespace.clone().unwrap_or_default(),
                    o.metadata.name.clone().unwrap_or_default()
                );
                let labels = o.metadata.labels.clone().unwrap_or_default();
                let annotations = o.metadata.annotations.clone().unwrap_or_default();
                versions.insert(key.clone(), o.metadata.resource_version.clone().unwrap_or_default());
                objects.push((key, json!({"labels": labels, "annotations": annotations})));
            }
            break;
        }
    }
    KubeSnapshot { objects: map(objects), versions }
}

/// The paths at which two snapshots differ, e.g. `subnet_tags.subnet-1.kubernetes.io/role/elb:
/// "1" -> (absent)`.
pub fn diff(before: &Value, after: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => walk(&p, x, y, out),
                    (Some(x), None) => out.push(format!("{p}: {x} -> (absent)")),
                    (None, Some(y)) => out.push(format!("{p}: (absent) -> {y}")),
                    (None, None) => {}
                }
            }
        }
        (a, b) if a != b => out.push(format!("{path}: {a} -> {b}")),
        _ => {}
    }
}

/// Asserts two snapshots are equal, listing every difference otherwise.
#[track_caller]
pub fn assert_same(what: &str, before: &Value, after: &Value) {
    let differences = diff(before, after);
    assert!(differences.is_empty(), "{what} differs:\n  {}", differences.join("\n  "));
}
