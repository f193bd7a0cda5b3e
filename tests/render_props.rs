//! Property tests for the renderer: arbitrary HTML-ish input never panics,
//! no laid-out line is wider than the width asked for, and no terminal control
//! character or escape sequence survives into anything shown.

use griot::render::{clean, clean_line, layout, ArticleHeader, Block, Document, LayoutOptions};
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

const TAGS: &[&str] = &[
    "p",
    "div",
    "span",
    "blockquote",
    "figure",
    "figcaption",
    "cite",
    "footer",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h4",
    "pre",
    "code",
    "table",
    "tr",
    "td",
    "th",
    "aside",
    "nav",
    "script",
    "style",
    "q",
    "sup",
    "section",
    "article",
    "header",
];
const CLASSES: &[&str] = &[
    "",
    "wp-block-pullquote",
    "wp-block-quote",
    "twitter-tweet",
    "pullquote",
    "sharedaddy",
    "elementor-blockquote",
    "td_quote_box",
    "post-tags",
    "emoji",
    "element-pullquote",
];
const HREFS: &[&str] = &[
    "/rel",
    "https://example.org/\u{1b}]52;c;ZXZpbA==\u{7}x",
    "javascript:alert(1)",
    "#top",
    "?noamp=mobile",
    "http://[bad",
    "mailto:a@b.c",
];
const TEXTS: &[&str] = &[
    "Le ministre ",
    "«\u{a0}phase pratique\u{a0}»",
    "7\u{202f}novembre",
    "日本語のテキストです",
    "한국어 텍스트",
    "😀👍🏽❤️",
    "👨‍👩‍👧 family",
    "e\u{301}te\u{301}",
    "\u{1b}[31mred\u{1b}[0m",
    "\u{1b}]0;title\u{7}",
    "\u{1b}]52;c;ZXZpbA==\u{1b}\\",
    "\u{9b}2J",
    "\u{85}\u{9d}osc",
    "\u{202e}txet\u{202c}",
    "\u{2066}iso\u{2069}",
    "\r\n\t  \u{b}\u{c}",
    "\u{7f}\u{0}\u{8}",
    "&nbsp;&#27;[1m&#x9b;&#8230;&amp;&lt;b&gt;",
    "supercalifragilisticexpialidocious_with_no_break_at_all_0123456789",
    "\u{2028}\u{2029}",
    "Kassoum Coulibaly, Ministre de la défense",
    "Burkina Faso",
    " ",
    "\u{2060}\u{2007}\u{200d}",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (
            prop::sample::select(TAGS),
            prop::sample::select(CLASSES),
            prop::sample::select(HREFS)
        )
            .prop_map(|(t, c, h)| format!("<{t} class=\"{c}\" href=\"{h}\" alt=\"{c}\u{1b}[2J\">")),
        2 => prop::sample::select(TAGS).prop_map(|t| format!("</{t}>")),
        1 => Just("<br>".to_string()),
        1 => Just("<img alt=\"photo \u{1b}]0;x\u{7}\">".to_string()),
        1 => Just("<hr>".to_string()),
        5 => prop::sample::select(TEXTS).prop_map(str::to_string),
        1 => "\\PC{0,12}",
    ]
}

fn html() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..60).prop_map(|v| v.concat())
}

fn is_forbidden(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || (0x7f..=0x9f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2066..=0x2069).contains(&u)
}

fn block_strings(b: &Block) -> Vec<String> {
    let mut v = vec![b.text().replace('\n', "")];
    if let Block::PullQuote { attribution, .. } | Block::Quote { attribution, .. } = b {
        v.extend(attribution.iter().cloned());
    }
    if let Block::Table { rows } = b {
        v.extend(rows.iter().flatten().cloned());
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn layout_never_exceeds_the_width_and_shows_no_controls(
        html in html(),
        width in 1u16..200,
        measure in prop::sample::select(vec![0u16, 20, 80]),
    ) {
        let doc = Document::from_html(&html, Some("https://example.org/a/"));
        for b in &doc.blocks {
            for s in block_strings(b) {
                prop_assert!(!s.chars().any(is_forbidden), "control in block {:?}", s);
            }
        }
        for l in &doc.links {
            prop_assert!(!l.chars().any(is_forbidden), "control in link {:?}", l);
        }
        let laid = layout(&doc, &LayoutOptions { width, measure, link_list: true });
        for line in &laid.lines {
            prop_assert!(line.width() <= width as usize, "{} > {}: {:?}", line.width(), width, line);
            let shown = format!("{}{}", " ".repeat(line.indent as usize), line.text());
            prop_assert!(UnicodeWidthStr::width(shown.as_str()) <= width as usize, "{:?}", shown);
            for span in &line.spans {
                prop_assert!(!span.text.chars().any(is_forbidden), "control in span {:?}", span);
            }
        }
        let ansi = laid.ansi();
        let stripped = strip_sgr(&ansi);
        prop_assert!(!stripped.chars().any(|c| c != '\n' && is_forbidden(c)));
    }

    #[test]
    fn header_fits_and_is_clean(
        title in prop::collection::vec(prop::sample::select(TEXTS), 0..8),
        author in prop::sample::select(TEXTS),
        width in 1u16..120,
    ) {
        let title = title.concat();
        let opts = LayoutOptions { width, measure: 80, link_list: false };
        let url = format!("https://example.org/{}", title.replace(' ', "-"));
        let lines = ArticleHeader {
            title: &title,
            feed: "Flux \u{1b}]52;c;eA==\u{7}",
            author: Some(author),
            published: Some("2023-11-08"),
            url: Some(&url),
        }
        .lines(&opts);
        for line in &lines {
            prop_assert!(line.width() <= width as usize, "{:?}", line);
            prop_assert!(!line.text().chars().any(is_forbidden), "{:?}", line);
        }
    }

    #[test]
    fn clean_removes_every_control_but_newline_and_tab(s in "\\PC*|[\\x00-\\x7f\\u{80}-\\u{9f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-z]{0,64}") {
        let c = clean(&s);
        prop_assert!(!c.chars().any(|ch| ch != '\n' && ch != '\t' && is_forbidden(ch)), "{:?}", c);
        let l = clean_line(&s);
        prop_assert!(!l.chars().any(is_forbidden), "{:?}", l);
        prop_assert!(!l.contains("  ") && !l.starts_with(' ') && !l.ends_with(' '));
    }
}

/// Removes `ESC [ digits/; m` sequences; any other escape stays (and fails).
fn strip_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\u{1b}' && it.peek() == Some(&'[') {
            let mut seq = String::new();
            it.next();
            while let Some(&n) = it.peek() {
                it.next();
                if n == 'm' {
                    break;
                }
                seq.push(n);
            }
            if seq.chars().all(|ch| ch.is_ascii_digit() || ch == ';') {
                continue;
            }
            out.push('\u{1b}');
            continue;
        }
        out.push(c);
    }
    out
}
