//! `albctl oidc associate|show`: the cluster's IAM OIDC identity provider.

use serde::Serialize;

use crate::aws;
use crate::cli::{GlobalArgs, OidcCommand};
use crate::context;
use crate::model::{self, STS_AUDIENCE};
use crate::output::{self, ExitStatus};

use crate::setup::{self, Inputs, Parts};

/// Runs `albctl oidc ...`.
pub async fn run(global: &GlobalArgs, command: &OidcCommand) -> anyhow::Result<ExitStatus> {
    match command {
        OidcCommand::Associate(plan) => {
            let ctx = context::resolve(global, true).await?;
            let inputs = Inputs {
                policy_name: model::DEFAULT_POLICY_NAME,
                force_policy: false,
                identity: None,
                subnets: None,
                adopted_role: false,
                pod_identity_seen: None,
            };
            let parts = Parts { oidc: true, ..Parts::default() };
            setup::converge("oidc associate", &ctx, parts, &inputs, plan.mode()).await
        }
        OidcCommand::Show => show(global).await,
    }
}

#[derive(Serialize)]
struct OidcDoc {
    cluster: String,
    issuer: String,
    provider_arn: String,
    exists: bool,
    client_ids: Vec<String>,
    has_sts_audience: bool,
    created_by_albctl: bool,
}

async fn show(global: &GlobalArgs) -> anyhow::Result<ExitStatus> {
    let ctx = context::resolve(global, true).await?;
    let issuer = ctx.issuer()?.to_string();
    let arn = model::oidc_provider_arn(ctx.partition, &ctx.account, &issuer);
    let found = aws::iam::find_oidc_provider(&ctx.aws.iam, &arn).await?;
    let doc = OidcDoc {
        cluster: ctx.cluster().name.clone(),
        issuer,
        provider_arn: arn,
        exists: found.is_some(),
        client_ids: found.as_ref().map(|p| p.client_ids.clone()).unwrap_or_default(),
        has_sts_audience: found.as_ref().is_some_and(|p| p.client_ids.iter().any(|c| c == STS_AUDIENCE)),
        created_by_albctl: found
            .as_ref()
            .is_some_and(|p| p.tags.get(model::MANAGED_BY_TAG.0).is_some_and(|v| v == model::MANAGED_BY_TAG.1)),
    };
    output::emit(global.output, &doc, || {
        let mut s = format!(
            "cluster:       {}\nissuer:        {}\nprovider:      {}\n",
            doc.cluster, doc.issuer, doc.provider_arn
        );
        if doc.exists {
            s.push_str(&format!(
                "status:        exists{}\nclient ids:    {}\n",
                if doc.created_by_albctl { " (created by albctl)" } else { "" },
                doc.client_ids.join(", ")
            ));
            if !doc.has_sts_audience {
                s.push_str("warning: client id sts.amazonaws.com is missing: run `albctl oidc associate`\n");
            }
        } else {
            s.push_str(&format!("status:        missing: run `albctl oidc associate --cluster {}`\n", doc.cluster));
        }
        s
    })?;
    Ok(ExitStatus::Success)
}
