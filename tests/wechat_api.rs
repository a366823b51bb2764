//! The official account API client (what `wechat sync` talks through) against a fake WeChat
//! server on 127.0.0.1: the token is cached between runs, refreshed when stale, "system busy"
//! is retried a bounded number of times, 40164 and a wrong secret are explained in Chinese
//! without the secret, and JSON goes out as raw UTF-8.

#[path = "wechat/fake.rs"]
mod fake;

use std::time::Duration;

use fake::{Fake, APP_ID, SECRET};
use serde_json::json;
use yiyong::wechat::api::{Account, ApiError, Client};

fn client(fake: &Fake, cache: &std::path::Path) -> Client {
    let mut c = Client::new(Account {
        name: "示例市见义勇为协会".into(),
        app_id: APP_ID.into(),
        secret: SECRET.into(),
        secret_env: "YIYONG_WECHAT_SECRET".into(),
        api_base: fake.base.clone(),
        cache_dir: cache.to_path_buf(),
    });
    c.backoff = Duration::from_millis(5);
    c
}

#[test]
fn token_is_cached_between_runs_and_private() {
    let fake = Fake::start();
    let cache = tempfile::tempdir().unwrap();
    let first = client(&fake, cache.path()).token(false).unwrap();
    // A second run (a new client) uses the cached token: one token call in all.
    let second = client(&fake, cache.path()).token(false).unwrap();
    assert_eq!(first, second);
    assert_eq!(fake.calls("/cgi-bin/stable_token"), 1);
    let file = std::fs::read_dir(cache.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(!std::fs::read_to_string(&file).unwrap().contains(SECRET));
}

#[test]
fn token_near_its_expiry_is_fetched_again() {
    let fake = Fake::start();
    fake.state.lock().unwrap().expires_in = 500; // inside the 10-minute margin
    let cache = tempfile::tempdir().unwrap();
    client(&fake, cache.path()).token(false).unwrap();
    client(&fake, cache.path()).token(false).unwrap();
    assert_eq!(fake.calls("/cgi-bin/stable_token"), 2);
}

#[test]
fn stale_token_on_a_call_is_refreshed_once() {
    let fake = Fake::start();
    let cache = tempfile::tempdir().unwrap();
    let c = client(&fake, cache.path());
    c.token(false).unwrap();
    fake.expire_tokens();
    let v = c.post(
        "/cgi-bin/draft/batchget",
        &json!({"offset": 0, "count": 20, "no_content": 1}),
    );
    assert_eq!(v.unwrap()["total_count"], 0);
    assert_eq!(
        fake.calls("/cgi-bin/draft/batchget"),
        2,
        "the call is retried once"
    );
    let log = fake.state.lock().unwrap().log.clone();
    let forced = log
        .iter()
        .filter(|(p, b)| p == "/cgi-bin/stable_token" && b.contains("\"force_refresh\":true"));
    assert_eq!(forced.count(), 1);
}

#[test]
fn ip_whitelist_refusal_is_explained_and_not_retried() {
    let fake = Fake::start();
    fake.state.lock().unwrap().block_ip = Some("203.0.113.7".into());
    let cache = tempfile::tempdir().unwrap();
    let c = client(&fake, cache.path());
    let e = c.token(false).unwrap_err();
    assert!(matches!(e, ApiError::Wechat { code: 40164, .. }));
    let m = e.explain(c.account());
    for want in [
        "203.0.113.7",
        "IP 白名单",
        "示例市见义勇为协会",
        "api_base",
        "rid: 64b279b3-2eddb111-78605a3e",
    ] {
        assert!(m.contains(want), "{want} missing in {m}");
    }
    assert!(!m.contains(SECRET));
    assert_eq!(fake.calls("/cgi-bin/stable_token"), 1);
    assert_eq!(
        std::fs::read_dir(cache.path())
            .map(|d| d.count())
            .unwrap_or(0),
        0
    );
}

#[test]
fn busy_is_retried_with_backoff_a_bounded_number_of_times() {
    let fake = Fake::start();
    let cache = tempfile::tempdir().unwrap();
    fake.fail_next("/cgi-bin/stable_token", -1, "system error");
    fake.fail_next("/cgi-bin/stable_token", -1, "system error");
    client(&fake, cache.path()).token(false).unwrap();
    assert_eq!(fake.calls("/cgi-bin/stable_token"), 3);
    let other = tempfile::tempdir().unwrap();
    for _ in 0..6 {
        fake.fail_next("/cgi-bin/stable_token", -1, "system error");
    }
    let e = client(&fake, other.path()).token(false).unwrap_err();
    assert!(e
        .explain(client(&fake, other.path()).account())
        .contains("系统繁忙"));
    assert_eq!(
        fake.calls("/cgi-bin/stable_token"),
        3 + 4,
        "one try and three retries"
    );
}

#[test]
fn per_minute_quota_waits_once_then_explains() {
    let fake = Fake::start();
    let cache = tempfile::tempdir().unwrap();
    let mut c = client(&fake, cache.path());
    c.minute = Duration::from_millis(5);
    c.token(false).unwrap();
    let batchget = json!({"offset": 0, "count": 1, "no_content": 1});
    fake.fail_next(
        "/cgi-bin/draft/batchget",
        45011,
        "api minute-quota reach limit",
    );
    c.post("/cgi-bin/draft/batchget", &batchget).unwrap();
    assert_eq!(fake.calls("/cgi-bin/draft/batchget"), 2);
    for _ in 0..2 {
        fake.fail_next(
            "/cgi-bin/draft/batchget",
            45011,
            "api minute-quota reach limit",
        );
    }
    let e = c.post("/cgi-bin/draft/batchget", &batchget).unwrap_err();
    assert!(e.explain(c.account()).contains("每分钟"), "{e:?}");
    assert_eq!(
        fake.calls("/cgi-bin/draft/batchget"),
        4,
        "one wait and one retry only"
    );
}

#[test]
fn wrong_secret_names_the_variable_not_the_secret() {
    let fake = Fake::start();
    let cache = tempfile::tempdir().unwrap();
    let c = client(&fake, cache.path());
    let wrong = Client::new(Account {
        secret: "wrong-secret".into(),
        ..clone_account(c.account())
    });
    let e = wrong.token(false).unwrap_err();
    let m = e.explain(wrong.account());
    assert!(
        m.contains("YIYONG_WECHAT_SECRET") && m.contains("40125"),
        "{m}"
    );
    assert!(!m.contains("wrong-secret"));
}

#[test]
fn json_goes_out_as_raw_utf8() {
    let fake = Fake::start();
    let cache = tempfile::tempdir().unwrap();
    let c = client(&fake, cache.path());
    c.post(
        "/cgi-bin/draft/batchget",
        &json!({"offset": 0, "count": 1, "note": "见义勇为"}),
    )
    .unwrap();
    let log = fake.state.lock().unwrap().log.clone();
    assert!(log.iter().any(|(_, b)| b.contains("见义勇为")));
}

fn clone_account(a: &Account) -> Account {
    Account {
        name: a.name.clone(),
        app_id: a.app_id.clone(),
        secret: a.secret.clone(),
        secret_env: a.secret_env.clone(),
        api_base: a.api_base.clone(),
        cache_dir: a.cache_dir.clone(),
    }
}
