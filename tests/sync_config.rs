//! The `[sync]` section of the config: `griot config --check` reports each mistake as one
//! line naming the file, the line and the key.

mod common;

use common::griot::Griot;

fn check(config: &str) -> (bool, String) {
    let g = Griot::with_config(config);
    let out = g.run(&["config", "--check"]);
    let text = String::from_utf8_lossy(if out.status.success() {
        &out.stdout
    } else {
        &out.stderr
    })
    .trim()
    .to_string();
    (out.status.success(), text)
}

#[test]
fn a_complete_sync_section_is_accepted() {
    let (ok, text) = check(
        "[sync]\nservice = \"greader\"\nurl = \"https://rss.example.org/api/greader.php\"\n\
         username = \"awa\"\npassword_env = \"GRIOT_SYNC_PASSWORD\"\n",
    );
    assert!(ok, "{text}");
    assert!(text.ends_with(": ok"), "{text}");
}

#[test]
fn each_mistake_in_the_sync_section_names_its_line_and_key() {
    let cases = [
        (
            "[sync]\nservice = \"miniflux\"\nurl = \"reader.example.org\"\npassword_env = \"P\"\n",
            ":3: `url`: `reader.example.org` is not an http(s) URL",
        ),
        (
            "[sync]\nservice = \"miniflux\"\nurl = \"https://r.example.org\"\n",
            ":2: `service`: [sync] needs password_command or password_env",
        ),
        (
            "[sync]\nservice = \"greader\"\nurl = \"https://r.example.org\"\npassword_env = \"P\"\n",
            ":1: `username`: the Google Reader API needs a username",
        ),
        (
            "[sync]\nservice = \"miniflux\"\nurl = \"https://r.example.org\"\n\
             password_env = \"P\"\npassword_command = \"pass show r\"\n",
            ":4: `password_env`: give password_command or password_env, not both",
        ),
        (
            "[sync]\nservice = \"miniflux\"\nurl = \"https://r.example.org\"\npasword_env = \"P\"\n",
            "unknown key `pasword_env`; did you mean `password_env`?",
        ),
    ];
    for (config, expected) in cases {
        let (ok, text) = check(config);
        assert!(!ok, "accepted: {config}");
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains(expected), "{text}\nexpected: {expected}");
    }
}
