//! The catalogue of the command line's own messages (see `yiyong_outreach::i18n`): reports
//! after a command, the errors of `new` and `init`, and the frame every diagnostic is printed
//! in. The English texts are the ones the command line always printed.

use yiyong_outreach::msgs;

msgs! {
    BUILT = "Built {pages} pages and {sections} sections in {ms} ms ({files} files, {changed} changed, {removed} removed).",
        "已生成 {pages} 个页面、{sections} 个栏目，用时 {ms} 毫秒（共 {files} 个文件，{changed} 个有改动，删除 {removed} 个）。";
    UP_TO_DATE = "Nothing changed since the last build: its {files} files are up to date ({ms} ms; 内容、模板和设置都没有改动，无需重新生成).",
        "上次生成以后内容、模板和设置都没有改动，{files} 个文件都是最新的，无需重新生成（{ms} 毫秒）。";
    DRAFTS = "{n} draft page(s) not published (draft = true; 草稿未发布，`yiyong build --drafts` 可预览).",
        "有 {n} 篇草稿（draft = true）没有发布；用 yiyong build --drafts 可以连草稿一起预览。";
    IMAGES = "Images: {processed} processed, {cached} reused from the cache.",
        "照片：处理了 {processed} 张，{cached} 张用了上次的结果。";
    CHECKED = "Checked {pages} pages and {sections} sections: internal links and anchors are fine.",
        "检查了 {pages} 个页面、{sections} 个栏目：站内链接和锚点都没有问题。";
    EXTERNAL_LISTED = "{n} external links (not fetched; add --external to fetch them):",
        "有 {n} 个外部链接（没有访问；加 --external 可以逐个访问检查）：";
    GPS_ONE = "1 source file carries GPS coordinates (the originals keep them: remove them there too if they should not be kept):",
        "有 1 个原始文件带有 GPS 位置（生成时会去掉；原文件里仍然保留，不想保留请在原文件里删除）：";
    GPS_MANY = "{n} source files carry GPS coordinates (the originals keep them: remove them there too if they should not be kept):",
        "有 {n} 个原始文件带有 GPS 位置（生成时会去掉；原文件里仍然保留，不想保留请在原文件里删除）：";
    EXTERNAL_FETCHED = "{n} external links fetched, {failed} failed.", "访问了 {n} 个外部链接，{failed} 个打不开。";
    EXTERNAL_FAILED = "external link {url} failed: {reason} (in {files})", "外部链接 {url} 打不开：{reason}（在 {files}）";
    EXTERNAL_FAILED_HINT = "fix or remove the link, or add its prefix to [link_checker] skip_prefixes",
        "改正或删除这个链接；确实不用检查的，把它的开头加到 [link_checker] 的 skip_prefixes 里";
    CREATED = "Created {path}", "已新建 {path}";
    CREATED_NEXT = "Open it in a text editor, fill it in, then delete the `draft = true` line to publish it.",
        "用文本编辑器（如记事本）打开它填写；写好后删除 draft = true 这一行，才会发布。";
    INIT_DONE = "Created a new site in {dir}. Next: cd {dir} && yiyong build",
        "已在 {dir} 新建网站。下一步：cd {dir}，再运行 yiyong build（然后运行 yiyong doctor 看看还要补什么）";
    SERVING = "Built in {ms} ms. Serving at {url} (press Ctrl+C to stop)",
        "已生成，用时 {ms} 毫秒。请在浏览器打开 {url} 预览（按 Ctrl+C 停止）";
    SERVE_NOTE = "note: yiyong serve keeps the site in memory and writes no file; run `yiyong build` for the files",
        "说明：yiyong serve 只在内存里生成网站，不写文件；要生成文件请运行 yiyong build";
    ERROR = "error", "错误";
    WARNING = "warning", "警告";
    HINT = "hint", "提示";
    AT_LINE = "{file}:{line}: ", "{file} 第 {line} 行：";
    IN_FILE = "{file}: ", "{file}：";
    ERRORS_FOUND = "{n} errors found.", "共 {n} 处错误。";
    UNKNOWN_KIND = "unknown content type `{kind}`", "没有「{kind}」这种内容";
    UNKNOWN_KIND_HINT = "use hero (英模), place (阵地), event (活动), news (新闻), team (队伍) or service (办事指南)",
        "可以新建：英模（hero）、阵地（place）、活动（event）、新闻（news）、志愿者队伍（team）、办事指南（service）";
    ANONYMOUS_HERO_ONLY = "--anonymous is for heroes", "只有英模才能用 --anonymous（匿名）";
    ANONYMOUS_HINT = "write `yiyong new hero \"真实姓名\" --anonymous`", "这样写：yiyong new 英模 \"真实姓名\" --anonymous";
    BAD_DATE_ARG = "`--date {typed}` is not a date", "--date {typed} 不是日期";
    BAD_DATE_ARG_HINT = "write it as 2027-01-05（年-月-日）", "写成 2027-01-05（年-月-日）";
    EVENT_NEEDS_DATE = "an event needs its date", "新建活动要写活动日期";
    EVENT_NEEDS_DATE_HINT = "add --date, e.g. `yiyong new 活动 \"宣讲会\" --date 2027-01-05`（活动日期）",
        "加上 --date，例如：yiyong new 活动 \"宣讲会\" --date 2027-01-05";
    EMPTY_SLUG = "the title makes an empty file name", "这个标题做不出文件名";
    EMPTY_SLUG_HINT = "give a title with words, e.g. \"李某某勇救落水儿童\"", "标题要有文字，例如 \"李某某勇救落水儿童\"";
    EXISTS = "already exists; nothing was written", "已经有这个文件了，什么也没写";
    EXISTS_HINT = "choose another title, or edit the existing file", "换一个标题，或直接修改已有的文件";
    CANNOT_CREATE = "cannot create: {reason}", "无法创建：{reason}";
    NOT_EMPTY = "{dir} is not empty", "文件夹 {dir} 里已经有文件";
    NOT_EMPTY_HINT = "choose a new folder name, or add --force to add the site's files beside the ones there",
        "换一个新的文件夹名，或加 --force 把网站文件放在已有文件旁边";
    ALREADY_HOLDS = "{dir} already holds {files}", "{dir} 里已经有 {files}";
    ALREADY_HOLDS_HINT = "init never overwrites existing files: move them away, or choose another folder",
        "建站不会覆盖已有的文件：先把它们移走，或换一个文件夹";
    ARG_MISSING = "missing: {what}", "少写了：{what}";
    ARG_UNKNOWN = "unknown option {what}", "不认识的选项 {what}";
    COMMAND_UNKNOWN = "no such command: {what}", "没有这个命令：{what}";
    VALUE_INVALID = "the value {what} is not valid here", "这个值不对：{what}";
    COMMAND_MISSING = "which command? e.g. yiyong build", "要做什么？写上命令，例如 yiyong 生成";
    DID_YOU_MEAN = "did you mean {what}?", "是不是要写 {what}？";
    SEE_HELP = "see: {usage} --help", "查看用法：{usage} --help";
    INIT_TWO_FOLDERS = "two folders given: {dir} and --root {root}", "写了两个文件夹：{dir} 和 --root {root}";
    INIT_TWO_FOLDERS_HINT = "init takes the folder as DIR: `yiyong init FOLDER`", "建站只要写文件夹名：yiyong init 文件夹名";
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_is_complete() {
        assert_eq!(
            yiyong_outreach::i18n::audit(super::ALL),
            Vec::<String>::new()
        );
        assert_eq!(
            yiyong_outreach::i18n::audit(crate::doctor_text::ALL),
            Vec::<String>::new()
        );
    }
}
