//! What real Zola themes' demo sites need that Zola 0.22 does (issue 20): each case is the
//! smallest site that reproduces a difference `tools/zola_compare.py` showed on a theme.

mod common;
use common::*;

#[test]
fn cachebust_hashes_a_stylesheet_compiled_from_sass() {
    // welpo/tabi, apollo and others: `get_url(path="main.css", cachebust=true)` where
    // main.css is compiled from sass/main.scss, not copied from static/.
    let f = Fixture::new("base_url = \"https://example.org\"\ncompile_sass = true\n");
    f.file("sass/main.scss", "$c: red;\nbody { color: $c; }\n")
        .file(
            "templates/index.html",
            "{{ get_url(path=\"main.css\", cachebust=true) }}",
        )
        .build();
    let css = std::fs::read(f.public("main.css")).unwrap();
    let hash = sha256_hex(&css);
    assert_eq!(
        f.read("index.html"),
        format!("https://example.org/main.css?h={}", &hash[..20])
    );
    f.file(
        "templates/index.html",
        "{{ get_url(path=\"nothere.css\", cachebust=true) }}",
    );
    let err = f.build_err();
    assert!(err.contains("`nothere.css` is in none of static/"), "{err}");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}
