//! `albctl render`: the controller manifests as multi-document YAML on stdout, or one file per
//! object in `--output-dir` (files holding the webhook key are 0600). Offline when `--region`
//! and `--vpc-id` are given; otherwise DescribeCluster supplies them.

use std::io::Write;
use std::path::Path;

use time::OffsetDateTime;

use crate::cli::{GlobalArgs, RenderArgs};
use crate::context;
use crate::controller::render::{self, RenderInput, Values};
use crate::error::AlbctlError;
use crate::model::names::Naming;
use crate::model::{self, GatewayApiMode};
use crate::output::{self, ExitStatus};

/// Runs `albctl render`.
pub async fn run(global: &GlobalArgs, args: &RenderArgs) -> anyhow::Result<ExitStatus> {
    let naming = Naming {
        namespace: args.namespace.clone(),
        service_account: args.service_account.clone(),
        ..Naming::default()
    };
    let target = context::target(global, true, naming)?;
    let cluster = target.cluster().unwrap_or_default().to_string();
    let (mut values, warnings) =
        Values::from_files(&args.controller.values).map_err(|e| AlbctlError::usage(format!("{e:#}")))?;
    if let Some(class) = &args.controller.ingress_class {
        values.ingress_class = class.clone();
    }
    let gateway = args.controller.gateway_api.unwrap_or_default();
    if gateway == GatewayApiMode::Off {
        crate::controller::gateway::set_gates_off(&mut values.controller_config.feature_gates)?;
    }
    for w in warnings {
        tracing::warn!("{w}");
    }
    let offline = global.region.is_some() && args.controller.vpc_id.is_some();
    let (region, vpc_id, role_arn) = if offline {
        if args.role_arn.is_none() {
            tracing::warn!("no --role-arn given: the ServiceAccount has no eks.amazonaws.com/role-arn annotation");
        }
        (
            global.region.clone().unwrap_or_default(),
            args.controller.vpc_id.clone().unwrap_or_default(),
            args.role_arn.clone(),
        )
    } else {
        let ctx = target.resolve().await?;
        let role = args
            .role_arn
            .clone()
            .unwrap_or_else(|| model::role_arn(ctx.partition, &ctx.account, &model::default_role_name(&cluster)));
        let vpc = args.controller.vpc_id.clone().unwrap_or_else(|| ctx.cluster().vpc_id.clone());
        (ctx.region.clone(), vpc, Some(role))
    };
    let image = render::controller_image(
        args.controller.image_registry,
        args.controller.image.as_deref(),
        &values,
        &region,
        crate::policy::CONTROLLER_VERSION,
    )
    .map_err(|e| AlbctlError::usage(format!("{e:#}")))?;
    let tls = crate::tls::generate(render::WEBHOOK_SERVICE_NAME, &args.namespace, OffsetDateTime::now_utc())?;
    let objects = render::render(&RenderInput {
        cluster_name: cluster,
        region,
        vpc_id,
        namespace: args.namespace.clone(),
        service_account: args.service_account.clone(),
        role_arn,
        image,
        values,
        gateway_api: gateway != GatewayApiMode::Off,
        tls,
        server_version: None,
    })?;
    match &args.output_dir {
        None => output::write_stdout(&render::to_yaml(&objects))?,
        Some(dir) => write_dir(dir, &objects)?,
    }
    Ok(ExitStatus::Success)
}

fn write_dir(dir: &Path, objects: &[serde_json::Value]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| AlbctlError::usage(format!("cannot create {}: {e}", dir.display())))?;
    for obj in objects {
        let path = dir.join(render::file_name(obj));
        let secret = obj["kind"] == "Secret";
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(if secret { 0o600 } else { 0o644 });
        }
        let mut file = options.open(&path).map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
        #[cfg(unix)]
        if secret {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(render::to_yaml(std::slice::from_ref(obj)).as_bytes())?;
    }
    eprintln!("wrote {} files to {}", objects.len(), dir.display());
    Ok(())
}
