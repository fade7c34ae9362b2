//! Pure checks: parsed objects in, findings out. No I/O, no AWS, no Kubernetes client.
//!
//! [`lint`] selects the objects the controller would handle (`selection`), judges every annotation
//! against the catalogue (`annotations`; IngressClassParams fields in `params`), then the rules that
//! span keys and objects (`rules`, `groups`, and the Gateway API's in `lint::gateway`). [`refs`]
//! does the same for AWS references, given what AWS answered.

use serde::Serialize;

use super::catalogue::{self, Severity};
use super::gather::Object;

pub mod auto_mode;
pub mod groups;
pub mod refs;
pub mod schemas;
pub mod values;

mod annotations;
mod params;
mod rules;
mod selection;

use annotations::annotations;
use params::params;
use rules::{ingress_backends, legacy_external_without_target_type};
use selection::{IngressClasses, backend_services, service_role};

/// The object a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectId {
    /// The object's `kind`, e.g. `Ingress` or `IngressClassParams`.
    pub kind: String,
    /// Its `metadata.namespace` (`default` when unset).
    pub namespace: String,
    /// Its `metadata.name`.
    pub name: String,
}

/// One problem in one object: its code, the key at fault, and the file and line to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code (`LINT001`).
    pub code: &'static str,
    /// Severity (from the code).
    pub severity: Severity,
    /// Kind, namespace and name of the object at fault.
    pub object: ObjectId,
    /// The annotation key or field.
    pub key: String,
    /// What is wrong, in the user's terms.
    pub message: String,
    /// What to write instead.
    pub suggestion: Option<String>,
    /// File (or the live object's address).
    pub file: String,
    /// Line in the file.
    pub line: Option<usize>,
}

/// What the checks need besides the objects.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The region load balancers are made in (certificates must be there).
    pub region: Option<String>,
    /// `--target auto-mode`: only what would not carry over to EKS Auto Mode (AUTO0xx).
    pub auto_mode: bool,
}

/// The result of [`lint`].
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Findings, by file, line, code.
    pub findings: Vec<Finding>,
    /// Indices (into the inputs) of the objects judged.
    pub judged: Vec<usize>,
    /// Objects skipped, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// What role an object has for the controller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// An Ingress of an ALB class.
    Ingress,
    /// A Service the controller makes an NLB for.
    NlbService,
    /// A Service only read as an Ingress backend (its alb.ingress.kubernetes.io keys).
    BackendService,
    /// IngressClassParams.
    Params,
}

/// Builds findings for one object.
pub(crate) struct Emit<'a> {
    pub object: &'a Object,
    pub out: &'a mut Vec<Finding>,
}

impl Emit<'_> {
    pub fn at(
        &mut self,
        code: &'static str,
        key: &str,
        line: Option<usize>,
        message: String,
        suggestion: Option<String>,
    ) {
        let o = self.object;
        self.out.push(Finding {
            code,
            severity: catalogue::check(code).severity,
            object: ObjectId { kind: o.kind.clone(), namespace: o.namespace.clone(), name: o.name.clone() },
            key: key.to_string(),
            message,
            suggestion,
            file: o.file.clone(),
            line,
        });
    }

    /// A finding on an annotation, at its line.
    pub fn key(&mut self, code: &'static str, key: &str, message: String, suggestion: Option<String>) {
        let line = self.object.annotation_line(key);
        self.at(code, key, line, message, suggestion);
    }
}

/// Judges the objects; `opts.region` enables the certificate region check.
pub fn lint(objects: &[Object], opts: &Options) -> Outcome {
    let classes = IngressClasses::of(objects);
    let gateway = super::gateway::Selection::of(objects);
    let mut out = Vec::new();
    let mut roles: Vec<Option<Role>> = Vec::with_capacity(objects.len());
    let mut skipped = Vec::new();
    for o in objects {
        let role = match o.kind.as_str() {
            "Ingress" => match classes.ingress_managed(o) {
                Ok(()) => Some(Role::Ingress),
                Err(why) => {
                    skipped.push((o.display(), why));
                    None
                }
            },
            "Service" => match service_role(o) {
                Ok(role) => Some(role),
                Err(why) => {
                    legacy_external_without_target_type(o, &mut out);
                    skipped.push((o.display(), why));
                    None
                }
            },
            "IngressClassParams" if o.api_version.starts_with("elbv2.k8s.aws/") => Some(Role::Params),
            "TargetGroupBinding" if opts.auto_mode && o.api_version.starts_with("elbv2.k8s.aws/") => {
                auto_mode::target_group_binding(&mut Emit { object: o, out: &mut out });
                None
            }
            _ => {
                match gateway.role(o) {
                    Some(Ok(())) => {}
                    Some(Err(why)) => skipped.push((o.display(), why)),
                    None => skipped.push((o.display(), format!("kind {} is not judged", o.kind))),
                }
                None
            }
        };
        roles.push(role);
    }
    // Services read as backends of judged Ingresses.
    let backends = backend_services(objects, &roles);
    let mut backend_only = std::collections::HashSet::new();
    for (i, o) in objects.iter().enumerate() {
        if roles[i].is_none() && o.kind == "Service" && backends.contains_key(&(o.namespace.clone(), o.name.clone())) {
            roles[i] = Some(Role::BackendService);
            backend_only.insert(o.display());
        }
    }
    if !backend_only.is_empty() {
        skipped.retain(|(d, _)| !backend_only.contains(d));
    }
    let mut judged = Vec::new();
    for (i, (o, role)) in objects.iter().zip(&roles).enumerate() {
        let Some(role) = role else { continue };
        judged.push(i);
        let mut emit = Emit { object: o, out: &mut out };
        if opts.auto_mode {
            auto_mode::readiness(&mut emit, *role);
            continue;
        }
        match role {
            Role::Params => params(&mut emit, opts),
            _ => annotations(&mut emit, *role, opts),
        }
        if *role == Role::Ingress {
            ingress_backends(&mut emit, objects);
        }
    }
    if opts.auto_mode {
        let tgbs = objects.iter().enumerate().filter(|(_, o)| o.kind == "TargetGroupBinding");
        judged.extend(tgbs.clone().map(|(i, _)| i));
        let shown: std::collections::HashSet<String> = tgbs.map(|(_, o)| o.display()).collect();
        skipped.retain(|(d, _)| !shown.contains(d));
    } else {
        let ingresses: Vec<&Object> =
            objects.iter().zip(&roles).filter(|(_, r)| **r == Some(Role::Ingress)).map(|(o, _)| o).collect();
        groups::check(&ingresses, &mut out);
        judged.extend(super::gateway::check(objects, &gateway, opts, &mut out));
    }
    judged.sort_unstable();
    out.sort_by(|a, b| (&a.file, a.line, a.code).cmp(&(&b.file, b.line, b.code)));
    out.dedup();
    Outcome { findings: out, judged, skipped }
}

#[cfg(test)]
mod tests;
