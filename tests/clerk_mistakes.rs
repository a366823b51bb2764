//! A clerk's mistakes, as a clerk types them with a Chinese input method, and the exact
//! Chinese message and hint each one gets (file and line included). Every row builds its own
//! small site with `YIYONG_LANG=zh` and compares every error, warning and hint line printed.

mod common;
use common::*;

const CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"测试\"\ntaxonomies = [{ name = \"districts\" }]\n[extra.yiyong]\n";

/// A hero page whose line 5 is `line`.
fn hero(line: &str) -> String {
    format!("+++\ntitle = \"甲\"\n[extra.hero]\nname = \"张三\"\n{line}\n+++\n正文\n")
}

/// A place page whose line 5 is `line`.
fn place(line: &str) -> String {
    format!("+++\ntitle = \"公园\"\n[extra.place]\nkind = \"广场\"\n{line}\n+++\n正文\n")
}

struct Row {
    name: &'static str,
    file: &'static str,
    text: String,
    /// The error, warning and hint lines printed, in order (`./` paths as a clerk sees them).
    expect: &'static str,
}

fn row(
    name: &'static str,
    file: &'static str,
    text: impl Into<String>,
    expect: &'static str,
) -> Row {
    Row {
        name,
        file,
        text: text.into(),
        expect,
    }
}

const FW: &str = "（标点要在英文输入状态下输入，按 Shift 键可切换；引号里面的文字可以是中文）";

