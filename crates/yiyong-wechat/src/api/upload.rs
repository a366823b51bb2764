//! Uploads: `media/uploadimg` (body pictures) and `material/add_material` (the cover), both
//! `multipart/form-data` with one file field named `media` (spec §3.1 steps 2–3).

use serde_json::Value;

use super::{ApiError, Client, TOKEN_ERRORS};

/// One file to upload.
pub struct Upload<'a> {
    /// The name WeChat sees (`1a2b….jpg`): the content hash, never the author's file name.
    pub file_name: &'a str,
    pub mime: &'a str,
    pub bytes: &'a [u8],
}

impl Client {
    /// POSTs `file` to `path` (plus `query`, e.g. `type=image`). Safe to retry: the same bytes
    /// give the same picture, so busy and transport failures are retried with backoff.
    pub fn upload(&self, path: &str, query: &str, file: &Upload) -> Result<Value, ApiError> {
        let boundary = format!("yiyong-{}", hex8(file.bytes));
        let body = multipart(&boundary, file);
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let send = |token: &str| {
            let mut url = format!("{}{path}?access_token={token}", self.base());
            if !query.is_empty() {
                url.push('&');
                url.push_str(query);
            }
            self.retrying(|| self.send_bytes(&url, &content_type, &body))
        };
        match send(&self.token(false)?) {
            Err(ApiError::Wechat { code, .. }) if TOKEN_ERRORS.contains(&code) => {
                send(&self.token(true)?)
            }
            other => other,
        }
    }
}

fn multipart(boundary: &str, file: &Upload) -> Vec<u8> {
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"media\"; filename=\"{}\"\r\n\
         Content-Type: {}\r\n\r\n",
        file.file_name, file.mime
    )
    .into_bytes();
    body.extend_from_slice(file.bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

/// A boundary that cannot occur in the file: derived from the bytes' own hash, and checked.
fn hex8(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut salt = 0u32;
    loop {
        let mut h = Sha256::new();
        h.update(salt.to_le_bytes());
        h.update(bytes);
        let tag: String = h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let needle = format!("--yiyong-{tag}");
        if !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            return tag;
        }
        salt += 1;
    }
}
