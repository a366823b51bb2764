//! Photo metadata never leaves the site, whatever the file is called: every file copied from
//! static/ or a page bundle is judged by its content. Each case is a file a phone, Windows or
//! an editor really produces, put both in static/ and beside a page; the built site is then
//! read byte by byte for any position, and `yiyong check` must name the source.

mod common;

use common::photos::{
    assert_no_leak_in, exif_blob, gif_with_xmp_gps, jpeg, leaks, motion_photo_trailer, phone_jpeg,
    XMP_GPS,
};
use common::Fixture;

/// A site with one page bundle, `content/story/`.
fn site() -> Fixture {
    let f = Fixture::new(common::BASIC_CONFIG);
    f.file("templates/index.html", "home");
    f.file("templates/page.html", "{{ page.title }}");
    f.file("content/story/index.md", "+++\ntitle = \"story\"\n+++\n");
    f
}

/// Puts `bytes` at `static/NAME` and `content/story/NAME`; returns their output paths.
fn both_places(f: &Fixture, name: &str, bytes: &[u8]) -> [String; 2] {
    f.bytes(&format!("static/{name}"), bytes);
    f.bytes(&format!("content/story/{name}"), bytes);
    [name.to_string(), format!("story/{name}")]
}

fn check_output(f: &Fixture) -> String {
    let out = f.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// The line of `check`'s GPS list that names `source`.
fn gps_line<'a>(text: &'a str, source: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start().starts_with(&format!("{source}  (")))
        .unwrap_or_else(|| panic!("check does not list {source}:\n{text}"))
}

#[test]
fn a_gif_loses_its_xmp_gps_and_keeps_its_frames() {
    let f = site();
    let gif = gif_with_xmp_gps();
    assert!(!leaks(&gif).is_empty(), "the fixture carries GPS");
    let outputs = both_places(&f, "wave.gif", &gif);
    f.build();
    assert_no_leak_in(&f.root().join("public"));
    let want = frames(&gif);
    for rel in &outputs {
        let out = std::fs::read(f.public(rel)).unwrap();
        assert_eq!(frames(&out), want, "{rel}: the animation is unchanged");
        assert!(
            out.windows(11).any(|w| w == b"NETSCAPE2.0"),
            "{rel} still loops"
        );
        assert!(out.len() < gif.len() - XMP_GPS.len());
    }
    let text = check_output(&f);
    for source in ["static/wave.gif", "content/story/wave.gif"] {
        assert!(
            gps_line(&text, source).contains("GIF: its metadata, GPS included, is removed"),
            "{text}"
        );
    }
}

/// The decoded frames of a GIF, as RGBA bytes.
fn frames(gif: &[u8]) -> Vec<Vec<u8>> {
    use image::AnimationDecoder;
    let dec = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(gif)).unwrap();
    dec.into_frames()
        .map(|f| f.unwrap().into_buffer().into_raw())
        .collect()
}

#[test]
fn nothing_after_a_jpegs_end_marker_reaches_the_site() {
    let f = site();
    // A clean photo (no EXIF of its own) followed by a second, GPS-tagged image, as a
    // careless concatenation or a multi-picture file gives; and a Samsung motion photo.
    let photo = jpeg(32, 16);
    let with_second = [photo.clone(), phone_jpeg(16, 8, 1)].concat();
    let motion = [photo.clone(), motion_photo_trailer()].concat();
    let outputs = [
        both_places(&f, "second.jpg", &with_second),
        both_places(&f, "motion.jpg", &motion),
    ];
    f.build();
    assert_no_leak_in(&f.root().join("public"));
    for rel in outputs.iter().flatten() {
        let out = std::fs::read(f.public(rel)).unwrap();
        assert_eq!(
            out, photo,
            "{rel} is the photo, byte for byte, without what followed"
        );
    }
    let text = check_output(&f);
    for name in ["second.jpg", "motion.jpg"] {
        for dir in ["static", "content/story"] {
            let line = gps_line(&text, &format!("{dir}/{name}"));
            assert!(
                line.contains("JPEG: its metadata, GPS included, is removed"),
                "{line}"
            );
        }
    }
}

