//! Pure parsers for annotation values, written to accept exactly what the controller accepts
//! (Go's `strconv.ParseBool`/`ParseInt`, its string-map and string-list rules, `net.ParseCIDR`)
//! plus the formats only AWS checks (load balancer names, certificate ARNs, success codes).

use std::collections::BTreeMap;

/// Go's `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go's `strconv.ParseInt(s, 10, bits)`.
pub fn parse_int(s: &str, bits: u8) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = s.parse().ok()?;
    match bits {
        64 => Some(v),
        _ => i32::try_from(v).ok().map(i64::from),
    }
}

/// The controller's string list: split on `,`, trimmed, empties dropped.
pub fn string_list(s: &str) -> Vec<String> {
    s.split(',').map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
}

/// The controller's string map: `k=v` pairs split on commas (`\,` escapes one; a piece without
/// `=` continues the previous value), keys trimmed and non-empty.
pub fn string_map(s: &str) -> Result<BTreeMap<String, String>, String> {
    let mut pieces: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                cur.push(',');
                chars.next();
            }
            ',' => pieces.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    pieces.push(cur);
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut last: Option<String> = None;
    for piece in pieces {
        if piece.trim().is_empty() {
            continue;
        }
        match piece.split_once('=') {
            Some((k, v)) => {
                let k = k.trim();
                if k.is_empty() {
                    return Err(format!("'{}' has an empty key", piece.trim()));
                }
                out.insert(k.to_string(), v.trim().to_string());
                last = Some(k.to_string());
            }
            None => match &last {
                Some(k) => {
                    let v = out.get_mut(k).expect("last key present");
                    v.push(',');
                    v.push_str(piece.trim());
                }
                None => return Err(format!("'{}' is not key=value", piece.trim())),
            },
        }
    }
    Ok(out)
}

/// Go's `net.ParseCIDR` (IPv4 or IPv6 address, `/`, prefix length in range).
pub fn is_cidr(s: &str) -> bool {
    let Some((addr, len)) = s.split_once('/') else { return false };
    let Ok(len) = len.parse::<u8>() else { return false };
    if len.to_string() != s.split_once('/').map(|x| x.1).unwrap_or_default() {
        return false;
    }
    match addr.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => len <= 32,
        Ok(std::net::IpAddr::V6(_)) => len <= 128,
        Err(_) => false,
    }
}

/// What is wrong with a load balancer name (AWS: at most 32 characters, letters, digits and
/// hyphens, no leading or trailing hyphen, not starting with `internal-`).
pub fn lb_name_problem(name: &str) -> Option<String> {
    if name.len() > 32 {
        return Some(format!("is {} characters long; the controller refuses names over 32", name.len()));
    }
    if name.is_empty() {
        return Some("is empty".into());
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-')) {
        return Some(format!("contains '{bad}'; AWS allows only letters, digits and hyphens"));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Some("starts or ends with a hyphen, which AWS refuses".into());
    }
    if name.starts_with("internal-") {
        return Some("starts with 'internal-', which AWS reserves".into());
    }
    None
}

/// What is wrong with an IngressGroup name (`^([a-z0-9][-a-z0-9.]*)?[a-z0-9]$`, at most 63).
pub fn group_name_problem(name: &str) -> Option<String> {
    if name.len() > 63 {
        return Some(format!("is {} characters long; at most 63 are allowed", name.len()));
    }
    let ok_inner = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.';
    let ok_end = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let valid = !name.is_empty()
        && name.chars().all(ok_inner)
        && name.chars().next().is_some_and(ok_end)
        && name.chars().last().is_some_and(ok_end);
    (!valid).then(|| {
        "must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit".to_string()
    })
}

/// A parsed certificate ARN: ACM (regional) or IAM server certificate (global).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateArn {
    /// Region of an ACM certificate (`None` for IAM server certificates).
    pub region: Option<String>,
}

