//! AWS access: one place that builds SDK clients and turns SDK types into domain types.
//!
//! Observation functions are `find_*` (absent -> `Ok(None)`) or `fetch_*` (absent -> error);
//! writes are named after the API call. Typed service errors are state: "not found" is
//! `None`, AccessDenied is its own error, and an endpoint that answers with something that is
//! not an AWS error (moto's HTML 404 for APIs it lacks) says so plainly.
//!
//! An adapter: returns its own plain types or `model` types and imports no workflow.

use std::error::Error as StdError;
use std::fmt::Debug;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::error::AlbctlError;

pub mod acm;
pub mod ec2;
pub mod eks;
pub mod elbv2;
pub mod eventual;
pub mod iam;
pub mod nodes;
pub mod shared;
pub mod sts;
pub mod wafv2;

/// A tag as an SDK returns it: every service has its own `Tag` type, with optional key and
/// value (EC2, ELBv2) or required ones (IAM).
pub trait SdkTag {
    /// The key and value; `None` for a tag without a key.
    fn pair(&self) -> Option<(&str, &str)>;
}

impl SdkTag for aws_sdk_ec2::types::Tag {
    fn pair(&self) -> Option<(&str, &str)> {
        Some((self.key()?, self.value().unwrap_or_default()))
    }
}

impl SdkTag for aws_sdk_elasticloadbalancingv2::types::Tag {
    fn pair(&self) -> Option<(&str, &str)> {
        Some((self.key()?, self.value().unwrap_or_default()))
    }
}

impl SdkTag for aws_sdk_iam::types::Tag {
    fn pair(&self) -> Option<(&str, &str)> {
        Some((self.key(), self.value()))
    }
}

