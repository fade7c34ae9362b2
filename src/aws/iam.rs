//! IAM: the OIDC provider, the controller policy and the role. Reads by deterministic ARN/name.

use std::collections::BTreeMap;

use anyhow::Context as _;
use aws_sdk_iam::Client;
use aws_sdk_iam::types::Tag;

use super::api_error;
use crate::model::observed::{OidcProviderState, PolicyState, PolicyVersionInfo, RoleState};
use crate::policy::parse_document;

fn iam_tags(tags: &BTreeMap<String, String>) -> anyhow::Result<Vec<Tag>> {
    tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build().map_err(Into::into)).collect()
}

fn tag_map(tags: &[Tag]) -> BTreeMap<String, String> {
    super::tag_map(tags)
}

/// The OIDC provider with this ARN, if it exists.
pub async fn find_oidc_provider(iam: &Client, arn: &str) -> anyhow::Result<Option<OidcProviderState>> {
    match iam.get_open_id_connect_provider().open_id_connect_provider_arn(arn).send().await {
        Ok(out) => Ok(Some(OidcProviderState {
            arn: arn.to_string(),
            client_ids: out.client_id_list().to_vec(),
            tags: tag_map(out.tags()),
        })),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(None),
        Err(e) => Err(api_error("iam:GetOpenIDConnectProvider", e)),
    }
}

/// Creates the OIDC provider; an existing one (a concurrent run) counts as done.
pub async fn create_oidc_provider(
    iam: &Client,
    url: &str,
    client_ids: &[String],
    tags: &BTreeMap<String, String>,
) -> anyhow::Result<()> {
    let res = iam
        .create_open_id_connect_provider()
        .url(url)
        .set_client_id_list(Some(client_ids.to_vec()))
        .set_tags(Some(iam_tags(tags)?))
        .send()
        .await;
    match res {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_entity_already_exists_exception()) => Ok(()),
        Err(e) => Err(api_error("iam:CreateOpenIDConnectProvider", e)),
    }
}

/// Adds a client id (audience) to an OIDC provider.
pub async fn add_oidc_client_id(iam: &Client, arn: &str, client_id: &str) -> anyhow::Result<()> {
    iam.add_client_id_to_open_id_connect_provider()
        .open_id_connect_provider_arn(arn)
        .client_id(client_id)
        .send()
        .await
        .map_err(|e| api_error("iam:AddClientIDToOpenIDConnectProvider", e))?;
    Ok(())
}

/// The managed policy with this ARN and its default document, if it exists.
pub async fn find_policy(iam: &Client, arn: &str) -> anyhow::Result<Option<PolicyState>> {
    let policy = match iam.get_policy().policy_arn(arn).send().await {
        Ok(out) => out.policy.context("iam:GetPolicy answered without a policy")?,
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => return Ok(None),
        Err(e) => return Err(api_error("iam:GetPolicy", e)),
    };
    let default_version_id = policy.default_version_id().context("policy has no default version")?.to_string();
    let version = iam
        .get_policy_version()
        .policy_arn(arn)
        .version_id(&default_version_id)
        .send()
        .await
        .map_err(|e| api_error("iam:GetPolicyVersion", e))?;
    let raw = version.policy_version().and_then(|v| v.document()).context("policy version has no document")?;
    let document = parse_document(raw).with_context(|| format!("reading policy {arn} version {default_version_id}"))?;
    Ok(Some(PolicyState {
        arn: arn.to_string(),
        default_version_id,
        document,
        versions: vec![],
        tags: tag_map(policy.tags()),
    }))
}

/// Every version of a managed policy, oldest first.
pub async fn list_policy_versions(iam: &Client, arn: &str) -> anyhow::Result<Vec<PolicyVersionInfo>> {
    let out =
        iam.list_policy_versions().policy_arn(arn).send().await.map_err(|e| api_error("iam:ListPolicyVersions", e))?;
    let mut versions: Vec<(Option<i64>, PolicyVersionInfo)> = out
        .versions()
        .iter()
        .map(|v| {
            let created = v.create_date().map(|d| d.secs());
            (
                created,
                PolicyVersionInfo {
                    version_id: v.version_id().unwrap_or_default().to_string(),
                    is_default: v.is_default_version(),
                    created: v.create_date().map(|d| d.to_string()),
                },
            )
        })
        .collect();
    // NB: version ids are v1, v2, ... v10: order by creation time, then by number.
    versions.sort_by_key(|(created, v)| (*created, version_number(&v.version_id)));
    Ok(versions.into_iter().map(|(_, v)| v).collect())
}

