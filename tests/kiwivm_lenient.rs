//! The lenient serde helpers on their own: every PHP quirk they accept, and what they still refuse.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use kiwiops::kiwivm::lenient;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct Probe {
    #[serde(deserialize_with = "lenient::number")]
    count: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    signed: Option<i64>,
    #[serde(deserialize_with = "lenient::number")]
    ratio: Option<f64>,
    #[serde(deserialize_with = "lenient::size")]
    size: Option<u64>,
    #[serde(deserialize_with = "lenient::flag")]
    on: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    id: Option<String>,
    #[serde(deserialize_with = "lenient::text_map")]
    names: Option<BTreeMap<String, String>>,
    #[serde(deserialize_with = "lenient::ipv4")]
    ip: Option<Ipv4Addr>,
    #[serde(deserialize_with = "lenient::strings")]
    ips: Option<Vec<String>>,
}

fn probe(v: serde_json::Value) -> Result<Probe, String> {
    serde_path_to_error::deserialize(v).map_err(|e| format!("{} | {}", e.path(), e.inner()))
}

#[test]
fn numbers_arrive_as_numbers_numeric_strings_or_integral_floats() {
    for v in [
        json!(40),
        json!("40"),
        json!(" 40 "),
        json!(40.0),
        json!("4e1"),
    ] {
        assert_eq!(probe(json!({ "count": v })).unwrap().count, Some(40), "{v}");
    }
    assert_eq!(probe(json!({"signed": "-3"})).unwrap().signed, Some(-3));
    assert_eq!(probe(json!({"ratio": "1.5"})).unwrap().ratio, Some(1.5));
}

#[test]
fn an_empty_string_or_null_number_is_missing() {
    assert_eq!(probe(json!({"count": ""})).unwrap().count, None);
    assert_eq!(probe(json!({"count": null})).unwrap().count, None);
}

#[test]
fn a_word_where_a_number_belongs_is_an_error_naming_the_field() {
    let err = probe(json!({"count": "forty"})).unwrap_err();
    assert!(err.starts_with("count |"), "{err}");
    assert!(probe(json!({"count": -1})).is_err());
    assert!(probe(json!({"count": 1.5})).is_err());
    assert!(probe(json!({"count": [1]})).is_err());
}

#[test]
fn a_size_may_carry_decimals_and_rounds_to_a_whole_unit() {
    for (v, want) in [
        (json!("1533120.5"), 1533121),
        (json!(1533120.4), 1533120),
        (json!("40"), 40),
        (json!("18446744073709551615"), u64::MAX),
    ] {
        assert_eq!(probe(json!({ "size": v })).unwrap().size, Some(want), "{v}");
    }
    assert_eq!(probe(json!({"size": ""})).unwrap().size, None);
    for bad in [json!(-1), json!("-2.5"), json!("1e20"), json!("forty")] {
        assert!(probe(json!({ "size": bad })).is_err(), "{bad}");
    }
}

#[test]
fn flags_accept_every_php_spelling() {
    let cases = [
        (json!(true), Some(true)),
        (json!(false), Some(false)),
        (json!(1), Some(true)),
        (json!(0), Some(false)),
        (json!("1"), Some(true)),
        (json!("0"), Some(false)),
        (json!(""), Some(false)),
        (json!("true"), Some(true)),
        (json!("False"), Some(false)),
        (json!(null), None),
    ];
    for (v, want) in cases {
        assert_eq!(probe(json!({ "on": v })).unwrap().on, want, "{v}");
    }
    assert!(probe(json!({"on": "maybe"})).is_err());
}

#[test]
fn text_keeps_strings_and_prints_numbers() {
    assert_eq!(probe(json!({"id": 12})).unwrap().id.as_deref(), Some("12"));
    assert_eq!(
        probe(json!({"id": "USCA_2"})).unwrap().id.as_deref(),
        Some("USCA_2")
    );
    assert!(probe(json!({"id": {"a": 1}})).is_err());
}

#[test]
fn an_empty_map_may_arrive_as_an_empty_list() {
    assert_eq!(
        probe(json!({"names": []})).unwrap().names,
        Some(BTreeMap::new())
    );
    let m = probe(json!({"names": {"a": "x", "b": 2, "c": null}}))
        .unwrap()
        .names
        .unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(m["b"], "2");
}

#[test]
fn a_php_list_is_a_map_keyed_by_index() {
    let m = probe(json!({"names": ["x", "y"]})).unwrap().names.unwrap();
    assert_eq!(m["1"], "y");
}

#[test]
fn a_list_with_holes_may_arrive_as_an_object_and_keeps_index_order() {
    let ips = probe(json!({"ips": {"0": "10.0.0.1", "2": "10.0.0.2", "10": "10.0.0.3"}}))
        .unwrap()
        .ips
        .unwrap();
    assert_eq!(ips, ["10.0.0.1", "10.0.0.2", "10.0.0.3"]);
}

