//! Recorded failure bodies and bad replies mapped to `KiwiError`: codes, lock progress, HTML pages,
//! rate limits, and decode errors that name the JSON path.

mod kiwivm_support;

use std::time::Duration;

use kiwiops::kiwivm::models::LiveServiceInfo;
use kiwiops::kiwivm::{call, interpret_reply, KiwiError};
use kiwivm_support::fixture;
use serde_json::json;

fn fail(path: &str, rel: &str) -> KiwiError {
    interpret_reply(path, 200, None, &fixture(rel)).expect_err(rel)
}

/// Through the table's decoder after a successful envelope.
fn decode_error(path: &str, rel: &str) -> KiwiError {
    let reply = interpret_reply(path, 200, None, &fixture(rel)).unwrap();
    let source = (call(path).unwrap().decode)(reply).expect_err(rel);
    KiwiError::Decode {
        path: path.into(),
        source,
    }
}

#[test]
fn a_wrong_key_is_an_authentication_failure() {
    let err = fail("getServiceInfo", "errors/auth.json");
    assert!(matches!(err, KiwiError::Authentication { .. }), "{err:?}");
    assert_eq!(err.code(), Some(700005));
    assert_eq!(err.provider_message(), Some("Authentication failure"));
    assert!(!err.is_transient());
    assert!(err.to_string().contains("700005"), "{err}");
}

