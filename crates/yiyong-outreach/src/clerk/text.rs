//! The catalogue of the clerk pre-pass's messages (see `crate::i18n`): what was typed, in the
//! clerk's words, and what to type instead.

use crate::msgs;

msgs! {
    FULL_WIDTH = "you typed {what} {typed}; type {instead} {fix} instead",
        "你输入了{what} {typed}，请改成{instead} {fix}";
    FULL_WIDTH_HINT = "write the line as: {line} (switch the input method to English for punctuation; text inside the quotes may be Chinese)",
        "这一行应写成：{line}（标点要在英文输入状态下输入，按 Shift 键可切换；引号里面的文字可以是中文）";
    FW_QUOTES = "Chinese quotes", "中文引号";
    FW_SINGLE_QUOTES = "Chinese single quotes", "中文单引号";
    FW_WIDE_QUOTES = "full-width quotes", "全角引号";
    FW_EQUALS = "a full-width equals sign", "全角等号";
    FW_COLON = "a Chinese colon", "中文冒号";
    FW_BRACKETS = "Chinese brackets", "中文方括号";
    FW_BRACES = "full-width braces", "全角花括号";
    FW_COMMA = "a Chinese comma", "中文逗号";
    FW_DUN = "an enumeration comma", "顿号";
    FW_DIGITS = "full-width digits", "全角数字";
    FW_SPACE = "a full-width space", "全角空格";
    FW_PERIOD = "a Chinese full stop", "中文句号";
    FW_MINUS = "a full-width hyphen", "全角减号";
    FW_HASH = "a full-width hash", "全角井号";
    FW_PLUS = "full-width plus signs", "全角加号";
    ASCII_QUOTES = "straight double quotes", "英文双引号";
    ASCII_EQUALS = "an equals sign", "英文等号";
    ASCII_COLON = "a colon", "英文冒号";
    ASCII_BRACKETS = "square brackets", "英文方括号";
    ASCII_BRACES = "braces", "英文花括号";
    ASCII_COMMA = "a comma", "英文逗号";
    ASCII_DIGITS = "digits", "半角数字";
    ASCII_SPACE = "a plain space", "普通空格";
    ASCII_PERIOD = "a point", "英文句点";
    ASCII_MINUS = "a hyphen", "英文短横线";
    ASCII_HASH = "a hash", "英文井号";
    ASCII_PLUS = "plus signs", "英文加号";
    CHINESE_KEY = "the field name `{key}` must be written in English", "字段名「{key}」要用英文写";
    CHINESE_KEY_GUESS = "write `{fix}` instead of `{key}`", "「{key}」应写成 {fix}";
    CHINESE_KEY_HINT = "use the field names of the file `yiyong new` writes", "字段名照 yiyong new 生成的文件写（英文）";
    NO_VALUE = "`{key}` has nothing after the `=`", "{key} 的等号后面没有值";
    NO_VALUE_HINT = "write its value, or delete the line (or put # in front of it) to leave it out",
        "写上它的值；不填就删掉这一行，或在行首加 #";
    DATE_WRONG = "the date {typed} is not written right: {problem}", "日期 {typed} 写法不对：{problem}";
    DATE_FIX = "write: {line}", "请写成：{line}";
    DATE_FIX_GENERIC = "write `{key}` as year-month-day with two-digit month and day, e.g. 2024-07-21",
        "{key} 要写成“年-月-日”，月和日都写两位，例如 2024-07-21";
    DATE_CHINESE = "dates are written with digits and hyphens, not 年月日", "日期要用数字和短横线写，不能写“年月日”";
    DATE_SEPARATOR = "the parts of a date are separated by hyphens -, not {sep}", "年、月、日之间要用短横线 - 分开，不能用 {sep}";
    DATE_TWO_DIGITS = "month and day need two digits (a 0 in front)", "月和日都要写两位数，不足两位前面补 0";
    DATE_FULLWIDTH = "the digits are full-width", "数字是全角的";
    DATE_NO_MONTH = "there is no month {month}", "没有 {month} 月";
    DATE_NO_DAY = "{year}-{month} has no day {day} (its last day is {last})", "{year} 年 {month} 月没有 {day} 日（这个月只有 {last} 天）";
    BOOL_WRONG = "`{key}` can only be true or false, not {typed}", "{key} 只能写 true（是）或 false（否），不能写 {typed}";
    LINE_FIX = "write: {line}", "请写成：{line}";
    THOUSANDS = "the number {typed} has thousands separators (as a spreadsheet shows them)", "数字 {typed} 里有千位分隔符（从表格复制时常见），要去掉";
    NUMBER_UNIT = "{typed}: a number is written without a unit", "{typed}：数字后面不要写单位";
    UNQUOTED = "the text {typed} needs straight double quotes around it", "文字 {typed} 要用英文双引号括起来";
    TOML_GENERIC = "invalid front matter: {detail}", "资料卡格式有误：{detail}";
    TOML_GENERIC_HINT = "check this line: text values go in straight double quotes \"…\", each line is `field = value`",
        "检查这一行：文字要用英文双引号 \"…\" 括起来，每行写成“字段名 = 值”";
    UNCLOSED = "the front matter is not closed: there is no second +++ line", "资料卡没有结束：找不到第二个 +++ 行";
    UNCLOSED_HINT = "add a line holding only +++ after the last field", "在资料卡最后一项下面加一行，只写 +++（英文加号）";
    EMPTY_FILE = "the file is empty", "文件是空的";
    EMPTY_FILE_HINT = "make it again with `yiyong new`, or delete it", "用 yiyong new 重新生成这篇内容，或删除这个文件";
    NO_FRONT_MATTER = "the file does not start with a +++ line (the front matter)", "文件开头没有资料卡：第一行应是 +++";
    NO_FRONT_MATTER_HINT = "start with +++, then title = \"…\", then +++ again; `yiyong new` writes such a file",
        "第一行写 +++，接着写 title = \"标题\"，再写一行 +++；用 yiyong new 生成的文件就是这样";
    CORE_BAD_DATE = "`{key}` is not a valid date: {typed}", "{key} 不是有效的日期：{typed}";
    IGNORED_KEY = "`{key}` is not a page field: it is ignored", "「{key}」不是页面的字段，不起作用";
    TAXONOMY_UNKNOWN = "unknown taxonomy `{typed}`", "没有「{typed}」这个分类";
    TAXONOMY_GUESS = "did you mean `{fix}`? The taxonomies in config.toml are: {list}",
        "是不是要写 {fix}？config.toml 里的分类有：{list}";
    TAXONOMY_LIST = "the taxonomies in config.toml are: {list}", "config.toml 里的分类有：{list}";
    IGNORED_KEY_HINT = "remove it, or move it under [extra] to read it in templates as page.extra.{key}",
        "删掉这一行；如果模板要用，就把它放到 [extra] 下面（模板里写 page.extra.{key}）";
    IGNORED_KEY_GUESS = "did you mean `{fix}`?", "是不是要写 {fix}？";
}
