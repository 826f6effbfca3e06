//! The client side of `/healthz`: one plain-HTTP GET over a TCP connection, for `kiwiops health`
//! (a container's HEALTHCHECK, in an image that has no curl).
//!
//! Raw tokio rather than reqwest: it is one request to our own endpoint on loopback, and only
//! `kiwivm/` uses reqwest.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use url::{Host, Url};

/// Enough for a status line, a few headers and the short reason `/healthz` gives.
const MAX_ANSWER: usize = 16 * 1024;
/// How much of an unhealthy answer's body a message quotes.
const BODY_QUOTED: usize = 200;

/// Why a probe did not find the endpoint healthy. The body quoted is our own endpoint's reason,
/// which carries no secrets.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("`{url}` is not an http:// URL with a host and port")]
    BadUrl { url: String },
    #[error("cannot resolve {host}: {source}")]
    Resolve {
        host: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot reach {target}: {source}")]
    Connect {
        target: String,
        #[source]
        source: std::io::Error,
    },
    #[error("no complete answer from {target} within {} s", .timeout.as_secs_f64())]
    Timeout { target: String, timeout: Duration },
    #[error("{target} did not answer with HTTP")]
    NotHttp { target: String },
    #[error("{target} answered {status}: {body}")]
    Unhealthy {
        target: String,
        status: u16,
        body: String,
    },
}

/// The `/healthz` URL of an endpoint listening on `listen`. An address that binds every interface
/// (`0.0.0.0`, `::`) is probed on loopback of the same family, as a container's probe runs beside it.
pub fn healthz_url(listen: SocketAddr) -> String {
    let ip = match listen.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/healthz", SocketAddr::new(ip, listen.port()))
}

/// GETs `url` and returns the body of a 2xx answer; anything else, or no complete answer within
/// `timeout` (connecting included), is an error.
pub async fn probe(url: &str, timeout: Duration) -> Result<String, ProbeError> {
    let bad = || ProbeError::BadUrl {
        url: url.to_owned(),
    };
    let parsed = Url::parse(url).map_err(|_| bad())?;
    let (host, port) = match (
        parsed.scheme(),
        parsed.host(),
        parsed.port_or_known_default(),
    ) {
        ("http", Some(host), Some(port)) => (host.to_owned(), port),
        _ => return Err(bad()),
    };
    let target = format!("{}:{port}", parsed.host_str().unwrap_or_default());
    let mut path = parsed.path().to_owned();
    if let Some(query) = parsed.query() {
        path.push('?');
        path.push_str(query);
    }
    let exchange = async {
        let addrs = resolve(&host, port).await?;
        let mut stream =
            TcpStream::connect(&addrs[..])
                .await
                .map_err(|source| ProbeError::Connect {
                    target: target.clone(),
                    source,
                })?;
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {target}\r\nUser-Agent: kiwiops-health\r\nConnection: close\r\n\r\n"
        );
        let io = |source| ProbeError::Connect {
            target: target.clone(),
            source,
        };
        stream.write_all(request.as_bytes()).await.map_err(io)?;
        read_answer(&mut stream).await.map_err(io)
    };
    let answer = tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| ProbeError::Timeout {
            target: target.clone(),
            timeout,
        })??;
    let (status, body) = parse_answer(&answer).ok_or_else(|| ProbeError::NotHttp {
        target: target.clone(),
    })?;
    let body = quote(body);
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(ProbeError::Unhealthy {
            target,
            status,
            body,
        })
    }
}

async fn resolve(host: &Host<String>, port: u16) -> Result<Vec<SocketAddr>, ProbeError> {
    match host {
        Host::Ipv4(ip) => Ok(vec![SocketAddr::new(IpAddr::V4(*ip), port)]),
        Host::Ipv6(ip) => Ok(vec![SocketAddr::new(IpAddr::V6(*ip), port)]),
        Host::Domain(name) => {
            let fail = |source| ProbeError::Resolve {
                host: name.clone(),
                source,
            };
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), port))
                .await
                .map_err(fail)?
                .collect();
            if addrs.is_empty() {
                return Err(fail(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no address",
                )));
            }
            Ok(addrs)
        }
    }
}

/// Reads until the server closes, the body named by `Content-Length` is in, or `MAX_ANSWER`.
async fn read_answer(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut answer = Vec::new();
    let mut chunk = [0u8; 2048];
    loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(answer);
        }
        answer.extend_from_slice(&chunk[..n]);
        let complete = head_end(&answer)
            .and_then(|end| content_length(&answer[..end]).map(|len| end + len))
            .is_some_and(|total| answer.len() >= total);
        if complete || answer.len() >= MAX_ANSWER {
            return Ok(answer);
        }
    }
}

/// Where the body starts: just past the blank line that ends the head.
fn head_end(answer: &[u8]) -> Option<usize> {
    answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
}

fn content_length(head: &[u8]) -> Option<usize> {
    String::from_utf8_lossy(head).lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())
            .flatten()
    })
}

/// The status code and the body of an HTTP/1.x answer.
fn parse_answer(answer: &[u8]) -> Option<(u16, &[u8])> {
    let end = head_end(answer)?;
    let head = std::str::from_utf8(&answer[..end]).ok()?;
    let mut words = head.lines().next()?.split_whitespace();
    if !words.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let status = words.next()?.parse().ok()?;
    let body = &answer[end..];
    let body = content_length(&answer[..end]).map_or(body, |len| &body[..len.min(body.len())]);
    Some((status, body))
}

/// A body as one short printable line.
fn quote(body: &[u8]) -> String {
    let text: String = String::from_utf8_lossy(body)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(BODY_QUOTED)
        .collect();
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_interface_is_probed_on_loopback_of_its_family() {
        assert_eq!(
            healthz_url("0.0.0.0:9464".parse().unwrap()),
            "http://127.0.0.1:9464/healthz"
        );
        assert_eq!(
            healthz_url("[::]:9464".parse().unwrap()),
            "http://[::1]:9464/healthz"
        );
        assert_eq!(
            healthz_url("10.0.0.5:80".parse().unwrap()),
            "http://10.0.0.5:80/healthz"
        );
    }

    #[test]
    fn an_answer_gives_its_status_and_only_the_body_content_length_names() {
        let answer = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 21\r\n\r\ngateway not connectedTRAILING";
        let (status, body) = parse_answer(answer).unwrap();
        assert_eq!(status, 503);
        assert_eq!(body, b"gateway not connected");
    }

    #[test]
    fn an_answer_without_a_head_is_not_http() {
        assert_eq!(parse_answer(b"SSH-2.0-OpenSSH_9.6\r\n"), None);
        assert_eq!(parse_answer(b"hello\r\n\r\nworld"), None);
    }

    #[test]
    fn a_url_that_is_not_plain_http_is_refused_before_connecting() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        for url in [
            "https://127.0.0.1:9464/healthz",
            "127.0.0.1:9464",
            "http://",
        ] {
            let result = rt.block_on(probe(url, Duration::from_secs(1)));
            assert!(
                matches!(result, Err(ProbeError::BadUrl { .. })),
                "{url}: {result:?}"
            );
        }
    }
}
