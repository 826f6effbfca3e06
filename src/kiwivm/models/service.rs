//! `getServiceInfo` and `getLiveServiceInfo`: the plan, quotas, addresses and live state of a VPS.

use std::collections::BTreeMap;
use std::fmt;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use super::{times_multiplier, typed};
use crate::kiwivm::error::DecodeError;
use crate::kiwivm::lenient;

/// The hypervisor of a VPS.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VmType {
    Kvm,
    Ovz,
    Other(String),
}

/// The run state KVM reports. KiwiVM's list says `Running`; the wire says `running`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VeStatus {
    Starting,
    Running,
    Stopped,
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

impl VeStatus {
    pub fn as_str(&self) -> &str {
        match self {
            VeStatus::Starting => "starting",
            VeStatus::Running => "running",
            VeStatus::Stopped => "stopped",
            VeStatus::Other(s) => s,
        }
    }
    fn parse(s: &str) -> Self {
        match s.trim().to_ascii_lowercase().as_str() {
            "starting" => VeStatus::Starting,
            "running" => VeStatus::Running,
            "stopped" => VeStatus::Stopped,
            _ => VeStatus::Other(s.trim().to_owned()),
        }
    }
}

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
string_enum_serde!(VeStatus);

/// One null-routed IP (`ip_nullroutes`, keyed by IP).
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
    pub vm_type: Option<VmType>,
    #[serde(deserialize_with = "lenient::text")]
    pub hostname: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub node_alias: Option<String>,
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
    #[serde(deserialize_with = "lenient::number")]
    pub plan_monthly_data: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub monthly_data_multiplier: Option<f64>,
    #[serde(deserialize_with = "lenient::number")]
    pub plan_disk: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub plan_ram: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub plan_swap: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub plan_max_ipv6s: Option<u64>,
    #[serde(deserialize_with = "lenient::text")]
    pub os: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub email: Option<String>,
    /// Bytes this month before the multiplier: see [`ServiceInfo::data_used_bytes`].
    #[serde(deserialize_with = "lenient::number")]
    pub data_counter: Option<u64>,
    /// UNIX time of the next counter reset.
    #[serde(deserialize_with = "lenient::number")]
    pub data_next_reset: Option<i64>,
    #[serde(deserialize_with = "lenient::strings")]
    pub ip_addresses: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient::strings")]
    pub private_ip_addresses: Option<Vec<String>>,
    /// Keyed by IP; `[]` when none.
    #[serde(deserialize_with = "lenient::map")]
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

/// A PNG screenshot of the VGA console, decoded from `screendump_png_base64`.
#[derive(Clone, PartialEq, Eq)]
pub struct Screendump(pub Vec<u8>);

impl fmt::Debug for Screendump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Screendump({} bytes)", self.0.len())
    }
}

/// PHP's base64 has padding and a line break every 76 characters; tolerate either way of padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

impl Serialize for Screendump {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&BASE64.encode(&self.0))
    }
}

/// Strips whitespace and decodes; `""` and `null` mean no screenshot (a stopped VPS).
fn screendump<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Screendump>, D::Error> {
    let Some(text) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok(None);
    }
    BASE64
        .decode(compact.as_bytes())
        .map(|bytes| Some(Screendump(bytes)))
        .map_err(|e| de::Error::custom(format!("not valid base64: {e}")))
}

/// `getLiveServiceInfo`: everything of `getServiceInfo` plus the live state, which differs by hypervisor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LiveServiceInfo {
    #[serde(flatten)]
    pub info: ServiceInfo,
    /// OpenVZ: beancounters, load, processes … as strings (`"-"` where unset).
    #[serde(deserialize_with = "lenient::text_map")]
    pub vz_status: Option<BTreeMap<String, String>>,
    /// OpenVZ: disk and inode usage, as strings.
    #[serde(deserialize_with = "lenient::text_map")]
    pub vz_quota: Option<BTreeMap<String, String>>,
    #[serde(deserialize_with = "lenient::flag")]
    pub is_cpu_throttled: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    pub is_disk_throttled: Option<bool>,
    /// Only while the VPS runs.
    #[serde(deserialize_with = "lenient::number")]
    pub ssh_port: Option<u16>,
    pub ve_status: Option<VeStatus>,
    #[serde(deserialize_with = "lenient::text")]
    pub ve_mac1: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    pub ve_used_disk_space_b: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub ve_disk_quota_gb: Option<u64>,
    #[serde(deserialize_with = "lenient::text")]
    pub live_hostname: Option<String>,
    /// The raw `/proc/loadavg`-style string.
    #[serde(deserialize_with = "lenient::text")]
    pub load_average: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    pub mem_available_kb: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub swap_total_kb: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub swap_available_kb: Option<u64>,
    #[serde(deserialize_with = "screendump")]
    pub screendump_png_base64: Option<Screendump>,
}

impl LiveServiceInfo {
    /// Decodes a reply. serde's `flatten` buffers the shared fields and so loses the path of a bad
    /// one; decoding them on their own first makes that error name its field.
    pub fn from_reply(reply: &Value) -> Result<Self, DecodeError> {
        typed::<ServiceInfo>(reply, false)?;
        typed::<LiveServiceInfo>(reply, false)
    }

    /// The console screenshot as PNG bytes.
    pub fn screendump_png(&self) -> Option<&[u8]> {
        self.screendump_png_base64.as_ref().map(|s| s.0.as_slice())
    }
}
