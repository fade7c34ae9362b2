//! The plan: a pure diff of desired against observed state.
//!
//! `--dry-run` prints a `Plan`; execution runs that same value. Unchanged resources stay in
//! the plan as `NoOp` steps so users see everything albctl looked at.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::desired::{OidcSpec, PolicySpec, RoleSpec, SubnetTagSpec};
use crate::error::AlbctlError;
use crate::model::observed::{OidcProviderState, PodIdentityAssociationState, PolicyState, RoleState};
pub use crate::model::plan::{Action, Resource};
use crate::model::subnets::{ClassifiedSubnet, ForeignClaim, Scheme, foreign_claim, role_tag_value_matches};
use crate::model::trust::{TrustPrincipal, describe_principals, statements_of};
use crate::model::{CLUSTER_NAME_TAG, CLUSTER_TAG_PREFIX, MANAGED_BY_TAG, POD_IDENTITY_USER_TAG_PREFIX};

/// A step of setup's plan.
pub type Step = crate::model::plan::Step<Op>;
/// Setup's plan: the AWS calls of the converging commands.
pub type Plan = crate::model::plan::Plan<Op>;

/// IAM keeps at most this many versions of a managed policy.
pub const MAX_POLICY_VERSIONS: usize = 5;

/// The AWS call(s) a step needs. Carries everything the executor needs, so execution never
/// recomputes anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Nothing to do.
    Nothing,
    /// CreateOpenIDConnectProvider.
    CreateOidcProvider {
        /// Issuer URL.
        url: String,
        /// Client ids.
        client_ids: Vec<String>,
        /// Tags it is created with (albctl's ownership marks).
        tags: BTreeMap<String, String>,
    },
    /// AddClientIDToOpenIDConnectProvider for each id.
    AddOidcClientIds {
        /// Provider ARN.
        arn: String,
        /// Ids to add.
        client_ids: Vec<String>,
    },
    /// CreatePolicy.
    CreatePolicy {
        /// Policy name.
        name: String,
        /// Document text.
        document: String,
        /// Tags it is created with (albctl's ownership marks).
        tags: BTreeMap<String, String>,
    },
    /// (DeletePolicyVersion of the oldest non-default version, then) CreatePolicyVersion as default.
    NewPolicyVersion {
        /// Policy ARN.
        arn: String,
        /// Document text.
        document: String,
        /// Version to delete first to stay within IAM's limit.
        delete_first: Option<String>,
    },
    /// CreateRole.
    CreateRole {
        /// Role name.
        name: String,
        /// Trust policy text.
        trust: String,
        /// Tags it is created with (albctl's ownership marks).
        tags: BTreeMap<String, String>,
    },
    /// UpdateAssumeRolePolicy.
    UpdateTrust {
        /// Role name.
        name: String,
        /// New trust policy text.
        trust: String,
    },
    /// TagRole (the Pod Identity user tag of the cluster).
    TagRole {
        /// Role name.
        name: String,
        /// Tags to set.
        tags: BTreeMap<String, String>,
    },
    /// AttachRolePolicy.
    AttachPolicy {
        /// Role name.
        role: String,
        /// Policy ARN.
        policy_arn: String,
    },
    /// CreatePodIdentityAssociation.
    CreatePodIdentityAssociation {
        /// EKS cluster name.
        cluster: String,
        /// Namespace of the controller's ServiceAccount.
        namespace: String,
        /// ServiceAccount.
        service_account: String,
        /// Role ARN.
        role_arn: String,
    },
    /// UpdatePodIdentityAssociation.
    UpdatePodIdentityAssociation {
        /// EKS cluster name.
        cluster: String,
        /// Association id.
        association_id: String,
        /// Role ARN.
        role_arn: String,
    },
    /// DeletePodIdentityAssociation (an install moving to IRSA, after its controller restarted).
    DeletePodIdentityAssociation {
        /// EKS cluster name.
        cluster: String,
        /// Association id.
        association_id: String,
    },
    /// CreateTags on one subnet (the executor batches subnets with equal tag sets).
    TagSubnet {
        /// Subnet id.
        subnet_id: String,
        /// Tags to set.
        tags: BTreeMap<String, String>,
    },
}

impl Step {
    fn noop(resource: Resource, id: impl Into<String>, reason: impl Into<String>) -> Step {
        Step { resource, id: id.into(), action: Action::NoOp, reason: reason.into(), details: vec![], op: Op::Nothing }
    }
}

/// OIDC provider: create, add the client id, or nothing.
pub fn plan_oidc(spec: &OidcSpec, observed: Option<&OidcProviderState>) -> Step {
    let Some(existing) = observed else {
        return Step {
            resource: Resource::IamOidcProvider,
            id: spec.arn.clone(),
            action: Action::Create,
            reason: format!("no IAM OIDC provider for {}", spec.url),
            details: vec![format!("client id {}", spec.client_ids.join(", "))],
            op: Op::CreateOidcProvider {
                url: spec.url.clone(),
                client_ids: spec.client_ids.clone(),
                tags: spec.tags.clone(),
            },
        };
    };
    let missing: Vec<String> = spec.client_ids.iter().filter(|c| !existing.client_ids.contains(c)).cloned().collect();
    if missing.is_empty() {
        return Step::noop(Resource::IamOidcProvider, &spec.arn, format!("client id {}", spec.client_ids.join(", ")));
    }
    Step {
        resource: Resource::IamOidcProvider,
        id: spec.arn.clone(),
        action: Action::Update,
        reason: format!("client id {} missing", missing.join(", ")),
        details: missing.iter().map(|c| format!("add client id {c}")).collect(),
        op: Op::AddOidcClientIds { arn: spec.arn.clone(), client_ids: missing },
    }
}

