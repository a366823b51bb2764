//! The messages of `yiyong import` (see `yiyong_outreach::i18n`): what it says about the sheet,
//! its columns and rows, and what it did. Staff read them in Chinese; English under
//! `YIYONG_LANG=en`.

use yiyong_outreach::msgs;

msgs! {
    AT_CELL = "row {row}, column {col} ({header}): {message}", "第 {row} 行 {col} 列（{header}）：{message}";
    AT_ROW = "row {row}: {message}", "第 {row} 行：{message}";
    UNKNOWN_KIND = "import takes heroes, places or teams, not `{kind}`",
        "只能导入英模（heroes）、阵地（places）或志愿者队伍（teams），不能导入「{kind}」";
    UNKNOWN_KIND_HINT = "write `yiyong import heroes 勇士榜.xlsx`, `yiyong import places 阵地.xlsx` or `yiyong import teams 队伍.xlsx`",
        "这样写：yiyong 导入 英模 勇士榜.xlsx，yiyong 导入 阵地 阵地.xlsx，或 yiyong 导入 队伍 队伍名单.xlsx";
    CANNOT_OPEN = "cannot read the sheet: {reason}", "读不了这个表格：{reason}";
    CANNOT_OPEN_HINT = "save it from Excel or WPS as .xlsx (or .xls, .ods, .csv) and try again",
        "请在 Excel 或 WPS 里另存为 .xlsx（也可以是 .xls、.ods、.csv）后再导入";
    NO_SUCH_SHEET = "there is no sheet named `{sheet}`; the workbook has: {sheets}",
        "表格里没有名为「{sheet}」的工作表；有的是：{sheets}";
    NO_SUCH_SHEET_HINT = "write one of these after --sheet", "在 --sheet 后面写其中一个";
    TOO_BIG = "the sheet has more than {rows} rows or {cols} columns", "表格太大：超过 {rows} 行或 {cols} 列";
    TOO_BIG_HINT = "split it into smaller sheets, or delete the empty rows and columns at its end",
        "请拆成几个小表格，或删掉表格末尾的空行、空列";
    FILE_TOO_BIG = "the file is larger than {mb} MB", "文件超过 {mb} MB，太大了";
    ENCODING = "the CSV file is neither UTF-8 nor GBK/GB18030", "CSV 文件的编码既不是 UTF-8，也不是 GBK/GB18030";
    ENCODING_HINT = "open it in Excel or WPS and save it as .xlsx", "请用 Excel 或 WPS 打开，另存为 .xlsx";
    NO_HEADER = "no header row found: none of the first rows names the columns ({expected}…)",
        "找不到表头：前几行里没有认得的列名（例如 {expected}）";
    NO_HEADER_HINT = "put the column names in one row above the data, or name them in a --map file",
        "请在数据上方用一行写列名，或用 --map 文件说明每一列是什么";
    NO_ROWS = "the sheet has a header but no rows", "表格只有表头，没有数据";
    BAD_MAP = "the mapping file {file}: {reason}", "对照文件 {file} 有误：{reason}";
    BAD_MAP_KEY = "`{header}` = \"{key}\": there is no such field; the fields are: {keys}",
        "「{header}」= \"{key}\"：没有这个字段；可以写的字段有：{keys}";
    BAD_KEY = "--key {key}: no such column in the sheet", "--key {key}：表格里没有这一列";
    UNKNOWN_COLUMN = "column {col} ({header}) was not imported: its header is not known; name its field in a --map file (fields: {keys})",
        "没有导入 {col} 列（{header}）：不认识这个列名；要导入，请在 --map 文件里写明对应的字段（可以写：{keys}）";
    PRIVATE_ID = "column {col} ({header}) was skipped: ID numbers are personal information and are never published",
        "已跳过 {col} 列（{header}）：身份证号码是个人信息，不能写进网站";
    PRIVATE_PHONE = "column {col} ({header}) was skipped: phone numbers are personal information and are never published",
        "已跳过 {col} 列（{header}）：电话号码是个人信息，不能写进网站";
    PRIVATE_ADDRESS = "column {col} ({header}) was skipped: a person's home address is never published",
        "已跳过 {col} 列（{header}）：个人住址不能写进网站";
    PRIVATE_BANK = "column {col} ({header}) was skipped: bank account numbers are never published",
        "已跳过 {col} 列（{header}）：银行账号不能写进网站";
    DUPLICATE_COLUMN = "column {col} ({header}) was not imported: column {first} already gives `{key}`",
        "没有导入 {col} 列（{header}）：{first} 列已经对应 {key}";
    MISSING = "is empty; this is required", "是空的；这一项必须填写";
    MISSING_COLUMN = "the sheet has no column for `{key}` ({header}), which is required",
        "表格里没有「{header}」（{key}）这一列，这一项必须填写";
    NOT_DATE = "`{typed}` is not a date", "「{typed}」不是日期";
    NOT_DATE_HINT = "write it as 2024-03-05, 2024/3/5 or 2024年3月5日, or format the cell as a date",
        "写成 2024-03-05、2024/3/5 或 2024年3月5日，或把单元格格式设成日期";
    NOT_YEAR = "`{typed}` is not a year", "「{typed}」不是年份";
    NOT_YEAR_HINT = "write the year alone, e.g. 2024", "只写年份，例如 2024";
    NOT_NUMBER = "`{typed}` is not a number", "「{typed}」不是数字";
    NOT_INT = "`{typed}` is not a whole number from {min} to {max}", "「{typed}」不是 {min} 到 {max} 之间的整数";
    NOT_URL = "`{typed}` is not a web address (https://…)", "「{typed}」不是网址（https://…）";
    NOT_URL_HINT = "this column is for an online sign-up form; a phone number goes in 联系电话, an address in 地址 (or leave the column out with `\"报名方式\" = \"ignore\"` in a --map file)",
        "这一列只写网上报名表的网址；报名电话写在“联系电话”列，报名地址写在“地址”列（不导入这一列：在 --map 文件里写 \"报名方式\" = \"忽略\"）";
    NOT_BOOL = "`{typed}` is neither yes nor no", "「{typed}」既不是“是”也不是“否”";
    NOT_BOOL_HINT = "write 是 or 否", "写“是”或“否”";
    NOT_CHOICE = "`{typed}` is not one of: {choices}", "「{typed}」不在可选的值里：{choices}";
    FORMULA_ERROR = "the formula gives an error ({error})", "公式算出错误（{error}）";
    TOO_LONG = "the text is too long ({n} characters; at most {max})", "文字太长（{n} 个字，最多 {max} 个）";
    HONOUR_LEVEL = "the honour `{title}` needs its level (国家级/省级/市级/县级)",
        "荣誉「{title}」要写级别（国家级/省级/市级/县级）";
    HONOUR_LEVEL_HINT = "add a 级别 column, or write the level in the title (e.g. 市级见义勇为模范)",
        "加一列“级别”，或在荣誉名称里写明级别（如“市级见义勇为模范”）";
    HONOUR_YEAR = "the honour `{title}` needs its year", "荣誉「{title}」要写年份";
    HONOUR_YEAR_HINT = "add a 年份 column (e.g. 2024)", "加一列“年份”（例如 2024）";
    COORDINATES = "longitude and latitude go together: both or neither", "经度和纬度要一起填写";
    PRIVATE_VALUE = "holds {what} ({masked}), which is never published", "里面有{what}（{masked}），不能写进网站";
    PRIVATE_VALUE_HINT = "delete it, or write it masked as {masked}, then import again", "删掉它，或写成遮挡形式 {masked}，再导入";
    TEAM_PHONE_HINT = "write the team's or the association's public fixed line or hotline; a mobile number the association publishes as its own goes in config.toml's [extra.yiyong.privacy] allow first",
        "只写队伍或协会公开的座机、热线；协会对外公开的手机号，要先写进 config.toml 的 [extra.yiyong.privacy] allow";
    ID_NUMBER = "an ID number", "身份证号码";
    MOBILE = "a mobile number", "手机号码";
    SAME_KEY = "the same {key} as row {other}", "和第 {other} 行的 {key} 相同";
    SAME_KEY_HINT = "each row must differ in {key}; choose other key columns with --key", "每一行的 {key} 都要不同；可以用 --key 另选识别用的列";
    EMPTY_KEY = "the key columns ({key}) are empty", "用来识别这一行的列（{key}）是空的";
    TWO_FILES = "{a} and {b} were both imported for the same row ({key})", "{a} 和 {b} 都是同一行（{key}）导入的";
    UNREADABLE = "was made by an earlier import but its front matter cannot be read: {reason}",
        "是以前导入的，但资料卡读不了：{reason}";
    UNREADABLE_HINT = "fix the front matter (between the +++ lines), then import again", "请先改正 +++ 之间的资料卡，再导入";
    OUTSIDE = "--into {into} is not inside the site's content folder", "--into {into} 不在网站的 content 文件夹里";
    OUTSIDE_HINT = "write a folder below content/, e.g. --into content/heroes", "请写 content/ 下面的文件夹，例如 --into content/heroes";
    SYMLINK = "{path} is a symbolic link; import does not write through links", "{path} 是符号链接；导入不会通过链接写文件";
    CANNOT_WRITE = "cannot write {path}: {reason}", "无法写入 {path}：{reason}";
    WILL_CREATE = "would create {path} (row {row})", "将新建 {path}（第 {row} 行）";
    WILL_UPDATE = "would update {path} (row {row}):", "将更新 {path}（第 {row} 行）：";
    CREATED = "created {path} (row {row})", "已新建 {path}（第 {row} 行）";
    UPDATED = "updated {path} (row {row})", "已更新 {path}（第 {row} 行）";
    UNCHANGED = "unchanged {path} (row {row})", "不变 {path}（第 {row} 行）";
    DRY_SUMMARY = "dry run: {created} to create, {updated} to update, {unchanged} unchanged; nothing was written.",
        "预演：将新建 {created} 个，更新 {updated} 个，{unchanged} 个不变；没有写任何文件。";
    SUMMARY = "imported from {file}: {created} created, {updated} updated, {unchanged} unchanged.",
        "已从 {file} 导入：新建 {created} 个，更新 {updated} 个，{unchanged} 个不变。";
    NEXT = "the text below each file's front matter is yours to write; importing again never changes it",
        "每个文件 +++ 下面的正文可以自己写；以后再导入也不会改动正文";
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_is_complete() {
        assert_eq!(
            yiyong_outreach::i18n::audit(super::ALL),
            Vec::<String>::new()
        );
    }
}

/// The kinds of personal information a column may hold, each skipped with its own reason.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PrivateKind {
    Id,
    Phone,
    Address,
    Bank,
}

impl PrivateKind {
    pub fn msg(self) -> yiyong_outreach::i18n::Msg {
        match self {
            PrivateKind::Id => PRIVATE_ID,
            PrivateKind::Phone => PRIVATE_PHONE,
            PrivateKind::Address => PRIVATE_ADDRESS,
            PrivateKind::Bank => PRIVATE_BANK,
        }
    }
}
