//! Pictures in the reader: the alt text holds the rows until the picture arrives, the picture
//! is drawn over them (half-blocks here), a bookmarked article's picture comes from the disk
//! with no network, and the key hides them.

use super::*;
use crate::images::{DiskCache, Limits};
use crate::library::images::load;
use crate::ui::app::pictures::Pictures;

const PHOTO: &str = "http://127.0.0.1:9/wp-content/uploads/photo.png";

/// A 120×68 picture: a sky over red earth.
fn photo_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(120, 68, |_, y| {
        if y < 34 {
            image::Rgb([70, 130, 200])
        } else {
            image::Rgb([170, 60, 30])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// One bookmarked article whose body has a captioned picture; the reader opened on it.
fn reader_on_a_picture(dir: &std::path::Path) -> (Harness, DiskCache) {
    reader_on(dir, true)
}

fn reader_on(dir: &std::path::Path, bookmarked: bool) -> (Harness, DiskCache) {
    let mut store = Store::open_in_memory().expect("store");
    let body = format!(
        r#"Les deux ministres se sont rencontrés.</p><figure><img src="{PHOTO}" alt="Deux ministres à Moscou"><figcaption>À Moscou, le 7 novembre.</figcaption></figure><p>La coopération militaire a été évoquée."#
    );
    add(
        &mut store,
        "https://africa24tv.com/feed/",
        "Africa24 TV",
        &[],
        vec![item("a1", "Le Burkina Faso et la Russie", &body, at(8, 12))],
    );
    let id = find_id(&mut store, "Le Burkina Faso");
    store.set_bookmarked(&[id], bookmarked).expect("bookmark");
    let cache = DiskCache::beside(&dir.join("griot.db"), 1 << 20);
    cache
        .put(id, PHOTO, &photo_png())
        .expect("keep the picture");
    let mut h = Harness::new(store, 80, 24);
    let mut pictures = Pictures::default();
    pictures.shown = true;
    pictures.cell = (10, 20);
    pictures.share = 50;
    h.state.pictures = pictures;
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    (h, cache)
}

/// Carries out the picture loads the reader asked for, from the disk only (no network).
fn answer_loads_offline(h: &mut Harness, cache: &DiskCache) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let loads: Vec<Command> = std::mem::take(&mut h.outside)
        .into_iter()
        .filter(|c| matches!(c, Command::LoadPicture { .. }))
        .collect();
    assert_eq!(loads.len(), 1, "one picture asked for");
    for c in loads {
        if let Command::LoadPicture {
            article, url, keep, ..
        } = c
        {
            let bookmarked = h
                .state
                .reader
                .as_ref()
                .is_some_and(|r| r.summary.bookmarked);
            assert_eq!(keep, bookmarked, "a bookmarked article's picture is kept");
            let result = runtime.block_on(load(
                None,
                Some(cache),
                Limits::default(),
                &url,
                Some(article),
            ));
            h.send(Msg::PictureLoaded { url, result });
        }
    }
}

/// Cells drawn as a picture: half-blocks paint both halves of a cell in the picture's own
/// colours (a cell of one colour is a blank with that background).
fn half_blocks(h: &Harness) -> usize {
    let (w, hh) = h.state.size;
    let term = h.screen(w, hh);
    let buf = term.backend().buffer();
    buf.content()
        .iter()
        .filter(|c| matches!(c.bg, ratatui::style::Color::Rgb(..)))
        .count()
}

#[test]
fn the_alt_text_holds_the_picture_s_rows_until_it_arrives() {
    let dir = tempfile::tempdir().expect("dir");
    let (h, _cache) = reader_on_a_picture(dir.path());
    assert!(
        h.text().contains("[image: Deux ministres à Moscou]"),
        "{}",
        h.text()
    );
    assert_eq!(half_blocks(&h), 0);
    snapshot("reader_picture_loading", &h);
}

#[test]
fn a_bookmarked_article_s_picture_shows_from_the_disk_without_network() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, cache) = reader_on_a_picture(dir.path());
    answer_loads_offline(&mut h, &cache);
    // 120×68 px at 10×20 px a cell: 12 columns by 4 rows, each cell one half-block.
    assert_eq!(half_blocks(&h), 12 * 4, "{}", h.text());
    assert!(
        !h.text().contains("[image: Deux"),
        "the picture covers its alt text"
    );
    assert!(
        h.text().contains("À Moscou, le 7 novembre."),
        "the caption stays"
    );
    snapshot("reader_picture", &h);
}

#[test]
fn the_key_hides_pictures_and_shows_them_again() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, cache) = reader_on_a_picture(dir.path());
    answer_loads_offline(&mut h, &cache);
    h.keys("i");
    assert_eq!(half_blocks(&h), 0);
    assert!(h.text().contains("[image: Deux ministres à Moscou]"));
    h.keys("i");
    assert_eq!(half_blocks(&h), 12 * 4);
}

#[test]
fn a_picture_that_cannot_be_had_leaves_one_line_of_alt_text() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, _) = reader_on_a_picture(dir.path());
    let empty = DiskCache::beside(&dir.path().join("other").join("griot.db"), 1 << 20);
    let rows_before = h
        .state
        .reader
        .as_ref()
        .and_then(|r| r.lines.clone())
        .map(|l| l.len());
    answer_loads_offline(&mut h, &empty);
    let rows_after = h
        .state
        .reader
        .as_ref()
        .and_then(|r| r.lines.clone())
        .map(|l| l.len());
    assert!(
        rows_after < rows_before,
        "the rows kept for it are given back"
    );
    assert!(h.text().contains("[image: Deux ministres à Moscou]"));
    assert_eq!(half_blocks(&h), 0);
}

#[test]
fn bookmarking_the_open_article_keeps_its_pictures() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut h, cache) = reader_on(dir.path(), false);
    answer_loads_offline(&mut h, &cache);
    assert!(h.outside.is_empty());
    h.keys("b");
    let keeps: Vec<&Command> = h
        .outside
        .iter()
        .filter(|c| matches!(c, Command::LoadPicture { keep: true, url, .. } if url == PHOTO))
        .collect();
    assert_eq!(keeps.len(), 1, "{:?}", h.outside);
    assert_eq!(
        half_blocks(&h),
        12 * 4,
        "the picture stays while it is kept"
    );
}
