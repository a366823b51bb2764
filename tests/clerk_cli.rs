//! The command line as a staff member meets it: help and messages in Chinese when the locale
//! or `--lang` says so (English otherwise), Chinese command names, `init --help` without
//! options that mean nothing there, and `yiyong doctor` on a new site and on the demo.

mod common;

use std::path::Path;
use std::process::{Command, Output};

/// Runs yiyong with exactly these language variables (the others removed).
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yiyong"));
    c.args(args).current_dir(dir);
    for k in ["YIYONG_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        c.env_remove(k);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run yiyong")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn help_follows_the_locale_and_the_lang_option() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let zh = [
        (vec!["--help"], vec![("LANG", "zh_CN.UTF-8")]),
        (
            vec!["--help"],
            vec![("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")],
        ),
        (vec!["--help"], vec![("LC_MESSAGES", "zh_TW.UTF-8")]),
        (
            vec!["--help"],
            vec![("YIYONG_LANG", "zh"), ("LANG", "C.UTF-8")],
        ),
        (vec!["--lang", "zh", "--help"], vec![]),
        (vec!["--lang=zh", "--help"], vec![]),
    ];
    for (args, env) in &zh {
        let out = text(&run(d, args, env));
        assert!(out.contains("用法：yiyong"), "{args:?} {env:?}: {out}");
        assert!(
            out.contains("新建一篇内容：英模、阵地、活动、新闻或志愿者队伍"),
            "{out}"
        );
        assert!(out.contains("[alias: 新建]"), "Chinese names shown: {out}");
        assert!(!out.contains("Usage:"), "{out}");
    }
    // `help` typed as a command, in either language's word.
    for args in [vec!["help", "新建"], vec!["帮助", "new"]] {
        let out = text(&run(d, &args, &[("LANG", "zh_CN.UTF-8")]));
        assert!(out.contains("用法：yiyong new"), "{args:?}: {out}");
    }
    let en = [
        (vec!["--help"], vec![]),
        (vec!["--help"], vec![("LANG", "en_US.UTF-8")]),
        (
            vec!["--lang", "en", "--help"],
            vec![("LANG", "zh_CN.UTF-8")],
        ),
        (
            vec!["--help"],
            vec![("YIYONG_LANG", "en"), ("LANG", "zh_CN.UTF-8")],
        ),
    ];
    for (args, env) in &en {
        let out = text(&run(d, args, env));
        assert!(out.contains("Usage: yiyong"), "{args:?} {env:?}: {out}");
        assert!(out.contains("Create a content file"), "{out}");
        assert!(!out.contains("新建一篇内容"), "{out}");
    }
}

#[test]
fn every_command_has_chinese_help() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [
        &["build"][..],
        &["serve"],
        &["check"],
        &["new"],
        &["init"],
        &["doctor"],
        &["wechat"],
        &["wechat", "export"],
        &["wechat", "sync"],
    ] {
        let mut args = vec!["--lang", "zh"];
        args.extend_from_slice(cmd);
        args.push("--help");
        let out = run(dir.path(), &args, &[]);
        let said = text(&out);
        assert!(out.status.success(), "{cmd:?}: {said}");
        assert!(
            said.contains("用法：") && said.contains("选项:"),
            "{cmd:?}: {said}"
        );
        assert!(
            !said.contains("Print help") && !said.contains("Options:"),
            "{cmd:?}: {said}"
        );
    }
}

#[test]
fn init_help_offers_no_root_option() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "zh"] {
        let out = text(&run(dir.path(), &["--lang", lang, "init", "--help"], &[]));
        assert!(!out.contains("--root"), "{out}");
        assert!(!out.contains("--config"), "{out}");
        assert!(out.contains("[DIR]") || out.contains("[文件夹]"), "{out}");
    }
    // Typed anyway, --root is the folder; with a different DIR, an error saying so.
    let out = run(dir.path(), &["init", "--root", "site"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(dir.path().join("site/config.toml").exists());
    let out = run(
        dir.path(),
        &["--lang", "zh", "init", "a", "--root", "b"],
        &[],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("错误：写了两个文件夹：a 和 --root b"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_clerks_first_hero_in_chinese_commands() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let zh = [("LANG", "zh_CN.UTF-8")];
    let out = run(d, &["建站", "协会网站"], &zh);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("已在 协会网站 新建网站"),
        "{}",
        text(&out)
    );
    let site = d.join("协会网站");
    let out = run(&site, &["新建", "英模", "王小明"], &zh);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("已新建 content/heroes/wang-xiao-ming.md"),
        "{said}"
    );
    assert!(said.contains("删除 draft = true 这一行"), "{said}");
    let out = run(&site, &["生成", "--drafts"], &zh);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("已生成"), "{}", text(&out));
    let out = run(&site, &["构建"], &zh);
    assert!(
        text(&out).contains("有 1 篇草稿（draft = true）没有发布"),
        "{}",
        text(&out)
    );
    let out = run(&site, &["新建", "英模们", "某"], &zh);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("错误：没有「英模们」这种内容"),
        "{}",
        text(&out)
    );
}

