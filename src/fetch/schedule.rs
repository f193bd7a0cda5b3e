//! When to fetch a feed next.
//!
//! After a success: the configured interval, or the feed's own minimum interval (`<ttl>`,
//! `sy:updatePeriod`) when that is longer. After an error: exponential backoff on the
//! count of consecutive errors (5 minutes doubling up to a day) with ±20 % jitter so a
//! host that failed for many feeds is not hit by all of them at the same instant — unless
//! the server said when to come back (`Retry-After`), which is honoured.
//! A manual refresh ignores all of this; only scheduled refreshes look at `next_fetch`.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// First backoff step after one error.
pub const BACKOFF_BASE: Duration = Duration::from_secs(5 * 60);
/// Longest backoff.
pub const BACKOFF_MAX: Duration = Duration::from_secs(24 * 3600);

/// Next fetch after a successful (or not-modified) fetch.
pub fn after_success(
    now: DateTime<Utc>,
    interval: Duration,
    feed_min_interval_secs: Option<i64>,
) -> DateTime<Utc> {
    let configured = i64::try_from(interval.as_secs()).unwrap_or(i64::MAX);
    let secs = configured
        .max(feed_min_interval_secs.unwrap_or(0))
        .clamp(0, 365 * 86_400);
    now + chrono::Duration::seconds(secs)
}

/// Next fetch after the `error_count`-th consecutive error (1 for the first). A server's
/// `Retry-After` replaces the backoff (the server knows best), but never in the past.
pub fn after_error(
    now: DateTime<Utc>,
    error_count: u32,
    retry_at: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    if let Some(at) = retry_at {
        return at.max(now);
    }
    now + chrono::Duration::milliseconds(backoff_millis(error_count, fastrand::f64()))
}

/// The backoff in milliseconds for `error_count`, with `unit` in [0, 1) picking the
/// jitter in ±20 %.
fn backoff_millis(error_count: u32, unit: f64) -> i64 {
    let base = BACKOFF_BASE.as_millis() as f64;
    let max = BACKOFF_MAX.as_millis() as f64;
    let exponent = error_count.saturating_sub(1).min(20);
    let raw = (base * f64::from(1u32 << exponent)).min(max);
    let jitter = 0.8 + 0.4 * unit.clamp(0.0, 1.0);
    (raw * jitter) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap()
    }

    #[test]
    fn success_uses_the_longer_of_configured_and_feed_interval() {
        let hour = Duration::from_secs(3600);
        assert_eq!(
            after_success(now(), hour, None),
            now() + chrono::Duration::hours(1)
        );
        assert_eq!(
            after_success(now(), hour, Some(7200)),
            now() + chrono::Duration::hours(2)
        );
        assert_eq!(
            after_success(now(), hour, Some(60)),
            now() + chrono::Duration::hours(1)
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_and_stops_at_a_day() {
        assert_eq!(backoff_millis(1, 0.5), 300_000);
        assert_eq!(backoff_millis(2, 0.5), 600_000);
        assert_eq!(backoff_millis(3, 0.0), (1_200_000.0 * 0.8) as i64);
        assert_eq!(backoff_millis(3, 1.0), (1_200_000.0 * 1.2) as i64);
        assert_eq!(backoff_millis(40, 0.5), 86_400_000);
        for n in 1..12 {
            let at = after_error(now(), n, None);
            assert!(at > now() && at <= now() + chrono::Duration::hours(29));
        }
    }

    #[test]
    fn retry_after_wins_but_never_in_the_past() {
        let later = now() + chrono::Duration::minutes(90);
        assert_eq!(after_error(now(), 1, Some(later)), later);
        let past = now() - chrono::Duration::minutes(5);
        assert_eq!(after_error(now(), 1, Some(past)), now());
    }
}
