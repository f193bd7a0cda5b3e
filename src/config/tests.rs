//! Config parsing, defaults and error messages.

use std::path::Path;

use super::*;

#[test]
fn the_annotated_default_file_is_the_default_config() {
    let parsed = Config::parse(DEFAULT_TOML, Path::new("config.toml")).unwrap();
    assert_eq!(parsed, Config::default());
}

#[test]
fn a_missing_file_gives_defaults() {
    let c = Config::load(Path::new("/nonexistent/griot/config.toml")).unwrap();
    assert_eq!(c, Config::default());
}

#[test]
fn a_typo_names_file_line_key_and_suggests() {
    let text = "language = \"fr\"\nrefresh_intreval = 10\n";
    let err = Config::parse(text, Path::new("/home/u/griot.toml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "/home/u/griot.toml:2: unknown key `refresh_intreval`; did you mean `refresh_interval`?"
    );
}

#[test]
fn a_typo_in_a_table_is_found_too() {
    let text = "[fetch]\nconcurency = 4\n";
    let err = Config::parse(text, Path::new("c.toml")).unwrap_err();
    assert!(
        err.to_string()
            .contains("c.toml:2: unknown key `concurency`; did you mean `concurrency`?"),
        "{err}"
    );
}

#[test]
fn a_wrong_type_names_the_key_and_line() {
    let text = "\n\n[reader]\nwidth = \"wide\"\n";
    let err = Config::parse(text, Path::new("c.toml")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("c.toml:4: `width`"), "{msg}");
}

#[test]
fn unknown_actions_and_key_names_are_errors_naming_them() {
    let err = Config::parse("[keys]\nbookmrk = [\"b\"]\n", Path::new("c.toml")).unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown action `bookmrk`; did you mean `bookmark`?"),
        "{err}"
    );
    let err = Config::parse(
        "[keys]\nbookmark = [\"Ctrl-Banana\"]\n",
        Path::new("c.toml"),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("unknown key name `Ctrl-Banana`"),
        "{err}"
    );
    assert_eq!(err.line(), Some(2));
}

#[test]
fn rebinding_a_key_moves_it() {
    let c = Config::parse(
        "[keys]\nbookmark = [\"s\", \"Ctrl-d\"]\nquit = [\"x\"]\n",
        Path::new("c"),
    )
    .unwrap();
    let map = c.key_map().unwrap();
    assert_eq!(
        map.action(Mode::Articles, &KeySpec::parse("s").unwrap()),
        Some(KeyAction::Bookmark)
    );
    assert_eq!(
        map.action(Mode::Articles, &KeySpec::parse("b").unwrap()),
        None
    );
    assert_eq!(
        map.action(Mode::Articles, &KeySpec::parse("Ctrl-d").unwrap()),
        Some(KeyAction::Bookmark)
    );
    assert_eq!(
        map.action(Mode::Articles, &KeySpec::parse("q").unwrap()),
        None
    );
    assert_eq!(
        map.action(Mode::Articles, &KeySpec::parse("j").unwrap()),
        Some(KeyAction::Down)
    );
}

#[test]
fn bad_colours_and_per_feed_settings() {
    let err =
        Config::parse("[theme.colors]\naccent = \"chartreuse\"\n", Path::new("c")).unwrap_err();
    assert!(err.to_string().contains("`accent`"), "{err}");
    let c = Config::parse(
        "[fetch]\nfull_text = false\n[[feed]]\nurl = \"http://a/\"\nfull_text = true\n",
        Path::new("c"),
    )
    .unwrap();
    assert!(c.full_text_for("http://a/"));
    assert!(!c.full_text_for("http://b/"));
}

#[test]
fn a_wrong_type_is_said_in_the_users_terms() {
    let e = Config::parse("refresh_interval = \"often\"\n", Path::new("c.toml")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "c.toml:1: `refresh_interval`: expected a whole number of minutes, found the text \"often\""
    );
    let e = Config::parse("[fetch]\ntimeout = true\n", Path::new("c.toml")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "c.toml:2: `timeout`: expected a whole number of seconds, found true"
    );
}

#[test]
fn a_screen_table_rebinds_keys_on_that_screen_only() {
    let c = Config::parse(
        "[keys]\nquit = [\"x\"]\n[keys.reader]\nnext_unread = [\"Space\"]\n",
        Path::new("c"),
    )
    .unwrap();
    let map = c.key_map().unwrap();
    let space = KeySpec::parse("Space").unwrap();
    assert_eq!(
        map.action(Mode::Reader, &space),
        Some(KeyAction::NextUnread)
    );
    assert_eq!(
        map.action(Mode::Articles, &space),
        Some(KeyAction::PageDown)
    );
    assert_eq!(
        map.action(Mode::Reader, &KeySpec::parse("n").unwrap()),
        None
    );
    assert_eq!(
        map.action(Mode::Help, &KeySpec::parse("x").unwrap()),
        Some(KeyAction::Quit)
    );
}

#[test]
fn unknown_screens_and_actions_in_key_tables_are_named() {
    let err = Config::parse("[keys.redaer]\nup = [\"k\"]\n", Path::new("c")).unwrap_err();
    assert!(err.to_string().contains("did you mean `reader`?"), "{err}");
    let err = Config::parse("[keys.feeds]\nconfirm = [\"k\"]\n", Path::new("c")).unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown action `confirm` in [keys.feeds]"),
        "{err}"
    );
}

#[test]
fn an_unknown_action_in_a_macro_names_its_line() {
    let text = "[[macro]]\nkey = \",\"\nactions = [\"toggle-read\", \"next-unread\"]\n\n\
                [[macro]]\nkey = \"X\"\nactions = [\n  \"bookmark\",\n  \"nxt-unread\",\n]\n";
    let err = Config::parse(text, Path::new("c.toml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.toml:9: `actions`: unknown action `nxt-unread` in a [[macro]]; did you mean `next_unread`?"
    );
}

#[test]
fn the_pictures_mode_is_one_of_three_and_its_height_a_percentage() {
    let c = Config::parse("[reader]\nimages = \"halfblocks\"\n", Path::new("c")).unwrap();
    assert_eq!(c.reader.images, ImagesMode::Halfblocks);
    let err = Config::parse("\n[reader]\nimages = \"sixel\"\n", Path::new("c.toml")).unwrap_err();
    assert!(err.to_string().starts_with("c.toml:3: `images`"), "{err}");
    let err = Config::parse("[reader]\nimage_height = 5\n", Path::new("c.toml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.toml:2: `image_height`: must be a percentage from 10 to 100"
    );
}

#[test]
fn the_pictures_key_is_i_in_the_reader_and_rebindable() {
    let map = Config::default().key_map().unwrap();
    let i = KeySpec::parse("i").unwrap();
    assert_eq!(
        map.action(Mode::Reader, &i),
        Some(KeyAction::TogglePictures)
    );
    let c = Config::parse("[keys]\ntoggle_pictures = [\"P\"]\n", Path::new("c")).unwrap();
    let p = KeySpec::parse("P").unwrap();
    assert_eq!(
        c.key_map().unwrap().action(Mode::Reader, &p),
        Some(KeyAction::TogglePictures)
    );
}
