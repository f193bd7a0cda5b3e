//! Two-way sync through the Google Reader API, against the Google Reader API of a real
//! Miniflux server started on 127.0.0.1 by the tests (see `common::miniflux`).

mod common;

use common::sync_cases::{self, Protocol};

#[test]
fn first_sync_brings_subscriptions_tags_entries_and_their_state() {
    sync_cases::first_sync(Protocol::GReader);
}

#[test]
fn read_unread_and_star_go_both_ways() {
    sync_cases::state_both_ways(Protocol::GReader);
}

#[test]
fn add_and_remove_subscribe_and_unsubscribe_on_the_server() {
    sync_cases::subscribe_and_unsubscribe(Protocol::GReader);
}

#[test]
fn changes_made_offline_reach_the_server_when_it_is_back() {
    sync_cases::offline_queue(Protocol::GReader);
}

#[test]
fn a_wrong_password_or_url_is_one_line_naming_the_server_and_the_cause() {
    sync_cases::wrong_password_and_url(Protocol::GReader);
}

#[test]
fn a_crash_in_the_middle_of_a_sync_loses_nothing() {
    sync_cases::crash_mid_sync_loses_nothing(Protocol::GReader);
}

#[test]
fn the_server_going_away_mid_sync_keeps_what_was_stored() {
    sync_cases::server_gone_mid_sync(Protocol::GReader);
}

#[test]
fn push_subscriptions_moves_an_existing_griot_to_the_account() {
    sync_cases::push_subscriptions_and_status(Protocol::GReader);
}
