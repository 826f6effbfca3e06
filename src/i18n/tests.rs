//! The two locales stay complete and consistent, and every id the code asks for exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;

use super::{index, Locale, BUNDLES, FILES};

/// Every message of a locale with the variables its value uses.
fn messages(locale: Locale) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (name, text) in FILES[index(locale)] {
        let resource = FluentResource::try_new((*text).to_string())
            .unwrap_or_else(|(_, e)| panic!("{locale}/{name}.ftl does not parse: {e:?}"));
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                let previous = out.insert(m.id.name.to_string(), vars);
                assert!(
                    previous.is_none(),
                    "{locale}: `{}` is defined twice",
                    m.id.name
                );
            }
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn both_locales_define_exactly_the_same_messages() {
    let en: BTreeSet<String> = messages(Locale::En).into_keys().collect();
    let zh: BTreeSet<String> = messages(Locale::ZhCn).into_keys().collect();
    let only_en: Vec<&String> = en.difference(&zh).collect();
    let only_zh: Vec<&String> = zh.difference(&en).collect();
    assert!(
        only_en.is_empty() && only_zh.is_empty(),
        "only in en: {only_en:?}; only in zh-CN: {only_zh:?}"
    );
}

#[test]
fn chinese_messages_use_no_argument_that_english_does_not_get() {
    let en = messages(Locale::En);
    for (id, zh_vars) in messages(Locale::ZhCn) {
        let Some(en_vars) = en.get(&id) else { continue };
        let extra: Vec<&String> = zh_vars.difference(en_vars).collect();
        assert!(
            extra.is_empty(),
            "zh-CN `{id}` uses {extra:?}, which English never needs"
        );
    }
}

#[test]
fn every_message_formats_without_a_fluent_error_in_both_locales() {
    for locale in Locale::ALL {
        let bundle = &BUNDLES[index(locale)];
        for (id, vars) in messages(locale) {
            // Numbers serve every argument: they print, and they select plurals and defaults.
            let mut args = FluentArgs::new();
            for v in &vars {
                args.set(v.clone(), 3);
            }
            let pattern = bundle
                .get_message(&id)
                .and_then(|m| m.value())
                .unwrap_or_else(|| panic!("{locale}: `{id}` has no value"));
            let mut errors = Vec::new();
            let out = bundle.format_pattern(pattern, Some(&args), &mut errors);
            assert!(errors.is_empty(), "{locale}: `{id}`: {errors:?}");
            assert!(!out.trim().is_empty(), "{locale}: `{id}` is empty");
        }
    }
}

/// The ids of every `tr!(locale, "id"…)` in the source tree.
fn ids_in_code() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // The macro's own definition and these tests mention it with made-up ids.
    let own = src.join("i18n");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.starts_with(&own) {
                let text = std::fs::read_to_string(&path).expect("a source file");
                for id in tr_ids(&text) {
                    out.insert((id, path.display().to_string()));
                }
            }
        }
    }
    out
}

/// The literal id of each `tr!(` call: the first string literal after its first comma.
fn tr_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for (at, _) in text.match_indices("tr!(") {
        // `include_str!(` is not a call of ours.
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &text[at + 4..];
        let Some(comma) = rest.find(',') else {
            continue;
        };
        let after = rest[comma + 1..].trim_start();
        if let Some(lit) = after.strip_prefix('"') {
            if let Some(end) = lit.find('"') {
                ids.push(lit[..end].to_string());
            }
        }
    }
    ids
}

#[test]
fn every_id_the_code_asks_for_exists_in_both_locales() {
    let found = ids_in_code();
    assert!(
        found.len() > 10,
        "the scanner found only {} ids",
        found.len()
    );
    let missing: Vec<String> = found
        .iter()
        .filter(|(id, _)| !Locale::ALL.iter().all(|l| super::has(*l, id)))
        .map(|(id, file)| format!("{id} ({file})"))
        .collect();
    assert!(missing.is_empty(), "asked for but not defined: {missing:?}");
}

#[test]
fn the_scanner_finds_ids_across_line_breaks() {
    let src = "let a = tr!(\n    locale,\n    \"one-id\",\n    n = 3\n);\nlet b = tr!(l, \"two\");\ninclude_str!(concat!(\"x\", \"y\"));";
    assert_eq!(tr_ids(src), ["one-id", "two"]);
}

#[test]
fn a_missing_message_falls_back_to_its_id_instead_of_failing() {
    assert_eq!(
        super::text(Locale::ZhCn, "no-such-message-id", None),
        "no-such-message-id"
    );
}

#[test]
fn arguments_and_plurals_reach_the_text() {
    let one = crate::tr!(Locale::En, "audit-title", count = 1);
    let many = crate::tr!(Locale::En, "audit-title", count = 5);
    assert_ne!(one, many.replace('5', "1"), "English picks a plural form");
    assert!(many.contains('5'));
    assert!(crate::tr!(Locale::ZhCn, "audit-title", count = 5).contains('5'));
}
