//! The values the rooms of `migrate` hand each other: findings, the translated Ingress before
//! grouping ([`Draft`]), and the emitted one ([`Emitted`]). Plain data, no I/O.

use std::collections::BTreeMap;

use serde::Serialize;

use super::mapping::{self, Severity};
use crate::lint::gather::Object;

/// The object a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ObjectId {
    /// The object's `kind`, e.g. `Ingress` or `ConfigMap`.
    pub kind: String,
    /// Its `metadata.namespace` (`default` when unset).
    pub namespace: String,
    /// Its `metadata.name`, as in the source.
    pub name: String,
}

impl ObjectId {
    /// The id of an object.
    pub fn of(o: &Object) -> ObjectId {
        ObjectId { kind: o.kind.clone(), namespace: o.namespace.clone(), name: o.name.clone() }
    }
}

/// One finding of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code (`MIG001`).
    pub code: &'static str,
    /// Severity (from the code).
    pub severity: Severity,
    /// The source object.
    pub object: ObjectId,
    /// The annotation, ConfigMap key or field.
    pub key: String,
    /// What happens, in the user's terms.
    pub message: String,
    /// What to do.
    pub action: String,
    /// File (or the live object's address).
    pub file: String,
    /// Line in the file.
    pub line: Option<usize>,
}

impl Finding {
    /// A finding about `key` of `o` (an annotation, a ConfigMap key, or a `spec.` path), at its line.
    pub fn new(code: &'static str, o: &Object, key: &str, message: String) -> Finding {
        let line = if let Some(path) = key.strip_prefix("spec.") {
            let segments: Vec<&str> = std::iter::once("spec").chain(path.split('.')).collect();
            o.line_of(&segments)
        } else if o.kind == "ConfigMap" {
            o.line_of(&["data", key])
        } else {
            o.annotation_line(key)
        };
        let kind = mapping::code(code);
        Finding {
            code,
            severity: kind.severity,
            object: ObjectId::of(o),
            key: key.to_string(),
            message,
            action: kind.action.to_string(),
            file: o.file.clone(),
            line,
        }
    }
}

/// How a path matches, as the controller reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum PathType {
    /// `Exact`.
    Exact,
    /// `Prefix` (element-wise).
    Prefix,
    /// `ImplementationSpecific`: an ALB wildcard, or a regex with use-regex-path-match.
    ImplementationSpecific,
}

impl PathType {
    /// The Kubernetes name.
    pub fn as_str(self) -> &'static str {
        match self {
            PathType::Exact => "Exact",
            PathType::Prefix => "Prefix",
            PathType::ImplementationSpecific => "ImplementationSpecific",
        }
    }
}

/// Where a path sends requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Backend {
    /// A Service port (number or name).
    Service {
        /// `service.name`; the Service is in the Ingress's namespace.
        name: String,
        /// Port number or name.
        port: PortRef,
    },
    /// `use-annotation`: the `actions.NAME` annotation.
    Action(String),
}

/// A Service port by number or name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PortRef {
    /// `port.number`.
    Number(i64),
    /// `port.name`.
    Name(String),
}

/// One translated path.
#[derive(Debug, Clone, Serialize)]
pub struct Path {
    /// The rule's host (`None`: every host).
    pub host: Option<String>,
    /// The path as the controller reads it.
    pub path: String,
    /// `Exact`, `Prefix` or `ImplementationSpecific` (ALB wildcards, regex), as emitted.
    pub path_type: PathType,
    /// Where it goes.
    pub backend: Backend,
    /// nginx's precedence within the host: (exact first, longer first, then the source order).
    pub nginx_rank: (u8, std::cmp::Reverse<usize>, usize),
    /// ALB condition values the rule needs (host, path, source IPs, headers).
    pub condition_values: usize,
}

/// One nginx Ingress translated, before grouping.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Index of the source object in the inputs.
    pub source: usize,
    /// The source Ingress's namespace, which the output keeps.
    pub namespace: String,
    /// The source Ingress's name (grouping adds `--name-suffix`, and `-2`, `-3`, ... to split parts).
    pub name: String,
    /// Labels kept from the source.
    pub labels: BTreeMap<String, String>,
    /// Annotations of the output (the controller's and other tools' that were kept).
    pub annotations: BTreeMap<String, String>,
    /// Paths in nginx precedence order.
    pub paths: Vec<Path>,
    /// Hosts of `spec.tls` (certificate discovery).
    pub tls_hosts: Vec<String>,
    /// `spec.defaultBackend`.
    pub default_backend: Option<Backend>,
    /// Whether HTTP is redirected to HTTPS.
    pub redirect: bool,
}

/// One emitted ALB Ingress.
#[derive(Debug, Clone, Serialize)]
pub struct Emitted {
    /// Index of the source object in the inputs.
    #[serde(skip)]
    pub source: usize,
    /// The source's file (or address).
    pub source_file: String,
    /// The output's namespace: the source's.
    pub namespace: String,
    /// The output's name: the source's plus `--name-suffix`, then `-2`, `-3`, ... for the further
    /// parts of a split source.
    pub name: String,
    /// The group's name (`None`: an ALB of its own).
    pub group: Option<String>,
    /// The `networking.k8s.io/v1` Ingress object, as written to the YAML output.
    pub manifest: serde_json::Value,
}
