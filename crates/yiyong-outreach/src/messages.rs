//! The catalogue of the typed content's validation messages (see `crate::i18n`). The English
//! texts are the ones the validator always printed; the Chinese ones say the same to staff.

use crate::msgs;

msgs! {
    PRIVACY_ID_HINT = "delete the ID number or write it masked as {m}",
        "删除这个身份证号码，或改写成遮挡形式 {m}";
    PRIVACY_MOBILE_HINT = "delete the number or write it masked as {m}; the association's own published numbers go in [extra.yiyong.privacy] allow in the config",
        "删除这个号码，或改写成遮挡形式 {m}；协会自己公开的电话写在 config.toml 的 [extra.yiyong.privacy] allow 里";
    PRIVACY_TYPO_HINT = "if it is an ID number, delete it or write it masked as {m}",
        "如果是身份证号码，请删除或改写成遮挡形式 {m}";
    PRIVACY_MASK_HINT = "delete it or write it masked as {m}", "请删除，或改写成遮挡形式 {m}";
    PRIVACY_OPT_OUT = "if it is not a personal number (an amount, a case number…), add it to the page's [extra.privacy] allow with a reason",
        "如果它不是个人号码（金额、案号等），在本页的 [extra.privacy] allow 里写上它，并写明理由（reason）";
    PRIVACY_ADDRESS_HINT = "write the address down to the street or residential area only; if it is a public place (an office, a hall), add the text to [extra.privacy] allow with a reason",
        "地址只写到街道或小区；如果是公共场所（办公地点、展馆等），在本页的 [extra.privacy] allow 里写上这段文字，并写明理由";
    NOT_A_TABLE = "`{key}` must be a table of keys", "{key} 应是一个资料表（[{key}]）";
    UNKNOWN_KEY_GUESS = "unknown key `{typed}` in [{table}]; did you mean `{fix}`?",
        "[{table}] 里没有 {typed} 这一项；是不是要写 {fix}？";
    UNKNOWN_KEY_LIST = "unknown key `{typed}` in [{table}]; the keys are: {keys}",
        "[{table}] 里没有 {typed} 这一项；可以写的项有：{keys}";
    NEEDS = "[{table}] needs `{key}`", "[{table}] 缺少必填项 {key}";
    NEEDS_HINT = "add a line: {key} = …", "加上一行：{key} = …";
    TEXT = "`{key}` must be non-empty text in quotes", "{key} 要填文字，并用英文双引号括起来";
    DATE = "`{key}` must be a date like 2024-07-21, not {typed}",
        "{key} 要写成日期，例如 2024-07-21，不能写 {typed}";
    DATETIME = "`{key}` must be a date like 2024-07-21 or 2024-07-21T09:30:00, not {typed}",
        "{key} 要写成日期或日期加时间，例如 2024-07-21 或 2024-07-21T09:30:00，不能写 {typed}";
    DATE_HINT = "{problem}; write: {line}", "{problem}；请写成：{line}";
    BOOL = "`{key}` must be true or false, not {typed}", "{key} 只能写 true（是）或 false（否），不能写 {typed}";
    BOOL_HINT = "write it without quotes: {line}", "不加引号：{line}";
    YEAR = "`{key}` must be a year such as 2023 (a number, no quotes), not {typed}",
        "{key} 要写成年份数字，例如 2023（不加引号），不能写 {typed}";
    INT = "`{key}` must be a whole number from {min} to {max} (no quotes), not {typed}",
        "{key} 要写 {min} 到 {max} 之间的整数（不加引号），不能写 {typed}";
    NUMBER = "`{key}` must be a number, not {typed}", "{key} 要写数字，不能写 {typed}";
    NUMBER_HINT = "write: {line}", "请写成：{line}";
    CHOICE = "`{key}` is {typed}; allowed values: {choices}", "{key} 填的是 {typed}，只能填：{choices}";
    SPACES_HINT = "the value has a space or tab before or after it (as spreadsheets leave them); write: {line}",
        "值的前后有多余的空格或制表符（从表格复制时常见），请删掉：{line}";
    AMOUNT = "`{key}` must be an amount in yuan such as 200000 or \"20万元\", not {typed}",
        "{key} 要写金额（元），例如 200000 或 \"20万元\"，不能写 {typed}";
    MARTYR_NOT_SACRIFICED = "`martyr = true` (rated a martyr) needs `status = \"sacrificed\"`, not {status}",
        "martyr = true（评定烈士）只用于牺牲的英模，status 要写 \"sacrificed\"（牺牲），现在是 {status}";
    MARTYR_HINT = "only write martyr = true once the hero has been rated a martyr (评定烈士); otherwise delete the line",
        "只有经依法评定为烈士的才写 martyr = true；否则删掉这一行";
    YEARLY_UNKNOWN = "unknown key `{typed}` in the yearly figures; the keys are: {keys}",
        "年度数据里没有 {typed} 这一项；可以写的项有：{keys}";
    YEARLY_GUESS = "unknown key `{typed}` in the yearly figures; did you mean `{fix}`?",
        "年度数据里没有 {typed} 这一项；是不是要写 {fix}？";
    YEARLY_COUNT = "`{key}` must be a whole number of 0 or more, not {typed}",
        "{key} 要写 0 或更大的整数，不能写 {typed}";
    YEARLY_PLACE = "`places.{typed}` is not a kind of place; allowed: {choices}",
        "places 里的 {typed} 不是阵地类型，只能填：{choices}";
    YEARLY_TOML = "the yearly figures are not valid TOML: {reason}",
        "年度数据文件格式有误：{reason}";
    YEARLY_NAME = "a yearly figures file is named after its year, like data/yearly/2024.toml",
        "年度数据文件要以年份命名，例如 data/yearly/2024.toml";
    TEXTS = "`{key}` must be a list of texts, like [\"a.jpg\", \"b.jpg\"]",
        "{key} 要写成文字列表，例如 [\"a.jpg\", \"b.jpg\"]";
    TABLES = "`{key}` must be a list of tables ([[...]] in TOML)", "{key} 要写成 [[{key}]] 表，每一项一个";
    NEEDS_TABLE = "a {kind} page needs an [extra.{kind}] table (see the README for its keys)",
        "{kind_zh}页面要有 [extra.{kind}] 资料表（可以用 yiyong new {kind_zh} 生成一个看看）";
    NEEDS_TABLE_GUESS = "a {kind} page needs an [extra.{kind}] table; did you mean [extra.{kind}] instead of [extra.{typed}]?",
        "{kind_zh}页面要有 [extra.{kind}] 资料表；你写的 [extra.{typed}] 是不是 [extra.{kind}]？";
    NEWS_DATE = "a news item needs a `date`", "新闻要写日期 date";
    NEWS_DATE_HINT = "add a line: date = 2024-07-21", "加上一行：date = 2024-07-21（发布日期）";
    PICTURE_MISSING = "the picture `{name}` was not found beside the page or in static/; check the file name",
        "找不到照片 {name}：页面旁边和 static/ 里都没有，请检查文件名";
    PICTURE_OUTSIDE = "the picture {detail}", "照片 {detail}";
    END_BEFORE_START = "`extra.event.end` is before `start`", "活动结束时间 end 早于开始时间 start";
    VENUE_MISSING = "`extra.event.venue` links to @/{venue}, which does not exist; link a place page or write the venue as plain text",
        "活动地点 venue 链接的 @/{venue} 不存在；请链接到一个阵地页面，或直接写地点名称";
    ANONYMOUS_NAME_LEFT = "anonymous hero: the real name still appears in the {where}; it was shown as {masked}",
        "匿名英模：真名还留在 {where} 里；网站上已显示为 {masked}";
    ANONYMOUS_NAME_LEFT_HINT = "replace the name with {masked} in the file itself",
        "在文件里把真名改成 {masked}";
    // The placeholder `new` writes is Chinese, so the English message names it in Chinese too.
    PLACEHOLDER = "还留着占位文字「{text}」，会原样发布到网站上 (placeholder text left in)",
        "还留着占位文字「{text}」，会原样发布到网站上";
    PLACEHOLDER_HINT = "把这一行换成正文 (replace it with the page's text)", "把这一行换成正文";
}

/// The Chinese name of a content type as clerks call it and `yiyong new` takes it (英模, 队伍),
/// in the staff's messages. Not the name a visitor reads (英雄, 志愿者队伍): those are the
/// search index's `TYPES` (crates/yiyong-search/src/docs.rs). A test in src/cmd/new.rs
/// checks `new` takes each of these.
pub fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "hero" => "英模",
        "place" => "阵地",
        "event" => "活动",
        "team" => "队伍",
        "service" => "办事指南",
        _ => "新闻",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_is_complete() {
        assert_eq!(crate::i18n::audit(super::ALL), Vec::<String>::new());
    }
}
