//! Article HTML turned into a document model and laid out as terminal text.

pub mod sanitize;
