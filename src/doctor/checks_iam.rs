//! Checks of the OIDC provider and the controller's IAM role, trust and policy (pure).

use serde_json::{Map, Value};

use super::Verdict;
use super::facts::{Facts, RolePolicy};
use crate::model::observed::RoleState;
use crate::model::trust::string_or_list;
use crate::model::{self, STS_AUDIENCE};
use crate::policy;

const SERVICE_LINKED_ROLE_ACTION: &str = "iam:CreateServiceLinkedRole";

fn provider_arn(facts: &Facts) -> Option<String> {
    let issuer = facts.aws.cluster.issuer.as_deref().filter(|i| !i.is_empty())?;
    Some(model::oidc_provider_arn(facts.target.partition, &facts.target.account, issuer))
}

/// OIDC001.
pub fn oidc_provider_exists(facts: &Facts) -> Verdict {
    if super::checks_pod_identity::uses_pod_identity(facts) {
        return Verdict::skipped("the install uses EKS Pod Identity (judged by IAM010-IAM014)");
    }
    let Some(arn) = provider_arn(facts) else {
        return Verdict::fail(format!(
            "cluster {} has no OIDC issuer in DescribeCluster, so IRSA cannot work",
            facts.target.cluster
        ))
        .with_fix(
            "use EKS Pod Identity: albctl setup --cluster {cluster} --identity pod-identity"
                .replace("{cluster}", &facts.target.cluster),
        );
    };
    match facts.aws.oidc_provider.get() {
        Err(why) => Verdict::skipped(why),
        Ok(Some(p)) => Verdict::pass(p.arn.clone()),
        Ok(None) => Verdict::fail(format!("no IAM OIDC provider {arn}")),
    }
}

/// OIDC002.
pub fn oidc_client_id(facts: &Facts) -> Verdict {
    if super::checks_pod_identity::uses_pod_identity(facts) {
        return Verdict::skipped("the install uses EKS Pod Identity (judged by IAM010-IAM014)");
    }
    match facts.aws.oidc_provider.get() {
        Err(why) => Verdict::skipped(why),
        Ok(None) => Verdict::skipped("no OIDC provider (OIDC001)"),
        Ok(Some(p)) if p.client_ids.iter().any(|c| c == STS_AUDIENCE) => {
            Verdict::pass(format!("client ids: {}", p.client_ids.join(", ")))
        }
        Ok(Some(p)) => Verdict::fail(format!(
            "{} lists client ids [{}], not {STS_AUDIENCE}: web identity tokens for STS are rejected",
            p.arn,
            p.client_ids.join(", ")
        )),
    }
}

fn role(facts: &Facts) -> Result<&RoleState, String> {
    match facts.aws.role.get()? {
        Some(role) => Ok(role),
        None => Err(format!("no role {} (IAM001)", facts.aws.role_name)),
    }
}

/// The role fix, with `--adopt-role` when albctl did not create the role.
fn role_fix(facts: &Facts, role: &RoleState) -> String {
    let mut fix = facts.render_fix(super::fixes::FIX_ROLE);
    if role.tags.get(model::MANAGED_BY_TAG.0).map(String::as_str) != Some(model::MANAGED_BY_TAG.1) {
        fix.push_str(" --adopt-role");
    }
    fix
}

/// IAM001.
pub fn role_exists(facts: &Facts) -> Verdict {
    let source = facts.aws.role_source.describe();
    match facts.aws.role.get() {
        Err(why) => Verdict::skipped(why),
        Ok(Some(role)) => Verdict::pass(format!("{} ({source})", role.arn)),
        Ok(None) => Verdict::fail(format!("no IAM role {} ({source})", facts.aws.role_name)),
    }
}

/// Web identity statements of a trust policy: `Allow` with `sts:AssumeRoleWithWebIdentity`.
fn web_identity_statements(trust: &Value) -> Vec<&Map<String, Value>> {
    let list: Vec<&Value> = match trust.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => vec![],
    };
    list.into_iter()
        .filter_map(Value::as_object)
        .filter(|s| s.get("Effect").and_then(Value::as_str) == Some("Allow"))
        .filter(|s| {
            string_or_list(s.get("Action"))
                .iter()
                .any(|a| policy::wildcard_matches(&a.to_ascii_lowercase(), "sts:assumerolewithwebidentity"))
        })
        .collect()
}

