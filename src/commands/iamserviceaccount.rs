//! `albctl iamserviceaccount create`: the controller's IAM role (exact trust, policy
//! attached) and, without `--role-only`, its annotated ServiceAccount.

use crate::cli::{GlobalArgs, IamServiceAccountCommand};
use crate::context;
use crate::error::AlbctlError;
use crate::output::ExitStatus;

use super::converge::{self, Mode, Parts};

/// Runs `albctl iamserviceaccount ...`.
pub async fn run(global: &GlobalArgs, command: &IamServiceAccountCommand) -> anyhow::Result<ExitStatus> {
    let IamServiceAccountCommand::Create(args) = command;
    let cluster = context::cluster_name(global)?;
    let inputs = converge::identity_inputs(&args.identity, None);
    converge::validate_inputs(&inputs, Some(&cluster))?;
    if !args.role_only {
        return Err(AlbctlError::NotImplemented {
            command: "iamserviceaccount create (the ServiceAccount half); pass --role-only for the IAM role".into(),
        }
        .into());
    }
    let ctx = context::resolve(global, true).await?;
    let parts = Parts { policy: true, role: true, ..Parts::default() };
    converge::converge("iamserviceaccount create", global, &ctx, parts, &inputs, Mode::from_args(&args.plan)).await
}
