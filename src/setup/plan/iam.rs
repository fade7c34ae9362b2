//! The IAM steps: the OIDC provider, the controller's policy, its role (new, adopted, or moving
//! between IRSA and Pod Identity), the attachment and the Pod Identity association.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Action, MAX_POLICY_VERSIONS, Op, Resource, Step};
use crate::error::AlbctlError;
use crate::model::observed::{OidcProviderState, PodIdentityAssociationState, PolicyState, RoleState};
use crate::model::trust::{TrustPrincipal, describe_principals, statement_line, statements_equal, statements_of};
use crate::model::{CLUSTER_NAME_TAG, MANAGED_BY_TAG, POD_IDENTITY_USER_TAG_PREFIX};
use crate::setup::desired::{OidcSpec, PolicySpec, RoleSpec};

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
        details.push(format!("replace statement {}", statement_line(old)));
    }
    details.push(format!("with {}", statement_line(&ours)));
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
        details: gone.iter().map(|s| format!("remove statement {}", statement_line(s))).collect(),
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
