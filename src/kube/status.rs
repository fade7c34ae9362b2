//! Readiness as read from object status: a Deployment's rollout and a Service's ready endpoints
//! in its EndpointSlices. Pure but for [`service_endpoint_slices`]; used by the waits and by doctor.

use k8s_openapi::api::discovery::v1::EndpointSlice;
use kube::Api;
use kube::api::ListParams;
use serde_json::Value;

/// The label the EndpointSlice controller puts on every slice of a Service.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

/// Whether a Deployment has rolled out and is Available, as `kubectl rollout status` judges:
/// the observed generation is current and every desired replica is updated and available.
/// Returns the verdict and a short description of the state.
pub fn deployment_ready(deployment: &Value) -> (bool, String) {
    let n = |v: &Value| v.as_i64().unwrap_or(0);
    let generation = n(&deployment["metadata"]["generation"]);
    let status = &deployment["status"];
    let observed = n(&status["observedGeneration"]);
    let desired = deployment["spec"]["replicas"].as_i64().unwrap_or(1);
    let updated = n(&status["updatedReplicas"]);
    let available = n(&status["availableReplicas"]);
    let condition = status["conditions"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["type"] == "Available"))
        .map(|c| c["status"] == "True")
        .unwrap_or(false);
    let ready = observed >= generation && updated >= desired && available >= desired && condition;
    let mut why = format!("{available}/{desired} replicas available, {updated} updated");
    if observed < generation {
        why.push_str(&format!(", generation {generation} not yet observed"));
    }
    if !condition {
        why.push_str(", condition Available is not True");
    }
    (ready, why)
}

/// Ready endpoints in a Service's EndpointSlices (discovery.k8s.io/v1), given as a list object
/// (`{"items": [...]}`): an endpoint counts unless its `conditions.ready` is false (the API says
/// an unset condition means ready). Endpoints (core/v1) is deprecated since Kubernetes 1.33, so
/// slices are what a current cluster is read by.
pub fn ready_endpoints(slices: &Value) -> usize {
    slices["items"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|slice| slice["endpoints"].as_array().into_iter().flatten())
        .filter(|e| e["conditions"]["ready"] != Value::Bool(false))
        .map(|e| e["addresses"].as_array().map_or(0, Vec::len).min(1))
        .sum()
}

/// The EndpointSlices of Service `namespace/service` as one list object for [`ready_endpoints`].
pub async fn service_endpoint_slices(client: kube::Client, namespace: &str, service: &str) -> kube::Result<Value> {
    let api: Api<EndpointSlice> = Api::namespaced(client, namespace);
    let list = api.list(&ListParams::default().labels(&format!("{SERVICE_NAME_LABEL}={service}"))).await?;
    Ok(serde_json::json!({ "items": serde_json::to_value(&list.items).unwrap_or_default() }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deployment_readiness_needs_current_generation_and_all_replicas() {
        let mut d = json!({"metadata": {"generation": 2}, "spec": {"replicas": 2},
            "status": {"observedGeneration": 1, "updatedReplicas": 2, "availableReplicas": 2,
                       "conditions": [{"type": "Available", "status": "True"}]}});
        assert!(!deployment_ready(&d).0, "previous rollout must not count");
        d["status"]["observedGeneration"] = json!(2);
        assert!(deployment_ready(&d).0);
        d["status"]["availableReplicas"] = json!(1);
        let (ready, why) = deployment_ready(&d);
        assert!(!ready && why.contains("1/2"), "{why}");
    }

    #[test]
    fn endpoint_slices_count_ready_endpoints_only() {
        let slices = json!({"items": [
            {"endpoints": [
                {"addresses": ["10.0.0.1"], "conditions": {"ready": true}},
                {"addresses": ["10.0.0.2"], "conditions": {"ready": false}},
                {"addresses": ["10.0.0.3"]},
            ]},
            {"endpoints": [{"addresses": ["10.0.0.4"], "conditions": {"ready": true, "serving": true}}]},
            {"endpoints": null},
        ]});
        assert_eq!(ready_endpoints(&slices), 3, "ready true or unset counts, ready false does not");
        assert_eq!(ready_endpoints(&json!({"items": []})), 0);
        assert_eq!(ready_endpoints(&json!({})), 0);
    }
}
