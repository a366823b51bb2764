//! The catalogue of `yiyong doctor`'s report (see `yiyong_outreach::i18n`).

use yiyong_outreach::msgs;

msgs! {
    TITLE = "Site setup ({root}):", "网站体检（{root}）：";
    ALL_GOOD = "Nothing to fill in: the setup is complete.", "都设置好了，没有要补的地方。";
    COUNT = "{n} thing(s) to do before publishing.", "发布前还有 {n} 项要处理。";
    TODO = "  ✗ {where}{what}", "  ✗ {where}{what}";
    DO = "      → {how}", "      → {how}";
    OK = "  ✓ {what}", "  ✓ {what}";
    AT_LINE = "{file}:{line}: ", "{file} 第 {line} 行：";
    IN_FILE = "{file}: ", "{file}：";
    BASE_URL_EXAMPLE = "base_url is still the example address {url}", "网站地址 base_url 还是示例地址 {url}";
    BASE_URL_HOW = "write the site's real address, e.g. base_url = \"https://www.example-jyyw.org.cn\"",
        "改成协会网站的正式地址，例如 base_url = \"https://www.xxjyyw.org.cn\"";
    BASE_URL_OK = "base_url: {url}", "网站地址：{url}";
    ICP_MISSING = "no ICP filing number (备案号): [extra] icp", "没有填 ICP 备案号（[extra] 下的 icp）";
    ICP_HOW = "under [extra] write icp = \"豫ICP备12345678号\" (the number from the MIIT filing; every site in China shows it)",
        "在 [extra] 下写一行 icp = \"豫ICP备12345678号\"（工信部备案后得到的编号，国内网站都要在页脚显示）";
    ICP_EXAMPLE = "the ICP filing number is still the example: {value}", "ICP 备案号还是示例：{value}";
    ICP_OK = "ICP filing number: {value}", "ICP 备案号：{value}";
    POLICE_MISSING = "no public security filing number (公安备案号): [extra] police_beian",
        "没有填公安备案号（[extra] 下的 police_beian）";
    POLICE_HOW = "under [extra] write police_beian = \"豫公网安备41010502000000号\" (from beian.mps.gov.cn, within 30 days of going online)",
        "在 [extra] 下写一行 police_beian = \"豫公网安备41010502000000号\"（网站开通 30 天内到 beian.mps.gov.cn 办理）";
    POLICE_EXAMPLE = "the public security filing number is still the example: {value}", "公安备案号还是示例：{value}";
    POLICE_OK = "public security filing number: {value}", "公安备案号：{value}";
    LOGO_MISSING = "no logo of the association: the site shows the theme's icon", "没有协会标志：网站现在用的是主题自带的图标";
    LOGO_HOW = "save the association's logo under static/ (e.g. static/images/logo.png) and write logo = \"images/logo.png\" under [extra.yiyong]: the header shows it and favicon.ico is made from it",
        "把协会会徽存到 static/ 下（例如 static/images/logo.png），在 [extra.yiyong] 下写一行 logo = \"images/logo.png\"：页头显示会徽，网站图标也用它生成";
    LOGO_OK = "logo: {file}", "协会标志：{file}";
    ALT_MISSING = "a picture without a description (alt text): {src}", "图片 {src} 没有说明文字（alt）";
    ALT_HOW = "write what the picture shows between the brackets: ![张某某在表彰大会上](…); screen readers read it to blind visitors",
        "在方括号里写上图片内容，例如 ![张某某在表彰大会上](…)；读屏软件会念给视障访客听";
    EVENT_NO_END = "the event has no end time (end)", "活动没有写结束时间 end";
    EVENT_NO_END_HOW = "under [extra.event] write end = \"2027-01-05T11:00:00\" so calendars show how long it lasts",
        "在 [extra.event] 下写 end = \"2027-01-05T11:00:00\"，手机日历才知道活动到几点";
    HERO_NO_DISTRICT = "the hero has no district", "英模没有写所在地区 district";
    HERO_NO_DISTRICT_HOW = "under [extra.hero] write district = \"某区\", and the same under [taxonomies] districts = [\"某区\"]",
        "在 [extra.hero] 下写 district = \"某区\"，并在 [taxonomies] 下写 districts = [\"某区\"]，地区页面才会列出";
    UNREADABLE = "{n} content file(s) have front matter errors and were not looked at: run yiyong build to see them",
        "有 {n} 个内容文件的资料卡有错误，没有体检：运行 yiyong build 查看错误";
    CONTENT_OK = "content: {pages} pages looked at; pictures have descriptions, events have ends, heroes have districts",
        "内容：看了 {pages} 篇；图片都有说明文字，活动都有结束时间，英模都写了地区";
}