fn version_number(id: &str) -> u64 {
    id.trim_start_matches('v').parse().unwrap_or(u64::MAX)
}

/// Creates the policy; returns false when it already existed (a concurrent run made it).
pub async fn create_policy(
    iam: &Client,
    name: &str,
    document: &str,
    description: &str,
    tags: &BTreeMap<String, String>,
) -> anyhow::Result<bool> {
    let res = iam
        .create_policy()
        .policy_name(name)
        .policy_document(document)
        .description(description)
        .set_tags(Some(iam_tags(tags)?))
        .send()
        .await;
    match res {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_entity_already_exists_exception()) => Ok(false),
        Err(e) => Err(api_error("iam:CreatePolicy", e)),
    }
}

/// Creates a new default version of a policy.
pub async fn create_policy_version(iam: &Client, arn: &str, document: &str) -> anyhow::Result<()> {
    iam.create_policy_version()
        .policy_arn(arn)
        .policy_document(document)
        .set_as_default(true)
        .send()
        .await
        .map_err(|e| api_error("iam:CreatePolicyVersion", e))?;
    Ok(())
}

/// Deletes a non-default policy version.
pub async fn delete_policy_version(iam: &Client, arn: &str, version_id: &str) -> anyhow::Result<()> {
    match iam.delete_policy_version().policy_arn(arn).version_id(version_id).send().await {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(()),
        Err(e) => Err(api_error("iam:DeletePolicyVersion", e)),
    }
}

/// The role with this name, its trust and attached policies, if it exists.
pub async fn find_role(iam: &Client, name: &str) -> anyhow::Result<Option<RoleState>> {
    let get = iam.get_role().role_name(name).send();
    let attached = list_attached_policies(iam, name);
    let (get, attached) = tokio::join!(get, attached);
    let role = match get {
        Ok(out) => out.role.context("iam:GetRole answered without a role")?,
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => return Ok(None),
        Err(e) => return Err(api_error("iam:GetRole", e)),
    };
    let raw = role.assume_role_policy_document().unwrap_or("{}");
    let trust = parse_document(raw).with_context(|| format!("reading the trust policy of role {name}"))?;
    Ok(Some(RoleState {
        name: name.to_string(),
        arn: role.arn().to_string(),
        trust,
        tags: tag_map(role.tags()),
        attached_policy_arns: attached?,
    }))
}

/// Whether a role with this name exists (GetRole only).
pub async fn role_exists(iam: &Client, name: &str) -> anyhow::Result<bool> {
    match iam.get_role().role_name(name).send().await {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(false),
        Err(e) => Err(api_error("iam:GetRole", e)),
    }
}

/// A role's inline policies, `(name, document)`.
pub async fn list_inline_policies(iam: &Client, role: &str) -> anyhow::Result<Vec<(String, serde_json::Value)>> {
    let names: Vec<String> = iam
        .list_role_policies()
        .role_name(role)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| api_error("iam:ListRolePolicies", e))?;
    let reads = names.into_iter().map(|name| async move {
        let out = iam
            .get_role_policy()
            .role_name(role)
            .policy_name(&name)
            .send()
            .await
            .map_err(|e| api_error("iam:GetRolePolicy", e))?;
        let document = parse_document(out.policy_document())
            .with_context(|| format!("reading inline policy {name} of role {role}"))?;
        Ok::<_, anyhow::Error>((name, document))
    });
    futures::future::try_join_all(reads).await
}

