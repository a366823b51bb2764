//! A real HTTP client for the official account API (spec §3), with the access token
//! (`stable_token`, cached on disk), multipart uploads (`upload`) and WeChat's error codes
//! turned into messages staff can act on. The same code talks to `https://api.weixin.qq.com`
//! or, in the tests, to a fake server on 127.0.0.1 (`api_base`). Every request is counted per
//! endpoint, for the daily quotas.

mod errors;
mod token;
mod upload;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;

pub use errors::ApiError;
pub use upload::Upload;

/// Where the official API is; a whitelisted proxy or a test server can stand in for it.
pub const DEFAULT_API_BASE: &str = "https://api.weixin.qq.com";

/// One official account's credentials and where to reach its API.
pub struct Account {
    /// The name staff know it by (in messages), e.g. the account's display name.
    pub name: String,
    pub app_id: String,
    /// Read from the environment variable named in the config, never from the config itself.
    pub secret: String,
    /// The name of that variable, for messages (the secret itself is never printed).
    pub secret_env: String,
    pub api_base: String,
    /// Where tokens are cached between runs: outside the site, one file per AppID, mode 0600.
    pub cache_dir: PathBuf,
}

/// A client for one account. Calls are made one at a time (WeChat's limits are per account).
pub struct Client {
    account: Account,
    agent: ureq::Agent,
    /// First wait before retrying a "system busy" (-1) or transport failure; doubled each time.
    pub backoff: Duration,
    /// How many times a retryable failure is retried.
    pub retries: u32,
    /// The wait after a per-minute quota refusal (45011) before the one retry.
    pub minute: Duration,
    /// Requests made, by endpoint path (`/cgi-bin/draft/add`), retries included.
    calls: Mutex<BTreeMap<String, u32>>,
}

/// Token errors on a business call: the cached token is stale (spec §3.3).
const TOKEN_ERRORS: &[i64] = &[40001, 40014, 42001];

impl Client {
    pub fn new(account: Account) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(60)))
            // WeChat answers errors with HTTP 200 and an errcode; other statuses are read too.
            .http_status_as_error(false)
            .user_agent("yiyong wechat")
            .build()
            .into();
        Client {
            account,
            agent,
            backoff: Duration::from_secs(1),
            retries: 3,
            minute: Duration::from_secs(60),
            calls: Mutex::default(),
        }
    }

    pub fn account(&self) -> &Account {
        &self.account
    }

    /// Requests made so far, by endpoint path.
    pub fn calls(&self) -> BTreeMap<String, u32> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn count(&self, url: &str) {
        let path = url[self.base().len()..].split('?').next().unwrap_or("");
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        *calls.entry(path.to_string()).or_default() += 1;
    }

    /// POSTs JSON to a business endpoint (`/cgi-bin/draft/add`…) with the access token. A
    /// token error refreshes the token once and retries once; "system busy" and transport
    /// failures are retried with backoff, a bounded number of times.
    pub fn post(&self, path: &str, body: &Value) -> Result<Value, ApiError> {
        let token = self.token(false)?;
        match self.post_with(path, &token, body) {
            Err(ApiError::Wechat { code, .. }) if TOKEN_ERRORS.contains(&code) => {
                let fresh = self.token(true)?;
                self.post_with(path, &fresh, body)
            }
            other => other,
        }
    }

    fn post_with(&self, path: &str, token: &str, body: &Value) -> Result<Value, ApiError> {
        let url = format!("{}{path}?access_token={token}", self.base());
        self.retrying(|| self.send(&url, body))
    }

    /// POSTs a call that changes something only WeChat can see (`draft/add`): sent once. A
    /// token error is answered before anything is done, so it is refreshed and sent again;
    /// but after "system busy" or a dropped connection the draft may exist or not, and only
    /// the caller can find out (by reconciling), so nothing is retried blindly.
    pub fn post_once(&self, path: &str, body: &Value) -> Result<Value, ApiError> {
        let url = |t: &str| format!("{}{path}?access_token={t}", self.base());
        let token = self.token(false)?;
        match self.send(&url(&token), body) {
            Err(ApiError::Wechat { code, .. }) if TOKEN_ERRORS.contains(&code) => {
                let fresh = self.token(true)?;
                self.send(&url(&fresh), body)
            }
            other => other,
        }
    }

    fn base(&self) -> &str {
        self.account.api_base.trim_end_matches('/')
    }

    /// Runs `f`, retrying -1 and transport failures with a doubling wait.
    fn retrying(&self, f: impl Fn() -> Result<Value, ApiError>) -> Result<Value, ApiError> {
        let mut wait = self.backoff;
        let mut tries = 0;
        loop {
            match f() {
                Err(e) if e.retryable() && tries < self.retries => {
                    tries += 1;
                    std::thread::sleep(wait);
                    wait *= 2;
                }
                other => return other,
            }
        }
    }

    /// One request. JSON is sent as raw UTF-8 (WeChat refuses `\uXXXX` escapes: 40033), and
    /// the answer is read as JSON whatever its content type (uploadimg says text/plain).
    fn send(&self, url: &str, body: &Value) -> Result<Value, ApiError> {
        let text = serde_json::to_string(body).map_err(|e| ApiError::Invalid(e.to_string()))?;
        self.send_bytes(url, "application/json; charset=utf-8", text.as_bytes())
    }

    /// Sends, and after a per-minute quota refusal (45011: the request was not carried out,
    /// so sending it again cannot duplicate anything) waits for the next minute and sends
    /// once more.
    fn send_bytes(&self, url: &str, content_type: &str, bytes: &[u8]) -> Result<Value, ApiError> {
        match self.send_raw(url, content_type, bytes) {
            Err(ApiError::Wechat { code: 45011, .. }) => {
                std::thread::sleep(self.minute);
                self.send_raw(url, content_type, bytes)
            }
            other => other,
        }
    }

    fn send_raw(&self, url: &str, content_type: &str, bytes: &[u8]) -> Result<Value, ApiError> {
        self.count(url);
        let mut resp = self
            .agent
            .post(url)
            .content_type(content_type)
            .send(bytes)
            // The URL carries the token: the error is described without it.
            .map_err(|e| ApiError::Transport(errors::redact(&e.to_string())))?;
        let status = resp.status().as_u16();
        let answer = resp
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| ApiError::Transport(errors::redact(&e.to_string())))?;
        let value: Value = serde_json::from_str(&answer)
            .map_err(|_| ApiError::Transport(format!("HTTP {status}，回复不是 JSON")))?;
        match value.get("errcode").and_then(Value::as_i64) {
            Some(code) if code != 0 => Err(ApiError::Wechat {
                code,
                message: value
                    .get("errmsg")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            }),
            _ => Ok(value),
        }
    }
}
