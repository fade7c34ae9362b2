//! Set-up calls to EksDouble, the proxy's answer to the EKS APIs moto lacks (Pod Identity
//! associations, add-ons, the Auto Mode fields; see `scripts/eks_double.py`).
//!
//! They go through the proxy with the header `X-Albctl-Harness: fixture`, so the double answers
//! them (checked against botocore's EKS model like any call) but the proxy neither counts nor logs
//! them: a test's call log holds albctl's calls only.

use serde_json::{Value, json};

use super::{AwsEnv, TEST_ACCESS_KEY, http_request};

/// One raw EKS REST call through the proxy as a fixture call; the answer's status and JSON body.
pub fn call(env: &AwsEnv, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential={TEST_ACCESS_KEY}/20250101/{}/eks/aws4_request, SignedHeaders=host, Signature=0",
        env.region
    );
    let text = body.map(|b| b.to_string()).unwrap_or_default();
    let headers =
        [("Content-Type", "application/json"), ("Authorization", auth.as_str()), ("X-Albctl-Harness", "fixture")];
    let resp = http_request(&env.proxy.url, method, path, &headers, text.as_bytes())
        .unwrap_or_else(|e| panic!("{method} {path} through the proxy: {e}"));
    let doc = serde_json::from_str(&resp.body).unwrap_or(Value::Null);
    (resp.status, doc)
}

/// Like [`call`], panicking unless the double answered 200.
pub fn ok(env: &AwsEnv, method: &str, path: &str, body: Option<Value>) -> Value {
    let (status, doc) = call(env, method, path, body);
    assert_eq!(status, 200, "EksDouble answered {method} {path} with {status}: {doc}");
    doc
}

/// Installs an EKS add-on (ACTIVE from the next read, as EKS reports it once created).
pub fn create_addon(env: &AwsEnv, cluster: &str, addon: &str) {
    ok(env, "POST", &format!("/clusters/{cluster}/addons"), Some(json!({ "addonName": addon })));
}

/// Removes an EKS add-on.
pub fn delete_addon(env: &AwsEnv, cluster: &str, addon: &str) {
    ok(env, "DELETE", &format!("/clusters/{cluster}/addons/{addon}"), None);
}

/// Turns EKS Auto Mode on (compute, block storage and load balancing together, as EKS requires).
pub fn enable_auto_mode(env: &AwsEnv, cluster: &str) {
    let body = json!({
        "computeConfig": { "enabled": true, "nodePools": ["general-purpose", "system"] },
        "kubernetesNetworkConfig": { "elasticLoadBalancing": { "enabled": true } },
        "storageConfig": { "blockStorage": { "enabled": true } },
    });
    ok(env, "POST", &format!("/clusters/{cluster}/update-config"), Some(body));
}

/// Creates a Pod Identity association; its id.
pub fn create_association(env: &AwsEnv, cluster: &str, namespace: &str, sa: &str, role_arn: &str) -> String {
    let body = json!({ "namespace": namespace, "serviceAccount": sa, "roleArn": role_arn });
    let doc = ok(env, "POST", &format!("/clusters/{cluster}/pod-identity-associations"), Some(body));
    doc["association"]["associationId"].as_str().expect("associationId").to_string()
}

/// Every association of a cluster: (id, namespace, ServiceAccount, role ARN).
pub fn associations(env: &AwsEnv, cluster: &str) -> Vec<(String, String, String, String)> {
    let doc = ok(env, "GET", &format!("/clusters/{cluster}/pod-identity-associations"), None);
    let mut out = Vec::new();
    for summary in doc["associations"].as_array().expect("associations") {
        let id = summary["associationId"].as_str().expect("associationId").to_string();
        let described = ok(env, "GET", &format!("/clusters/{cluster}/pod-identity-associations/{id}"), None);
        let a = &described["association"];
        let text = |k: &str| a[k].as_str().unwrap_or_default().to_string();
        out.push((id, text("namespace"), text("serviceAccount"), text("roleArn")));
    }
    out
}

/// Points an association at another role.
pub fn update_association(env: &AwsEnv, cluster: &str, id: &str, role_arn: &str) {
    ok(
        env,
        "POST",
        &format!("/clusters/{cluster}/pod-identity-associations/{id}"),
        Some(json!({ "roleArn": role_arn })),
    );
}

/// Deletes an association.
pub fn delete_association(env: &AwsEnv, cluster: &str, id: &str) {
    ok(env, "DELETE", &format!("/clusters/{cluster}/pod-identity-associations/{id}"), None);
}
