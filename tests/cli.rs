//! albctl's one integration-test binary (one binary links once and runs its tests in parallel).
//!
//! `common` is the harness: moto_server and a recording/fault-injecting proxy on loopback, an
//! AWS fixture built with the SDK, and a runner for the real `albctl` binary. Test modules live
//! in `tests/cli/`; `#[path]` keeps cargo from building each of them as a binary of its own.

mod common;

#[path = "cli/harness_smoke.rs"]
mod harness_smoke;

#[path = "cli/setup_aws.rs"]
mod setup_aws;

#[path = "cli/eks_double.rs"]
mod eks_double;

#[path = "cli/pod_identity.rs"]
mod pod_identity;

#[path = "cli/identity_move.rs"]
mod identity_move;

#[path = "cli/kube_smoke.rs"]
mod kube_smoke;

#[path = "cli/apply_kube.rs"]
mod apply_kube;
#[path = "cli/eks_token.rs"]
mod eks_token;

#[path = "cli/doctor.rs"]
mod doctor;

#[path = "cli/teardown.rs"]
mod teardown;

#[path = "cli/loadbalancers.rs"]
mod loadbalancers;

#[path = "cli/gateway_lifecycle.rs"]
mod gateway_lifecycle;

#[path = "cli/doctor_gateway.rs"]
mod doctor_gateway;

#[path = "cli/gateway_setup.rs"]
mod gateway_setup;

#[path = "cli/faults.rs"]
mod faults;

#[path = "cli/crash.rs"]
mod crash;

#[path = "cli/concurrency.rs"]
mod concurrency;

#[path = "cli/bad_input.rs"]
mod bad_input;

#[path = "cli/lint.rs"]
mod lint;

#[path = "cli/helm_oracle.rs"]
mod helm_oracle;

#[path = "cli/cert_manager.rs"]
mod cert_manager;

#[path = "cli/fleet.rs"]
mod fleet;

#[path = "cli/adopt.rs"]
mod adopt;

#[path = "cli/migrate.rs"]
mod migrate;
