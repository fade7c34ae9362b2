//! `albctl setup`: the whole chain, converging: OIDC provider, policy, role, subnet tags, then
//! the controller (ServiceAccount annotated with the role, RBAC, webhook TLS, Deployment,
//! webhooks once it is ready). `--skip-controller` stops after the AWS half.

use serde::Serialize;

use crate::cli::{GlobalArgs, Identity, SetupArgs};
use crate::context;
use crate::model;
use crate::output::{self, ExitStatus, Style};

use super::apply::{self, ApplyDoc, ControllerInputs};
use super::converge::{self, ConvergeDoc, Mode, Parts};

/// Runs `albctl setup`.
pub async fn run(global: &GlobalArgs, args: &SetupArgs) -> anyhow::Result<ExitStatus> {
    let cluster = context::cluster_name(global)?;
    let inputs = converge::identity_inputs(&args.identity, Some(&args.subnets));
    converge::validate_inputs(&inputs)?;
    if !args.skip_controller {
        // NB: a bad values file must fail before the AWS half writes anything.
        let (values, _) = crate::render::Values::from_files(&args.controller.values)?;
        crate::render::check_image_choice(args.controller.image_registry, &values)?;
        if let Some(path) = global.kubeconfig.as_ref().filter(|p| !p.is_file()) {
            return Err(crate::error::AlbctlError::usage(format!(
                "--kubeconfig {}: no such file; give the path of a kubeconfig, or leave it out to use the cluster's endpoint",
                path.display()
            )));
        }
    }
    let mode = Mode::from_args(&args.plan);
    let ctx = context::resolve(global, true).await?;
    let parts = Parts { oidc: args.identity.identity == Identity::Irsa, policy: true, role: true, subnets: true };
    if args.skip_controller {
        return converge::converge("setup", global, &ctx, parts, &inputs, mode).await;
    }
    let (aws, error) = converge::run("setup", &ctx, parts, &inputs, mode).await?;
    if let Some(e) = error {
        converge::print(global, &aws)?;
        return Err(e);
    }
    let role_arn = match args.identity.identity {
        Identity::Irsa => {
            Some(model::role_arn(ctx.partition, &ctx.account, &converge::role_name(&args.identity, &cluster)?))
        }
        Identity::PodIdentity => None,
    };
    let controller_inputs = ControllerInputs {
        controller: &args.controller,
        namespace: &args.identity.names.namespace,
        service_account: &args.identity.names.service_account,
        role_arn,
        timeout: args.timeout,
        rotate_webhook_cert: args.rotate_webhook_cert,
        override_existing_serviceaccounts: args.identity.override_existing_serviceaccounts,
        dry_run: mode != Mode::Apply,
        service_account_only: false,
    };
    let (controller, error) = apply::apply_controller(&ctx, global, &controller_inputs).await?;
    finish(global, SetupDoc { aws, controller }, error, mode)
}

/// Prints the combined AWS + Kubernetes document and turns the outcome into an exit status.
pub fn finish(
    global: &GlobalArgs,
    doc: SetupDoc,
    error: Option<anyhow::Error>,
    mode: Mode,
) -> anyhow::Result<ExitStatus> {
    let style = Style::new(output::stdout_color(global.color));
    output::emit(global.output, &doc, || {
        format!("{}\n{}", converge::render_text(&doc.aws, style), apply::render_text(&doc.controller, style))
    })?;
    if let Some(e) = error {
        return Err(e);
    }
    Ok(if mode == Mode::Check && (doc.aws.changed || doc.controller.changed) {
        ExitStatus::Negative
    } else {
        ExitStatus::Success
    })
}

/// The result of a full setup: the AWS half and the controller half.
#[derive(Debug, Serialize)]
pub struct SetupDoc {
    /// AWS resources.
    #[serde(flatten)]
    pub aws: ConvergeDoc,
    /// Kubernetes objects.
    pub controller: ApplyDoc,
}
