//! `getServiceInfo`: the plan, quotas, addresses and abuse standing of a VPS.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::times_multiplier;
use crate::kiwivm::lenient;

/// The hypervisor of a VPS.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VmType {
    Kvm,
    Ovz,
    Other(String),
}

impl VmType {
    pub fn as_str(&self) -> &str {
        match self {
            VmType::Kvm => "kvm",
            VmType::Ovz => "ovz",
            VmType::Other(s) => s,
        }
    }
    fn parse(s: &str) -> Self {
        match s.trim().to_ascii_lowercase().as_str() {
            "kvm" => VmType::Kvm,
            "ovz" | "openvz" => VmType::Ovz,
            _ => VmType::Other(s.trim().to_owned()),
        }
    }
}

/// `Display`, and serde as the lowercase name, for an enum with `as_str` and `parse`.
macro_rules! string_enum_serde {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(|s| <$t>::parse(&s))
            }
        }
    };
}

string_enum_serde!(VmType);
pub(super) use string_enum_serde;

/// One null-routed IP (`ip_nullroutes`, keyed by IP). Every field is `None` when KiwiVM sent only
/// the IP.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Nullroute {
    #[serde(deserialize_with = "lenient::number")]
    pub nullroute_timestamp: Option<i64>,
    #[serde(deserialize_with = "lenient::number")]
    pub nullroute_duration_s: Option<u64>,
    /// A packet dump of the attack, several lines long.
    #[serde(deserialize_with = "lenient::text")]
    pub log: Option<String>,
}

/// `getServiceInfo`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceInfo {
    /// The VPS id, as KiwiVM echoes it.
    #[serde(deserialize_with = "lenient::number")]
    pub veid: Option<u64>,
    pub vm_type: Option<VmType>,
    #[serde(deserialize_with = "lenient::text")]
    pub hostname: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub node_alias: Option<String>,
    /// The address of the host node.
    #[serde(deserialize_with = "lenient::text")]
    pub node_ip: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub node_location: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub node_location_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub node_datacenter: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    pub location_ipv6_ready: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    pub plan: Option<String>,
    /// Bytes per month before the multiplier: see [`ServiceInfo::monthly_data_quota_bytes`].
    #[serde(deserialize_with = "lenient::size")]
    pub plan_monthly_data: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub monthly_data_multiplier: Option<f64>,
    #[serde(deserialize_with = "lenient::size")]
    pub plan_disk: Option<u64>,
    #[serde(deserialize_with = "lenient::size")]
    pub plan_ram: Option<u64>,
    #[serde(deserialize_with = "lenient::size")]
    pub plan_swap: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub plan_max_ipv6s: Option<u64>,
    #[serde(deserialize_with = "lenient::text")]
    pub os: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub email: Option<String>,
    /// Bytes this month before the multiplier: see [`ServiceInfo::data_used_bytes`].
    #[serde(deserialize_with = "lenient::size")]
    pub data_counter: Option<u64>,
    /// UNIX time of the next counter reset.
    #[serde(deserialize_with = "lenient::number")]
    pub data_next_reset: Option<i64>,
    #[serde(deserialize_with = "lenient::strings")]
    pub ip_addresses: Option<Vec<String>>,
    /// The far end of the IPv6 tunnel, on locations that route IPv6 through one.
    #[serde(deserialize_with = "lenient::text")]
    pub ipv6_sit_tunnel_endpoint: Option<String>,
    #[serde(deserialize_with = "lenient::strings")]
    pub private_ip_addresses: Option<Vec<String>>,
    /// Keyed by IP; `[]` when none. Some nodes send a plain list of IPs: they key records with no detail.
    #[serde(deserialize_with = "nullroutes")]
    pub ip_nullroutes: Option<BTreeMap<String, Nullroute>>,
    #[serde(deserialize_with = "lenient::text")]
    pub iso1: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub iso2: Option<String>,
    #[serde(deserialize_with = "lenient::strings")]
    pub available_isos: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient::flag")]
    pub rdns_api_available: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    pub plan_private_network_available: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    pub location_private_network_available: Option<bool>,
    /// IP → PTR record; `None` values are unset records.
    #[serde(deserialize_with = "lenient::optional_text_map")]
    pub ptr: Option<BTreeMap<String, Option<String>>>,
    #[serde(deserialize_with = "lenient::flag")]
    pub suspended: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    pub policy_violation: Option<bool>,
    /// Suspensions so far; `null` on a VPS never suspended.
    #[serde(deserialize_with = "lenient::number")]
    pub suspension_count: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub total_abuse_points: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub max_abuse_points: Option<u64>,
}

impl ServiceInfo {
    /// The monthly transfer allowance in bytes: `plan_monthly_data × monthly_data_multiplier`.
    pub fn monthly_data_quota_bytes(&self) -> Option<u64> {
        times_multiplier(self.plan_monthly_data, self.monthly_data_multiplier)
    }

    /// The transfer used this month in bytes: `data_counter × monthly_data_multiplier`.
    pub fn data_used_bytes(&self) -> Option<u64> {
        times_multiplier(self.data_counter, self.monthly_data_multiplier)
    }

    /// Used ÷ allowance (1.0 = the plan is used up and the VPS gets suspended).
    pub fn data_used_ratio(&self) -> Option<f64> {
        let quota = self.monthly_data_quota_bytes().filter(|q| *q > 0)?;
        Some(self.data_used_bytes()? as f64 / quota as f64)
    }
}

/// `ip_nullroutes`: an object keyed by IP (`[]` when empty), or a list of IPs, or of records.
fn nullroutes<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, Nullroute>>, D::Error> {
    d.deserialize_any(NullroutesVisitor)
}

struct NullroutesVisitor;

impl<'de> Visitor<'de> for NullroutesVisitor {
    type Value = Option<BTreeMap<String, Nullroute>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object keyed by IP, or a list of IPs")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some((ip, record)) = map.next_entry::<String, Nullroute>()? {
            out.insert(ip, record);
        }
        Ok(Some(out))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        let mut index = 0usize;
        while let Some(item) = seq.next_element::<ListedNullroute>()? {
            // A PHP list of records has lost its keys: the position stands in for the IP.
            match item {
                ListedNullroute::Ip(ip) => out.insert(ip, Nullroute::default()),
                ListedNullroute::Record(r) => out.insert(index.to_string(), r),
                ListedNullroute::Nothing => None,
            };
            index += 1;
        }
        Ok(Some(out))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// An item of the list form of `ip_nullroutes`.
enum ListedNullroute {
    Ip(String),
    Record(Nullroute),
    /// `null` or a blank string.
    Nothing,
}

impl<'de> Deserialize<'de> for ListedNullroute {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = ListedNullroute;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an IP address or a null-route record")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                let ip = v.trim();
                Ok(if ip.is_empty() {
                    ListedNullroute::Nothing
                } else {
                    ListedNullroute::Ip(ip.to_owned())
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Nullroute::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ListedNullroute::Record)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(ListedNullroute::Nothing)
            }
        }
        d.deserialize_any(ItemVisitor)
    }
}
