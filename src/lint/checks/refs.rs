//! AWS references in judged objects (certificates, subnets, security groups, WAFv2 web ACLs)
//! and their judgement against what AWS answered. [`references`] says what to look up;
//! [`check`] is pure over the answers, which `lint::live` reads.

use std::collections::BTreeMap;

use serde_json::Value;

use super::values::{parse_certificate_arn, string_list};
use super::{Emit, Finding, Options};
use crate::lint::gather::Object;

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RefKind {
    /// An ACM certificate ARN.
    Certificate,
    /// A subnet id or Name tag.
    Subnet,
    /// A security group id or Name tag.
    SecurityGroup,
    /// A WAFv2 web ACL ARN.
    WebAclArn,
    /// A WAFv2 web ACL name.
    WebAclName,
}

/// One reference: what, where.
#[derive(Debug, Clone)]
pub struct Reference {
    /// What the value names, set by the annotation or IngressClassParams field it was found in.
    pub kind: RefKind,
    /// The ARN, id or name referred to: one item of a list annotation (trimmed), or a field's value.
    pub value: String,
    /// Index of the object in the inputs.
    pub object: usize,
    /// Annotation key or field.
    pub key: String,
    /// Line of the annotation or field in its file (else the object's line); `None` for a live object.
    pub line: Option<usize>,
}

const ANNOTATION_REFS: &[(&str, RefKind)] = &[
    ("alb.ingress.kubernetes.io/certificate-arn", RefKind::Certificate),
    ("service.beta.kubernetes.io/aws-load-balancer-ssl-cert", RefKind::Certificate),
    ("alb.ingress.kubernetes.io/subnets", RefKind::Subnet),
    ("alb.ingress.kubernetes.io/frontend-nlb-subnets", RefKind::Subnet),
    ("service.beta.kubernetes.io/aws-load-balancer-subnets", RefKind::Subnet),
    ("alb.ingress.kubernetes.io/security-groups", RefKind::SecurityGroup),
    ("alb.ingress.kubernetes.io/frontend-nlb-security-groups", RefKind::SecurityGroup),
    ("service.beta.kubernetes.io/aws-load-balancer-security-groups", RefKind::SecurityGroup),
    ("alb.ingress.kubernetes.io/wafv2-acl-arn", RefKind::WebAclArn),
    ("alb.ingress.kubernetes.io/wafv2-acl-name", RefKind::WebAclName),
];

/// The references of the judged objects (`judged`: their indices).
pub fn references(objects: &[Object], judged: &[usize]) -> Vec<Reference> {
    let mut out = Vec::new();
    for &i in judged {
        let o = &objects[i];
        for (key, kind) in ANNOTATION_REFS {
            let Some(text) = o.annotation(key) else { continue };
            let line = o.annotation_line(key);
            let values = if matches!(kind, RefKind::WebAclArn | RefKind::WebAclName) {
                vec![text.trim().to_string()]
            } else {
                string_list(text)
            };
            for value in values.into_iter().filter(|v| !v.is_empty() && v != "none") {
                out.push(Reference { kind: *kind, value, object: i, key: key.to_string(), line });
            }
        }
        if o.kind == "IngressClassParams" {
            let spec = &o.value["spec"];
            let mut field = |kind: RefKind, path: &[&str], v: &Value| {
                if let Some(s) = v.as_str().filter(|s| !s.is_empty() && *s != "none") {
                    let key = format!("spec.{}", path.join("."));
                    let mut full = vec!["spec"];
                    full.extend_from_slice(path);
                    out.push(Reference { kind, value: s.to_string(), object: i, key, line: o.line_of(&full) });
                }
            };
            for v in spec["certificateArn"].as_array().into_iter().flatten() {
                field(RefKind::Certificate, &["certificateArn"], v);
            }
            for v in spec["subnets"]["ids"].as_array().into_iter().flatten() {
                field(RefKind::Subnet, &["subnets", "ids"], v);
            }
            field(RefKind::WebAclArn, &["wafv2AclArn"], &spec["wafv2AclArn"]);
            field(RefKind::WebAclName, &["wafv2AclName"], &spec["wafv2AclName"]);
        }
    }
    out
}

