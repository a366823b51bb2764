//! `yiyong wechat sync`: the real binary on a fixture site (`wechat/sync_site.rs`) against a
//! fake WeChat API on 127.0.0.1 (`wechat/fake.rs`), one test per scenario of spec §6.3: a
//! first sync, a re-run with zero requests, an edited article updated, token expiry, busy
//! retries, 40164, 45009 then resume, a draft deleted in WeChat, a dropped connection and a
//! killed run after `draft/add`, a large WebP with GPS, a dry run, a lost state file, a
//! too-long title and private data refused, publishing.

mod common;
#[path = "wechat/fake.rs"]
mod fake;
#[path = "wechat/sync_site.rs"]
mod sync_site;

use common::*;
use fake::SECRET;
use sync_site::*;

#[test]
fn first_sync_adds_each_article_and_uploads_each_picture_once() {
    let s = site();
    let out = ok(&s.sync(&[]));
    assert_eq!(s.fake.calls("/cgi-bin/draft/add"), 3);
    // a.jpg (shared by two articles) and b.png once each; covers a.jpg and logo.png once each.
    assert_eq!(s.fake.calls("/cgi-bin/media/uploadimg"), 2);
    assert_eq!(s.fake.calls("/cgi-bin/material/add_material"), 2);
    assert_eq!(
        s.fake.calls("/cgi-bin/token"),
        0,
        "never the legacy token call"
    );
    assert_one_draft_each(&s.fake, 3);
    let st = s.fake.state.lock().unwrap();
    assert!(
        st.warnings.is_empty(),
        "a picture WeChat did not issue was sent: {:?}",
        st.warnings
    );
    for d in &st.drafts {
        let content = d.article["content"].as_str().unwrap();
        assert!(!content.contains("example.org/img"), "{content}");
    }
    let a = st
        .drafts
        .iter()
        .find(|d| d.article["title"] == "表彰大会召开")
        .unwrap();
    assert!(a.article["content"]
        .as_str()
        .unwrap()
        .contains("src=\"https://mmbiz.qpic.cn/"));
    drop(st);
    for want in [
        "[1/3]",
        "[3/3]",
        "已新建草稿",
        "新建 3 篇",
        "draft/add 3/1000",
    ] {
        assert!(out.contains(want), "{want} missing in:\n{out}");
    }
    let state = std::fs::read_to_string(s.state_file()).unwrap();
    assert!(
        !state.contains(SECRET) && !state.contains("TOKEN"),
        "{state}"
    );
    assert!(
        !s.f.root().join("public").exists(),
        "sync writes nothing into public/"
    );
}

#[test]
fn unchanged_rerun_makes_no_request_at_all() {
    let s = site();
    ok(&s.sync(&[]));
    let before = s.fake.requests();
    let out = ok(&s.sync(&[]));
    assert_eq!(s.fake.requests(), before, "an unchanged feed costs nothing");
    assert!(
        out.contains("未变 3 篇") && out.contains("本次调用微信接口 0 次"),
        "{out}"
    );
}

#[test]
fn one_edited_article_is_one_update_with_cached_pictures() {
    let s = site();
    ok(&s.sync(&[]));
    let writes = s.fake.writes();
    s.f.file(
        "content/news/b.md",
        &news(
            "志愿者走访",
            "志愿者再次走访了英雄家庭。\n\n![走访](/img/a.jpg)",
        ),
    );
    let out = ok(&s.sync(&[]));
    assert_eq!(s.fake.writes(), writes + 1, "{out}");
    assert_eq!(s.fake.calls("/cgi-bin/draft/update"), 1);
    assert_eq!(
        s.fake.calls("/cgi-bin/stable_token"),
        1,
        "the token was cached between runs"
    );
    let b = s
        .fake
        .drafts()
        .into_iter()
        .find(|d| d.article["title"] == "志愿者走访")
        .unwrap();
    assert!(b.article["content"].as_str().unwrap().contains("再次走访"));
    assert!(
        out.contains("更新 1 篇") && out.contains("未变 2 篇"),
        "{out}"
    );
}

