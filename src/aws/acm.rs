//! ACM: reads of the certificates that Ingress and Service annotations name (for `lint
//! --cluster`). No writes.

use aws_sdk_acm::Client;

use super::api_error;

/// A certificate as ACM describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateState {
    /// Its ARN.
    pub arn: String,
    /// `ISSUED`, `PENDING_VALIDATION`, `EXPIRED`, ...
    pub status: String,
    /// The domain it is for.
    pub domain: Option<String>,
}

/// The certificate with this ARN, `None` when ACM has none (in the client's region).
pub async fn find_certificate(acm: &Client, arn: &str) -> anyhow::Result<Option<CertificateState>> {
    match acm.describe_certificate().certificate_arn(arn).send().await {
        Ok(out) => Ok(out.certificate().map(|c| CertificateState {
            arn: c.certificate_arn().unwrap_or(arn).to_string(),
            status: c.status().map(|s| s.as_str().to_string()).unwrap_or_else(|| "UNKNOWN".into()),
            domain: c.domain_name().map(str::to_string),
        })),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => Ok(None),
        Err(e) => Err(api_error("acm:DescribeCertificate", e)),
    }
}
