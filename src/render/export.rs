//! A document written out whole, for other programs: Markdown and a small HTML page.
//!
//! `griot show --format md|html`, the reader's pipe and "save as Markdown" hand an article
//! to something else — a notes folder, a script, a browser — so the text is written from
//! the [`Document`] (never the feed's own HTML, which is hostile): the same blocks the
//! reader sets, pull-quotes as block quotes with their attribution after an em dash, links
//! inline where they stand. Every string was sanitised when the document was built; here it
//! is escaped for the target syntax.

use super::blocks::{Block, Document, Inline, ListMarker};
use super::layout::ArticleHeader;
use super::sanitize::clean_line;

/// The article as Markdown: `# title`, a meta line, its address, then the body.
pub fn markdown(header: &ArticleHeader<'_>, doc: &Document) -> String {
    let mut out = String::new();
    let title = clean_line(header.title);
    if !title.is_empty() {
        out.push_str("# ");
        out.push_str(&md_escape(&title));
        out.push_str("\n\n");
    }
    let meta = meta_line(header);
    if !meta.is_empty() {
        out.push('*');
        out.push_str(&md_escape(&meta));
        out.push_str("*\n\n");
    }
    if let Some(url) = header.url.map(clean_line).filter(|u| !u.is_empty()) {
        out.push_str(&format!("<{}>\n\n", url.replace(['<', '>', ' '], "")));
    }
    let mut previous_was_item = false;
    for block in &doc.blocks {
        let is_item = matches!(block, Block::ListItem { .. });
        if previous_was_item && !is_item {
            out.push('\n');
        }
        out.push_str(&md_block(block, doc));
        out.push_str(if is_item { "\n" } else { "\n\n" });
        previous_was_item = is_item;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// "feed · author · date", each said once.
fn meta_line(header: &ArticleHeader<'_>) -> String {
    let mut meta: Vec<String> = Vec::new();
    for m in [Some(header.feed), header.author, header.published]
        .into_iter()
        .flatten()
    {
        let m = clean_line(m);
        if !m.is_empty() && !meta.contains(&m) {
            meta.push(m);
        }
    }
    meta.join(" · ")
}

fn md_block(block: &Block, doc: &Document) -> String {
    match block {
        Block::Heading { level, inlines } => {
            // The title is the only level-1 heading.
            let hashes = "#".repeat(usize::from((*level).clamp(2, 6)));
            format!("{hashes} {}", md_inlines(inlines, doc).replace('\n', " "))
        }
        Block::Paragraph { inlines } => md_inlines(inlines, doc),
        Block::ListItem {
            depth,
            marker,
            inlines,
        } => {
            let indent = "  ".repeat(usize::from(*depth));
            let mark = match marker {
                ListMarker::Bullet => "- ".to_string(),
                ListMarker::Ordered(n) => format!("{n}. "),
                ListMarker::Continuation => "  ".to_string(),
            };
            let text = md_inlines(inlines, doc).replace('\n', &format!("\n{indent}  "));
            format!("{indent}{mark}{text}")
        }
        Block::PullQuote {
            inlines,
            attribution,
        }
        | Block::Quote {
            inlines,
            attribution,
        } => {
            let mut text = md_inlines(inlines, doc);
            for (i, line) in attribution.iter().enumerate() {
                text.push_str(if i == 0 { "\n\n— " } else { "  \n" });
                text.push_str(&md_escape(line));
            }
            text.lines()
                .map(|l| {
                    if l.is_empty() {
                        ">".into()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        Block::Code { text } => {
            let longest = longest_run(text, '`');
            let fence = "`".repeat(longest.max(2) + 1);
            format!("{fence}\n{}\n{fence}", text.trim_end_matches('\n'))
        }
        Block::Image { alt, .. } if alt.is_empty() => "\\[image\\]".into(),
        Block::Image { alt, .. } => format!("\\[image: {}\\]", md_escape(alt)),
        Block::Caption { inlines } => format!("*{}*", md_inlines(inlines, doc).trim()),
        Block::Table { rows } => md_table(rows),
        Block::Rule => "---".into(),
    }
}

fn md_table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let row = |cells: &[String]| {
        let mut cells: Vec<String> = cells
            .iter()
            .map(|c| md_escape(c).replace('\n', " "))
            .collect();
        cells.resize(columns, String::new());
        format!("| {} |", cells.join(" | "))
    };
    let mut lines = Vec::new();
    let (head, body) = rows
        .split_first()
        .map_or((&[][..], &[][..]), |(h, b)| (h.as_slice(), b));
    lines.push(row(head));
    lines.push(format!("|{}", " --- |".repeat(columns)));
    lines.extend(body.iter().map(|r| row(r)));
    lines.join("\n")
}

/// Styled runs as Markdown; runs of one link become one `[text](url)`.
fn md_inlines(inlines: &[Inline], doc: &Document) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < inlines.len() {
        let link = inlines[i].link;
        let mut j = i + 1;
        while link.is_some() && j < inlines.len() && inlines[j].link == link {
            j += 1;
        }
        let text: String = inlines[i..j].iter().map(md_styled).collect();
        let url = link
            .and_then(|n| n.checked_sub(1))
            .and_then(|n| doc.links.get(n));
        match url {
            Some(url) if !text.trim().is_empty() => {
                let url = url
                    .replace(' ', "%20")
                    .replace('(', "%28")
                    .replace(')', "%29");
                out.push_str(&format!("[{}]({url})", text.trim()));
            }
            _ => out.push_str(&text),
        }
        i = j;
    }
    out.trim().replace('\n', "  \n")
}

fn md_styled(inline: &Inline) -> String {
    if inline.code {
        let fence = "`".repeat(longest_run(&inline.text, '`') + 1);
        return format!("{fence}{}{fence}", inline.text);
    }
    let text = md_escape(&inline.text);
    let mark = match (inline.strong, inline.emphasis) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => "",
    };
    if mark.is_empty() || text.trim().is_empty() {
        return text;
    }
    // Markers hug the words; the spaces around them stay outside.
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    format!(
        "{}{mark}{}{mark}{}",
        &text[..start],
        &text[start..end],
        &text[end..]
    )
}

/// Escapes what Markdown would read as syntax.
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A line that would start a list ("1. ", "- ", "+ ") stays a line of text.
    let mut lines: Vec<String> = Vec::new();
    for line in out.split('\n') {
        let t = line.trim_start();
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let lead = line.len() - t.len();
        if t.starts_with("- ") || t.starts_with("+ ") {
            lines.push(format!("{}\\{}", &line[..lead], t));
        } else if digits > 0 && t[digits..].starts_with(". ") {
            lines.push(format!(
                "{}{}\\{}",
                &line[..lead],
                &t[..digits],
                &t[digits..]
            ));
        } else {
            lines.push(line.to_string());
        }
    }
    lines.join("\n")
}

fn longest_run(text: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// The article as a small, self-contained HTML page (no script, no style sheet, no remote
/// resource): title, meta line, address, body, links kept only when http(s) or mailto.
pub fn html(header: &ArticleHeader<'_>, doc: &Document) -> String {
    let title = esc(&clean_line(header.title));
    let mut out = format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         </head>\n<body>\n<article>\n<h1>{title}</h1>\n"
    );
    let meta = meta_line(header);
    if !meta.is_empty() {
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(&meta)));
    }
    if let Some(url) = header.url.map(clean_line).filter(|u| safe_href(u)) {
        out.push_str(&format!(
            "<p class=\"address\"><a href=\"{0}\">{0}</a></p>\n",
            attr(&url)
        ));
    }
    let mut in_list = false;
    for block in &doc.blocks {
        let is_item = matches!(block, Block::ListItem { .. });
        if is_item != in_list {
            out.push_str(if is_item { "<ul>\n" } else { "</ul>\n" });
            in_list = is_item;
        }
        out.push_str(&html_block(block, doc));
        out.push('\n');
    }
    if in_list {
        out.push_str("</ul>\n");
    }
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

fn html_block(block: &Block, doc: &Document) -> String {
    match block {
        Block::Heading { level, inlines } => {
            let l = (*level).clamp(2, 6);
            format!("<h{l}>{}</h{l}>", html_inlines(inlines, doc))
        }
        Block::Paragraph { inlines } => format!("<p>{}</p>", html_inlines(inlines, doc)),
        Block::ListItem { depth, inlines, .. } => format!(
            "<li style=\"margin-left:{}em\">{}</li>",
            u32::from(*depth) * 2,
            html_inlines(inlines, doc)
        ),
        Block::PullQuote {
            inlines,
            attribution,
        }
        | Block::Quote {
            inlines,
            attribution,
        } => {
            let class = if matches!(block, Block::PullQuote { .. }) {
                " class=\"pullquote\""
            } else {
                ""
            };
            let mut s = format!("<blockquote{class}><p>{}</p>", html_inlines(inlines, doc));
            if !attribution.is_empty() {
                let lines: Vec<String> = attribution.iter().map(|l| esc(l)).collect();
                s.push_str(&format!("<footer>— {}</footer>", lines.join("<br>")));
            }
            s.push_str("</blockquote>");
            s
        }
        Block::Code { text } => format!("<pre><code>{}</code></pre>", esc(text)),
        Block::Image { alt, .. } => format!("<p class=\"image\">[image: {}]</p>", esc(alt)),
        Block::Caption { inlines } => {
            format!(
                "<p class=\"caption\"><em>{}</em></p>",
                html_inlines(inlines, doc)
            )
        }
        Block::Table { rows } => {
            let mut s = String::from("<table>");
            for row in rows {
                s.push_str("<tr>");
                for cell in row {
                    s.push_str(&format!("<td>{}</td>", esc(cell)));
                }
                s.push_str("</tr>");
            }
            s.push_str("</table>");
            s
        }
        Block::Rule => "<hr>".into(),
    }
}

fn html_inlines(inlines: &[Inline], doc: &Document) -> String {
    let mut out = String::new();
    for inline in inlines {
        let mut s = esc(&inline.text).replace('\n', "<br>");
        if inline.code {
            s = format!("<code>{s}</code>");
        }
        if inline.emphasis {
            s = format!("<em>{s}</em>");
        }
        if inline.strong {
            s = format!("<strong>{s}</strong>");
        }
        let url = inline
            .link
            .and_then(|n| n.checked_sub(1))
            .and_then(|n| doc.links.get(n))
            .filter(|u| safe_href(u));
        if let Some(url) = url {
            s = format!("<a href=\"{}\">{s}</a>", attr(url));
        }
        out.push_str(&s);
    }
    out
}

fn safe_href(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

fn esc(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

fn attr(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> ArticleHeader<'static> {
        ArticleHeader {
            title: "Le *titre*",
            feed: "Africa24",
            author: Some("Awa"),
            published: Some("8 novembre 2023"),
            url: Some("https://example.org/a"),
        }
    }

    #[test]
    fn markdown_sets_pullquotes_as_attributed_block_quotes() {
        let doc = Document::from_html(
            "<p>Avant <a href='https://x.org/l'>le lien</a>.</p>\
             <blockquote class='pullquote'><p>Nous irons.</p><cite>Awa Diop, ministre</cite></blockquote>\
             <ul><li>un</li><li>deux</li></ul><p>Fin</p>",
            None,
        );
        let md = markdown(&header(), &doc);
        assert!(md.starts_with("# Le \\*titre\\*\n\n*Africa24 · Awa · 8 novembre 2023*\n\n<https://example.org/a>\n\n"), "{md}");
        assert!(md.contains("Avant [le lien](https://x.org/l)."), "{md}");
        assert!(
            md.contains("> Nous irons.\n>\n> — Awa Diop, ministre"),
            "{md}"
        );
        assert!(md.contains("- un\n- deux\n\nFin\n"), "{md}");
    }

    #[test]
    fn html_keeps_no_script_and_no_unsafe_link() {
        let doc = Document::from_html(
            "<p><a href='javascript:alert(1)'>x</a> &lt;script&gt;</p>",
            None,
        );
        let page = html(&header(), &doc);
        assert!(!page.contains("javascript:"), "{page}");
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("<h1>Le *titre*</h1>"), "{page}");
    }
}