/// Controller policy: create, new default version, or nothing.
///
/// Refuses (an error) to replace a policy that grants permissions the embedded one does not,
/// unless `force` is set. `observed.versions` must be filled when the document differs.
pub fn plan_policy(spec: &PolicySpec, observed: Option<&PolicyState>, force: bool) -> anyhow::Result<Step> {
    let Some(existing) = observed else {
        return Ok(Step {
            resource: Resource::IamPolicy,
            id: spec.arn.clone(),
            action: Action::Create,
            reason: format!("controller policy {} for {}", spec.name, crate::policy::CONTROLLER_VERSION),
            details: vec![],
            op: Op::CreatePolicy {
                name: spec.name.clone(),
                document: spec.document_text.clone(),
                tags: spec.tags.clone(),
            },
        });
    };
    let diff = crate::policy::diff(&existing.document, &spec.document);
    if diff.added.is_empty() && diff.removed.is_empty() {
        return Ok(Step::noop(
            Resource::IamPolicy,
            &spec.arn,
            format!("{} grants what {} needs", existing.default_version_id, crate::policy::CONTROLLER_VERSION),
        ));
    }
    let mut details: Vec<String> = diff.added_actions.iter().map(|a| format!("+ {a}")).collect();
    if diff.added_actions.is_empty() && !diff.added.is_empty() {
        details.push(format!("+ {} changed resource/condition grant(s)", diff.added.len()));
    }
    if diff.added.is_empty() && !force {
        return Ok(Step {
            details: diff.removed_actions.iter().map(|a| format!("extra: {a}")).collect(),
            ..Step::noop(
                Resource::IamPolicy,
                &spec.arn,
                format!(
                    "{} grants everything {} needs, and more (kept; --force-policy replaces it)",
                    existing.default_version_id,
                    crate::policy::CONTROLLER_VERSION
                ),
            )
        });
    }
    if !diff.removed.is_empty() {
        if !force {
            let listed = if diff.removed_actions.is_empty() {
                format!("{} resource/condition grant(s)", diff.removed.len())
            } else {
                diff.removed_actions.join(", ")
            };
            return Err(AlbctlError::refused(format!(
                "policy {} lacks permissions the controller {} needs ({}) and also grants ones the embedded policy does not ({listed}); \
                 updating it would remove those: rerun with --force-policy to replace it, or use --policy-name for a separate policy",
                spec.arn,
                crate::policy::CONTROLLER_VERSION,
                diff.added_actions.join(", "),
            )));
        }
        details.extend(diff.removed_actions.iter().map(|a| format!("- {a}")));
        if diff.removed_actions.is_empty() {
            details.push(format!("- {} resource/condition grant(s)", diff.removed.len()));
        }
    }
    let delete_first = if existing.versions.len() >= MAX_POLICY_VERSIONS {
        existing.versions.iter().find(|v| !v.is_default).map(|v| v.version_id.clone())
    } else {
        None
    };
    if let Some(v) = &delete_first {
        details.push(format!("delete oldest non-default version {v} first (IAM keeps at most {MAX_POLICY_VERSIONS})"));
    }
    let reason = match crate::policy::matching_revision(&existing.document) {
        Some(rev) if !diff.added_actions.is_empty() => format!(
            "{} matches upstream {}..{}; new default version for {}",
            existing.default_version_id,
            rev.first_tag,
            rev.last_tag,
            crate::policy::CONTROLLER_VERSION
        ),
        _ => format!(
            "{} differs from the {} policy; new default version",
            existing.default_version_id,
            crate::policy::CONTROLLER_VERSION
        ),
    };
    Ok(Step {
        resource: Resource::IamPolicy,
        id: spec.arn.clone(),
        action: Action::Update,
        reason,
        details,
        op: Op::NewPolicyVersion { arn: spec.arn.clone(), document: spec.document_text.clone(), delete_first },
    })
}

