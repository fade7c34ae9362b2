//! The teardown plan: a pure function from what was observed to the steps that remove what
//! albctl created, in execution order, with every kept resource listed and the reason why.
//!
//! No I/O. The order is the reverse of setup: Kubernetes objects (webhooks first, CRDs last),
//! the Pod Identity association, the role (attachments first), the policy, the subnet tags, the
//! OIDC provider.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{AwsObserved, CRD_KIND, KINDS, KubeObserved, TeardownOp, TeardownPlan, TeardownSpec, TeardownStep};
use crate::aws::iam::federates;
use crate::error::AlbctlError;
use crate::inventory::{FinalizerHolder, finalizer_holders};
use crate::model::Identity;
use crate::model::ownership::{adopted_from, foreign_manager};
use crate::model::plan::{Action, Resource};
use crate::model::trust::{TrustPrincipal, describe_principals, statements_of, string_or_list};
use crate::model::{
    CLUSTER_NAME_TAG, CLUSTER_TAG_PREFIX, FIELD_MANAGER, MANAGED_BY_TAG, ObjectRef, POD_IDENTITY_USER_TAG_PREFIX,
    PRIVATE_ROLE_TAG, PUBLIC_ROLE_TAG, ROLE_ARN_ANNOTATION, SUBNET_MARKER_TAG_PREFIX,
};

/// What becomes of the role, which the policy and provider decisions depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RoleFate {
    /// There is no role.
    Absent,
    /// The role is deleted.
    Deleted,
    /// The role stays; whether it still trusts the cluster's OIDC provider afterwards.
    Kept { trusts_provider: bool },
}

