//! Id syntax, duplicates and the keys used in paths.

use super::Problems;
use crate::rules::{is_id_char, is_keyword};

/// Link keys the app reserves; attributes cannot use them as ids.
pub const RESERVED_LINK_KEYS: [&str; 2] = ["qty", "lang"];

/// What is wrong with `id` as a catalog id, if anything: it must be
/// non-empty, use only letters, digits, `_`, `-` and `.`, and not be a
/// keyword of the rule language.
pub fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("the id is empty".to_owned());
    }
    if let Some(bad) = id.chars().find(|c| !is_id_char(*c)) {
        let shown = if bad.is_whitespace() || bad.is_control() {
            format!("U+{:04X}", u32::from(bad))
        } else {
            format!("'{bad}'")
        };
        return Some(format!(
            "the id '{id}' contains {shown}; use only letters, digits, '_', '-' and '.'"
        ));
    }
    if is_keyword(id) {
        return Some(format!(
            "the id '{id}' is a keyword of the rule language; choose another id"
        ));
    }
    None
}

/// The key of item `index` in a path: its id when that is non-empty and
/// unique, else its index.
pub(crate) fn key(ids: &[&str], index: usize) -> String {
    match ids.get(index) {
        Some(id) if !id.is_empty() && ids.iter().filter(|other| *other == id).count() == 1 => {
            (*id).to_owned()
        }
        _ => index.to_string(),
    }
}

/// How items of a list are named in paths.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathKey {
    /// By id where unique (products, attributes, ...).
    Id,
    /// By index (options, fonts).
    Index,
}

/// Checks the syntax of every id in a list and that none repeats. `list` is
/// the path of the list, `what` names one item ("option").
pub(crate) fn check_ids(out: &mut Problems, list: &str, what: &str, ids: &[&str], by: PathKey) {
    for (index, id) in ids.iter().enumerate() {
        let item = match by {
            PathKey::Id => key(ids, index),
            PathKey::Index => index.to_string(),
        };
        let path = format!("{list}[{item}].id");
        if let Some(problem) = id_problem(id) {
            out.push(path, problem);
        } else if ids[..index].contains(id) {
            out.push(
                format!("{list}[{index}].id"),
                format!("duplicate {what} id '{id}'"),
            );
        }
    }
}
