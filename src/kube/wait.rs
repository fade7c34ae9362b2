//! Bounded waits: CRDs Established, and the controller ready to serve its webhooks
//! (Deployment Available and the webhook Service with ready endpoints). Every wait has a
//! deadline and says what it was waiting for when it runs out.

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Api;

use super::connect::Kube;
use tokio::time::Instant;

use super::status::{deployment_ready, ready_endpoints, service_endpoint_slices};
use crate::progress::Progress;

const POLL: Duration = Duration::from_millis(500);

/// Waits until every named CRD has condition Established=True.
pub async fn crds_established(
    kube: &Kube,
    names: &[String],
    deadline: Instant,
    progress: &Progress,
) -> anyhow::Result<()> {
    for name in names {
        progress.set(format!("waiting for CRD {name} to be Established"));
        loop {
            let api: Api<CustomResourceDefinition> = Api::all(kube.client().await?);
            let crd = api.get_opt(name).await?;
            let established = crd
                .as_ref()
                .and_then(|c| c.status.as_ref())
                .and_then(|s| s.conditions.as_ref())
                .is_some_and(|c| c.iter().any(|c| c.type_ == "Established" && c.status == "True"));
            if established {
                break;
            }
            if Instant::now() + POLL > deadline {
                anyhow::bail!("timed out waiting for CRD {name} to be Established");
            }
            tokio::time::sleep(POLL).await;
        }
    }
    Ok(())
}

/// Waits until the Deployment is Available (current generation, all replicas updated and
/// available) and the Service has at least one ready endpoint.
pub async fn controller_ready(
    kube: &Kube,
    namespace: &str,
    deployment: &str,
    service: &str,
    deadline: Instant,
    timeout: Duration,
    progress: &Progress,
) -> anyhow::Result<()> {
    loop {
        // NB: a fresh client per poll, so the EKS token is renewed during long waits.
        let client = kube.client().await?;
        let deployments: Api<Deployment> = Api::namespaced(client.clone(), namespace);
        let d = deployments.get_opt(deployment).await?;
        let (ready, why) = match &d {
            Some(d) => deployment_ready(&serde_json::to_value(d)?),
            None => (false, "not found".to_string()),
        };
        let addresses = ready_endpoints(&service_endpoint_slices(client, namespace, service).await?);
        progress.set(format!(
            "waiting for Deployment {namespace}/{deployment} ({why}) and Service {namespace}/{service} ({addresses} ready endpoints)"
        ));
        if ready && addresses > 0 {
            return Ok(());
        }
        if Instant::now() + POLL > deadline {
            let mut waiting = Vec::new();
            if !ready {
                waiting.push(format!("Deployment {namespace}/{deployment} to be Available ({why})"));
            }
            if addresses == 0 {
                waiting.push(format!("Service {namespace}/{service} to have ready endpoints (none)"));
            }
            anyhow::bail!(
                "timed out after {}s waiting for {}; the webhook configurations were not applied, so Service and Ingress \
                 creation is not blocked. Check the pods with `kubectl -n {namespace} describe deployment {deployment}` \
                 (or `albctl doctor`), then run the same command again (or raise --timeout)",
                timeout.as_secs(),
                waiting.join(" and ")
            );
        }
        tokio::time::sleep(POLL).await;
    }
}
