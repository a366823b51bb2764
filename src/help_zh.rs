//! The command line in Chinese: the help of every command and option (keyed by its path in the
//! command tree, e.g. `build.drafts`), clap's own headings, and the Chinese command names
//! staff can type (`yiyong 新建 英模 "王小明"`). The English help is the doc comments of
//! `cli.rs`; the test below fails when an option is added there without its Chinese text.

use clap::{Arg, ArgAction, Command};

/// Chinese help by path; `""` is the program itself.
const HELP: &[(&str, &str)] = &[
    (
        "",
        "义勇（yiyong）：见义勇为协会网站生成工具，兼容 Zola 网站",
    ),
    (
        "root",
        "网站所在的文件夹（放 config.toml 的那个），默认是当前文件夹",
    ),
    (
        "config",
        "配置文件（相对于网站文件夹），默认 zola.toml，没有就用 config.toml",
    ),
    (
        "lang",
        "提示和帮助的语言：zh（中文）或 en（英文）；默认看 YIYONG_LANG 和系统语言",
    ),
    ("build", "生成网站，写到 public/ 文件夹（或 output_dir）"),
    ("build.output_dir", "写到这个文件夹，而不是 output_dir"),
    ("build.base_url", "用这个网址代替 config.toml 里的 base_url"),
    ("build.drafts", "连草稿（draft = true）一起生成"),
    (
        "build.force",
        "允许替换已有的 --output-dir，或 yiyong 没有记录写过的文件",
    ),
    (
        "build.minify",
        "压缩网页（同 config.toml 里的 minify_html = true）",
    ),
    (
        "build.profile",
        "生成后列出时间花在哪里：每个阶段、模板、输出和函数",
    ),
    (
        "serve",
        "预览：在本机生成网站并打开服务，每次保存文件自动刷新浏览器",
    ),
    (
        "serve.interface",
        "监听的地址（127.0.0.1 表示只有这台电脑能看到）",
    ),
    ("serve.port", "端口（0 表示自动选一个空闲端口）"),
    ("serve.base_url", "预览用的网址（只写主机名时自动加上端口）"),
    ("serve.drafts", "连草稿一起预览"),
    ("serve.open", "在默认浏览器里打开网站"),
    ("serve.no_port_append", "不在 --base-url 后面加端口"),
    (
        "serve.extra_watch_path",
        "另外监视这个文件夹（相对于网站文件夹），有变化就重新生成；可写多次",
    ),
    (
        "serve.debounce",
        "文件变化后等这么多毫秒没有新变化再重新生成（默认 8）",
    ),
    (
        "serve.fast",
        "Zola 的选项；yiyong 本来就只重新生成改动的部分，所以不起作用",
    ),
    (
        "serve.store_html",
        "Zola 的选项；可以写，但预览只在内存里，不写文件",
    ),
    (
        "serve.output_dir",
        "Zola 的选项；可以写，但预览只在内存里，不写文件",
    ),
    (
        "serve.force",
        "Zola 的选项；和 --output-dir 一起写，不起作用",
    ),
    (
        "check",
        "检查：完整生成一遍但不写文件，检查站内链接、锚点和隐私信息",
    ),
    ("check.drafts", "连草稿一起检查"),
    (
        "check.external",
        "另外访问每一个外部链接（和它的 #锚点），而不只是列出来",
    ),
    (
        "check.skip_external_links",
        "外部链接既不访问也不列出（Zola 的选项）",
    ),
    (
        "check.profile",
        "列出时间花在哪里：每个阶段、模板、输出和函数",
    ),
    ("new", "新建一篇内容：英模、阵地、活动、新闻或志愿者队伍"),
    (
        "new.kind",
        "内容类型：英模（hero）、阵地（place）、活动（event）、新闻（news）或志愿者队伍（team）",
    ),
    ("new.title", "标题，例如 \"李某某勇救落水儿童\"；英模写姓名"),
    (
        "new.anonymous",
        "英模不公开姓名：写 anonymous = true，文件名（网址）里也不出现姓名",
    ),
    (
        "new.date",
        "日期：活动举行的日期（活动必须写），新闻的日期（默认今天），如 2027-01-05",
    ),
    (
        "import",
        "导入：把 Excel/WPS 表格里的勇士榜（英模）、阵地名单或志愿者队伍名单，每行写成一个内容文件",
    ),
    (
        "import.kind",
        "导入什么：英模（heroes）、阵地（places）或志愿者队伍（teams，也可以写“队伍”）",
    ),
    (
        "import.file",
        "表格文件：.xlsx、.xls、.ods 或 .csv（UTF-8 或 GBK 编码都可以）",
    ),
    ("import.sheet", "用哪个工作表（默认第一个）"),
    (
        "import.map",
        "列名对照文件（TOML）：不认识的列写成 \"表头\" = \"字段\"",
    ),
    (
        "import.dry_run",
        "预演：只列出会新建、更新、不变的文件和改动，不写任何文件",
    ),
    (
        "import.into",
        "写到 content/ 里的哪个文件夹（默认英模 content/heroes，阵地 content/places，队伍 content/teams）",
    ),
    (
        "import.key",
        "用哪几列识别同一行（默认英模用 姓名+事发时间，阵地用 名称，队伍用 队伍名称），例如 --key 编号",
    ),
    ("init", "新建一个网站，放在文件夹 DIR 里"),
    (
        "init.dir",
        "要新建的文件夹（必须是新的或空的，除非加 --force）；默认是当前文件夹",
    ),
    (
        "init.force",
        "文件夹里已有文件时也继续（已有的文件一个都不会被覆盖）",
    ),
    ("init.root", "同 DIR"),
    ("init.config", "新建网站时不用"),
    ("doctor", "体检：用大白话列出网站设置里发布前还要补的地方"),
    ("wechat", "公众号：把新闻做成微信公众号文章"),
    (
        "wechat.export",
        "把每篇新闻（或指定的几篇）写成公众号文章和预览页",
    ),
    (
        "wechat.export.pages",
        "新闻文件的路径，如 news/2025-07-21-national-conference.md（默认全部）",
    ),
    (
        "wechat.export.out",
        "写到这个文件夹（默认：网站里的 public-wechat/）",
    ),
    (
        "wechat.export.allow_private",
        "页面自己的隐私例外（[extra.privacy]）对公众号也有效",
    ),
    ("wechat.export.drafts", "连草稿一起导出"),
    (
        "wechat.sync",
        "把新闻同步到公众号草稿箱（或只同步指定的几篇）",
    ),
    ("wechat.sync.pages", "新闻文件的路径（默认：全部新闻）"),
    ("wechat.sync.dry_run", "只列出要做什么，一个请求都不发"),
    (
        "wechat.sync.publish",
        "同步后提交发布（freepublish/submit）",
    ),
    (
        "wechat.sync.account",
        "用 [extra.yiyong.wechat.accounts] 里的哪个公众号（有几个时必须写）",
    ),
    (
        "wechat.sync.allow_private",
        "页面自己的隐私例外（[extra.privacy]）对公众号也有效",
    ),
];

