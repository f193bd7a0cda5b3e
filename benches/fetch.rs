//! Fetch-side benchmarks: parsing a news feed like the benchmark corpus's (50 items of
//! about 4 KB of HTML each, RSS and Atom, UTF-8 and ISO-8859-1), and discovering feeds in
//! a page. Run with `cargo bench --bench fetch`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use griot::fetch::discover::discover_feeds;
use griot::fetch::parse::parse_bytes;
use griot::fetch::ParseLimits;

const WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "pour",
    "avec",
    "ministre",
    "défense",
    "coopération",
    "Sénégal",
    "gouvernement",
    "président",
    "accord",
    "sécurité",
    "économie",
    "électricité",
    "élèves",
    "région",
    "frontière",
    "développement",
    "énergie",
    "santé",
    "éducation",
    "Abidjan",
    "Dakar",
];

fn text(seed: &mut u64, words: usize) -> String {
    let mut out = String::new();
    for _ in 0..words {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        out.push_str(WORDS[(*seed >> 33) as usize % WORDS.len()]);
        out.push(' ');
    }
    out
}

fn rss(items: usize) -> String {
    let mut seed = 7;
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" \
xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
<channel><title>Africa News</title><link>http://127.0.0.1/</link><description>Actualités</description>",
    );
    for i in 0..items {
        let body: String = (0..6)
            .map(|_| format!("<p>{}</p>", text(&mut seed, 90)))
            .collect();
        s.push_str(&format!(
            "<item><title>{}</title><link>http://127.0.0.1/a/{i}.html</link><guid isPermaLink=\"true\">http://127.0.0.1/a/{i}.html</guid>\
<pubDate>Sun, 01 Nov 2026 10:{:02}:00 +0000</pubDate><dc:creator><![CDATA[Rédaction]]></dc:creator>\
<description><![CDATA[{}]]></description><content:encoded><![CDATA[{body}]]></content:encoded></item>",
            text(&mut seed, 8),
            i % 60,
            text(&mut seed, 40)
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn atom(items: usize) -> String {
    let mut seed = 11;
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom News</title>\
<link href=\"http://127.0.0.1/\"/><id>urn:x</id><updated>2026-11-01T00:00:00Z</updated>",
    );
    for i in 0..items {
        let body: String = (0..6)
            .map(|_| format!("&lt;p&gt;{}&lt;/p&gt;", text(&mut seed, 90)))
            .collect();
        s.push_str(&format!(
            "<entry><title>{}</title><link href=\"http://127.0.0.1/a/{i}.html\"/><id>http://127.0.0.1/a/{i}.html</id>\
<updated>2026-11-01T10:00:00Z</updated><author><name>Rédaction</name></author><content type=\"html\">{body}</content></entry>",
            text(&mut seed, 8)
        ));
    }
    s.push_str("</feed>");
    s
}

fn parsing(c: &mut Criterion) {
    let limits = ParseLimits::default();
    let mut group = c.benchmark_group("parse");
    let rss = rss(50);
    group.throughput(Throughput::Bytes(rss.len() as u64));
    group.bench_function("rss2_50_items_utf8", |b| {
        b.iter(|| {
            parse_bytes(
                black_box(rss.as_bytes()),
                None,
                Some("http://127.0.0.1/feed.xml"),
                &limits,
            )
        })
    });
    let atom = atom(50);
    group.throughput(Throughput::Bytes(atom.len() as u64));
    group.bench_function("atom_50_items_utf8", |b| {
        b.iter(|| {
            parse_bytes(
                black_box(atom.as_bytes()),
                None,
                Some("http://127.0.0.1/feed.xml"),
                &limits,
            )
        })
    });
    let relabelled = rss.replace("UTF-8", "ISO-8859-1");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&relabelled);
    group.throughput(Throughput::Bytes(latin1.len() as u64));
    group.bench_function("rss2_50_items_latin1", |b| {
        b.iter(|| {
            parse_bytes(
                black_box(&latin1),
                None,
                Some("http://127.0.0.1/feed.xml"),
                &limits,
            )
        })
    });
    group.finish();
}

fn discovery(c: &mut Criterion) {
    let mut seed = 3;
    let page = format!(
        "<!DOCTYPE html><html><head><title>Site</title><link rel=\"stylesheet\" href=\"/s.css\">\
<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed/\"></head><body>{}</body></html>",
        (0..400)
            .map(|_| format!("<p><a href=\"/x\">{}</a></p>", text(&mut seed, 30)))
            .collect::<String>()
    );
    c.bench_function("discover_feeds_in_a_100kb_page", |b| {
        b.iter(|| discover_feeds(black_box(page.as_bytes()), "https://example.org/"))
    });
}

criterion_group!(benches, parsing, discovery);
criterion_main!(benches);
