//! The privacy lint on fixture sites: an ID or mobile number anywhere in the sources stops
//! `build` and `check` with the file, the line and the number masked; the site-wide allow
//! list and per-page opt-outs (with a reason) let numbers through, and `check` lists them.

mod common;
use common::*;

const CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"测试\"\n[extra.yiyong]\n";
/// A made-up ID number with a valid check digit (GB 11643), born 1990-03-07 in 苏州.
const ID: &str = "320582199003071232";
const ID_MASKED: &str = "320582********1232";

fn site(config: &str) -> Fixture {
    let f = Fixture::with_templates(config);
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file("content/heroes/_index.md", "+++\ntitle = \"英雄谱\"\n+++\n");
    f
}

fn hero(name: &str, hero_extra: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"{name}的事迹\"\n[extra.hero]\nname = \"{name}\"\n{hero_extra}\n+++\n{body}"
    )
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_id_number_check_digit_of_the_fixture_is_valid() {
    // Guards the fixture: if ID stopped being a valid ID number, the tests below would pass
    // for the wrong reason.
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = ID.bytes().zip(W).map(|(c, w)| (c - b'0') as u32 * w).sum();
    assert_eq!(b"10X98765432"[(sum % 11) as usize], ID.as_bytes()[17]);
}

#[test]
fn id_and_mobile_numbers_fail_build_and_check_with_file_line_and_masked_number() {
    let f = site(CONFIG);
    f.file(
        "content/heroes/a.md",
        &hero("张三", "", "他勇救落水儿童。\n"),
    )
    .build();
    let before = std::fs::read(f.public("heroes/a/index.html")).unwrap();
    f.file(
        "content/heroes/a.md",
        &hero(
            "张三",
            "summary = \"联系电话 139 1234 5678\"",
            &format!("他勇救落水儿童。\n\n身份证号：{ID}\n<!-- 家属电话 +86-13712345678 -->\n"),
        ),
    );
    for cmd in ["build", "check"] {
        let out = f.run(&[cmd]);
        assert!(!out.status.success(), "{cmd} should fail");
        let err = stderr(&out);
        for want in [
            "content/heroes/a.md:5: 手机号码 139****5678 不能发布（mobile number）；请删除或改为 139****5678 的遮挡形式",
            &format!("content/heroes/a.md:9: 身份证号码 {ID_MASKED} 不能发布（resident ID number）"),
            "content/heroes/a.md:10: 手机号码 137****5678 不能发布",
            "hint: delete the number or write it masked",
        ] {
            assert!(err.contains(want), "{cmd}: missing {want:?} in:\n{err}");
        }
        for secret in [ID, "13912345678", "139 1234 5678", "13712345678"] {
            assert!(!err.contains(secret), "{cmd} printed {secret}:\n{err}");
        }
    }
    assert_eq!(
        std::fs::read(f.public("heroes/a/index.html")).unwrap(),
        before,
        "a failed build must leave public/ as it was"
    );
}

#[test]
fn data_files_are_linted_and_the_site_allow_list_lets_the_hotline_through() {
    let config =
        format!("{CONFIG}[extra.yiyong.privacy]\nallow = [\"0595-12345678\", \"138 0000 0000\"]\n");
    let f = site(&config);
    f.file(
        "content/about.md",
        &page("关于", "", "热线 0595-12345678，手机 13800000000。"),
    )
    .file("data/contacts.csv", "name,phone\n协会,+86 138-0000-0000\n")
    .build();
    f.file(
        "data/volunteers.csv",
        "name,phone\n协会,13800000000\n李四,15912345678\n",
    );
    f.file("static/list.json", &format!("{{\"id\": \"{ID}\"}}"));
    let err = f.build_err();
    assert!(
        err.contains("data/volunteers.csv:3: 手机号码 159****5678"),
        "{err}"
    );
    assert!(
        err.contains(&format!("static/list.json:1: 身份证号码 {ID_MASKED}")),
        "{err}"
    );
    assert!(
        !err.contains("138****0000"),
        "allowed number reported:\n{err}"
    );
}