fn rows() -> Vec<Row> {
    let h = "content/heroes/a.md";
    let p = "content/places/a.md";
    vec![
        // Full-width punctuation and digits, each class.
        row("中文引号", h, hero("summary = “勇救落水儿童”"),
            "错误：./content/heroes/a.md 第 5 行：你输入了中文引号 “ ”，请改成英文双引号 \" \"\n  提示：这一行应写成：summary = \"勇救落水儿童\"FW"),
        row("中文单引号", h, hero("summary = ‘勇救’"),
            "错误：./content/heroes/a.md 第 5 行：你输入了中文单引号 ‘ ’，请改成英文双引号 \" \"\n  提示：这一行应写成：summary = \"勇救\"FW"),
        row("中文冒号当等号", h, hero("summary：\"勇救\""),
            "错误：./content/heroes/a.md 第 5 行：你输入了中文冒号 ：，请改成英文等号 =\n  提示：这一行应写成：summary = \"勇救\"FW"),
        row("冒号和引号同一行", h, hero("summary：“勇救”"),
            "错误：./content/heroes/a.md 第 5 行：你输入了中文冒号 ：，请改成英文等号 =\n  提示：这一行应写成：summary = \"勇救\"FW\n错误：./content/heroes/a.md 第 5 行：你输入了中文引号 “ ”，请改成英文双引号 \" \"\n共 2 处错误。"),
        row("全角等号", h, hero("summary ＝ \"勇救\""),
            "错误：./content/heroes/a.md 第 5 行：你输入了全角等号 ＝，请改成英文等号 =\n  提示：这一行应写成：summary = \"勇救\"FW"),
        row("中文方括号", h, "+++\ntitle = \"甲\"\n【extra.hero】\nname = \"张三\"\n+++\n",
            "错误：./content/heroes/a.md 第 3 行：你输入了中文方括号 【 】，请改成英文方括号 [ ]\n  提示：这一行应写成：[extra.hero]FW"),
        row("中文逗号", p, place("photos = [\"a.jpg\"，\"b.jpg\"]"),
            "错误：./content/places/a.md 第 5 行：你输入了中文逗号 ，，请改成英文逗号 ,\n  提示：这一行应写成：photos = [\"a.jpg\",\"b.jpg\"]FW"),
        row("顿号", p, place("photos = [\"a.jpg\"、\"b.jpg\"]"),
            "错误：./content/places/a.md 第 5 行：你输入了顿号 、，请改成英文逗号 ,\n  提示：这一行应写成：photos = [\"a.jpg\",\"b.jpg\"]FW"),
        row("全角数字", h, hero("age = ３０"),
            "错误：./content/heroes/a.md 第 5 行：你输入了全角数字 ３０，请改成半角数字 30\n  提示：这一行应写成：age = 30FW"),
        row("全角空格", h, hero("age　= 30"),
            "错误：./content/heroes/a.md 第 5 行：你输入了全角空格 「　」，请改成普通空格 「 」\n  提示：这一行应写成：age = 30FW"),
        row("中文句号当小数点", p, "+++\ntitle = \"公园\"\n[extra.place]\nkind = \"广场\"\n[extra.place.coordinates]\nlat = 34。75\nlon = 113.6\n+++\n",
            "错误：./content/places/a.md 第 6 行：你输入了中文句号 。，请改成英文句点 .\n  提示：这一行应写成：lat = 34.75FW"),
        row("全角减号", h, hero("deed_date = 2024－05－01"),
            "错误：./content/heroes/a.md 第 5 行：你输入了全角减号 －，请改成英文短横线 -\n  提示：这一行应写成：deed_date = 2024-05-01FW"),
        row("全角井号", h, hero("＃ 备注：待核实"),
            "错误：./content/heroes/a.md 第 5 行：你输入了全角井号 ＃，请改成英文井号 #\n  提示：这一行应写成：# 备注：待核实FW"),
        row("全角加号", h, "＋＋＋\ntitle = \"甲\"\n＋＋＋\n",
            "错误：./content/heroes/a.md 第 1 行：你输入了全角加号 ＋＋＋，请改成英文加号 +++\n  提示：这一行应写成：+++FW"),
        // Dates.
        row("日期用斜线", h, "+++\ntitle = \"甲\"\ndate = 2026/12/01\n[extra.hero]\nname = \"张三\"\n+++\n",
            "错误：./content/heroes/a.md 第 3 行：日期 2026/12/01 写法不对：年、月、日之间要用短横线 - 分开，不能用 /\n  提示：请写成：date = 2026-12-01"),
        row("日期少一位", h, "+++\ntitle = \"甲\"\ndate = 2026-12-1\n[extra.hero]\nname = \"张三\"\n+++\n",
            "错误：./content/heroes/a.md 第 3 行：日期 2026-12-1 写法不对：月和日都要写两位数，不足两位前面补 0\n  提示：请写成：date = 2026-12-01"),
        row("没有的日子", h, "+++\ntitle = \"甲\"\ndate = 2026-02-30\n[extra.hero]\nname = \"张三\"\n+++\n",
            "错误：./content/heroes/a.md 第 3 行：日期 2026-02-30 写法不对：2026 年 2 月没有 30 日（这个月只有 28 天）\n  提示：date 要写成“年-月-日”，月和日都写两位，例如 2024-07-21"),
        row("年月日", h, "+++\ntitle = \"甲\"\ndate = 2026年12月1日\n[extra.hero]\nname = \"张三\"\n+++\n",
            "错误：./content/heroes/a.md 第 3 行：日期 2026年12月1日 写法不对：日期要用数字和短横线写，不能写“年月日”\n  提示：请写成：date = 2026-12-01"),
        row("带引号的错日期", h, "+++\ntitle = \"甲\"\ndate = \"2026-13-01\"\n[extra.hero]\nname = \"张三\"\n+++\n",
            "错误：./content/heroes/a.md 第 3 行：日期 2026-13-01 写法不对：没有 13 月\n  提示：date 要写成“年-月-日”，月和日都写两位，例如 2024-07-21"),
        row("事迹日期用斜线", h, hero("deed_date = \"2026/12/01\""),
            "错误：./content/heroes/a.md 第 5 行：extra.hero.deed_date 要写成日期，例如 2024-07-21，不能写 \"2026/12/01\"\n  提示：年、月、日之间要用短横线 - 分开，不能用 /；请写成：deed_date = 2026-12-01"),
        row("活动时间写年月日", "content/events/a.md", "+++\ntitle = \"会\"\n[extra.event]\nstart = \"2027年1月5日\"\n+++\n",
            "错误：./content/events/a.md 第 4 行：extra.event.start 要写成日期或日期加时间，例如 2024-07-21 或 2024-07-21T09:30:00，不能写 \"2027年1月5日\"\n  提示：日期要用数字和短横线写，不能写“年月日”；请写成：start = 2027-01-05"),
        // Did you mean: tables and keys.
        row("表名拼错", h, "+++\ntitle = \"甲\"\n[extra.heros]\nname = \"张三\"\n+++\n",
            "错误：./content/heroes/a.md 第 3 行：英模页面要有 [extra.hero] 资料表；你写的 [extra.heros] 是不是 [extra.hero]？"),
        row("字段名拼错", h, "+++\ntitle = \"甲\"\n[extra.hero]\nnmae = \"张三\"\n+++\n",
            "错误：./content/heroes/a.md 第 4 行：[extra.hero] 里没有 nmae 这一项；是不是要写 name？\n错误：./content/heroes/a.md 第 3 行：[extra.hero] 缺少必填项 name\n  提示：加上一行：name = …\n共 2 处错误。"),
        row("荣誉表拼错", h, hero("[[extra.hero.honors]]\ntitle = \"模范\"\nlevel = \"市级\"\nyear = 2024"),
            "错误：./content/heroes/a.md 第 5 行：[extra.hero] 里没有 honors 这一项；是不是要写 honours？"),
        row("坐标表拼错", p, place("[extra.place.coordinate]\nlat = 34.7\nlon = 113.6"),
            "错误：./content/places/a.md 第 5 行：[extra.place] 里没有 coordinate 这一项；是不是要写 coordinates？"),
        row("字段名写中文", h, hero("事迹 = \"勇救\""),
            "错误：./content/heroes/a.md 第 5 行：字段名「事迹」要用英文写\n  提示：「事迹」应写成 summary"),
        row("页面字段拼错", h, "+++\ntitle = \"甲\"\ndescripton = \"简介\"\n[extra.hero]\nname = \"张三\"\n+++\n正文\n",
            "警告：./content/heroes/a.md 第 3 行：「descripton」不是页面的字段，不起作用\n  提示：是不是要写 description？"),
        row("分类名拼错", h, "+++\ntitle = \"甲\"\n[taxonomies]\ndistrict = [\"金水区\"]\n[extra.hero]\nname = \"张三\"\n+++\n",
            "错误：./content/heroes/a.md 第 4 行：没有「district」这个分类\n  提示：是不是要写 districts？config.toml 里的分类有：districts, hero-years, hero-levels, news-categories"),
        // Missing required fields.
        row("英模没有姓名", h, "+++\ntitle = \"甲\"\n[extra.hero]\nstatus = \"在世\"\n+++\n",
            "错误：./content/heroes/a.md 第 3 行：[extra.hero] 缺少必填项 name\n  提示：加上一行：name = …"),
        row("阵地没有类型", p, "+++\ntitle = \"公园\"\n[extra.place]\naddress = \"某路\"\n+++\n",
            "错误：./content/places/a.md 第 3 行：[extra.place] 缺少必填项 kind\n  提示：加上一行：kind = …"),
        row("活动没有资料表", "content/events/a.md", "+++\ntitle = \"会\"\n+++\n",
            "错误：./content/events/a.md：活动页面要有 [extra.event] 资料表（可以用 yiyong new 活动 生成一个看看）"),
        row("新闻没有日期", "content/news/a.md", "+++\ntitle = \"消息\"\n+++\n",
            "错误：./content/news/a.md：新闻要写日期 date\n  提示：加上一行：date = 2024-07-21（发布日期）"),
        // Wrong types.
        row("年份写汉字", h, hero("[[extra.hero.honours]]\ntitle = \"模范\"\nlevel = \"市级\"\nyear = \"二〇二四\""),
            "错误：./content/heroes/a.md 第 8 行：extra.hero.honours[1].year 要写成年份数字，例如 2023（不加引号），不能写 \"二〇二四\"\n  提示：请写成：year = 2024"),
        row("是否加了引号", h, hero("anonymous = \"是\""),
            "错误：./content/heroes/a.md 第 5 行：extra.hero.anonymous 只能写 true（是）或 false（否），不能写 \"是\"\n  提示：不加引号：anonymous = true"),
        row("是否写汉字", h, hero("anonymous = 否"),
            "错误：./content/heroes/a.md 第 5 行：anonymous 只能写 true（是）或 false（否），不能写 否\n  提示：请写成：anonymous = false"),
        row("年龄写汉字", h, hero("age = \"三十\""),
            "错误：./content/heroes/a.md 第 5 行：extra.hero.age 要写 0 到 120 之间的整数（不加引号），不能写 \"三十\""),
        row("数字带单位", h, hero("age = 30岁"),
            "错误：./content/heroes/a.md 第 5 行：30岁：数字后面不要写单位\n  提示：请写成：age = 30"),
        row("文字没加引号", h, hero("summary = 勇救落水儿童"),
            "错误：./content/heroes/a.md 第 5 行：文字 勇救落水儿童 要用英文双引号括起来\n  提示：请写成：summary = \"勇救落水儿童\""),
        row("等号后面没有值", h, hero("summary ="),
            "错误：./content/heroes/a.md 第 5 行：summary 的等号后面没有值\n  提示：写上它的值；不填就删掉这一行，或在行首加 #"),
        // Values not in the list.
        row("状态不在列表里", h, hero("status = \"alive\""),
            "错误：./content/heroes/a.md 第 5 行：extra.hero.status 填的是 \"alive\"，只能填：在世 living、负伤 injured、牺牲 sacrificed"),
        row("阵地类型不在列表里", p, "+++\ntitle = \"公园\"\n[extra.place]\nkind = \"公园\"\n+++\n",
            "错误：./content/places/a.md 第 4 行：extra.place.kind 填的是 \"公园\"，只能填：主题公园 theme_park、长廊 corridor、游园 garden、广场 square、示范单位 demonstration_unit、工作站 work_station、展馆 museum、志愿服务队基地 volunteer_base、景区阵地 scenic_area"),
        row("荣誉级别不在列表里", h, hero("[[extra.hero.honours]]\ntitle = \"模范\"\nlevel = \"city\"\nyear = 2024"),
            "错误：./content/heroes/a.md 第 7 行：extra.hero.honours[1].level 填的是 \"city\"，只能填：国家级 national、省级 provincial、市级 municipal、县级 county"),
        // Values pasted from a spreadsheet.
        row("表格里的制表符", h, hero("status = \"在世\t\""),
            "错误：./content/heroes/a.md 第 5 行：extra.hero.status 填的是 \"在世\\t\"，只能填：在世 living、负伤 injured、牺牲 sacrificed\n  提示：值的前后有多余的空格或制表符（从表格复制时常见），请删掉：status = \"在世\""),
        row("千位分隔符", h, hero("birth_year = 1,990"),
            "错误：./content/heroes/a.md 第 5 行：数字 1,990 里有千位分隔符（从表格复制时常见），要去掉\n  提示：请写成：birth_year = 1990"),
        // How the file is saved.
        row("BOM 开头", h, format!("\u{feff}{}", hero("summary = “勇救”")),
            "错误：./content/heroes/a.md 第 5 行：你输入了中文引号 “ ”，请改成英文双引号 \" \"\n  提示：这一行应写成：summary = \"勇救\"FW"),
        row("CRLF 换行", h, hero("summary = “勇救”").replace('\n', "\r\n"),
            "错误：./content/heroes/a.md 第 5 行：你输入了中文引号 “ ”，请改成英文双引号 \" \"\n  提示：这一行应写成：summary = \"勇救\"FW"),
        row("BOM 和 CRLF 都没问题", h, format!("\u{feff}{}", hero("status = \"在世\"").replace('\n', "\r\n")), ""),
        row("空文件", h, "",
            "错误：./content/heroes/a.md 第 1 行：文件是空的\n  提示：用 yiyong new 重新生成这篇内容，或删除这个文件"),
        row("资料卡没有结束", h, "+++\ntitle = \"甲\"\n[extra.hero]\nname = \"张三\"\n正文\n",
            "错误：./content/heroes/a.md 第 1 行：资料卡没有结束：找不到第二个 +++ 行\n  提示：在资料卡最后一项下面加一行，只写 +++（英文加号）"),
        row("没有资料卡", h, "张三勇救落水儿童。\n",
            "错误：./content/heroes/a.md 第 1 行：文件开头没有资料卡：第一行应是 +++\n  提示：第一行写 +++，接着写 title = \"标题\"，再写一行 +++；用 yiyong new 生成的文件就是这样"),
        // A personal number in the text: the privacy check's hint in Chinese too.
        row("正文里的手机号", h, hero("status = \"在世\"").replace("正文", "联系电话 13812345678。"),
            "错误：./content/heroes/a.md 第 7 行：手机号码 138****5678 不能发布（mobile number）；请删除或改为 138****5678 的遮挡形式\n  提示：删除这个号码，或改写成遮挡形式 138****5678；协会自己公开的电话写在 config.toml 的 [extra.yiyong.privacy] allow 里；如果它不是个人号码（金额、案号等），在本页的 [extra.privacy] allow 里写上它，并写明理由（reason）"),
        // The config file.
        row("配置文件中文引号", "config.toml", CONFIG.replace("\"测试\"", "“测试”"),
            "错误：./config.toml 第 2 行：你输入了中文引号 “ ”，请改成英文双引号 \" \"\n  提示：这一行应写成：title = \"测试\"FW"),
        row("配置文件全角等号", "config.toml", CONFIG.replace("title = ", "title ＝ "),
            "错误：./config.toml 第 2 行：你输入了全角等号 ＝，请改成英文等号 =\n  提示：这一行应写成：title = \"测试\"FW"),
    ]
}

