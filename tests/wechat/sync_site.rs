//! The fixture of `tests/wechat_sync.rs`: a site with three news items and an account
//! pointing at a fake WeChat API, and helpers to run `yiyong wechat sync` on it.

use std::path::PathBuf;
use std::process::Output;

use crate::common::*;
use crate::fake::{Fake, APP_ID, SECRET};

pub struct Site {
    pub f: Fixture,
    pub cache: tempfile::TempDir,
    pub fake: Fake,
}

pub fn news(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = 2024-05-01\n+++\n{body}\n")
}

/// Three news items: two share a picture, one has none (the site's default cover).
pub fn site() -> Site {
    let fake = Fake::start();
    let config = format!(
        "base_url = \"https://example.org\"\ntitle = \"测试站\"\n[extra.yiyong]\n\
         [extra.yiyong.wechat]\ndefault_cover = \"static/img/logo.png\"\n\
         [extra.yiyong.wechat.accounts.main]\nname = \"示例市见义勇为协会\"\n\
         app_id = \"{APP_ID}\"\napi_base = \"{}\"\n",
        fake.base
    );
    let f = Fixture::with_templates(&config);
    f.file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n")
        .file(
            "content/news/a.md",
            &news(
                "表彰大会召开",
                "大会表彰了十位英雄。\n\n![会场](/img/a.jpg)\n\n![合影](/img/b.png)",
            ),
        )
        .file(
            "content/news/b.md",
            &news(
                "志愿者走访",
                "志愿者走访了英雄家庭。\n\n![走访](/img/a.jpg)",
            ),
        )
        .file("content/news/c.md", &news("协会通知", "协会发布通知。"))
        .bytes("static/img/a.jpg", &photos::jpeg(40, 30))
        .bytes("static/img/b.png", &photos::png(20, 20))
        .bytes("static/img/logo.png", &photos::png(30, 30));
    Site {
        f,
        cache: tempfile::tempdir().unwrap(),
        fake,
    }
}

impl Site {
    pub fn sync(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_yiyong"))
            .args(["wechat", "sync"])
            .args(args)
            .current_dir(self.f.root())
            .env("YIYONG_WECHAT_SECRET", SECRET)
            .env("YIYONG_WECHAT_CACHE", self.cache.path())
            .output()
            .unwrap()
    }

    pub fn state_file(&self) -> PathBuf {
        self.f.root().join(".yiyong/wechat/main.json")
    }

    pub fn state(&self) -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(self.state_file()).unwrap()).unwrap()
    }
}

pub fn ok(o: &Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "sync failed:\n{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

pub fn err(o: &Output) -> (String, String) {
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(!o.status.success(), "sync should fail:\n{out}");
    (out, String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Each of the site's news pages has exactly one draft, found by its 阅读原文 address.
pub fn assert_one_draft_each(fake: &Fake, n: usize) {
    let drafts = fake.drafts();
    let mut urls: Vec<String> = drafts
        .iter()
        .map(|d| {
            d.article["content_source_url"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    urls.sort();
    urls.dedup();
    assert_eq!(
        (drafts.len(), urls.len()),
        (n, n),
        "one draft per article: {urls:?}"
    );
}

/// A 3 MB lossless WebP of noise with EXIF holding a GPS position.
pub fn big_webp_with_gps() -> Vec<u8> {
    let mut seed = 1u32;
    let img = image::RgbImage::from_fn(1000, 1000, |_, _| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        image::Rgb([(seed >> 16) as u8, (seed >> 8) as u8, (seed >> 24) as u8])
    });
    let mut out = std::io::Cursor::new(vec![]);
    img.write_to(&mut out, image::ImageFormat::WebP).unwrap();
    let mut webp = img_parts::webp::WebP::from_bytes(out.into_inner().into()).unwrap();
    img_parts::ImageEXIF::set_exif(&mut webp, Some(photos::exif_blob(1).into()));
    let mut bytes = vec![];
    webp.encoder().write_to(&mut bytes).unwrap();
    assert!(bytes.len() > 2_500_000 && !photos::leaks(&bytes).is_empty());
    bytes
}
