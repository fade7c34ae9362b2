//! The controller's IAM policy: the project's own documents in `policies/`, embedded in the binary, and
//! the pure logic that reads and compares policy documents.
//!
//! It exists because policy text is a poor thing to compare. IAM returns documents URL-encoded, statements
//! come in any order, actions are case-insensitive, and a condition value may be a string or a list. What
//! matters is what a document grants, so this module turns a document into a set of [`Grant`]s and compares
//! those. It also names the upstream policy revision an existing document corresponds to, so that `policy
//! diff` and `doctor` can say "this policy is the one for v2.7.0 and lacks these actions".
//!
//! Three files, one reason each: `documents` (the embedded files and parsing what IAM returns), `grants`
//! (a document as grants, and comparing grants), `revisions` (which upstream revision a document is).
//!
//! It must stay pure: no AWS SDK, no tokio, no I/O beyond `include_str!` (tests read the upstream reference
//! copies, nothing else does).

mod documents;
mod grants;
mod revisions;

pub use documents::{CONTROLLER_VERSION, embedded_document, embedded_text, parse_document};
pub use grants::{Grant, PolicyDiff, Scope, diff, equivalent, grants, wildcard_matches};
pub use revisions::{
    Revision, RevisionMatch, matching_revision, matching_revision_in, pinned_action_coverage, revisions,
};

#[cfg(test)]
mod tests;
