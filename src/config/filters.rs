//! `[[filter]]`: the config's filter rules as written, checked with the rule language's own
//! parser so a bad rule is an error naming its line.

use serde::{Deserialize, Serialize};

/// What a rule does, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterAction {
    Hide,
    Read,
    Highlight,
}

/// `[[filter]]`: `match = 'title ~ "(?i)sponsored"'`, `action = "hide" | "read" | "highlight"`,
/// and for a highlight its `color`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FilterConfig {
    /// The rule, with where it sits in the file (for errors).
    #[serde(rename = "match")]
    pub rule: toml::Spanned<String>,
    pub action: FilterAction,
    #[serde(default)]
    pub color: Option<String>,
}

impl FilterConfig {
    /// The first problem with the rule, as (key, byte offset in the file, message).
    pub(super) fn check(&self) -> Result<(), (&'static str, usize, String)> {
        let at = self.rule.span().start;
        if let Err(e) = crate::filter::parse(self.rule.get_ref()) {
            return Err(("match", at, format!("bad filter rule: {e}")));
        }
        match (self.action, &self.color) {
            (FilterAction::Highlight, None) => Err((
                "action",
                at,
                "a highlight needs a `color` (a colour name or #rrggbb)".into(),
            )),
            (FilterAction::Highlight, Some(c)) if super::theme::parse_color(c).is_none() => Err((
                "color",
                at,
                format!("`{c}` is not a colour name or #rrggbb"),
            )),
            (FilterAction::Hide | FilterAction::Read, Some(_)) => {
                Err(("color", at, "only a highlight takes a `color`".into()))
            }
            _ => Ok(()),
        }
    }
}

/// The rules as the filter engine runs them, in order. A rule that does not parse (the config
/// was checked when loaded, so only a config built by hand) is left out.
pub fn rule_set(filters: &[FilterConfig]) -> crate::filter::RuleSet {
    let rules = filters
        .iter()
        .filter_map(|f| {
            let expr = crate::filter::parse(f.rule.get_ref()).ok()?;
            let action = match f.action {
                FilterAction::Hide => crate::filter::Action::Hide,
                FilterAction::Read => crate::filter::Action::Read,
                FilterAction::Highlight => {
                    crate::filter::Action::Highlight(f.color.clone().unwrap_or_default())
                }
            };
            Some(crate::filter::Rule {
                text: f.rule.get_ref().clone(),
                expr,
                action,
            })
        })
        .collect();
    crate::filter::RuleSet { rules }
}
