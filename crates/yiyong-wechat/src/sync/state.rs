//! What was sent to one account (spec §3.4 step 1): `.yiyong/wechat/<account>.json` in the
//! site, beside the sources and never in the build's output. Per article (by content path)
//! the draft's media_id and the content hash; per picture (by the source file's SHA-256) the
//! URL or media_id WeChat gave it; the requests made today, for the daily quotas. Human
//! readable, keys sorted, no secret or token in it. Written after every article through a
//! temporary file, fsync and rename, so a kill at any moment leaves the old or the new state.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use yiyong_core::error::{Diagnostic, Result};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub media_id: String,
    pub content_sha256: String,
    pub source_url: String,
    /// The hash last submitted with `--publish`, if any.
    pub published_sha256: Option<String>,
    /// A `draft/add` was sent and its answer not recorded (the run was killed or lost the
    /// connection): the draft may exist, so the next run looks for it before adding.
    pub adding: bool,
}

#[derive(Debug, Default)]
pub struct State {
    pub file: PathBuf,
    /// Whether the file existed: without it, drafts made earlier are looked up (reconcile).
    pub existed: bool,
    pub app_id: String,
    pub drafts: BTreeMap<String, Draft>,
    /// Body pictures: source SHA-256 → mmbiz URL (`uploadimg`).
    pub images: BTreeMap<String, String>,
    /// Covers: source SHA-256 → permanent media_id (`add_material`).
    pub covers: BTreeMap<String, String>,
    /// Requests by endpoint on `day` (Beijing time: WeChat's quotas reset at its midnight).
    pub day: String,
    pub calls: BTreeMap<String, u32>,
}

/// `.yiyong/wechat/<key>.json`, the key kept to safe characters.
pub fn path(root: &Path, key: &str) -> PathBuf {
    let safe: String = key
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    root.join(".yiyong")
        .join("wechat")
        .join(format!("{safe}.json"))
}

fn strings(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Refuses a state folder or file that is a symlink: the state is written only where it is
/// meant to be, never through a link to somewhere else.
pub fn check_place(root: &Path, file: &Path) -> Result<()> {
    let mut p = root.to_path_buf();
    let below: Vec<_> = file
        .strip_prefix(root)
        .unwrap_or(file)
        .components()
        .collect();
    for c in below {
        p.push(c);
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(
                Diagnostic::in_file(&p, "同步记录的位置是符号链接，不会写入")
                    .with_hint("把它换成普通的文件夹或文件")
                    .into(),
            );
        }
    }
    Ok(())
}

