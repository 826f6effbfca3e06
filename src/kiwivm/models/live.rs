//! `getLiveServiceInfo`: the live state of a VPS, read into the same fields on KVM and OpenVZ.

use std::collections::BTreeMap;
use std::fmt;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde::de::{self, Deserializer};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use super::service::{string_enum_serde, ServiceInfo};
use super::typed;
use crate::kiwivm::error::DecodeError;
use crate::kiwivm::lenient;

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// The run state. KVM sends it in `ve_status` (`running`; KiwiVM's list says `Running`), OpenVZ
/// in `vz_status.status` (`running`, `down`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VeStatus {
    Starting,
    Running,
    Stopped,
    Other(String),
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
            // vzctl's word for a stopped container.
            "stopped" | "down" => VeStatus::Stopped,
            _ => VeStatus::Other(s.trim().to_owned()),
        }
    }
}

string_enum_serde!(VeStatus);

/// A blank state is no state.
fn ve_status<'de, D: Deserializer<'de>>(d: D) -> Result<Option<VeStatus>, D::Error> {
    Ok(lenient::text(d)?
        .filter(|s| !s.trim().is_empty())
        .map(|s| VeStatus::parse(&s)))
}

/// The 1-, 5- and 15-minute load averages. Normalised JSON carries them as `[one, five, fifteen]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadAverage {
    pub one: f64,
    pub five: f64,
    pub fifteen: f64,
}

impl LoadAverage {
    /// Reads KVM's `/proc/loadavg` line (`0.08 0.03 0.01 1/123 4567`), OpenVZ's `0.00/0.01/0.05`,
    /// or `0.08, 0.03, 0.01`: the first three figures, which must be non-negative numbers.
    pub fn parse(text: &str) -> Option<LoadAverage> {
        let mut figures = text
            .split(|c: char| c.is_whitespace() || c == '/' || c == ',')
            .filter(|w| !w.is_empty())
            .map(|w| w.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0));
        Some(LoadAverage {
            one: figures.next()??,
            five: figures.next()??,
            fifteen: figures.next()??,
        })
    }
}

impl Serialize for LoadAverage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(3))?;
        for v in [self.one, self.five, self.fifteen] {
            seq.serialize_element(&v)?;
        }
        seq.end()
    }
}

/// The wire's text, or the normalised `[one, five, fifteen]`. Text that holds no three figures
/// (`"-"`, `""`) is no load figure rather than a failed reply: the load is only ever shown.
fn load_average<'de, D: Deserializer<'de>>(d: D) -> Result<Option<LoadAverage>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(text) => Ok(LoadAverage::parse(&text)),
        Value::Array(items) => match items.as_slice() {
            [one, five, fifteen] => match (one.as_f64(), five.as_f64(), fifteen.as_f64()) {
                (Some(one), Some(five), Some(fifteen)) => {
                    Ok(Some(LoadAverage { one, five, fifteen }))
                }
                _ => Err(de::Error::custom("a load average of three numbers")),
            },
            _ => Err(de::Error::invalid_length(
                items.len(),
                &"three load figures",
            )),
        },
        _ => Err(de::Error::custom(
            "a load average: text such as \"0.08 0.03 0.01\", or three numbers",
        )),
    }
}

/// What `screendump_png_base64` held, when it held anything.
#[derive(Clone, PartialEq, Eq)]
pub enum Screendump {
    /// The PNG of the VGA console, decoded.
    Png(Vec<u8>),
    /// KiwiVM sent something that is no screenshot: the view has none to show, and says why.
    Undecodable(ScreendumpFault),
}

/// Why a screenshot KiwiVM sent could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreendumpFault {
    /// Text that is not base64.
    NotBase64,
    /// A number, a flag, a list or an object where text belongs.
    NotText,
}

impl ScreendumpFault {
    pub fn as_str(self) -> &'static str {
        match self {
            ScreendumpFault::NotBase64 => "not_base64",
            ScreendumpFault::NotText => "not_text",
        }
    }
}

/// The key of the normalised form of an undecodable screenshot: `{"undecodable": "not_base64"}`.
const UNDECODABLE: &str = "undecodable";

impl fmt::Debug for Screendump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Screendump::Png(bytes) => write!(f, "Screendump::Png({} bytes)", bytes.len()),
            Screendump::Undecodable(fault) => write!(f, "Screendump::Undecodable({fault:?})"),
        }
    }
}

/// PHP's base64 has padding and a line break every 76 characters; tolerate either way of padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

impl Serialize for Screendump {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Screendump::Png(bytes) => s.serialize_str(&BASE64.encode(bytes)),
            Screendump::Undecodable(fault) => {
                let mut map = BTreeMap::new();
                map.insert(UNDECODABLE, fault.as_str());
                map.serialize(s)
            }
        }
    }
}