/// An SDK response's tags as a map (tags without a key dropped).
pub fn tag_map<T: SdkTag>(tags: &[T]) -> std::collections::BTreeMap<String, String> {
    tags.iter().filter_map(SdkTag::pair).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The SDK clients albctl uses, built from one `SdkConfig`.
#[derive(Clone, Debug)]
pub struct AwsClients {
    /// IAM.
    pub iam: aws_sdk_iam::Client,
    /// EKS.
    pub eks: aws_sdk_eks::Client,
    /// STS.
    pub sts: aws_sdk_sts::Client,
    /// EC2.
    pub ec2: aws_sdk_ec2::Client,
    /// ACM (certificates named by Ingresses and Services).
    pub acm: aws_sdk_acm::Client,
    /// WAFv2 (web ACLs named by Ingresses).
    pub wafv2: aws_sdk_wafv2::Client,
    /// Elastic Load Balancing v2.
    pub elbv2: aws_sdk_elasticloadbalancingv2::Client,
    /// The config they were built from.
    pub config: SdkConfig,
}

impl AwsClients {
    /// Builds every client from one config.
    pub fn new(config: SdkConfig) -> Self {
        AwsClients {
            iam: aws_sdk_iam::Client::new(&config),
            eks: aws_sdk_eks::Client::new(&config),
            sts: aws_sdk_sts::Client::new(&config),
            ec2: aws_sdk_ec2::Client::new(&config),
            acm: aws_sdk_acm::Client::new(&config),
            wafv2: aws_sdk_wafv2::Client::new(&config),
            elbv2: aws_sdk_elasticloadbalancingv2::Client::new(&config),
            config,
        }
    }

    /// The region the clients talk to.
    pub fn region(&self) -> Option<String> {
        self.config.region().map(|r| r.to_string())
    }
}

/// Loads the AWS config chain (env, profile, SSO, process credentials) with albctl's single
/// TLS stack (rustls + ring, shared with kube).
pub async fn load_config(region: Option<&str>, profile: Option<&str>) -> anyhow::Result<SdkConfig> {
    let http_client = aws_smithy_http_client::Builder::new()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https();
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(http_client);
    if let Some(region) = region {
        validate_region(region)?;
        loader = loader.region(Region::new(region.to_string()));
    }
    if let Some(profile) = profile {
        loader = loader.profile_name(profile);
    }
    let config = loader.load().await;
    if config.region().is_none() {
        return Err(AlbctlError::usage(
            "no AWS Region configured; pass --region, set AWS_REGION, or set `region` in your AWS profile",
        ));
    }
    if let Some(region) = config.region() {
        validate_region(region.as_ref())?;
    }
    let retry = config.retry_config().cloned().unwrap_or_else(RetryConfig::standard);
    let explicit = std::env::var_os("AWS_MAX_ATTEMPTS").is_some();
    match retry_attempts(retry.max_attempts(), explicit) {
        Some(attempts) => Ok(config.into_builder().retry_config(retry.with_max_attempts(attempts)).build()),
        None => Ok(config),
    }
}

/// A Region name is a DNS label (`us-west-2`); anything else fails every call with an SDK
/// message about endpoint parameters, so it is refused up front.
pub fn validate_region(region: &str) -> anyhow::Result<()> {
    let label = !region.is_empty()
        && region.len() <= 63
        && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if label {
        Ok(())
    } else {
        Err(AlbctlError::usage(format!(
            "'{region}' is not a valid AWS Region name (e.g. us-west-2); check --region, AWS_REGION or the profile's region"
        )))
    }
}

/// Attempts per AWS call (the first included) albctl asks of the SDK's standard retry, which
/// retries throttling, 5xx and dropped connections with jittered exponential backoff (1 s
/// doubling, capped at 20 s). The SDK's default of 3 leaves a call that meets 30% throttling
/// failing 2.7% of the time; 10 makes that about 6 in a million.
pub const MAX_ATTEMPTS: u32 = 10;

/// The attempts to configure: [`MAX_ATTEMPTS`] unless `AWS_MAX_ATTEMPTS` says otherwise or the
/// configuration (e.g. `max_attempts` in the profile) already allows more. `None` keeps it.
pub fn retry_attempts(configured: u32, explicit_env: bool) -> Option<u32> {
    (!explicit_env && configured < MAX_ATTEMPTS).then_some(MAX_ATTEMPTS)
}

/// Turns an SDK error into the error a user can act on.
///
/// `operation` is the IAM action name (`iam:GetRole`) used in messages.
pub fn api_error<E>(operation: &str, err: SdkError<E, HttpResponse>) -> anyhow::Error
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    if let Some(e) = no_credentials(&err) {
        return e;
    }
    let status = err.raw_response().map(|r| r.status().as_u16());
    if let SdkError::ServiceError(service) = &err {
        let e = service.err();
        match e.code() {
            Some(code) if is_access_denied(code) => {
                return AlbctlError::AccessDenied {
                    action: operation.to_string(),
                    detail: e.message().unwrap_or(code).to_string(),
                }
                .into();
            }
            None => {
                let html = service.raw().headers().get("content-type").is_some_and(|ct| ct.contains("html"));
                if let Some(status) = status.filter(|s| *s == 404 || html) {
                    return AlbctlError::EndpointUnsupported {
                        operation: operation.to_string(),
                        status,
                        hint: "the AWS endpoint in use does not implement this API (an emulator, or a proxy in the way?); \
                               check AWS_ENDPOINT_URL and the region, or use real AWS"
                            .into(),
                    }
                    .into();
                }
            }
            Some(_) => {}
        }
    }
    anyhow::anyhow!("{operation} failed: {}", DisplayErrorContext(&err))
}

fn is_access_denied(code: &str) -> bool {
    matches!(code, "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" | "UnauthorizedException")
}

/// Whether an error from any AWS call is the "no credentials" failure, as a user error.
fn no_credentials<E: StdError + 'static, R: Debug>(err: &SdkError<E, R>) -> Option<anyhow::Error> {
    if !matches!(err, SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_)) {
        return None;
    }
    let text = format!("{}", DisplayErrorContext(err));
    let lower = text.to_lowercase();
    if lower.contains("credential") {
        let detail: String = text.lines().next().unwrap_or_default().chars().take(300).collect();
        tracing::info!("credential chain: {detail}");
        return Some(AlbctlError::NoCredentials { detail }.into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names_are_dns_labels() {
        assert!(validate_region("us-west-2").is_ok());
        assert!(validate_region("us-gov-west-1").is_ok());
        for bad in ["us west 2", "US-WEST-2", "", "-us", "us_west_2"] {
            assert!(validate_region(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn retry_attempts_are_raised_to_ten_unless_the_environment_or_profile_says_more() {
        assert_eq!(retry_attempts(3, false), Some(MAX_ATTEMPTS));
        assert_eq!(retry_attempts(3, true), None, "AWS_MAX_ATTEMPTS is the user's word");
        assert_eq!(retry_attempts(12, false), None, "a profile asking for more keeps it");
    }
}
