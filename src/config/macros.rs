//! `[[macro]]`: one key for a sequence of the reader's actions, as newsboat users script their
//! habits.
//!
//! ```toml
//! [[macro]]
//! key = ","
//! actions = ["toggle-read", "next-unread"]
//! description = "done, next"
//! ```
//!
//! Actions are the [`KeyAction`] names of the `[keys]` table (`toggle_read`; `toggle-read`
//! is read the same). A macro's key works on every screen one browses and comes before the
//! key map there. Plain data, validated here so `griot config --check` names the line of a
//! wrong action.

use serde::{Deserialize, Serialize};

use super::error::nearest;
use super::keys::{KeyAction, KeySpec, Mode};

/// Actions a macro may hold, at most.
pub const MAX_ACTIONS: usize = 32;

/// One `[[macro]]` table as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MacroConfig {
    pub key: String,
    pub actions: Vec<String>,
    /// What the help says of it (default: the actions' names).
    pub description: Option<String>,
}

/// A macro ready to run: a key and its actions, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Macro {
    pub key: KeySpec,
    pub actions: Vec<KeyAction>,
    pub description: String,
}

/// A rejected `[[macro]]`: its index, the text to find its line by, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroError {
    pub index: usize,
    /// The key at fault (`key` or `actions`).
    pub key: &'static str,
    /// The offending value, as written (to find its line).
    pub value: String,
    pub message: String,
}

/// Reads an action name of a macro: `toggle_read` or `toggle-read`.
fn macro_action(name: &str) -> Option<KeyAction> {
    let name = name.trim().replace('-', "_");
    KeyAction::from_name(&name).filter(|a| allowed(*a))
}

/// The actions of the screens one browses (not a prompt's or a question's).
fn allowed(action: KeyAction) -> bool {
    action.modes().iter().any(|m| Mode::SCREENS.contains(m))
}

/// Checks and compiles the `[[macro]]` tables.
pub fn compile(configs: &[MacroConfig]) -> Result<Vec<Macro>, MacroError> {
    let mut out: Vec<Macro> = Vec::new();
    for (index, m) in configs.iter().enumerate() {
        let err = |key: &'static str, value: &str, message: String| MacroError {
            index,
            key,
            value: value.to_string(),
            message,
        };
        let key = KeySpec::parse(&m.key)
            .ok_or_else(|| err("key", &m.key, format!("unknown key name `{}`", m.key)))?;
        if out.iter().any(|o| o.key == key) {
            return Err(err(
                "key",
                &m.key,
                format!("two macros use the key `{key}`"),
            ));
        }
        if m.actions.is_empty() {
            return Err(err(
                "actions",
                &m.key,
                "a macro needs at least one action".into(),
            ));
        }
        if m.actions.len() > MAX_ACTIONS {
            return Err(err(
                "actions",
                &m.key,
                format!("a macro holds at most {MAX_ACTIONS} actions"),
            ));
        }
        let mut actions = Vec::new();
        for name in &m.actions {
            let action = macro_action(name).ok_or_else(|| {
                let names: Vec<&str> = KeyAction::ALL
                    .iter()
                    .filter(|a| allowed(**a))
                    .map(|a| a.name())
                    .collect();
                let hint = nearest(&name.replace('-', "_"), &names)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                err(
                    "actions",
                    name,
                    format!("unknown action `{name}` in a [[macro]]{hint}"),
                )
            })?;
            actions.push(action);
        }
        let description = m.description.clone().unwrap_or_else(|| {
            actions
                .iter()
                .map(|a| a.name())
                .collect::<Vec<_>>()
                .join(", ")
        });
        out.push(Macro {
            key,
            actions,
            description: crate::render::sanitize::clean_line(&description),
        });
    }
    Ok(out)
}

/// The line of a macro's faulty value: the first line quoting it after the macro's
/// `[[macro]]` header (1 when it cannot be found).
pub(crate) fn line_of(text: &str, error: &MacroError) -> usize {
    let mut seen = 0;
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("[[macro]]") {
            inside = seen == error.index;
            seen += 1;
            continue;
        }
        if inside && trimmed.starts_with('[') && !trimmed.starts_with("[\"") {
            inside = false;
        }
        let quoted = [format!("\"{}\"", error.value), format!("'{}'", error.value)];
        if inside && quoted.iter().any(|q| line.contains(q.as_str())) {
            return i + 1;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(key: &str, actions: &[&str]) -> Vec<MacroConfig> {
        vec![MacroConfig {
            key: key.into(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
            description: None,
        }]
    }

    #[test]
    fn dashes_and_underscores_name_the_same_action() {
        let m = compile(&one(",", &["toggle-read", "next_unread"])).unwrap();
        assert_eq!(
            m[0].actions,
            vec![KeyAction::ToggleRead, KeyAction::NextUnread]
        );
        assert_eq!(m[0].description, "toggle_read, next_unread");
    }

    #[test]
    fn a_prompt_action_is_no_macro_action() {
        let e = compile(&one(",", &["submit"])).unwrap_err();
        assert_eq!(e.value, "submit");
    }
}
