//! The article list: paging, read marks and their undo, hiding read articles, keeping the
//! selection, bookmarks that fetch their full text.

use super::*;

#[test]
fn long_lists_are_paged_from_the_store_not_loaded_whole() {
    let mut store = Store::open_in_memory().expect("store");
    let items = (0..1000)
        .map(|i| {
            item(
                &format!("n{i}"),
                &format!("Article {i:04}"),
                "x",
                at(1, 0) + chrono::Duration::minutes(i),
            )
        })
        .collect();
    add(
        &mut store,
        "https://example.org/many.xml",
        "Many",
        &[],
        items,
    );
    let mut h = Harness::new(store, 80, 24);
    h.key(KeyCode::Enter);
    assert_eq!(h.state.list.total, 1000);
    assert!(h.state.list.rows.len() <= crate::ui::app::WINDOW as usize);
    h.keys("G");
    assert_eq!(h.selected_title(), "Article 0000");
    assert!(h.state.list.rows.len() <= crate::ui::app::WINDOW as usize);
    for _ in 0..30 {
        h.key(KeyCode::PageUp);
    }
    let expected = format!("Article {:04}", 30 * 22);
    assert_eq!(h.selected_title(), expected);
}

#[test]
fn opening_marks_read_and_u_undoes_it() {
    let mut store = fixture();
    let id = find_id(&mut store, "Sénégal");
    let mut h = Harness::new(store, 80, 24);
    h.key(KeyCode::Enter);
    h.keys("jj");
    assert_eq!(h.state.list.selected().map(|a| a.id), Some(id));
    h.key(KeyCode::Enter);
    assert!(is_read(&mut h, id));
    h.key(KeyCode::Esc);
    assert!(h.state.list.selected().is_some_and(|a| a.read));
    h.keys("u");
    assert!(!is_read(&mut h, id));
    assert!(h.state.list.selected().is_some_and(|a| !a.read));
    // m toggles, u takes it back.
    h.keys("m");
    assert!(is_read(&mut h, id));
    h.keys("u");
    assert!(!is_read(&mut h, id));
}

#[test]
fn hiding_read_articles_keeps_the_selection_where_it_can() {
    let mut store = fixture();
    let read = find_id(&mut store, "Mali");
    store.set_read(&[read], true).expect("mark");
    let mut h = Harness::new(store, 80, 24);
    h.key(KeyCode::Enter);
    h.keys("jjj"); // Mali (read)
    assert_eq!(h.state.list.selected().map(|a| a.id), Some(read));
    h.keys("k"); // Sénégal (unread)
    let keep = h.state.list.selected().map(|a| a.id);
    h.keys("H");
    assert!(h.state.hide_read);
    assert_eq!(h.state.list.total, 5);
    assert_eq!(h.state.list.selected().map(|a| a.id), keep);
    assert!(!h.text().contains("Mali"));
    h.keys("H");
    assert_eq!(h.state.list.total, 6);
    assert_eq!(h.state.list.selected().map(|a| a.id), keep);
}

#[test]
fn new_articles_from_another_process_keep_the_selection() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.key(KeyCode::Enter);
    h.keys("jj");
    let keep = h.state.list.selected().map(|a| a.id);
    let feed = h
        .worker
        .store()
        .find_feed("https://www.rfi.fr/fr/afrique/rss")
        .expect("q")
        .expect("feed")
        .id;
    h.worker
        .store()
        .record_fetch_success(
            feed,
            &FeedUpdate {
                parsed: ParsedFeed {
                    items: vec![item("rfi-new", "Dernière minute", "x", at(9, 12))],
                    ..Default::default()
                },
                etag: None,
                last_modified: None,
                new_url: None,
                next_fetch: at(30, 12),
            },
        )
        .expect("store");
    h.send(Msg::StoreChanged);
    assert_eq!(h.state.list.total, 7);
    assert_eq!(h.state.list.selected().map(|a| a.id), keep);
    assert_eq!(h.state.list.cursor.selected, 3);
}

#[test]
fn bookmarking_a_summary_only_article_fetches_its_full_text() {
    let mut store = Store::open_in_memory().expect("store");
    let mut short = item("s1", "Résumé seulement", "", at(3, 12));
    short.content_html = None;
    short.summary_html = Some("<p>Le ministre a reçu son homologue […]</p>".into());
    let full = item(
        "s2",
        "Article complet",
        &"Texte entier. ".repeat(200),
        at(2, 12),
    );
    add(
        &mut store,
        "https://example.org/s.xml",
        "S",
        &[],
        vec![short, full],
    );
    let mut h = Harness::new(store, 80, 24);
    h.state.settings.network = true;
    h.key(KeyCode::Enter);
    h.keys("jb");
    assert!(
        h.outside.is_empty(),
        "a feed with the whole text needs no fetch: {:?}",
        h.outside
    );
    h.keys("kb");
    assert_eq!(
        h.outside,
        vec![Command::FullText {
            id: h.state.list.selected().map(|a| a.id).expect("selection"),
            url: "https://example.org/s1".into()
        }]
    );
}

