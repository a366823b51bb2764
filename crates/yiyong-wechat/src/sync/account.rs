//! Which official account to sync to, from `[extra.yiyong.wechat.accounts.NAME]` in
//! config.toml. The AppID may be written there (it is public); the AppSecret never is: it comes
//! from an environment variable (`app_secret_env`, default `YIYONG_WECHAT_SECRET`) or a file
//! outside the site (`app_secret_file`), and a `secret`/`app_secret` key in the config is
//! refused, so that it cannot end up in git.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use yiyong_core::error::{Diagnostic, Error, Result};
use yiyong_core::Config;

use crate::api::{Account, DEFAULT_API_BASE};

const DEFAULT_SECRET_ENV: &str = "YIYONG_WECHAT_SECRET";
const DEFAULT_APP_ID_ENV: &str = "YIYONG_WECHAT_APP_ID";

/// An account as the config describes it, before its secret is read.
pub struct Settings {
    /// The key below `accounts` (names the state file).
    pub key: String,
    /// The name staff know it by, for messages.
    pub name: String,
    pub api_base: String,
    fields: Map<String, Value>,
}

fn fail(message: String, hint: &str) -> Error {
    Diagnostic::new(message).with_hint(hint).into()
}

/// The account named by `--account`, or the only one configured.
pub fn settings(config: &Config, asked: Option<&str>) -> Result<Settings> {
    let hint = "在 config.toml 中写 [extra.yiyong.wechat.accounts.main]，其中 app_id = \"wx…\"（AppSecret 放在环境变量 YIYONG_WECHAT_SECRET 中，见 README「同步到公众号草稿箱」）";
    let accounts = config
        .extra
        .get("yiyong")
        .and_then(|y| y.get("wechat"))
        .and_then(|w| w.get("accounts"))
        .and_then(Value::as_object)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| fail("config.toml 中没有配置公众号账号".into(), hint))?;
    let (key, table) = match asked {
        Some(k) => accounts.get_key_value(k).ok_or_else(|| {
            let known: Vec<&str> = accounts.keys().map(String::as_str).collect();
            fail(
                format!(
                    "config.toml 中没有名为 {k} 的公众号账号（已配置：{}）",
                    known.join("、")
                ),
                "用 --account 写 [extra.yiyong.wechat.accounts.名称] 中的名称",
            )
        })?,
        None if accounts.len() == 1 => accounts.iter().next().expect("one account"),
        None => {
            let known: Vec<&str> = accounts.keys().map(String::as_str).collect();
            return Err(fail(
                format!(
                    "config.toml 配置了多个公众号账号（{}），请指明同步到哪一个",
                    known.join("、")
                ),
                "加上 --account 名称",
            ));
        }
    };
    let fields = table.as_object().cloned().unwrap_or_default();
    for bad in ["secret", "app_secret", "appsecret", "AppSecret"] {
        if fields.contains_key(bad) {
            return Err(fail(
                format!("config.toml 的 [extra.yiyong.wechat.accounts.{key}] 中写了 {bad}：AppSecret 不能写在网站配置里（它会随网站进入 git）"),
                "删掉这一行，并立即到公众平台重置 AppSecret；然后把新的 AppSecret 放进环境变量 YIYONG_WECHAT_SECRET，或网站文件夹以外的文件（app_secret_file）",
            ));
        }
    }
    let text = |k: &str| fields.get(k).and_then(Value::as_str).map(str::to_string);
    let api_base = text("api_base").unwrap_or_else(|| DEFAULT_API_BASE.into());
    check_api_base(&api_base, key)?;
    Ok(Settings {
        key: key.clone(),
        name: text("name").unwrap_or_else(|| config.title.clone().unwrap_or(key.clone())),
        api_base,
        fields,
    })
}

/// The AppSecret and the token travel to `api_base`: over https, or plain http only to this
/// machine itself (a local proxy, a test server).
fn check_api_base(base: &str, key: &str) -> Result<()> {
    let lower = base.to_ascii_lowercase();
    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| {
            lower.starts_with(p)
                && lower[p.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ':' || c == '/')
        });
    if lower.starts_with("https://") || local {
        return Ok(());
    }
    Err(fail(
        format!("[extra.yiyong.wechat.accounts.{key}] 的 api_base 不是 https 地址：{base}（AppSecret 会以明文传出）"),
        "写 https://… 的地址（默认 https://api.weixin.qq.com），或本机代理 http://127.0.0.1:端口",
    ))
}