/// The role's trust: create the role, repair its trust (keeping other statements), or nothing.
///
/// Refuses to add trust to a role that trusts only other principals and that albctl did not
/// create for this cluster, unless `adopt` is set.
pub fn plan_role(spec: &RoleSpec, observed: Option<&RoleState>, adopt: bool) -> anyhow::Result<Step> {
    let ours = spec.principal.statement();
    let Some(existing) = observed else {
        let trust = json!({ "Version": "2012-10-17", "Statement": [ours] });
        return Ok(Step {
            resource: Resource::IamRole,
            id: spec.arn.clone(),
            action: Action::Create,
            reason: format!("trusts {}", spec.principal.describe()),
            details: vec![],
            op: Op::CreateRole { name: spec.name.clone(), trust: trust.to_string(), tags: spec.tags.clone() },
        });
    };
    let statements = statements_of(&existing.trust);
    let (mine, others): (Vec<&Value>, Vec<&Value>) = statements.iter().partition(|s| spec.principal.owns_statement(s));
    let created_by_us = existing.tags.get(MANAGED_BY_TAG.0).is_some_and(|v| v == MANAGED_BY_TAG.1)
        && existing.tags.get(CLUSTER_NAME_TAG).is_some_and(|c| *c == spec.cluster);
    if mine.is_empty() && !others.is_empty() && !created_by_us && !adopt {
        return Err(AlbctlError::refused(format!(
            "role {} exists and trusts {} but not {}; albctl does not change a role it did not create: \
             pass --adopt-role to add this cluster's trust statement (others are kept), or --role-name to use another role",
            existing.arn,
            describe_principals(&others),
            spec.principal.describe()
        )));
    }
    if mine.len() == 1 && statements_equal(mine[0], &ours) {
        return Ok(Step::noop(Resource::IamRole, &existing.arn, format!("trusts {}", spec.principal.describe())));
    }
    let mut new_statements: Vec<Value> = others.iter().map(|s| (*s).clone()).collect();
    new_statements.push(ours.clone());
    let mut trust = existing.trust.clone();
    if !trust.is_object() {
        trust = json!({});
    }
    trust["Version"] = json!("2012-10-17");
    trust["Statement"] = Value::Array(new_statements);
    let mut details = Vec::new();
    if mine.is_empty() {
        details.push(format!("add statement for {}", spec.principal.describe()));
    }
    for old in &mine {
        details.push(format!("replace statement {}", compact(old)));
    }
    details.push(format!("with {}", compact(&ours)));
    if !others.is_empty() {
        details.push(format!("keep {} other statement(s): {}", others.len(), describe_principals(&others)));
    }
    Ok(Step {
        resource: Resource::IamRole,
        id: existing.arn.clone(),
        action: Action::Update,
        reason: "trust policy differs".into(),
        details,
        op: Op::UpdateTrust { name: spec.name.clone(), trust: trust.to_string() },
    })
}

/// The role a ServiceAccount names, taken over with `--adopt` (or adopted before): kept as it is
/// when its trust admits the ServiceAccount exactly. Otherwise albctl refuses with the reason,
/// unless `fix_trust` (`--adopt-role`) lets it add the statement; a role a CloudFormation stack
/// owns (`aws:cloudformation:*` tags) is never changed: the stack would put it back.
pub fn plan_adopted_role(spec: &RoleSpec, observed: Option<&RoleState>, fix_trust: bool) -> anyhow::Result<Step> {
    let Some(existing) = observed else {
        return Err(AlbctlError::refused(format!(
            "the ServiceAccount names role {}, which does not exist: fix its eks.amazonaws.com/role-arn annotation, \
             or rerun without --adopt to let albctl create its own role",
            spec.arn
        )));
    };
    let ours = spec.principal.statement();
    let statements = statements_of(&existing.trust);
    if statements.iter().any(|s| statements_equal(s, &ours)) {
        return Ok(Step::noop(
            Resource::IamRole,
            &existing.arn,
            format!("adopted role: trusts {} exactly; kept as it is", spec.principal.describe()),
        ));
    }
    let stack = existing.tags.iter().find(|(k, _)| k.starts_with("aws:cloudformation:stack-name")).map(|(_, v)| v);
    let others: Vec<&Value> = statements.iter().collect();
    let trusts = if others.is_empty() { "nothing".to_string() } else { describe_principals(&others) };
    if let Some(stack) = stack.or_else(|| existing.tags.keys().find(|k| k.starts_with("aws:cloudformation:"))) {
        return Err(AlbctlError::refused(format!(
            "role {} (named by the ServiceAccount) trusts {trusts}, not exactly {}; it belongs to CloudFormation stack {stack}, \
             so albctl does not change it: fix the trust in that stack (e.g. `eksctl create iamserviceaccount ... \
             --override-existing-serviceaccounts`), or rerun without --adopt to let albctl create its own role",
            existing.arn,
            spec.principal.describe()
        )));
    }
    if !fix_trust {
        return Err(AlbctlError::refused(format!(
            "role {} (named by the ServiceAccount) trusts {trusts}, not exactly {}; albctl does not change the trust of a \
             role it did not create: pass --adopt-role to add the ServiceAccount's trust statement (others are kept)",
            existing.arn,
            spec.principal.describe()
        )));
    }
    plan_role(spec, observed, true)
}

/// Attaches the policy to the role unless it already is.
pub fn plan_attachment(spec: &RoleSpec, observed: Option<&RoleState>) -> Step {
    let id = format!("{} -> {}", spec.policy_arn, spec.name);
    if observed.is_some_and(|r| r.attached_policy_arns.contains(&spec.policy_arn)) {
        return Step::noop(Resource::RolePolicyAttachment, id, "attached");
    }
    Step {
        resource: Resource::RolePolicyAttachment,
        id,
        action: Action::Create,
        reason: "policy not attached to the role".into(),
        details: vec![],
        op: Op::AttachPolicy { role: spec.name.clone(), policy_arn: spec.policy_arn.clone() },
    }
}

