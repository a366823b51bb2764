//! News pages as WeChat official account (公众号) articles (issue 19).
//!
//! The same rendered HTML the site publishes (shortcodes rendered, `@/` links resolved,
//! anonymous heroes masked: see `collect`) is rewritten by `transform` into what the
//! mp.weixin.qq.com editor and the draft API keep (spec `wechat.md` §4): inline styles from
//! `style`, sections instead of lists and divs, links as numbered references. `limits` checks
//! what WeChat refuses (lengths, pictures, ID and mobile numbers) before anything is written;
//! `export` writes the article documents and their previews (`document`).
//!
//! Three ways in: `yiyong wechat export` (`export::run`), and the build's preview pages under
//! `public/wechat/`, written only when `[extra.yiyong.wechat] preview = true` ([`Previews`]).
//! `yiyong wechat sync` (`sync::sync`) sends the same articles to an official account's
//! draft box through `api`, the HTTP client (token, uploads, error messages).

pub mod api;
mod article;
mod collect;
mod document;
pub mod export;
mod limits;
mod look;
mod previews;
mod style;
mod transform;
mod urls;

pub use article::Article;
pub use limits::{AUTHOR_MAX, DIGEST_MAX, HTML_MAX, TEXT_MAX, TITLE_MAX};
pub use previews::{previews_on, Previews};
pub mod sync;
