//! WAFv2: the regional web ACLs an Ingress may name (for `lint --cluster`). No writes.

use aws_sdk_wafv2::Client;
use aws_sdk_wafv2::types::Scope;

use super::api_error;

/// A regional web ACL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebAclSummary {
    /// Its name, which `wafv2-acl-name` references match (empty if WAFv2 sent none).
    pub name: String,
    /// Its ARN, which `wafv2-acl-arn` references match (empty if WAFv2 sent none).
    pub arn: String,
}

/// Every regional (ALB-scope) web ACL of the client's region.
pub async fn list_regional_web_acls(wafv2: &Client) -> anyhow::Result<Vec<WebAclSummary>> {
    // NB: ListWebACLs has a NextMarker but no paginator in the SDK; the loop ends when AWS
    // stops returning a marker (or repeats one).
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = wafv2
            .list_web_acls()
            .scope(Scope::Regional)
            .set_next_marker(marker.clone())
            .limit(100)
            .send()
            .await
            .map_err(|e| api_error("wafv2:ListWebACLs", e))?;
        out.extend(page.web_acls().iter().map(|a| WebAclSummary {
            name: a.name().unwrap_or_default().to_string(),
            arn: a.arn().unwrap_or_default().to_string(),
        }));
        match page.next_marker().filter(|m| !m.is_empty()) {
            Some(next) if marker.as_deref() != Some(next) && !page.web_acls().is_empty() => {
                marker = Some(next.to_string())
            }
            _ => return Ok(out),
        }
    }
}