fn site() -> Fixture {
    let f = Fixture::with_templates(CONFIG);
    f.file("content/heroes/_index.md", "+++\ntitle = \"英雄谱\"\n+++\n")
        .file("content/places/_index.md", "+++\ntitle = \"阵地\"\n+++\n")
        .file("content/events/_index.md", "+++\ntitle = \"活动\"\n+++\n")
        .file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n")
        .file("templates/districts/list.html", "")
        .file("templates/districts/single.html", "");
    f
}

/// The error, warning and hint lines of a run (what a clerk reads), in order.
fn said(stderr: &str) -> String {
    let keep = |l: &&str| {
        ["错误：", "警告：", "  提示：", "共 "]
            .iter()
            .any(|p| l.starts_with(p))
    };
    stderr.lines().filter(keep).collect::<Vec<_>>().join("\n")
}

#[test]
fn each_clerk_mistake_gets_its_chinese_message_and_hint() {
    let rows = rows();
    assert!(rows.len() >= 30, "{} rows", rows.len());
    let mut failed = vec![];
    for r in &rows {
        let f = site();
        f.file(r.file, &r.text);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_yiyong"))
            .arg("build")
            .current_dir(f.root())
            .env("YIYONG_LANG", "zh")
            .output()
            .expect("run yiyong");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let expect = r.expect.replace("FW", FW);
        let got = said(&stderr);
        let errors = expect.contains("错误：");
        if got != expect || out.status.success() == errors {
            failed.push(format!(
                "── {} (exit {:?})\nexpected:\n{expect}\ngot:\n{got}\nstderr:\n{stderr}",
                r.name,
                out.status.code()
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} rows:\n{}",
        failed.len(),
        rows.len(),
        failed.join("\n")
    );
}

/// All the content's mistakes come in one build, each file with its own.
#[test]
fn a_build_reports_every_clerk_mistake_at_once() {
    let f = site();
    f.file("content/heroes/a.md", &hero("summary = “勇救”"))
        .file("content/heroes/b.md", &hero("age = ３０"))
        .file("content/heroes/c.md", &hero("status = \"alive\""))
        .file(
            "content/news/d.md",
            "+++\ntitle = \"消息\"\ndate = 2026/12/01\n+++\n",
        );
    let out = f.run(&["--lang", "zh", "build"]);
    let got = said(&String::from_utf8_lossy(&out.stderr));
    for file in [
        "heroes/a.md 第 5 行",
        "heroes/b.md 第 5 行",
        "heroes/c.md 第 5 行",
        "news/d.md 第 3 行",
    ] {
        assert!(got.contains(file), "{file}: {got}");
    }
    assert!(got.ends_with("共 4 处错误。"), "{got}");
}

/// English is the default, and the same mistakes are explained in English.
#[test]
fn in_english_the_same_explanations() {
    let f = site();
    f.file("content/heroes/a.md", &hero("summary = “勇救”"));
    let err = f.build_err();
    assert!(
        err.contains("error: ./content/heroes/a.md:5: you typed Chinese quotes “ ”; type straight double quotes \" \" instead"),
        "{err}"
    );
}
