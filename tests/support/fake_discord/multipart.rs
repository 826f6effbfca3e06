//! Request bodies as serenity sends them: JSON, or multipart/form-data with `payload_json` and
//! `files[N]` parts (parsed by hand: axum's `multipart` feature would pull a crate not vendored here).

use serde_json::Value;

pub(crate) struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// A request body read as Discord reads it.
pub(crate) enum Body {
    Empty,
    Json(Value),
    Multipart {
        json: Option<Value>,
        parts: Vec<Part>,
    },
    /// Bytes that are neither JSON nor well-formed multipart (Discord: 50109 invalid JSON).
    Unreadable,
}

impl Body {
    pub fn read(content_type: Option<&str>, bytes: &[u8]) -> Self {
        if let Some(boundary) = content_type.and_then(boundary) {
            return match parse(bytes, &boundary) {
                Some(parts) => {
                    let json = parts
                        .iter()
                        .find(|p| p.name == "payload_json")
                        .and_then(|p| serde_json::from_slice(&p.bytes).ok());
                    Body::Multipart { json, parts }
                }
                None => Body::Unreadable,
            };
        }
        if bytes.is_empty() {
            return Body::Empty;
        }
        serde_json::from_slice(bytes).map_or(Body::Unreadable, Body::Json)
    }

    pub fn json(&self) -> Option<&Value> {
        match self {
            Body::Json(json) => Some(json),
            Body::Multipart { json, .. } => json.as_ref(),
            Body::Empty | Body::Unreadable => None,
        }
    }

    /// File parts only (those with a filename).
    pub fn files(&self) -> Vec<&Part> {
        match self {
            Body::Multipart { parts, .. } => {
                parts.iter().filter(|p| p.filename.is_some()).collect()
            }
            _ => Vec::new(),
        }
    }
}

fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|param| {
        let (key, value) = param.trim().split_once('=')?;
        key.eq_ignore_ascii_case("boundary")
            .then(|| value.trim_matches('"').to_string())
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| at + from)
}

fn parse(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n--{boundary}");
    let mut at = find(body, delimiter.as_bytes(), 0)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body.get(at..at + 2)? == b"--" {
            return Some(parts);
        }
        let headers_start = find(body, b"\r\n", at)? + 2;
        let headers_end = find(body, b"\r\n\r\n", headers_start)?;
        let headers = std::str::from_utf8(&body[headers_start..headers_end]).ok()?;
        let content_start = headers_end + 4;
        let content_end = find(body, next_delimiter.as_bytes(), content_start)?;
        parts.push(part(headers, body[content_start..content_end].to_vec())?);
        at = content_end + next_delimiter.len();
    }
}

fn part(headers: &str, bytes: Vec<u8>) -> Option<Part> {
    let mut name = None;
    let mut filename = None;
    let mut content_type = None;
    for line in headers.split("\r\n") {
        let (key, value) = line.split_once(':')?;
        if key.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_string());
        } else if key.trim().eq_ignore_ascii_case("content-disposition") {
            for param in value.split(';').skip(1) {
                let Some((k, v)) = param.trim().split_once('=') else {
                    continue;
                };
                let v = v.trim_matches('"').to_string();
                match k {
                    "name" => name = Some(v),
                    "filename" => filename = Some(v),
                    _ => {}
                }
            }
        }
    }
    Some(Part {
        name: name?,
        filename,
        content_type,
        bytes,
    })
}
