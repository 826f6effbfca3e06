//! Properties of decoding: no JSON, however odd, makes any path's decoder panic; whatever decodes,
//! decodes again to itself once normalised; every recorded reply survives any one field replaced;
//! the real wire's quirks decode whatever their values; and no byte string makes the reply mapping
//! panic. Case counts are capped so the whole file runs in about a second.

use std::collections::BTreeSet;
use std::path::PathBuf;

use base64::Engine;
use kiwiops::kiwivm::{call, interpret_reply, CALLS};
use proptest::prelude::*;
use serde_json::{json, Map, Number, Value};

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kiwivm")
}

/// Every recorded success body (`ok/` and the JSON of `quirks/`).
fn recorded_bodies() -> Vec<(String, Value)> {
    let mut bodies = Vec::new();
    for dir in ["ok", "quirks"] {
        for entry in std::fs::read_dir(fixtures_dir().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
                bodies.push((name, serde_json::from_str(&text).unwrap()));
            }
        }
    }
    bodies.sort_by(|a, b| a.0.cmp(&b.0));
    bodies
}

/// Every key of every recorded body, so generated objects often hit real fields.
fn known_keys() -> Vec<String> {
    fn walk(v: &Value, keys: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, v)| {
                keys.insert(k.clone());
                walk(v, keys);
            }),
            Value::Array(a) => a.iter().for_each(|v| walk(v, keys)),
            _ => {}
        }
    }
    let mut keys = BTreeSet::new();
    for (_, body) in recorded_bodies() {
        walk(&body, &mut keys);
    }
    keys.into_iter().collect()
}

/// The path a success fixture answers: its file name for `ok/`; for `quirks/`, every path (a
/// quirk's body is a plausible reply of any path, and the decoders must not panic on it).
fn paths_for(name: &str) -> Vec<&'static str> {
    match name.strip_prefix("ok/") {
        Some(file) => CALLS
            .iter()
            .filter(|c| format!("{}.json", c.path.replace('/', "_")) == file)
            .map(|c| c.path)
            .collect(),
        None => CALLS.iter().map(|c| c.path).collect(),
    }
}

/// Replaces the value at `route` (object keys and list positions, each taken modulo the width
/// there) with `new`, going as deep as the route reaches.
fn replace_at(value: &mut Value, route: &[usize], new: Value) {
    let next = match (value, route.split_first()) {
        (Value::Object(m), Some((i, rest))) if !m.is_empty() => {
            let key = m.keys().nth(i % m.len()).cloned().unwrap_or_default();
            m.get_mut(&key).map(|v| (v, rest))
        }
        (Value::Array(a), Some((i, rest))) if !a.is_empty() => {
            let len = a.len();
            a.get_mut(i % len).map(|v| (v, rest))
        }
        (slot, _) => {
            *slot = new;
            return;
        }
    };
    if let Some((v, rest)) = next {
        replace_at(v, rest, new);
    }
}

/// Decodes with `path`'s decoder; what decodes must decode again to itself.
fn decodes_stably(path: &str, value: Value) -> Result<Option<Value>, TestCaseError> {
    let decode = |v: Value| (call(path).unwrap().decode)(v).and_then(|typed| typed.to_json());
    match decode(value) {
        Ok(normalised) => {
            let again = decode(normalised.clone());
            prop_assert_eq!(
                again.as_ref().ok(),
                Some(&normalised),
                "{} re-decoded differently",
                path
            );
            Ok(Some(normalised))
        }
        Err(_) => Ok(None),
    }
}

/// The recorded KVM reply with `field` set to `value`.
fn live_with(field: &str, value: Value) -> Value {
    let text = std::fs::read_to_string(fixtures_dir().join("ok/getLiveServiceInfo.json")).unwrap();
    let mut body: Value = serde_json::from_str(&text).unwrap();
    body[field] = value;
    body
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        prop_oneof![
            Just(String::new()),
            Just("-".to_owned()),
            Just("0".to_owned()),
            Just("1".to_owned()),
            Just("running".to_owned()),
            Just("iVBORw0K\nGgo=".to_owned()),
            any::<u32>().prop_map(|n| n.to_string()),
            any::<i64>().prop_map(|n| format!(" {n} ")),
            ".{0,12}",
        ]
        .prop_map(Value::String),
    ]
}

