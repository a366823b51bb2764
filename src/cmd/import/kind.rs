//! What is imported: heroes, places or teams, and everything that differs between them (the
//! fields a row can fill, the headers associations write for them, the required columns, the
//! section written into). The rest of the import reads these tables and does not branch on the
//! kind more than it must.

use super::text as t;
use crate::outreach::Sections;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Hero,
    Place,
    Team,
}

impl Kind {
    /// `heroes`, `places`, `teams`, or what `yiyong new` takes (英模, 阵地, 队伍, 志愿者队伍…).
    pub fn parse(kind: &str) -> Option<Kind> {
        let k = match kind {
            "heroes" | "勇士榜" => "hero",
            "places" => "place",
            "teams" => "team",
            k => crate::cmd::new::content_type(k)?,
        };
        match k {
            "hero" => Some(Kind::Hero),
            "place" => Some(Kind::Place),
            "team" => Some(Kind::Team),
            _ => None,
        }
    }

    /// The name of the typed table (`[extra.hero]`…) and of a file with no other name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Hero => "hero",
            Kind::Place => "place",
            Kind::Team => "team",
        }
    }

    /// The section (below `content/`) the files go to by default.
    pub fn section(self, s: &Sections) -> &str {
        s.dir_of(self.name()).unwrap_or(self.name())
    }

    /// The fields a row can fill: the first column of `headers`.
    pub fn keys(self) -> Vec<&'static str> {
        self.headers().iter().map(|(k, _)| *k).collect()
    }

    /// The outreach schema of the typed table.
    fn schema(self) -> &'static [yiyong_outreach::schema::Field] {
        use yiyong_outreach::schema;
        match self {
            Kind::Hero => schema::HERO,
            Kind::Place => schema::PLACE,
            Kind::Team => schema::TEAM,
        }
    }

    /// Headers as associations write them, after `columns::normalize`.
    pub fn headers(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            Kind::Hero => HERO_HEADERS,
            Kind::Place => PLACE_HEADERS,
            Kind::Team => TEAM_HEADERS,
        }
    }

    /// Headers of columns known and not wanted, besides the ones of every kind.
    pub fn ignored(self) -> &'static [&'static str] {
        match self {
            // A team's leader or contact person: the schema has no place for a person's name.
            Kind::Team => &["队长", "负责人", "联系人", "队长姓名", "负责人姓名"],
            _ => &[],
        }
    }

    /// The fields written into the typed table as they are read: the schema's keys a row can
    /// fill, in the schema's order, but the ones built from several columns (a hero's
    /// `honours`, from `honours`, `level` and `year`; a place's `coordinates` is no key).
    pub fn fields(self) -> Vec<&'static str> {
        let keys = self.keys();
        self.schema()
            .iter()
            .map(|f| f.key)
            .filter(|k| keys.contains(k) && *k != "honours")
            .collect()
    }

    /// The required fields, with the header to name in a message.
    pub fn required(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Kind::Hero => &[("name", "姓名")],
            Kind::Place => &[("title", "名称"), ("kind", "类型")],
            Kind::Team => &[("name", "队伍名称")],
        }
    }

    /// The field that names a row: a header row is one that has it.
    pub fn name_field(self) -> &'static str {
        match self {
            Kind::Place => "title",
            _ => "name",
        }
    }

    /// The fields that identify a row across imports when `--key` is not given (the ones
    /// the sheet has).
    pub fn default_key(self) -> &'static [&'static str] {
        match self {
            Kind::Hero => &["name", "deed_date"],
            Kind::Place => &["title"],
            Kind::Team => &["name"],
        }
    }

    /// Headers to name when none is found.
    pub fn expected(self) -> &'static str {
        match self {
            Kind::Hero => "姓名、事发时间、荣誉称号",
            Kind::Place => "名称、类型、地址",
            Kind::Team => "队伍名称、人数、专长",
        }
    }

    /// Whether a column with a phone word in its header is a team's public number (联系电话,
    /// 报名电话), not a person's (队长手机, 负责人电话): only teams have one.
    pub fn public_phone(self, header: &str) -> bool {
        const PERSONAL: &[&str] = &[
            "手机",
            "mobile",
            "队长",
            "负责人",
            "联系人",
            "个人",
            "本人",
            "队员",
            "家庭",
            "住宅",
        ];
        self == Kind::Team && !PERSONAL.iter().any(|w| header.contains(w))
    }

    /// Whether an address column is a person's home (a hero's) rather than a public place.
    pub fn address_is_private(self) -> bool {
        self == Kind::Hero
    }

    /// The message when a value holds a mobile number.
    pub fn mobile_hint(self, field: &str) -> Option<&'static str> {
        (self == Kind::Team && field == "phone").then(|| t::TEAM_PHONE_HINT.text())
    }
}