impl Settings {
    fn text(&self, k: &str) -> Option<String> {
        self.fields
            .get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// The account with its AppID and secret, for a run that calls the API.
    pub fn account(&self, root: &Path) -> Result<Account> {
        let table = format!("[extra.yiyong.wechat.accounts.{}]", self.key);
        let app_id_env = self.text("app_id_env").unwrap_or(DEFAULT_APP_ID_ENV.into());
        let app_id = self
            .text("app_id")
            .or_else(|| std::env::var(&app_id_env).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                fail(
                    format!("没有公众号「{}」的 AppID", self.name),
                    &format!("在 config.toml 的 {table} 中写 app_id = \"wx…\"，或设置环境变量 {app_id_env}"),
                )
            })?;
        let secret_env = self
            .text("app_secret_env")
            .unwrap_or(DEFAULT_SECRET_ENV.into());
        let secret = match self.text("app_secret_file") {
            Some(f) => secret_from_file(&expand_home(&f), root, &table)?,
            None => std::env::var(&secret_env)
                .ok()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    fail(
                        format!("没有公众号「{}」的 AppSecret：环境变量 {secret_env} 未设置", self.name),
                        &format!("运行前设置 {secret_env}（例如 export {secret_env}=…），或在 {table} 中用 app_secret_file 指向网站文件夹以外的文件"),
                    )
                })?,
        };
        Ok(Account {
            name: self.name.clone(),
            app_id,
            secret,
            secret_env,
            api_base: self.api_base.clone(),
            cache_dir: token_cache_dir(root)?,
        })
    }
}

fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    }
}

/// The secret from a file that must lie outside the site (a file inside would be committed).
fn secret_from_file(file: &Path, root: &Path, table: &str) -> Result<String> {
    let abs = file.canonicalize().map_err(|e| {
        fail(
            format!("无法读取 AppSecret 文件 {}：{e}", file.display()),
            &format!("检查 {table} 中 app_secret_file 写的路径"),
        )
    })?;
    if abs.starts_with(root.canonicalize().unwrap_or(root.to_path_buf())) {
        return Err(fail(
            format!("AppSecret 文件 {} 在网站文件夹里，会随网站进入 git", file.display()),
            "把它移到网站文件夹以外（例如 ~/.config/yiyong/secret），改好 app_secret_file，并到公众平台重置 AppSecret",
        ));
    }
    let text = std::fs::read_to_string(&abs).map_err(|e| {
        fail(
            format!("无法读取 AppSecret 文件 {}：{e}", file.display()),
            "检查文件权限",
        )
    })?;
    let s = text.trim().to_string();
    if s.is_empty() {
        return Err(fail(
            format!("AppSecret 文件 {} 是空的", file.display()),
            "把 AppSecret 写进这个文件",
        ));
    }
    Ok(s)
}

/// Where access tokens are cached: outside the site (`YIYONG_WECHAT_CACHE`, else the user's
/// cache folder), since a token in the site could be committed or published.
fn token_cache_dir(root: &Path) -> Result<PathBuf> {
    let dir = std::env::var_os("YIYONG_WECHAT_CACHE")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("XDG_CACHE_HOME").map(|c| PathBuf::from(c).join("yiyong/wechat"))
        })
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/yiyong/wechat")))
        .ok_or_else(|| {
            fail(
                "找不到存放接口令牌的缓存文件夹".into(),
                "设置环境变量 YIYONG_WECHAT_CACHE 为网站以外的一个文件夹",
            )
        })?;
    let site = root.canonicalize().unwrap_or(root.to_path_buf());
    let abs = if dir.is_absolute() {
        dir.clone()
    } else {
        std::env::current_dir().unwrap_or_default().join(&dir)
    };
    if abs.starts_with(&site) {
        return Err(fail(
            format!("接口令牌的缓存文件夹 {} 在网站文件夹里", dir.display()),
            "把 YIYONG_WECHAT_CACHE 设为网站以外的文件夹",
        ));
    }
    Ok(dir)
}
