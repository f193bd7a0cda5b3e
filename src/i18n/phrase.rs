//! Typed errors said in the user's language.
//!
//! An error type implements [`Explain`] by matching on its variants (exhaustively, so the
//! compiler names any new variant that has no words yet) and giving a [`Phrase`]: an English
//! template from the translation tables with the variant's fields as arguments. The phrase is
//! said in the interface language when it reaches the user; its `Display` is English (for the
//! logs), and it can be kept in the store (a feed's last error, the last sync error) and said
//! in whatever language reads it later. The error types' own `Display` stays English.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{fill, language, lookup, Lang};

/// A message to say in some language: an English template with `{}` placeholders and its
/// arguments, each a word said as is (a URL, a number, a server's own words) or a phrase of
/// its own (an error's cause).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phrase {
    #[serde(rename = "t")]
    template: Cow<'static, str>,
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    args: Vec<Arg>,
}

/// One argument of a [`Phrase`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// Said as is in every language.
    Word(String),
    /// Said in the language of the whole.
    Phrase(Phrase),
}

/// A typed error (or any value) that can be said in the user's language.
pub trait Explain {
    /// The words for this value.
    fn explain(&self) -> Phrase;
}

/// Says a typed error in the interface language.
pub fn say(e: &dyn Explain) -> String {
    e.explain().say()
}

impl Phrase {
    /// A phrase from an English template of the translation tables.
    pub fn of(template: &'static str) -> Phrase {
        Phrase {
            template: Cow::Borrowed(template),
            args: Vec::new(),
        }
    }

    /// Text said as is in every language (a server's or a library's own words).
    pub fn verbatim(text: impl Into<String>) -> Phrase {
        Phrase::of("{}").word(text.into())
    }

    /// Adds an argument said as is.
    pub fn word(mut self, word: impl fmt::Display) -> Phrase {
        self.args.push(Arg::Word(word.to_string()));
        self
    }

    /// Adds an argument that is itself a phrase (a cause).
    pub fn phrase(mut self, phrase: Phrase) -> Phrase {
        self.args.push(Arg::Phrase(phrase));
        self
    }

    /// Adds a typed error's words as an argument.
    pub fn cause(self, cause: &dyn Explain) -> Phrase {
        self.phrase(cause.explain())
    }

    /// The phrase in the interface language.
    pub fn say(&self) -> String {
        self.say_in(language())
    }

    /// The phrase in a given language (English when the template has no translation).
    pub fn say_in(&self, lang: Lang) -> String {
        let template: &str = match lang {
            Lang::En => &self.template,
            Lang::Fr => lookup(&self.template).unwrap_or(&self.template),
        };
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| match a {
                Arg::Word(w) => w.clone(),
                Arg::Phrase(p) => p.say_in(lang),
            })
            .collect();
        let refs: Vec<&dyn fmt::Display> = args.iter().map(|a| a as &dyn fmt::Display).collect();
        fill(template, &refs)
    }

    /// The form kept in the store.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| self.to_string())
    }

    /// A phrase read back from the store; text written by an older griot is said as is.
    pub fn from_stored(text: &str) -> Phrase {
        serde_json::from_str(text).unwrap_or_else(|_| Phrase::verbatim(text))
    }

    /// Every template in the phrase and its causes (to check that each has a translation).
    pub fn templates(&self) -> Vec<&str> {
        let mut out = vec![self.template.as_ref()];
        for a in &self.args {
            if let Arg::Phrase(p) = a {
                out.extend(p.templates());
            }
        }
        out
    }
}

/// English, for the logs.
impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say_in(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_is_said_in_either_language_and_survives_the_store() {
        let p = Phrase::of("HTTP {} {}").word(404).word("Not Found");
        let outer = Phrase::of("failed: {} <{}>: {}")
            .word("Le Soleil")
            .word("lesoleil.sn")
            .phrase(p);
        assert_eq!(
            outer.to_string(),
            "failed: Le Soleil <lesoleil.sn>: HTTP 404 Not Found"
        );
        assert_eq!(
            outer.say_in(Lang::Fr),
            "échec : Le Soleil <lesoleil.sn> : HTTP 404 Not Found"
        );
        assert_eq!(Phrase::from_stored(&outer.to_stored()), outer);
    }

    #[test]
    fn text_from_an_older_griot_is_said_as_is() {
        let p = Phrase::from_stored("HTTP 500 {weird}");
        assert_eq!(p.say_in(Lang::Fr), "HTTP 500 {weird}");
    }
}