/// Plans the teardown. `kube` is `None` when the cluster is not looked at (`--skip-kubernetes`).
pub fn plan_teardown(spec: &TeardownSpec, aws: &AwsObserved, kube: Option<&KubeObserved>) -> TeardownPlan {
    let mut plan = TeardownPlan::default();
    match kube {
        Some(kube) => {
            plan_load_balancer_owners(spec, aws, kube, &mut plan);
            plan_kube(spec, kube, &mut plan);
        }
        None => {
            plan.warnings.push(
                "Kubernetes not looked at (--skip-kubernetes): the controller's objects, if any, stay in the cluster, \
                 and a running controller loses its AWS access when its role goes"
                    .into(),
            );
            let lbs = &aws.load_balancers.load_balancers;
            if !lbs.is_empty() {
                plan.warnings.push(format!(
                    "{} load balancer(s) tagged elbv2.k8s.aws/cluster={} stay in AWS ({}): see `albctl loadbalancers list`",
                    lbs.len(),
                    spec.cluster,
                    lbs.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    if spec.identity == Identity::PodIdentity {
        plan.steps.push(plan_pod_identity(spec, aws));
    }
    let fate = plan_role(spec, aws, &mut plan);
    plan.steps.push(plan_policy(spec, aws, fate));
    plan_subnets(spec, aws, &mut plan);
    if let Some(step) = plan_oidc(spec, aws, fate) {
        plan.steps.push(step);
    }
    plan
}

fn step(
    resource: Resource,
    id: impl Into<String>,
    action: Action,
    reason: impl Into<String>,
    op: TeardownOp,
) -> TeardownStep {
    TeardownStep { resource, id: id.into(), action, reason: reason.into(), details: vec![], op }
}

fn keep(resource: Resource, id: impl Into<String>, reason: impl Into<String>) -> TeardownStep {
    step(resource, id, Action::NoOp, reason, TeardownOp::Nothing { exists: true })
}

fn absent(resource: Resource, id: impl Into<String>, reason: impl Into<String>) -> TeardownStep {
    step(resource, id, Action::NoOp, reason, TeardownOp::Nothing { exists: false })
}

fn tagged_by_albctl(tags: &BTreeMap<String, String>) -> bool {
    tags.get(MANAGED_BY_TAG.0).is_some_and(|v| v == MANAGED_BY_TAG.1)
}

const NOT_OURS: &str = "not tagged managed-by=albctl: albctl did not create it; left as is";

// ---------------------------------------------------------------- Kubernetes

fn object_ref(obj: &Value) -> ObjectRef {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    ObjectRef {
        api_version: s(&obj["apiVersion"]),
        kind: s(&obj["kind"]),
        namespace: obj["metadata"]["namespace"].as_str().map(str::to_string),
        name: s(&obj["metadata"]["name"]),
    }
}

fn managers(metadata: &Value) -> Vec<String> {
    let mut out: Vec<String> = metadata["managedFields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["manager"].as_str().map(str::to_string))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn kind_rank(kind: &str) -> usize {
    KINDS.iter().position(|k| k.kind == kind).unwrap_or(KINDS.len())
}

// ---------------------------------------------------------------- load balancers

/// The controller's Deployment has at least one available replica.
fn controller_available(kube: &KubeObserved) -> bool {
    kube.controller.as_ref().is_some_and(|d| d["status"]["availableReplicas"].as_i64().unwrap_or(0) > 0)
}

/// The finalizer holders teardown waits for: every one that owns AWS resources or is a
/// GatewayClass of the controller, and with `--delete-crds` the controller's Gateway
/// configurations too (deleting their CRDs deletes them, and their finalizers need the
/// controller).
fn teardown_holders(spec: &TeardownSpec, aws: &AwsObserved, kube: &KubeObserved) -> Vec<FinalizerHolder> {
    finalizer_holders(&kube.lb_objects, &aws.load_balancers)
        .into_iter()
        .filter(|h| h.owns_aws_resources() || h.kind == "GatewayClass" || spec.delete_crds)
        .collect()
}

/// The order in which `--delete-load-balancers` deletes holders: what owns load balancers,
/// then TargetGroupBindings, then GatewayClasses (their finalizer goes once no Gateway names
/// them), then the Gateway configurations (once nothing uses them).
fn holder_phase(kind: &str) -> usize {
    match kind {
        "Ingress" | "Service" | "Gateway" => 0,
        "TargetGroupBinding" => 1,
        "GatewayClass" => 2,
        _ => 3,
    }
}

fn holders_text(holders: &[FinalizerHolder]) -> String {
    holders.iter().map(|h| format!("{} ({})", h.display(), h.load_balancer_text())).collect::<Vec<_>>().join(", ")
}

/// Why teardown must not start, if it must not: objects hold load balancer controller
/// finalizers and `--delete-load-balancers` was not given, or it was but the controller that
/// would remove their load balancers is not running. Decided before any write; `None` when
/// teardown may go on (or the cluster is not looked at).
pub fn refusal(spec: &TeardownSpec, aws: &AwsObserved, kube: Option<&KubeObserved>) -> Option<anyhow::Error> {
    let kube = kube?;
    let holders = teardown_holders(spec, aws, kube);
    if holders.is_empty() {
        return None;
    }
    let deployment = format!("Deployment {}/{}", spec.namespace, crate::controller::render::DEPLOYMENT_NAME);
    let down = match &kube.controller {
        None => Some(format!("the controller is not running ({deployment} does not exist)")),
        Some(_) if !controller_available(kube) => {
            Some(format!("the controller is not running ({deployment} has no available replica)"))
        }
        Some(_) => None,
    };
    let apply_first = |down: &str| {
        format!(
            "{down}, so nothing would delete their load balancers or remove their finalizers: run `albctl apply --cluster {}` \
             first (albctl never removes a finalizer while its AWS resources may exist)",
            spec.cluster
        )
    };
    let n = holders.len();
    let message = if spec.delete_load_balancers {
        format!(
            "teardown refused, nothing was changed: --delete-load-balancers needs the controller to delete the load \
             balancers of {}; {}",
            holders_text(&holders),
            apply_first(down.as_deref()?)
        )
    } else {
        let way_out = match &down {
            Some(down) => format!("; {}, then rerun with --delete-load-balancers", apply_first(down)),
            None => {
                "; rerun with --delete-load-balancers to delete them and wait (--timeout) until the controller has \
                     deleted their load balancers, or delete them yourself first"
                    .to_string()
            }
        };
        format!(
            "teardown refused, nothing was changed: {n} object(s) hold a load balancer controller finalizer, and \
             removing the controller would leave their load balancers in AWS and the objects undeletable: {}{way_out}",
            holders_text(&holders)
        )
    };
    Some(AlbctlError::refused(message))
}

/// With `--delete-load-balancers`: the Ingresses, Services and Gateways holding controller
/// finalizers are deleted and waited for, then the TargetGroupBindings still holding one, then
/// the controller's GatewayClasses (and with `--delete-crds` its Gateway configurations), before
/// anything else (the controller must still be there to delete their AWS resources and remove
/// the finalizers).
fn plan_load_balancer_owners(spec: &TeardownSpec, aws: &AwsObserved, kube: &KubeObserved, plan: &mut TeardownPlan) {
    if !spec.delete_load_balancers {
        return;
    }
    let holders = teardown_holders(spec, aws, kube);
    for phase in 0..4 {
        let group: Vec<&FinalizerHolder> = holders.iter().filter(|h| holder_phase(&h.kind) == phase).collect();
        let refs: Vec<ObjectRef> = group.iter().map(|h| h.object_ref()).collect();
        for (i, (h, r)) in group.iter().zip(&refs).enumerate() {
            let last = i + 1 == refs.len();
            let mut s = step(
                Resource::KubernetesObject,
                r.display(),
                Action::Delete,
                if h.owns_aws_resources() {
                    format!(
                        "holds {} (--delete-load-balancers): the controller deletes its {} and then removes the finalizer",
                        h.finalizers.join(", "),
                        h.load_balancer_text()
                    )
                } else {
                    format!("holds {} (--delete-load-balancers): {}", h.finalizers.join(", "), h.load_balancer_text())
                },
                TeardownOp::DeleteAndWait {
                    object: r.clone(),
                    uid: h.uid.clone(),
                    wait_for: if last { refs.clone() } else { vec![] },
                },
            );
            if last {
                s.details.push(format!("then waits (--timeout) until {} object(s) are gone", refs.len()));
            }
            plan.steps.push(s);
        }
    }
}

fn plan_kube(spec: &TeardownSpec, kube: &KubeObserved, plan: &mut TeardownPlan) {
    let mut objects: Vec<&Value> = kube.objects.iter().collect();
    objects.sort_by_key(|o| {
        let r = object_ref(o);
        (kind_rank(&r.kind), r.namespace, r.name)
    });
    let mut saw_service_account = false;
    for obj in objects {
        let r = object_ref(obj);
        let meta = &obj["metadata"];
        let id = r.display();
        let is_sa = r.kind == "ServiceAccount" && r.name == spec.service_account;
        saw_service_account |= is_sa;
        let role_note = || {
            meta["annotations"][ROLE_ARN_ANNOTATION]
                .as_str()
                .map(|arn| format!("its {ROLE_ARN_ANNOTATION} annotation still names {arn}"))
        };
        let managers = managers(meta);
        let kept = if meta["deletionTimestamp"].is_string() {
            Some("already being deleted".to_string())
        } else if let Some(from) = adopted_from(meta) {
            Some(format!("taken over from {from}, not created by albctl; left in place"))
        } else if !managers.iter().any(|m| m == FIELD_MANAGER) {
            Some(format!(
                "labelled managed-by=albctl but not applied by albctl (field managers: {}); left as is",
                if managers.is_empty() { "none".to_string() } else { managers.join(", ") }
            ))
        } else if r.kind == CRD_KIND && !spec.delete_crds {
            let owns = if r.name.starts_with("targetgroupbindings.") {
                format!(" (with it the {} TargetGroupBinding(s) in the cluster)", kube.target_group_bindings)
            } else {
                String::new()
            };
            Some(format!("CRDs stay unless --delete-crds is given{owns}"))
        } else {
            None
        };
        match kept {
            Some(reason) => {
                let mut s = keep(Resource::KubernetesObject, id, reason);
                if is_sa && !meta["deletionTimestamp"].is_string() {
                    s.details.extend(role_note());
                }
                plan.steps.push(s);
            }
            None => {
                let wait_gone = r.kind == CRD_KIND;
                let uid = meta["uid"].as_str().map(str::to_string);
                plan.steps.push(step(
                    Resource::KubernetesObject,
                    id,
                    Action::Delete,
                    format!("applied by albctl (label managed-by=albctl, field manager {FIELD_MANAGER})"),
                    TeardownOp::DeleteObject { object: r, uid, wait_gone },
                ));
            }
        }
    }
    if let (Some(sa), false) = (&kube.service_account, saw_service_account) {
        let meta = &sa["metadata"];
        let manager = foreign_manager(meta).unwrap_or_else(|| "another tool".into());
        let id = format!("ServiceAccount {}/{}", spec.namespace, spec.service_account);
        let mut s =
            keep(Resource::KubernetesObject, id, format!("managed by {manager}: not created by albctl; left as is"));
        if let Some(arn) = meta["annotations"][ROLE_ARN_ANNOTATION].as_str() {
            s.details.push(format!("its {ROLE_ARN_ANNOTATION} annotation still names {arn}"));
        }
        plan.steps.push(s);
    }
    let adopted_role = kube
        .objects
        .iter()
        .chain(kube.service_account.as_ref())
        .filter(|o| o["kind"] == "ServiceAccount" && o["metadata"]["name"] == spec.service_account.as_str())
        .find_map(|o| o["metadata"]["annotations"][crate::model::ADOPTED_ROLE_ANNOTATION].as_str());
    if let Some(arn) = adopted_role.filter(|arn| *arn != spec.role_arn) {
        plan.steps.push(keep(
            Resource::IamRole,
            arn,
            "adopted by `setup --adopt` (the role the ServiceAccount named), not created by albctl; left as is, \
             with its trust and policies",
        ));
    }
    if spec.delete_crds && kube.target_group_bindings > 0 {
        plan.warnings.push(format!(
            "{} TargetGroupBinding(s) exist: deleting their CRD deletes them, and their finalizers need the controller, \
             which goes first; the CRD stays terminating until they are gone",
            kube.target_group_bindings
        ));
    }
}

// ---------------------------------------------------------------- Pod Identity

fn plan_pod_identity(spec: &TeardownSpec, aws: &AwsObserved) -> TeardownStep {
    let id = format!("{}/{}/{}", spec.cluster, spec.namespace, spec.service_account);
    match &aws.pod_identity {
        None => absent(Resource::PodIdentityAssociation, id, "no Pod Identity association"),
        Some(a) if a.role_arn.as_deref() == Some(spec.role_arn.as_str()) => step(
            Resource::PodIdentityAssociation,
            id,
            Action::Delete,
            format!("association {} with {}", a.id, spec.role_arn),
            TeardownOp::DeletePodIdentityAssociation { cluster: spec.cluster.clone(), association_id: a.id.clone() },
        ),
        Some(a) => keep(
            Resource::PodIdentityAssociation,
            id,
            format!(
                "association {} is with {}, not albctl's role; left as is",
                a.id,
                a.role_arn.as_deref().unwrap_or("no role")
            ),
        ),
    }
}

// ---------------------------------------------------------------- role

/// Whether a trust statement is the one setup writes for this cluster's ServiceAccount.
fn is_ours(principal: &TrustPrincipal, statement: &Value) -> bool {
    if !principal.owns_statement(statement) {
        return false;
    }
    let TrustPrincipal::Irsa { subject, issuer_host_path, .. } = principal else { return true };
    let key = format!("{issuer_host_path}:sub");
    let subjects: Vec<String> = statement["Condition"]
        .as_object()
        .into_iter()
        .flat_map(|ops| ops.values())
        .flat_map(|conds| string_or_list(conds.get(&key)))
        .collect();
    subjects.iter().all(|s| s == subject)
}

fn plan_role(spec: &TeardownSpec, aws: &AwsObserved, plan: &mut TeardownPlan) -> RoleFate {
    let Some(role) = &aws.role else {
        plan.steps.push(absent(Resource::IamRole, &spec.role_arn, format!("no role {}", spec.role_name)));
        return RoleFate::Absent;
    };
    let statements = statements_of(&role.trust);
    let (mine, others): (Vec<&Value>, Vec<&Value>) = statements.iter().partition(|s| is_ours(&spec.principal, s));
    let trusts_provider =
        |s: &[&Value]| spec.oidc_arn.as_deref().is_some_and(|arn| s.iter().any(|s| federates(s, arn)));
    let all: Vec<&Value> = statements.iter().collect();
    if !tagged_by_albctl(&role.tags) {
        let mut s = keep(Resource::IamRole, &role.arn, NOT_OURS);
        if !mine.is_empty() {
            s.details.push(format!("its trust statement for {} stays", spec.principal.describe()));
        }
        s.details.extend(role.attached_policy_arns.iter().map(|p| format!("policy {p} stays attached")));
        plan.steps.push(s);
        return RoleFate::Kept { trusts_provider: trusts_provider(&all) };
    }
    if let Some(fate) = keep_for_other_pod_identity_users(spec, role, &all, plan) {
        return fate;
    }
    if !others.is_empty() {
        if mine.is_empty() {
            plan.steps.push(keep(
                Resource::IamRole,
                &role.arn,
                format!("trusts {} and not {}; left as is", describe_principals(&others), spec.principal.describe()),
            ));
            return RoleFate::Kept { trusts_provider: trusts_provider(&all) };
        }
        let mut trust = if role.trust.is_object() { role.trust.clone() } else { json!({"Version": "2012-10-17"}) };
        trust["Statement"] = Value::Array(others.iter().map(|s| (*s).clone()).collect());
        let mut s = step(
            Resource::IamRole,
            &role.arn,
            Action::Update,
            format!(
                "also trusts {}: only this cluster's statement goes; the role and its policies stay",
                describe_principals(&others)
            ),
            TeardownOp::UpdateTrust { name: role.name.clone(), trust: trust.to_string() },
        );
        s.details.push(format!("remove the statement for {}", spec.principal.describe()));
        plan.steps.push(s);
        return RoleFate::Kept { trusts_provider: trusts_provider(&others) };
    }
    if !aws.role_instance_profiles.is_empty() {
        plan.steps.push(keep(
            Resource::IamRole,
            &role.arn,
            format!(
                "in instance profile(s) {} (albctl never puts it there, so EC2 instances use it); left as is",
                aws.role_instance_profiles.join(", ")
            ),
        ));
        return RoleFate::Kept { trusts_provider: trusts_provider(&all) };
    }
    let made_for = role.tags.get(CLUSTER_NAME_TAG);
    // NB: a role shared through Pod Identity goes with its last user, whoever made it.
    let last_pod_identity_user = role.tags.contains_key(&format!("{POD_IDENTITY_USER_TAG_PREFIX}{}", spec.cluster));
    if made_for != Some(&spec.cluster) && !last_pod_identity_user {
        plan.steps.push(keep(
            Resource::IamRole,
            &role.arn,
            format!(
                "made by albctl for cluster {}, not {}; left as is",
                made_for.map_or("(none)", String::as_str),
                spec.cluster
            ),
        ));
        return RoleFate::Kept { trusts_provider: trusts_provider(&all) };
    }
    for policy in &role.attached_policy_arns {
        plan.steps.push(step(
            Resource::RolePolicyAttachment,
            format!("{policy} -> {}", role.name),
            Action::Delete,
            "the role goes",
            TeardownOp::DetachPolicy { role: role.name.clone(), policy_arn: policy.clone() },
        ));
    }
    let mut s = step(
        Resource::IamRole,
        &role.arn,
        Action::Delete,
        match made_for {
            Some(c) if *c != spec.cluster => {
                format!("created by albctl for cluster {c}; {} was its last Pod Identity user", spec.cluster)
            }
            _ => format!("created by albctl for cluster {}", spec.cluster),
        },
        TeardownOp::DeleteRole { name: role.name.clone(), inline_policies: aws.role_inline_policies.clone() },
    );
    s.details.extend(aws.role_inline_policies.iter().map(|p| format!("delete inline policy {p}")));
    plan.steps.push(s);
    RoleFate::Deleted
}

/// A role other clusters use through Pod Identity (their `albctl.io/pod-identity/<cluster>` tags)
/// stays, with its trust: one Pod Identity statement serves them all. This cluster's own tag
/// goes, so the last user's teardown deletes the role.
fn keep_for_other_pod_identity_users(
    spec: &TeardownSpec,
    role: &crate::model::observed::RoleState,
    all: &[&Value],
    plan: &mut TeardownPlan,
) -> Option<RoleFate> {
    let own = format!("{POD_IDENTITY_USER_TAG_PREFIX}{}", spec.cluster);
    let others: Vec<&str> =
        role.tags.keys().filter(|k| **k != own).filter_map(|k| k.strip_prefix(POD_IDENTITY_USER_TAG_PREFIX)).collect();
    if others.is_empty() {
        return None;
    }
    let reason =
        format!("clusters {} use it through Pod Identity; the role, its trust and policies stay", others.join(", "));
    let s = if role.tags.contains_key(&own) {
        let mut s = step(
            Resource::IamRole,
            &role.arn,
            Action::Update,
            reason,
            TeardownOp::UntagRole { name: role.name.clone(), keys: vec![own.clone()] },
        );
        s.details.push(format!("remove tag {own}"));
        s
    } else {
        keep(Resource::IamRole, &role.arn, reason)
    };
    plan.steps.push(s);
    let trusts_provider = spec.oidc_arn.as_deref().is_some_and(|arn| all.iter().any(|s| federates(s, arn)));
    Some(RoleFate::Kept { trusts_provider })
}

// ---------------------------------------------------------------- policy

fn plan_policy(spec: &TeardownSpec, aws: &AwsObserved, fate: RoleFate) -> TeardownStep {
    let Some(policy) = &aws.policy else {
        return absent(Resource::IamPolicy, &spec.policy_arn, "no such policy");
    };
    if !tagged_by_albctl(&policy.tags) {
        return keep(Resource::IamPolicy, &policy.arn, NOT_OURS);
    }
    let e = &aws.policy_entities;
    let mut users: Vec<String> = e
        .roles
        .iter()
        .filter(|r| !(fate == RoleFate::Deleted && **r == spec.role_name))
        .map(|r| format!("role {r}"))
        .collect();
    users.extend(e.users.iter().map(|u| format!("user {u}")));
    users.extend(e.groups.iter().map(|g| format!("group {g}")));
    if !users.is_empty() {
        return keep(Resource::IamPolicy, &policy.arn, format!("still attached to {}", users.join(", ")));
    }
    let versions: Vec<String> =
        policy.versions.iter().filter(|v| !v.is_default).map(|v| v.version_id.clone()).collect();
    let made_for = policy.tags.get(CLUSTER_NAME_TAG).map(|c| format!(" (for cluster {c})")).unwrap_or_default();
    let mut s = step(
        Resource::IamPolicy,
        &policy.arn,
        Action::Delete,
        format!("created by albctl{made_for}; attached to nothing else"),
        TeardownOp::DeletePolicy { arn: policy.arn.clone(), versions: versions.clone() },
    );
    if !versions.is_empty() {
        s.details.push(format!("delete non-default versions {} first", versions.join(", ")));
    }
    s
}

// ---------------------------------------------------------------- subnets

fn split_keys(value: &str) -> BTreeSet<String> {
    value.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect()
}

fn plan_subnets(spec: &TeardownSpec, aws: &AwsObserved, plan: &mut TeardownPlan) {
    let marker = format!("{SUBNET_MARKER_TAG_PREFIX}{}", spec.cluster);
    let cluster_tag = format!("{CLUSTER_TAG_PREFIX}{}", spec.cluster);
    let role_tags = [PUBLIC_ROLE_TAG, PRIVATE_ROLE_TAG];
    let mut subnets: Vec<_> = aws.subnets.iter().collect();
    subnets.sort_by(|a, b| a.id.cmp(&b.id));
    for subnet in subnets {
        let Some(recorded) = subnet.tags.get(&marker) else { continue };
        // NB: another cluster albctl set up on this subnet keeps the role tags; they pass to its marker.
        let heir = subnet.tags.iter().find(|(k, _)| k.starts_with(SUBNET_MARKER_TAG_PREFIX) && **k != marker);
        let mut remove = BTreeMap::new();
        let mut handed = BTreeSet::new();
        let mut details = Vec::new();
        for key in split_keys(recorded) {
            if !role_tags.contains(&key.as_str()) && key != cluster_tag {
                details.push(format!("ignore {key}: not a tag albctl adds for {}", spec.cluster));
                continue;
            }
            let Some(value) = subnet.tags.get(&key) else { continue };
            match heir {
                Some((heir_key, _)) if role_tags.contains(&key.as_str()) => {
                    details.push(format!(
                        "keep {key}={value}: cluster {} was also set up here by albctl ({heir_key} takes it over)",
                        heir_key.trim_start_matches(SUBNET_MARKER_TAG_PREFIX)
                    ));
                    handed.insert(key);
                }
                _ => {
                    details.push(format!("- {key}={value}"));
                    remove.insert(key, value.clone());
                }
            }
        }
        details.push(format!("- {marker}={recorded}"));
        remove.insert(marker.clone(), recorded.clone());
        let mut set = BTreeMap::new();
        if let (Some((heir_key, heir_value)), false) = (heir, handed.is_empty()) {
            let mut keys = split_keys(heir_value);
            keys.extend(handed);
            set.insert(heir_key.clone(), keys.into_iter().collect::<Vec<_>>().join(","));
        }
        plan.steps.push(TeardownStep {
            resource: Resource::SubnetTags,
            id: subnet.id.clone(),
            action: Action::Delete,
            reason: format!("tags albctl added for cluster {}", spec.cluster),
            details,
            op: TeardownOp::UntagSubnet { subnet_id: subnet.id.clone(), remove, set },
        });
    }
}

// ---------------------------------------------------------------- OIDC provider

fn plan_oidc(spec: &TeardownSpec, aws: &AwsObserved, fate: RoleFate) -> Option<TeardownStep> {
    let arn = spec.oidc_arn.as_ref()?;
    let Some(provider) = &aws.oidc else {
        return Some(absent(Resource::IamOidcProvider, arn, "no IAM OIDC provider for the cluster"));
    };
    if !tagged_by_albctl(&provider.tags) {
        return Some(keep(Resource::IamOidcProvider, arn, format!("{NOT_OURS} (also with --delete-oidc-provider)")));
    }
    if !spec.delete_oidc_provider {
        return Some(keep(
            Resource::IamOidcProvider,
            arn,
            "created by albctl; stays unless --delete-oidc-provider is given (every IRSA role of the cluster needs it)",
        ));
    }
    let ours_still_trusts = matches!(fate, RoleFate::Kept { trusts_provider: true });
    let trusting: Vec<&String> =
        aws.roles_trusting_provider.iter().filter(|r| **r != spec.role_name || ours_still_trusts).collect();
    if !trusting.is_empty() {
        let names: Vec<&str> = trusting.iter().map(|s| s.as_str()).collect();
        return Some(keep(
            Resource::IamOidcProvider,
            arn,
            format!("still trusted by role(s) {}: deleting it would break them", names.join(", ")),
        ));
    }
    Some(step(
        Resource::IamOidcProvider,
        arn,
        Action::Delete,
        "created by albctl; no other role trusts it",
        TeardownOp::DeleteOidcProvider { arn: arn.clone() },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::iam::PolicyEntities;
    use crate::model::Partition;
    use crate::model::observed::{OidcProviderState, PolicyState, PolicyVersionInfo, RoleState, SubnetState};
    use crate::setup::desired::{desired_irsa_principal, desired_oidc};

    fn trust_document(statements: Vec<Value>) -> Value {
        json!({ "Version": "2012-10-17", "Statement": statements })
    }

    const ISSUER: &str = "https://oidc.eks.us-west-2.amazonaws.com/id/ABC";
    const ROLE: &str = "AmazonEKSLoadBalancerControllerRole-demo";

    fn spec() -> TeardownSpec {
        let oidc = desired_oidc(Partition::Aws, "1", "demo", ISSUER);
        TeardownSpec {
            cluster: "demo".into(),
            namespace: "kube-system".into(),
            service_account: "aws-load-balancer-controller".into(),
            role_name: ROLE.into(),
            role_arn: format!("arn:aws:iam::1:role/{ROLE}"),
            policy_arn: "arn:aws:iam::1:policy/P".into(),
            oidc_arn: Some(oidc.arn.clone()),
            principal: desired_irsa_principal(&oidc, "kube-system", "aws-load-balancer-controller"),
            identity: Identity::Irsa,
            delete_crds: false,
            delete_oidc_provider: false,
            delete_load_balancers: false,
        }
    }

    fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    const OURS: &[(&str, &str)] = &[("managed-by", "albctl"), ("albctl.io/cluster", "demo")];

    fn role(statements: Vec<Value>, t: &[(&str, &str)]) -> RoleState {
        RoleState {
            name: ROLE.into(),
            arn: format!("arn:aws:iam::1:role/{ROLE}"),
            trust: trust_document(statements),
            tags: tags(t),
            attached_policy_arns: vec!["arn:aws:iam::1:policy/P".into()],
        }
    }

    fn policy(t: &[(&str, &str)], versions: usize) -> PolicyState {
        PolicyState {
            arn: "arn:aws:iam::1:policy/P".into(),
            default_version_id: format!("v{versions}"),
            document: json!({}),
            versions: (1..=versions)
                .map(|i| PolicyVersionInfo { version_id: format!("v{i}"), is_default: i == versions, created: None })
                .collect(),
            tags: tags(t),
        }
    }

    fn provider(t: &[(&str, &str)]) -> OidcProviderState {
        OidcProviderState { arn: spec().oidc_arn.unwrap(), client_ids: vec!["sts.amazonaws.com".into()], tags: tags(t) }
    }

    fn after_setup() -> AwsObserved {
        let s = spec();
        AwsObserved {
            oidc: Some(provider(OURS)),
            roles_trusting_provider: vec![ROLE.into()],
            policy: Some(policy(OURS, 2)),
            policy_entities: PolicyEntities { roles: vec![ROLE.into()], ..Default::default() },
            role: Some(role(vec![s.principal.statement()], OURS)),
            ..Default::default()
        }
    }

    fn find(plan: &TeardownPlan, resource: Resource) -> &TeardownStep {
        plan.steps.iter().find(|s| s.resource == resource).unwrap_or_else(|| panic!("no {resource:?} in {plan:#?}"))
    }

    #[test]
    fn everything_albctl_made_goes_in_reverse_order_but_the_provider_needs_its_flag() {
        let plan = plan_teardown(&spec(), &after_setup(), None);
        let order: Vec<(Resource, Action)> = plan.steps.iter().map(|s| (s.resource, s.action)).collect();
        assert_eq!(
            order,
            [
                (Resource::RolePolicyAttachment, Action::Delete),
                (Resource::IamRole, Action::Delete),
                (Resource::IamPolicy, Action::Delete),
                (Resource::IamOidcProvider, Action::NoOp),
            ]
        );
        let TeardownOp::DeletePolicy { versions, .. } = &find(&plan, Resource::IamPolicy).op else { panic!() };
        assert_eq!(versions, &["v1"], "non-default versions go first");
        assert!(find(&plan, Resource::IamOidcProvider).reason.contains("--delete-oidc-provider"));
        assert!(plan.warnings.iter().any(|w| w.contains("--skip-kubernetes")), "{:?}", plan.warnings);

        let mut s = spec();
        s.delete_oidc_provider = true;
        let plan = plan_teardown(&s, &after_setup(), None);
        assert_eq!(find(&plan, Resource::IamOidcProvider).action, Action::Delete);
    }

    #[test]
    fn policy_attached_elsewhere_is_kept() {
        let mut aws = after_setup();
        aws.policy_entities.roles.push("other-role".into());
        aws.policy_entities.users.push("ci".into());
        let plan = plan_teardown(&spec(), &aws, None);
        let step = find(&plan, Resource::IamPolicy);
        assert_eq!(step.action, Action::NoOp);
        assert!(step.reason.contains("role other-role") && step.reason.contains("user ci"), "{}", step.reason);
        assert!(!step.reason.contains(ROLE), "the role being deleted does not count: {}", step.reason);
        assert_eq!(find(&plan, Resource::IamRole).action, Action::Delete);
    }

    #[test]
    fn untagged_role_policy_and_provider_are_never_deleted() {
        let mut s = spec();
        s.delete_oidc_provider = true;
        let aws = AwsObserved {
            oidc: Some(provider(&[])),
            roles_trusting_provider: vec![ROLE.into()],
            policy: Some(policy(&[], 1)),
            policy_entities: PolicyEntities { roles: vec![ROLE.into()], ..Default::default() },
            role: Some(role(vec![s.principal.statement()], &[])),
            ..Default::default()
        };
        let plan = plan_teardown(&s, &aws, None);
        assert!(plan.steps.iter().all(|s| s.action == Action::NoOp), "{plan:#?}");
        assert!(plan.steps.iter().all(|s| s.op == TeardownOp::Nothing { exists: true }));
        assert!(find(&plan, Resource::IamRole).details.iter().any(|d| d.contains("stays attached")));
    }

    #[test]
    fn provider_still_trusted_by_another_role_is_kept() {
        let mut s = spec();
        s.delete_oidc_provider = true;
        let mut aws = after_setup();
        aws.roles_trusting_provider.push("ebs-csi".into());
        let plan = plan_teardown(&s, &aws, None);
        let step = find(&plan, Resource::IamOidcProvider);
        assert_eq!(step.action, Action::NoOp);
        assert!(step.reason.contains("ebs-csi") && !step.reason.contains(ROLE), "{}", step.reason);
    }

    #[test]
    fn shared_role_loses_only_this_clusters_statement() {
        let s = spec();
        let other = json!({"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/other"},
            "Action": "sts:AssumeRoleWithWebIdentity"});
        let mut aws = after_setup();
        aws.role = Some(role(vec![s.principal.statement(), other.clone()], OURS));
        let plan = plan_teardown(&s, &aws, None);
        let step = find(&plan, Resource::IamRole);
        assert_eq!(step.action, Action::Update);
        let TeardownOp::UpdateTrust { trust, .. } = &step.op else { panic!() };
        let trust: Value = serde_json::from_str(trust).unwrap();
        assert_eq!(statements_of(&trust), [other]);
        assert!(plan.steps.iter().all(|s| s.resource != Resource::RolePolicyAttachment));
        assert_eq!(find(&plan, Resource::IamPolicy).action, Action::NoOp, "still attached to the kept role");
    }

    #[test]
    fn statement_for_another_service_account_is_not_ours() {
        let s = spec();
        let mut other_sa = s.principal.statement();
        let key = format!("{}:sub", ISSUER.trim_start_matches("https://"));
        other_sa["Condition"]["StringEquals"][&key] = json!("system:serviceaccount:kube-system:other");
        assert!(!is_ours(&s.principal, &other_sa));
        assert!(is_ours(&s.principal, &s.principal.statement()));
        let mut aws = after_setup();
        aws.role = Some(role(vec![other_sa], OURS));
        let plan = plan_teardown(&s, &aws, None);
        assert_eq!(find(&plan, Resource::IamRole).action, Action::NoOp);
    }

    #[test]
    fn role_in_an_instance_profile_is_kept() {
        let mut aws = after_setup();
        aws.role_instance_profiles = vec!["nodes".into()];
        let plan = plan_teardown(&spec(), &aws, None);
        let step = find(&plan, Resource::IamRole);
        assert_eq!(step.action, Action::NoOp);
        assert!(step.reason.contains("nodes"), "{}", step.reason);
        assert_eq!(find(&plan, Resource::IamPolicy).action, Action::NoOp, "attached to the kept role");
    }

    #[test]
    fn role_made_for_another_cluster_is_kept() {
        let s = spec();
        let mut aws = after_setup();
        aws.role =
            Some(role(vec![s.principal.statement()], &[("managed-by", "albctl"), ("albctl.io/cluster", "prod")]));
        let plan = plan_teardown(&s, &aws, None);
        let step = find(&plan, Resource::IamRole);
        assert_eq!(step.action, Action::NoOp);
        assert!(step.reason.contains("prod"), "{}", step.reason);
    }

    fn subnet(id: &str, t: &[(&str, &str)]) -> SubnetState {
        SubnetState {
            id: id.into(),
            vpc_id: "vpc-1".into(),
            availability_zone: "a".into(),
            cidr: None,
            available_ips: None,
            tags: tags(t),
            map_public_ip_on_launch: false,
        }
    }

    #[test]
    fn subnets_lose_exactly_the_recorded_tags() {
        let mut aws = after_setup();
        aws.subnets = vec![
            subnet(
                "subnet-1",
                &[
                    ("kubernetes.io/role/elb", "1"),
                    ("kubernetes.io/cluster/demo", "shared"),
                    ("kubernetes.io/cluster/other", "owned"),
                    ("Name", "x"),
                    ("albctl.io/subnet-tags/demo", "kubernetes.io/cluster/demo,kubernetes.io/role/elb,Name"),
                ],
            ),
            subnet("subnet-2", &[("kubernetes.io/role/internal-elb", "1")]),
        ];
        let plan = plan_teardown(&spec(), &aws, None);
        let subnet_steps: Vec<&TeardownStep> =
            plan.steps.iter().filter(|s| s.resource == Resource::SubnetTags).collect();
        assert_eq!(subnet_steps.len(), 1, "a subnet without the marker is not touched");
        let TeardownOp::UntagSubnet { remove, set, .. } = &subnet_steps[0].op else { panic!() };
        assert_eq!(
            remove,
            &tags(&[
                ("kubernetes.io/role/elb", "1"),
                ("kubernetes.io/cluster/demo", "shared"),
                ("albctl.io/subnet-tags/demo", "kubernetes.io/cluster/demo,kubernetes.io/role/elb,Name"),
            ])
        );
        assert!(set.is_empty());
        assert!(subnet_steps[0].details.iter().any(|d| d.contains("ignore Name")), "{:?}", subnet_steps[0].details);
    }

    #[test]
    fn role_tag_shared_with_another_albctl_cluster_is_handed_over() {
        let mut aws = after_setup();
        aws.subnets = vec![subnet(
            "subnet-1",
            &[
                ("kubernetes.io/role/elb", "1"),
                ("kubernetes.io/cluster/demo", "owned"),
                ("albctl.io/subnet-tags/demo", "kubernetes.io/cluster/demo,kubernetes.io/role/elb"),
                ("albctl.io/subnet-tags/prod", "kubernetes.io/cluster/prod"),
            ],
        )];
        let plan = plan_teardown(&spec(), &aws, None);
        let TeardownOp::UntagSubnet { remove, set, .. } = &find(&plan, Resource::SubnetTags).op else { panic!() };
        assert!(!remove.contains_key("kubernetes.io/role/elb"));
        assert!(remove.contains_key("kubernetes.io/cluster/demo"));
        assert_eq!(
            set.get("albctl.io/subnet-tags/prod").map(String::as_str),
            Some("kubernetes.io/cluster/prod,kubernetes.io/role/elb")
        );
    }

    fn object(kind: &str, ns: Option<&str>, name: &str, managers: &[&str], extra_meta: Value) -> Value {
        let mut meta = json!({"name": name, "uid": format!("uid-{name}"),
            "labels": {"app.kubernetes.io/managed-by": "albctl"},
            "managedFields": managers.iter().map(|m| json!({"manager": m, "operation": "Apply"})).collect::<Vec<_>>()});
        if let Some(ns) = ns {
            meta["namespace"] = json!(ns);
        }
        if let (Some(m), Some(extra)) = (meta.as_object_mut(), extra_meta.as_object()) {
            for (k, v) in extra {
                m.insert(k.clone(), v.clone());
            }
        }
        json!({"apiVersion": "v1", "kind": kind, "metadata": meta})
    }

    #[test]
    fn kubernetes_objects_go_webhooks_first_crds_only_with_the_flag() {
        let ns = Some("kube-system");
        let kube = KubeObserved {
            objects: vec![
                object(CRD_KIND, None, "targetgroupbindings.elbv2.k8s.aws", &["albctl"], json!({})),
                object(
                    "ServiceAccount",
                    ns,
                    "aws-load-balancer-controller",
                    &["albctl", "kube-controller-manager"],
                    json!({}),
                ),
                object("Deployment", ns, "aws-load-balancer-controller", &["albctl"], json!({})),
                object("ValidatingWebhookConfiguration", None, "aws-load-balancer-webhook", &["albctl"], json!({})),
                object("MutatingWebhookConfiguration", None, "aws-load-balancer-webhook", &["albctl"], json!({})),
                object("Secret", ns, "copied", &["kubectl"], json!({})),
            ],
            service_account: None,
            target_group_bindings: 3,
            ..Default::default()
        };
        let plan = plan_teardown(&spec(), &after_setup(), Some(&kube));
        let k8s: Vec<(&str, Action)> = plan
            .steps
            .iter()
            .filter(|s| s.resource == Resource::KubernetesObject)
            .map(|s| (s.id.split(' ').next().unwrap(), s.action))
            .collect();
        assert_eq!(
            k8s,
            [
                ("MutatingWebhookConfiguration", Action::Delete),
                ("ValidatingWebhookConfiguration", Action::Delete),
                ("Deployment", Action::Delete),
                ("Secret", Action::NoOp),
                ("ServiceAccount", Action::Delete),
                (CRD_KIND, Action::NoOp),
            ]
        );
        let crd = plan.steps.iter().find(|s| s.id.starts_with(CRD_KIND)).unwrap();
        assert!(crd.reason.contains("--delete-crds") && crd.reason.contains('3'), "{}", crd.reason);
        assert!(plan.steps.iter().any(|s| s.id.starts_with("Secret") && s.reason.contains("kubectl")));
        assert!(plan.warnings.iter().all(|w| !w.contains("--skip-kubernetes")));

        let mut s = spec();
        s.delete_crds = true;
        let plan = plan_teardown(&s, &after_setup(), Some(&kube));
        let crd = plan.steps.iter().find(|s| s.id.starts_with(CRD_KIND)).unwrap();
        assert_eq!(crd.action, Action::Delete);
        assert!(matches!(crd.op, TeardownOp::DeleteObject { wait_gone: true, .. }));
        assert!(plan.warnings.iter().any(|w| w.contains("3 TargetGroupBinding")), "{:?}", plan.warnings);
    }

    #[test]
    fn service_accounts_albctl_did_not_create_stay() {
        let ns = Some("kube-system");
        let annotations =
            json!({"annotations": {"meta.helm.sh/release-name": "lbc", "eks.amazonaws.com/role-arn": "arn:r"}});
        let adopted = object("ServiceAccount", ns, "aws-load-balancer-controller", &["albctl", "helm"], annotations);
        let plan = plan_teardown(
            &spec(),
            &after_setup(),
            Some(&KubeObserved { objects: vec![adopted], ..Default::default() }),
        );
        let step = find(&plan, Resource::KubernetesObject);
        assert_eq!(step.action, Action::NoOp);
        assert!(step.reason.contains("Helm release lbc") && step.reason.contains("taken over"), "{}", step.reason);
        assert!(step.details.iter().any(|d| d.contains("arn:r")));

        let helm = json!({"metadata": {"name": "aws-load-balancer-controller", "namespace": "kube-system",
            "labels": {"app.kubernetes.io/managed-by": "Helm"}}});
        let kube = KubeObserved { service_account: Some(helm), ..Default::default() };
        let plan = plan_teardown(&spec(), &after_setup(), Some(&kube));
        let step = find(&plan, Resource::KubernetesObject);
        assert_eq!(step.action, Action::NoOp);
        assert!(step.reason.contains("Helm"), "{}", step.reason);
    }

    #[test]
    fn pod_identity_association_goes_only_when_it_uses_albctls_role() {
        let mut s = spec();
        s.identity = Identity::PodIdentity;
        s.principal = TrustPrincipal::PodIdentity;
        s.oidc_arn = None;
        let mut aws = after_setup();
        aws.role = Some(role(vec![TrustPrincipal::PodIdentity.statement()], OURS));
        aws.pod_identity = Some(crate::model::observed::PodIdentityAssociationState {
            id: "a-1".into(),
            arn: None,
            namespace: "kube-system".into(),
            service_account: "aws-load-balancer-controller".into(),
            role_arn: Some(s.role_arn.clone()),
        });
        let plan = plan_teardown(&s, &aws, None);
        assert_eq!(plan.steps[0].resource, Resource::PodIdentityAssociation);
        assert_eq!(plan.steps[0].action, Action::Delete);
        assert_eq!(find(&plan, Resource::IamRole).action, Action::Delete);
        assert!(plan.steps.iter().all(|s| s.resource != Resource::IamOidcProvider));
        aws.pod_identity.as_mut().unwrap().role_arn = Some("arn:aws:iam::1:role/other".into());
        let plan = plan_teardown(&s, &aws, None);
        assert_eq!(plan.steps[0].action, Action::NoOp);
    }

    #[test]
    fn nothing_left_plans_no_change() {
        let plan = plan_teardown(&spec(), &AwsObserved::default(), Some(&KubeObserved::default()));
        assert!(!plan.has_changes(), "{plan:#?}");
        assert!(plan.steps.iter().all(|s| s.op == TeardownOp::Nothing { exists: false }));
    }

    fn lb_world(available: i64) -> (AwsObserved, KubeObserved) {
        let mut aws = after_setup();
        aws.load_balancers.load_balancers = vec![crate::model::observed::LoadBalancerState {
            arn: "arn:lb/web".into(),
            name: "k8s-default-web-1".into(),
            tags: tags(&[("elbv2.k8s.aws/cluster", "demo"), ("ingress.k8s.aws/stack", "default/web")]),
            ..Default::default()
        }];
        let holder = |kind: &str, name: &str, finalizer: &str| {
            json!({"apiVersion": "v1", "kind": kind,
                   "metadata": {"namespace": "default", "name": name, "uid": name, "finalizers": [finalizer]}})
        };
        let kube = KubeObserved {
            lb_objects: crate::inventory::KubeObserved {
                ingresses: vec![holder("Ingress", "web", "ingress.k8s.aws/resources")],
                services: vec![
                    holder("Service", "nlb", "service.k8s.aws/resources"),
                    holder("Service", "plain", "x/y"),
                ],
                target_group_bindings: vec![holder("TargetGroupBinding", "tgb", "elbv2.k8s.aws/resources")],
                ..Default::default()
            },
            controller: Some(json!({"status": {"availableReplicas": available}})),
            objects: vec![object(
                "MutatingWebhookConfiguration",
                None,
                "aws-load-balancer-webhook",
                &["albctl"],
                json!({}),
            )],
            ..Default::default()
        };
        (aws, kube)
    }

    #[test]
    fn finalizer_holders_refuse_teardown_naming_each_object_and_its_load_balancer() {
        let (aws, kube) = lb_world(2);
        let e = refusal(&spec(), &aws, Some(&kube)).expect("refused").to_string();
        assert!(e.contains("Ingress default/web (load balancer k8s-default-web-1)"), "{e}");
        assert!(e.contains("Service default/nlb") && e.contains("TargetGroupBinding default/tgb"), "{e}");
        assert!(!e.contains("plain") && e.contains("--delete-load-balancers"), "{e}");
        let mut with_flag = spec();
        with_flag.delete_load_balancers = true;
        assert!(refusal(&with_flag, &aws, Some(&kube)).is_none());
        assert!(refusal(&spec(), &aws, Some(&KubeObserved::default())).is_none(), "nothing holds a finalizer");
        assert!(refusal(&spec(), &aws, None).is_none(), "--skip-kubernetes");
    }

    #[test]
    fn without_a_running_controller_teardown_points_to_apply_even_with_the_flag() {
        let (aws, kube) = lb_world(0);
        let mut with_flag = spec();
        with_flag.delete_load_balancers = true;
        let e = refusal(&with_flag, &aws, Some(&kube)).expect("refused").to_string();
        assert!(e.contains("controller is not running") && e.contains("albctl apply --cluster demo"), "{e}");
        let e = refusal(&spec(), &aws, Some(&kube)).expect("refused").to_string();
        assert!(e.contains("controller is not running") && e.contains("albctl apply"), "{e}");
    }

    #[test]
    fn delete_load_balancers_deletes_ingresses_and_services_first_then_bindings_then_the_rest() {
        let (aws, kube) = lb_world(1);
        let mut with_flag = spec();
        with_flag.delete_load_balancers = true;
        let plan = plan_teardown(&with_flag, &aws, Some(&kube));
        let first: Vec<&str> = plan.steps.iter().take(4).map(|s| s.id.as_str()).collect();
        assert_eq!(
            first,
            [
                "Ingress default/web",
                "Service default/nlb",
                "TargetGroupBinding default/tgb",
                "MutatingWebhookConfiguration aws-load-balancer-webhook"
            ]
        );
        let waits: Vec<usize> = plan
            .steps
            .iter()
            .take(3)
            .map(|s| match &s.op {
                TeardownOp::DeleteAndWait { wait_for, .. } => wait_for.len(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(waits, [0, 2, 1], "the last of each group waits for the whole group");
    }
}