fn json_value(keys: Vec<String>) -> impl Strategy<Value = Value> {
    let key = prop_oneof![3 => proptest::sample::select(keys), 1 => "[a-z_]{0,8}"];
    leaf().prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Top-level replies are objects with real field names most of the time.
fn reply(keys: Vec<String>) -> impl Strategy<Value = Value> {
    let field = proptest::sample::select(keys.clone());
    prop_oneof![
        1 => json_value(keys.clone()),
        3 => prop::collection::vec((field, json_value(keys)), 0..12)
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn no_reply_makes_any_decoder_panic_and_what_decodes_is_stable(value in reply(known_keys())) {
        for call in CALLS {
            if let Ok(typed) = (call.decode)(value.clone()) {
                let normalised = typed.to_json().expect("a decoded reply serializes");
                let again = (call.decode)(normalised.clone()).and_then(|t| t.to_json());
                prop_assert_eq!(again.as_ref().ok(), Some(&normalised), "{} re-decoded differently", call.path);
            }
        }
    }

    #[test]
    fn every_recorded_reply_survives_any_one_value_replaced(
        pick in any::<usize>(),
        route in prop::collection::vec(any::<usize>(), 1..4),
        new in json_value(known_keys()),
    ) {
        let bodies = recorded_bodies();
        let (name, body) = &bodies[pick % bodies.len()];
        let mut body = body.clone();
        replace_at(&mut body, &route, new);
        for path in paths_for(name) {
            decodes_stably(path, body.clone())?;
        }
    }

    #[test]
    fn no_body_makes_the_reply_mapping_panic(
        body in prop::collection::vec(any::<u8>(), 0..300),
        status in 100u16..600,
        retry_after in proptest::option::of(".{0,20}"),
    ) {
        let _ = interpret_reply("getServiceInfo", status, retry_after.as_deref(), &body);
        let _ = interpret_reply("basicShell/exec", status, retry_after.as_deref(), &body);
    }

    #[test]
    fn no_json_body_makes_the_reply_mapping_panic(value in reply(known_keys()), status in 100u16..600) {
        let body = value.to_string();
        for path in ["start", "basicShell/exec"] {
            let _ = interpret_reply(path, status, None, body.as_bytes());
        }
    }
}

/// A printable description: no control characters, not blank.
fn printable() -> impl Strategy<Value = String> {
    "[^\\p{Cc}]{1,40}".prop_filter("not blank", |s| !s.trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn no_screenshot_text_fails_the_live_reply(text in prop_oneof![".{0,200}", "[A-Za-z0-9+/=\n]{0,200}"]) {
        let live = decodes_stably("getLiveServiceInfo", live_with("screendump_png_base64", json!(text)))?;
        prop_assert!(live.is_some(), "the screenshot failed the reply");
        prop_assert_eq!(&live.unwrap()["ve_status"], &json!("running"));
    }

    #[test]
    fn a_list_of_nullrouted_ips_keys_one_record_per_distinct_ip(
        ips in prop::collection::vec(any::<std::net::IpAddr>(), 0..6),
    ) {
        let listed: Vec<String> = ips.iter().map(ToString::to_string).collect();
        let info = decodes_stably("getServiceInfo", json!({ "ip_nullroutes": listed }))?.unwrap();
        let keys: BTreeSet<String> = info["ip_nullroutes"].as_object().unwrap().keys().cloned().collect();
        prop_assert_eq!(keys, listed.into_iter().collect::<BTreeSet<_>>());
    }

    #[test]
    fn a_decimal_disk_quota_in_a_string_decodes_to_its_value(gib in 0.0f64..1.0e6) {
        let text = format!("{gib}");
        let live = decodes_stably("getLiveServiceInfo", live_with("ve_disk_quota_gb", json!(text)))?.unwrap();
        let printed = live["ve_disk_quota_gb"].as_f64().unwrap();
        prop_assert_eq!(printed, text.parse::<f64>().unwrap());
    }

    #[test]
    fn a_decimal_size_in_kib_rounds_to_the_nearest_kib(kib in 0u64..1 << 40, part in 0.0f64..1.0) {
        let text = format!("{}", kib as f64 + part);
        let live = decodes_stably("getLiveServiceInfo", live_with("mem_available_kb", json!(text)))?.unwrap();
        prop_assert_eq!(live["mem_available_kb"].as_u64(), Some(text.parse::<f64>().unwrap().round() as u64));
    }

    #[test]
    fn no_load_text_fails_the_live_reply_and_three_figures_read_as_the_load(
        text in ".{0,30}",
        figures in prop::array::uniform3(0u32..10_000),
        sep in prop_oneof![Just(" "), Just("/"), Just(", ")],
    ) {
        prop_assert!(decodes_stably("getLiveServiceInfo", live_with("load_average", json!(text)))?.is_some());
        let [a, b, c] = figures.map(|f| f as f64 / 100.0);
        let line = format!("{a:.2}{sep}{b:.2}{sep}{c:.2}");
        let ovz = json!({"vm_type": "ovz", "vz_status": {"status": "running", "load_average": line}});
        let live = decodes_stably("getLiveServiceInfo", ovz)?.unwrap();
        prop_assert_eq!(&live["load_average"], &json!([a, b, c]));
    }

    #[test]
    fn a_base64_description_shows_its_text_and_plain_text_with_a_space_stays(text in printable()) {
        let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
        let list = json!({"snapshots": [{"description": encoded}, {"description": format!("{text} x")}]});
        let list = decodes_stably("snapshot/list", list)?.unwrap();
        prop_assert_eq!(&list["snapshots"][0]["description"], &json!(text));
        prop_assert_eq!(&list["snapshots"][1]["description"], &json!(format!("{text} x")));
    }
}
