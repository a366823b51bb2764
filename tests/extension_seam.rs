//! The extension seam as `serve` sees it: a template function an extension adds reads content
//! from the whole site, the core records that by itself (`Reads::Site`), so a page that calls it
//! is rendered again after a content edit. The case: the demo's statistics page, which reads
//! heroes only through the outreach layer's `get_statistics`.

mod common;

use common::serve::{start, text, wait_for};

#[test]
fn a_page_reading_an_extension_function_follows_a_content_edit() {
    let site = common::demo_copy();
    let hero = site.path().join("content/heroes/bus-crew-108.md");
    let before = std::fs::read_to_string(&hero).unwrap();
    assert!(before.contains("deed_date = 2023-09-21") && before.contains("year = 2023"));
    let s = start(site.path());
    wait_for(s.port, "/stats/", "the statistics page", |b| {
        b.contains("英模人数（按年份）")
    });
    assert!(!text(s.port, "/stats/").contains("1999"));
    std::fs::write(
        &hero,
        before
            .replace("deed_date = 2023-09-21", "deed_date = 1999-09-21")
            .replace("year = 2023", "year = 1999"),
    )
    .unwrap();
    wait_for(
        s.port,
        "/stats/",
        "the statistics page after the edit",
        |b| b.contains("1999"),
    );
}