fn federated(statement: &Map<String, Value>) -> Vec<String> {
    string_or_list(statement.get("Principal").and_then(|p| p.get("Federated")))
}

/// The web identity statements that federate the cluster's provider.
fn our_statements<'a>(facts: &Facts, role: &'a RoleState) -> Result<Vec<&'a Map<String, Value>>, String> {
    let arn = provider_arn(facts).ok_or("the cluster has no OIDC issuer (OIDC001)")?;
    let ours: Vec<_> =
        web_identity_statements(&role.trust).into_iter().filter(|s| federated(s).contains(&arn)).collect();
    if ours.is_empty() {
        return Err("the trust has no statement for the cluster's provider (IAM002)".into());
    }
    Ok(ours)
}

/// `(operator, values)` of every condition on `key` in a statement.
fn condition_values(statement: &Map<String, Value>, key: &str) -> Vec<(String, Vec<String>)> {
    let Some(conditions) = statement.get("Condition").and_then(Value::as_object) else { return vec![] };
    conditions
        .iter()
        .filter_map(|(op, block)| {
            let block = block.as_object()?;
            let values =
                block.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| string_or_list(Some(v)))?;
            Some((op.clone(), values))
        })
        .collect()
}

fn issuer_key(facts: &Facts, claim: &str) -> Option<String> {
    let issuer = facts.aws.cluster.issuer.as_deref()?;
    Some(format!("{}:{claim}", model::issuer_host_path(issuer)))
}

fn wanted_subject(facts: &Facts) -> String {
    format!("system:serviceaccount:{}:{}", facts.target.namespace, facts.target.service_account)
}

fn is_pattern(value: &str) -> bool {
    value.contains('*') || value.contains('?')
}

/// IAM002.
pub fn trust_principal(facts: &Facts) -> Verdict {
    if super::checks_pod_identity::uses_pod_identity(facts) {
        return Verdict::skipped("the install uses EKS Pod Identity (judged by IAM010-IAM014)");
    }
    let role = match role(facts) {
        Ok(r) => r,
        Err(why) => return Verdict::skipped(why),
    };
    let Some(arn) = provider_arn(facts) else { return Verdict::skipped("the cluster has no OIDC issuer (OIDC001)") };
    let statements = web_identity_statements(&role.trust);
    if statements.iter().any(|s| federated(s).contains(&arn)) {
        return Verdict::pass(format!("{} trusts {arn}", role.name));
    }
    let seen: Vec<String> = statements.iter().flat_map(|s| federated(s)).collect();
    let evidence = if seen.is_empty() {
        format!("{} has no Allow statement for sts:AssumeRoleWithWebIdentity", role.name)
    } else {
        format!("{} federates [{}], not {arn}", role.name, seen.join(", "))
    };
    Verdict::fail(evidence).with_fix(role_fix(facts, role))
}

/// IAM003.
pub fn trust_subject(facts: &Facts) -> Verdict {
    if super::checks_pod_identity::uses_pod_identity(facts) {
        return Verdict::skipped("the install uses EKS Pod Identity (judged by IAM010-IAM014)");
    }
    let (role, ours) = match role(facts).and_then(|r| Ok((r, our_statements(facts, r)?))) {
        Ok(x) => x,
        Err(why) => return Verdict::skipped(why),
    };
    let key = issuer_key(facts, "sub").unwrap_or_default();
    let wanted = wanted_subject(facts);
    let mut seen = Vec::new();
    for statement in &ours {
        let conditions = condition_values(statement, &key);
        if conditions.is_empty() {
            // Any subject may assume: judged by IAM005.
            return Verdict::pass("no sub condition: every ServiceAccount is admitted (see IAM005)");
        }
        for (op, values) in conditions {
            let admits = values.iter().any(|v| match op.as_str() {
                "StringLike" | "ForAnyValue:StringLike" => policy::wildcard_matches(v, &wanted),
                _ => v == &wanted,
            });
            if admits {
                return Verdict::pass(format!("{op} {key} admits {wanted}"));
            }
            seen.push(format!("{op} {}", values.join(", ")));
        }
    }
    Verdict::fail(format!("{} admits sub [{}], not {wanted}", role.name, seen.join("; ")))
        .with_fix(role_fix(facts, role))
}