#[test]
fn expired_token_mid_batch_is_refreshed_once() {
    let s = site();
    s.fake
        .fail_next("/cgi-bin/draft/add", 42001, "access_token expired");
    ok(&s.sync(&[]));
    assert_eq!(
        s.fake.calls("/cgi-bin/stable_token"),
        2,
        "one forced refresh"
    );
    assert_eq!(
        s.fake.calls("/cgi-bin/draft/add"),
        4,
        "the refused call is made again once"
    );
    assert_one_draft_each(&s.fake, 3);
}

#[test]
fn busy_upload_is_retried_without_duplicate_pictures() {
    let s = site();
    s.fake
        .fail_next("/cgi-bin/media/uploadimg", -1, "system error");
    s.fake
        .fail_next("/cgi-bin/media/uploadimg", -1, "system error");
    ok(&s.sync(&[]));
    assert_eq!(s.fake.calls("/cgi-bin/media/uploadimg"), 4);
    assert_eq!(s.fake.state.lock().unwrap().images.len(), 2);
    assert_eq!(s.state()["images"].as_object().unwrap().len(), 2);
    assert_one_draft_each(&s.fake, 3);
}

#[test]
fn ip_whitelist_refusal_stops_at_once_and_explains() {
    let s = site();
    s.fake.state.lock().unwrap().block_ip = Some("203.0.113.7".into());
    let (_, e) = err(&s.sync(&[]));
    for want in [
        "203.0.113.7",
        "IP 白名单",
        "示例市见义勇为协会",
        "api_base",
        "从中断处继续",
    ] {
        assert!(e.contains(want), "{want} missing in:\n{e}");
    }
    assert!(!e.contains(SECRET));
    assert_eq!(s.fake.requests(), 1, "no retry");
    assert!(s.fake.drafts().is_empty());
}

#[test]
fn daily_quota_stops_cleanly_and_the_next_run_resumes() {
    let s = site();
    s.fake.set_quota("/cgi-bin/draft/add", 1);
    let (out, e) = err(&s.sync(&[]));
    assert!(e.contains("45009") && e.contains("明天"), "{e}");
    assert!(out.contains("新建 1 篇"), "{out}");
    assert_eq!(s.state()["drafts"].as_object().unwrap().len(), 1);
    s.fake.next_day();
    s.fake.set_quota("/cgi-bin/draft/add", 1000);
    let out = ok(&s.sync(&[]));
    assert!(
        out.contains("新建 2 篇") && out.contains("未变 1 篇"),
        "{out}"
    );
    assert_one_draft_each(&s.fake, 3);
}

#[test]
fn draft_deleted_in_wechat_is_made_again_when_its_page_changes() {
    let s = site();
    ok(&s.sync(&[]));
    let id = s.state()["drafts"]["news/c.md"]["media_id"]
        .as_str()
        .unwrap()
        .to_string();
    s.fake.delete_draft(&id);
    s.f.file("content/news/c.md", &news("协会通知", "协会发布新的通知。"));
    let out = ok(&s.sync(&[]));
    assert!(out.contains("已新建草稿：news/c.md"), "{out}");
    assert_one_draft_each(&s.fake, 3);
    assert_ne!(s.state()["drafts"]["news/c.md"]["media_id"], id.as_str());
}

#[test]
fn cover_gone_from_the_library_is_uploaded_again_once() {
    let s = site();
    ok(&s.sync(&[]));
    let id = s.state()["drafts"]["news/c.md"]["media_id"]
        .as_str()
        .unwrap()
        .to_string();
    s.fake.delete_draft(&id);
    s.fake.state.lock().unwrap().materials.clear();
    s.f.file("content/news/c.md", &news("协会通知", "协会发布新的通知。"));
    let out = ok(&s.sync(&[]));
    assert_eq!(s.fake.calls("/cgi-bin/material/add_material"), 3, "{out}");
    assert_one_draft_each(&s.fake, 3);
}

