//! The JSON shapes the controller decodes from annotations (listen-ports, actions.*,
//! conditions.*, transforms.*, auth, jwt-validation, mutual-authentication, Service actions.*)
//! and the rules it applies after decoding. Go's decoder matches field names
//! case-insensitively and ignores unknown fields; so do these checks. Pure.

use serde_json::{Map, Value};

/// A problem in a JSON value: `range` marks a number outside its range (reported as such).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// A range problem rather than a shape problem.
    pub range: bool,
    /// What is wrong.
    pub message: String,
}

fn shape(message: impl Into<String>) -> Problem {
    Problem { range: false, message: message.into() }
}

fn range(message: impl Into<String>) -> Problem {
    Problem { range: true, message: message.into() }
}

/// A field by name, matched case-insensitively as Go's `encoding/json` does.
fn field<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    obj.get(name).or_else(|| obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
}

fn non_empty_str(obj: &Map<String, Value>, name: &str) -> bool {
    field(obj, name).and_then(Value::as_str).is_some_and(|s| !s.is_empty())
}

fn require_strings(obj: &Map<String, Value>, names: &[&str], what: &str, out: &mut Vec<Problem>) {
    for n in names {
        if !non_empty_str(obj, n) {
            out.push(shape(format!("{what} needs \"{n}\" (a non-empty string)")));
        }
    }
}

/// Checks `value` against the named schema.
pub fn check(schema: &str, value: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    match schema {
        "listen-ports" => {
            if let Err(p) = listen_ports(value) {
                out.push(p);
            }
        }
        "ingress-action" => ingress_action(value, &mut out),
        "conditions" => conditions(value, &mut out),
        "transforms" => transforms(value, &mut out),
        "jwt-validation" => jwt_validation(value, &mut out),
        "mutual-authentication" => mutual_authentication(value, &mut out),
        "auth-idp-cognito" => match value.as_object() {
            Some(o) => {
                require_strings(o, &["userPoolARN", "userPoolClientID", "userPoolDomain"], "auth-idp-cognito", &mut out)
            }
            None => out.push(shape("must be a JSON object")),
        },
        "auth-idp-oidc" => match value.as_object() {
            Some(o) => require_strings(
                o,
                &["issuer", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "secretName"],
                "auth-idp-oidc",
                &mut out,
            ),
            None => out.push(shape("must be a JSON object")),
        },
        "service-action" => service_action(value, &mut out),
        _ => {}
    }
    out
}

/// The listen ports (`[{"HTTP": 80}, {"HTTPS": 443}]`) as (protocol, port) pairs.
pub fn listen_ports(value: &Value) -> Result<Vec<(String, i64)>, Problem> {
    let items =
        value.as_array().ok_or_else(|| shape("must be a JSON array like [{\"HTTP\": 80}, {\"HTTPS\": 443}]"))?;
    if items.is_empty() {
        return Err(shape("must list at least one port"));
    }
    let mut ports = Vec::new();
    for item in items {
        let obj = item.as_object().ok_or_else(|| shape(format!("{item} is not an object like {{\"HTTPS\": 443}}")))?;
        for (proto, port) in obj {
            if proto != "HTTP" && proto != "HTTPS" {
                return Err(shape(format!("protocol \"{proto}\" must be \"HTTP\" or \"HTTPS\" (case-sensitive)")));
            }
            let Some(port) = port.as_i64().filter(|_| port.is_i64() || port.is_u64()) else {
                return Err(shape(format!("port {port} of {proto} must be a JSON integer, not a string")));
            };
            if !(1..=65535).contains(&port) {
                return Err(range(format!("port {port} of {proto} is outside 1-65535")));
            }
            ports.push((proto.clone(), port));
        }
    }
    Ok(ports)
}

fn forward_tuples(tgs: &[Value], out: &mut Vec<Problem>, service_key: bool, weight_max: Option<i64>) {
    for tg in tgs {
        let Some(t) = tg.as_object() else {
            out.push(shape("each targetGroups entry must be an object"));
            continue;
        };
        let by_service = field(t, "serviceName").is_some() || field(t, "servicePort").is_some();
        let by_arn = field(t, "targetGroupARN").is_some() || (!service_key && field(t, "targetGroupName").is_some());
        if by_service == by_arn {
            out.push(shape("each targetGroups entry needs serviceName and servicePort, or a targetGroupARN, not both"));
        } else if by_service && (field(t, "serviceName").is_none() || field(t, "servicePort").is_none()) {
            out.push(shape("a targetGroups entry with serviceName needs servicePort too"));
        }
        if let (Some(max), Some(w)) = (weight_max, field(t, "weight").and_then(Value::as_i64))
            && !(0..=max).contains(&w)
        {
            out.push(range(format!("weight {w} is outside 0-{max}")));
        }
    }
    if tgs.len() > 1 && tgs.iter().any(|t| t.as_object().is_some_and(|o| field(o, "weight").is_none())) {
        out.push(shape("with more than one target group every entry needs a weight"));
    }
}

