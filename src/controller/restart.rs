//! Restarting the running controller onto what changed under it (new credentials after a move
//! between IRSA and Pod Identity), and waiting until it is ready again.

use std::time::Duration;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::time::Instant;

use super::render;
use crate::context::Context;
use crate::kube::{rollout, wait};
use crate::model::ROLE_ARN_ANNOTATION;
use crate::progress::Progress;

/// Rolls the controller's pods with `reason` recorded on their template, then waits (up to
/// `timeout`) until the Deployment is Available again and its webhook Service has endpoints.
pub async fn restart(ctx: &Context, reason: &str, timeout: Duration) -> anyhow::Result<()> {
    let kube = ctx.kube().await?;
    let namespace = ctx.names.namespace.as_str();
    let at = OffsetDateTime::now_utc().format(&Rfc3339)?;
    rollout::restart_deployment(kube.client().await?, namespace, render::DEPLOYMENT_NAME, &at, reason).await?;
    let progress = Progress::new(&ctx.output);
    let deadline = Instant::now() + timeout;
    let ready = wait::controller_ready(
        kube,
        namespace,
        render::DEPLOYMENT_NAME,
        render::WEBHOOK_SERVICE_NAME,
        deadline,
        timeout,
        &progress,
    )
    .await;
    progress.finish();
    ready
}

/// Removes the IRSA role annotation from the controller's ServiceAccount when it is still there
/// after the apply (another tool set it, so albctl's apply did not own it); true when it did.
pub async fn remove_role_annotation(ctx: &Context) -> anyhow::Result<bool> {
    let Some(sa) = super::read_service_account(ctx).await? else { return Ok(false) };
    if sa["metadata"]["annotations"][ROLE_ARN_ANNOTATION].is_null() {
        return Ok(false);
    }
    let client = ctx.kube().await?.client().await?;
    rollout::remove_service_account_annotation(
        client,
        &ctx.names.namespace,
        &ctx.names.service_account,
        ROLE_ARN_ANNOTATION,
    )
    .await?;
    Ok(true)
}