/// Holds the account's lock for as long as it lives: two syncs of one account at once would
/// both add the same drafts. The lock is the operating system's (released when the process
/// ends, even by kill -9), on `<state>.lock`.
pub struct Lock(#[allow(dead_code)] std::fs::File);

pub fn lock(file: &Path, account: &str) -> Result<Lock> {
    let path = file.with_extension("lock");
    let fail = |m: String| -> yiyong_core::error::Error {
        Diagnostic::in_file(&path, m)
            .with_hint("等另一个同步结束后再运行")
            .into()
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| fail(format!("无法创建同步记录文件夹：{e}")))?;
    }
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| fail(format!("无法打开锁文件：{e}")))?;
    match f.try_lock() {
        Ok(()) => Ok(Lock(f)),
        Err(std::fs::TryLockError::WouldBlock) => Err(fail(format!(
            "另一个 yiyong wechat sync 正在同步公众号「{account}」"
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(fail(format!("无法锁定同步记录：{e}"))),
    }
}

impl State {
    /// The state for `app_id`; a missing file is an empty state. A state of another AppID is
    /// not used (its media ids mean nothing to this account).
    pub fn load(file: PathBuf, app_id: &str) -> Result<State> {
        let bad = |m: String| -> yiyong_core::error::Error {
            Diagnostic::in_file(&file, m)
                .with_hint(
                    "删除这个文件后重新运行：yiyong 会从公众号草稿箱找回已有的草稿，不会重复创建",
                )
                .into()
        };
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(State {
                    file,
                    app_id: app_id.into(),
                    ..State::default()
                })
            }
            Err(e) => return Err(bad(format!("无法读取同步记录：{e}"))),
        };
        let v: Value =
            serde_json::from_str(&text).map_err(|e| bad(format!("同步记录已损坏：{e}")))?;
        let recorded = v["app_id"].as_str().unwrap_or_default();
        if !app_id.is_empty() && recorded != app_id {
            return Err(bad(format!(
                "同步记录属于另一个 AppID（{recorded}），不是 {app_id}"
            )));
        }
        let drafts = v["drafts"]
            .as_object()
            .map(|m| m.iter().map(|(k, d)| (k.clone(), draft(d))).collect())
            .unwrap_or_default();
        let calls = v["calls"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0) as u32))
                    .collect()
            })
            .unwrap_or_default();
        Ok(State {
            file,
            existed: true,
            app_id: app_id.into(),
            drafts,
            images: strings(&v["images"]),
            covers: strings(&v["covers"]),
            day: v["day"].as_str().unwrap_or_default().into(),
            calls,
        })
    }

    /// Adds this run's requests to today's count (a new day starts from zero).
    pub fn add_calls(&mut self, today: &str, calls: &BTreeMap<String, u32>) {
        if self.day != today {
            self.day = today.into();
            self.calls.clear();
        }
        for (k, n) in calls {
            *self.calls.entry(k.clone()).or_default() += n;
        }
    }

    fn to_json(&self) -> Value {
        let drafts: Map<String, Value> = self
            .drafts
            .iter()
            .map(|(k, d)| {
                let mut o = json!({
                    "media_id": d.media_id,
                    "content_sha256": d.content_sha256,
                    "source_url": d.source_url,
                });
                if let Some(p) = &d.published_sha256 {
                    o["published_sha256"] = p.clone().into();
                }
                if d.adding {
                    o["adding"] = true.into();
                }
                (k.clone(), o)
            })
            .collect();
        json!({
            "app_id": self.app_id,
            "drafts": drafts,
            "images": self.images,
            "covers": self.covers,
            "day": self.day,
            "calls": self.calls,
        })
    }

    /// Writes the state: temporary file, fsync, rename, fsync of the folder.
    pub fn save(&self) -> std::io::Result<()> {
        let dir = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let tmp = self.file.with_extension("json.tmp");
        let mut text = serde_json::to_string_pretty(&self.to_json())?;
        text.push('\n');
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.file)?;
            // The rename itself is made durable by syncing the folder that holds it.
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .or(Ok(()))
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written
    }
}

fn draft(v: &Value) -> Draft {
    let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    Draft {
        media_id: s("media_id"),
        content_sha256: s("content_sha256"),
        source_url: s("source_url"),
        published_sha256: v["published_sha256"].as_str().map(String::from),
        adding: v["adding"].as_bool().unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_another_app_id() {
        let dir = tempfile_dir();
        let file = dir.join("main.json");
        let mut s = State::load(file.clone(), "wx1").unwrap();
        assert!(!s.existed);
        s.drafts.insert(
            "news/a.md".into(),
            Draft {
                media_id: "M1".into(),
                ..Draft::default()
            },
        );
        s.images
            .insert("abc".into(), "https://mmbiz.qpic.cn/x".into());
        s.add_calls(
            "2026-12-05",
            &BTreeMap::from([("/cgi-bin/draft/add".into(), 2)]),
        );
        s.save().unwrap();
        let back = State::load(file.clone(), "wx1").unwrap();
        assert!(back.existed);
        assert_eq!(back.drafts, s.drafts);
        assert_eq!(back.images, s.images);
        assert_eq!(back.calls["/cgi-bin/draft/add"], 2);
        assert!(State::load(file, "wx2").is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("yiyong-state-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
