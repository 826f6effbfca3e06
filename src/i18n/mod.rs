//! Words in two languages: the Fluent files under `locales/`, embedded in the binary, and the one way
//! code asks for a message (`tr!`). Code holds message ids and arguments, never sentences.
//!
//! Every file exists once per locale (a missing twin fails the build); tests check that both locales
//! define the same ids with the same arguments and that every id the code asks for exists.

mod locale;

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentResource, FluentValue};

pub use fluent_bundle::FluentArgs;
pub use locale::{Locale, UnknownLocale};

/// Declares the Fluent files: each name is read from `locales/en/` and `locales/zh-CN/`.
macro_rules! ftl_files {
    ($($name:literal),+ $(,)?) => {
        /// `(file name, text)` per locale, in `Locale::ALL` order.
        pub(crate) const FILES: [&[(&str, &str)]; 2] = [
            &[$(($name, include_str!(concat!("../../locales/en/", $name, ".ftl")))),+],
            &[$(($name, include_str!(concat!("../../locales/zh-CN/", $name, ".ftl")))),+],
        ];
    };
}

ftl_files!(
    "common",
    "errors",
    "engine",
    "console",
    "discord",
    "chart",
    "views-actions",
    "catalog",
    "suggest",
    "views-info",
    "approvals",
    "alerts",
);

/// One bundle per locale, built once on first use.
static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 2]> =
    LazyLock::new(|| Locale::ALL.map(build));

fn index(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::ZhCn => 1,
    }
}

fn build(locale: Locale) -> FluentBundle<FluentResource> {
    let id = match locale {
        Locale::En => unic_langid::langid!("en"),
        Locale::ZhCn => unic_langid::langid!("zh-CN"),
    };
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Discord shows the isolation marks Fluent puts around arguments as stray characters.
    bundle.set_use_isolating(false);
    for (name, text) in FILES[index(locale)] {
        // A file with a syntax error still gives what parsed; the completeness tests fail on it.
        let resource = FluentResource::try_new((*text).to_string()).unwrap_or_else(|(partial, errors)| {
            tracing::error!(locale = %locale, file = name, ?errors, "a Fluent file does not parse");
            partial
        });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(locale = %locale, file = name, ?errors, "a Fluent file repeats an id");
        }
    }
    bundle
}

/// The message `id` in `locale`, with `args`. A missing message falls back to English, then to the
/// id itself, and is logged: a person still reads something.
pub fn text(locale: Locale, id: &str, args: Option<&FluentArgs<'_>>) -> String {
    format(locale, id, args)
        .or_else(|| {
            (locale != Locale::En)
                .then(|| format(Locale::En, id, args))
                .flatten()
        })
        .unwrap_or_else(|| {
            tracing::error!(locale = %locale, id, "no such message");
            id.to_string()
        })
}

fn format(locale: Locale, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let bundle = &BUNDLES[index(locale)];
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(locale = %locale, id, ?errors, "a message was formatted with errors");
    }
    Some(out.into_owned())
}

/// Whether `locale` defines `id` (tests, and ids made from catalog names).
pub fn has(locale: Locale, id: &str) -> bool {
    BUNDLES[index(locale)].has_message(id)
}

/// A value a message can take as an argument: text, or a number Fluent can pick a plural by.
pub trait Arg {
    fn into_value(self) -> FluentValue<'static>;
}

impl Arg for &str {
    fn into_value(self) -> FluentValue<'static> {
        FluentValue::String(Cow::Owned(self.to_string()))
    }
}

impl Arg for String {
    fn into_value(self) -> FluentValue<'static> {
        FluentValue::String(Cow::Owned(self))
    }
}

impl Arg for &String {
    fn into_value(self) -> FluentValue<'static> {
        FluentValue::String(Cow::Owned(self.clone()))
    }
}

macro_rules! number_args {
    ($($t:ty),+) => {$(
        impl Arg for $t {
            fn into_value(self) -> FluentValue<'static> {
                FluentValue::from(self)
            }
        }
    )+};
}

number_args!(i32, i64, u32, u64, usize, f64);

/// `tr!(locale, "message-id")` or `tr!(locale, "message-id", name = value, …)`: the message in
/// that locale. Ids are literals so a test can find every one the code asks for.
#[macro_export]
macro_rules! tr {
    ($locale:expr, $id:literal $(,)?) => {
        $crate::i18n::text($locale, $id, None)
    };
    ($locale:expr, $id:literal, $($key:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::FluentArgs::new();
        $( args.set(stringify!($key), $crate::i18n::Arg::into_value($value)); )+
        $crate::i18n::text($locale, $id, Some(&args))
    }};
}

#[cfg(test)]
mod tests;
