//! `griot filter`: the `[[filter]]` rules applied to the whole archive (or counted, dry), and
//! hidden articles brought back. Arriving articles are judged by the store as they are
//! stored; this is the same judgement for what was there before a rule was written.

use chrono::Utc;

use crate::config::Config;
use crate::store::{Store, StoreError};

/// One rule's part in a sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCount {
    /// The rule as written.
    pub rule: String,
    /// `hide`, `read` or `highlight`.
    pub action: &'static str,
    /// Articles it changed (or, dry, would change).
    pub touched: u64,
}

/// What `griot filter --apply` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    pub rules: Vec<RuleCount>,
    /// Articles changed by any rule.
    pub articles: u64,
    /// Hidden articles in the archive afterwards (before, when dry).
    pub hidden: u64,
}

/// Applies the config's rules to every article (`dry_run`: only counts).
pub fn apply(store: &mut Store, config: &Config, dry_run: bool) -> Result<ApplyReport, StoreError> {
    let rules = crate::config::filters::rule_set(&config.filters);
    let sweep = store.apply_rules(&rules, Utc::now(), dry_run)?;
    let (hidden, _) = store.hidden_counts()?;
    Ok(ApplyReport {
        rules: rules
            .rules
            .iter()
            .zip(sweep.per_rule)
            .map(|(r, touched)| RuleCount {
                rule: r.text.clone(),
                action: r.action.name(),
                touched,
            })
            .collect(),
        articles: sweep.articles,
        hidden,
    })
}

/// Brings every hidden article back into lists, searches and counts; returns how many. A rule
/// still in the config hides them again at the next `--apply`.
pub fn unhide(store: &mut Store) -> Result<u64, StoreError> {
    store.unhide_all()
}