async fn list_attached_policies(iam: &Client, name: &str) -> anyhow::Result<Vec<String>> {
    let res = iam.list_attached_role_policies().role_name(name).into_paginator().items().send().try_collect().await;
    match res {
        Ok(policies) => Ok(policies.iter().filter_map(|p| p.policy_arn().map(str::to_string)).collect()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(vec![]),
        Err(e) => Err(api_error("iam:ListAttachedRolePolicies", e)),
    }
}

/// Outcome of CreateRole.
#[derive(Debug, PartialEq, Eq)]
pub enum CreateRoleOutcome {
    /// CreateRole succeeded: the role is new, with the trust, description and tags given.
    Created,
    /// A role with that name appeared meanwhile (a concurrent run).
    AlreadyExists,
    /// IAM rejected the trust's principal: a fresh OIDC provider is not visible yet.
    PrincipalNotYetVisible,
}

/// Creates a role with a trust policy.
pub async fn create_role(
    iam: &Client,
    name: &str,
    trust: &str,
    description: &str,
    tags: &BTreeMap<String, String>,
) -> anyhow::Result<CreateRoleOutcome> {
    let res = iam
        .create_role()
        .role_name(name)
        .assume_role_policy_document(trust)
        .description(description)
        .set_tags(Some(iam_tags(tags)?))
        .send()
        .await;
    match res {
        Ok(_) => Ok(CreateRoleOutcome::Created),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_entity_already_exists_exception()) => {
            Ok(CreateRoleOutcome::AlreadyExists)
        }
        Err(e) if is_invalid_principal(&e) => Ok(CreateRoleOutcome::PrincipalNotYetVisible),
        Err(e) => Err(api_error("iam:CreateRole", e)),
    }
}

/// Adds or replaces tags on a role.
pub async fn tag_role(iam: &Client, name: &str, tags: &BTreeMap<String, String>) -> anyhow::Result<()> {
    iam.tag_role()
        .role_name(name)
        .set_tags(Some(iam_tags(tags)?))
        .send()
        .await
        .map_err(|e| api_error("iam:TagRole", e))?;
    Ok(())
}

/// Removes tags (by key) from a role.
pub async fn untag_role(iam: &Client, name: &str, keys: &[String]) -> anyhow::Result<()> {
    iam.untag_role()
        .role_name(name)
        .set_tag_keys(Some(keys.to_vec()))
        .send()
        .await
        .map_err(|e| api_error("iam:UntagRole", e))?;
    Ok(())
}

fn is_invalid_principal<E: aws_smithy_types::error::metadata::ProvideErrorMetadata, R>(
    e: &aws_smithy_runtime_api::client::result::SdkError<E, R>,
) -> bool {
    e.as_service_error().is_some_and(|s| {
        s.code() == Some("MalformedPolicyDocument") && s.message().is_some_and(|m| m.contains("principal"))
    })
}

/// Replaces a role's trust policy; `Ok(false)` when IAM does not see the principal yet.
pub async fn update_trust(iam: &Client, name: &str, trust: &str) -> anyhow::Result<bool> {
    match iam.update_assume_role_policy().role_name(name).policy_document(trust).send().await {
        Ok(_) => Ok(true),
        Err(e) if is_invalid_principal(&e) => Ok(false),
        Err(e) => Err(api_error("iam:UpdateAssumeRolePolicy", e)),
    }
}

/// Attaches a managed policy; `Ok(false)` when IAM does not see the role or policy yet.
pub async fn attach_role_policy(iam: &Client, role: &str, policy_arn: &str) -> anyhow::Result<bool> {
    match iam.attach_role_policy().role_name(role).policy_arn(policy_arn).send().await {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(false),
        Err(e) => Err(api_error("iam:AttachRolePolicy", e)),
    }
}

/// The IAM entities a managed policy is attached to.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PolicyEntities {
    /// Names of the roles it is attached to (`PolicyRoles`).
    pub roles: Vec<String>,
    /// Names of the IAM users it is attached to (`PolicyUsers`).
    pub users: Vec<String>,
    /// Names of the IAM groups it is attached to (`PolicyGroups`).
    pub groups: Vec<String>,
}

/// Every role, user and group a managed policy is attached to.
pub async fn list_entities_for_policy(iam: &Client, arn: &str) -> anyhow::Result<PolicyEntities> {
    let pages: Vec<_> = iam
        .list_entities_for_policy()
        .policy_arn(arn)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| api_error("iam:ListEntitiesForPolicy", e))?;
    let mut out = PolicyEntities::default();
    for page in pages {
        out.roles.extend(page.policy_roles().iter().filter_map(|r| r.role_name().map(str::to_string)));
        out.users.extend(page.policy_users().iter().filter_map(|u| u.user_name().map(str::to_string)));
        out.groups.extend(page.policy_groups().iter().filter_map(|g| g.group_name().map(str::to_string)));
    }
    Ok(out)
}

/// Names of a role's inline policies (DeleteRole needs them gone first).
pub async fn list_role_inline_policies(iam: &Client, role: &str) -> anyhow::Result<Vec<String>> {
    let res = iam.list_role_policies().role_name(role).into_paginator().items().send().try_collect().await;
    match res {
        Ok(names) => Ok(names),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(vec![]),
        Err(e) => Err(api_error("iam:ListRolePolicies", e)),
    }
}

