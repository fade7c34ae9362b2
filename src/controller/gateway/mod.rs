//! The controller's Gateway API support as `setup` and `apply` converge it (`--gateway-api
//! auto|install|off`): `decide` (pure: the mode, what of the Gateway API bundle may be written,
//! GatewayClasses, the gates the controller will detect, a restart), `bundle` (the pinned
//! release asset or a file, checked before any write), and here the reads they need.
//!
//! Reads only: the controller workflow's `apply` writes what the plan says, CRDs first.

pub mod bundle;
pub mod decide;

use std::path::PathBuf;

use serde_json::{Value, json};

use decide::{GatewayChoice, GatewayObserved, ModeSource, plan_gateway, resolve_mode};
pub use decide::{GatewayDoc, GatewayPlan};

use crate::cli::{ControllerArgs, GatewayArgs};
use crate::context::Context;
use crate::kube::apply::Applier;
use crate::model::gateway_api::{
    BUNDLE_VERSION, GATES, SAFE_UPGRADES_POLICY, STANDARD_CRDS, bundle_marks, parse_version,
};
use crate::model::{GatewayApiMode, kube_version};

/// The Gateway API flags of `setup`/`apply`, as the workflow takes them.
#[derive(Debug, Clone, Default)]
pub struct GatewayFlags {
    /// `--gateway-api`; `None`: the last run's choice, else `auto`.
    pub mode: Option<GatewayApiMode>,
    /// `--gateway-api-bundle`.
    pub bundle_file: Option<PathBuf>,
    /// `--gateway-class-alb`.
    pub alb_class: String,
    /// `--gateway-class-nlb`.
    pub nlb_class: String,
}

impl GatewayFlags {
    /// The flags of `setup`/`apply`: the mode from the controller flags, the rest from `gateway`.
    pub fn from_args(controller: &ControllerArgs, gateway: &GatewayArgs) -> GatewayFlags {
        GatewayFlags {
            mode: controller.gateway_api,
            bundle_file: gateway.gateway_api_bundle.clone(),
            alb_class: gateway.gateway_class_alb.clone(),
            nlb_class: gateway.gateway_class_nlb.clone(),
        }
    }
}

/// The controller's gateway CRDs as albctl renders them.
fn controller_crds() -> anyhow::Result<Vec<Value>> {
    let all = crate::controller::render::gateway_crds()?;
    Ok(all)
}

/// Reads what the decision needs (the Deployment, the Gateway API and controller gateway CRDs,
/// the bundle's admission policy, the GatewayClasses), loads the bundle when `install` needs it,
/// and decides. Reads only; a bundle that fails its checks stops the run here.
pub async fn prepare(
    applier: &mut Applier,
    ctx: &Context,
    flags: &GatewayFlags,
    adopt: bool,
    server: (u32, u32),
) -> anyhow::Result<GatewayPlan> {
    let namespace = ctx.names.namespace.as_str();
    let deployment = applier
        .get(&json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {
            "name": crate::controller::render::DEPLOYMENT_NAME, "namespace": namespace}}))
        .await?;
    let (mode, source) = resolve_mode(flags.mode, deployment.as_ref());
    check_flags(flags, mode)?;
    if mode == GatewayApiMode::Install && server < kube_version::CEL_VALIDATION {
        return Err(crate::error::AlbctlError::usage(format!(
            "--gateway-api install needs Kubernetes 1.25 or newer (the server is {}.{}): the Gateway API CRDs rely on \
             CEL validation; use --gateway-api off",
            server.0, server.1
        )));
    }
    let mut observed = GatewayObserved { deployment, ..GatewayObserved::default() };
    let lbc = controller_crds()?;
    if mode != GatewayApiMode::Off {
        let names = STANDARD_CRDS
            .iter()
            .map(|s| s.to_string())
            .chain(lbc.iter().filter_map(|c| c["metadata"]["name"].as_str().map(str::to_string)));
        for name in names {
            let stub = json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": name}});
            if let Some(found) = applier.get(&stub).await? {
                observed.crds.insert(name, found);
            }
        }
        for name in [&flags.alb_class, &flags.nlb_class] {
            let stub = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass", "metadata": {"name": name}});
            if let Some(found) = applier.get(&stub).await? {
                observed.classes.insert(name.clone(), found);
            }
        }
    }
    let aws_managed = ctx.cluster().auto_mode.gateway_api_crds_managed == Some(true);
    let server_supported = server >= kube_version::CEL_VALIDATION;
    let mut loaded = None;
    if mode == GatewayApiMode::Install && !aws_managed {
        for kind in ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"] {
            let stub = json!({"apiVersion": "admissionregistration.k8s.io/v1", "kind": kind, "metadata": {"name": SAFE_UPGRADES_POLICY}});
            if let Some(found) = applier.get(&stub).await? {
                observed.policies.insert(kind.to_string(), found);
            }
        }
        if flags.bundle_file.is_some() || bundle_needed(&observed) {
            loaded = Some(bundle::load(flags.bundle_file.as_deref()).await?);
        }
    }
    let choice = GatewayChoice {
        mode,
        source,
        server_supported,
        aws_managed,
        adopt,
        bundle: loaded.as_ref().map(|b| (b.objects.as_slice(), b.source.clone())),
        controller_crds: &lbc,
        class_names: (&flags.alb_class, &flags.nlb_class),
    };
    let mut plan = plan_gateway(&choice, &observed);
    if mode == GatewayApiMode::Install && loaded.is_none() && !aws_managed {
        plan.doc.bundle = Some(format!("already installed at {BUNDLE_VERSION} or newer: not downloaded"));
    }
    if source == ModeSource::LastRun {
        tracing::info!("--gateway-api {} (the last run's choice)", mode.as_str());
    }
    Ok(plan)
}

