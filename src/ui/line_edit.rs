//! The one-line text input behind the reader's prompts (search, add feed, rename, tags, save
//! page), with the editing keys of a shell's line editor: arrows, Home/End, Ctrl-A/E/B/F,
//! Alt-B/F, Backspace/Delete, Ctrl-W, Ctrl-U, Ctrl-K.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Text with a cursor (a byte offset on a character boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
}

impl LineInput {
    /// An input holding `text`, the cursor at its end.
    pub fn new(text: impl Into<String>) -> LineInput {
        let text = text.into();
        let cursor = text.len();
        LineInput { text, cursor }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text before and after the cursor.
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.cursor)
    }

    /// Inserts text at the cursor, leaving the cursor after it.
    pub fn insert_str(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    /// Applies an editing key; false when the key is not one (the caller handles it).
    pub fn edit(&mut self, k: KeyEvent) -> bool {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let alt = k.modifiers.contains(KeyModifiers::ALT);
        match k.code {
            KeyCode::Left if ctrl => self.cursor = self.word_left(),
            KeyCode::Right if ctrl => self.cursor = self.word_right(),
            KeyCode::Left => self.cursor = self.char_left(),
            KeyCode::Right => self.cursor = self.char_right(),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.len(),
            KeyCode::Backspace if ctrl || alt => self.delete_to(self.word_left()),
            KeyCode::Backspace => self.delete_to(self.char_left()),
            KeyCode::Delete => self.delete_to(self.char_right()),
            KeyCode::Char(c) if ctrl => match c {
                'a' => self.cursor = 0,
                'e' => self.cursor = self.text.len(),
                'b' => self.cursor = self.char_left(),
                'f' => self.cursor = self.char_right(),
                'w' => self.delete_to(self.word_left()),
                'h' => self.delete_to(self.char_left()),
                'd' => self.delete_to(self.char_right()),
                'u' => self.delete_to(0),
                'k' => self.delete_to(self.text.len()),
                _ => return false,
            },
            KeyCode::Char(c) if alt => match c {
                'b' => self.cursor = self.word_left(),
                'f' => self.cursor = self.word_right(),
                'd' => self.delete_to(self.word_right()),
                _ => return false,
            },
            KeyCode::Char(c) if !c.is_control() => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
            }
            _ => return false,
        }
        true
    }

    /// Deletes between the cursor and `to` (either side), leaving the cursor at the start.
    fn delete_to(&mut self, to: usize) {
        let (a, b) = (self.cursor.min(to), self.cursor.max(to));
        self.text.replace_range(a..b, "");
        self.cursor = a;
    }

    fn char_left(&self) -> usize {
        self.text[..self.cursor]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn char_right(&self) -> usize {
        self.text[self.cursor..]
            .chars()
            .next()
            .map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    /// The start of the word before the cursor (skipping the spaces just before it).
    fn word_left(&self) -> usize {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end_matches(|c: char| !c.is_alphanumeric());
        trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8())
    }

    /// The end of the word after the cursor.
    fn word_right(&self) -> usize {
        let after = &self.text[self.cursor..];
        let start = after.find(char::is_alphanumeric).unwrap_or(after.len());
        let end = after[start..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(after.len(), |i| start + i);
        self.cursor + end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn typed(s: &str) -> LineInput {
        let mut l = LineInput::default();
        for c in s.chars() {
            assert!(l.edit(key(KeyCode::Char(c), KeyModifiers::NONE)));
        }
        l
    }

    #[test]
    fn fixing_a_typo_in_the_middle_keeps_the_rest() {
        let mut l = typed("sécurite sahel");
        for _ in 0.."sahel".len() + 1 {
            l.edit(key(KeyCode::Left, KeyModifiers::NONE));
        }
        l.edit(key(KeyCode::Backspace, KeyModifiers::NONE));
        l.edit(key(KeyCode::Char('é'), KeyModifiers::NONE));
        assert_eq!(l.as_str(), "sécurité sahel");
        assert_eq!(l.split(), ("sécurité", " sahel"));
        l.edit(key(KeyCode::Home, KeyModifiers::NONE));
        l.edit(key(KeyCode::Delete, KeyModifiers::NONE));
        assert_eq!(l.as_str(), "écurité sahel");
    }

    #[test]
    fn word_and_line_keys() {
        let mut l = typed("centrale nucléaire  ");
        l.edit(key(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(l.as_str(), "centrale ");
        l.edit(key(KeyCode::Char('a'), KeyModifiers::CONTROL));
        l.edit(key(KeyCode::Char('f'), KeyModifiers::ALT));
        assert_eq!(l.split().0, "centrale");
        l.edit(key(KeyCode::Char('k'), KeyModifiers::CONTROL));
        assert_eq!(l.as_str(), "centrale");
        l.edit(key(KeyCode::Char('b'), KeyModifiers::ALT));
        l.insert_str("la ");
        assert_eq!(l.as_str(), "la centrale");
        l.edit(key(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(l.as_str(), "centrale");
        assert!(!l.edit(key(KeyCode::Enter, KeyModifiers::NONE)));
    }
}
