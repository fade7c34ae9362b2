//! The Kubernetes versions albctl installs the controller on.
//!
//! The floor is the controller's own, not albctl's: upstream's `docs/deploy/installation.md` at
//! v3.5.0 ("Supported Kubernetes versions") says "AWS Load Balancer Controller v2.5.0+ requires
//! Kubernetes 1.22+". Below it the controller's informers ask for APIs the server does not serve.

use crate::error::AlbctlError;

/// The oldest Kubernetes `(major, minor)` the pinned controller supports.
pub const MINIMUM: (u32, u32) = (1, 22);

/// The first minor that enforces CRD validation rules (`x-kubernetes-validations`, CEL): older
/// servers refuse or drop them, so albctl strips them there and refuses the Gateway API CRDs.
pub const CEL_VALIDATION: (u32, u32) = (1, 25);

/// Parses a version as EKS and the API server spell it (`"1.35"`, `"v1.35.2-eks-1a2b3c"`).
pub fn parse(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().trim_start_matches('v').split('.');
    let number = |part: Option<&str>| -> Option<u32> {
        let digits: String = part?.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    Some((number(parts.next())?, number(parts.next())?))
}

/// Refuses a cluster below [`MINIMUM`] in one line that says what to do; `what` names where the
/// version was read (e.g. "EKS cluster demo", "the API server"), `controller` the version installed.
pub fn require_supported(version: (u32, u32), what: &str, controller: &str) -> anyhow::Result<()> {
    if version >= MINIMUM {
        return Ok(());
    }
    let ((major, minor), (min_major, min_minor)) = (version, MINIMUM);
    Err(AlbctlError::usage(format!(
        "{what} runs Kubernetes {major}.{minor}; the AWS Load Balancer Controller {controller} needs \
         {min_major}.{min_minor} or newer: upgrade the cluster (`aws eks update-cluster-version`) first; nothing was changed"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_eks_and_server_spellings() {
        assert_eq!(parse("1.35"), Some((1, 35)));
        assert_eq!(parse("v1.37.2"), Some((1, 37)));
        assert_eq!(parse("v1.32.13-eks-1a2b3c4"), Some((1, 32)));
        assert_eq!(parse("1.21+"), Some((1, 21)), "EKS spells minors with a trailing +");
        assert_eq!(parse("1"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn the_floor_is_the_controllers_own() {
        assert!(require_supported((1, 22), "x", "v3.5.0").is_ok());
        assert!(require_supported((1, 37), "x", "v3.5.0").is_ok());
        assert!(require_supported((2, 0), "x", "v3.5.0").is_ok());
        let err = require_supported((1, 21), "EKS cluster demo", "v3.5.0").unwrap_err().to_string();
        assert!(err.starts_with("EKS cluster demo runs Kubernetes 1.21;"), "{err}");
        assert!(err.contains("Controller v3.5.0 needs 1.22 or newer") && err.contains("nothing was changed"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
    }
}
