//! Lenient serde helpers for KiwiVM's loose, PHP-made JSON (kiwivm-api.md, "Loose types").
//!
//! Every helper here is a `deserialize_with` function for an `Option<_>` (or collection) field of a
//! struct marked `#[serde(default)]`, so a missing field is `None`. Each one accepts exactly the
//! quirks the API is known to send and refuses anything else with an error, which
//! `serde_path_to_error` turns into a message naming the JSON path.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::net::Ipv4Addr;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// `null` (and a missing value) is `None`; `Some(x)` is looked at again as `x`.
macro_rules! nullable {
    () => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    };
}

/// A number type that KiwiVM may send as a JSON number or as a numeric string.
pub trait Number: Sized + Copy {
    const EXPECTED: &'static str;
    fn from_u64(v: u64) -> Option<Self>;
    fn from_i64(v: i64) -> Option<Self>;
    fn from_f64(v: f64) -> Option<Self>;
    fn parse(s: &str) -> Option<Self>;
}

/// An integral float (`1.0e3`, as PHP prints large numbers) becomes an integer; `1.5` does not.
fn integral(v: f64) -> Option<i128> {
    (v.is_finite() && v.fract() == 0.0 && v.abs() < 1e19).then_some(v as i128)
}

macro_rules! integer_number {
    ($($t:ty => $expected:literal),*) => {$(
        impl Number for $t {
            const EXPECTED: &'static str = $expected;
            fn from_u64(v: u64) -> Option<Self> { <$t>::try_from(v).ok() }
            fn from_i64(v: i64) -> Option<Self> { <$t>::try_from(v).ok() }
            fn from_f64(v: f64) -> Option<Self> { integral(v).and_then(|i| <$t>::try_from(i).ok()) }
            fn parse(s: &str) -> Option<Self> {
                s.parse::<$t>().ok().or_else(|| s.parse::<f64>().ok().and_then(Self::from_f64))
            }
        }
    )*};
}

integer_number!(
    u16 => "a whole number from 0 to 65535, or such a number in a string",
    u32 => "a whole number from 0 to 4294967295, or such a number in a string",
    u64 => "a non-negative whole number, or such a number in a string",
    i64 => "a whole number, or such a number in a string"
);

impl Number for f64 {
    const EXPECTED: &'static str = "a number, or a number in a string";
    fn from_u64(v: u64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_f64(v: f64) -> Option<Self> {
        v.is_finite().then_some(v)
    }
    fn parse(s: &str) -> Option<Self> {
        s.parse::<f64>().ok().filter(|v| v.is_finite())
    }
}

struct NumberVisitor<T>(PhantomData<T>);

impl<'de, T: Number> Visitor<'de> for NumberVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::from_u64(v)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::from_i64(v)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::from_f64(v)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            // PHP prints an unset number as "".
            return Ok(None);
        }
        T::parse(t)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
    nullable!();
}

/// A number or a numeric string; `null` and `""` are `None`.
pub fn number<'de, D: Deserializer<'de>, T: Number>(d: D) -> Result<Option<T>, D::Error> {
    d.deserialize_any(NumberVisitor(PhantomData))
}

/// A count of small units (bytes, KiB) that KiwiVM may send with decimals (`"1533120.5"`): whole
/// numbers stay exact, decimals round to the nearest unit, which is below what any view shows.
#[derive(Clone, Copy)]
struct WholeUnits(u64);

impl Number for WholeUnits {
    const EXPECTED: &'static str = "a non-negative number, or such a number in a string";
    fn from_u64(v: u64) -> Option<Self> {
        Some(WholeUnits(v))
    }
    fn from_i64(v: i64) -> Option<Self> {
        u64::try_from(v).ok().map(WholeUnits)
    }
    fn from_f64(v: f64) -> Option<Self> {
        let rounded = v.round();
        // 2^64 itself is not a u64; every float below it that rounds to a whole number is.
        (v.is_finite() && (0.0..18_446_744_073_709_551_616.0).contains(&rounded))
            .then_some(WholeUnits(rounded as u64))
    }
    fn parse(s: &str) -> Option<Self> {
        s.parse::<u64>()
            .ok()
            .map(WholeUnits)
            .or_else(|| s.parse::<f64>().ok().and_then(Self::from_f64))
    }
}