#[test]
fn a_gps_jpeg_is_stripped_whatever_its_name() {
    let f = site();
    let photo = phone_jpeg(40, 20, 1);
    // Names Windows and phones give JPEGs, none at all, and a plain wrong one.
    let names = [
        "a.jfif",
        "b.jpe",
        "c.pjpeg",
        "no-extension",
        "misnamed.gif",
        "UPPER.JPG",
    ];
    let outputs: Vec<String> = names
        .iter()
        .flat_map(|n| both_places(&f, n, &photo))
        .collect();
    f.build();
    assert_no_leak_in(&f.root().join("public"));
    for rel in &outputs {
        let out = std::fs::read(f.public(rel)).unwrap();
        assert!(out.len() < photo.len() && photo.ends_with(&out[out.len() - 100..]));
        image::load_from_memory(&out).unwrap_or_else(|e| panic!("{rel} does not decode: {e}"));
    }
    let text = check_output(&f);
    assert!(text.contains("12 source files carry GPS"), "{text}");
    for name in names {
        for dir in ["static", "content/story"] {
            assert!(gps_line(&text, &format!("{dir}/{name}")).contains("JPEG: its metadata"));
        }
    }
}

#[test]
fn a_rotated_photo_under_any_name_is_turned_upright_without_metadata() {
    let f = site();
    let outputs = both_places(&f, "sideways.jfif", &phone_jpeg(40, 20, 6));
    f.build();
    assert_no_leak_in(&f.root().join("public"));
    for rel in &outputs {
        let img = image::load_from_memory(&std::fs::read(f.public(rel)).unwrap()).unwrap();
        assert_eq!((img.width(), img.height()), (20, 40), "{rel}");
    }
}

#[test]
fn photo_formats_that_cannot_be_cleaned_are_refused_by_content() {
    let f = site();
    f.build();
    // A TIFF (a scan, or a camera's raw file) and a HEIC from an iPhone, neither named so.
    f.bytes("static/scan.dat", &exif_blob(1));
    let heic = [
        &b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"[..],
        b"\0\0\0\x10meta\0\0\0\0Exif\0\0",
        &exif_blob(1),
    ]
    .concat();
    f.bytes("content/story/IMG_0001", &heic);
    let err = f.build_err();
    for name in ["static/scan.dat", "content/story/IMG_0001"] {
        assert!(err.contains(name), "{name} not named in:\n{err}");
    }
    assert!(
        err.contains("TIFF image carries metadata") && err.contains("HEIC/AVIF image"),
        "{err}"
    );
    assert!(err.contains("convert it to JPEG, PNG or WebP"), "{err}");
    assert_eq!(f.read("index.html"), "home", "the previous site is kept");
    assert!(!f.exists("scan.dat"));
    // `check` does what a build does short of writing: it fails the same way.
    let out = f.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        text.contains("static/scan.dat: this TIFF image carries metadata")
            && text.contains("content/story/IMG_0001: this HEIC/AVIF image carries metadata"),
        "{text}"
    );
}

#[test]
fn files_that_are_not_images_are_copied_untouched_and_listed_if_they_hold_gps() {
    let f = site();
    let pdf = format!("%PDF-1.7\n1 0 obj <</Type /Metadata>> stream\n{XMP_GPS}\nendstream\n");
    let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    f.file("static/report.pdf", &pdf);
    f.bytes("static/data.bin", &noise);
    f.file("static/photo.jpg.txt", "a note about a photo, not a photo");
    // A clean JPEG under a wrong name is left alone too.
    f.bytes("content/story/clean.gif", &jpeg(8, 8));
    f.build();
    assert_eq!(f.read("report.pdf"), pdf);
    assert_eq!(std::fs::read(f.public("data.bin")).unwrap(), noise);
    assert_eq!(
        std::fs::read(f.public("story/clean.gif")).unwrap(),
        jpeg(8, 8)
    );
    let text = check_output(&f);
    assert!(text.contains("1 source file carries GPS"), "{text}");
    assert!(
        gps_line(&text, "static/report.pdf")
            .contains("not an image: copied as it is, GPS included"),
        "{text}"
    );
}

#[test]
fn check_names_gps_files_that_the_build_leaves_out() {
    let f = Fixture::new(&format!(
        "{}ignored_static = [\"private/*\"]\n",
        common::BASIC_CONFIG
    ));
    f.file("templates/index.html", "home");
    f.bytes("static/private/raw.jfif", &phone_jpeg(8, 8, 1));
    f.build();
    assert!(!f.exists("private/raw.jfif"));
    let text = check_output(&f);
    assert!(
        gps_line(&text, "static/private/raw.jfif").contains("not copied into the built site"),
        "{text}"
    );
}
