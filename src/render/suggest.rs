//! Autocomplete suggestions in words: the engine's typed labels as a person reads them in Discord's
//! list, in their language, leaving the value readable within Discord's 100 characters.

use crate::catalog;
use crate::engine::Label;
use crate::i18n::Locale;
use crate::render::reply::truncate;
use crate::render::units;
use crate::tr;

/// Discord's limit on a choice's name, in characters.
const MAX_CHARS: usize = 100;

/// What the person sees for a candidate labelled `label` whose value is `value`. It may still be
/// longer than Discord allows when the value itself is (the engine's `pick` cuts it then).
pub fn name(label: &Label, value: &str, l: Locale) -> String {
    match label {
        Label::Plain
        | Label::Os { installed: false }
        | Label::Iso { mounted: false }
        | Label::Ip { ptr: None }
        | Label::Location { description: None } => value.to_string(),
        Label::Choice { option, name } => catalog::choice_name(option, name, l),
        Label::Os { installed: true } => tr!(l, "suggest-os-installed", template = value),
        Label::Iso { mounted: true } => tr!(l, "suggest-iso-mounted", iso = value),
        Label::Ip { ptr: Some(name) } => labelled(&tr!(l, "suggest-ptr", name = name), value),
        Label::Location {
            description: Some(description),
        } => tr!(l, "suggest-location", description = description, id = value),
        Label::Snapshot {
            description,
            sticky,
        } => {
            let description = description.as_deref().unwrap_or_default();
            if !*sticky {
                return labelled(description, value);
            }
            // The mark outlasts a long description: the description is what gets cut.
            let mark = tr!(l, "suggest-snapshot-sticky", description = "");
            let room = label_room(value).saturating_sub(mark.trim().chars().count() + 1);
            let description = truncate(description.trim(), room.max(1));
            let label = tr!(l, "suggest-snapshot-sticky", description = description);
            labelled(&label, value)
        }
        Label::Backup { at, os, size } => {
            let mut facts = Vec::new();
            facts.extend(at.map(units::utc));
            facts.extend(os.clone());
            facts.extend(size.map(units::bytes));
            labelled(&facts.join(&tr!(l, "suggest-separator")), value)
        }
        Label::Violation {
            id,
            flag,
            points,
            suspend_at,
        } => {
            let mut details = Vec::new();
            details.extend(points.map(|p| tr!(l, "suggest-points", points = p)));
            details.extend(suspend_at.map(|at| tr!(l, "suggest-suspends", at = units::utc(at))));
            abuse(*id, flag.as_deref(), &details, l)
        }
        Label::Suspension {
            id,
            flag,
            points,
            soft,
        } => {
            let mut details = Vec::new();
            details.extend(points.map(|p| tr!(l, "suggest-points", points = p)));
            details.extend(soft.map(|soft| match soft {
                true => tr!(l, "suggest-soft"),
                false => tr!(l, "suggest-hard"),
            }));
            abuse(*id, flag.as_deref(), &details, l)
        }
        Label::Approval {
            id,
            path,
            server,
            params,
        } => {
            let params: String = params.iter().map(|(k, v)| format!(" {k}={v}")).collect();
            tr!(
                l,
                "suggest-approval",
                id = id.to_string(),
                path = path,
                server = server.as_str(),
                params = params
            )
        }
        Label::Alert {
            id,
            server,
            kind,
            summary,
        } => tr!(
            l,
            "suggest-alert",
            id = id.to_string(),
            server = server.as_str(),
            kind = kind,
            summary = summary
        ),
    }
}

/// `#7 copyright (20 points, soft)`; a case KiwiVM gives no flag is named as a case.
fn abuse(id: u64, flag: Option<&str>, details: &[String], l: Locale) -> String {
    let flag = flag
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map_or_else(|| tr!(l, "suggest-abuse-case"), str::to_string);
    let id = id.to_string();
    if details.is_empty() {
        return tr!(l, "suggest-abuse", id = id, flag = flag);
    }
    let details = details.join(&tr!(l, "suggest-separator"));
    tr!(
        l,
        "suggest-abuse-details",
        id = id,
        flag = flag,
        details = details
    )
}

/// `label — value` within Discord's limit, cutting the label rather than the value, so the thing
/// named stays readable; just the value when there is no label.
fn labelled(label: &str, value: &str) -> String {
    let label = label.trim();
    if label.is_empty() {
        return value.to_string();
    }
    let room = label_room(value);
    if room < 8 {
        return truncate(&format!("{label} — {value}"), MAX_CHARS);
    }
    format!("{} — {value}", truncate(label, room))
}

/// How many characters a label before ` — value` may take.
fn label_room(value: &str) -> usize {
    MAX_CHARS.saturating_sub(value.chars().count() + 3)
}

#[cfg(test)]
#[path = "suggest_tests.rs"]
mod tests;
