//! Readiness as read from object status: a Deployment's rollout and an Endpoints object's
//! ready addresses. Pure; used by the waits and by doctor.

use serde_json::Value;

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

/// Number of ready addresses in an Endpoints object.
pub fn ready_endpoints(endpoints: &Value) -> usize {
    endpoints["subsets"]
        .as_array()
        .map(|s| s.iter().map(|s| s["addresses"].as_array().map_or(0, Vec::len)).sum())
        .unwrap_or(0)
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
    fn endpoints_count_ready_addresses_only() {
        let e = json!({"subsets": [{"addresses": [{"ip": "10.0.0.1"}], "notReadyAddresses": [{"ip": "10.0.0.2"}]}]});
        assert_eq!(ready_endpoints(&e), 1);
        assert_eq!(ready_endpoints(&json!({})), 0);
    }
}
