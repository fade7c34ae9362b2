//! Kubernetes access: how albctl reaches a cluster's API server, server-side apply of rendered
//! objects, bounded waits, and finding and deleting albctl's objects (teardown).
//!
//! albctl needs no kubeconfig for an EKS cluster: it takes the endpoint and CA from
//! DescribeCluster and authenticates with an EKS bearer token it makes itself from the AWS
//! credentials it already has (`token`), the way `aws eks get-token` does. `connect` decides
//! between that and a kubeconfig (`--kubeconfig`/`--context`), applies the `--server` and
//! `--certificate-authority` overrides, and keeps the token fresh over long waits.
//!
//! Objects travel as JSON (`serde_json::Value`) and are resolved through discovery, so albctl
//! talks to any server version the same way; typed k8s-openapi structs are used only to read.
//!
//! An adapter: imports the shared domain only, never `context` or a workflow (a connection
//! takes any [`connect::ClusterTarget`]).

pub mod apply;
pub mod cert_manager;
pub mod connect;
pub mod helm;
pub mod inventory;
pub mod rollout;
pub mod status;
pub mod token;
pub mod wait;
