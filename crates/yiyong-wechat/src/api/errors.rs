//! WeChat's error codes (spec §3.3) and what staff should do about each, in Chinese. The
//! request id (`rid`) WeChat support asks for is quoted; the secret and the token never are.

use super::Account;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// WeChat answered with an `errcode`.
    Wechat { code: i64, message: String },
    /// No usable answer: connection, timeout, not JSON.
    Transport(String),
    /// A bug on our side or an answer of an unexpected shape.
    Invalid(String),
}

impl ApiError {
    /// Worth trying again after a wait: "system busy" and transport trouble.
    pub fn retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Wechat { code: -1, .. } | ApiError::Transport(_)
        )
    }

    /// What to tell the user, naming the account and the config key to fix.
    pub fn explain(&self, account: &Account) -> String {
        let (code, message) = match self {
            ApiError::Transport(m) => {
                return format!("无法连接微信接口（{}）：{m}", account.api_base)
            }
            ApiError::Invalid(m) => return format!("微信接口的回复无法处理：{m}"),
            ApiError::Wechat { code, message } => (*code, message.as_str()),
        };
        let rid = rid(message)
            .map(|r| format!("\n（微信请求编号 rid: {r}）"))
            .unwrap_or_default();
        let name = &account.name;
        let text = match code {
            40164 => {
                let ip = ip_in(message).unwrap_or_else(|| "（未知）".into());
                format!(
                    "微信接口拒绝了本机的请求（错误码 40164）。\n本机出口 IP {ip} 不在公众号「{name}」的 IP 白名单中。\n\
                     请公众号管理员登录 mp.weixin.qq.com →「设置与开发」→「基本配置」（或「开发接口管理」）→「IP 白名单」，\n\
                     添加 {ip}，几分钟后重新运行；或把 api_base 设为一台已加入白名单的代理服务器。"
                )
            }
            40013 => format!("公众号「{name}」的 AppID {} 不正确（错误码 40013），请核对配置中的 app_id。", account.app_id),
            40125 | 40001 => format!(
                "公众号「{name}」的 AppSecret 不正确（错误码 {code}），请核对环境变量 {} 的值。",
                account.secret_env
            ),
            40243 => format!("公众号「{name}」的 AppSecret 已被冻结（错误码 40243），请管理员在公众平台解冻或重置。"),
            48001 => format!(
                "公众号「{name}」没有这个接口的权限（错误码 48001），通常是因为账号未认证。\n\
                 请改用 yiyong wechat export 导出文章，再手工粘贴。"
            ),
            45011 => format!("公众号「{name}」每分钟的接口调用次数超限（错误码 45011），等了一分钟仍未恢复，请稍后再运行。"),
            45009 => format!("公众号「{name}」今天的接口调用次数已用完（错误码 45009），明天再运行即可从中断处继续。"),
            -1 => "微信系统繁忙（错误码 -1），已重试多次仍未成功，请稍后再运行。".into(),
            40005 | 40009 => format!(
                "微信不接受这张图片的{}（错误码 {code}），请换一张图片或另存为 JPG。",
                if code == 40005 { "格式" } else { "大小" }
            ),
            _ => format!("微信接口返回错误 {code}：{}", message),
        };
        format!("{text}{rid}")
    }
}

/// The request id at the end of an errmsg: `… rid: 64b279b3-2eddb111-78605a3e`.
fn rid(message: &str) -> Option<&str> {
    let after = message.split("rid:").nth(1)?.trim();
    after.split_whitespace().next()
}

/// The caller's IP in a 40164 errmsg: `invalid ip 203.0.113.7 ipv6 ::ffff:…, not in whitelist`.
fn ip_in(message: &str) -> Option<String> {
    let after = message.split("invalid ip").nth(1)?;
    let ip = after.split_whitespace().next()?.trim_end_matches(',');
    ip.parse::<std::net::IpAddr>().ok().map(|_| ip.to_string())
}

/// A transport error's text without the access token its URL carried.
pub fn redact(text: &str) -> String {
    match text.find("access_token=") {
        Some(i) => {
            let rest = &text[i + "access_token=".len()..];
            let end = rest
                .find(|c: char| c == '&' || c.is_whitespace())
                .unwrap_or(rest.len());
            format!("{}access_token=***{}", &text[..i], &rest[end..])
        }
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ip_and_rid_and_hides_tokens() {
        let m =
            "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 64b2-2edd-7860";
        assert_eq!(ip_in(m).as_deref(), Some("203.0.113.7"));
        assert_eq!(rid(m), Some("64b2-2edd-7860"));
        assert_eq!(
            redact("http://x/cgi-bin/a?access_token=SECRET123 failed"),
            "http://x/cgi-bin/a?access_token=*** failed"
        );
    }
}
