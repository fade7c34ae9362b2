//! The webhook's TLS material: a private CA and a serving certificate for the webhook Service.
//!
//! Exists because the API server calls the controller's admission webhooks over TLS and trusts
//! only the `caBundle` albctl writes into the webhook configurations. The material is generated
//! once and reused while it is valid (design section 4); [`validate`] says why an existing Secret
//! cannot be reused. This module never logs or prints the private key (its `Debug` redacts it)
//! and does no I/O: the caller reads and writes the Secret.

use std::fmt;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, PKCS_ECDSA_P256_SHA256,
};
use time::{Duration, OffsetDateTime};
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

/// Lifetime of the CA and of the serving certificate (like the chart's `genCA`/`genSignedCert` 3650 days).
pub const VALIDITY: Duration = Duration::days(3650);
/// A certificate with less than this left is not reused.
pub const MIN_REMAINING: Duration = Duration::days(30);
/// Backdating of `notBefore`, so clocks a little behind ours accept a fresh certificate.
const BACKDATE: Duration = Duration::hours(1);
/// Common name of the generated CA.
pub const CA_COMMON_NAME: &str = "aws-load-balancer-controller-ca";

/// PEM-encoded webhook TLS material, as stored in the `kubernetes.io/tls` Secret.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookTls {
    /// The CA certificate (`ca.crt`); the webhook configurations' `caBundle` is this, base64.
    pub ca_crt: String,
    /// The serving certificate (`tls.crt`), signed by the CA.
    pub tls_crt: String,
    /// The serving certificate's private key (`tls.key`, PKCS#8). Never log it.
    pub tls_key: String,
}

impl fmt::Debug for WebhookTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookTls")
            .field("ca_crt", &self.ca_crt)
            .field("tls_crt", &self.tls_crt)
            .field("tls_key", &"<redacted>")
            .finish()
    }
}

/// Why existing webhook TLS material cannot be reused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlsProblem {
    /// A PEM block is missing or does not parse.
    #[error("{field} cannot be parsed: {reason}")]
    Unparsable {
        /// `ca.crt`, `tls.crt` or `tls.key`.
        field: &'static str,
        /// What went wrong (never contains key material).
        reason: String,
    },
    /// `ca.crt` is not a CA certificate.
    #[error("ca.crt is not a CA certificate (basicConstraints CA:true missing)")]
    NotACa,
    /// `tls.key` is not the key of `tls.crt`.
    #[error("tls.key does not belong to tls.crt")]
    KeyMismatch,
    /// `tls.crt` was not issued by `ca.crt`.
    #[error("tls.crt was not signed by ca.crt, so the caBundle would not verify it")]
    ChainInvalid,
    /// `tls.crt` lacks a DNS name the API server uses to call the webhook Service.
    #[error("tls.crt lacks the DNS names {missing:?}")]
    WrongSans {
        /// The required names that are missing.
        missing: Vec<String>,
    },
    /// A certificate is not valid yet.
    #[error("{field} is not valid before {not_before}")]
    NotYetValid {
        /// `ca.crt` or `tls.crt`.
        field: &'static str,
        /// Its notBefore (RFC 3339).
        not_before: String,
    },
    /// A certificate has expired.
    #[error("{field} expired at {not_after}")]
    Expired {
        /// `ca.crt` or `tls.crt`.
        field: &'static str,
        /// Its notAfter (RFC 3339).
        not_after: String,
    },
    /// A certificate expires within [`MIN_REMAINING`].
    #[error("{field} expires at {not_after}, in {days_left} days (less than 30)")]
    ExpiresSoon {
        /// `ca.crt` or `tls.crt`.
        field: &'static str,
        /// Its notAfter (RFC 3339).
        not_after: String,
        /// Whole days left.
        days_left: i64,
    },
}

/// The DNS names the serving certificate must carry for `service` in `namespace`.
pub fn service_dns_names(service: &str, namespace: &str) -> Vec<String> {
    vec![
        format!("{service}.{namespace}"),
        format!("{service}.{namespace}.svc"),
        format!("{service}.{namespace}.svc.cluster.local"),
    ]
}

/// Generates a CA and a serving certificate for `service`.`namespace`, both valid from shortly
/// before `now` for [`VALIDITY`]. Keys are ECDSA P-256.
pub fn generate(service: &str, namespace: &str, now: OffsetDateTime) -> anyhow::Result<WebhookTls> {
    generate_with_validity(service, namespace, now - BACKDATE, now + VALIDITY)
}

