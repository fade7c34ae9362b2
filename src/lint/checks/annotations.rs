//! Each annotation of a handled object against the catalogue: unknown keys (with the nearest
//! known one), lifecycle (deprecated, removed), value types, ranges, enums, maps and formats.

use std::collections::BTreeMap;

use serde_json::Value;

use super::rules::health_check_timing;
use super::{Emit, Options, Role, schemas, values};
use crate::lint::catalogue::{
    self as catalogue, ALB_CLASS, Annotation, INGRESS_CLASS_ANNOTATION, INGRESS_PREFIX, SERVICE_PREFIX, ValueType,
};

/// Whether an annotation key belongs to the controller's namespaces (so an unknown one is a typo).
fn controller_key(key: &str) -> bool {
    key.starts_with(INGRESS_PREFIX)
        || key.starts_with("service.beta.kubernetes.io/aws-load-balancer-")
        || key.starts_with("service.kubernetes.io/aws-load-balancer-")
        || key.starts_with("alb.ingress.kubernetes.io")
}

/// The nearest known key to an unknown one, read on `kind`.
fn suggest_key(key: &str, kind: &str) -> Option<String> {
    if let Some(rest) = key.strip_prefix("service.kubernetes.io/") {
        let fixed = format!("{SERVICE_PREFIX}{rest}");
        if catalogue::find(&fixed).is_some() {
            return Some(fixed);
        }
    }
    let limit = 3.max(key.len() / 10);
    let mut best: Option<(usize, String)> = None;
    for a in catalogue::annotations().iter().filter(|a| a.read_on(kind)) {
        let candidate = match a.key.split_once('*') {
            None => a.key.clone(),
            Some((head, _)) => {
                // Compare the fixed head with the same length of the user's key.
                let head = head.trim_end_matches('.');
                let user_head = key.find('.').and_then(|_| key.rfind('/').map(|s| s + 1)).map(|s| {
                    let tail = &key[s..];
                    match tail.find('.') {
                        Some(dot) => (&key[..s + dot], &tail[dot..]),
                        None => (key, ""),
                    }
                });
                match user_head {
                    Some((uh, tail)) if !tail.is_empty() && values::edit_distance(uh, head) <= 2 => {
                        format!("{head}{tail}")
                    }
                    _ => continue,
                }
            }
        };
        if candidate.len().abs_diff(key.len()) > limit {
            continue;
        }
        let d = values::edit_distance(key, &candidate);
        if best.as_ref().is_none_or(|(b, _)| d < *b) {
            best = Some((d, candidate));
        }
    }
    best.filter(|(d, _)| *d <= limit).map(|(_, k)| k)
}

fn kind_reads(a: &Annotation, role: Role) -> bool {
    match role {
        Role::Ingress => a.read_on("Ingress"),
        Role::NlbService => a.read_on("Service"),
        Role::BackendService => a.read_on("Service") && a.key.starts_with(INGRESS_PREFIX),
        Role::Params => false,
    }
}

