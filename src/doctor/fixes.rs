//! The fix texts that the catalogue and the checks share: one place, so a check that names a
//! more specific fix and the catalogue's default for it never drift apart. `{cluster}`,
//! `{ns_flags}`, `{role_flags}`, `{policy_flags}` and `{namespace}` are filled in by
//! `Facts::render_fix`.

/// Associates the IAM OIDC provider.
pub(super) const FIX_OIDC: &str = "albctl oidc associate --cluster {cluster}";
/// Creates or repairs the IRSA role only.
pub(super) const FIX_ROLE: &str =
    "albctl iamserviceaccount create --cluster {cluster}{ns_flags}{role_flags}{policy_flags} --role-only";
/// Creates or upgrades the controller policy.
pub(super) const FIX_POLICY: &str = "albctl policy create --cluster {cluster}{policy_flags}";
/// Tags the subnets.
pub(super) const FIX_SUBNETS: &str = "albctl subnets tag --cluster {cluster}";
/// The role and the annotated ServiceAccount.
pub(super) const FIX_SA: &str =
    "albctl iamserviceaccount create --cluster {cluster}{ns_flags}{role_flags}{policy_flags}";
/// Applies the controller manifests.
pub(super) const FIX_APPLY: &str = "albctl apply --cluster {cluster}{ns_flags}";
/// Removes the orphaned load balancers, target groups and security groups.
pub(super) const FIX_PRUNE: &str = "albctl loadbalancers prune --cluster {cluster}";
/// A reconcile failure: the controller's own message says what to fix.
pub(super) const FIX_RECONCILE: &str =
    "fix what the controller's message says (kubectl describe the object), then it reconciles again by itself";
/// An Ingress without an existing class.
pub(super) const FIX_INGRESS_CLASS: &str =
    "set spec.ingressClassName to an existing IngressClass (alb: albctl apply --cluster {cluster}{ns_flags} makes it)";
