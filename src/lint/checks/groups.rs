//! Rules across the members of an IngressGroup: values that must agree (whole group, per listen
//! port, per map key) and the ssl-redirect port, which must be an HTTPS listen port of the
//! merged group. One conflicting member fails the whole group, so the finding names the other
//! member. An Ingress without `group.name` is a group of its own. Pure.

use std::collections::BTreeMap;

use super::values::{parse_bool, parse_int, string_list, string_map};
use super::{Emit, Finding, schemas};
use crate::lint::catalogue;
use crate::lint::gather::Object;

const GROUP_NAME: &str = "alb.ingress.kubernetes.io/group.name";
const GROUP_ORDER: &str = "alb.ingress.kubernetes.io/group.order";
const LISTEN_PORTS: &str = "alb.ingress.kubernetes.io/listen-ports";
const SSL_REDIRECT: &str = "alb.ingress.kubernetes.io/ssl-redirect";

/// The listen ports of one Ingress: its annotation when valid, else the controller's default
/// (HTTPS:443 when it names certificates, HTTP:80 otherwise).
pub fn listen_ports(o: &Object) -> Vec<(String, i64)> {
    if let Some(ports) = o
        .annotation(LISTEN_PORTS)
        .and_then(|t| serde_json::from_str(t).ok())
        .and_then(|v| schemas::listen_ports(&v).ok())
    {
        return ports;
    }
    let tls = o.annotation("alb.ingress.kubernetes.io/certificate-arn").is_some()
        || o.annotation("alb.ingress.kubernetes.io/create-acm-cert").and_then(parse_bool) == Some(true);
    if tls { vec![("HTTPS".into(), 443)] } else { vec![("HTTP".into(), 80)] }
}

/// Judges every group of the given (managed) Ingresses.
pub fn check(ingresses: &[&Object], out: &mut Vec<Finding>) {
    let mut groups: BTreeMap<String, Vec<&Object>> = BTreeMap::new();
    for o in ingresses {
        let id = match o.annotation(GROUP_NAME).filter(|n| super::values::group_name_problem(n).is_none()) {
            Some(name) => format!("group {name}"),
            None => format!("ingress {}/{}", o.namespace, o.name),
        };
        groups.entry(id).or_default().push(o);
    }
    for members in groups.values_mut() {
        members.sort_by_key(|o| {
            let order = o.annotation(GROUP_ORDER).and_then(|v| parse_int(v, 32)).unwrap_or(0);
            (order, o.namespace.clone(), o.name.clone())
        });
        ssl_redirect(members, out);
        if members.len() > 1 {
            conflicts(members, out);
        }
    }
}

fn where_(o: &Object, key: &str) -> String {
    match o.annotation_line(key) {
        Some(line) if o.line.is_some() => format!("Ingress {}/{} ({}:{line})", o.namespace, o.name, o.file),
        _ => format!("Ingress {}/{}", o.namespace, o.name),
    }
}

fn ssl_redirect(members: &[&Object], out: &mut Vec<Finding>) {
    let merged: Vec<(String, i64, &Object)> =
        members.iter().flat_map(|o| listen_ports(o).into_iter().map(move |(p, n)| (p, n, *o))).collect();
    for o in members {
        let Some(port) = o.annotation(SSL_REDIRECT).and_then(|v| parse_int(v, 32)) else { continue };
        let mut emit = Emit { object: o, out };
        let scope = if members.len() > 1 { "the IngressGroup's" } else { "this Ingress's" };
        match merged.iter().find(|(_, n, _)| *n == port) {
            None => emit.key(
                "LINT007",
                SSL_REDIRECT,
                format!("ssl-redirect is {port} but {scope} listen ports have no {port}: the group fails to build"),
                Some(format!(
                    "add {{\"HTTPS\": {port}}} to {LISTEN_PORTS}, e.g. '[{{\"HTTP\": 80}}, {{\"HTTPS\": {port}}}]'"
                )),
            ),
            Some((proto, _, owner)) if proto != "HTTPS" => emit.key(
                "LINT007",
                SSL_REDIRECT,
                format!(
                    "ssl-redirect is {port} but port {port} is {proto} (set by {}): it must be an HTTPS listen port",
                    where_(owner, LISTEN_PORTS)
                ),
                Some(format!("make {port} an HTTPS port in {LISTEN_PORTS}, or redirect to 443")),
            ),
            Some(_) => {}
        }
    }
}

