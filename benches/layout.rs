//! Layout speed: a ~50 KB article (the seed article repeated with varied
//! markup) parsed into a document and laid out at 80 columns. Target: parse +
//! layout ≤ 5 ms in release.

use criterion::{criterion_group, criterion_main, Criterion};
use griot::render::{layout, Document, LayoutOptions};
use std::hint::black_box;

fn seed_body() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seed/africa24-feed.xml");
    let feed = std::fs::read_to_string(path).unwrap_or_default();
    let start = "<content:encoded><![CDATA[";
    let body = feed
        .find(start)
        .map(|i| &feed[i + start.len()..])
        .and_then(|rest| rest.find("]]></content:encoded>").map(|j| &rest[..j]))
        .unwrap_or("<p>Le Burkina Faso et la Russie envisagent de renforcer leur coopération militaire.</p>");
    body.replace("{{BASE}}", "https://example.org")
}

fn article_50k() -> String {
    let body = seed_body();
    let mut html = String::from("<article>");
    let mut i = 0;
    while html.len() < 50 * 1024 {
        html.push_str(&format!("<h2>Partie {i}</h2>"));
        html.push_str(&body);
        html.push_str(&format!(
            "<p>Voir <a href=\"/article-{i}\">l’article {i}</a>, <em>en italique</em>, \
             <code>code_{i}()</code> et 日本語のテキスト 😀.</p>\
             <ul><li>Premier point {i}</li><li>Second point<ol><li>a</li><li>b</li></ol></li></ul>\
             <blockquote class=\"wp-block-quote\"><p>Une citation ordinaire.</p><cite>Quelqu’un</cite></blockquote>\
             <table><tr><th>Pays</th><th>Valeur</th></tr><tr><td>Burkina Faso</td><td>1,9 million</td></tr></table>\
             <figure><img src=\"/i{i}.jpg\" alt=\"Photo {i}\"><figcaption>Légende {i}</figcaption></figure>"
        ));
        i += 1;
    }
    html.push_str("</article>");
    html
}

fn bench(c: &mut Criterion) {
    let html = article_50k();
    let opts = LayoutOptions {
        width: 80,
        measure: 80,
        link_list: true,
    };
    let doc = Document::from_html(&html, Some("https://example.org/"));
    let mut g = c.benchmark_group(format!("article_{}KB", html.len() / 1024));
    g.bench_function("from_html", |b| {
        b.iter(|| Document::from_html(black_box(&html), Some("https://example.org/")))
    });
    g.bench_function("layout_80", |b| b.iter(|| layout(black_box(&doc), &opts)));
    g.bench_function("from_html_and_layout_80", |b| {
        b.iter(|| {
            let d = Document::from_html(black_box(&html), Some("https://example.org/"));
            layout(&d, &opts)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
