//! Image processing as a site author meets it: `resize_image` in templates, orientation,
//! private metadata removed from every image in the output, the cache, and bad images.

mod common;

use common::photos::{jpeg, phone_jpeg, png};
use common::Fixture;
use image::{GenericImageView, ImageFormat};

fn no_metadata(bytes: &[u8]) -> bool {
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes));
    !yiyong::has_gps(bytes)
        && exif.is_err()
        && !bytes.windows(8).any(|w| w == b"xmpmeta ")
        && !bytes.windows(9).any(|w| w == b"<x:xmpmet")
}

fn site(template: &str) -> Fixture {
    let f = Fixture::new(common::BASIC_CONFIG);
    f.file("templates/index.html", template);
    f.file("templates/page.html", "{{ page.title }}");
    f
}

fn output_image(f: &Fixture, url: &str) -> image::DynamicImage {
    let rel = url.trim_start_matches("https://example.org/");
    image::open(f.public(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_op_gives_zolas_sizes_and_real_files() {
    let f = site(
        "{% for op in ['scale', 'fit_width', 'fit_height', 'fit', 'fill'] %}\
         {% set r = resize_image(path='photo.jpg', width=100, height=100, op=op) %}\
         {{ op }}={{ r.width }}x{{ r.height }} {{ r.url | safe }} {{ r.orig_width }}x{{ r.orig_height }};{% endfor %}",
    );
    f.bytes("static/photo.jpg", &jpeg(400, 200));
    f.build();
    let html = f.read("index.html");
    let mut seen = vec![];
    for item in html.split(';').filter(|s| s.contains('=')) {
        let (op, rest) = item.split_once('=').unwrap();
        let mut parts = rest.split(' ');
        let size = parts.next().unwrap();
        let url = parts.next().unwrap();
        assert_eq!(parts.next(), Some("400x200"), "{item}");
        assert!(
            url.starts_with("https://example.org/processed_images/") && url.ends_with(".jpg"),
            "{url}"
        );
        let img = output_image(&f, url);
        assert_eq!(format!("{}x{}", img.width(), img.height()), size, "{op}");
        seen.push(format!("{op}={size}"));
    }
    assert_eq!(
        seen,
        [
            "scale=100x100",
            "fit_width=100x50",
            "fit_height=200x100",
            "fit=100x50",
            "fill=100x100"
        ]
    );
}

#[test]
fn every_format_is_encoded_as_asked() {
    let f = site(
        "{% for fmt in ['auto', 'jpg', 'png', 'webp', 'avif'] %}\
         {% set r = resize_image(path='photo.png', width=40, op='fit_width', format=fmt, quality=70) %}\
         {{ fmt }}={{ r.url | safe }};{% endfor %}\
         {% set l = resize_image(path='photo.png', width=40, op='fit_width', format='webp') %}lossless={{ l.url | safe }};",
    );
    f.bytes("static/photo.png", &png(80, 60));
    f.build();
    let html = f.read("index.html");
    for item in html.split(';').filter(|s| s.contains('=')) {
        let (fmt, url) = item.split_once('=').unwrap();
        let bytes =
            std::fs::read(f.public(url.trim_start_matches("https://example.org/"))).unwrap();
        let expected = match fmt {
            "auto" | "png" => ImageFormat::Png,
            "jpg" => ImageFormat::Jpeg,
            "webp" | "lossless" => ImageFormat::WebP,
            _ => {
                assert_eq!(&bytes[4..12], b"ftypavif", "AVIF file");
                continue;
            }
        };
        assert_eq!(image::guess_format(&bytes).unwrap(), expected, "{fmt}");
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!(img.dimensions(), (40, 30), "{fmt}");
    }
    // A JPEG source in `auto` stays JPEG.
    let f = site("{% set r = resize_image(path='p.jpg', width=10, height=10) %}{{ r.url | safe }}");
    f.bytes("static/p.jpg", &jpeg(20, 20));
    f.build();
    assert!(f.read("index.html").ends_with(".jpg"));
}

#[test]
fn exif_orientation_is_applied_before_resizing() {
    // Stored 200×100 with orientation 6 (rotate 90° clockwise): a 100×200 portrait.
    let f = site(
        "{% set r = resize_image(path='p.jpg', width=50, op='fit_width') %}{{ r.width }}x{{ r.height }} {{ r.url | safe }}\
         |{% set m = get_image_metadata(path='p.jpg') %}{{ m.width }}x{{ m.height }}",
    );
    f.bytes("static/p.jpg", &phone_jpeg(200, 100, 6));
    f.build();
    let html = f.read("index.html");
    let (resized, meta) = html.split_once('|').unwrap();
    assert_eq!(meta, "100x200");
    let (size, url) = resized.split_once(' ').unwrap();
    assert_eq!(size, "50x100");
    let img = output_image(&f, url).to_rgb8();
    assert_eq!(img.dimensions(), (50, 100));
    // The red left half of the stored picture is now the top half.
    let top = img.get_pixel(25, 10);
    let bottom = img.get_pixel(25, 90);
    assert!(top[0] > 150 && top[2] < 100, "top is red: {top:?}");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom is blue: {bottom:?}"
    );
}

#[test]
fn no_image_in_the_output_keeps_gps_or_other_metadata() {
    let f = site("{% set r = resize_image(path='static/upright.jpg', width=20, height=20) %}{{ r.url | safe }}");
    f.file("content/story/index.md", "+++\ntitle = \"x\"\n+++\n");
    f.bytes("content/story/photo.jpg", &phone_jpeg(40, 20, 1));
    f.bytes("static/upright.jpg", &phone_jpeg(40, 20, 1));
    f.bytes("static/rotated.jpg", &phone_jpeg(40, 20, 6));
    f.bytes("static/plain.png", &png(8, 8));
    assert!(yiyong::has_gps(
        &std::fs::read(f.root().join("static/upright.jpg")).unwrap()
    ));
    f.build();
    let processed = f.read("index.html");
    let outputs = [
        "story/photo.jpg".to_string(),
        "upright.jpg".into(),
        "rotated.jpg".into(),
        "plain.png".into(),
        processed.trim_start_matches("https://example.org/").into(),
    ];
    for rel in &outputs {
        let bytes = std::fs::read(f.public(rel)).unwrap();
        assert!(no_metadata(&bytes), "{rel} still carries metadata");
        image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{rel} no longer decodes: {e}"));
    }
    // Upright photos are stripped byte for byte (no recompression): the image data is intact.
    let src = std::fs::read(f.root().join("static/upright.jpg")).unwrap();
    let out = std::fs::read(f.public("upright.jpg")).unwrap();
    assert!(out.len() < src.len() && src.ends_with(&out[out.len() - 200..]));
    // The rotated one is re-encoded upright, since dropping its EXIF would turn it sideways.
    assert_eq!(
        image::open(f.public("rotated.jpg")).unwrap().dimensions(),
        (20, 40)
    );
    common::photos::assert_no_leak_in(&f.root().join("public"));
    // `check` names the originals that still carry GPS.
    let out = f.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("3 source files carry GPS"), "{text}");
    assert!(
        text.contains("content/story/photo.jpg") && text.contains("static/rotated.jpg"),
        "{text}"
    );
}

#[test]
fn stripping_can_be_turned_off_for_static_only() {
    let f = Fixture::new(&format!(
        "{}[images]\nstrip_static_metadata = false\n",
        common::BASIC_CONFIG
    ));
    f.file("templates/index.html", "i");
    f.file("templates/page.html", "p");
    f.file("content/story/index.md", "+++\ntitle = \"x\"\n+++\n");
    f.bytes("content/story/photo.jpg", &phone_jpeg(40, 20, 1));
    f.bytes("static/kept.jpg", &phone_jpeg(40, 20, 1));
    f.build();
    let kept = std::fs::read(f.public("kept.jpg")).unwrap();
    assert_eq!(
        kept,
        std::fs::read(f.root().join("static/kept.jpg")).unwrap()
    );
    assert!(no_metadata(
        &std::fs::read(f.public("story/photo.jpg")).unwrap()
    ));
    let text = String::from_utf8_lossy(&f.run(&["check"]).stdout).into_owned();
    let kept = text.lines().find(|l| l.contains("static/kept.jpg"));
    assert!(
        kept.is_some_and(|l| l.contains("GPS included ([images] strip_static_metadata = false)")),
        "{text}"
    );
}

fn images_line(out: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .find(|l| l.starts_with("Images:"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_cache_skips_unchanged_images_and_is_pruned() {
    let f = site(
        "{% for p in ['a.jpg', 'b.jpg'] %}{% for w in [30, 60] %}\
         {% set r = resize_image(path=p, width=w, op='fit_width') %}{{ r.url | safe }};{% endfor %}{% endfor %}",
    );
    f.bytes("static/a.jpg", &jpeg(120, 80));
    f.bytes("static/b.jpg", &jpeg(100, 100));
    let first = f.run(&["build"]);
    assert_eq!(
        images_line(&first),
        "Images: 4 processed, 0 reused from the cache."
    );
    let cache = f.root().join(".yiyong-cache/images");
    let cached = |n| {
        std::fs::read_dir(&cache)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name() != "index")
            .count()
            == n
    };
    assert!(cached(4));
    // Some input must change, or the build is skipped as up to date (site/fresh.rs).
    touch(&f.root().join("config.toml"));
    assert_eq!(
        images_line(&f.run(&["build"])),
        "Images: 0 processed, 4 reused from the cache."
    );
    // The output is rebuilt from the cache even when public/ was deleted.
    std::fs::remove_dir_all(f.root().join("public")).unwrap();
    assert_eq!(
        images_line(&f.run(&["build"])),
        "Images: 0 processed, 4 reused from the cache."
    );
    let old = f.read("index.html");
    // A changed source is processed again, under new names; the old results are pruned.
    f.bytes("static/a.jpg", &jpeg(90, 60));
    assert_eq!(
        images_line(&f.run(&["build"])),
        "Images: 2 processed, 2 reused from the cache."
    );
    let new = f.read("index.html");
    assert_ne!(old.split(';').next(), new.split(';').next());
    assert_eq!(old.split(';').nth(2), new.split(';').nth(2));
    assert!(cached(4));
    for url in new.split(';').filter(|u| !u.is_empty()) {
        output_image(&f, url);
    }
    assert!(!f.exists(
        old.split(';')
            .next()
            .unwrap()
            .trim_start_matches("https://example.org/")
    ));
}

#[test]
fn bad_images_are_all_reported_and_the_previous_site_kept() {
    let f = site("ok");
    f.build();
    f.file(
        "templates/index.html",
        "{% for p in ['corrupt.jpg', 'truncated.jpg', 'notimage.png', 'huge.png', 'good.jpg'] %}\
         {% set r = resize_image(path=p, width=10, height=10) %}{{ r.url | safe }};{% endfor %}",
    );
    let mut truncated = jpeg(300, 300);
    truncated.truncate(truncated.len() / 3);
    f.bytes("static/truncated.jpg", &truncated);
    f.bytes(
        "static/corrupt.jpg",
        b"\xff\xd8\xff\xe0 this is not really a jpeg at all",
    );
    f.file("static/notimage.png", "just text");
    // A PNG header announcing 20000 × 20000 pixels.
    let mut huge = png(1, 1);
    huge[16..20].copy_from_slice(&20000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&20000u32.to_be_bytes());
    let crc = crc32(&huge[12..29]);
    huge[29..33].copy_from_slice(&crc.to_be_bytes());
    f.bytes("static/huge.png", &huge);
    f.bytes("static/good.jpg", &jpeg(20, 20));
    let err = f.build_err();
    for name in ["corrupt.jpg", "truncated.jpg", "notimage.png", "huge.png"] {
        assert!(err.contains(name), "{name} not named in:\n{err}");
    }
    assert!(err.contains("20000 × 20000"), "{err}");
    assert!(!err.contains("good.jpg"), "{err}");
    assert_eq!(f.read("index.html"), "ok", "the previous site is kept");
    assert!(err.contains("cut short"), "{err}");
    assert!(err.contains("4 errors"), "one error per bad file:\n{err}");
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn the_default_theme_serves_small_responsive_photos_with_sizes() {
    let (out, _port) = common::build_demo();
    let public = out.path().join("public");
    let hero = std::fs::read_to_string(public.join("heroes/he-ping/index.html")).unwrap();
    let picture = &hero[hero
        .find("<picture>")
        .expect("a <picture> on the story page")..];
    let picture = &picture[..picture.find("</picture>").unwrap()];
    assert!(
        picture.contains("<source type=\"image/webp\" srcset=\"") && picture.contains(" 480w, ")
    );
    assert!(picture.contains("sizes=\""), "{picture}");
    let img = &picture[picture.find("<img").unwrap()..];
    assert!(
        img.contains(".jpg\" srcset=\"") && img.contains("width=\"800\""),
        "{img}"
    );
    // Every listed file exists, decodes at the width it claims, and holds no metadata.
    for (url, w) in picture
        .split(['"', ','])
        .map(str::trim)
        .filter(|s| s.contains("/processed_images/") && s.ends_with('w'))
        .map(|s| s.rsplit_once(' ').unwrap())
    {
        let rel = &url[url.find("processed_images/").unwrap()..];
        let bytes = std::fs::read(public.join(rel)).unwrap();
        assert!(no_metadata(&bytes));
        let width = image::load_from_memory(&bytes).unwrap().width();
        assert_eq!(format!("{width}w"), w, "{rel}");
    }
    // The roll shows thumbnails (4:3, 2x for sharp phone screens), lazy below the first cards.
    let roll = std::fs::read_to_string(public.join("heroes/index.html")).unwrap();
    assert!(roll.contains("width=\"360\" height=\"270\""));
    assert!(roll.contains(" 2x\""));
    assert!(roll.matches("loading=\"lazy\"").count() >= 8);
    // No <img> anywhere in the site lacks width and height.
    for entry in common::files_below(&public)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(&entry).unwrap();
        for tag in html
            .split("<img")
            .skip(1)
            .map(|t| &t[..t.find('>').unwrap()])
        {
            assert!(
                tag.contains(" width=\"") && tag.contains(" height=\""),
                "{}: <img{tag}>",
                entry.display()
            );
        }
    }
}

/// Writes a file again as it is: a new modification time, the same bytes.
fn touch(path: &std::path::Path) {
    std::thread::sleep(std::time::Duration::from_millis(10));
    let bytes = std::fs::read(path).unwrap();
    std::fs::write(path, bytes).unwrap();
}