/// Parses `arn:<partition>:acm:<region>:<account>:certificate/<id>` or
/// `arn:<partition>:iam::<account>:server-certificate/<name>`.
pub fn parse_certificate_arn(arn: &str) -> Option<CertificateArn> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" || !parts[1].starts_with("aws") {
        return None;
    }
    let account_ok = parts[4].len() == 12 && parts[4].bytes().all(|b| b.is_ascii_digit());
    match parts[2] {
        "acm" => {
            let id = parts[5].strip_prefix("certificate/")?;
            let region_ok = !parts[3].is_empty()
                && parts[3].bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
            (region_ok && account_ok && id_ok).then(|| CertificateArn { region: Some(parts[3].to_string()) })
        }
        "iam" => {
            let name = parts[5].strip_prefix("server-certificate/")?;
            (parts[3].is_empty() && account_ok && !name.is_empty()).then_some(CertificateArn { region: None })
        }
        _ => None,
    }
}

/// Checks success codes (`200`, `200,202`, `200-299`) against `[min, max]`; the problem if any.
pub fn success_codes_problem(s: &str, min: i64, max: i64) -> Option<(bool, String)> {
    for part in s.split(',') {
        let part = part.trim();
        let (lo, hi) = match part.split_once('-') {
            Some((a, b)) => (a.trim().parse::<i64>().ok(), b.trim().parse::<i64>().ok()),
            None => (part.parse::<i64>().ok(), part.parse::<i64>().ok()),
        };
        let (Some(lo), Some(hi)) = (lo, hi) else {
            return Some((false, format!("'{part}' is not a code, a list (200,202) or a range (200-299)")));
        };
        if lo > hi || lo < min || hi > max {
            return Some((true, format!("'{part}' is outside {min}-{max}")));
        }
    }
    None
}

/// Levenshtein distance (for did-you-mean suggestions).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Whether a plain YAML scalar is a boolean or null to kubectl (YAML 1.1: `on`, `yes`, `n`, `~`).
pub fn yaml11_non_string(plain: &str) -> bool {
    matches!(
        plain,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "~"
            | "null"
            | "Null"
            | "NULL"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_parsers() {
        assert_eq!(parse_bool("True"), Some(true));
        assert_eq!(parse_bool("yes"), None);
        assert_eq!(parse_int("+15", 32), Some(15));
        assert_eq!(parse_int("3000000000", 32), None);
        assert_eq!(parse_int("3000000000", 64), Some(3_000_000_000));
        assert_eq!(parse_int("1.5", 32), None);
        assert_eq!(parse_int("", 32), None);
    }

    #[test]
    fn string_maps_follow_the_controller() {
        let m = string_map("a=1, b = 2,c=x\\,y").unwrap();
        assert_eq!(m["b"], "2");
        assert_eq!(m["c"], "x,y");
        let m = string_map("idle_timeout.timeout_seconds=60,a=1,2").unwrap();
        assert_eq!(m["a"], "1,2");
        assert!(string_map("novalue").is_err());
        assert!(string_map("=v").is_err());
    }

    #[test]
    fn formats() {
        assert!(is_cidr("10.0.0.0/8") && is_cidr("::/0") && !is_cidr("10.0.0.0") && !is_cidr("10.0.0.0/33"));
        assert!(lb_name_problem("my-alb").is_none());
        assert!(lb_name_problem("my_alb").is_some());
        assert!(lb_name_problem(&"a".repeat(33)).is_some());
        assert!(group_name_problem("team-a.prod").is_none());
        assert!(group_name_problem("Team").is_some() && group_name_problem("a-").is_some());
        let arn = "arn:aws:acm:us-west-2:111122223333:certificate/0b3c2b1a-1111-2222-3333-444455556666";
        assert_eq!(parse_certificate_arn(arn).unwrap().region.as_deref(), Some("us-west-2"));
        assert!(parse_certificate_arn("arn:aws:iam::111122223333:server-certificate/web").is_some());
        assert!(parse_certificate_arn("arn:aws:acm:us-west-2:1111:certificate/x").is_none());
        assert!(success_codes_problem("200-299", 200, 499).is_none());
        assert!(success_codes_problem("200-600", 200, 499).unwrap().0);
        assert!(!success_codes_problem("ok", 200, 499).unwrap().0);
        assert_eq!(edit_distance("healtcheck-path", "healthcheck-path"), 1);
    }
}
