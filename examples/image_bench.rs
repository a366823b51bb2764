//! Image benchmark (issue: images). Makes N photos of 4000 × 3000 (JPEG), a site whose N hero
//! pages each show one photo at two sizes, then times a plain single-threaded loop of the same
//! `image` crate work (decode, two Lanczos3 resizes, two JPEG encodes per photo) as the
//! baseline, `yiyong build` with an empty image cache, and `yiyong build` again (which must
//! report 0 images processed).
//!
//! Usage: `bench/images.sh [OUT] [N]` (defaults /tmp/yiyong-image-bench, 200).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{Rgb, RgbImage};
use rayon::prelude::*;

const W: u32 = 4000;
const H: u32 = 3000;

/// A photo-like picture: smooth gradients with fine texture, different for every `i`.
fn photo(i: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(W, H, |x, y| {
        let (fx, fy) = (x as f32 / W as f32, y as f32 / H as f32);
        let t = ((x * 7 + y * 13 + i * 101) % 17) as f32;
        let r = 90.0 + 120.0 * fy + t + 20.0 * (fx * 9.0 + i as f32).sin();
        let g = 140.0 - 60.0 * fy + t + 25.0 * (fy * 11.0).cos();
        let b = 200.0 * (1.0 - fy) + t + 15.0 * ((fx + fy) * 23.0).sin();
        Rgb([
            r as u8,
            g.clamp(0.0, 255.0) as u8,
            b.clamp(0.0, 255.0) as u8,
        ])
    });
    let mut out = vec![];
    JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .unwrap();
    out
}

fn write_site(root: &Path, n: u32) {
    let w = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "config.toml",
        "base_url = \"https://bench.example\"\ntitle = \"bench\"\n",
    );
    w("templates/index.html", "index");
    w("templates/section.html", "section");
    w(
        "templates/page.html",
        "{% set big = resize_image(path=page.extra.photo, width=800, op=\"fit_width\", format=\"jpg\", quality=80) %}\
         {% set small = resize_image(path=page.extra.photo, width=360, height=270, op=\"fill\", format=\"jpg\", quality=80) %}\
         <img src=\"{{ big.url }}\" width=\"{{ big.width }}\"><img src=\"{{ small.url }}\">",
    );
    w("content/heroes/_index.md", "+++\ntitle = \"heroes\"\n+++\n");
    for i in 0..n {
        w(
            &format!("content/heroes/h{i}.md"),
            &format!(
                "+++\ntitle = \"英雄{i}\"\n[extra]\nphoto = \"photos/p{i}.jpg\"\n+++\n事迹。\n"
            ),
        );
    }
}

/// The same pixel work as the build, one photo after another on one thread.
fn baseline(photos: &[PathBuf]) -> f64 {
    let t = Instant::now();
    for p in photos {
        let img = image::open(p).unwrap();
        let big = img.resize_exact(800, 600, FilterType::Lanczos3);
        let small = img.resize_exact(360, 270, FilterType::Lanczos3);
        for out in [big, small] {
            let mut buf = vec![];
            JpegEncoder::new_with_quality(&mut buf, 80)
                .encode_image(&out.to_rgb8())
                .unwrap();
        }
    }
    t.elapsed().as_secs_f64()
}

fn build(bin: &Path, root: &Path) -> (f64, String) {
    let t = Instant::now();
    let out = Command::new(bin)
        .arg("--root")
        .arg(root)
        .arg("build")
        .output()
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = text
        .lines()
        .find(|l| l.starts_with("Images:"))
        .unwrap_or("")
        .to_string();
    (secs, line)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or("/tmp/yiyong-image-bench".into()));
    let n: u32 = args.next().map(|s| s.parse().unwrap()).unwrap_or(200);
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/yiyong");
    let root = out.join("site");
    let _ = std::fs::remove_dir_all(&root);
    write_site(&root, n);
    let photos: Vec<PathBuf> = (0..n)
        .map(|i| root.join(format!("static/photos/p{i}.jpg")))
        .collect();
    std::fs::create_dir_all(root.join("static/photos")).unwrap();
    let t = Instant::now();
    photos
        .par_iter()
        .enumerate()
        .for_each(|(i, p)| std::fs::write(p, photo(i as u32)).unwrap());
    println!(
        "made {n} photos of {W}×{H} in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let base = baseline(&photos);
    println!("single-threaded loop of the same image work: {base:.2} s");
    let (cold, cold_line) = build(&bin, &root);
    println!("yiyong build, cold cache:  {cold:.2} s   {cold_line}");
    let (warm, warm_line) = build(&bin, &root);
    println!("yiyong build, warm:        {warm:.2} s   {warm_line}");
    println!(
        "baseline / cold = {:.2}× on {} cores",
        base / cold,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
}