#[test]
fn anonymous_hero_is_masked_in_what_reaches_wechat() {
    let s = site();
    s.f.file(
        "content/heroes/anon.md",
        "+++\ntitle = \"欧阳振华勇救落水儿童\"\ndate = 2024-05-01\nslug = \"ni-ming\"\n\
         [extra.hero]\nname = \"欧阳振华\"\nanonymous = true\n+++\n欧阳振华跳入河中。\n",
    )
    .file("content/heroes/_index.md", "+++\ntitle = \"英雄\"\n+++\n")
    .file(
        "content/news/c.md",
        &news("欧阳振华获表彰", "欧阳振华获得表彰。"),
    );
    let cfg = std::fs::read_to_string(s.f.root().join("config.toml")).unwrap();
    let cfg = cfg.replace(
        "[extra.yiyong]\n",
        "[extra.yiyong]\n[extra.yiyong.privacy]\nanonymous_names = \"mask\"\n",
    );
    std::fs::write(s.f.root().join("config.toml"), cfg).unwrap();
    ok(&s.sync(&[]));
    let st = s.fake.state.lock().unwrap();
    let sent: Vec<&String> = st.log.iter().map(|(_, b)| b).collect();
    assert!(sent.iter().any(|b| b.contains("欧阳某")), "{sent:?}");
    assert!(
        !sent.iter().any(|b| b.contains("振华")),
        "the real name reached WeChat"
    );
}

#[test]
fn dropped_connection_after_add_makes_no_duplicate() {
    let s = site();
    s.fake.drop_after("/cgi-bin/draft/add");
    ok(&s.sync(&[]));
    assert!(
        s.fake.calls("/cgi-bin/draft/batchget") >= 1,
        "the box was read to find out"
    );
    assert_one_draft_each(&s.fake, 3);
    // The next run sees everything in place.
    let before = s.fake.requests();
    ok(&s.sync(&[]));
    assert_eq!(s.fake.requests(), before);
}