#[test]
fn articles_arriving_above_leave_the_selected_row_where_it_is_on_screen() {
    let mut store = Store::open_in_memory().expect("store");
    let items = (0..50)
        .map(|i| {
            item(
                &format!("n{i}"),
                &format!("Article {i:02}"),
                "x",
                at(1, 0) + chrono::Duration::minutes(i),
            )
        })
        .collect();
    let feed = add(
        &mut store,
        "https://example.org/many.xml",
        "Many",
        &[],
        items,
    );
    let mut h = Harness::new(store, 80, 24);
    h.key(KeyCode::Enter);
    h.keys("jjjjjjjjjj");
    let title = h.selected_title();
    let row = |h: &Harness| h.text().lines().position(|l| l.contains(&title));
    let before = row(&h);
    assert!(before.is_some());
    let fresh = (0..3)
        .map(|i| item(&format!("new{i}"), &format!("Nouveau {i}"), "x", at(9, i)))
        .collect();
    h.worker
        .store()
        .record_fetch_success(
            feed,
            &FeedUpdate {
                parsed: ParsedFeed {
                    items: fresh,
                    ..Default::default()
                },
                etag: None,
                last_modified: None,
                new_url: None,
                next_fetch: at(30, 12),
            },
        )
        .expect("store");
    h.send(Msg::StoreChanged);
    assert_eq!(h.selected_title(), title);
    assert_eq!(h.state.list.cursor.selected, 13);
    assert_eq!(row(&h), before, "the selected row did not move on screen");
}

#[test]
fn a_title_cut_to_fit_never_splits_a_flag() {
    let is_lone_indicator = |s: &str| {
        let mut chars = s.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if ('\u{1F1E6}'..='\u{1F1FF}').contains(&c))
    };
    for prefix in ["", "x"] {
        let mut store = Store::open_in_memory().expect("store");
        let title = format!("{prefix}{}", "🇸🇳".repeat(40));
        add(
            &mut store,
            "https://example.org/flags.xml",
            "Flags",
            &[],
            vec![item("f1", &title, "x", at(3, 12))],
        );
        let mut h = Harness::new(store, 80, 24);
        h.key(KeyCode::Enter);
        let term = h.screen(80, 24);
        let lone = term
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| is_lone_indicator(c.symbol()))
            .count();
        assert_eq!(lone, 0, "half a flag drawn with prefix {prefix:?}");
    }
}

#[test]
fn dates_within_the_week_are_said_relatively_in_the_list() {
    let mut h = Harness::new(fixture(), 100, 24);
    h.key(KeyCode::Enter);
    // RFI's newest item is from 7 November 2023 at noon; the seed's from the 8th.
    h.state.now = Some(at(7, 15));
    h.draw();
    let text = h.text();
    let rfi = text
        .lines()
        .find(|l| l.contains("Sénégal : la saison des pluies"))
        .expect("the RFI row");
    assert!(rfi.contains("3 hours ago"), "{rfi}");
    let older = text
        .lines()
        .find(|l| l.contains("Côte d’Ivoire : le cacao"))
        .expect("an older row");
    assert!(older.contains("2 days ago"), "{older}");
    h.state.now = Some(at(30, 12));
    h.draw();
    assert!(h.text().contains("2023-11-07"), "beyond a week, the day");
}

#[test]
fn a_highlight_rule_colours_its_rows_in_the_list() {
    let mut store = fixture();
    let rules = crate::filter::RuleSet {
        rules: vec![crate::filter::Rule {
            text: "title ~ \"Sénégal\"".into(),
            expr: crate::filter::parse("title ~ \"Sénégal\"").expect("rule"),
            action: crate::filter::Action::Highlight("red".into()),
        }],
    };
    store.apply_rules(&rules, Utc::now(), false).expect("apply");
    let mut h = Harness::new(store, 80, 24);
    h.key(KeyCode::Enter);
    let term = h.screen(80, 24);
    let buf = term.backend().buffer();
    let row_of = |needle: &str| {
        (0..24)
            .find(|&y| {
                let line: String = (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect();
                line.contains(needle)
            })
            .unwrap_or_else(|| panic!("{needle} is drawn"))
    };
    let highlighted = row_of("Sénégal");
    assert_eq!(buf[(5, highlighted)].fg, ratatui::style::Color::Red);
    let others: Vec<u16> = (0..24)
        .filter(|&y| y != highlighted && buf[(5, y)].fg == ratatui::style::Color::Red)
        .collect();
    assert!(
        others.is_empty(),
        "only the matching row is red: {others:?}"
    );
}
