//! Two-way sync with a real Miniflux server (REST API), started on 127.0.0.1 by the tests.

mod common;

use common::miniflux::Miniflux;

#[test]
fn the_test_server_starts_and_gives_each_test_an_account() {
    let mf = Miniflux::shared();
    let a = mf.new_user();
    let b = mf.new_user();
    assert_ne!(a.id, b.id);
    assert_eq!(a.expect("GET", "/v1/me", None, 200)["username"], a.name);
}
