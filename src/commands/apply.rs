//! `albctl apply`: server-side apply of the rendered controller manifests (CRDs first, webhooks
//! once the controller is ready); `--dry-run=server` asks the API server without persisting.

use crate::cli::{ApplyArgs, GlobalArgs};
use crate::controller::{self, ControllerInputs};
use crate::model::Mode;
use crate::model::names::{Naming, adopted_role};
use crate::output::ExitStatus;
use crate::{context, error::AlbctlError};

/// Runs `albctl apply`.
pub async fn run(global: &GlobalArgs, args: &ApplyArgs) -> anyhow::Result<ExitStatus> {
    let naming = Naming {
        namespace: args.namespace.clone(),
        service_account: args.service_account.clone(),
        role_arn: args.role_arn.clone(),
        ..Naming::default()
    };
    let target = context::target(global, true, naming)?;
    let mode = match args.dry_run.as_deref() {
        None => Mode::Apply,
        Some("server") => Mode::DryRun,
        Some(other) => {
            return Err(AlbctlError::usage(format!(
                "--dry-run={other} is not supported; use --dry-run=server (the API server validates without persisting)"
            )));
        }
    };
    let mut ctx = target.resolve().await?;
    // NB: with --adopt (or after it) the role is the one the ServiceAccount names, as for setup.
    if args.role_arn.is_none() {
        let sa = controller::read_service_account(&ctx).await?;
        if let Some(arn) = adopted_role(sa.as_ref(), args.adopt.adopt, &ctx.account, &ctx.names)? {
            ctx = ctx.adopting(&arn);
        }
    }
    let inputs = ControllerInputs {
        timeout: args.timeout,
        rotate_webhook_cert: args.rotate_webhook_cert,
        override_existing_serviceaccounts: args.override_existing_serviceaccounts,
        adopt: args.adopt.adopt,
        forget_helm_release: args.adopt.forget_helm_release,
        gateway: controller::gateway::GatewayFlags::from_args(&args.controller, &args.gateway),
        ..ControllerInputs::new(&args.controller, mode)
    };
    let (doc, error) = controller::apply_controller(&ctx, &inputs).await?;
    ctx.output.emit_result(&doc, |style| controller::render_text(&doc, style), error)?;
    Ok(ExitStatus::Success)
}
