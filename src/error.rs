//! The few errors a caller branches on or that carry a next step for the user.
//!
//! Everything else travels as `anyhow::Error` with context. Every error maps to exit code 2;
//! negative answers (drift, failed checks) are not errors and never come through here.

use thiserror::Error;

/// An error with a message that names the problem and the next step.
#[derive(Debug, Error)]
pub enum AlbctlError {
    /// Bad input: a flag, a name, a file.
    #[error("{message}")]
    Usage {
        /// What is wrong and what to do.
        message: String,
    },
    /// The AWS SDK found no credentials.
    #[error(
        "no AWS credentials found (tried environment, profile, SSO, web identity, container and instance metadata); set AWS_PROFILE or --profile, run `aws configure` or `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
    )]
    NoCredentials {
        /// The SDK's own words (logged at -v).
        detail: String,
    },
    /// DescribeCluster answered ResourceNotFound.
    #[error(
        "EKS cluster '{cluster}' not found in region {region} (account {account}); check --cluster and --region, or list clusters with `aws eks list-clusters --region {region}`"
    )]
    ClusterNotFound {
        /// The name DescribeCluster was asked for.
        cluster: String,
        /// The region DescribeCluster was sent to.
        region: String,
        /// The caller's account, from GetCallerIdentity.
        account: String,
    },
    /// An AWS call was denied.
    #[error(
        "access denied calling {action}: {detail}; grant {action} to the caller or run with credentials that have it"
    )]
    AccessDenied {
        /// The IAM action, e.g. `iam:GetRole`.
        action: String,
        /// The service's message.
        detail: String,
    },
    /// An endpoint answered with something that is not the AWS API (e.g. an HTML 404).
    #[error("{operation}: the endpoint answered HTTP {status} without an AWS error body; {hint}")]
    EndpointUnsupported {
        /// The operation, e.g. `eks:ListPodIdentityAssociations`.
        operation: String,
        /// HTTP status.
        status: u16,
        /// What that likely means and what to do.
        hint: String,
    },
    /// albctl would change something it does not own.
    #[error("{message}")]
    Refused {
        /// What, why, and the flag that allows it.
        message: String,
    },
}

impl AlbctlError {
    /// Shorthand for a usage error.
    pub fn usage(message: impl Into<String>) -> anyhow::Error {
        AlbctlError::Usage { message: message.into() }.into()
    }

    /// Shorthand for a refusal.
    pub fn refused(message: impl Into<String>) -> anyhow::Error {
        AlbctlError::Refused { message: message.into() }.into()
    }
}