#[test]
fn ipv4_accepts_integers_numeric_strings_and_dotted_quads() {
    for v in [
        json!(3232235777u32),
        json!("3232235777"),
        json!("192.168.1.1"),
    ] {
        assert_eq!(
            probe(json!({ "ip": v })).unwrap().ip,
            Some(Ipv4Addr::new(192, 168, 1, 1))
        );
    }
    assert!(probe(json!({"ip": 4294967296u64})).is_err());
    assert!(probe(json!({"ip": "host"})).is_err());
}

#[test]
fn an_error_inside_a_map_names_the_key() {
    #[derive(Deserialize, Default, Debug)]
    #[serde(default)]
    struct Inner {
        #[serde(deserialize_with = "lenient::number")]
        size: Option<u64>,
    }
    #[derive(Deserialize, Default, Debug)]
    #[serde(default)]
    struct Outer {
        #[serde(deserialize_with = "lenient::map")]
        items: Option<BTreeMap<String, Inner>>,
    }
    let v = json!({"items": {"abc": {"size": "big"}}});
    let err = serde_path_to_error::deserialize::<_, Outer>(v).unwrap_err();
    assert_eq!(err.path().to_string(), "items.abc.size");
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct Maps {
    #[serde(deserialize_with = "lenient::number_map")]
    multipliers: Option<BTreeMap<String, f64>>,
    #[serde(deserialize_with = "lenient::flag_map")]
    prefs: Option<BTreeMap<String, bool>>,
    #[serde(deserialize_with = "lenient::optional_text_map")]
    ptr: Option<BTreeMap<String, Option<String>>>,
    #[serde(deserialize_with = "lenient::text_or_lines")]
    keys: Option<String>,
}

fn maps(v: serde_json::Value) -> Result<Maps, String> {
    serde_path_to_error::deserialize(v).map_err(|e| format!("{} | {}", e.path(), e.inner()))
}

#[test]
fn typed_maps_decode_their_values_leniently() {
    let m = maps(json!({
        "multipliers": {"USCA_2": "1", "JPOS_1": 2.5, "gone": null},
        "prefs": {"a": "1", "b": 0, "c": ""},
        "ptr": {"10.0.0.1": null, "10.0.0.2": "web.example.com"},
    }))
    .unwrap();
    let mult = m.multipliers.unwrap();
    assert_eq!((mult["USCA_2"], mult["JPOS_1"], mult.len()), (1.0, 2.5, 2));
    let prefs = m.prefs.unwrap();
    assert_eq!((prefs["a"], prefs["b"], prefs["c"]), (true, false, false));
    let ptr = m.ptr.unwrap();
    assert_eq!(ptr["10.0.0.1"], None);
    assert_eq!(ptr["10.0.0.2"].as_deref(), Some("web.example.com"));
}

#[test]
fn a_bad_value_in_a_typed_map_names_its_key() {
    let err = maps(json!({"multipliers": {"USCA_2": "cheap"}})).unwrap_err();
    assert!(err.starts_with("multipliers.USCA_2 |"), "{err}");
}

#[test]
fn key_text_may_be_one_string_or_a_list_of_lines() {
    let one = maps(json!({"keys": "ssh-ed25519 AAAA a@b"})).unwrap().keys;
    assert_eq!(one.as_deref(), Some("ssh-ed25519 AAAA a@b"));
    let many = maps(json!({"keys": ["ssh-ed25519 AAAA a@b", "ssh-rsa BBBB c@d"]}))
        .unwrap()
        .keys;
    assert_eq!(
        many.as_deref(),
        Some("ssh-ed25519 AAAA a@b\nssh-rsa BBBB c@d")
    );
}

#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(default)]
struct Item {
    #[serde(deserialize_with = "lenient::text")]
    id: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    n: Option<u64>,
}

impl lenient::Keyed for Item {
    fn adopt_key(&mut self, key: String) {
        self.id.get_or_insert(key);
    }
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct Keyed {
    #[serde(deserialize_with = "lenient::keyed_list")]
    items: Option<Vec<Item>>,
}

#[test]
fn a_keyed_list_moves_each_key_into_its_item_unless_it_has_its_own() {
    let v = json!({"items": {"zz": {"n": "1"}, "aa": {"n": 2, "id": "own"}}});
    let mut items = serde_json::from_value::<Keyed>(v).unwrap().items.unwrap();
    items.sort_by_key(|i| i.n);
    assert_eq!(
        items[0],
        Item {
            id: Some("zz".into()),
            n: Some(1)
        }
    );
    assert_eq!(items[1].id.as_deref(), Some("own"));
    let list = json!({"items": [{"id": "x", "n": 3}]});
    assert_eq!(
        serde_json::from_value::<Keyed>(list)
            .unwrap()
            .items
            .unwrap()
            .len(),
        1
    );
}
