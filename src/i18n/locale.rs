//! Which language a person, a channel or a console reads: English or Simplified Chinese.

use std::fmt;
use std::str::FromStr;

/// The languages kiwiops speaks. Every message exists in each of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    En,
    ZhCn,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// The tag kiwiops writes and Discord's `zh-CN` spells the same way.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// The language for a Discord locale (`interaction.locale`): Chinese for `zh-CN` and, since
    /// kiwiops has no Traditional Chinese, for `zh-TW`; English for everything else.
    pub fn from_discord(tag: &str) -> Locale {
        match tag {
            "zh-CN" | "zh-TW" => Locale::ZhCn,
            _ => Locale::En,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A locale named in the config or at the console that kiwiops does not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown locale `{0}` (en or zh-CN)")]
pub struct UnknownLocale(pub String);

impl FromStr for Locale {
    type Err = UnknownLocale;

    /// `en`, `en-US`, `en-GB`…, `zh-CN`, `zh`, `zh-Hans`, `zh-TW`; case does not matter.
    fn from_str(s: &str) -> Result<Locale, UnknownLocale> {
        let lower = s.trim().to_ascii_lowercase().replace('_', "-");
        let language = lower.split('-').next().unwrap_or_default();
        match language {
            "en" => Ok(Locale::En),
            "zh" => Ok(Locale::ZhCn),
            _ => Err(UnknownLocale(s.trim().chars().take(20).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discord_chinese_locales_read_chinese_and_everything_else_english() {
        assert_eq!(Locale::from_discord("zh-CN"), Locale::ZhCn);
        assert_eq!(Locale::from_discord("zh-TW"), Locale::ZhCn);
        assert_eq!(Locale::from_discord("en-US"), Locale::En);
        assert_eq!(Locale::from_discord("fr"), Locale::En);
    }

    #[test]
    fn config_and_console_spellings_parse() {
        assert_eq!("zh-CN".parse(), Ok(Locale::ZhCn));
        assert_eq!("zh_cn".parse(), Ok(Locale::ZhCn));
        assert_eq!("en".parse(), Ok(Locale::En));
        assert_eq!("en-GB".parse(), Ok(Locale::En));
        assert!("fr".parse::<Locale>().is_err());
    }

    #[test]
    fn a_tag_parses_back_to_its_locale() {
        for l in Locale::ALL {
            assert_eq!(l.tag().parse(), Ok(l));
        }
    }
}
