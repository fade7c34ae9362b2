//! The controller's three Gateway configuration CRDs as data (the same files albctl installs,
//! `templates/crds/gateway/`, equal to the chart's `crds/gateway-crds.yaml` at v3.5.0), and a
//! structural check of an object against the `openAPIV3Schema` of its version: unknown fields
//! (the API server prunes them), wrong types, values outside an enum, missing required fields,
//! numbers outside minimum/maximum and lists longer than maxItems. Patterns and CEL rules are
//! left to the API server. Pure.

use std::sync::OnceLock;

use serde_json::Value;

const FILES: [&str; 3] = [
    include_str!("../../../templates/crds/gateway/listenerruleconfigurations.gateway.k8s.aws.yaml"),
    include_str!("../../../templates/crds/gateway/loadbalancerconfigurations.gateway.k8s.aws.yaml"),
    include_str!("../../../templates/crds/gateway/targetgroupconfigurations.gateway.k8s.aws.yaml"),
];

fn crds() -> &'static [Value] {
    static CRDS: OnceLock<Vec<Value>> = OnceLock::new();
    CRDS.get_or_init(|| {
        FILES.iter().map(|t| serde_saphyr::from_str(t).expect("the embedded gateway CRDs parse")).collect()
    })
}

/// The schema of `kind` at `api_version` (`gateway.k8s.aws/v1` or `/v1beta1`), if the CRD
/// serves that version.
pub fn schema_of(api_version: &str, kind: &str) -> Option<&'static Value> {
    let (group, version) = api_version.split_once('/')?;
    let crd = crds().iter().find(|c| c["spec"]["group"] == group && c["spec"]["names"]["kind"] == kind)?;
    let v = crd["spec"]["versions"].as_array()?.iter().find(|v| v["name"] == version)?;
    Some(&v["schema"]["openAPIV3Schema"])
}

/// The versions the CRD of `kind` serves.
pub fn served_versions(kind: &str) -> Vec<String> {
    crds()
        .iter()
        .filter(|c| c["spec"]["names"]["kind"] == kind)
        .flat_map(|c| c["spec"]["versions"].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v["name"].as_str().map(|n| format!("{LBC_GROUP}/{n}")))
        .collect()
}

const LBC_GROUP: &str = crate::model::gateway::LBC_GATEWAY_GROUP;

/// One schema violation: where (path segments from the object) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Path from the object, e.g. `["spec", "listenerConfigurations", "0", "alpnPolicy"]`.
    pub path: Vec<String>,
    /// What is wrong.
    pub message: String,
}

/// Every violation of `value` (the object's `spec`, checked from the root schema's `spec`).
pub fn validate(schema: &Value, object: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    let spec = &schema["properties"]["spec"];
    if !object["spec"].is_null() && spec.is_object() {
        walk(spec, &object["spec"], &mut vec!["spec".to_string()], &mut out);
    }
    out
}

fn type_ok(expected: &str, v: &Value) -> bool {
    match expected {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "integer" => v.as_i64().is_some() || v.as_u64().is_some(),
        "number" => v.is_number(),
        _ => true,
    }
}

fn walk(schema: &Value, v: &Value, path: &mut Vec<String>, out: &mut Vec<Violation>) {
    let here = |path: &Vec<String>, message: String| Violation { path: path.clone(), message };
    if v.is_null() {
        return;
    }
    let int_or_string = schema["x-kubernetes-int-or-string"] == true;
    if let Some(t) = schema["type"].as_str()
        && !int_or_string
        && !type_ok(t, v)
    {
        out.push(here(path, format!("must be of type {t}, not {}", type_name(v))));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(v)
    {
        let list: Vec<String> = allowed.iter().map(|a| a.as_str().map_or(a.to_string(), str::to_string)).collect();
        out.push(here(path, format!("{v} is not one of {}", list.join(", "))));
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), v.as_f64())
        && n < min
    {
        out.push(here(path, format!("{n} is below the minimum {min}")));
    }
    if let (Some(max), Some(n)) = (schema["maximum"].as_f64(), v.as_f64())
        && n > max
    {
        out.push(here(path, format!("{n} is above the maximum {max}")));
    }
    if let (Some(max), Some(items)) = (schema["maxItems"].as_u64(), v.as_array())
        && items.len() as u64 > max
    {
        out.push(here(path, format!("has {} items, at most {max} are allowed", items.len())));
    }
    if let Some(items) = v.as_array() {
        for (i, item) in items.iter().enumerate() {
            path.push(i.to_string());
            walk(&schema["items"], item, path, out);
            path.pop();
        }
    }
    if let Some(obj) = v.as_object() {
        for r in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !obj.contains_key(r) {
                out.push(here(path, format!("needs the field {r}")));
            }
        }
        let props = schema["properties"].as_object();
        let open = schema["x-kubernetes-preserve-unknown-fields"] == true || schema["additionalProperties"].is_object();
        for (k, child) in obj {
            path.push(k.clone());
            match props.and_then(|p| p.get(k)) {
                Some(s) => walk(s, child, path, out),
                None if schema["additionalProperties"].is_object() => {
                    walk(&schema["additionalProperties"], child, path, out)
                }
                None if !open && props.is_some() => {
                    let known: Vec<&str> = props.into_iter().flat_map(|p| p.keys().map(String::as_str)).collect();
                    out.push(here(path, format!("unknown field (known here: {})", known.join(", "))));
                }
                None => {}
            }
            path.pop();
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_configuration_kind_has_v1_and_v1beta1_schemas() {
        for kind in ["LoadBalancerConfiguration", "TargetGroupConfiguration", "ListenerRuleConfiguration"] {
            assert!(schema_of("gateway.k8s.aws/v1", kind).is_some_and(Value::is_object), "{kind}");
            assert!(schema_of("gateway.k8s.aws/v1beta1", kind).is_some(), "{kind}");
            assert_eq!(served_versions(kind).len(), 2, "{kind}");
        }
    }

    #[test]
    fn unknown_fields_enums_and_types_are_violations() {
        let s = schema_of("gateway.k8s.aws/v1", "LoadBalancerConfiguration").unwrap();
        let obj = json!({"spec": {"scheme": "public", "listenerConfigurations": [
            {"protocolPort": "HTTPS:443", "alpnPolicy": "HTTP3"}, {"alpnPolicy": "None"}], "bogus": 1,
            "ipAddressType": 4}});
        let got: Vec<(String, String)> = validate(s, &obj).into_iter().map(|v| (v.path.join("."), v.message)).collect();
        let paths: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
        assert!(paths.contains(&"spec.scheme"), "{got:?}");
        assert!(paths.contains(&"spec.listenerConfigurations.0.alpnPolicy"), "{got:?}");
        assert!(paths.contains(&"spec.listenerConfigurations.1"), "protocolPort is required: {got:?}");
        assert!(paths.contains(&"spec.bogus"), "{got:?}");
        assert!(paths.contains(&"spec.ipAddressType"), "{got:?}");
        let clean = json!({"spec": {"scheme": "internet-facing",
            "listenerConfigurations": [{"protocolPort": "HTTPS:443", "defaultCertificate": "arn:x"}]}});
        assert_eq!(validate(s, &clean), vec![]);
    }
}