/// Every annotation of a judged Ingress or Service.
pub(super) fn annotations(emit: &mut Emit, role: Role, opts: &Options) {
    let o = emit.object;
    let kind = if role == Role::Ingress { "Ingress" } else { "Service" };
    for (key, value) in o.annotations() {
        // A backend-only Service is judged for the Ingress keys only.
        if role == Role::BackendService && !key.starts_with(INGRESS_PREFIX) {
            continue;
        }
        let known = catalogue::find(key);
        let Some(a) = known else {
            let relevant = controller_key(key)
                || (role == Role::NlbService && key.starts_with(SERVICE_PREFIX) && suggest_key(key, kind).is_some());
            if relevant {
                let suggestion = suggest_key(key, kind);
                let message = if key.starts_with("service.beta.kubernetes.io/aws-load-balancer-")
                    && suggestion.is_none()
                {
                    format!(
                        "{key} is not read by the AWS Load Balancer Controller (only by the in-tree cloud provider, if at all): ignored"
                    )
                } else if key.starts_with("service.kubernetes.io/") {
                    format!("{key} uses the service.kubernetes.io/ prefix, which the controller never reads: ignored")
                } else {
                    format!("unknown annotation {key}: the controller ignores it")
                };
                emit.key("LINT001", key, message, suggestion.map(|s| format!("did you mean {s}?")));
            }
            continue;
        };
        if !kind_reads(a, role) {
            if role == Role::NlbService && a.key.starts_with(INGRESS_PREFIX) {
                continue; // read when an Ingress uses the Service as a backend
            }
            let on = a.on.join(" and ");
            emit.key("LINT002", key, format!("{key} is read on {on} objects, not on a {kind}: ignored here"), None);
            continue;
        }
        let text = match value {
            Value::String(s) => s.as_str(),
            other => {
                emit.key(
                    "LINT017",
                    key,
                    format!(
                        "the value of {key} is a YAML {}, not a string: the API server rejects the object",
                        json_type(other)
                    ),
                    Some(format!("quote it: \"{}\"", scalar_text(other))),
                );
                continue;
            }
        };
        if let Some(plain) = o.plain_annotation(key)
            && values::yaml11_non_string(plain)
        {
            emit.key(
                "LINT017",
                key,
                format!("unquoted {plain} in {key} is a boolean or null to kubectl (YAML 1.1): the API server rejects the object"),
                Some(format!("quote it: \"{plain}\"")),
            );
            continue;
        }
        lifecycle(emit, a, key);
        value_checks(emit, a, key, text, opts);
    }
    if role != Role::BackendService {
        health_check_timing(emit, role);
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "mapping",
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Deprecated, controller-written, gated and dependent keys.
fn lifecycle(emit: &mut Emit, a: &Annotation, key: &str) {
    let o = emit.object;
    if a.deprecated {
        let code = if key == INGRESS_CLASS_ANNOTATION { "LINT015" } else { "LINT016" };
        let message = if key == INGRESS_CLASS_ANNOTATION {
            format!("{key} is deprecated: it overrides spec.ingressClassName and IngressClassParams are not applied")
        } else {
            format!("{key} is deprecated")
        };
        let suggestion = a.replacement.as_ref().map(|r| {
            if key == INGRESS_CLASS_ANNOTATION {
                format!("remove it and set spec.ingressClassName: {}", o.annotation(key).unwrap_or(ALB_CLASS))
            } else {
                format!("use {r}")
            }
        });
        emit.key(code, key, message, suggestion);
    }
    if a.written_by_controller {
        emit.key(
            "LINT018",
            key,
            format!("{key} is written by the controller; a value set by hand is overwritten or removed"),
            Some("remove it".into()),
        );
    } else if let (Some(gate), Some("off")) = (&a.gate, a.gate_default.as_deref()) {
        emit.key(
            "LINT018",
            key,
            format!("{key} needs the controller feature gate {gate}, which is off by default"),
            Some(format!("start the controller with --feature-gates={gate}=true, or remove the annotation")),
        );
    }
    if let Some(needs) = &a.needs
        && let Some((nk, nv)) = needs.split_once('=')
        && o.annotation(nk).and_then(values::parse_bool) != Some(nv == "true")
    {
        emit.key(
            "LINT018",
            key,
            format!("{key} has no effect unless {nk} is {nv}"),
            Some(format!("set {nk}: \"{nv}\", or remove {key}")),
        );
    }
}

/// The type, enum, range and format checks of one value.
fn value_checks(emit: &mut Emit, a: &Annotation, key: &str, text: &str, opts: &Options) {
    let by = |a: &Annotation| {
        if a.aws_range() { "the AWS API rejects it (FailedDeployModel)" } else { "the controller rejects it" }
    };
    match a.value_type {
        ValueType::Bool => {
            if values::parse_bool(text).is_none() {
                emit.key(
                    "LINT003",
                    key,
                    format!("{key} must be a boolean, not '{text}'"),
                    Some("use \"true\" or \"false\"".into()),
                );
            }
        }
        ValueType::Int => match values::parse_int(text.trim(), a.bits.unwrap_or(32)) {
            None => emit.key("LINT003", key, format!("{key} must be an integer, not '{text}'"), range_hint(a)),
            Some(v) => {
                if let Some([min, max]) = a.range
                    && !(min..=max).contains(&v)
                {
                    emit.key("LINT005", key, format!("{key} is {v}, outside {min}-{max}: {}", by(a)), range_hint(a));
                }
            }
        },
        ValueType::Enum => {
            let ok = a
                .values
                .iter()
                .flatten()
                .any(|v| if a.case_insensitive { v.eq_ignore_ascii_case(text) } else { v == text });
            if !ok {
                let allowed = a.values.clone().unwrap_or_default().join(", ");
                emit.key(
                    "LINT004",
                    key,
                    format!("{key} is '{text}', which is not one of {allowed}"),
                    Some(format!("use one of: {allowed}")),
                );
            }
        }
        ValueType::IntOrString => {
            let names_allowed = a.values.iter().flatten().any(|v| v == "<service port name>");
            if text != "traffic-port" {
                match values::parse_int(text, 32) {
                    Some(p) if !(1..=65535).contains(&p) => {
                        emit.key(
                            "LINT005",
                            key,
                            format!("{key} is {p}, outside 1-65535: {}", by(a)),
                            Some("use a port 1-65535 or traffic-port".into()),
                        );
                    }
                    Some(_) => {}
                    None if names_allowed && is_port_name(text) => {}
                    None => {
                        let forms = if names_allowed {
                            "traffic-port, a port number or a port name"
                        } else {
                            "traffic-port or a port number"
                        };
                        emit.key(
                            "LINT003",
                            key,
                            format!("{key} must be {forms}, not '{text}'"),
                            Some(format!("use {forms}")),
                        );
                    }
                }
            }
        }
        ValueType::StringMap => match values::string_map(text) {
            Err(why) => {
                emit.key("LINT003", key, format!("{key} must be key=value pairs separated by commas: {why}"), None)
            }
            Ok(map) => map_rules(emit, a, key, &map),
        },
        ValueType::Json => match serde_json::from_str::<Value>(text) {
            Err(e) => emit.key("LINT006", key, format!("{key} is not valid JSON: {e}"), None),
            Ok(v) => {
                for p in schemas::check(a.schema.as_deref().unwrap_or_default(), &v) {
                    let code = if p.range { "LINT005" } else { "LINT006" };
                    emit.key(code, key, format!("{key}: {}", p.message), None);
                }
            }
        },
        ValueType::String | ValueType::StringList => {}
    }
    if let (ValueType::String, Some([min, max]), None) = (a.value_type, a.range, a.format.as_deref())
        && !(min..=max).contains(&(text.len() as i64))
    {
        emit.key("LINT005", key, format!("{key} is {} characters long, outside {min}-{max}", text.len()), None);
    }
    format_checks(emit, a, key, text, opts);
}

fn range_hint(a: &Annotation) -> Option<String> {
    a.range.map(|[min, max]| format!("use an integer from {min} to {max}"))
}

fn is_port_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 15 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn map_rules(emit: &mut Emit, a: &Annotation, key: &str, map: &BTreeMap<String, String>) {
    if a.values.as_deref().is_some_and(|v| v.iter().any(|f| f == "CapacityUnits=<int32>")) {
        for (k, v) in map {
            if k != "CapacityUnits" {
                emit.key(
                    "LINT004",
                    key,
                    format!("{key} takes only the key CapacityUnits, not {k}"),
                    Some("use CapacityUnits=<number>".into()),
                );
            } else if values::parse_int(v, 32).is_none() {
                emit.key("LINT003", key, format!("CapacityUnits in {key} must be an integer, not '{v}'"), None);
            }
        }
    }
    if a.format.as_deref() == Some("port-map") {
        for (k, v) in map {
            if values::parse_int(k, 32).is_none() || values::parse_int(v, 32).is_none() {
                emit.key(
                    "LINT003",
                    key,
                    format!("{key} maps NLB ports to ALB ports (80=80); '{k}={v}' is not numbers"),
                    None,
                );
            }
        }
    }
    for attr in ["deletion_protection.enabled", "preserve_client_ip.enabled"] {
        if let Some(v) = map.get(attr)
            && values::parse_bool(v).is_none()
        {
            emit.key("LINT003", key, format!("{attr} in {key} must be true or false, not '{v}'"), None);
        }
    }
    if let Some(v) = map.get("dns_record.client_routing_policy") {
        let allowed = ["availability_zone_affinity", "partial_availability_zone_affinity", "any_availability_zone"];
        if !allowed.contains(&v.as_str()) {
            emit.key(
                "LINT004",
                key,
                format!("dns_record.client_routing_policy in {key} is '{v}'"),
                Some(format!("use one of: {}", allowed.join(", "))),
            );
        }
    }
}

fn format_checks(emit: &mut Emit, a: &Annotation, key: &str, text: &str, opts: &Options) {
    match a.format.as_deref() {
        Some("lb-name") => {
            if let Some(why) = values::lb_name_problem(text) {
                emit.key(
                    "LINT011",
                    key,
                    format!("load balancer name '{text}' {why}"),
                    Some("use at most 32 letters, digits and hyphens".into()),
                );
            }
        }
        Some("group-name") => {
            if let Some(why) = values::group_name_problem(text) {
                emit.key(
                    "LINT009",
                    key,
                    format!("IngressGroup name '{text}' {why}: the Ingress silently leaves its group"),
                    Some(format!("use '{}'", sanitize_group_name(text))),
                );
            }
        }
        Some("certificate-arns") => {
            for arn in values::string_list(text) {
                certificate(emit, key, None, &arn, opts);
            }
        }
        Some("cidrs") => {
            for c in values::string_list(text) {
                if !values::is_cidr(&c) {
                    emit.key("LINT003", key, format!("'{c}' in {key} is not a CIDR (e.g. 10.0.0.0/16)"), None);
                }
            }
        }
        Some("ints") => {
            for p in values::string_list(text) {
                if values::parse_int(&p, 32).is_none() {
                    emit.key("LINT003", key, format!("'{p}' in {key} is not a port number"), None);
                }
            }
        }
        Some("non-empty") if text.trim().is_empty() => {
            emit.key("LINT003", key, format!("{key} is empty: the controller rejects it"), None);
        }
        Some("success-codes") => {
            let grpc = emit.object.annotation("alb.ingress.kubernetes.io/backend-protocol-version") == Some("GRPC");
            let (min, max) = if key.starts_with(SERVICE_PREFIX) {
                (200, 599)
            } else if grpc {
                (0, 99)
            } else {
                (200, 499)
            };
            if let Some((is_range, why)) = values::success_codes_problem(text, min, max) {
                let code = if is_range { "LINT005" } else { "LINT003" };
                emit.key(
                    code,
                    key,
                    format!("{key}: {why}; the AWS API rejects it"),
                    Some(format!("use codes within {min}-{max}")),
                );
            }
        }
        _ => {}
    }
}

/// A certificate ARN: well formed, and in the load balancer's region.
pub(super) fn certificate(emit: &mut Emit, key: &str, line: Option<usize>, arn: &str, opts: &Options) {
    let line = line.or_else(|| emit.object.annotation_line(key));
    match values::parse_certificate_arn(arn) {
        None => emit.at(
            "LINT012",
            key,
            line,
            format!("'{arn}' is not a certificate ARN"),
            Some("use arn:aws:acm:REGION:ACCOUNT:certificate/ID".into()),
        ),
        Some(c) => {
            if let (Some(cert_region), Some(region)) = (c.region, &opts.region)
                && &cert_region != region
            {
                emit.at(
                    "LINT013",
                    key,
                    line,
                    format!("certificate {arn} is in {cert_region}, but the load balancer is in {region}"),
                    Some(format!("import or request the certificate in {region} and use that ARN")),
                );
            }
        }
    }
}

pub(super) fn sanitize_group_name(name: &str) -> String {
    let lower: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-' { c } else { '-' })
        .collect();
    let trimmed = lower.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    trimmed.chars().take(63).collect()
}
