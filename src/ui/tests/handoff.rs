//! Handing an article to the outside: its attached files listed under the header (and
//! marked once downloaded), the pipe and save keys, and the config's macros.

use super::*;
use crate::config::{macros, MacroConfig};
use crate::library::piping;
use crate::model::Enclosure;
use crate::ui::handoff::HandoffCommand;

/// A podcast feed with one episode carrying an audio file and a transcript.
fn podcast(store: &mut Store) -> ArticleId {
    let mut episode = item(
        "pod-1",
        "Épisode 12 : la saison des pluies",
        "Les notes de l’épisode.",
        at(8, 9),
    );
    episode.enclosures = vec![
        Enclosure {
            url: "https://example.org/pod/episode-12.mp3".into(),
            mime: Some("audio/mpeg".into()),
            length: Some(24_100_000),
            title: None,
        },
        Enclosure {
            url: "https://example.org/pod/transcript.pdf".into(),
            mime: Some("application/pdf".into()),
            length: Some(310_000),
            title: Some("Transcription".into()),
        },
    ];
    add(
        store,
        "https://example.org/pod.xml",
        "Podcast",
        &[],
        vec![episode],
    );
    find_id(store, "Épisode 12")
}

/// The reader open on the podcast's episode.
fn reading_the_episode() -> (Harness, ArticleId) {
    let mut store = fixture();
    let id = podcast(&mut store);
    let mut h = Harness::new(store, 80, 24);
    h.select_feed("Podcast");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(h.state.screen, Screen::Reader);
    (h, id)
}

#[test]
fn the_readers_header_lists_the_attached_files_with_type_and_size() {
    let (h, _) = reading_the_episode();
    snapshot("reader_files", &h);
}

#[test]
fn a_downloaded_file_is_marked_in_the_reader() {
    let (mut h, id) = reading_the_episode();
    assert!(!h.text().contains("✓"));
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("episode-12.mp3");
    std::fs::write(&path, b"mp3").expect("file");
    let store = h.worker.store();
    let dl = crate::library::downloads::queue_file(
        store,
        dir.path(),
        Some(id),
        &store.enclosures(id).expect("files")[0],
    )
    .expect("queued");
    let crate::store::Queued::Added(dl) = dl.0 else {
        panic!("a new download")
    };
    store.download_done(dl, &path, 3).expect("done");
    h.send(Msg::Handoff(crate::ui::handoff::HandoffMsg::Finished {
        name: "episode-12.mp3".into(),
        result: Ok(path),
    }));
    assert!(
        h.text()
            .contains("1. episode-12.mp3 — audio/mpeg, 24.1 MB ✓ downloaded"),
        "{}",
        h.text()
    );
}

#[test]
fn a_number_then_p_plays_that_file() {
    let (mut h, _) = reading_the_episode();
    h.keys("2p");
    assert_eq!(
        h.outside.last(),
        Some(&Command::Handoff(HandoffCommand::Play(
            "https://example.org/pod/transcript.pdf".into()
        )))
    );
}

#[test]
fn the_pipe_key_sends_the_articles_text_to_the_command() {
    let (mut h, _) = reading_the_episode();
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("piped.txt");
    h.state.handoff.pipe = piping::PipeCommand::parse(&format!("cat > '{}' &", out.display()));
    h.keys("|");
    let Some(Command::Handoff(HandoffCommand::Pipe { pipe, text, env })) = h.outside.last() else {
        panic!("a pipe command: {:?}", h.outside)
    };
    assert!(pipe.background);
    piping::run(pipe, text.as_bytes(), env).expect("the pipe runs");
    let written = std::fs::read_to_string(&out).expect("piped text");
    assert!(
        written.starts_with("Épisode 12 : la saison des pluies\n"),
        "{written}"
    );
    assert!(written.contains("Les notes de l’épisode."), "{written}");
}

#[test]
fn a_script_reads_the_article_and_its_variables() {
    let (mut h, id) = reading_the_episode();
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("script.txt");
    // No pipe configured: the prompt asks for the command.
    h.keys("|");
    assert!(h.text().contains("Pipe to"), "{}", h.text());
    h.type_text(&format!(
        "{{ echo \"$GRIOT_ARTICLE_ID\"; wc -l; }} > '{}'",
        out.display()
    ));
    h.key(KeyCode::Enter);
    let Some(Command::Handoff(HandoffCommand::Pipe { pipe, text, env })) = h.outside.last() else {
        panic!("a pipe command")
    };
    assert!(!pipe.background, "a plain command gets the terminal");
    piping::run(pipe, text.as_bytes(), env).expect("the script runs");
    let lines = text.lines().count();
    assert_eq!(
        std::fs::read_to_string(&out)
            .expect("output")
            .split_whitespace()
            .collect::<Vec<_>>(),
        vec![id.0.to_string(), lines.to_string()]
    );
}

#[test]
fn saving_as_markdown_writes_the_file_the_prompt_names() {
    let (mut h, _) = reading_the_episode();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("episode.md");
    h.keys("w");
    assert!(
        h.text().contains("~/épisode-12-la-saison-des-pluies.md"),
        "the prompt offers a name: {}",
        h.text()
    );
    h.ctrl('u');
    h.type_text(&path.display().to_string());
    h.key(KeyCode::Enter);
    let md = std::fs::read_to_string(&path).expect("saved");
    assert_eq!(
        md,
        "# Épisode 12 : la saison des pluies\n\n*Podcast · 8 November 2023*\n\n\
         <https://example.org/pod-1>\n\nLes notes de l’épisode.\n\n## Attached files\n\n\
         - [episode-12.mp3](https://example.org/pod/episode-12.mp3) — audio/mpeg, 24.1 MB\n\
         - [Transcription](https://example.org/pod/transcript.pdf) — application/pdf, 310.0 KB\n"
    );
    // Saving again under the same name never overwrites it.
    h.keys("w");
    h.ctrl('u');
    h.type_text(&path.display().to_string());
    h.key(KeyCode::Enter);
    assert!(h.text().contains("already exists"), "{}", h.text());
}

#[test]
fn a_macro_runs_its_actions_in_order() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.state.handoff.macros = macros::compile(&[MacroConfig {
        key: ",".into(),
        actions: vec!["bookmark".into(), "toggle-read".into(), "down".into()],
        description: Some("keep, read, next".into()),
    }])
    .expect("macro");
    h.key(KeyCode::Enter);
    let first = h.state.list.selected().map(|a| a.id).expect("an article");
    assert!(!is_read(&mut h, first));
    h.keys(",");
    let a = h
        .worker
        .store()
        .article(first)
        .expect("query")
        .expect("exists");
    assert!(a.bookmarked && a.read, "bookmarked then marked read");
    assert_ne!(
        h.state.list.selected().map(|a| a.id),
        Some(first),
        "then moved down"
    );
    let help = crate::ui::app::help::help_lines(
        &h.state.keymap,
        crate::config::Mode::Articles,
        &h.state.handoff.macros,
    );
    assert!(help.contains(&crate::ui::app::help::HelpLine::Macro(
        ",".into(),
        "keep, read, next".into()
    )));
}