/// A value normalised for comparison as the controller compares it.
fn normalise(key: &str, value: &str) -> String {
    let order_insensitive = ["subnets", "frontend-nlb-subnets", "frontend-nlb-eip-allocations"];
    let short = key.strip_prefix(catalogue::INGRESS_PREFIX).unwrap_or(key);
    let a = catalogue::find(key);
    match a.map(|a| a.value_type) {
        Some(catalogue::ValueType::Bool) => {
            parse_bool(value).map(|b| b.to_string()).unwrap_or_else(|| value.to_string())
        }
        Some(catalogue::ValueType::StringList) => {
            let mut items = string_list(value);
            if order_insensitive.contains(&short) {
                items.sort();
            }
            items.join(",")
        }
        Some(catalogue::ValueType::StringMap) => {
            string_map(value).map(|m| format!("{m:?}")).unwrap_or_else(|_| value.to_string())
        }
        _ => value.trim().to_string(),
    }
}

fn conflicts(members: &[&Object], out: &mut Vec<Finding>) {
    // concrete key -> members' values, in member order
    let mut by_key: BTreeMap<&str, Vec<(&Object, &str)>> = BTreeMap::new();
    for o in members {
        for (key, value) in o.annotations() {
            let (Some(a), Some(v)) = (catalogue::find(key), value.as_str()) else { continue };
            if a.group.is_some() {
                by_key.entry(key).or_default().push((o, v));
            }
        }
    }
    for (key, setters) in by_key {
        let Some(scope) = catalogue::find(key).and_then(|a| a.group.as_deref()) else { continue };
        match scope {
            "map-key" => map_key(key, &setters, out),
            "listen-port" => per_port(key, &setters, out),
            _ => {
                let (first, first_value) = setters[0];
                let want = normalise(key, first_value);
                for (o, v) in &setters[1..] {
                    if normalise(key, v) != want {
                        conflict(o, key, format!("'{v}'"), first, format!("'{first_value}'"), out);
                    }
                }
            }
        }
    }
}

fn conflict(o: &Object, key: &str, ours: String, other: &Object, theirs: String, out: &mut Vec<Finding>) {
    let group = o.annotation(GROUP_NAME).unwrap_or_default();
    Emit { object: o, out }.key(
        "LINT008",
        key,
        format!(
            "{key} is {ours} here but {theirs} on {}: the whole IngressGroup {group} fails to build",
            where_(other, key)
        ),
        Some(format!("give every member of group {group} the same value, or set it on one member only")),
    );
}

fn map_key(key: &str, setters: &[(&Object, &str)], out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<String, (&Object, String)> = BTreeMap::new();
    for (o, v) in setters {
        let Ok(map) = string_map(v) else { continue };
        for (k, val) in map {
            match seen.get(&k) {
                Some((other, theirs)) if *theirs != val => {
                    conflict(o, key, format!("{k}={val}"), other, format!("{k}={theirs}"), out);
                }
                Some(_) => {}
                None => {
                    seen.insert(k, (o, val));
                }
            }
        }
    }
}

/// Values that must agree on every listen port two members share.
fn per_port(key: &str, setters: &[(&Object, &str)], out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<i64, (&Object, String)> = BTreeMap::new();
    for (o, v) in setters {
        let entries: Vec<(i64, String)> = if key == LISTEN_PORTS {
            match serde_json::from_str(v).ok().and_then(|j| schemas::listen_ports(&j).ok()) {
                Some(ports) => ports.into_iter().map(|(p, n)| (n, p)).collect(),
                None => continue,
            }
        } else if key.ends_with("/mutual-authentication") {
            let parsed: Vec<serde_json::Value> = serde_json::from_str(v).unwrap_or_default();
            parsed.iter().filter_map(|m| Some((m["port"].as_i64()?, m.to_string()))).collect()
        } else {
            let https_only = key.ends_with("/ssl-policy");
            let value = if key.ends_with("/ssl-policy") {
                v.trim().to_string()
            } else {
                let mut items = string_list(v);
                items.sort();
                items.join(",")
            };
            listen_ports(o)
                .into_iter()
                .filter(|(p, _)| !https_only || p == "HTTPS")
                .map(|(_, n)| (n, value.clone()))
                .collect()
        };
        for (port, value) in entries {
            match seen.get(&port) {
                Some((other, theirs)) if *theirs != value => {
                    let what = if key == LISTEN_PORTS { "protocol of port" } else { "value on port" };
                    conflict(o, key, format!("{value} ({what} {port})"), other, theirs.clone(), out);
                }
                Some(_) => {}
                None => {
                    seen.insert(port, (o, value));
                }
            }
        }
    }
}