/// [`generate`] with explicit validity bounds (tests use it to make expired material).
pub fn generate_with_validity(
    service: &str,
    namespace: &str,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> anyhow::Result<WebhookTls> {
    let (ca_crt, issuer) = make_ca(not_before, not_after)?;
    let names = service_dns_names(service, namespace);
    let (tls_crt, tls_key) = make_leaf(&names, &names[1], &issuer, not_before, not_after)?;
    Ok(WebhookTls { ca_crt, tls_crt, tls_key })
}

fn make_ca(
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> anyhow::Result<(String, Issuer<'static, KeyPair>)> {
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, CA_COMMON_NAME);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    params.not_before = not_before;
    params.not_after = not_after;
    let cert = params.self_signed(&key)?;
    Ok((cert.pem(), Issuer::new(params, key)))
}

fn make_leaf(
    dns_names: &[String],
    common_name: &str,
    issuer: &Issuer<'_, KeyPair>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> anyhow::Result<(String, String)> {
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
    let mut params = CertificateParams::new(dns_names.to_vec())?;
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, common_name);
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyEncipherment];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    params.not_before = not_before;
    params.not_after = not_after;
    let cert = params.signed_by(&key, issuer)?;
    Ok((cert.pem(), key.serialize_pem()))
}

/// Checks that existing material can be reused for `service`.`namespace` at `now`: every part
/// parses, the key belongs to the certificate, the certificate chains to `ca.crt`, it carries
/// the Service's DNS names, and both certificates are valid for more than [`MIN_REMAINING`].
pub fn validate(tls: &WebhookTls, service: &str, namespace: &str, now: OffsetDateTime) -> Result<(), TlsProblem> {
    let ca_der = pem_der(&tls.ca_crt, "ca.crt")?;
    let leaf_der = pem_der(&tls.tls_crt, "tls.crt")?;
    let ca = parse_cert(&ca_der, "ca.crt")?;
    let leaf = parse_cert(&leaf_der, "tls.crt")?;
    // NB: Helm's genSignedCert (the chart's Secret) writes a PKCS#1 RSA key; rcgen reads PKCS#8.
    let key = match pkcs1_as_pkcs8_pem(&tls.tls_key) {
        Some(pkcs8) => KeyPair::from_pem(&pkcs8),
        None => KeyPair::from_pem(&tls.tls_key),
    }
    .map_err(|e| TlsProblem::Unparsable { field: "tls.key", reason: key_error(&e) })?;

    if !ca.is_ca() {
        return Err(TlsProblem::NotACa);
    }
    if rcgen::PublicKeyData::subject_public_key_info(&key) != leaf.public_key().raw {
        return Err(TlsProblem::KeyMismatch);
    }
    if leaf.issuer() != ca.subject() || leaf.verify_signature(Some(ca.public_key())).is_err() {
        return Err(TlsProblem::ChainInvalid);
    }

    let mut present = Vec::new();
    if let Ok(Some(san)) = leaf.subject_alternative_name() {
        for name in &san.value.general_names {
            if let GeneralName::DNSName(dns) = name {
                present.push(dns.to_ascii_lowercase());
            }
        }
    }
    let missing: Vec<String> =
        service_dns_names(service, namespace).into_iter().filter(|n| !present.contains(n)).collect();
    if !missing.is_empty() {
        return Err(TlsProblem::WrongSans { missing });
    }

    check_time(&leaf, "tls.crt", now)?;
    check_time(&ca, "ca.crt", now)?;
    Ok(())
}

fn pem_der(pem: &str, field: &'static str) -> Result<Vec<u8>, TlsProblem> {
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes())
        .map_err(|e| TlsProblem::Unparsable { field, reason: format!("not PEM: {e}") })?;
    if block.label != "CERTIFICATE" {
        return Err(TlsProblem::Unparsable { field, reason: format!("PEM block is {}, not CERTIFICATE", block.label) });
    }
    Ok(block.contents)
}

fn parse_cert<'a>(der: &'a [u8], field: &'static str) -> Result<X509Certificate<'a>, TlsProblem> {
    X509Certificate::from_der(der)
        .map(|(_, cert)| cert)
        .map_err(|e| TlsProblem::Unparsable { field, reason: format!("not an X.509 certificate: {e}") })
}

