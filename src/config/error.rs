//! Configuration errors that point at the file, the line and the key.

use std::path::{Path, PathBuf};

/// What is wrong with a config file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: unknown key `{key}`{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownKey {
        path: PathBuf,
        line: usize,
        key: String,
        suggestion: Option<String>,
    },
    #[error("{path}:{line}: `{key}`: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        key: String,
        message: String,
    },
    #[error("{path}:{line}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

impl crate::i18n::Explain for ConfigError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            ConfigError::Read { path, source } => Phrase::of("cannot read config file {}: {}")
                .word(path.display())
                .word(source),
            ConfigError::UnknownKey {
                path,
                line,
                key,
                suggestion: None,
            } => Phrase::of("{}:{}: unknown key `{}`")
                .word(path.display())
                .word(line)
                .word(key),
            ConfigError::UnknownKey {
                path,
                line,
                key,
                suggestion: Some(s),
            } => Phrase::of("{}:{}: unknown key `{}`; did you mean `{}`?")
                .word(path.display())
                .word(line)
                .word(key)
                .word(s),
            ConfigError::Invalid {
                path,
                line,
                key,
                message,
            } => Phrase::of("{}:{}: `{}`: {}")
                .word(path.display())
                .word(line)
                .word(key)
                .word(message),
            ConfigError::Syntax {
                path,
                line,
                message,
            } => Phrase::of("{}:{}: {}")
                .word(path.display())
                .word(line)
                .word(message),
        }
    }
}

impl ConfigError {
    /// Turns a TOML error into one naming the line and the key, with a suggestion for typos.
    pub(crate) fn from_toml(path: &Path, text: &str, e: &toml::de::Error) -> ConfigError {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        let message = e.message().trim().to_string();
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let key = rest.split('`').next().unwrap_or("").to_string();
            let expected: Vec<&str> = rest
                .split("expected")
                .nth(1)
                .map(|list| list.split('`').skip(1).step_by(2).collect())
                .unwrap_or_default();
            return ConfigError::UnknownKey {
                path: path.to_path_buf(),
                line,
                suggestion: nearest(&key, &expected).map(str::to_string),
                key,
            };
        }
        let key = key_at_line(text, line);
        match key {
            Some(key) => ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                message: plain_words(&key, &message.replace('\n', " ")),
                key,
            },
            None => ConfigError::Syntax {
                path: path.to_path_buf(),
                line,
                message: message.replace('\n', " "),
            },
        }
    }

    /// The line the error points at.
    pub fn line(&self) -> Option<usize> {
        match self {
            ConfigError::Read { .. } => None,
            ConfigError::UnknownKey { line, .. }
            | ConfigError::Invalid { line, .. }
            | ConfigError::Syntax { line, .. } => Some(*line),
        }
    }
}

/// serde's "invalid type: string \"often\", expected u32" in the user's terms: "expected a
/// whole number of minutes, found the text \"often\"".
fn plain_words(key: &str, message: &str) -> String {
    let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
    else {
        return message.to_string();
    };
    let Some((found, expected)) = rest.rsplit_once(", expected ") else {
        return message.to_string();
    };
    let number = matches!(
        expected,
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
    );
    let expected = if number {
        format!("a whole number{}", unit_of(key))
    } else {
        match expected {
            "a boolean" => "true or false".to_string(),
            "a string" => "text in quotes".to_string(),
            "f32" | "f64" => "a number".to_string(),
            other => other.to_string(),
        }
    };
    let found = found
        .replace("string ", "the text ")
        .replace("integer ", "the number ")
        .replace("boolean ", "")
        .replace('`', "");
    format!("expected {expected}, found {found}")
}

/// The unit a numeric key is counted in, by its name.
fn unit_of(key: &str) -> &'static str {
    let last = key.rsplit('.').next().unwrap_or(key);
    if last.ends_with("interval") {
        " of minutes"
    } else if last.ends_with("timeout") {
        " of seconds"
    } else if last.ends_with("_days") {
        " of days"
    } else if last.ends_with("_mib") {
        " of MiB"
    } else if last == "width" {
        " of columns"
    } else {
        ""
    }
}

/// The closest candidate by edit distance, if it is close enough to be a typo.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn key_at_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (key, _) = l.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()).then(|| key.to_string())
}

/// The first line defining `key` (1 when it is not written in the file).
pub(crate) fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.split_once('=')
                .is_some_and(|(k, _)| k.trim().trim_matches('"') == key)
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}
