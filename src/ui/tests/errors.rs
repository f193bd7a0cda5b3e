//! Errors reach the reader in its language: a failed feed's reason in the status bar.

use super::*;
use crate::i18n::{in_language, Lang};

#[test]
fn a_failed_feed_says_why_in_the_readers_language() {
    in_language(Lang::Fr, || {
        let mut h = Harness::new(fixture(), 80, 24);
        h.select_feed("Le Journal du Niger");
        let text = h.text();
        assert!(text.contains("! HTTP 404 introuvable"), "{text}");
    });
    in_language(Lang::En, || {
        let mut h = Harness::new(fixture(), 80, 24);
        h.select_feed("Le Journal du Niger");
        assert!(h.text().contains("! HTTP 404 Not Found"));
    });
}
