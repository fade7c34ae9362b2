//! The EKS bearer token, made in-process the way `aws eks get-token` makes it.
//!
//! EKS authenticates a Kubernetes request by replaying a presigned STS `GetCallerIdentity` URL:
//! the token is `k8s-aws-v1.` + base64url (no padding) of that URL, presigned with SigV4 query
//! parameters, valid 60 s for the signature and 15 minutes for the token, with the
//! `x-k8s-aws-id: <cluster>` header signed so a token for one cluster is useless for another.
//! Making it here means albctl needs no kubeconfig, no `aws` CLI and no exec plugin.
//!
//! This module is pure: credentials and the clock come in as arguments, nothing is fetched.
//! NB: the token is a credential (anyone holding it acts as the caller for 15 minutes); it is
//! never logged, and [`EksToken`]'s `Debug` redacts it.

use std::fmt;
use std::time::{Duration, SystemTime};

use anyhow::Context as _;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SignatureLocation, SigningParams, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::model::Partition;

/// Prefix of every EKS bearer token (the version of the token format).
pub const TOKEN_PREFIX: &str = "k8s-aws-v1.";

/// The signed header that binds a token to one cluster.
pub const CLUSTER_ID_HEADER: &str = "x-k8s-aws-id";

/// `X-Amz-Expires` of the presigned URL, as `aws eks get-token` sets it.
pub const PRESIGN_EXPIRES: Duration = Duration::from_secs(60);

/// How long albctl treats a token as valid: EKS accepts it for 15 minutes; a minute of margin.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(14 * 60);

/// Age after which albctl makes a new token before the next request.
pub const REFRESH_AFTER: Duration = Duration::from_secs(10 * 60);

/// The STS query the token presigns.
const GET_CALLER_IDENTITY_QUERY: &str = "Action=GetCallerIdentity&Version=2011-06-15";

/// Characters SigV4 leaves unencoded in query values: `A-Z a-z 0-9 - _ . ~` (RFC 3986).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A bearer token for an EKS cluster's API server.
#[derive(Clone, PartialEq, Eq)]
pub struct EksToken {
    token: String,
    expires_at: SystemTime,
}

impl EksToken {
    /// The token, for the `Authorization: Bearer` header. Never log it.
    pub fn secret(&self) -> &str {
        &self.token
    }

    /// When albctl stops using the token (a minute before EKS would reject it).
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }

    /// Whether the token is still usable at `now`.
    pub fn is_valid_at(&self, now: SystemTime) -> bool {
        now < self.expires_at
    }

    /// Whether to make a new token before a request at `now`: the token is older than
    /// [`REFRESH_AFTER`], or will expire within the same margin (short-lived credentials).
    pub fn should_refresh(&self, now: SystemTime) -> bool {
        now + (TOKEN_LIFETIME - REFRESH_AFTER) >= self.expires_at
    }
}

impl fmt::Debug for EksToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EksToken").field("token", &"** redacted **").field("expires_at", &self.expires_at).finish()
    }
}

/// The regional STS host of `region` in `partition`, e.g. `sts.us-west-2.amazonaws.com`.
pub fn sts_host(region: &str, partition: Partition) -> String {
    format!("sts.{region}.{}", partition.dns_suffix())
}

/// Makes the bearer token for `cluster` from `credentials`, signed for `region`'s STS at `now`.
///
/// Equivalent to `aws eks get-token --cluster-name <cluster> --region <region>`: same URL,
/// same parameter order, same signature for the same inputs and time.
pub fn presigned_token(
    credentials: &Credentials,
    region: &str,
    partition: Partition,
    cluster: &str,
    now: SystemTime,
) -> anyhow::Result<EksToken> {
    anyhow::ensure!(!region.is_empty(), "no AWS Region to sign the EKS token for; pass --region or set AWS_REGION");
    anyhow::ensure!(!cluster.is_empty(), "no cluster name to bind the EKS token to; pass --cluster NAME");
    let base = format!("https://{}/?{GET_CALLER_IDENTITY_QUERY}", sts_host(region, partition));

    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(PRESIGN_EXPIRES);
    let identity: Identity = credentials.clone().into();
    let params: SigningParams<'_> = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("sts")
        .time(now)
        .settings(settings)
        .build()
        .context("building the SigV4 parameters for the EKS token")?
        .into();
    let request =
        SignableRequest::new("GET", &base, std::iter::once((CLUSTER_ID_HEADER, cluster)), SignableBody::Bytes(&[]))
            .context("preparing the STS GetCallerIdentity request for the EKS token")?;
    let (instructions, _signature) = sign(request, &params).context("signing the EKS token")?.into_parts();

    // Same order as botocore's presigned URL: operation, auth parameters, the signature last.
    let mut url = base;
    let (signature, auth): (Vec<_>, Vec<_>) =
        instructions.params().iter().partition(|(name, _)| *name == "X-Amz-Signature");
    for (name, value) in auth.iter().chain(signature.iter()) {
        url.push('&');
        url.push_str(name);
        url.push('=');
        url.extend(utf8_percent_encode(value, QUERY_VALUE));
    }
    // NB: STS rejects the URL once temporary credentials expire, whatever the token's age.
    let expires_at = credentials.expiry().map_or(now + TOKEN_LIFETIME, |e| e.min(now + TOKEN_LIFETIME));
    Ok(EksToken { token: format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(url)), expires_at })
}