/// Chinese names of commands, accepted in any language and shown in the Chinese help.
const ALIASES: &[(&str, &[&str])] = &[
    ("build", &["生成", "构建"]),
    ("serve", &["预览"]),
    ("check", &["检查"]),
    ("new", &["新建"]),
    ("init", &["建站"]),
    ("doctor", &["体检"]),
    ("import", &["导入"]),
    ("wechat", &["公众号"]),
    ("export", &["导出"]),
    ("sync", &["同步"]),
];

/// Chinese names of the values options take, by option id (`<文件夹>` for `<DIR>`).
const VALUE_NAMES: &[(&str, &str)] = &[
    ("root", "文件夹"),
    ("config", "文件"),
    ("dir", "文件夹"),
    ("output_dir", "文件夹"),
    ("extra_watch_path", "文件夹"),
    ("out", "文件夹"),
    ("base_url", "网址"),
    ("kind", "类型"),
    ("title", "标题"),
    ("date", "日期"),
    ("pages", "页面"),
    ("account", "名称"),
    ("file", "表格"),
    ("sheet", "工作表"),
    ("map", "文件"),
    ("into", "文件夹"),
    ("key", "列"),
    ("interface", "地址"),
    ("port", "端口"),
    ("debounce", "毫秒"),
];

const TEMPLATE_ZH: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn help_for(path: &str) -> Option<&'static str> {
    HELP.iter().find(|(p, _)| *p == path).map(|(_, h)| *h)
}

/// The command tree with its Chinese names, and in Chinese throughout when `zh`.
pub fn localize(cmd: Command, zh: bool) -> Command {
    walk(cmd, "", zh)
}

