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

/// A certificate of the region with every name it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateNames {
    /// Its ARN.
    pub arn: String,
    /// `ISSUED`, `PENDING_VALIDATION`, ...
    pub status: String,
    /// The domain name, then the subject alternative names.
    pub names: Vec<String>,
}

/// Every certificate of the client's region (all statuses and key types), each described for
/// its subject alternative names.
pub async fn list_certificates(acm: &Client) -> anyhow::Result<Vec<CertificateNames>> {
    use aws_sdk_acm::types::{Filters, KeyAlgorithm};
    let key_types = vec![
        KeyAlgorithm::Rsa1024,
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::Rsa3072,
        KeyAlgorithm::Rsa4096,
        KeyAlgorithm::EcPrime256v1,
        KeyAlgorithm::EcSecp384r1,
        KeyAlgorithm::EcSecp521r1,
    ];
    let summaries: Vec<_> = acm
        .list_certificates()
        .includes(Filters::builder().set_key_types(Some(key_types)).build())
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| api_error("acm:ListCertificates", e))?;
    let reads = summaries.iter().filter_map(|s| s.certificate_arn()).map(|arn| async move {
        let out = acm
            .describe_certificate()
            .certificate_arn(arn)
            .send()
            .await
            .map_err(|e| api_error("acm:DescribeCertificate", e))?;
        let c = out.certificate();
        let mut names: Vec<String> = c.and_then(|c| c.domain_name()).map(str::to_string).into_iter().collect();
        for san in c.map(|c| c.subject_alternative_names()).unwrap_or_default() {
            if !names.contains(san) {
                names.push(san.clone());
            }
        }
        Ok::<_, anyhow::Error>(CertificateNames {
            arn: arn.to_string(),
            status: c.and_then(|c| c.status()).map(|s| s.as_str().to_string()).unwrap_or_else(|| "UNKNOWN".into()),
            names,
        })
    });
    let mut out = futures::future::try_join_all(reads).await?;
    out.sort_by(|a, b| a.arn.cmp(&b.arn));
    Ok(out)
}