/// IAM004.
pub fn trust_audience(facts: &Facts) -> Verdict {
    if super::checks_pod_identity::uses_pod_identity(facts) {
        return Verdict::skipped("the install uses EKS Pod Identity (judged by IAM010-IAM014)");
    }
    let (role, ours) = match role(facts).and_then(|r| Ok((r, our_statements(facts, r)?))) {
        Ok(x) => x,
        Err(why) => return Verdict::skipped(why),
    };
    let key = issuer_key(facts, "aud").unwrap_or_default();
    let mut seen = Vec::new();
    for statement in &ours {
        let conditions = condition_values(statement, &key);
        if conditions.is_empty() {
            seen.push("no aud condition".to_string());
            continue;
        }
        for (op, values) in conditions {
            if values
                .iter()
                .any(|v| v == STS_AUDIENCE || (op.contains("Like") && policy::wildcard_matches(v, STS_AUDIENCE)))
            {
                return Verdict::pass(format!("{op} {key} = {STS_AUDIENCE}"));
            }
            seen.push(format!("{op} {}", values.join(", ")));
        }
    }
    if seen.iter().all(|s| s == "no aud condition") {
        return Verdict::warn(format!(
            "{} does not pin {key} to {STS_AUDIENCE}: tokens for any audience are accepted",
            role.name
        ))
        .with_fix(role_fix(facts, role));
    }
    Verdict::fail(format!(
        "{} admits aud [{}], not {STS_AUDIENCE}: the controller's token is rejected",
        role.name,
        seen.join("; ")
    ))
    .with_fix(role_fix(facts, role))
}

/// IAM005.
pub fn trust_not_wildcard(facts: &Facts) -> Verdict {
    if super::checks_pod_identity::uses_pod_identity(facts) {
        return Verdict::skipped("the install uses EKS Pod Identity (judged by IAM010-IAM014)");
    }
    let (role, ours) = match role(facts).and_then(|r| Ok((r, our_statements(facts, r)?))) {
        Ok(x) => x,
        Err(why) => return Verdict::skipped(why),
    };
    let key = issuer_key(facts, "sub").unwrap_or_default();
    for statement in &ours {
        let conditions = condition_values(statement, &key);
        if conditions.is_empty() {
            return Verdict::fail(format!(
                "{} has no {key} condition: every ServiceAccount in the cluster can assume it",
                role.name
            ))
            .with_fix(role_fix(facts, role));
        }
        for (op, values) in conditions {
            if let Some(pattern) = values.iter().find(|v| op.contains("Like") && is_pattern(v)) {
                return Verdict::fail(format!(
                    "{} admits {op} {key} = {pattern}: more ServiceAccounts than {} can assume it",
                    role.name,
                    wanted_subject(facts)
                ))
                .with_fix(role_fix(facts, role));
            }
        }
    }
    Verdict::pass(format!("{} admits exact subjects only", role.name))
}

fn role_policies(facts: &Facts) -> Result<&[RolePolicy], String> {
    role(facts)?;
    facts.aws.role_policies.get().map(Vec::as_slice)
}

/// All statements of the role's policies as one document.
fn combined(policies: &[RolePolicy]) -> Value {
    let statements: Vec<Value> = policies
        .iter()
        .flat_map(|p| match p.document.get("Statement") {
            Some(Value::Array(items)) => items.clone(),
            Some(one) => vec![one.clone()],
            None => vec![],
        })
        .collect();
    serde_json::json!({ "Version": "2012-10-17", "Statement": statements })
}

fn ids(policies: &[RolePolicy]) -> String {
    if policies.is_empty() {
        return "none".into();
    }
    policies.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")
}