/// A size in bytes or KiB (`plan_ram`, `mem_available_kb`, snapshot `size`): a number or a numeric
/// string, decimals allowed and rounded to a whole unit; `null` and `""` are `None`.
pub fn size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(number::<D, WholeUnits>(d)?.map(|w| w.0))
}

struct FlagVisitor;

impl<'de> Visitor<'de> for FlagVisitor {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a flag: true/false, 0/1, \"0\"/\"1\", \"true\"/\"false\" or \"\"")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    // PHP's truthiness: any non-zero number is true.
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v != 0))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v != 0))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match v.trim().to_ascii_lowercase().as_str() {
            // `is_cpu_throttled` is "" when not throttled.
            "" | "0" | "false" => Ok(Some(false)),
            "1" | "true" => Ok(Some(true)),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
    nullable!();
}

/// A bool-ish flag: `true/false`, `0/1`, `"0"/"1"`, `"true"/"false"`, `""` (false); `null` is `None`.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_any(FlagVisitor)
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    nullable!();
}

/// A string, or a number kept as its decimal text (ids such as `node_location_id`); `null` is `None`.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(TextVisitor)
}

/// One value of a collection, decoded with one of the scalar visitors above.
macro_rules! lenient_value {
    ($name:ident, $t:ty, $visitor:expr) => {
        struct $name(Option<$t>);
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any($visitor).map($name)
            }
        }
    };
}

lenient_value!(TextItem, String, TextVisitor);
lenient_value!(FlagItem, bool, FlagVisitor);

struct NumberItem<T>(Option<T>);

impl<'de, T: Number> Deserialize<'de> for NumberItem<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        number(d).map(NumberItem)
    }
}

/// Turns a PHP array into a map: KiwiVM's empty maps arrive as `[]`, and a PHP array whose keys
/// happen to be 0..n is printed as a JSON list, so a list is the map `{"0": .., "1": ..}`.
struct MapVisitor<W>(PhantomData<W>);

impl<'de, W: Deserialize<'de>> Visitor<'de> for MapVisitor<W> {
    type Value = Option<Vec<(String, W)>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object (or [] for an empty one)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, W>()? {
            out.push((key, value));
        }
        Ok(Some(out))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(value) = seq.next_element::<W>()? {
            out.push((out.len().to_string(), value));
        }
        Ok(Some(out))
    }
    nullable!();
}

fn entries<'de, D: Deserializer<'de>, W: Deserialize<'de>>(
    d: D,
) -> Result<Option<Vec<(String, W)>>, D::Error> {
    d.deserialize_any(MapVisitor(PhantomData))
}

/// A map of structured values that may arrive as `[]` when empty.
pub fn map<'de, D, V>(d: D) -> Result<Option<BTreeMap<String, V>>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    Ok(entries::<D, V>(d)?.map(|e| e.into_iter().collect()))
}

/// A map of strings-or-numbers (OpenVZ's `vz_status`, `descriptions`); `null` values are dropped.
pub fn text_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    Ok(entries::<D, TextItem>(d)?
        .map(|e| e.into_iter().filter_map(|(k, v)| Some((k, v.0?))).collect()))
}

/// A map of strings whose `null` values mean "unset" and are kept (`ptr`: ip → record).
pub fn optional_text_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, Option<String>>>, D::Error> {
    Ok(entries::<D, TextItem>(d)?.map(|e| e.into_iter().map(|(k, v)| (k, v.0)).collect()))
}

