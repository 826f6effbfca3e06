//! HTTP-level trouble against a loopback server, mapped to `KiwiError`: 429, HTML pages, hangs,
//! refused and dropped connections, redirects, and provider errors sent as HTTP 200.

mod kiwivm_support;

use std::time::{Duration, Instant};

use kiwiops::kiwivm::{Client, KiwiError};
use kiwivm_support::{assert_clean, creds, dropping_server, json_reply, seen, serve, Reply};

#[tokio::test]
async fn http_429_maps_to_rate_limiting_with_and_without_retry_after() {
    let (base, _) = serve(|path| Reply::Body {
        status: 429,
        content_type: "text/html",
        retry_after: (path == "getServiceInfo").then_some("7"),
        body: "<h1>Too Many Requests</h1>".into(),
    })
    .await;
    let client = Client::new(&base).unwrap();
    let with = client.service_info(&creds()).await.unwrap_err();
    assert_eq!(with.retry_after(), Some(Duration::from_secs(7)));
    assert!(with.is_transient());
    let without = client.rate_limit_status(&creds()).await.unwrap_err();
    assert!(
        matches!(without, KiwiError::RateLimited { retry_after: None }),
        "{without:?}"
    );
    assert_clean(&with);
    assert_clean(&without);
}

#[tokio::test]
async fn an_html_502_page_is_a_non_json_reply_with_its_status_and_a_snippet() {
    let (base, _) = serve(|_| Reply::Body {
        status: 502,
        content_type: "text/html",
        retry_after: None,
        body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>".into(),
    })
    .await;
    let err = Client::new(&base)
        .unwrap()
        .service_info(&creds())
        .await
        .unwrap_err();
    let KiwiError::NotJson {
        status,
        snippet,
        path,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((*status, path.as_str()), (502, "getServiceInfo"));
    assert!(
        snippet.contains("502 Bad Gateway") && !snippet.contains('<'),
        "{snippet}"
    );
    assert!(err.is_transient());
    assert_clean(&err);
}

#[tokio::test]
async fn a_hanging_server_times_out_with_the_path_and_the_limit() {
    let (base, _) = serve(|_| Reply::Hang).await;
    let client = Client::new(&base)
        .unwrap()
        .with_timeout_override(Duration::from_millis(300));
    let started = Instant::now();
    let err = client.live_service_info(&creds()).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    let KiwiError::Timeout { path, limit } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (path.as_str(), *limit),
        ("getLiveServiceInfo", Duration::from_millis(300))
    );
    assert!(err.is_transient());
    assert!(err.to_string().contains("getLiveServiceInfo"), "{err}");
    assert_clean(&err);
}

#[tokio::test]
async fn a_refused_connection_is_a_transient_transport_error_without_the_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::new(&format!("http://127.0.0.1:{port}/v1/")).unwrap();
    let err = client.start(&creds()).await.unwrap_err();
    assert!(matches!(err, KiwiError::Transport { .. }), "{err:?}");
    assert!(err.is_transient());
    assert!(
        !err.to_string().contains("/v1/start"),
        "the URL is stripped: {err}"
    );
    assert_clean(&err);
}

#[tokio::test]
async fn a_dropped_connection_is_not_retried_for_any_call() {
    let (base, count) = dropping_server().await;
    let client = Client::new(&base).unwrap();
    let err = client.stop(&creds()).await.unwrap_err();
    assert!(
        matches!(err, KiwiError::Transport { .. }) && err.is_transient(),
        "{err:?}"
    );
    assert_clean(&err);
    assert_eq!(*count.lock().unwrap(), 1, "stop was sent again");
    client.service_info(&creds()).await.unwrap_err();
    assert_eq!(*count.lock().unwrap(), 2, "a read was sent again");
}

#[tokio::test]
async fn a_redirect_is_not_followed_with_the_key() {
    let (base, log) = serve(|_| Reply::Body {
        status: 302,
        content_type: "text/html",
        retry_after: None,
        body: "<a href=\"http://elsewhere/\">moved</a>".into(),
    })
    .await;
    let err = Client::new(&base)
        .unwrap()
        .start(&creds())
        .await
        .unwrap_err();
    assert!(
        matches!(err, KiwiError::NotJson { status: 302, .. }),
        "{err:?}"
    );
    assert_eq!(seen(&log).len(), 1);
}

#[tokio::test]
async fn provider_errors_arrive_as_http_200_and_map_by_code() {
    let (base, _) = serve(|path| match path {
        "start" => json_reply(r#"{"error":700005,"message":"Authentication failure"}"#),
        "basicShell/exec" => json_reply(r#"{"error":2,"message":"ls: cannot access 'x'\n"}"#),
        _ => json_reply(
            r#"{"error":788888,"message":"VE is currently locked, try again in a few minutes","additionalErrorInfo":"Creating snapshot","additionalLockingInfo":{"completed_percent":"80","friendly_progress_message":"Compressing","last_status_update_s_ago":1}}"#,
        ),
    })
    .await;
    let client = Client::new(&base).unwrap();
    let auth = client.start(&creds()).await.unwrap_err();
    assert_eq!(
        (auth.code(), auth.provider_message()),
        (Some(700005), Some("Authentication failure"))
    );
    let exec = client.shell_exec(&creds(), "ls x").await.unwrap();
    assert_eq!(exec.exit_status, 2);
    let locked = client
        .snapshot_create(&creds(), Some("nightly"))
        .await
        .unwrap_err();
    assert_eq!(
        locked.lock_progress().and_then(|p| p.completed_percent),
        Some(80.0)
    );
    assert_clean(&auth);
    assert_clean(&locked);
}
