//! The access token: `POST /cgi-bin/stable_token` (spec §3.1 step 1), never the legacy
//! `/cgi-bin/token`, whose every call invalidates the token other tools of the same account
//! hold. Cached on disk per AppID with its absolute expiry and used until 10 minutes before
//! it, so consecutive runs make one token call between them (scenario 13).

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use super::{ApiError, Client};

/// Tokens are refreshed this long before they expire (wenyan's margin).
const MARGIN_SECS: u64 = 600;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Client {
    fn cache_file(&self) -> PathBuf {
        let safe: String = self
            .account
            .app_id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        self.account.cache_dir.join(format!("token-{safe}.json"))
    }

    /// A valid token: the cached one, or a new one. `force` asks WeChat for a new token even
    /// if the current one is still valid (after a token error; at most 20 a day).
    pub fn token(&self, force: bool) -> Result<String, ApiError> {
        if !force {
            if let Some(t) = self.cached() {
                return Ok(t);
            }
        }
        let url = format!("{}/cgi-bin/stable_token", self.base());
        let body = json!({
            "grant_type": "client_credential",
            "appid": self.account.app_id,
            "secret": self.account.secret,
            "force_refresh": force,
        });
        let v = self.retrying(|| self.send(&url, &body))?;
        let token = v.get("access_token").and_then(Value::as_str);
        let expires = v.get("expires_in").and_then(Value::as_u64);
        let (Some(token), Some(expires)) = (token, expires) else {
            return Err(ApiError::Invalid(
                "stable_token 的回复缺少 access_token".into(),
            ));
        };
        self.store(token, now() + expires);
        Ok(token.to_string())
    }

    fn cached(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.cache_file()).ok()?;
        let v: Value = serde_json::from_str(&text).ok()?;
        let expires_at = v.get("expires_at")?.as_u64()?;
        (expires_at > now() + MARGIN_SECS)
            .then(|| v.get("access_token")?.as_str().map(String::from))
            .flatten()
    }

    /// Written through a temporary file and a rename, readable by the owner only. A cache
    /// that cannot be written costs a token call next time, nothing more.
    fn store(&self, token: &str, expires_at: u64) {
        let file = self.cache_file();
        let tmp = file.with_extension("json.tmp");
        let text = json!({ "access_token": token, "expires_at": expires_at }).to_string();
        let _ = std::fs::create_dir_all(&self.account.cache_dir);
        let written =
            write_private(&tmp, text.as_bytes()).and_then(|_| std::fs::rename(&tmp, &file));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let _ = std::fs::remove_file(path);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}