/// A map of numbers-or-numeric-strings (`dataTransferMultipliers`); `null` values are dropped.
pub fn number_map<'de, D: Deserializer<'de>, T: Number>(
    d: D,
) -> Result<Option<BTreeMap<String, T>>, D::Error> {
    Ok(entries::<D, NumberItem<T>>(d)?
        .map(|e| e.into_iter().filter_map(|(k, v)| Some((k, v.0?))).collect()))
}

/// A map of bool-ish flags (`preference_id → 0/1`); `null` values are dropped.
pub fn flag_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, bool>>, D::Error> {
    Ok(entries::<D, FlagItem>(d)?
        .map(|e| e.into_iter().filter_map(|(k, v)| Some((k, v.0?))).collect()))
}

/// A PHP list printed as an object (its keys have holes) in index order: keys that are all
/// numbers sort as numbers, whatever order the object came in (`serde_json::Value` sorts them as text).
fn in_index_order<W>(mut entries: Vec<(String, W)>) -> Vec<W> {
    if entries.iter().all(|(k, _)| k.parse::<u64>().is_ok()) {
        entries.sort_by_key(|(k, _)| k.parse::<u64>().unwrap_or(u64::MAX));
    }
    entries.into_iter().map(|(_, v)| v).collect()
}

/// A list that PHP may print as an object when its keys have holes.
pub fn list<'de, D, V>(d: D) -> Result<Option<Vec<V>>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    Ok(entries::<D, V>(d)?.map(in_index_order))
}

/// A list of strings (IPs, ISO names, templates); numbers become their text, `null` items are dropped.
pub fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    Ok(entries::<D, TextItem>(d)?
        .map(|e| in_index_order(e).into_iter().filter_map(|v| v.0).collect()))
}

/// An item of a list that KiwiVM may key by one of its own fields (`backups` keyed by token).
pub trait Keyed {
    /// Fills the field the key names, unless the value already carries it.
    fn adopt_key(&mut self, key: String);
}

/// A list that arrives either as an array or as an object keyed by an id of each item.
pub fn keyed_list<'de, D, V>(d: D) -> Result<Option<Vec<V>>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de> + Keyed,
{
    struct KeyedVisitor<V>(PhantomData<V>);
    impl<'de, V: Deserialize<'de> + Keyed> Visitor<'de> for KeyedVisitor<V> {
        type Value = Option<Vec<V>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object keyed by id, or a list")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((key, mut value)) = map.next_entry::<String, V>()? {
                value.adopt_key(key);
                out.push(value);
            }
            Ok(Some(out))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(value) = seq.next_element::<V>()? {
                out.push(value);
            }
            Ok(Some(out))
        }
        nullable!();
    }
    d.deserialize_any(KeyedVisitor(PhantomData))
}

/// Text that may also arrive as a list of lines (SSH keys): a list is joined with newlines.
pub fn text_or_lines<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct LinesVisitor;
    impl<'de> Visitor<'de> for LinesVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or a list of strings")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut lines = Vec::new();
            while let Some(TextItem(line)) = seq.next_element()? {
                lines.extend(line);
            }
            Ok(Some(lines.join("\n")))
        }
        nullable!();
    }
    d.deserialize_any(LinesVisitor)
}

struct Ipv4Visitor;

impl<'de> Visitor<'de> for Ipv4Visitor {
    type Value = Option<Ipv4Addr>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an IPv4 address as a 32-bit integer, a numeric string or a dotted quad")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        u32::try_from(v)
            .map(|n| Some(Ipv4Addr::from(n)))
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        u32::try_from(v)
            .map(|n| Some(Ipv4Addr::from(n)))
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<u32>()
            .map(Ipv4Addr::from)
            .or_else(|_| t.parse::<Ipv4Addr>())
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
    nullable!();
}

/// An IPv4 address sent as a 32-bit integer (`getAuditLog`'s `requestor_ipv4`), as that integer in
/// a string, or as a dotted quad.
pub fn ipv4<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Ipv4Addr>, D::Error> {
    d.deserialize_any(Ipv4Visitor)
}
