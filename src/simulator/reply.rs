//! The simulator's wire format: PHP-style JSON text and the `error`/`message` failure shape.

use serde_json::{Map, Value};

/// The fields of one reply, before `error` is added.
pub(super) type Fields = Map<String, Value>;

/// A missing parameter (the only public source for this code names it for that).
pub(super) const MISSING_PARAMETER: i64 = 700001;
/// An unknown path. The code is the simulator's choice; the real API only documents the message.
pub(super) const INVALID_REQUEST: i64 = 700002;
/// A wrong key and an unknown VEID look the same.
pub(super) const AUTHENTICATION_FAILURE: i64 = 700005;
/// A parameter names something that does not exist or an action the VPS cannot take.
/// The code is the simulator's choice; the real API uses several codes the public sources do not list.
pub(super) const REJECTED: i64 = 700010;
/// A reinstall, snapshot, restore or migration is running.
pub(super) const LOCKED: i64 = 788888;

/// A KiwiVM failure as the API reports it: HTTP 200 with a non-zero `error`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("error {code}: {message}")]
pub(super) struct ApiError {
    pub code: i64,
    pub message: String,
    pub info: Option<String>,
    pub locking: Option<Value>,
}

impl ApiError {
    pub fn new(code: i64, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            info: None,
            locking: None,
        }
    }

    pub fn missing(param: &str) -> ApiError {
        ApiError::new(MISSING_PARAMETER, format!("Missing parameter: {param}"))
    }

    pub fn rejected(message: impl Into<String>) -> ApiError {
        ApiError::new(REJECTED, message)
    }

    pub fn authentication() -> ApiError {
        ApiError::new(AUTHENTICATION_FAILURE, "Authentication failure")
    }

    pub fn invalid_request(path: &str) -> ApiError {
        let mut e = ApiError::new(INVALID_REQUEST, "Invalid request");
        e.info = Some(format!("Unknown API call: {path}"));
        e
    }

    pub fn to_fields(&self) -> Fields {
        let mut f = Fields::new();
        f.insert("error".into(), self.code.into());
        f.insert("message".into(), self.message.clone().into());
        if let Some(info) = &self.info {
            f.insert("additionalErrorInfo".into(), info.clone().into());
        }
        if let Some(locking) = &self.locking {
            f.insert("additionalLockingInfo".into(), locking.clone());
        }
        f
    }
}

/// A success body: the fields plus `error: 0`.
pub(super) fn success(mut fields: Fields) -> String {
    fields.insert("error".into(), 0.into());
    encode(&Value::Object(fields))
}

/// A failure body.
pub(super) fn failure(err: &ApiError) -> String {
    encode(&Value::Object(err.to_fields()))
}

/// The fields of a `json!` object literal.
pub(super) fn into_fields(value: Value) -> Fields {
    match value {
        Value::Object(map) => map,
        // Only ever called with object literals; anything else has no fields.
        _ => Fields::new(),
    }
}

/// PHP's `json_encode` of an associative array: an empty one is a list, `[]`.
pub(super) fn php_map(fields: Fields) -> Value {
    if fields.is_empty() {
        Value::Array(Vec::new())
    } else {
        Value::Object(fields)
    }
}

/// Serialises like PHP's `json_encode` with default flags: `/` as `\/` and non-ASCII as `\uXXXX`.
/// Outside string literals, JSON text holds neither `/` nor non-ASCII, so rewriting the whole text
/// only touches the contents of strings.
pub(super) fn encode(value: &Value) -> String {
    let plain = value.to_string();
    let mut out = String::with_capacity(plain.len() + plain.len() / 16);
    for c in plain.chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn slashes_and_non_ascii_are_escaped_like_php() {
        let text = encode(&json!({"a": "http://x/y", "b": "é😀"}));
        assert_eq!(text, r#"{"a":"http:\/\/x\/y","b":"\u00e9\ud83d\ude00"}"#);
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["b"], "é😀");
    }

    #[test]
    fn an_empty_map_is_an_empty_list() {
        assert_eq!(php_map(Fields::new()), json!([]));
        let mut f = Fields::new();
        f.insert("k".into(), 1.into());
        assert_eq!(php_map(f), json!({"k": 1}));
    }

    #[test]
    fn a_failure_carries_error_and_message() {
        let body = failure(&ApiError::authentication());
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            v,
            json!({"error": 700005, "message": "Authentication failure"})
        );
    }
}