#[test]
fn a_locked_vps_reports_the_task_and_its_progress() {
    let err = fail("snapshot/create", "errors/locked.json");
    let KiwiError::Locked { task, progress, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(task.as_deref(), Some("Reinstalling OS"));
    let p = progress.as_ref().unwrap();
    assert_eq!(p.completed_percent, Some(45.0));
    assert_eq!(
        p.friendly_progress_message.as_deref(),
        Some("Copying files (2/5)")
    );
    assert_eq!(p.last_status_update_s_ago, Some(3));
    assert_eq!(err.code(), Some(788888));
    assert!(err.is_transient());
    let text = err.to_string();
    assert!(
        text.contains("Reinstalling OS")
            && text.contains("45% done")
            && text.contains("Copying files"),
        "{text}"
    );
}

#[test]
fn a_lock_without_details_still_maps_from_a_string_code() {
    let err = fail("stop", "errors/locked_bare.json");
    assert!(
        matches!(
            &err,
            KiwiError::Locked {
                task: None,
                progress: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.provider_message(),
        Some("VE is currently locked, try again in a few minutes")
    );
}

#[test]
fn an_unknown_code_keeps_the_providers_message_and_extra_info() {
    let err = fail("snapshot/create", "errors/unknown_code.json");
    assert_eq!(err.code(), Some(712345));
    assert_eq!(err.provider_message(), Some("Snapshot quota exceeded"));
    let text = err.to_string();
    assert!(
        text.contains("712345") && text.contains("Snapshot quota exceeded"),
        "{text}"
    );
    assert!(text.contains("Delete a snapshot first"), "{text}");
    assert!(!err.is_transient());
}

#[test]
fn a_missing_parameter_and_an_invalid_request_are_api_errors() {
    let missing = fail("setHostname", "errors/missing_parameter.json");
    assert_eq!(missing.code(), Some(700001));
    assert_eq!(
        missing.provider_message(),
        Some("Missing parameter: newHostname")
    );
    let invalid = fail("start", "errors/invalid_request.json");
    assert_eq!(invalid.provider_message(), Some("invalid request"));
}

#[test]
fn an_error_without_a_message_says_so() {
    let err = fail("start", "errors/no_message.json");
    assert_eq!(err.code(), Some(42));
    assert!(err.to_string().contains("no message"), "{err}");
}

#[test]
fn a_key_echoed_by_the_provider_is_scrubbed() {
    let err = fail("start", "errors/key_echo.json");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("ECHOECHO"), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
}

#[test]
fn an_html_error_page_is_a_transient_non_json_reply_with_a_short_snippet() {
    let err = interpret_reply(
        "getServiceInfo",
        502,
        None,
        &fixture("errors/bad_gateway.html"),
    )
    .unwrap_err();
    let KiwiError::NotJson {
        status, snippet, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 502);
    assert_eq!(snippet, "502 Bad Gateway 502 Bad Gateway cloudflare");
    assert!(err.is_transient());
    assert_eq!(err.code(), None);
    let ok_status =
        interpret_reply("getServiceInfo", 200, None, b"<html>maintenance</html>").unwrap_err();
    assert!(
        matches!(ok_status, KiwiError::NotJson { status: 200, .. }),
        "{ok_status:?}"
    );
}

#[test]
fn http_429_is_rate_limiting_with_or_without_retry_after() {
    let with = interpret_reply("getServiceInfo", 429, Some("120"), b"").unwrap_err();
    assert_eq!(with.retry_after(), Some(Duration::from_secs(120)));
    assert!(
        with.is_transient() && with.to_string().contains("120 s"),
        "{with}"
    );
    let without = interpret_reply("getServiceInfo", 429, None, b"Too Many Requests").unwrap_err();
    assert!(matches!(
        without,
        KiwiError::RateLimited { retry_after: None }
    ));
    assert_eq!(without.retry_after(), None);
}

#[test]
fn success_is_error_zero_as_a_number_or_a_string() {
    for body in [
        &br#"{"error":0}"#[..],
        br#"{"error":"0"}"#,
        br#"{"error":"","x":1}"#,
    ] {
        assert!(
            interpret_reply("start", 200, None, body).is_ok(),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    let quirk = interpret_reply(
        "getServiceInfo",
        200,
        None,
        &fixture("quirks/service_info_numeric_strings.json"),
    );
    assert!(quirk.is_ok());
}

#[test]
fn a_shell_exit_status_is_data_but_a_provider_code_on_exec_is_still_an_error() {
    let reply = interpret_reply(
        "basicShell/exec",
        200,
        None,
        &fixture("quirks/shell_exec_nonzero.json"),
    )
    .unwrap();
    assert_eq!(reply["error"], json!(127));
    let auth =
        interpret_reply("basicShell/exec", 200, None, &fixture("errors/auth.json")).unwrap_err();
    assert!(matches!(auth, KiwiError::Authentication { .. }));
    let other = interpret_reply(
        "shellScript/exec",
        200,
        None,
        &fixture("quirks/shell_exec_nonzero.json"),
    );
    assert_eq!(
        other.unwrap_err().code(),
        Some(127),
        "only basicShell/exec treats error as an exit status"
    );
}

#[test]
fn a_server_error_with_a_json_body_that_is_not_a_kiwivm_error_is_an_http_error() {
    let err = interpret_reply("start", 500, None, br#"{"error":0}"#).unwrap_err();
    assert!(
        matches!(err, KiwiError::HttpStatus { status: 500, .. }),
        "{err:?}"
    );
    assert!(err.is_transient());
    let not_object = interpret_reply("start", 200, None, b"[1,2]").unwrap_err();
    assert!(
        matches!(not_object, KiwiError::Decode { .. }),
        "{not_object:?}"
    );
    let bad_code = interpret_reply("start", 200, None, br#"{"error":"oops"}"#).unwrap_err();
    assert!(bad_code.to_string().contains("`error`"), "{bad_code}");
}

#[test]
fn a_decode_error_names_the_json_path_inside_a_keyed_map() {
    let err = decode_error("backup/list", "quirks/backup_list_bad_size.json");
    let KiwiError::Decode { source, .. } = &err else {
        panic!()
    };
    assert_eq!(source.path, "backups.b7c1e0f2a9d84c3e.size");
    assert!(
        err.to_string().contains("backups.b7c1e0f2a9d84c3e.size"),
        "{err}"
    );
    assert!(!err.is_transient());
}

#[test]
fn a_decode_error_names_the_index_of_a_bad_list_item() {
    let err = decode_error("getAuditLog", "quirks/audit_log_bad_ip.json");
    let KiwiError::Decode { source, .. } = &err else {
        panic!()
    };
    assert_eq!(source.path, "log_entries[1].requestor_ipv4");
}

#[test]
fn a_bad_shared_field_of_live_info_is_named_despite_flattening() {
    let reply = json!({"plan_ram": "lots", "ve_status": "running", "error": 0});
    let err = LiveServiceInfo::from_reply(&reply).unwrap_err();
    assert_eq!(err.path, "plan_ram");
    let table = (call("getLiveServiceInfo").unwrap().decode)(reply).unwrap_err();
    assert_eq!(table.path, "plan_ram");
    let live_field = json!({"ssh_port": 70000});
    assert_eq!(
        LiveServiceInfo::from_reply(&live_field).unwrap_err().path,
        "ssh_port"
    );
    // A screenshot that is not base64 is no screenshot, not an error (see kiwivm_wire.rs).
    let bad_size = json!({"ve_used_disk_space_b": "lots"});
    assert_eq!(
        LiveServiceInfo::from_reply(&bad_size).unwrap_err().path,
        "ve_used_disk_space_b"
    );
}

#[test]
fn a_decode_error_of_a_secret_reply_never_quotes_a_value() {
    let reply = json!({"error": 0, "rootPassword": "pw-in-place", "sshPort": "S3cretS3cret"});
    let err = (call("reinstallOS").unwrap().decode)(reply).unwrap_err();
    assert_eq!(err.path, "sshPort");
    assert!(!err.to_string().contains("S3cretS3cret"), "{err}");
    let ordinary =
        (call("getServiceInfo").unwrap().decode)(json!({"plan_ram": "lots"})).unwrap_err();
    assert!(
        ordinary.to_string().contains("lots"),
        "ordinary errors show the value: {ordinary}"
    );
}