/// The `'static` spelling of a field key of any kind.
pub fn static_key(k: &str) -> &'static str {
    [HERO_HEADERS, PLACE_HEADERS, TEAM_HEADERS]
        .into_iter()
        .flatten()
        .map(|(key, _)| *key)
        .find(|x| *x == k)
        .unwrap_or("")
}

/// A district column, of any kind. Headers are matched after `columns::normalize`, which cuts
/// at a bracket: Excel's 「县(市、区)」 is matched as 「县」.
const DISTRICT: &[&str] = &[
    "区县",
    "地区",
    "县区",
    "所在地区",
    "区域",
    "所属区县",
    "县",
    "县市区",
];

/// The headers associations write for each field a row can fill (after `columns::normalize`).
/// Their keys are the fields: for a hero the schema's keys, plus `title` (the page title), the
/// honour's `level` and `year` (which describe the honours of the row), and `body` (the page's
/// text when the file is made; never touched again); for a place and a team the schema's keys
/// (a place's `lon`, `lat` and `datum` make its `coordinates`), `title` and `body`.
const HERO_HEADERS: &[(&str, &[&str])] = &[
    (
        "name",
        &[
            "姓名",
            "名字",
            "英模姓名",
            "勇士姓名",
            "人员姓名",
            "群体名称",
        ],
    ),
    ("title", &["标题"]),
    ("kind", &["类型", "个人/群体", "个人或群体", "类别"]),
    (
        "deed_date",
        &[
            "时间",
            "事发时间",
            "事迹时间",
            "发生时间",
            "日期",
            "事发日期",
        ],
    ),
    ("deed_place", &["地点", "事发地点", "事迹地点", "发生地点"]),
    ("district", DISTRICT),
    (
        "summary",
        &[
            "事迹",
            "事迹简介",
            "简要事迹",
            "主要事迹",
            "事迹摘要",
            "简介",
        ],
    ),
    (
        "honours",
        &["荣誉", "荣誉称号", "表彰", "表彰称号", "获得荣誉"],
    ),
    ("level", &["级别", "表彰级别", "荣誉级别"]),
    (
        "year",
        &["年份", "表彰年份", "表彰时间", "表彰年度", "年度"],
    ),
    ("status", &["状态", "人员状态", "现状"]),
    ("photo", &["照片"]),
    ("anonymous", &["是否匿名", "匿名"]),
    ("age", &["年龄"]),
    ("birth_year", &["出生年份"]),
    ("body", &["正文", "详细事迹", "事迹全文"]),
];
const PLACE_HEADERS: &[(&str, &[&str])] = &[
    ("title", &["名称", "阵地名称", "阵地", "单位名称"]),
    ("kind", &["类型", "阵地类型", "类别"]),
    ("address", &["地址", "详细地址", "位置"]),
    ("district", DISTRICT),
    ("lon", &["经度"]),
    ("lat", &["纬度"]),
    ("datum", &["坐标系"]),
    (
        "opened",
        &["建成时间", "建成日期", "开放日期", "启用时间", "揭牌时间"],
    ),
    ("hours", &["开放时间"]),
    ("photos", &["照片", "图片"]),
    ("body", &["简介", "介绍", "正文"]),
];
const TEAM_HEADERS: &[(&str, &[&str])] = &[
    (
        "name",
        &[
            "队伍名称",
            "名称",
            "队名",
            "队伍",
            "志愿者队伍",
            "志愿队名称",
            "志愿者队伍名称",
        ],
    ),
    ("title", &["标题"]),
    (
        "size",
        &["人数", "队员人数", "志愿者人数", "队员数", "成员人数"],
    ),
    (
        "speciality",
        &["专长", "服务类型", "特长", "服务项目", "服务内容"],
    ),
    ("district", DISTRICT),
    ("service_area", &["服务区域", "服务范围", "服务地区"]),
    ("founded", &["成立时间", "成立年份", "成立日期", "组建时间"]),
    (
        "phone",
        &[
            "联系电话",
            "电话",
            "报名电话",
            "咨询电话",
            "服务电话",
            "服务热线",
            "热线",
            "值班电话",
            "联系方式",
        ],
    ),
    ("address", &["地址", "报名地址", "办公地址", "详细地址"]),
    (
        "join_url",
        &["报名方式", "加入方式", "报名链接", "网上报名"],
    ),
    ("photo", &["照片", "图片"]),
    ("body", &["简介", "介绍", "队伍简介", "正文"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_every_name() {
        for (name, kind) in [
            ("heroes", Kind::Hero),
            ("英模", Kind::Hero),
            ("勇士榜", Kind::Hero),
            ("places", Kind::Place),
            ("阵地", Kind::Place),
            ("teams", Kind::Team),
            ("team", Kind::Team),
            ("队伍", Kind::Team),
            ("志愿者队伍", Kind::Team),
            ("志愿队", Kind::Team),
        ] {
            assert_eq!(Kind::parse(name), Some(kind), "{name}");
        }
        assert_eq!(Kind::parse("events"), None);
        assert_eq!(Kind::parse("活动"), None);
    }

    /// The fields each kind writes as read, in the schema's order.
    #[test]
    fn fields_are_the_schemas_a_row_fills() {
        let schema: Vec<&str> = yiyong_outreach::schema::TEAM
            .iter()
            .map(|f| f.key)
            .collect();
        assert_eq!(Kind::Team.fields(), schema);
        assert_eq!(
            Kind::Hero.fields(),
            [
                "name",
                "kind",
                "deed_date",
                "deed_place",
                "district",
                "summary",
                "status",
                "photo",
                "anonymous",
                "age",
                "birth_year"
            ]
        );
        assert_eq!(
            Kind::Place.fields(),
            ["kind", "address", "district", "opened", "hours", "photos"]
        );
    }

    /// A header the tables list is matched only if `normalize` leaves it as it is: 「县(市、区)」
    /// was listed, normalized to 「县」 and never matched.
    #[test]
    fn every_listed_header_survives_normalize() {
        for kind in [Kind::Hero, Kind::Place, Kind::Team] {
            for (key, names) in kind.headers() {
                for name in *names {
                    assert_eq!(
                        super::super::columns::normalize(name),
                        *name,
                        "{kind:?} {key}: 「{name}」 can never match"
                    );
                }
            }
            for name in kind.ignored() {
                assert_eq!(super::super::columns::normalize(name), *name, "{name}");
            }
        }
        assert_eq!(super::super::columns::normalize("县(市、区)"), "县");
        assert_eq!(super::super::columns::normalize("县（市、区）"), "县");
    }

    #[test]
    fn team_phones_public_and_personal() {
        for h in ["联系电话", "报名电话", "服务热线", "电话"] {
            assert!(Kind::Team.public_phone(h), "{h}");
        }
        for h in ["队长手机", "负责人电话", "联系人电话", "手机号"] {
            assert!(!Kind::Team.public_phone(h), "{h}");
        }
        assert!(!Kind::Hero.public_phone("联系电话"));
        assert!(!Kind::Place.public_phone("联系电话"));
    }
}