#[test]
fn doctor_on_a_new_site_names_the_address_and_the_filing_numbers() {
    let site = common::InitSite::new();
    let out = run(&site, &["doctor"], &[("YIYONG_LANG", "zh")]);
    assert!(
        out.status.success(),
        "advice, not a failure: {}",
        text(&out)
    );
    let said = text(&out);
    for line in [
        "✗ config.toml 第 2 行：网站地址 base_url 还是示例地址 https://example.org",
        "✗ config.toml：没有填 ICP 备案号（[extra] 下的 icp）",
        "✗ config.toml：没有填公安备案号（[extra] 下的 police_beian）",
        "✗ 没有协会标志：网站现在用的是主题自带的图标",
        "发布前还有 4 项要处理。",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
    // A hero without district, a picture without description, an event without end.
    site.write(
        "content/heroes/a.md",
        "+++\ntitle = \"甲\"\n[extra.hero]\nname = \"甲\"\n+++\n![](images/a.jpg)\n",
    );
    site.write(
        "content/events/b.md",
        "+++\ntitle = \"会\"\n[extra.event]\nstart = 2027-01-05\n+++\n",
    );
    site.write("static/favicon.svg", "<svg/>");
    let said = text(&run(&site, &["doctor"], &[("YIYONG_LANG", "zh")]));
    for line in [
        "✗ content/events/b.md 第 4 行：活动没有写结束时间 end",
        "✗ content/heroes/a.md 第 4 行：英模没有写所在地区 district",
        "✗ content/heroes/a.md 第 6 行：图片 images/a.jpg 没有说明文字（alt）",
        "✓ 协会标志：static/favicon.svg",
        "发布前还有 6 项要处理。",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
    // Filled in, they are reported as in order.
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    let config = config
        .replace("https://example.org", "https://www.xxjyyw.org.cn")
        .replace(
            "# icp = \"某ICP备00000000号\"",
            "icp = \"豫ICP备12345678号\"",
        );
    site.write("config.toml", &config);
    let said = text(&run(&site, &["doctor"], &[("YIYONG_LANG", "zh")]));
    assert!(
        said.contains("✓ 网站地址：https://www.xxjyyw.org.cn"),
        "{said}"
    );
    assert!(said.contains("✓ ICP 备案号：豫ICP备12345678号"), "{said}");
    // A logo kept where the build finds it but not in static/ (here content/): the header
    // shows it, so doctor does not say there is none (it looked in static/ only).
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    let config = config.replace("# logo = \"images/logo.png\"", "logo = \"images/logo.png\"");
    site.write("config.toml", &config);
    std::fs::remove_file(site.join("static/favicon.svg")).unwrap();
    std::fs::create_dir_all(site.join("content/images")).unwrap();
    std::fs::write(
        site.join("content/images/logo.png"),
        common::photos::png(64, 64),
    )
    .unwrap();
    let said = text(&run(&site, &["doctor"], &[("YIYONG_LANG", "zh")]));
    assert!(
        said.contains("✓ 协会标志：content/images/logo.png"),
        "{said}"
    );
    assert!(!said.contains("没有协会标志"), "{said}");
}

#[test]
fn doctor_on_the_demo_site() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run(root, &["doctor"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains(
            "config.toml:2: base_url is still the example address https://demo.yiyong.example"
        ),
        "{said}"
    );
    assert!(
        said.contains("the ICP filing number is still the example: 示ICP备00000000号"),
        "{said}"
    );
    assert!(said.contains("the event has no end time (end)"), "{said}");
    assert!(!said.contains("the hero has no district"), "{said}");
}

#[test]
fn command_line_mistakes_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let zh = [("LANG", "zh_CN.UTF-8")];
    for (args, said) in [
        (&["新建", "英模"][..], "错误：少写了：<标题>\n查看用法：yiyong 新建 --help"),
        (&["buidl"], "错误：没有这个命令：buidl\n  提示：是不是要写 build？\n查看用法：yiyong --help"),
        (&["build", "--draft"], "错误：不认识的选项 --draft\n  提示：是不是要写 --drafts？\n查看用法：yiyong build --help"),
    ] {
        let out = run(dir.path(), args, &zh);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr).trim_end(), said, "{args:?}");
    }
    // In English, clap's own words.
    let out = run(dir.path(), &["build", "--draft"], &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unexpected argument '--draft'"));
}

/// Runs `serve` in `site` until its first page is read: (first line, page, stderr).
fn serve_once(site: &Path) -> (String, String, String) {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(["serve", "--port", "0"])
        .current_dir(site)
        .env("YIYONG_LANG", "zh")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let port = first
        .split("127.0.0.1:")
        .nth(1)
        .unwrap_or("")
        .split('/')
        .next()
        .unwrap_or("");
    let mut page = String::new();
    if let Ok(mut conn) = std::net::TcpStream::connect(format!("127.0.0.1:{port}")) {
        conn.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        conn.read_to_string(&mut page).unwrap();
    }
    let _ = child.kill();
    let _ = child.wait();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (first, page, stderr)
}

/// `serve`, which the guide recommends while writing, explains mistakes the same way: in the
/// terminal and in the box at the top of the preview page; its warnings are framed in Chinese.
#[test]
fn serve_explains_mistakes_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["init", "site"], &[]).status.success());
    let site = dir.path().join("site");
    let hero = site.join("content/heroes/a.md");
    std::fs::write(
        &hero,
        "+++\ntitle = \"甲\"\n[extra.hero]\nname = “张三”\n+++\n",
    )
    .unwrap();
    let (first, page, stderr) = serve_once(&site);
    assert!(
        first.contains("请在浏览器打开 http://127.0.0.1:"),
        "{first}"
    );
    let said = "content/heroes/a.md 第 4 行：你输入了中文引号 “ ”，请改成英文双引号";
    assert!(stderr.contains(said), "{stderr}");
    assert!(page.contains("你输入了中文引号"), "{page}");
    // Fixed, the site builds; init's about page still holds the placeholder text.
    std::fs::write(
        &hero,
        "+++\ntitle = \"甲\"\n[extra.hero]\nname = \"张三\"\n+++\n",
    )
    .unwrap();
    let (_, _, stderr) = serve_once(&site);
    let warned = "警告：./content/about.md 第 5 行：还留着占位文字「在这里介绍协会。」";
    assert!(stderr.contains(warned), "{stderr}");
}
