//! `albctl setup`: the whole chain, converging. Today: the AWS half (`--skip-controller`).

use crate::cli::{GlobalArgs, Identity, SetupArgs};
use crate::context;
use crate::error::AlbctlError;
use crate::output::ExitStatus;

use super::converge::{self, Mode, Parts};

/// Runs `albctl setup`.
pub async fn run(global: &GlobalArgs, args: &SetupArgs) -> anyhow::Result<ExitStatus> {
    let cluster = context::cluster_name(global)?;
    let inputs = converge::identity_inputs(&args.identity, Some(&args.subnets));
    converge::validate_inputs(&inputs, Some(&cluster))?;
    if !args.skip_controller {
        return Err(AlbctlError::NotImplemented {
            command: "setup (the Kubernetes half); run `albctl setup --skip-controller` for the AWS half".into(),
        }
        .into());
    }
    let ctx = context::resolve(global, true).await?;
    let parts = Parts { oidc: args.identity.identity == Identity::Irsa, policy: true, role: true, subnets: true };
    converge::converge("setup", global, &ctx, parts, &inputs, Mode::from_args(&args.plan)).await
}
