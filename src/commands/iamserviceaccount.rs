//! `albctl iamserviceaccount create`: the controller's IAM role (exact trust, policy
//! attached) and, without `--role-only`, its ServiceAccount annotated with the role.

use crate::cli::{ControllerArgs, GlobalArgs, IamServiceAccountCommand, Identity};
use crate::context;
use crate::model;
use crate::output::ExitStatus;

use super::apply::{self, ControllerInputs};
use super::converge::{self, Mode, Parts};

/// Runs `albctl iamserviceaccount ...`.
pub async fn run(global: &GlobalArgs, command: &IamServiceAccountCommand) -> anyhow::Result<ExitStatus> {
    let IamServiceAccountCommand::Create(args) = command;
    let cluster = context::cluster_name(global)?;
    let inputs = converge::identity_inputs(&args.identity, None);
    converge::validate_inputs(&inputs)?;
    let ctx = context::resolve(global, true).await?;
    let parts = Parts { policy: true, role: true, ..Parts::default() };
    let mode = Mode::from_args(&args.plan);
    if args.role_only {
        return converge::converge("iamserviceaccount create", global, &ctx, parts, &inputs, mode).await;
    }
    let (aws, error) = converge::run("iamserviceaccount create", &ctx, parts, &inputs, mode).await?;
    if let Some(e) = error {
        converge::print(global, &aws)?;
        return Err(e);
    }
    let role_arn = (args.identity.identity == Identity::Irsa).then(|| {
        model::role_arn(ctx.partition, &ctx.account, &converge::role_name(&args.identity, &cluster).unwrap_or_default())
    });
    let controller =
        ControllerArgs { values: vec![], image_registry: None, image: None, vpc_id: None, gateway_api: false };
    let controller_inputs = ControllerInputs {
        controller: &controller,
        namespace: &args.identity.names.namespace,
        service_account: &args.identity.names.service_account,
        role_arn,
        timeout: std::time::Duration::from_secs(60),
        rotate_webhook_cert: false,
        override_existing_serviceaccounts: args.identity.override_existing_serviceaccounts,
        dry_run: mode != Mode::Apply,
        service_account_only: true,
    };
    let (sa, error) = apply::apply_controller(&ctx, global, &controller_inputs).await?;
    super::setup::finish(global, super::setup::SetupDoc { aws, controller: sa }, error, mode)
}