/// The Pod Identity association for the controller's ServiceAccount.
pub fn plan_pod_identity(
    cluster: &str,
    namespace: &str,
    service_account: &str,
    role_arn: &str,
    observed: Option<&PodIdentityAssociationState>,
) -> Step {
    let id = format!("{cluster}/{namespace}/{service_account}");
    match observed {
        None => Step {
            resource: Resource::PodIdentityAssociation,
            id,
            action: Action::Create,
            reason: format!("associate {namespace}/{service_account} with {role_arn}"),
            details: vec![],
            op: Op::CreatePodIdentityAssociation {
                cluster: cluster.into(),
                namespace: namespace.into(),
                service_account: service_account.into(),
                role_arn: role_arn.into(),
            },
        },
        Some(a) if a.role_arn.as_deref() == Some(role_arn) => {
            Step::noop(Resource::PodIdentityAssociation, a.arn.clone().unwrap_or(id), format!("uses {role_arn}"))
        }
        Some(a) => Step {
            resource: Resource::PodIdentityAssociation,
            id: a.arn.clone().unwrap_or(id),
            action: Action::Update,
            reason: format!("uses {} instead of {role_arn}", a.role_arn.as_deref().unwrap_or("no role")),
            details: vec![],
            op: Op::UpdatePodIdentityAssociation {
                cluster: cluster.into(),
                association_id: a.id.clone(),
                role_arn: role_arn.into(),
            },
        },
    }
}

/// The tag that records this cluster as a Pod Identity user of the role (set with the role when
/// albctl creates it): added when missing, so that another cluster's teardown keeps the role.
pub fn plan_pod_identity_user(spec: &RoleSpec, observed: Option<&RoleState>, namespace: &str, sa: &str) -> Step {
    let key = format!("{POD_IDENTITY_USER_TAG_PREFIX}{}", spec.cluster);
    let value = format!("{namespace}/{sa}");
    let reason = format!("cluster {} uses the role through Pod Identity ({key})", spec.cluster);
    match observed {
        Some(role) if role.tags.get(&key) != Some(&value) => Step {
            resource: Resource::IamRole,
            id: spec.arn.clone(),
            action: Action::Update,
            reason,
            details: vec![format!("tag {key}={value}")],
            op: Op::TagRole { name: spec.name.clone(), tags: BTreeMap::from([(key, value)]) },
        },
        _ => Step::noop(Resource::IamRole, &spec.arn, reason),
    }
}

/// The last trust write of a move between identities: the role keeps every statement except
/// those of `old` (the principal the install no longer uses). Nothing when none is left.
pub fn plan_trust_removal(role_name: &str, role_arn: &str, trust: &Value, old: &TrustPrincipal) -> Step {
    let statements = statements_of(trust);
    let (gone, kept): (Vec<&Value>, Vec<&Value>) = statements.iter().partition(|s| old.owns_statement(s));
    if gone.is_empty() {
        return Step::noop(Resource::IamRole, role_arn, format!("no longer trusts {}", old.describe()));
    }
    let mut trust = trust.clone();
    trust["Statement"] = Value::Array(kept.iter().map(|s| (*s).clone()).collect());
    Step {
        resource: Resource::IamRole,
        id: role_arn.to_string(),
        action: Action::Update,
        reason: format!("the install moved off {}: its trust statement goes last", old.describe()),
        details: gone.iter().map(|s| format!("remove statement {}", compact(s))).collect(),
        op: Op::UpdateTrust { name: role_name.to_string(), trust: trust.to_string() },
    }
}

/// The association an install moving to IRSA no longer needs, deleted after its controller
/// restarted onto the annotated role.
pub fn plan_association_removal(cluster: &str, association: Option<&PodIdentityAssociationState>) -> Step {
    match association {
        None => Step::noop(Resource::PodIdentityAssociation, "-", "no association"),
        Some(a) => Step {
            resource: Resource::PodIdentityAssociation,
            id: a.arn.clone().unwrap_or_else(|| a.id.clone()),
            action: Action::Delete,
            reason: "the install moved to IRSA: its Pod Identity association goes after the restart".into(),
            details: vec![],
            op: Op::DeletePodIdentityAssociation { cluster: cluster.to_string(), association_id: a.id.clone() },
        },
    }
}