/// Describes a key parse failure without echoing the input.
/// A PKCS#1 `RSA PRIVATE KEY` PEM re-wrapped as PKCS#8 (`PRIVATE KEY`), the same key; `None`
/// for any other PEM.
fn pkcs1_as_pkcs8_pem(pem: &str) -> Option<String> {
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).ok()?;
    if block.label != "RSA PRIVATE KEY" {
        return None;
    }
    fn der(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let len = body.len();
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
            out.push(0x80 | bytes.len() as u8);
            out.extend(bytes);
        }
        out.extend_from_slice(body);
        out
    }
    // rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters.
    let algorithm = der(0x30, &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);
    let mut body = vec![0x02, 0x01, 0x00];
    body.extend(algorithm);
    body.extend(der(0x04, &block.contents));
    let encoded = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, der(0x30, &body));
    let lines: Vec<&str> = encoded.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    Some(format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", lines.join("\n")))
}

fn key_error(err: &rcgen::Error) -> String {
    match err {
        rcgen::Error::PemError(_) => "not a PEM private key".into(),
        _ => "not a PKCS#8 ECDSA, Ed25519 or RSA private key".into(),
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_else(|_| t.to_string())
}

fn check_time(cert: &X509Certificate<'_>, field: &'static str, now: OffsetDateTime) -> Result<(), TlsProblem> {
    let not_before = cert.validity().not_before.to_datetime();
    let not_after = cert.validity().not_after.to_datetime();
    if now < not_before {
        return Err(TlsProblem::NotYetValid { field, not_before: rfc3339(not_before) });
    }
    if now >= not_after {
        return Err(TlsProblem::Expired { field, not_after: rfc3339(not_after) });
    }
    let left = not_after - now;
    if left < MIN_REMAINING {
        return Err(TlsProblem::ExpiresSoon { field, not_after: rfc3339(not_after), days_left: left.whole_days() });
    }
    Ok(())
}

/// The webhook Secret's PEM fields, as read from the cluster.
pub fn tls_from_secret(secret: &serde_json::Value) -> Option<WebhookTls> {
    let field = |k: &str| -> Option<String> {
        let b64 = secret.get("data")?.get(k)?.as_str()?;
        let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).ok()?;
        String::from_utf8(bytes).ok()
    };
    Some(WebhookTls { ca_crt: field("ca.crt")?, tls_crt: field("tls.crt")?, tls_key: field("tls.key")? })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVC: &str = "aws-load-balancer-webhook-service";
    const NS: &str = "kube-system";

    fn now() -> OffsetDateTime {
        // 2026-05-28T20:26:40Z: fixed, so the tests do not depend on the clock.
        OffsetDateTime::from_unix_timestamp(1_780_000_000).unwrap()
    }

    #[test]
    fn fresh_material_validates() {
        let tls = generate(SVC, NS, now()).unwrap();
        assert!(tls.ca_crt.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(tls.tls_key.contains("PRIVATE KEY"));
        validate(&tls, SVC, NS, now()).unwrap();
        // Still fine nine years later, not ten.
        validate(&tls, SVC, NS, now() + Duration::days(9 * 365)).unwrap();
        assert!(matches!(
            validate(&tls, SVC, NS, now() + Duration::days(3640)),
            Err(TlsProblem::ExpiresSoon { field: "tls.crt", .. })
        ));
    }

    #[test]
    fn debug_redacts_the_key() {
        let tls = generate(SVC, NS, now()).unwrap();
        let shown = format!("{tls:?}");
        assert!(shown.contains("<redacted>"));
        assert!(!shown.contains("PRIVATE KEY"));
    }

    #[test]
    fn sans_cover_the_service() {
        let tls = generate(SVC, NS, now()).unwrap();
        let der = pem_der(&tls.tls_crt, "tls.crt").unwrap();
        let cert = parse_cert(&der, "tls.crt").unwrap();
        let san = cert.subject_alternative_name().unwrap().unwrap();
        let names: Vec<_> = san
            .value
            .general_names
            .iter()
            .filter_map(|n| if let GeneralName::DNSName(d) = n { Some(d.to_string()) } else { None })
            .collect();
        assert_eq!(names, service_dns_names(SVC, NS));
    }

    #[test]
    fn expired_material_is_rejected() {
        let tls = generate_with_validity(SVC, NS, now() - Duration::days(400), now() - Duration::days(1)).unwrap();
        assert!(matches!(validate(&tls, SVC, NS, now()), Err(TlsProblem::Expired { field: "tls.crt", .. })));
    }

    #[test]
    fn material_expiring_soon_is_rejected() {
        let tls = generate_with_validity(SVC, NS, now() - Duration::days(10), now() + Duration::days(29)).unwrap();
        let err = validate(&tls, SVC, NS, now()).unwrap_err();
        assert!(matches!(err, TlsProblem::ExpiresSoon { days_left: 28 | 29, .. }), "{err}");
    }

    #[test]
    fn material_from_the_future_is_rejected() {
        let tls = generate_with_validity(SVC, NS, now() + Duration::days(1), now() + Duration::days(400)).unwrap();
        assert!(matches!(validate(&tls, SVC, NS, now()), Err(TlsProblem::NotYetValid { .. })));
    }

    #[test]
    fn wrong_sans_are_rejected() {
        let tls = generate("other-service", NS, now()).unwrap();
        match validate(&tls, SVC, NS, now()) {
            Err(TlsProblem::WrongSans { missing }) => assert_eq!(missing, service_dns_names(SVC, NS)),
            other => panic!("{other:?}"),
        }
        let tls = generate(SVC, "other-namespace", now()).unwrap();
        assert!(matches!(validate(&tls, SVC, NS, now()), Err(TlsProblem::WrongSans { .. })));
    }

    #[test]
    fn a_certificate_from_another_ca_is_rejected() {
        let ours = generate(SVC, NS, now()).unwrap();
        let theirs = generate(SVC, NS, now()).unwrap();
        let mixed = WebhookTls { ca_crt: theirs.ca_crt, ..ours };
        assert_eq!(validate(&mixed, SVC, NS, now()), Err(TlsProblem::ChainInvalid));
    }

    #[test]
    fn a_ca_with_the_same_name_but_another_key_is_rejected() {
        // Same subject DN, different key: only the signature check catches it.
        let ours = generate(SVC, NS, now()).unwrap();
        let theirs = generate(SVC, NS, now()).unwrap();
        let mixed = WebhookTls { tls_crt: theirs.tls_crt, tls_key: theirs.tls_key, ..ours };
        assert_eq!(validate(&mixed, SVC, NS, now()), Err(TlsProblem::ChainInvalid));
    }

    #[test]
    fn a_key_of_another_certificate_is_rejected() {
        let ours = generate(SVC, NS, now()).unwrap();
        let theirs = generate(SVC, NS, now()).unwrap();
        let mixed = WebhookTls { tls_key: theirs.tls_key, ..ours };
        assert_eq!(validate(&mixed, SVC, NS, now()), Err(TlsProblem::KeyMismatch));
    }

    #[test]
    fn a_leaf_as_ca_is_rejected() {
        let ours = generate(SVC, NS, now()).unwrap();
        let mixed = WebhookTls { ca_crt: ours.tls_crt.clone(), ..ours };
        assert_eq!(validate(&mixed, SVC, NS, now()), Err(TlsProblem::NotACa));
    }

    #[test]
    fn garbage_is_unparsable_and_the_key_is_not_echoed() {
        let ours = generate(SVC, NS, now()).unwrap();
        let bad = WebhookTls { ca_crt: "hello".into(), ..ours.clone() };
        assert!(matches!(validate(&bad, SVC, NS, now()), Err(TlsProblem::Unparsable { field: "ca.crt", .. })));
        let bad = WebhookTls { tls_crt: ours.tls_key.clone(), ..ours.clone() };
        assert!(matches!(validate(&bad, SVC, NS, now()), Err(TlsProblem::Unparsable { field: "tls.crt", .. })));
        let secret_looking = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXNlY3JldA==\n-----END PRIVATE KEY-----\n";
        let bad = WebhookTls { tls_key: secret_looking.into(), ..ours };
        let err = validate(&bad, SVC, NS, now()).unwrap_err();
        assert!(matches!(err, TlsProblem::Unparsable { field: "tls.key", .. }));
        assert!(!err.to_string().contains("c2VjcmV0"), "{err}");
    }
}