/// IAM006.
pub fn policy_attached(facts: &Facts) -> Verdict {
    let policies = match role_policies(facts) {
        Ok(p) => p,
        Err(why) => return Verdict::skipped(why),
    };
    let (granted, _) = policy::pinned_action_coverage(&combined(policies), facts.target.partition);
    if granted.iter().any(|a| a.starts_with("elasticloadbalancing:")) {
        return Verdict::pass(format!("policies: {}", ids(policies)));
    }
    Verdict::fail(format!(
        "role {} has no policy granting the controller's elasticloadbalancing actions (policies: {})",
        facts.aws.role_name,
        ids(policies)
    ))
}

/// IAM007.
pub fn policy_current(facts: &Facts) -> Verdict {
    let policies = match role_policies(facts) {
        Ok(p) => p,
        Err(why) => return Verdict::skipped(why),
    };
    let document = combined(policies);
    let (granted, missing) = policy::pinned_action_coverage(&document, facts.target.partition);
    if !granted.iter().any(|a| a.starts_with("elasticloadbalancing:")) {
        return Verdict::skipped("no controller policy attached (IAM006)");
    }
    let missing: Vec<String> = missing.into_iter().filter(|a| a != SERVICE_LINKED_ROLE_ACTION).collect();
    if missing.is_empty() {
        return Verdict::pass(format!("grants every action {} needs ({})", policy::CONTROLLER_VERSION, ids(policies)));
    }
    let revision = match policy::matching_revision_in(&document, facts.target.partition) {
        Some(r) if r.first_tag == r.last_tag => format!("matches upstream policy {}", r.first_tag),
        Some(r) => format!("matches upstream policy {} to {}", r.first_tag, r.last_tag),
        None => "older than every upstream v2 policy".into(),
    };
    let fix = match policies.iter().find(|p| p.id.ends_with(&format!(":policy/{}", facts.target.policy_name))) {
        Some(_) => facts.render_fix(super::fixes::FIX_POLICY),
        None => format!(
            "update the attached policy ({}) to the embedded one (albctl policy show), or attach albctl's: {}",
            ids(policies),
            facts.render_fix(super::fixes::FIX_ROLE)
        ),
    };
    Verdict::fail(format!(
        "{} ({}) {revision}; {} needs {} more action(s): {}",
        facts.aws.role_name,
        ids(policies),
        policy::CONTROLLER_VERSION,
        missing.len(),
        missing.join(", ")
    ))
    .with_fix(fix)
}

/// IAM008.
pub fn service_linked_role(facts: &Facts) -> Verdict {
    match facts.aws.elb_service_linked_role.get() {
        Err(why) => Verdict::skipped(why),
        Ok(true) => Verdict::pass("AWSServiceRoleForElasticLoadBalancing exists"),
        Ok(false) => {
            let policies = match role_policies(facts) {
                Ok(p) => p,
                Err(why) => {
                    return Verdict::skipped(format!(
                        "AWSServiceRoleForElasticLoadBalancing is missing and the role's policies are unknown: {why}"
                    ));
                }
            };
            let (granted, _) = policy::pinned_action_coverage(&combined(policies), facts.target.partition);
            if !granted.iter().any(|a| a.starts_with("elasticloadbalancing:")) {
                return Verdict::skipped("no controller policy attached (IAM006)");
            }
            if granted.iter().any(|a| a == SERVICE_LINKED_ROLE_ACTION) {
                Verdict::pass(
                    "AWSServiceRoleForElasticLoadBalancing is missing; the role may create it (iam:CreateServiceLinkedRole)",
                )
            } else {
                Verdict::fail(
                    "AWSServiceRoleForElasticLoadBalancing is missing and the role lacks iam:CreateServiceLinkedRole: \
                     the first load balancer fails",
                )
            }
        }
    }
}

/// IAM009.
pub fn aws_reads_allowed(facts: &Facts) -> Verdict {
    let denied: Vec<String> = facts
        .denied
        .iter()
        .filter(|d| !d.action.starts_with("kubernetes:"))
        .map(|d| format!("{} ({})", d.action, d.detail))
        .collect();
    if denied.is_empty() {
        return Verdict::pass(format!("as {}", facts.target.caller_arn));
    }
    Verdict::warn(format!(
        "{} was denied {}; the checks that need them were skipped, not judged",
        facts.target.caller_arn,
        denied.join("; ")
    ))
}
