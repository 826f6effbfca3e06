//! KiwiVM's own settings: the API rate limit and e-mail notification preferences.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::kiwivm::lenient;

/// `getRateLimitStatus`. The caps look like 1000 points per 15 minutes and 20000 per 24 hours.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimitStatus {
    #[serde(deserialize_with = "lenient::number")]
    pub remaining_points_15min: Option<i64>,
    #[serde(deserialize_with = "lenient::number")]
    pub remaining_points_24h: Option<i64>,
}

/// One e-mail notification and whether it is on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationPreference {
    #[serde(deserialize_with = "lenient::text")]
    pub friendly_description: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    pub is_enabled: Option<bool>,
    /// UNIX time of the last change; `null` (or absent) when never changed.
    #[serde(deserialize_with = "lenient::number")]
    pub changed_timestamp: Option<i64>,
}

/// Category → preference id → preference.
pub type PreferenceGroups = BTreeMap<String, BTreeMap<String, NotificationPreference>>;

/// One category of preferences; PHP sends an empty one as `[]`.
struct Group(BTreeMap<String, NotificationPreference>);

impl<'de> Deserialize<'de> for Group {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Group(lenient::map(d)?.unwrap_or_default()))
    }
}

fn groups<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PreferenceGroups>, D::Error> {
    Ok(lenient::map::<D, Group>(d)?.map(|m| m.into_iter().map(|(k, g)| (k, g.0)).collect()))
}

/// `kiwivm/getNotificationPreferences`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationPreferences {
    #[serde(deserialize_with = "groups")]
    pub email_preferences: Option<PreferenceGroups>,
    #[serde(rename = "notificationEmail", deserialize_with = "lenient::text")]
    pub notification_email: Option<String>,
}

impl NotificationPreferences {
    /// Every preference as `(category, id, preference)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &NotificationPreference)> {
        self.email_preferences
            .iter()
            .flatten()
            .flat_map(|(cat, prefs)| {
                prefs
                    .iter()
                    .map(move |(id, p)| (cat.as_str(), id.as_str(), p))
            })
    }
}

/// `kiwivm/setNotificationPreferences`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationPreferencesSet {
    #[serde(deserialize_with = "lenient::flag_map")]
    pub submitted_email_preferences: Option<BTreeMap<String, bool>>,
    #[serde(deserialize_with = "lenient::flag_map")]
    pub updated_email_preferences: Option<BTreeMap<String, bool>>,
    #[serde(deserialize_with = "lenient::text_map")]
    pub friendly_descriptions: Option<BTreeMap<String, String>>,
}

impl NotificationPreferencesSet {
    /// The ids of `sent` that KiwiVM did not set as asked: it silently ignores unknown ids.
    pub fn not_applied<'a>(&self, sent: &'a BTreeMap<String, bool>) -> Vec<&'a str> {
        let updated = self.updated_email_preferences.as_ref();
        sent.iter()
            .filter(|(id, want)| updated.and_then(|u| u.get(id.as_str())) != Some(want))
            .map(|(id, _)| id.as_str())
            .collect()
    }
}
