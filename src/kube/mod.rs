//! Kubernetes access: how albctl reaches a cluster's API server and talks to it.
//!
//! albctl needs no kubeconfig for an EKS cluster: it takes the endpoint and CA from
//! DescribeCluster and authenticates with an EKS bearer token it makes itself from the AWS
//! credentials it already has (`token`), the way `aws eks get-token` does. `connect` decides
//! between that and a kubeconfig (`--kubeconfig`/`--context`), applies the `--server` and
//! `--certificate-authority` overrides, and keeps the token fresh over long waits.
//!
//! Nothing here decides what to write to the cluster; that is the plan's job.

pub mod connect;
pub mod token;
