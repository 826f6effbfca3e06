//! Addresses and places: IPv6 subnets, private IPv4s and migration between locations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::kiwivm::lenient;

/// `ipv6/add`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ipv6Added {
    /// The new /64.
    #[serde(deserialize_with = "lenient::text")]
    pub assigned_subnet: Option<String>,
}

/// `privateIp/getAvailableIps`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AvailableIps {
    #[serde(deserialize_with = "lenient::strings")]
    pub available_ips: Option<Vec<String>>,
}

/// `privateIp/assign`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignedIps {
    #[serde(deserialize_with = "lenient::strings")]
    pub assigned_ips: Option<Vec<String>>,
}

/// `migrate/getLocations`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MigrateLocations {
    #[serde(rename = "currentLocation", deserialize_with = "lenient::text")]
    pub current_location: Option<String>,
    /// Location ids `migrate/start` takes.
    #[serde(deserialize_with = "lenient::strings")]
    pub locations: Option<Vec<String>>,
    /// Location id → a friendly description.
    #[serde(deserialize_with = "lenient::text_map")]
    pub descriptions: Option<BTreeMap<String, String>>,
    /// Location id → its monthly-data multiplier (dearer bandwidth, smaller allowance); may be absent.
    #[serde(
        rename = "dataTransferMultipliers",
        deserialize_with = "lenient::number_map"
    )]
    pub data_transfer_multipliers: Option<BTreeMap<String, f64>>,
}

impl MigrateLocations {
    pub fn description(&self, location: &str) -> Option<&str> {
        self.descriptions
            .as_ref()?
            .get(location)
            .map(String::as_str)
    }
}

/// `migrate/start`: every IPv4 address changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MigrateStarted {
    #[serde(rename = "notificationEmail", deserialize_with = "lenient::text")]
    pub notification_email: Option<String>,
    #[serde(rename = "newIps", deserialize_with = "lenient::strings")]
    pub new_ips: Option<Vec<String>>,
}
