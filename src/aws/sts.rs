//! STS: who the caller is (account and partition).

use anyhow::Context as _;
use aws_sdk_sts::Client;

use super::api_error;

/// The caller's account and ARN.
#[derive(Debug, Clone)]
pub struct CallerIdentity {
    /// 12-digit account id the credentials belong to, from GetCallerIdentity.
    pub account: String,
    /// Caller ARN.
    pub arn: String,
}

/// GetCallerIdentity.
pub async fn fetch_caller_identity(sts: &Client) -> anyhow::Result<CallerIdentity> {
    let out = sts.get_caller_identity().send().await.map_err(|e| api_error("sts:GetCallerIdentity", e))?;
    Ok(CallerIdentity {
        account: out.account().context("sts:GetCallerIdentity answered without an account")?.to_string(),
        arn: out.arn().context("sts:GetCallerIdentity answered without an ARN")?.to_string(),
    })
}
