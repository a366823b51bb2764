//! Service pages (办事指南, issue 25): how to apply for 确认, award standards, benefits and
//! donations, as typed pages with the default theme's templates; their mistakes named with file
//! and line; `yiyong new service` writing one that builds.

mod common;
use common::*;

const CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"示例协会\"\ntheme = \"yiyong\"\n[extra.yiyong]\n";

fn site() -> Fixture {
    let f = Fixture::new(CONFIG);
    with_default_theme(&f);
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file(
            "content/services/_index.md",
            "+++\ntitle = \"办事指南\"\ntemplate = \"services.html\"\npage_template = \"service.html\"\nsort_by = \"weight\"\n+++\n",
        );
    f
}

const APPLY: &str = r#"+++
title = "申报确认指南"
weight = 1
[extra.service]
topic = "apply"
summary = "向协会报告见义勇为行为。"
hotline = "0371-6000 0000（工作日）"
steps = ["报告线索", "提交申请", "调查核实"]
documents = ["申报表", "证明材料"]
basis = ["《某省见义勇为人员奖励和保护条例》"]
+++
先打电话咨询。
"#;

const AWARD: &str = r#"+++
title = "奖励标准"
weight = 2
[extra.service]
topic = "表彰奖励"
[[extra.service.standards]]
item = "见义勇为英雄"
amount = "20万元"
note = "一次性奖励"
[[extra.service.standards]]
item = "受伤人员"
amount = "4万元至8万元"
+++
"#;

const DONATE: &str = r#"+++
title = "捐赠"
weight = 3
[extra.privacy]
allow = ["bank-card"]
reason = "基金会的对公账户"
[extra.service]
topic = "捐赠公益"
link = "https://example.org/give/"
[[extra.service.accounts]]
name = "某市见义勇为基金会"
bank = "某银行某支行"
number = "6222 0000 1111 2222 333"
+++
"#;

#[test]
fn service_pages_show_steps_standards_and_accounts_grouped_by_topic() {
    let f = site();
    f.file("content/services/apply.md", APPLY)
        .file("content/services/award.md", AWARD)
        .file("content/services/donate.md", DONATE)
        .build();
    let apply = f.read("services/apply/index.html");
    // The steps in order, as a numbered list; the materials; the basis; the hotline dialable.
    let steps = apply.split("<ol class=\"steps\">").nth(1).unwrap();
    let steps = &steps[..steps.find("</ol>").unwrap()];
    assert_eq!(steps.matches("<li>").count(), 3, "{steps}");
    assert!(steps.find("报告线索") < steps.find("提交申请"));
    assert!(apply.contains(">所需材料</h2>") && apply.contains("<li>证明材料</li>"));
    assert!(
        apply.contains(">政策依据</h2>") && apply.contains("《某省见义勇为人员奖励和保护条例》")
    );
    assert!(
        apply.contains("<a href=\"tel:037160000000\">0371-6000 0000（工作日）</a>"),
        "{apply}"
    );
    // A topic written in Chinese is the same topic; its standards are a table with row headers.
    let award = f.read("services/award/index.html");
    assert!(award.contains(">奖励标准</h2>"), "{award}");
    assert!(award.contains("<th scope=\"row\">受伤人员</th><td>4万元至8万元</td>"));
    let donate = f.read("services/donate/index.html");
    assert!(donate.contains(">捐赠账户</h2>") && donate.contains("6222 0000 1111 2222 333"));
    // (Tera escapes the address's slashes; a browser reads them back.)
    assert!(
        donate.contains("<a href=\"https:&#x2F;&#x2F;example.org&#x2F;give&#x2F;\" rel=\"noopener\">网上捐赠</a>"),
        "{donate}"
    );
    // The section lists each guide under its topic, in the order of the questions.
    let list = f.read("services/index.html");
    let at = |s: &str| {
        list.find(s)
            .unwrap_or_else(|| panic!("{s} missing: {list}"))
    };
    assert!(at(">申报确认</h2>") < at("申报确认指南"));
    assert!(at("申报确认指南") < at(">表彰奖励</h2>"));
    assert!(at(">表彰奖励</h2>") < at("奖励标准</a>"));
    assert!(at(">捐赠公益</h2>") < at("捐赠</a>"));
    assert!(!list.contains(">权益保障</h2>"), "no empty topic heading");
    // Topics written in Chinese are filed under their English key (the outreach layer writes
    // it), with the Chinese name from `service_topics()`.
    for (key, label) in [("award", "表彰奖励"), ("donate", "捐赠公益")] {
        assert!(
            list.contains(&format!(
                "<section aria-labelledby=\"topic-{key}\">\n<h2 id=\"topic-{key}\">{label}</h2>"
            )),
            "{key}: {list}"
        );
    }
    assert!(list.contains("咨询电话：0371-6000 0000"));
}

#[test]
fn an_empty_services_section_says_so() {
    let f = site();
    f.build();
    assert!(f.read("services/index.html").contains("暂无办事指南。"));
}

#[test]
fn service_mistakes_name_file_line_and_the_topics() {
    let f = site();
    f.file(
        "content/services/x.md",
        "+++\ntitle = \"某\"\n[extra.service]\ntopic = \"报名\"\n+++\n",
    );
    let err = f.build_err();
    assert!(err.contains("x.md:4") && err.contains("报名"), "{err}");
    for allowed in ["apply (申报确认)", "award (表彰奖励)", "donate (捐赠公益)"] {
        assert!(err.contains(allowed), "{allowed} missing: {err}");
    }
    // A key typed after a standard's table belongs to that table: said so, with its line.
    f.file(
        "content/services/x.md",
        "+++\ntitle = \"某\"\n[extra.service]\ntopic = \"award\"\n[[extra.service.standards]]\nitem = \"英雄\"\nhotline = \"0371-60000000\"\n+++\n",
    );
    let err = f.build_err();
    assert!(err.contains("x.md:7") && err.contains("hotline"), "{err}");
    // The table itself is required.
    f.file("content/services/x.md", "+++\ntitle = \"某\"\n+++\n");
    assert!(f.build_err().contains("x.md"));
}

#[test]
fn a_new_service_page_builds_as_a_draft() {
    let f = site();
    let out = f.run(&["new", "办事指南", "见义勇为确认申报"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let made = files_below(&f.root().join("content/services"));
    let file = made
        .iter()
        .find(|p| !p.ends_with("_index.md"))
        .expect("a file in content/services");
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains("[extra.service]") && text.contains("topic = \"apply\""));
    let out = f.run(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