#[test]
fn an_id_number_cannot_be_allowed_for_the_whole_site() {
    let f = site(&format!(
        "{CONFIG}[extra.yiyong.privacy]\nallow = [\"{ID}\"]\n"
    ));
    let err = f.build_err();
    assert!(err.contains("config.toml"), "{err}");
    assert!(
        err.contains(&format!("身份证号码 {ID_MASKED} 不能对整个网站放行")),
        "{err}"
    );
}

#[test]
fn a_page_opt_out_needs_a_reason_and_check_lists_it() {
    let f = site(CONFIG);
    f.file(
        "content/heroes/b.md",
        "+++\ntitle = \"求助\"\n[extra.hero]\nname = \"王五\"\n[extra.privacy]\nallow = [\"15912345678\"]\n+++\n家属求助电话 15912345678。\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/heroes/b.md:5: [extra.privacy] 隐私检查豁免必须写明理由（an opt-out needs a `reason`）"),
        "{err}"
    );
    f.file(
        "content/heroes/b.md",
        "+++\ntitle = \"求助\"\n[extra.hero]\nname = \"王五\"\n[extra.privacy]\nallow = [\"15912345678\"]\nreason = \"家属书面同意公开求助电话\"\n+++\n家属求助电话 15912345678。\n",
    );
    f.build();
    assert!(f.read("heroes/b/index.html").contains("15912345678"));
    let out = f.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&out);
    assert!(
        listed.contains("1 privacy opt-outs (隐私检查豁免)")
            && listed.contains(
                "content/heroes/b.md: allows 159****5678 — reason 理由: 家属书面同意公开求助电话"
            ),
        "{listed}"
    );
    // The opt-out lets through the listed number only.
    f.file(
        "content/heroes/b.md",
        "+++\ntitle = \"求助\"\n[extra.hero]\nname = \"王五\"\n[extra.privacy]\nallow = [\"15912345678\"]\nreason = \"家属同意\"\n+++\n家属求助电话 15912345678，另一个 18612345678。\n",
    );
    let err = f.build_err();
    assert!(err.contains("b.md:9: 手机号码 186****5678"), "{err}");
    assert!(!err.contains("159****5678"), "{err}");
}

#[test]
fn warnings_do_not_stop_the_build() {
    let f = site(CONFIG);
    f.file(
        "content/heroes/c.md",
        &hero(
            "小明",
            "age = 12\ndeed_date = 2024-06-01",
            "奖金已打入卡号 6222 0212 3456 7890 128。\n家住幸福路12号3栋2单元501室。\n",
        ),
    )
    .file(
        "content/heroes/d.md",
        &hero(
            "小红",
            "birth_year = 2012\ndeed_date = 2024-06-01\nanonymous = true",
            "。\n",
        ),
    );
    f.file(
        "content/heroes/e.md",
        &hero("小刚", "deed_date = 2024-06-01\nbirth_year = 2011", "。\n"),
    );
    let out = f.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    for want in [
        "content/heroes/e.md:6: 英模事迹发生时可能未满14周岁（born 2011, deed in 2024）",
        "content/heroes/c.md:5: 英模事迹发生时可能未满14周岁（age = 12）",
        "c.md:8: 疑似银行卡号 6222***********0128",
        "c.md:9: 住址精确到门牌 **号*栋*单元***室",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    assert!(
        !err.lines()
            .any(|l| l.contains("d.md") && l.contains("14周岁")),
        "an anonymous minor is fine:\n{err}"
    );
}

#[test]
fn masked_numbers_and_ordinary_text_pass() {
    let f = site(CONFIG);
    // Sentences from the seed reports (real association text, no personal numbers) and
    // masked forms.
    f.file(
        "content/about.md",
        &page(
            "关于",
            "",
            "全市共有见义勇为志愿服务队342支、志愿者6538人。\n\
             2024年10月27日，“见义勇为号”公交专线101路、108路开通。\n\
             表彰奖励资金 1866 万元，热线 400-123-4567，电话 0371-67891234。\n\
             手机 138****8000，身份证 110101********1234，卡号 6222 **** **** 0128。\n",
        ),
    )
    .build();
}
