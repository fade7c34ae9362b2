//! TLS hosts and ACM certificates. Pure.
//!
//! Offline, the controller's certificate discovery does the work: the emitted Ingress keeps
//! `spec.tls` hosts (without the Secret, which ALB cannot use) and listens on HTTPS:443, and
//! [`super::translate`] says so. With `--cluster`, every TLS host is matched here against the
//! region's ACM certificates, as the controller's discovery matches: an ISSUED certificate whose
//! domain or a subject alternative name equals the host, or is a wildcard for one label of it.
//! Certificates in other regions are never listed (ACM is regional), so they never match.

use std::collections::BTreeSet;

use super::model::{Draft, Finding};
use crate::lint::gather::Object;

const CERTIFICATE_ARN: &str = "alb.ingress.kubernetes.io/certificate-arn";

/// An ACM certificate of the region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// ARN.
    pub arn: String,
    /// `ISSUED`, `PENDING_VALIDATION`, ...
    pub status: String,
    /// Domain name and subject alternative names.
    pub names: Vec<String>,
}

/// Whether a certificate name covers a host (`*.example.com` covers `a.example.com`, not
/// `example.com` nor `a.b.example.com`). Case-insensitive, as DNS.
pub fn covers(name: &str, host: &str) -> bool {
    let (name, host) = (name.to_ascii_lowercase(), host.to_ascii_lowercase());
    match name.strip_prefix("*.") {
        Some(parent) => host.split_once('.').is_some_and(|(label, rest)| !label.is_empty() && rest == parent),
        None => name == host,
    }
}

/// Writes `certificate-arn` on every draft with TLS hosts (the matched ISSUED certificates,
/// sorted) and reports each host none covers, naming a certificate that covers it but is not
/// issued.
pub fn assign(objects: &[Object], drafts: &mut [Draft], certificates: &[Certificate], region: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    for d in drafts.iter_mut() {
        let mut arns: BTreeSet<String> = BTreeSet::new();
        for host in &d.tls_hosts {
            let issued = certificates
                .iter()
                .filter(|c| c.status == "ISSUED" && c.names.iter().any(|n| covers(n, host)))
                .min_by(|a, b| a.arn.cmp(&b.arn));
            match issued {
                Some(c) => {
                    arns.insert(c.arn.clone());
                }
                None => {
                    let other = certificates.iter().find(|c| c.names.iter().any(|n| covers(n, host)));
                    let why = match other {
                        Some(c) => format!("{} covers it but is {}", c.arn, c.status),
                        None => "none covers it".to_string(),
                    };
                    findings.push(Finding::new(
                        "MIG015",
                        &objects[d.source],
                        "spec.tls",
                        format!("no ISSUED ACM certificate in {region} for {host}: {why}"),
                    ));
                }
            }
        }
        if !arns.is_empty() {
            d.annotations.insert(CERTIFICATE_ARN.to_string(), arns.into_iter().collect::<Vec<_>>().join(","));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_cover_one_label() {
        assert!(covers("*.example.com", "shop.example.com"));
        assert!(covers("Shop.Example.com", "shop.example.com"));
        assert!(!covers("*.example.com", "example.com"));
        assert!(!covers("*.example.com", "a.b.example.com"));
        assert!(!covers("example.com", "www.example.com"));
    }
}