/// A subnet or security group of the cluster's VPC.
#[derive(Debug, Clone, Default)]
pub struct VpcResource {
    /// `subnet-...` / `sg-...`.
    pub id: String,
    /// Its `Name` tag (and for a security group also its group name).
    pub names: Vec<String>,
}

/// What AWS said about the references.
#[derive(Debug, Clone, Default)]
pub struct AwsAnswers {
    /// The cluster's region.
    pub region: String,
    /// The cluster's VPC.
    pub vpc_id: String,
    /// Certificate ARN -> its status (`None`: no such certificate).
    pub certificates: BTreeMap<String, Option<String>>,
    /// The VPC's subnets.
    pub subnets: Vec<VpcResource>,
    /// The VPC's security groups.
    pub security_groups: Vec<VpcResource>,
    /// Regional WAFv2 web ACLs (name, ARN).
    pub web_acls: Vec<(String, String)>,
}

/// Certificate ARNs worth asking ACM about: well-formed ACM ARNs in the cluster's region (the
/// pure checks already report the others).
pub fn certificates_to_read(refs: &[Reference], region: &str) -> Vec<String> {
    let mut arns: Vec<String> = refs
        .iter()
        .filter(|r| r.kind == RefKind::Certificate)
        .filter(|r| parse_certificate_arn(&r.value).and_then(|c| c.region).as_deref() == Some(region))
        .map(|r| r.value.clone())
        .collect();
    arns.sort();
    arns.dedup();
    arns
}

/// Judges every reference against the answers.
pub fn check(objects: &[Object], refs: &[Reference], aws: &AwsAnswers, _opts: &Options, out: &mut Vec<Finding>) {
    for r in refs {
        let mut emit = Emit { object: &objects[r.object], out };
        let v = &r.value;
        match r.kind {
            RefKind::Certificate => match aws.certificates.get(v) {
                Some(None) => emit.at(
                    "LINT020",
                    &r.key,
                    r.line,
                    format!("certificate {v} does not exist in ACM in {}", aws.region),
                    Some("request or import it in ACM, or fix the ARN".into()),
                ),
                Some(Some(status)) if status != "ISSUED" => emit.at(
                    "LINT020",
                    &r.key,
                    r.line,
                    format!("certificate {v} is {status}, not ISSUED"),
                    Some("finish its validation in ACM, or use an issued certificate".into()),
                ),
                _ => {}
            },
            RefKind::Subnet => {
                let found = if v.starts_with("subnet-") {
                    aws.subnets.iter().any(|s| &s.id == v)
                } else {
                    aws.subnets.iter().any(|s| s.names.contains(v))
                };
                if !found {
                    emit.at(
                        "LINT021",
                        &r.key,
                        r.line,
                        format!("subnet {v} is not a subnet of the cluster's VPC {}", aws.vpc_id),
                        Some("use the ID or Name tag of a subnet in the cluster's VPC (albctl subnets list)".into()),
                    );
                }
            }
            RefKind::SecurityGroup => {
                let found = if v.starts_with("sg-") {
                    aws.security_groups.iter().any(|s| &s.id == v)
                } else {
                    aws.security_groups.iter().any(|s| s.names.contains(v))
                };
                if !found {
                    emit.at(
                        "LINT022",
                        &r.key,
                        r.line,
                        format!("security group {v} is not in the cluster's VPC {}", aws.vpc_id),
                        Some("use the ID or Name tag of a security group in the cluster's VPC".into()),
                    );
                }
            }
            RefKind::WebAclArn | RefKind::WebAclName => {
                let by_arn = r.kind == RefKind::WebAclArn;
                let found = aws.web_acls.iter().any(|(name, arn)| if by_arn { arn == v } else { name == v });
                if !found {
                    emit.at(
                        "LINT023",
                        &r.key,
                        r.line,
                        format!(
                            "no regional WAFv2 web ACL {} {v} in {}",
                            if by_arn { "with ARN" } else { "named" },
                            aws.region
                        ),
                        Some(
                            "create the web ACL (scope REGIONAL) in the cluster's region, or fix the reference".into(),
                        ),
                    );
                }
            }
        }
    }
}