fn ingress_action(value: &Value, out: &mut Vec<Problem>) {
    let Some(obj) = value.as_object() else { return out.push(shape("must be a JSON object with a \"type\"")) };
    match field(obj, "type").and_then(Value::as_str) {
        Some("fixed-response") => {
            let ok = field(obj, "fixedResponseConfig")
                .and_then(Value::as_object)
                .is_some_and(|c| non_empty_str(c, "statusCode"));
            if !ok {
                out.push(shape(
                    "a fixed-response action needs fixedResponseConfig.statusCode (a string, e.g. \"404\")",
                ));
            }
        }
        Some("redirect") => {
            let ok =
                field(obj, "redirectConfig").and_then(Value::as_object).is_some_and(|c| non_empty_str(c, "statusCode"));
            if !ok {
                out.push(shape("a redirect action needs redirectConfig.statusCode (HTTP_301 or HTTP_302)"));
            }
        }
        Some("forward") => {
            let direct = field(obj, "targetGroupARN").is_some() || field(obj, "targetGroupName").is_some();
            let config = field(obj, "forwardConfig");
            if direct == config.is_some() {
                out.push(shape(
                    "a forward action needs exactly one of targetGroupARN/targetGroupName or forwardConfig",
                ));
            }
            if let Some(tgs) =
                config.and_then(Value::as_object).and_then(|c| field(c, "targetGroups")).and_then(Value::as_array)
            {
                forward_tuples(tgs, out, false, None);
            }
        }
        Some(other) => {
            out.push(shape(format!("unknown action type \"{other}\": use fixed-response, redirect or forward")))
        }
        None => out.push(shape("needs \"type\": fixed-response, redirect or forward")),
    }
}

const CONDITION_FIELDS: &[(&str, &str)] = &[
    ("host-header", "hostHeaderConfig"),
    ("path-pattern", "pathPatternConfig"),
    ("http-header", "httpHeaderConfig"),
    ("http-request-method", "httpRequestMethodConfig"),
    ("query-string", "queryStringConfig"),
    ("source-ip", "sourceIPConfig"),
];

fn conditions(value: &Value, out: &mut Vec<Problem>) {
    let Some(items) = value.as_array() else { return out.push(shape("must be a JSON array of conditions")) };
    for item in items {
        let Some(c) = item.as_object() else {
            out.push(shape("each condition must be an object with a \"field\""));
            continue;
        };
        let name = field(c, "field").and_then(Value::as_str).unwrap_or_default();
        let Some((_, config_name)) = CONDITION_FIELDS.iter().find(|(f, _)| *f == name) else {
            let fields: Vec<&str> = CONDITION_FIELDS.iter().map(|(f, _)| *f).collect();
            out.push(shape(format!(
                "condition field \"{name}\" is dropped by the controller: use one of {}",
                fields.join(", ")
            )));
            continue;
        };
        let config = field(c, config_name).and_then(Value::as_object);
        let Some(config) = config else {
            out.push(shape(format!("a {name} condition needs {config_name}")));
            continue;
        };
        let values = field(config, "values").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
        let regex = field(config, "regexValues").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
        match name {
            "host-header" | "path-pattern" | "http-header" => {
                if (values > 0) == (regex > 0) {
                    out.push(shape(format!("{config_name} needs values or regexValues (exactly one, non-empty)")));
                }
                if name == "http-header" && !non_empty_str(config, "httpHeaderName") {
                    out.push(shape("httpHeaderConfig needs httpHeaderName"));
                }
            }
            "query-string" => {
                let entries = field(config, "values").and_then(Value::as_array).cloned().unwrap_or_default();
                if entries.is_empty()
                    || entries.iter().any(|e| !e.as_object().is_some_and(|o| non_empty_str(o, "value")))
                {
                    out.push(shape("queryStringConfig.values needs entries with a non-empty \"value\""));
                }
            }
            _ => {
                if values == 0 {
                    out.push(shape(format!("{config_name}.values must not be empty")));
                }
            }
        }
    }
}