/// Refuses flags that cannot apply: a bundle file without `install`, a bad class name, one
/// name for both classes.
fn check_flags(flags: &GatewayFlags, mode: GatewayApiMode) -> anyhow::Result<()> {
    if let (Some(file), false) = (&flags.bundle_file, mode == GatewayApiMode::Install) {
        return Err(crate::error::AlbctlError::usage(format!(
            "--gateway-api-bundle {} is only read with --gateway-api install (this run is --gateway-api {})",
            file.display(),
            mode.as_str()
        )));
    }
    crate::model::validate_k8s_name("--gateway-class-alb", &flags.alb_class)?;
    crate::model::validate_k8s_name("--gateway-class-nlb", &flags.nlb_class)?;
    if flags.alb_class == flags.nlb_class {
        return Err(crate::error::AlbctlError::usage(format!(
            "--gateway-class-alb and --gateway-class-nlb are both '{}': each GatewayClass names one controller",
            flags.alb_class
        )));
    }
    Ok(())
}

/// Whether `install` has anything to do that needs the bundle's text: an object of the bundle
/// absent, or a CRD older than the pinned release.
fn bundle_needed(observed: &GatewayObserved) -> bool {
    let pinned = parse_version(BUNDLE_VERSION);
    let crd_behind = STANDARD_CRDS.iter().any(|name| match observed.crds.get(*name) {
        None => true,
        Some(crd) => bundle_marks(crd).0.and_then(parse_version) < pinned,
    });
    crd_behind || observed.policies.len() < 2
}

/// Sets the feature gates `off` sets, refusing a values file that turns one of them on.
pub fn set_gates_off(feature_gates: &mut std::collections::BTreeMap<String, Value>) -> anyhow::Result<()> {
    for gate in GATES {
        match feature_gates.get(gate.name) {
            Some(Value::Bool(true)) => {
                return Err(crate::error::AlbctlError::usage(format!(
                    "--gateway-api off sets the feature gate {} to false, but the values file sets it to true; drop one of them",
                    gate.name
                )));
            }
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => {
                return Err(crate::error::AlbctlError::usage(format!(
                    "--gateway-api off sets the feature gate {} to false, but the values file sets it to true; drop one of them",
                    gate.name
                )));
            }
            _ => {
                feature_gates.insert(gate.name.to_string(), Value::Bool(false));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags() -> GatewayFlags {
        GatewayFlags { mode: None, bundle_file: None, alb_class: "albctl-alb".into(), nlb_class: "albctl-nlb".into() }
    }

    #[test]
    fn a_bundle_file_needs_install_and_class_names_must_be_names() {
        let with_file = GatewayFlags { bundle_file: Some("b.yaml".into()), ..flags() };
        let err = check_flags(&with_file, GatewayApiMode::Auto).unwrap_err().to_string();
        assert!(err.contains("only read with --gateway-api install"), "{err}");
        assert!(check_flags(&with_file, GatewayApiMode::Install).is_ok());
        let bad = GatewayFlags { alb_class: "ALB Class".into(), ..flags() };
        assert!(check_flags(&bad, GatewayApiMode::Auto).unwrap_err().to_string().contains("--gateway-class-alb"));
        let same = GatewayFlags { nlb_class: "albctl-alb".into(), ..flags() };
        assert!(check_flags(&same, GatewayApiMode::Auto).is_err());
    }

    #[test]
    fn install_needs_the_bundle_only_when_something_is_missing_or_older() {
        let mut observed = GatewayObserved::default();
        assert!(bundle_needed(&observed));
        for name in STANDARD_CRDS {
            observed.crds.insert(
                name.to_string(),
                json!({"metadata": {"annotations": {"gateway.networking.k8s.io/bundle-version": "v1.6.0"}}}),
            );
        }
        for kind in ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"] {
            observed.policies.insert(kind.into(), json!({}));
        }
        assert!(!bundle_needed(&observed));
        observed.crds.get_mut(STANDARD_CRDS[0]).unwrap()["metadata"]["annotations"]["gateway.networking.k8s.io/bundle-version"] =
            json!("v1.5.1");
        assert!(bundle_needed(&observed));
    }
}
