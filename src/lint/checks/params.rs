//! IngressClassParams: known fields only, and the values the annotations' checks would refuse.

use serde_json::Value;

use super::annotations::{certificate, sanitize_group_name};
use super::{Emit, Options, values};
use crate::lint::catalogue;

/// IngressClassParams: known fields only, and the values the annotations' checks would refuse.
pub(super) fn params(emit: &mut Emit, opts: &Options) {
    let o = emit.object;
    let spec = &o.value["spec"];
    let Some(fields) = spec.as_object() else { return };
    for (name, value) in fields {
        let line = o.line_of(&["spec", name]);
        let key = format!("spec.{name}");
        if !catalogue::ICP_FIELDS.contains(&name.as_str()) {
            let near = catalogue::ICP_FIELDS
                .iter()
                .min_by_key(|f| values::edit_distance(f, name))
                .filter(|f| values::edit_distance(f, name) <= 3);
            emit.at(
                "LINT024",
                &key,
                line,
                format!("IngressClassParams has no field {name}: the API server drops it"),
                near.map(|f| format!("did you mean spec.{f}?")),
            );
            continue;
        }
        let text = value.as_str();
        let enum_check = |emit: &mut Emit, allowed: &[&str]| {
            if let Some(t) = text
                && !allowed.contains(&t)
            {
                emit.at(
                    "LINT004",
                    &key,
                    line,
                    format!("{key} is '{t}', which is not one of {}", allowed.join(", ")),
                    Some(format!("use one of: {}", allowed.join(", "))),
                );
            }
        };
        match name.as_str() {
            "scheme" => enum_check(emit, &["internal", "internet-facing"]),
            "ipAddressType" => enum_check(emit, &["ipv4", "dualstack", "dualstack-without-public-ipv4"]),
            "targetType" => enum_check(emit, &["instance", "ip"]),
            "loadBalancerName" => {
                if let Some(why) = text.and_then(values::lb_name_problem) {
                    emit.at(
                        "LINT011",
                        &key,
                        line,
                        format!("load balancer name '{}' {why}", text.unwrap_or_default()),
                        None,
                    );
                }
            }
            "group" => {
                let gname = value["name"].as_str().unwrap_or_default();
                if let Some(why) = values::group_name_problem(gname) {
                    let line = o.line_of(&["spec", "group", "name"]);
                    emit.at(
                        "LINT009",
                        "spec.group.name",
                        line,
                        format!("IngressGroup name '{gname}' {why}"),
                        Some(format!("use '{}'", sanitize_group_name(gname))),
                    );
                }
            }
            "certificateArn" => {
                for (i, arn) in value.as_array().into_iter().flatten().enumerate() {
                    let line = o.line_of(&["spec", "certificateArn", &i.to_string()]);
                    certificate(emit, &key, line, arn.as_str().unwrap_or_default(), opts);
                }
            }
            "inboundCIDRs" => {
                for c in value.as_array().into_iter().flatten().filter_map(Value::as_str) {
                    if !values::is_cidr(c) {
                        emit.at("LINT003", &key, line, format!("'{c}' in {key} is not a CIDR"), None);
                    }
                }
            }
            "sslRedirectPort" => {
                if let Some(t) = text
                    && values::parse_int(t, 32).is_none_or(|p| !(1..=65535).contains(&p))
                {
                    emit.at("LINT003", &key, line, format!("{key} must be a port number, not '{t}'"), None);
                }
            }
            _ => {}
        }
    }
}