fn walk(mut cmd: Command, path: &str, zh: bool) -> Command {
    let name = cmd.get_name().to_string();
    if let Some((_, names)) = ALIASES.iter().find(|(n, _)| *n == name) {
        cmd = match zh {
            true => cmd.visible_aliases(names.iter().copied()),
            false => cmd.aliases(names.iter().copied()),
        };
    }
    if zh {
        if let Some(h) = help_for(path) {
            cmd = cmd.about(h).long_about(None);
        }
        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .collect();
        for id in ids {
            let key = if path.is_empty() {
                id.clone()
            } else {
                format!("{path}.{id}")
            };
            let help = help_for(&key);
            let value = VALUE_NAMES.iter().find(|(k, _)| *k == id).map(|(_, v)| *v);
            cmd = cmd.mut_arg(id, |a| {
                let heading = if a.is_positional() {
                    "参数"
                } else {
                    "选项"
                };
                // The help says what the default is, in words.
                let takes_value = a.get_action().takes_values();
                let mut a = a.help_heading(heading).hide_default_value(takes_value);
                if let Some(v) = value {
                    a = a.value_name(v);
                }
                match help {
                    Some(h) => a.help(h).long_help(None),
                    None => a,
                }
            });
        }
        cmd = cmd
            .help_template(TEMPLATE_ZH)
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令")
            .disable_help_flag(true)
            .disable_help_subcommand(true)
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help("显示帮助")
                    .help_heading("选项"),
            );
        if path.is_empty() {
            cmd = cmd.disable_version_flag(true).arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("显示版本号")
                    .help_heading("选项"),
            );
        }
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        let p = if path.is_empty() {
            sub.clone()
        } else {
            format!("{path}.{sub}")
        };
        cmd = cmd.mut_subcommand(sub, |s| walk(s, &p, zh));
    }
    cmd
}

/// A command line clap refused, said in Chinese: what is wrong, clap's suggestion, and where
/// the help is. None for what is not a mistake (help and version) or not worth translating.
pub fn clap_error(e: &clap::Error, program: &str) -> Option<String> {
    use crate::messages as m;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(" "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let (msg, what) = match e.kind() {
        ErrorKind::MissingRequiredArgument => (m::ARG_MISSING, ctx(ContextKind::InvalidArg)),
        ErrorKind::UnknownArgument => (m::ARG_UNKNOWN, ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => (m::COMMAND_UNKNOWN, ctx(ContextKind::InvalidSubcommand)),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let v = format!(
                "{} {}",
                ctx(ContextKind::InvalidArg),
                ctx(ContextKind::InvalidValue)
            );
            (m::VALUE_INVALID, v)
        }
        ErrorKind::MissingSubcommand => (m::COMMAND_MISSING, String::new()),
        _ => return None,
    };
    let mut out = format!(
        "{}：{}",
        m::ERROR.text(),
        msg.fmt(&[("what", &what.trim())])
    );
    let suggested = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .map(ctx)
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        out.push_str(&format!(
            "\n  {}：{}",
            m::HINT.text(),
            m::DID_YOU_MEAN.fmt(&[("what", &s)])
        ));
    }
    out.push_str(&format!("\n{}", m::SEE_HELP.fmt(&[("usage", &program)])));
    Some(out)
}

#[cfg(test)]
pub fn missing(cmd: &Command, path: &str, out: &mut Vec<String>) {
    if help_for(path).is_none() {
        out.push(format!("command `{path}`"));
    }
    for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let id = a.get_id().as_str();
        if matches!(id, "help" | "version") {
            continue;
        }
        let key = if path.is_empty() {
            id.to_string()
        } else {
            format!("{path}.{id}")
        };
        if help_for(&key).is_none() {
            out.push(key);
        }
    }
    for s in cmd.get_subcommands() {
        let p = if path.is_empty() {
            s.get_name().to_string()
        } else {
            format!("{path}.{}", s.get_name())
        };
        missing(s, &p, out);
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn every_command_and_option_has_chinese_help() {
        let mut out = vec![];
        super::missing(&crate::cli::Cli::command(), "", &mut out);
        assert_eq!(out, Vec::<String>::new());
    }

    /// clap checks a command's settings only when it is used: every command is built here,
    /// in both languages, so a setting clap refuses fails this test instead of a clerk's run.
    #[test]
    fn every_command_builds_in_both_languages() {
        for zh in [false, true] {
            let mut cmd = super::localize(crate::cli::Cli::command(), zh);
            cmd.build();
            fn all(c: &mut clap::Command) {
                c.build();
                let _ = c.render_help();
                for s in c.get_subcommands_mut() {
                    all(s);
                }
            }
            all(&mut cmd);
        }
    }
}