fn transforms(value: &Value, out: &mut Vec<Problem>) {
    let Some(items) = value.as_array() else { return out.push(shape("must be a JSON array of transforms")) };
    for item in items {
        let t = item.as_object();
        let kind = t.and_then(|t| field(t, "type")).and_then(Value::as_str).unwrap_or_default();
        let config_name = match kind {
            "url-rewrite" => "urlRewriteConfig",
            "host-header-rewrite" => "hostHeaderRewriteConfig",
            other => {
                out.push(shape(format!("transform type \"{other}\" must be url-rewrite or host-header-rewrite")));
                continue;
            }
        };
        let rewrites = t
            .and_then(|t| field(t, config_name))
            .and_then(Value::as_object)
            .and_then(|c| field(c, "rewrites"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if rewrites.is_empty()
            || rewrites
                .iter()
                .any(|r| !r.as_object().is_some_and(|o| field(o, "regex").is_some() && field(o, "replace").is_some()))
        {
            out.push(shape(format!("{config_name}.rewrites needs at least one {{\"regex\", \"replace\"}}")));
        }
    }
}

fn jwt_validation(value: &Value, out: &mut Vec<Problem>) {
    let Some(obj) = value.as_object() else { return out.push(shape("must be a JSON object")) };
    require_strings(obj, &["jwksEndpoint", "issuer"], "jwt-validation", out);
    for claim in field(obj, "additionalClaims").and_then(Value::as_array).into_iter().flatten() {
        let ok = claim.as_object().is_some_and(|c| {
            non_empty_str(c, "format")
                && non_empty_str(c, "name")
                && field(c, "values").and_then(Value::as_array).is_some_and(|v| !v.is_empty())
        });
        if !ok {
            out.push(shape("each additionalClaims entry needs format, name and non-empty values"));
        }
    }
}

fn mutual_authentication(value: &Value, out: &mut Vec<Problem>) {
    let Some(items) = value.as_array() else { return out.push(shape("must be a JSON array of {port, mode}")) };
    if items.is_empty() {
        out.push(shape("must not be empty"));
    }
    for item in items {
        let Some(m) = item.as_object() else {
            out.push(shape("each entry must be an object"));
            continue;
        };
        match field(m, "port").and_then(Value::as_i64) {
            Some(p) if !(1..=65535).contains(&p) => out.push(range(format!("port {p} is outside 1-65535"))),
            Some(_) => {}
            None => out.push(shape("each entry needs \"port\" (a JSON integer)")),
        }
        let mode = field(m, "mode").and_then(Value::as_str).unwrap_or_default();
        let store = field(m, "trustStore").is_some();
        match mode {
            "verify" if !store => out.push(shape("mode verify needs a trustStore")),
            "off" | "passthrough" => {
                if store
                    || field(m, "ignoreClientCertificateExpiry").is_some()
                    || field(m, "advertiseTrustStoreCaNames").is_some()
                {
                    out.push(shape(format!(
                        "mode {mode} takes no trustStore, ignoreClientCertificateExpiry or advertiseTrustStoreCaNames"
                    )));
                }
            }
            "verify" => {}
            other => out.push(shape(format!("mode \"{other}\" must be off, passthrough or verify"))),
        }
    }
}

fn service_action(value: &Value, out: &mut Vec<Problem>) {
    let Some(obj) = value.as_object() else {
        return out.push(shape("must be a JSON object with \"type\": \"forward\""));
    };
    if field(obj, "type").and_then(Value::as_str) != Some("forward") {
        out.push(shape("a Service action's type must be \"forward\""));
    }
    let Some(config) = field(obj, "forwardConfig").and_then(Value::as_object) else {
        return out.push(shape("needs forwardConfig"));
    };
    if let Some(w) = field(config, "baseServiceWeight").and_then(Value::as_i64)
        && !(0..=999).contains(&w)
    {
        out.push(range(format!("baseServiceWeight {w} is outside 0-999")));
    }
    let tgs = field(config, "targetGroups").and_then(Value::as_array).cloned().unwrap_or_default();
    forward_tuples(&tgs, out, true, Some(999));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn listen_ports_shapes() {
        assert_eq!(listen_ports(&json!([{"HTTP": 80}, {"HTTPS": 443}])).unwrap().len(), 2);
        assert!(!listen_ports(&json!([{"HTTP": "80"}])).unwrap_err().range);
        assert!(!listen_ports(&json!([{"https": 443}])).unwrap_err().range);
        assert!(listen_ports(&json!([{"HTTPS": 70000}])).unwrap_err().range);
        assert!(listen_ports(&json!([])).is_err());
    }

    #[test]
    fn actions_and_conditions() {
        let redirect = json!({"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}});
        assert!(check("ingress-action", &redirect).is_empty(), "field names match case-insensitively");
        assert_eq!(check("ingress-action", &json!({"type": "redirect", "redirectConfig": {}})).len(), 1);
        assert_eq!(check("ingress-action", &json!({"type": "forward"})).len(), 1);
        let two = json!({"type": "forward", "forwardConfig": {"targetGroups": [
            {"serviceName": "a", "servicePort": 80}, {"serviceName": "b", "servicePort": 80, "weight": 1}]}});
        assert_eq!(check("ingress-action", &two).len(), 1);
        assert!(
            check("conditions", &json!([{"field": "host-header", "hostHeaderConfig": {"values": ["a.example.com"]}}]))
                .is_empty()
        );
        assert_eq!(check("conditions", &json!([{"field": "host", "hostHeaderConfig": {"values": ["a"]}}])).len(), 1);
        assert_eq!(
            check("service-action", &json!({"type": "forward", "forwardConfig": {"baseServiceWeight": 1000}})).len(),
            1
        );
    }
}