/// Strips whitespace and decodes; `""` and `null` mean no screenshot (a stopped VPS). Anything
/// else that does not decode is an [`Screendump::Undecodable`] screenshot, never a failed reply.
fn screendump<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Screendump>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(text) => {
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.is_empty() {
                return Ok(None);
            }
            Some(match BASE64.decode(compact.as_bytes()) {
                Ok(bytes) => Screendump::Png(bytes),
                Err(_) => Screendump::Undecodable(ScreendumpFault::NotBase64),
            })
        }
        Value::Object(map) => {
            let fault = match map.get(UNDECODABLE).and_then(Value::as_str) {
                Some(f) if map.len() == 1 && f == ScreendumpFault::NotBase64.as_str() => {
                    ScreendumpFault::NotBase64
                }
                _ => ScreendumpFault::NotText,
            };
            Some(Screendump::Undecodable(fault))
        }
        _ => Some(Screendump::Undecodable(ScreendumpFault::NotText)),
    })
}

/// Writes a whole number of GiB as an integer (`40`, not `40.0`).
fn whole_if_integral<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(n) if n.fract() == 0.0 && *n >= 0.0 && *n < u64::MAX as f64 => {
            s.serialize_u64(*n as u64)
        }
        Some(n) => s.serialize_f64(*n),
        None => s.serialize_none(),
    }
}

/// `getLiveServiceInfo`: everything of `getServiceInfo` plus the live state, which differs by
/// hypervisor. Decoding reads OpenVZ's state and load into the fields KVM uses, so [`Self::ve_status`]
/// and [`Self::load_average`] answer for both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", default)]
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
    /// The run state on every hypervisor: KVM's `ve_status`, else OpenVZ's `vz_status.status`.
    #[serde(deserialize_with = "ve_status")]
    pub ve_status: Option<VeStatus>,
    #[serde(deserialize_with = "lenient::text")]
    pub ve_mac1: Option<String>,
    #[serde(deserialize_with = "lenient::size")]
    pub ve_used_disk_space_b: Option<u64>,
    /// May have decimals (`"40.5"`): see [`Self::disk_quota_bytes`].
    #[serde(
        deserialize_with = "lenient::number",
        serialize_with = "whole_if_integral"
    )]
    pub ve_disk_quota_gb: Option<f64>,
    #[serde(deserialize_with = "lenient::text")]
    pub live_hostname: Option<String>,
    /// The load on every hypervisor: KVM's `load_average`, else OpenVZ's `vz_status.load_average`.
    #[serde(deserialize_with = "load_average")]
    pub load_average: Option<LoadAverage>,
    #[serde(deserialize_with = "lenient::size")]
    pub mem_available_kb: Option<u64>,
    #[serde(deserialize_with = "lenient::size")]
    pub swap_total_kb: Option<u64>,
    #[serde(deserialize_with = "lenient::size")]
    pub swap_available_kb: Option<u64>,
    #[serde(deserialize_with = "screendump")]
    pub screendump_png_base64: Option<Screendump>,
}

impl<'de> Deserialize<'de> for LiveServiceInfo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut live = LiveServiceInfo::deserialize(d)?;
        live.adopt_openvz();
        Ok(live)
    }
}

impl Serialize for LiveServiceInfo {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        LiveServiceInfo::serialize(self, s)
    }
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
        match &self.screendump_png_base64 {
            Some(Screendump::Png(bytes)) => Some(bytes),
            _ => None,
        }
    }

    /// Why KiwiVM's screenshot could not be read, when it sent one that could not.
    pub fn screendump_fault(&self) -> Option<ScreendumpFault> {
        match &self.screendump_png_base64 {
            Some(Screendump::Undecodable(fault)) => Some(*fault),
            _ => None,
        }
    }

    /// The disk quota in bytes: KVM's `ve_disk_quota_gb` (GiB, maybe with decimals).
    pub fn disk_quota_bytes(&self) -> Option<u64> {
        let gib = self
            .ve_disk_quota_gb
            .filter(|g| g.is_finite() && *g >= 0.0)?;
        let bytes = (gib * GIB).round();
        Some(if bytes >= u64::MAX as f64 {
            u64::MAX
        } else {
            bytes as u64
        })
    }

    /// OpenVZ keeps its state and load in `vz_status`; KVM's fields take them when KVM's are absent.
    fn adopt_openvz(&mut self) {
        let vz = |key: &str| {
            self.vz_status
                .as_ref()?
                .get(key)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty() && *v != "-")
                .map(str::to_owned)
        };
        let state = vz("status");
        let load = vz("load_average");
        if self.ve_status.is_none() {
            self.ve_status = state.map(|s| VeStatus::parse(&s));
        }
        if self.load_average.is_none() {
            self.load_average = load.and_then(|l| LoadAverage::parse(&l));
        }
    }
}
