//! The end of a move between IRSA and Pod Identity: once the controller runs on the new
//! credentials, the old ones go (the old principal's trust statement, and the association when
//! moving to IRSA). Reads the role only when the first plan did not already say its trust.

use serde_json::json;

use super::desired;
use super::plan::{self, Op, Plan};
use crate::aws;
use crate::context::Context;
use crate::model::Identity;
use crate::model::names::RoleFrom;
use crate::model::observed::PodIdentityAssociationState;
use crate::model::plan::Resource;
use crate::model::trust::TrustPrincipal;

/// The writes that finish a move off `from`, planned against the role's trust as the first
/// plan leaves it.
pub async fn plan_finish(
    ctx: &Context,
    first: &Plan,
    from: Identity,
    association: Option<&PodIdentityAssociationState>,
) -> anyhow::Result<Plan> {
    let written = first.steps.iter().find(|s| s.resource == Resource::IamRole).and_then(|s| match &s.op {
        Op::CreateRole { trust, .. } | Op::UpdateTrust { trust, .. } => Some(trust.clone()),
        _ => None,
    });
    let trust = match written {
        Some(text) => crate::policy::parse_document(&text)?,
        None => aws::iam::find_role(&ctx.aws.iam, &ctx.names.role_name).await?.map(|r| r.trust).unwrap_or(json!({})),
    };
    let cluster = ctx.cluster();
    let mut finish = Plan::default();
    let old = match from {
        Identity::Irsa => {
            let oidc = desired::desired_oidc(ctx.partition, &ctx.account, &cluster.name, ctx.issuer()?);
            desired::desired_irsa_principal(&oidc, &ctx.names.namespace, &ctx.names.service_account)
        }
        Identity::PodIdentity => {
            finish.steps.push(plan::plan_association_removal(&cluster.name, association));
            TrustPrincipal::PodIdentity
        }
    };
    if from == Identity::PodIdentity && ctx.names.role_from != RoleFrom::Default {
        // NB: one Pod Identity statement serves every cluster associated with the role.
        finish.warnings.push(format!(
            "role {} is named by --role-name and may serve other clusters through Pod Identity: its {} trust is kept",
            ctx.names.role_name,
            old.describe()
        ));
    } else {
        finish.steps.push(plan::plan_trust_removal(&ctx.names.role_name, &ctx.names.role_arn, &trust, &old));
    }
    Ok(finish)
}