#[test]
fn run_killed_while_waiting_for_draft_add_leaves_a_state_that_resumes_without_duplicates() {
    let s = site();
    s.fake.slow("/cgi-bin/draft/add", 10_000);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(["wechat", "sync"])
        .current_dir(s.f.root())
        .env("YIYONG_WECHAT_SECRET", SECRET)
        .env("YIYONG_WECHAT_CACHE", s.cache.path())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while s.fake.drafts().is_empty() {
        assert!(
            started.elapsed().as_secs() < 60,
            "the first draft never arrived"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SIGKILL: the draft exists in WeChat, its answer never reaches the state.
    child.kill().unwrap();
    child.wait().unwrap();
    let state = s.state();
    assert_eq!(state["drafts"]["news/a.md"]["adding"], true, "{state}");
    ok(&s.sync(&[]));
    assert_one_draft_each(&s.fake, 3);
    let state = s.state();
    assert!(state["drafts"]
        .as_object()
        .unwrap()
        .values()
        .all(|d| d.get("adding").is_none()));
}

#[test]
fn lost_state_file_is_rebuilt_from_the_draft_box() {
    let s = site();
    ok(&s.sync(&[]));
    let adds = s.fake.calls("/cgi-bin/draft/add");
    std::fs::remove_file(s.state_file()).unwrap();
    let out = ok(&s.sync(&[]));
    assert_eq!(s.fake.calls("/cgi-bin/draft/add"), adds, "{out}");
    assert_eq!(s.fake.calls("/cgi-bin/draft/update"), 3);
    assert_one_draft_each(&s.fake, 3);
}

#[test]
fn large_webp_with_gps_goes_out_as_small_jpeg_without_position() {
    let s = site();
    s.f.bytes("content/news/d/photo.webp", &big_webp_with_gps())
        .file(
            "content/news/d/index.md",
            &news("救援现场", "救援现场照片。\n\n![现场](photo.webp)"),
        );
    ok(&s.sync(&["news/d/index.md"]));
    let st = s.fake.state.lock().unwrap();
    assert_eq!(st.images.len(), 1);
    let (_, jpeg) = &st.images[0];
    assert!(jpeg.starts_with(&[0xFF, 0xD8, 0xFF]) && jpeg.len() < 1024 * 1024);
    let (_, cover) = &st.materials[0];
    for bytes in [jpeg, cover] {
        assert_eq!(photos::leaks(bytes), Vec::<String>::new());
    }
}

#[test]
fn picture_that_cannot_be_read_fails_its_article_only() {
    let s = site();
    s.f.bytes("static/img/broken.jpg", b"not a picture at all")
        .file(
            "content/news/e.md",
            &news("坏图片", "正文。\n\n![坏](/img/broken.jpg)"),
        );
    let (out, e) = err(&s.sync(&[]));
    assert!(
        out.contains("失败：news/e.md") && out.contains("broken.jpg"),
        "{out}"
    );
    assert!(
        out.contains("新建 3 篇") && out.contains("失败 1 篇"),
        "{out}"
    );
    assert!(e.contains("1 篇文章未能同步"), "{e}");
    assert_one_draft_each(&s.fake, 3);
}

#[test]
fn dry_run_prints_the_plan_and_makes_no_request() {
    let s = site();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(["wechat", "sync", "--dry-run"])
        .current_dir(s.f.root())
        .env_remove("YIYONG_WECHAT_SECRET")
        .output()
        .unwrap();
    let out = ok(&o);
    assert_eq!(s.fake.requests(), 0);
    assert!(
        out.contains("将新建草稿：news/a.md") && out.contains("将新建 3 篇"),
        "{out}"
    );
    assert!(!s.state_file().exists());
    // The payload files: what each draft/add would send, pictures not uploaded yet.
    let dir = s.f.root().join(".yiyong/wechat/main.dry-run");
    assert!(
        out.contains(".yiyong/wechat/main.dry-run/（3 个文件）"),
        "{out}"
    );
    let payload = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
    };
    let a = payload("a.json");
    let article = &a["articles"][0];
    assert_eq!(article["title"], "表彰大会召开");
    assert_eq!(article["content_source_url"], "https://example.org/news/a/");
    assert_eq!(article["thumb_media_id"], "（同步时上传封面后填入）");
    let content = article["content"].as_str().unwrap();
    assert!(
        content.contains("src=\"https://example.org/img/a.jpg\""),
        "{content}"
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 3);
    ok(&s.sync(&[]));
    s.f.file("content/news/c.md", &news("协会通知", "改过的通知。"));
    // A link planted where a payload goes is replaced, never written through.
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("victim.txt");
    std::fs::write(&target, "keep").unwrap();
    std::fs::remove_file(dir.join("c.json")).unwrap();
    std::os::unix::fs::symlink(&target, dir.join("c.json")).unwrap();
    let before = s.fake.requests();
    let out = ok(&s.sync(&["--dry-run"]));
    assert_eq!(s.fake.requests(), before);
    assert!(
        out.contains("将更新草稿：news/c.md") && out.contains("未变 2 篇"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    // Only the changed article now, as draft/update with the draft's id and the cover's.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["c.json"]);
    let c = payload("c.json");
    let state = s.state();
    assert_eq!(c["media_id"], state["drafts"]["news/c.md"]["media_id"]);
    assert_eq!(c["index"], 0);
    assert!(c["articles"]["content"]
        .as_str()
        .unwrap()
        .contains("改过的通知"));
    assert_ne!(c["articles"]["thumb_media_id"], "（同步时上传封面后填入）");
}

#[test]
fn too_long_title_is_refused_before_any_request() {
    let s = site();
    s.f.file("content/news/long.md", &news(&"长".repeat(33), "正文。"));
    let (_, e) = err(&s.sync(&[]));
    assert!(
        e.contains("long.md") && e.contains("最多 32 字，实际 33 字"),
        "{e}"
    );
    assert_eq!(s.fake.requests(), 0);
    assert!(!s.state_file().exists());
}

#[test]
fn private_numbers_are_refused_before_any_request() {
    let s = site();
    s.f.file(
        "content/news/phone.md",
        &news("联系方式", "请联系\n13812345678。"),
    );
    let (_, e) = err(&s.sync(&[]));
    assert!(e.contains("phone.md:6") && e.contains("138****5678"), "{e}");
    assert!(
        !e.contains("13812345678"),
        "the number is masked in the message: {e}"
    );
    assert_eq!(s.fake.requests(), 0);
    // A page's own opt-out does not count for WeChat without --allow-private: the build's
    // privacy lint lets the page through, the article check still refuses it.
    s.f.file(
        "content/news/phone.md",
        "+++\ntitle = \"联系方式\"\ndate = 2024-05-01\n[extra.privacy]\nallow = [\"13812345678\"]\nreason = \"本人书面同意公开\"\n+++\n请联系 13812345678。\n",
    );
    let (_, e) = err(&s.sync(&[]));
    assert!(
        e.contains("phone.md") && e.contains("不能发到公众号"),
        "{e}"
    );
    assert_eq!(s.fake.requests(), 0);
}

#[test]
fn secret_in_config_is_refused_and_missing_secret_is_named() {
    let s = site();
    let cfg = std::fs::read_to_string(s.f.root().join("config.toml")).unwrap();
    std::fs::write(
        s.f.root().join("config.toml"),
        format!("{cfg}app_secret = \"x\"\n"),
    )
    .unwrap();
    let (_, e) = err(&s.sync(&[]));
    assert!(e.contains("app_secret") && e.contains("git"), "{e}");
    let plain = cfg.replace(&s.fake.base, "http://proxy.example.org");
    std::fs::write(s.f.root().join("config.toml"), plain).unwrap();
    let (_, e) = err(&s.sync(&[]));
    assert!(e.contains("api_base") && e.contains("https"), "{e}");
    std::fs::write(s.f.root().join("config.toml"), &cfg).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(["wechat", "sync"])
        .current_dir(s.f.root())
        .env_remove("YIYONG_WECHAT_SECRET")
        .env("YIYONG_WECHAT_CACHE", s.cache.path())
        .output()
        .unwrap();
    let (_, e) = err(&o);
    assert!(e.contains("YIYONG_WECHAT_SECRET"), "{e}");
    assert_eq!(s.fake.requests(), 0);
}

#[test]
fn broken_locked_or_linked_state_is_refused_before_any_request() {
    let s = site();
    std::fs::create_dir_all(s.state_file().parent().unwrap()).unwrap();
    std::fs::write(s.state_file(), "{ not json").unwrap();
    let (_, e) = err(&s.sync(&[]));
    assert!(
        e.contains(".yiyong/wechat/main.json") && e.contains("删除这个文件"),
        "{e}"
    );
    std::fs::remove_file(s.state_file()).unwrap();
    // Another sync of the account is running: it holds the lock.
    let held = std::fs::File::create(s.state_file().with_extension("lock")).unwrap();
    held.try_lock().unwrap();
    let (_, e) = err(&s.sync(&[]));
    assert!(e.contains("正在同步"), "{e}");
    drop(held);
    assert_eq!(s.fake.requests(), 0);
    // A state folder that links elsewhere is not written through.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(s.f.root().join(".yiyong")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), s.f.root().join(".yiyong")).unwrap();
    let (_, e) = err(&s.sync(&[]));
    assert!(e.contains("符号链接"), "{e}");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    assert_eq!(s.fake.requests(), 0);
}

#[test]
fn build_never_uses_the_state_folder_as_its_output() {
    let s = site();
    ok(&s.sync(&[]));
    let before = std::fs::read(s.state_file()).unwrap();
    let o = s.f.run(&["build", "--output-dir", ".yiyong", "--force"]);
    assert!(
        !o.status.success(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(std::fs::read(s.state_file()).unwrap(), before);
}

#[test]
fn publish_submits_each_draft_once_and_explains_48001() {
    let s = site();
    let out = ok(&s.sync(&["--publish"]));
    assert_eq!(s.fake.calls("/cgi-bin/freepublish/submit"), 3, "{out}");
    assert!(out.contains("提交发布 3 篇"), "{out}");
    let before = s.fake.requests();
    ok(&s.sync(&["--publish"]));
    assert_eq!(s.fake.requests(), before, "nothing new to publish");
    let t = site();
    t.fake.state.lock().unwrap().no_publish = true;
    let (_, e) = err(&t.sync(&["--publish"]));
    assert!(e.contains("48001") && e.contains("wechat export"), "{e}");
}
