//! Properties of decoding: no JSON, however odd, makes any path's decoder panic; whatever decodes,
//! decodes again to itself once normalised; and no byte string makes the reply mapping panic.

use std::collections::BTreeSet;
use std::path::PathBuf;

use kiwiops::kiwivm::{interpret_reply, CALLS};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Every key of every success fixture, so generated objects often hit real fields.
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
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kiwivm/ok");
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        walk(&serde_json::from_str(&text).unwrap(), &mut keys);
    }
    keys.into_iter().collect()
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
