//! Tests of `metrics.rs`.

use super::*;

/// The sample lines of `text` whose name and labels start with `prefix`.
fn samples<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.starts_with(prefix)).collect()
}

#[test]
fn recorded_commands_appear_as_counters_with_their_labels() {
    let m = Metrics::new();
    m.command("server info", "ok");
    m.command("server info", "ok");
    m.command("server reboot", "denied");
    let text = m.render();
    assert!(
        text.contains("# TYPE kiwiops_commands_total counter"),
        "{text}"
    );
    assert!(
        text.contains("kiwiops_commands_total{command=\"server info\",outcome=\"ok\"} 2\n"),
        "{text}"
    );
    assert!(
        text.contains("kiwiops_commands_total{command=\"server reboot\",outcome=\"denied\"} 1\n"),
        "{text}"
    );
}

#[test]
fn a_kiwivm_call_is_counted_by_path_and_outcome_and_timed_by_path() {
    let m = Metrics::new();
    m.kiwi_call("getServiceInfo", "ok", 0.2);
    m.kiwi_call("getServiceInfo", "rate_limited", 0.01);
    let text = m.render();
    assert!(
        text.contains("kiwiops_kiwivm_calls_total{path=\"getServiceInfo\",outcome=\"ok\"} 1\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "kiwiops_kiwivm_calls_total{path=\"getServiceInfo\",outcome=\"rate_limited\"} 1\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("kiwiops_kiwivm_call_seconds_count{path=\"getServiceInfo\"} 2\n"),
        "{text}"
    );
}

#[test]
fn a_histogram_observation_lands_in_the_first_bucket_that_holds_it() {
    let m = Metrics::new();
    m.kiwi_call("start", "ok", 0.2);
    let text = m.render();
    let p = "kiwiops_kiwivm_call_seconds_bucket{path=\"start\",le=";
    assert!(text.contains(&format!("{p}\"0.1\"}} 0\n")), "{text}");
    assert!(text.contains(&format!("{p}\"0.25\"}} 1\n")), "{text}");
    assert!(text.contains(&format!("{p}\"60\"}} 1\n")), "{text}");
    assert!(text.contains(&format!("{p}\"+Inf\"}} 1\n")), "{text}");
    assert_eq!(
        samples(&text, p).len(),
        KIWI_CALL_BUCKETS.len() + 1,
        "{text}"
    );
}

#[test]
fn an_ack_over_discords_three_seconds_is_outside_the_three_second_bucket() {
    let m = Metrics::new();
    m.interaction_ack(0.004);
    m.interaction_ack(3.5);
    let text = m.render();
    let p = "kiwiops_interaction_ack_seconds_bucket{le=";
    assert!(text.contains(&format!("{p}\"0.01\"}} 1\n")), "{text}");
    assert!(text.contains(&format!("{p}\"3\"}} 1\n")), "{text}");
    assert!(text.contains(&format!("{p}\"5\"}} 2\n")), "{text}");
    assert!(
        text.contains("kiwiops_interaction_ack_seconds_count 2\n"),
        "{text}"
    );
}

#[test]
fn a_duration_that_is_not_a_time_is_not_observed_but_the_call_still_counts() {
    let m = Metrics::new();
    m.kiwi_call("start", "ok", 0.5);
    m.kiwi_call("start", "ok", f64::NAN);
    m.kiwi_call("start", "ok", -1.0);
    m.interaction_ack(f64::INFINITY);
    let text = m.render();
    assert!(
        text.contains("kiwiops_kiwivm_calls_total{path=\"start\",outcome=\"ok\"} 3\n"),
        "{text}"
    );
    assert!(
        text.contains("kiwiops_kiwivm_call_seconds_sum{path=\"start\"} 0.5\n"),
        "{text}"
    );
    assert!(
        text.contains("kiwiops_interaction_ack_seconds_count 0\n"),
        "{text}"
    );
}

#[test]
fn the_gateway_gauge_follows_connects_and_disconnects() {
    let m = Metrics::new();
    assert!(!m.is_gateway_connected());
    assert!(m.render().contains("kiwiops_gateway_connected 0\n"));
    m.set_gateway_connected(true);
    assert!(m.is_gateway_connected());
    assert!(m.render().contains("kiwiops_gateway_connected 1\n"));
    m.set_gateway_connected(false);
    assert!(!m.is_gateway_connected());
}

#[test]
fn a_label_that_is_not_a_short_plain_word_is_recorded_as_other() {
    let m = Metrics::new();
    m.command("server info\"} 9\nfake_metric 1", "ok");
    m.command(&"x".repeat(MAX_LABEL_LEN + 1), "ok");
    m.command("", "ok");
    let text = m.render();
    assert!(
        text.contains("kiwiops_commands_total{command=\"other\",outcome=\"ok\"} 3\n"),
        "{text}"
    );
    assert!(!text.contains("fake_metric"), "{text}");
}

#[test]
fn a_full_family_folds_new_label_sets_into_one_other_series() {
    let m = Metrics::new();
    for i in 0..MAX_SERIES {
        m.command(&format!("c{i}"), "ok");
    }
    m.command("one too many", "ok");
    m.command("c0", "ok");
    let text = m.render();
    assert_eq!(
        samples(&text, "kiwiops_commands_total{").len(),
        MAX_SERIES + 1
    );
    assert!(
        text.contains("kiwiops_commands_total{command=\"other\",outcome=\"other\"} 1\n"),
        "{text}"
    );
    assert!(
        text.contains("kiwiops_commands_total{command=\"c0\",outcome=\"ok\"} 2\n"),
        "{text}"
    );
    assert!(!text.contains("one too many"), "{text}");
}
