//! The one place where an HTTP reply of KiwiVM becomes its JSON body or a [`KiwiError`].

use std::time::{Duration, SystemTime};

use serde::Deserialize;
use serde_json::Value;

use super::error::{shorten, DecodeError, KiwiError, LockProgress, AUTHENTICATION_FAILURE, LOCKED};

/// Maps one HTTP reply of `path` to its JSON body or to the error it stands for. Public so that
/// recorded bodies can be checked exactly as the client checks live ones.
pub fn interpret_reply(
    path: &str,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Value, KiwiError> {
    interpret(path, status, retry_after, body, None)
}

/// As [`interpret_reply`], also scrubbing `key` from any text copied out of the reply.
pub(crate) fn interpret(
    path: &str,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
    key: Option<&str>,
) -> Result<Value, KiwiError> {
    if status == 429 {
        return Err(KiwiError::RateLimited {
            retry_after: retry_after.and_then(parse_retry_after),
        });
    }
    let success = (200..300).contains(&status);
    let text = String::from_utf8_lossy(body);
    // PHP may prefix a byte-order mark; the Content-Type is text/plain either way, so it is not read.
    let json: Option<Value> = serde_json::from_str(text.trim_start_matches('\u{feff}').trim()).ok();
    let Some(json) = json else {
        return Err(KiwiError::NotJson {
            path: path.to_owned(),
            status,
            snippet: snippet(&text, key),
        });
    };
    let Value::Object(obj) = &json else {
        return Err(if success {
            KiwiError::Decode {
                path: path.to_owned(),
                source: DecodeError::new(".", "expected a JSON object"),
            }
        } else {
            KiwiError::HttpStatus {
                path: path.to_owned(),
                status,
                snippet: snippet(&text, key),
            }
        });
    };
    let code = match obj.get("error") {
        None | Some(Value::Null) => 0,
        Some(v) => error_code(v).ok_or_else(|| KiwiError::Decode {
            path: path.to_owned(),
            source: DecodeError::new(
                "error",
                "expected an error code (a number or a numeric string)",
            ),
        })?,
    };
    // basicShell/exec reports the command's exit status in `error`; only codes beyond any exit
    // status (KiwiVM's own are six digits) are failures of the call itself.
    let exit_status = path == "basicShell/exec" && (0..=255).contains(&code);
    if code == 0 || exit_status {
        return if success {
            Ok(json)
        } else {
            Err(KiwiError::HttpStatus {
                path: path.to_owned(),
                status,
                snippet: snippet(&text, key),
            })
        };
    }
    let field = |name: &str| {
        obj.get(name)
            .and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.trim().is_empty())
            // A message is shown to a user: bounded, and never with a key in it.
            .map(|s| shorten(&scrub(&s, key), 1000))
    };
    let message = field("message").unwrap_or_else(|| "(KiwiVM sent no message)".to_owned());
    Err(match code {
        AUTHENTICATION_FAILURE => KiwiError::Authentication { message },
        LOCKED => KiwiError::Locked {
            message,
            task: field("additionalErrorInfo"),
            progress: obj
                .get("additionalLockingInfo")
                .and_then(|v| LockProgress::deserialize(v).ok())
                .map(|mut p| {
                    p.friendly_progress_message =
                        p.friendly_progress_message.map(|m| scrub(&m, key));
                    p
                }),
        },
        _ => KiwiError::Api {
            code,
            message,
            info: field("additionalErrorInfo"),
        },
    })
}

/// `error` may be `0`, `"0"`, any number or a numeric string.
fn error_code(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) if s.trim().is_empty() => Some(0),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// `Retry-After` is seconds or an HTTP date.
fn parse_retry_after(raw: &str) -> Option<Duration> {
    let raw = raw.trim();
    if let Ok(secs) = raw.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(raw).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A short, single-line, tag-free excerpt of a body, safe to show a user.
fn snippet(body: &str, key: Option<&str>) -> String {
    let mut plain = String::with_capacity(body.len().min(4096));
    let mut in_tag = false;
    for c in body.chars().take(20_000) {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if in_tag => {}
            c if c.is_control() => plain.push(' '),
            c => plain.push(c),
        }
    }
    let collapsed = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    shorten(&scrub(&collapsed, key), 160)
}

/// Removes the key, and anything shaped like a KiwiVM key, from text copied out of a reply.
pub(crate) fn scrub(text: &str, key: Option<&str>) -> String {
    let mut out = match key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => text.replace(k, "[redacted]"),
        None => text.to_owned(),
    };
    const PREFIX: &str = "private_";
    let mut from = 0;
    while let Some(found) = out[from..].find(PREFIX) {
        let start = from + found;
        let len: usize = out[start + PREFIX.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(char::len_utf8)
            .sum();
        if len == 0 {
            from = start + PREFIX.len();
            continue;
        }
        out.replace_range(start..start + PREFIX.len() + len, "[redacted]");
        from = start + "[redacted]".len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_code_may_be_a_number_or_a_numeric_string() {
        assert_eq!(error_code(&serde_json::json!(0)), Some(0));
        assert_eq!(error_code(&serde_json::json!("0")), Some(0));
        assert_eq!(error_code(&serde_json::json!("700005")), Some(700005));
        assert_eq!(error_code(&serde_json::json!("boom")), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(parse_retry_after(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn scrubbing_removes_the_key_and_key_shaped_words() {
        let s = scrub("bad key private_abcDEF123 for odd-key", Some("odd-key"));
        assert_eq!(s, "bad key [redacted] for [redacted]");
        let s = scrub("private_ then private_X1 and private_Y2", None);
        assert_eq!(s, "private_ then [redacted] and [redacted]");
    }

    #[test]
    fn a_snippet_drops_tags_and_newlines_and_is_short() {
        let s = snippet(
            "<html><body>\n<h1>502 Bad Gateway</h1>\n</body></html>",
            None,
        );
        assert_eq!(s, "502 Bad Gateway");
        assert!(snippet(&"x".repeat(5000), None).chars().count() <= 161);
    }
}