/// Role tags (and the opt-in cluster tag) on every candidate subnet, plus warnings about
/// discovery problems albctl does not fix by itself.
pub fn plan_subnet_tags(spec: &SubnetTagSpec, subnets: &[ClassifiedSubnet]) -> Plan {
    let mut plan = Plan::default();
    let cluster_key = spec.cluster_tag_key();
    let marker_key = spec.marker_key();
    let mut left_alone: BTreeSet<&str> = BTreeSet::new();
    for c in subnets {
        let tags = &c.subnet.tags;
        if let (ForeignClaim::Owned(owners), None) = (foreign_claim(tags, &spec.cluster), spec.cluster_tag) {
            let owners = owners.join(", ");
            plan.steps.push(Step::noop(
                Resource::SubnetTags,
                &c.subnet.id,
                format!(
                    "{} ({}); owned by cluster {owners}: left alone, and this cluster's controller does not use it",
                    c.scheme.as_str(),
                    c.evidence
                ),
            ));
            plan.warnings.push(format!(
                "subnet {} is owned by cluster {owners} (kubernetes.io/cluster/{owners}=owned): albctl leaves it alone \
                 and this cluster's load balancers do not use it (--cluster-tag shared tags it all the same)",
                c.subnet.id
            ));
            left_alone.insert(c.subnet.id.as_str());
            continue;
        }
        let role_key = c.scheme.role_tag();
        let mut set = BTreeMap::new();
        let mut added = Vec::new();
        let mut details = Vec::new();
        match tags.get(role_key) {
            None => {
                set.insert(role_key.to_string(), "1".to_string());
                added.push(role_key.to_string());
                details.push(format!("+ {role_key}=1"));
                // NB: since v2.13 the controller would infer the scheme from the route table when no
                // subnet has the role tag; the tag makes the choice explicit and stable.
                details.push(
                    "note: explicit beats inferred: untagged, the controller would pick subnets by route table".into(),
                );
            }
            Some(v) if !role_tag_value_matches(v) => {
                set.insert(role_key.to_string(), "1".to_string());
                details.push(format!("~ {role_key}: '{v}' -> '1' (the controller only matches '1' or '')"));
            }
            Some(_) => {}
        }
        let other_clusters: Vec<&str> = tags
            .keys()
            .filter_map(|k| k.strip_prefix(CLUSTER_TAG_PREFIX))
            .filter(|name| *name != spec.cluster)
            .collect();
        let claim = foreign_claim(tags, &spec.cluster);
        let cluster_tag = match (&claim, spec.cluster_tag) {
            (_, Some(t)) => Some(t.as_str()),
            // NB: the controller skips subnets tagged for other clusters only; where they share
            // the subnet, this cluster's `shared` tag beside theirs makes it usable here too.
            (ForeignClaim::Shared(_), None) => Some("shared"),
            _ => None,
        };
        if let Some(value) = cluster_tag {
            match tags.get(&cluster_key) {
                None => {
                    set.insert(cluster_key.clone(), value.to_string());
                    added.push(cluster_key.clone());
                    details.push(format!("+ {cluster_key}={value}"));
                    if !other_clusters.is_empty() {
                        details.push(format!(
                            "note: also tagged for cluster(s) {} (kept); the controller skips subnets tagged for other clusters only",
                            other_clusters.join(", ")
                        ));
                    } else {
                        plan.warnings.push(format!(
                            "subnet {}: adding {cluster_key} hides it from the discovery of other clusters that rely on untagged subnets",
                            c.subnet.id
                        ));
                    }
                }
                Some(v) if v != value && spec.cluster_tag.is_some() => {
                    set.insert(cluster_key.clone(), value.to_string());
                    details.push(format!("~ {cluster_key}: '{v}' -> '{value}'"));
                }
                Some(_) => {}
            }
        }
        let opposite = match c.scheme {
            Scheme::Public => Scheme::Private.role_tag(),
            Scheme::Private => Scheme::Public.role_tag(),
        };
        if tags.contains_key(opposite) {
            plan.warnings.push(format!(
                "subnet {} is {} but also carries {opposite} (left as is)",
                c.subnet.id,
                c.scheme.as_str()
            ));
        }
        if let Some(ips) = c.subnet.available_ips.filter(|n| *n < 8) {
            plan.warnings.push(format!(
                "subnet {} has only {ips} free IP addresses; load balancers need at least 8",
                c.subnet.id
            ));
        }
        if !added.is_empty() {
            let mut recorded: BTreeSet<String> = tags
                .get(&marker_key)
                .map(|v| v.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect())
                .unwrap_or_default();
            recorded.extend(added.iter().cloned());
            set.insert(marker_key.clone(), recorded.into_iter().collect::<Vec<_>>().join(","));
        }
        let reason = format!("{} ({})", c.scheme.as_str(), c.evidence);
        if set.is_empty() {
            plan.steps.push(Step::noop(Resource::SubnetTags, &c.subnet.id, reason));
            continue;
        }
        let action = if added.iter().any(|k| k == role_key) { Action::Create } else { Action::Update };
        plan.steps.push(Step {
            resource: Resource::SubnetTags,
            id: c.subnet.id.clone(),
            action,
            reason,
            details,
            op: Op::TagSubnet { subnet_id: c.subnet.id.clone(), tags: set },
        });
    }
    for scheme in [Scheme::Public, Scheme::Private] {
        let azs: BTreeSet<&str> = subnets
            .iter()
            .filter(|c| c.scheme == scheme && !left_alone.contains(c.subnet.id.as_str()))
            .map(|c| c.subnet.availability_zone.as_str())
            .collect();
        if azs.len() < 2 {
            let kind = match scheme {
                Scheme::Public => "internet-facing",
                Scheme::Private => "internal",
            };
            plan.warnings.push(format!(
                "{} {} subnet AZ(s) ({}): {kind} ALBs need subnets in at least 2 AZs",
                azs.len(),
                scheme.as_str(),
                azs.iter().copied().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    plan
}

/// Semantic equality of two trust statements: single strings equal one-element lists,
/// list order does not matter, `Sid` is ignored.
pub fn statements_equal(a: &Value, b: &Value) -> bool {
    canonical(a, true) == canonical(b, true)
}

fn canonical(v: &Value, top: bool) -> Value {
    match v {
        Value::Object(map) => {
            let mut out: BTreeMap<String, Value> = BTreeMap::new();
            for (k, val) in map {
                if top && k == "Sid" {
                    continue;
                }
                out.insert(k.clone(), canonical(val, false));
            }
            Value::Object(out.into_iter().collect())
        }
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(|i| canonical(i, false)).collect();
            items.sort_by_key(|a| a.to_string());
            items.dedup();
            if items.len() == 1 { items.pop().unwrap_or(Value::Null) } else { Value::Array(items) }
        }
        other => other.clone(),
    }
}

fn compact(v: &Value) -> String {
    let mut c = v.clone();
    if let Some(obj) = c.as_object_mut() {
        obj.remove("Sid");
    }
    c.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Partition;
    use crate::model::observed::{PolicyVersionInfo, SubnetState};
    use crate::model::trust::TrustPrincipal;
    use crate::setup::desired::{desired_irsa_principal, desired_oidc, desired_policy};

    const ISSUER: &str = "https://oidc.eks.us-west-2.amazonaws.com/id/ABC";

    fn role_spec() -> RoleSpec {
        let oidc = desired_oidc(Partition::Aws, "111122223333", "demo", ISSUER);
        RoleSpec {
            name: "r".into(),
            arn: "arn:aws:iam::111122223333:role/r".into(),
            principal: desired_irsa_principal(&oidc, "kube-system", "aws-load-balancer-controller"),
            policy_arn: "arn:aws:iam::111122223333:policy/P".into(),
            tags: crate::setup::desired::desired_iam_tags("demo"),
            cluster: "demo".into(),
        }
    }

    fn role_state(statements: Vec<Value>, tags: &[(&str, &str)]) -> RoleState {
        RoleState {
            name: "r".into(),
            arn: "arn:aws:iam::111122223333:role/r".into(),
            trust: json!({"Version": "2012-10-17", "Statement": statements}),
            tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            attached_policy_arns: vec![],
        }
    }

    #[test]
    fn adopted_role_is_kept_when_exact_refused_otherwise_and_never_changed_under_cloudformation() {
        let spec = role_spec();
        let mut exact = spec.principal.statement();
        exact["Action"] = json!(["sts:AssumeRoleWithWebIdentity"]);
        let cfn = [("aws:cloudformation:stack-name", "eksctl-demo-addon-iamserviceaccount-x")];
        let step = plan_adopted_role(&spec, Some(&role_state(vec![exact.clone()], &cfn)), false).unwrap();
        assert_eq!(step.action, Action::NoOp, "{step:?}");
        let mut wrong = exact.clone();
        wrong["Condition"]["StringEquals"] = json!({"x:sub": "system:serviceaccount:kube-system:other"});
        let err = plan_adopted_role(&spec, Some(&role_state(vec![wrong.clone()], &cfn)), true).unwrap_err();
        assert!(err.to_string().contains("CloudFormation stack eksctl-demo-addon-iamserviceaccount-x"), "{err}");
        let err = plan_adopted_role(&spec, Some(&role_state(vec![wrong.clone()], &[])), false).unwrap_err();
        assert!(err.to_string().contains("--adopt-role"), "{err}");
        let step = plan_adopted_role(&spec, Some(&role_state(vec![wrong], &[])), true).unwrap();
        assert_eq!(step.action, Action::Update);
        assert!(plan_adopted_role(&spec, None, false).unwrap_err().to_string().contains("does not exist"));
    }

    #[test]
    fn plan_noop_when_trust_policy_equal_modulo_list_shapes() {
        let spec = role_spec();
        let mut s = spec.principal.statement();
        s["Action"] = json!(["sts:AssumeRoleWithWebIdentity"]);
        s["Sid"] = json!("x");
        let step = plan_role(&spec, Some(&role_state(vec![s], &[])), false).unwrap();
        assert_eq!(step.action, Action::NoOp);
    }

    #[test]
    fn trust_without_aud_is_repaired_and_other_clusters_are_kept() {
        let spec = role_spec();
        let mut broken = spec.principal.statement();
        broken["Condition"]["StringEquals"].as_object_mut().unwrap().retain(|k, _| k.ends_with(":sub"));
        let other = json!({"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/other"},
            "Action": "sts:AssumeRoleWithWebIdentity"});
        let step = plan_role(&spec, Some(&role_state(vec![broken, other.clone()], &[])), false).unwrap();
        assert_eq!(step.action, Action::Update);
        let Op::UpdateTrust { trust, .. } = &step.op else { panic!("{:?}", step.op) };
        let trust: Value = serde_json::from_str(trust).unwrap();
        let statements = statements_of(&trust);
        assert_eq!(statements.len(), 2);
        assert!(statements.contains(&other));
        assert!(statements.iter().any(|s| statements_equal(s, &spec.principal.statement())));
    }

    #[test]
    fn foreign_role_is_refused_unless_adopted() {
        let spec = role_spec();
        let foreign =
            json!({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"});
        let err = plan_role(&spec, Some(&role_state(vec![foreign.clone()], &[])), false).unwrap_err();
        assert!(err.to_string().contains("--adopt-role"), "{err}");
        let step = plan_role(&spec, Some(&role_state(vec![foreign.clone()], &[])), true).unwrap();
        assert_eq!(step.action, Action::Update);
        let ours = role_state(vec![foreign], &[("managed-by", "albctl"), ("albctl.io/cluster", "demo")]);
        assert_eq!(plan_role(&spec, Some(&ours), false).unwrap().action, Action::Update);
    }

    #[test]
    fn missing_role_is_created_with_one_statement() {
        let step = plan_role(&role_spec(), None, false).unwrap();
        let Op::CreateRole { trust, .. } = &step.op else { panic!() };
        let trust: Value = serde_json::from_str(trust).unwrap();
        assert_eq!(statements_of(&trust).len(), 1);
    }

    #[test]
    fn pod_identity_trust_replaces_only_its_statement() {
        let mut spec = role_spec();
        spec.principal = TrustPrincipal::PodIdentity;
        let step = plan_role(&spec, None, false).unwrap();
        let Op::CreateRole { trust, .. } = &step.op else { panic!() };
        assert!(trust.contains("pods.eks.amazonaws.com") && trust.contains("sts:TagSession"));
    }

    fn policy_state(doc: Value, versions: usize) -> PolicyState {
        PolicyState {
            arn: "arn:aws:iam::1:policy/P".into(),
            default_version_id: format!("v{versions}"),
            document: doc,
            versions: (1..=versions)
                .map(|i| PolicyVersionInfo { version_id: format!("v{i}"), is_default: i == versions, created: None })
                .collect(),
            tags: BTreeMap::new(),
        }
    }

    #[test]
    fn policy_noop_when_equal_and_create_when_absent() {
        let spec = desired_policy(Partition::Aws, "1", Some("demo"), "P");
        assert_eq!(plan_policy(&spec, None, false).unwrap().action, Action::Create);
        let state = policy_state(spec.document.clone(), 1);
        assert_eq!(plan_policy(&spec, Some(&state), false).unwrap().action, Action::NoOp);
    }

    #[test]
    fn policy_missing_actions_get_new_version_deleting_oldest_at_limit() {
        let spec = desired_policy(Partition::Aws, "1", Some("demo"), "P");
        let mut doc = spec.document.clone();
        strip_action(&mut doc, "elasticloadbalancing:DescribeListenerAttributes");
        let step = plan_policy(&spec, Some(&policy_state(doc.clone(), 5)), false).unwrap();
        assert_eq!(step.action, Action::Update);
        assert!(
            step.details.iter().any(|d| d == "+ elasticloadbalancing:DescribeListenerAttributes"),
            "{:?}",
            step.details
        );
        let Op::NewPolicyVersion { delete_first, .. } = &step.op else { panic!() };
        assert_eq!(delete_first.as_deref(), Some("v1"));
        let step = plan_policy(&spec, Some(&policy_state(doc, 2)), false).unwrap();
        let Op::NewPolicyVersion { delete_first, .. } = &step.op else { panic!() };
        assert_eq!(delete_first, &None);
    }

    #[test]
    fn policy_refuses_to_drop_permissions_without_force() {
        let spec = desired_policy(Partition::Aws, "1", Some("demo"), "P");
        let mut doc = spec.document.clone();
        strip_action(&mut doc, "elasticloadbalancing:DescribeListenerAttributes");
        doc["Statement"]
            .as_array_mut()
            .unwrap()
            .push(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}));
        let err = plan_policy(&spec, Some(&policy_state(doc.clone(), 1)), false).unwrap_err();
        assert!(err.to_string().contains("--force-policy"), "{err}");
        let step = plan_policy(&spec, Some(&policy_state(doc, 1)), true).unwrap();
        assert!(step.details.iter().any(|d| d.starts_with("- s3:")), "{:?}", step.details);
    }

    fn strip_action(doc: &mut Value, action: &str) {
        for s in doc["Statement"].as_array_mut().unwrap() {
            if let Some(Value::Array(actions)) = s.get_mut("Action") {
                actions.retain(|a| a != action);
            }
        }
    }

    fn classified(id: &str, az: &str, scheme: Scheme, tags: &[(&str, &str)]) -> ClassifiedSubnet {
        ClassifiedSubnet {
            subnet: SubnetState {
                id: id.into(),
                vpc_id: "vpc-1".into(),
                availability_zone: az.into(),
                cidr: None,
                available_ips: Some(200),
                tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
                map_public_ip_on_launch: false,
            },
            scheme,
            evidence: "test".into(),
        }
    }

    #[test]
    fn subnet_tags_added_fixed_and_left_alone() {
        let spec = SubnetTagSpec { cluster: "demo".into(), cluster_tag: None };
        let subnets = [
            classified("subnet-1", "a", Scheme::Public, &[]),
            classified("subnet-2", "b", Scheme::Public, &[("kubernetes.io/role/elb", "true")]),
            classified(
                "subnet-3",
                "a",
                Scheme::Private,
                &[("kubernetes.io/role/internal-elb", "1"), ("kubernetes.io/cluster/other", "shared")],
            ),
            classified("subnet-4", "b", Scheme::Private, &[("kubernetes.io/role/internal-elb", "")]),
        ];
        let plan = plan_subnet_tags(&spec, &subnets);
        let step = |id: &str| plan.steps.iter().find(|s| s.id == id).unwrap();
        assert_eq!(step("subnet-1").action, Action::Create);
        let Op::TagSubnet { tags, .. } = &step("subnet-1").op else { panic!() };
        assert_eq!(tags.get("kubernetes.io/role/elb").map(String::as_str), Some("1"));
        assert_eq!(tags.get("albctl.io/subnet-tags/demo").map(String::as_str), Some("kubernetes.io/role/elb"));
        assert!(!tags.keys().any(|k| k.starts_with("kubernetes.io/cluster/")));
        assert_eq!(step("subnet-2").action, Action::Update);
        let Op::TagSubnet { tags, .. } = &step("subnet-2").op else { panic!() };
        assert!(!tags.contains_key("albctl.io/subnet-tags/demo"), "a fixed value is not recorded as added");
        assert_eq!(step("subnet-3").action, Action::Update, "shared with another cluster: this cluster's tag joins");
        let Op::TagSubnet { tags, .. } = &step("subnet-3").op else { panic!() };
        assert_eq!(tags.get("kubernetes.io/cluster/demo").map(String::as_str), Some("shared"));
        assert_eq!(tags.get("albctl.io/subnet-tags/demo").map(String::as_str), Some("kubernetes.io/cluster/demo"));
        assert!(!tags.contains_key("kubernetes.io/cluster/other"));
        assert_eq!(step("subnet-4").action, Action::NoOp);
    }

    #[test]
    fn subnet_owned_by_another_cluster_is_left_alone_and_not_counted() {
        let spec = SubnetTagSpec { cluster: "demo".into(), cluster_tag: None };
        let subnets = [
            classified("subnet-1", "a", Scheme::Public, &[("kubernetes.io/role/elb", "1")]),
            classified("subnet-2", "b", Scheme::Public, &[("kubernetes.io/cluster/other", "owned")]),
            classified("subnet-3", "c", Scheme::Public, &[("kubernetes.io/role/elb", "1")]),
        ];
        let plan = plan_subnet_tags(&spec, &subnets);
        let step = plan.steps.iter().find(|s| s.id == "subnet-2").unwrap();
        assert_eq!(step.action, Action::NoOp);
        assert!(
            step.reason.contains("owned by cluster other") && step.reason.contains("left alone"),
            "{}",
            step.reason
        );
        assert!(plan.warnings.iter().any(|w| w.contains("subnet-2") && w.contains("owned")), "{:?}", plan.warnings);
        assert!(
            !plan.warnings.iter().any(|w| w.contains("public subnet AZ")),
            "two other AZs remain: {:?}",
            plan.warnings
        );
        let only_one = plan_subnet_tags(&spec, &subnets[..2]);
        assert!(only_one.warnings.iter().any(|w| w.contains("1 public subnet AZ(s)")), "{:?}", only_one.warnings);
    }

    #[test]
    fn cluster_tag_only_when_asked_and_never_touches_other_clusters() {
        let spec = SubnetTagSpec { cluster: "demo".into(), cluster_tag: Some(crate::model::ClusterTag::Shared) };
        let subnets = [classified(
            "subnet-1",
            "a",
            Scheme::Public,
            &[("kubernetes.io/role/elb", "1"), ("kubernetes.io/cluster/other", "owned")],
        )];
        let plan = plan_subnet_tags(&spec, &subnets);
        let Op::TagSubnet { tags, .. } = &plan.steps[0].op else { panic!() };
        assert_eq!(tags.get("kubernetes.io/cluster/demo").map(String::as_str), Some("shared"));
        assert!(!tags.contains_key("kubernetes.io/cluster/other"));
        assert!(plan.steps[0].details.iter().any(|d| d.contains("other")));
    }

    #[test]
    fn fewer_than_two_azs_warns() {
        let spec = SubnetTagSpec { cluster: "demo".into(), cluster_tag: None };
        let plan = plan_subnet_tags(&spec, &[classified("subnet-1", "a", Scheme::Public, &[])]);
        assert!(plan.warnings.iter().any(|w| w.contains("public subnet AZ")), "{:?}", plan.warnings);
    }

    #[test]
    fn oidc_missing_client_id_is_added() {
        let spec = desired_oidc(Partition::Aws, "1", "demo", ISSUER);
        let state =
            OidcProviderState { arn: spec.arn.clone(), client_ids: vec!["other".into()], tags: BTreeMap::new() };
        let step = plan_oidc(&spec, Some(&state));
        assert_eq!(step.action, Action::Update);
        assert_eq!(
            step.op,
            Op::AddOidcClientIds { arn: spec.arn.clone(), client_ids: vec!["sts.amazonaws.com".into()] }
        );
    }
}