/// Names of the instance profiles a role is in.
pub async fn list_instance_profiles_for_role(iam: &Client, role: &str) -> anyhow::Result<Vec<String>> {
    let res = iam.list_instance_profiles_for_role().role_name(role).into_paginator().items().send().try_collect().await;
    match res {
        Ok(profiles) => Ok(profiles.iter().map(|p| p.instance_profile_name().to_string()).collect()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(vec![]),
        Err(e) => Err(api_error("iam:ListInstanceProfilesForRole", e)),
    }
}

/// Names of the roles whose trust policy names `provider_arn` as a `Federated` principal.
pub async fn list_roles_trusting(iam: &Client, provider_arn: &str) -> anyhow::Result<Vec<String>> {
    let roles: Vec<_> = iam
        .list_roles()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| api_error("iam:ListRoles", e))?;
    let mut out = Vec::new();
    for role in roles {
        let Some(raw) = role.assume_role_policy_document() else { continue };
        let trust =
            parse_document(raw).with_context(|| format!("reading the trust policy of role {}", role.role_name()))?;
        if crate::model::trust::statements_of(&trust).iter().any(|s| federates(s, provider_arn)) {
            out.push(role.role_name().to_string());
        }
    }
    Ok(out)
}

/// Whether a trust statement names this provider as a `Federated` principal.
pub fn federates(statement: &serde_json::Value, provider_arn: &str) -> bool {
    crate::model::trust::string_or_list(statement.get("Principal").and_then(|p| p.get("Federated")))
        .iter()
        .any(|f| f == provider_arn)
}

/// Detaches a managed policy from a role; one that is not attached (any more) is done.
pub async fn detach_role_policy(iam: &Client, role: &str, policy_arn: &str) -> anyhow::Result<()> {
    match iam.detach_role_policy().role_name(role).policy_arn(policy_arn).send().await {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(()),
        Err(e) => Err(api_error("iam:DetachRolePolicy", e)),
    }
}

/// Deletes one inline policy of a role; an absent one is done.
pub async fn delete_role_inline_policy(iam: &Client, role: &str, name: &str) -> anyhow::Result<()> {
    match iam.delete_role_policy().role_name(role).policy_name(name).send().await {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(()),
        Err(e) => Err(api_error("iam:DeleteRolePolicy", e)),
    }
}

/// Outcome of a delete that IAM may refuse while a detach has not settled.
#[derive(Debug, PartialEq, Eq)]
pub enum DeleteOutcome {
    /// The delete call succeeded: the role, policy or OIDC provider is gone.
    Deleted,
    /// It was already gone.
    Absent,
    /// IAM still sees something attached (DeleteConflict): retry shortly.
    Conflict,
}

/// Deletes a role (its managed policies detached and inline policies deleted before).
pub async fn delete_role(iam: &Client, name: &str) -> anyhow::Result<DeleteOutcome> {
    match iam.delete_role().role_name(name).send().await {
        Ok(_) => Ok(DeleteOutcome::Deleted),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(DeleteOutcome::Absent),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_delete_conflict_exception()) => Ok(DeleteOutcome::Conflict),
        Err(e) => Err(api_error("iam:DeleteRole", e)),
    }
}

/// Deletes a managed policy (its non-default versions deleted and every attachment removed
/// before).
pub async fn delete_policy(iam: &Client, arn: &str) -> anyhow::Result<DeleteOutcome> {
    match iam.delete_policy().policy_arn(arn).send().await {
        Ok(_) => Ok(DeleteOutcome::Deleted),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(DeleteOutcome::Absent),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_delete_conflict_exception()) => Ok(DeleteOutcome::Conflict),
        Err(e) => Err(api_error("iam:DeletePolicy", e)),
    }
}

/// Deletes an OIDC provider; an absent one is done.
pub async fn delete_oidc_provider(iam: &Client, arn: &str) -> anyhow::Result<DeleteOutcome> {
    match iam.delete_open_id_connect_provider().open_id_connect_provider_arn(arn).send().await {
        Ok(_) => Ok(DeleteOutcome::Deleted),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => Ok(DeleteOutcome::Absent),
        Err(e) => Err(api_error("iam:DeleteOpenIDConnectProvider", e)),
    }
}
