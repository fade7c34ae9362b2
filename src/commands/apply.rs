//! `albctl apply`: server-side apply of the rendered controller manifests (CRDs first, webhooks
//! once the controller is ready); `--dry-run=server` asks the API server without persisting.

use crate::cli::{ApplyArgs, GlobalArgs};
use crate::context;
use crate::controller;
use crate::model;
use crate::output::{self, ExitStatus, Style};

/// Runs `albctl apply`.
pub async fn run(global: &GlobalArgs, args: &ApplyArgs) -> anyhow::Result<ExitStatus> {
    let cluster = context::cluster_name(global)?;
    model::validate_k8s_name("--namespace", &args.namespace)?;
    model::validate_k8s_name("--service-account", &args.service_account)?;
    let dry_run = match args.dry_run.as_deref() {
        None => false,
        Some("server") => true,
        Some(other) => {
            return Err(crate::error::AlbctlError::usage(format!(
                "--dry-run={other} is not supported; use --dry-run=server (the API server validates without persisting)"
            )));
        }
    };
    let ctx = context::resolve(global, true).await?;
    // NB: with --adopt (or after it) the role is the one the ServiceAccount names.
    let adopted = match &args.role_arn {
        Some(_) => None,
        None => {
            let sa = controller::read_service_account(&ctx, global, &args.namespace, &args.service_account).await?;
            model::ownership::adopted_role_arn(sa.as_ref(), args.adopt.adopt)
        }
    };
    let role_arn = args
        .role_arn
        .clone()
        .or(adopted.clone())
        .unwrap_or_else(|| model::role_arn(ctx.partition, &ctx.account, &model::default_role_name(&cluster)));
    let inputs = controller::ControllerInputs {
        controller: &args.controller,
        namespace: &args.namespace,
        service_account: &args.service_account,
        role_arn: Some(role_arn),
        timeout: args.timeout,
        rotate_webhook_cert: args.rotate_webhook_cert,
        override_existing_serviceaccounts: args.override_existing_serviceaccounts,
        dry_run,
        service_account_only: false,
        adopt: args.adopt.adopt,
        forget_helm_release: args.adopt.forget_helm_release,
        adopted_role: adopted.is_some(),
    };
    let (doc, error) = controller::apply_controller(&ctx, global, &inputs).await?;
    let style = Style::new(output::stdout_color(global.color));
    output::emit_result(global.output, &doc, || controller::render_text(&doc, style), error)?;
    Ok(ExitStatus::Success)
}