/// The presigned URL inside a token (the inverse of the encoding in [`presigned_token`]).
pub fn presigned_url(token: &str) -> anyhow::Result<String> {
    let encoded =
        token.strip_prefix(TOKEN_PREFIX).with_context(|| format!("not an EKS token: no {TOKEN_PREFIX} prefix"))?;
    let bytes = URL_SAFE_NO_PAD.decode(encoded).context("the EKS token is not base64url without padding")?;
    String::from_utf8(bytes).context("the EKS token does not hold a UTF-8 URL")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2025-01-02T03:04:05Z.
    fn fixed_time() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_735_787_045)
    }

    fn creds(session: Option<&str>) -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            session.map(str::to_string),
            None,
            "albctl-unit-test",
        )
    }

    /// The query parameters of a URL, decoded, in order.
    fn query(url: &str) -> Vec<(String, String)> {
        let (_, q) = url.split_once('?').expect("URL has a query");
        q.split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').expect("key=value");
                (k.to_string(), percent_encoding::percent_decode_str(v).decode_utf8().unwrap().into_owned())
            })
            .collect()
    }

    fn param<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
        q.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn url_for(region: &str, partition: Partition, session: Option<&str>) -> String {
        let token = presigned_token(&creds(session), region, partition, "demo", fixed_time()).unwrap();
        assert!(token.secret().starts_with(TOKEN_PREFIX));
        assert!(!token.secret().contains('='), "no base64 padding");
        presigned_url(token.secret()).unwrap()
    }

    #[test]
    fn token_decodes_to_presigned_get_caller_identity_url() {
        let url = url_for("us-west-2", Partition::Aws, None);
        assert!(url.starts_with("https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&"));
        let q = query(&url);
        assert_eq!(param(&q, "Action"), Some("GetCallerIdentity"));
        assert_eq!(param(&q, "Version"), Some("2011-06-15"));
        assert_eq!(param(&q, "X-Amz-Algorithm"), Some("AWS4-HMAC-SHA256"));
        assert_eq!(param(&q, "X-Amz-Credential"), Some("AKIDEXAMPLE/20250102/us-west-2/sts/aws4_request"));
        assert_eq!(param(&q, "X-Amz-Date"), Some("20250102T030405Z"));
        assert_eq!(param(&q, "X-Amz-Expires"), Some("60"));
        assert_eq!(param(&q, "X-Amz-SignedHeaders"), Some("host;x-k8s-aws-id"));
        assert_eq!(param(&q, "X-Amz-Security-Token"), None);
        assert_eq!(q.last().map(|(k, _)| k.as_str()), Some("X-Amz-Signature"), "signature comes last");
    }

    #[test]
    fn sts_host_follows_region_and_partition() {
        for (region, partition, host) in [
            ("us-west-2", Partition::Aws, "sts.us-west-2.amazonaws.com"),
            ("cn-north-1", Partition::AwsCn, "sts.cn-north-1.amazonaws.com.cn"),
            ("us-gov-west-1", Partition::AwsUsGov, "sts.us-gov-west-1.amazonaws.com"),
            ("eusc-de-east-1", Partition::AwsEusc, "sts.eusc-de-east-1.amazonaws.eu"),
        ] {
            let url = url_for(region, partition, None);
            assert!(url.starts_with(&format!("https://{host}/?")), "{region}: {url}");
            assert_eq!(
                param(&query(&url), "X-Amz-Credential"),
                Some(format!("AKIDEXAMPLE/20250102/{region}/sts/aws4_request").as_str())
            );
        }
    }

    #[test]
    fn session_token_is_included_and_signed() {
        let session = "FwoGZXIvYXdzEBY+/session=token";
        let with = url_for("us-west-2", Partition::Aws, Some(session));
        let without = url_for("us-west-2", Partition::Aws, None);
        let q = query(&with);
        assert_eq!(param(&q, "X-Amz-Security-Token"), Some(session));
        assert!(with.contains("X-Amz-Security-Token=FwoGZXIvYXdzEBY%2B%2Fsession%3Dtoken&"), "encoded: {with}");
        assert_ne!(param(&q, "X-Amz-Signature"), param(&query(&without), "X-Amz-Signature"));
    }

    #[test]
    fn signature_is_deterministic_and_bound_to_cluster() {
        let a = presigned_token(&creds(None), "us-west-2", Partition::Aws, "demo", fixed_time()).unwrap();
        let b = presigned_token(&creds(None), "us-west-2", Partition::Aws, "demo", fixed_time()).unwrap();
        let other = presigned_token(&creds(None), "us-west-2", Partition::Aws, "other", fixed_time()).unwrap();
        assert_eq!(a, b);
        assert_ne!(a.secret(), other.secret(), "the cluster name is signed");
    }

    /// Known answers: the URLs `aws eks get-token --cluster-name demo` (awscli 1.45.11, botocore
    /// 1.43.11) produced with these credentials and its clock frozen at 2025-01-02T03:04:05Z.
    /// The tokens are equal byte for byte, signature included.
    #[test]
    fn known_answer_matches_aws_eks_get_token() {
        assert_eq!(
            url_for("us-west-2", Partition::Aws, None),
            "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15\
             &X-Amz-Algorithm=AWS4-HMAC-SHA256\
             &X-Amz-Credential=AKIDEXAMPLE%2F20250102%2Fus-west-2%2Fsts%2Faws4_request\
             &X-Amz-Date=20250102T030405Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id\
             &X-Amz-Signature=366427cded1e67b9ea42b5a0b3ab120457068964a597d76aa04dc472d9295e17"
        );
        assert_eq!(
            url_for("cn-north-1", Partition::AwsCn, Some("FwoGZXIvYXdzEBY+/session=token")),
            "https://sts.cn-north-1.amazonaws.com.cn/?Action=GetCallerIdentity&Version=2011-06-15\
             &X-Amz-Algorithm=AWS4-HMAC-SHA256\
             &X-Amz-Credential=AKIDEXAMPLE%2F20250102%2Fcn-north-1%2Fsts%2Faws4_request\
             &X-Amz-Date=20250102T030405Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id\
             &X-Amz-Security-Token=FwoGZXIvYXdzEBY%2B%2Fsession%3Dtoken\
             &X-Amz-Signature=663fe9cc20f1f50fdf35bb841b8a084edb79d0d62b2fd11a891068bdd171dd12"
        );
    }

    #[test]
    fn token_expires_after_fourteen_minutes() {
        let token = presigned_token(&creds(None), "us-west-2", Partition::Aws, "demo", fixed_time()).unwrap();
        assert_eq!(token.expires_at(), fixed_time() + Duration::from_secs(14 * 60));
        assert!(token.is_valid_at(fixed_time() + Duration::from_secs(13 * 60)));
        assert!(!token.is_valid_at(fixed_time() + Duration::from_secs(14 * 60)));
    }

    #[test]
    fn refresh_after_ten_minutes_or_before_credentials_expire() {
        let token = presigned_token(&creds(None), "us-west-2", Partition::Aws, "demo", fixed_time()).unwrap();
        assert!(!token.should_refresh(fixed_time() + Duration::from_secs(9 * 60 + 59)));
        assert!(token.should_refresh(fixed_time() + Duration::from_secs(10 * 60)));

        let short =
            Credentials::new("AKID", "secret", Some("s".into()), Some(fixed_time() + Duration::from_secs(300)), "t");
        let token = presigned_token(&short, "us-west-2", Partition::Aws, "demo", fixed_time()).unwrap();
        assert_eq!(token.expires_at(), fixed_time() + Duration::from_secs(300));
        assert!(token.should_refresh(fixed_time() + Duration::from_secs(60)));
    }

    #[test]
    fn debug_does_not_print_the_token() {
        let token =
            presigned_token(&creds(Some("session")), "us-west-2", Partition::Aws, "demo", fixed_time()).unwrap();
        let debug = format!("{token:?}");
        assert!(!debug.contains(TOKEN_PREFIX), "{debug}");
        assert!(!debug.contains(&token.secret()[TOKEN_PREFIX.len()..][..16]), "{debug}");
        assert!(debug.contains("redacted"), "{debug}");
    }

    #[test]
    fn empty_cluster_or_region_is_refused() {
        assert!(presigned_token(&creds(None), "us-west-2", Partition::Aws, "", fixed_time()).is_err());
        assert!(presigned_token(&creds(None), "", Partition::Aws, "demo", fixed_time()).is_err());
    }

    #[test]
    fn presigned_url_rejects_other_tokens() {
        assert!(presigned_url("Bearer abc").is_err());
        assert!(presigned_url("k8s-aws-v1.%%%").is_err());
    }
}
