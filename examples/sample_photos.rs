//! Draws the demo site's sample photos (fictional, no people's real likeness): simple scenes
//! in flat colours, written as JPEGs into static/images/samples/. Run once with
//! `cargo run --example sample_photos`; the results are committed with the demo.

use image::{codecs::jpeg::JpegEncoder, Rgb, RgbImage};

type Shape<'a> = &'a dyn Fn(f32, f32) -> bool;

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> Rgb<u8> {
    let c = |i: usize| (a[i] as f32 + (b[i] as f32 - a[i] as f32) * t.clamp(0.0, 1.0)) as u8;
    Rgb([c(0), c(1), c(2)])
}

/// A vertical gradient from `top` to `bottom`.
fn canvas(w: u32, h: u32, top: [u8; 3], bottom: [u8; 3]) -> RgbImage {
    RgbImage::from_fn(w, h, |_, y| mix(top, bottom, y as f32 / h as f32))
}

/// Paints `colour` where `inside(x, y)` holds, in coordinates from 0 to 1.
fn paint(img: &mut RgbImage, colour: [u8; 3], inside: Shape) {
    let (w, h) = img.dimensions();
    for y in 0..h {
        for x in 0..w {
            if inside(x as f32 / w as f32, y as f32 / h as f32) {
                img.put_pixel(x, y, Rgb(colour));
            }
        }
    }
}

fn ellipse(cx: f32, cy: f32, rx: f32, ry: f32) -> impl Fn(f32, f32) -> bool {
    move |x, y| ((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2) <= 1.0
}

fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> impl Fn(f32, f32) -> bool {
    move |x, y| x >= x0 && x <= x1 && y >= y0 && y <= y1
}

fn hills(img: &mut RgbImage, colour: [u8; 3], base: f32, amp: f32, freq: f32) {
    paint(img, colour, &|x, y| y > base - amp * (x * freq).sin().abs());
}

fn park() -> RgbImage {
    let mut img = canvas(1600, 1200, [120, 180, 235], [225, 240, 250]);
    paint(&mut img, [255, 244, 200], &ellipse(0.82, 0.18, 0.05, 0.066));
    hills(&mut img, [120, 170, 110], 0.62, 0.12, 4.0);
    hills(&mut img, [80, 140, 80], 0.75, 0.06, 7.0);
    paint(&mut img, [200, 200, 195], &rect(0.46, 0.30, 0.54, 0.78));
    paint(&mut img, [190, 40, 40], &rect(0.44, 0.78, 0.56, 0.84));
    paint(&mut img, [230, 190, 60], &ellipse(0.5, 0.36, 0.025, 0.033));
    img
}

fn corridor() -> RgbImage {
    let mut img = canvas(1600, 1200, [150, 195, 230], [235, 240, 245]);
    paint(&mut img, [170, 160, 150], &rect(0.0, 0.80, 1.0, 1.0));
    paint(&mut img, [150, 40, 40], &rect(0.04, 0.26, 0.96, 0.32));
    for i in 0..6 {
        let x = 0.07 + i as f32 * 0.15;
        paint(&mut img, [245, 240, 228], &rect(x, 0.38, x + 0.12, 0.70));
        paint(
            &mut img,
            [190, 50, 50],
            &rect(x + 0.01, 0.40, x + 0.11, 0.46),
        );
        paint(
            &mut img,
            [120, 120, 120],
            &rect(x + 0.055, 0.70, x + 0.065, 0.80),
        );
    }
    img
}

fn square() -> RgbImage {
    let mut img = canvas(1600, 1200, [100, 160, 220], [210, 230, 245]);
    paint(&mut img, [215, 205, 190], &|x, y| {
        y > 0.6 + 0.02 * (x * 3.0).sin()
    });
    paint(&mut img, [160, 150, 140], &rect(0.38, 0.64, 0.62, 0.70));
    paint(&mut img, [176, 141, 87], &ellipse(0.5, 0.38, 0.06, 0.08));
    paint(&mut img, [176, 141, 87], &|x, y| {
        y > 0.45 && y < 0.64 && (x - 0.5).abs() < 0.02 + (y - 0.45) * 0.5
    });
    paint(&mut img, [60, 120, 60], &ellipse(0.12, 0.55, 0.08, 0.12));
    paint(&mut img, [60, 120, 60], &ellipse(0.88, 0.55, 0.08, 0.12));
    img
}

/// News covers, 16:9: a meeting hall with a red banner over the stage and rows of seats.
fn meeting() -> RgbImage {
    let mut img = canvas(1600, 900, [236, 226, 208], [214, 200, 178]);
    paint(&mut img, [168, 7, 26], &rect(0.12, 0.08, 0.88, 0.2));
    paint(&mut img, [250, 214, 120], &rect(0.2, 0.125, 0.8, 0.155));
    paint(&mut img, [120, 20, 30], &rect(0.18, 0.36, 0.82, 0.46));
    paint(&mut img, [240, 240, 235], &rect(0.18, 0.33, 0.82, 0.36));
    for i in 0..7 {
        let x = 0.22 + i as f32 * 0.09;
        paint(
            &mut img,
            [40, 40, 45],
            &ellipse(x + 0.02, 0.29, 0.018, 0.04),
        );
    }
    for row in 0..4 {
        let y = 0.58 + row as f32 * 0.1;
        for i in 0..12 {
            let x = 0.04 + i as f32 * 0.08;
            paint(&mut img, [70, 80, 110], &rect(x, y, x + 0.06, y + 0.06));
            paint(
                &mut img,
                [45, 40, 38],
                &ellipse(x + 0.03, y - 0.02, 0.016, 0.03),
            );
        }
    }
    img
}

/// A red bus on a city street (the 见义勇为号 lines).
fn bus() -> RgbImage {
    let mut img = canvas(1600, 900, [130, 185, 235], [225, 238, 248]);
    for i in 0..5 {
        let x = 0.02 + i as f32 * 0.2;
        let h = 0.25 + (i % 3) as f32 * 0.08;
        paint(
            &mut img,
            [190, 195, 205],
            &rect(x, 0.55 - h, x + 0.15, 0.56),
        );
    }
    paint(&mut img, [95, 95, 100], &rect(0.0, 0.74, 1.0, 1.0));
    paint(&mut img, [240, 240, 240], &rect(0.0, 0.86, 1.0, 0.875));
    paint(&mut img, [200, 30, 40], &rect(0.16, 0.4, 0.84, 0.78));
    paint(&mut img, [250, 250, 250], &rect(0.16, 0.6, 0.84, 0.63));
    for i in 0..6 {
        let x = 0.19 + i as f32 * 0.105;
        paint(&mut img, [170, 215, 240], &rect(x, 0.45, x + 0.085, 0.57));
    }
    paint(&mut img, [30, 30, 32], &ellipse(0.3, 0.79, 0.045, 0.08));
    paint(&mut img, [30, 30, 32], &ellipse(0.7, 0.79, 0.045, 0.08));
    img
}

/// A ceremony: a stage with a red backdrop, a golden round emblem and flowers in front.
fn ceremony() -> RgbImage {
    let mut img = canvas(1600, 900, [150, 10, 25], [95, 5, 15]);
    paint(&mut img, [240, 196, 80], &ellipse(0.5, 0.3, 0.07, 0.125));
    paint(&mut img, [168, 7, 26], &ellipse(0.5, 0.3, 0.05, 0.09));
    paint(&mut img, [250, 214, 120], &rect(0.3, 0.5, 0.7, 0.53));
    paint(&mut img, [205, 185, 150], &rect(0.0, 0.7, 1.0, 1.0));
    paint(&mut img, [110, 60, 40], &rect(0.44, 0.55, 0.56, 0.8));
    for i in 0..16 {
        let x = 0.03 + i as f32 * 0.0625;
        let colour = if i % 2 == 0 {
            [240, 200, 60]
        } else {
            [230, 90, 110]
        };
        paint(&mut img, [50, 120, 60], &ellipse(x, 0.86, 0.03, 0.06));
        paint(&mut img, colour, &ellipse(x, 0.8, 0.022, 0.04));
    }
    img
}

/// A faceless figure against a coloured backdrop, portrait format.
fn portrait(top: [u8; 3], bottom: [u8; 3], cloth: [u8; 3]) -> RgbImage {
    let mut img = canvas(1200, 1500, top, bottom);
    paint(&mut img, cloth, &ellipse(0.5, 1.02, 0.42, 0.34));
    paint(&mut img, [236, 205, 180], &rect(0.45, 0.52, 0.55, 0.70));
    paint(&mut img, [236, 205, 180], &ellipse(0.5, 0.42, 0.16, 0.15));
    paint(&mut img, [50, 45, 40], &|x, y| {
        ellipse(0.5, 0.36, 0.17, 0.12)(x, y) && y < 0.37
    });
    img
}

fn save(img: &RgbImage, name: &str) {
    let path = format!("static/images/samples/{name}.jpg");
    let mut out = std::fs::File::create(&path).expect("create");
    JpegEncoder::new_with_quality(&mut out, 82)
        .encode_image(img)
        .expect("encode");
    println!("wrote {path}");
}

fn main() {
    save(&park(), "place-park");
    save(&corridor(), "place-corridor");
    save(&square(), "place-square");
    let people = [
        ("hero-blue", [90, 130, 190], [200, 215, 235], [40, 70, 120]),
        ("hero-green", [90, 150, 110], [210, 230, 215], [50, 90, 60]),
        ("hero-amber", [210, 160, 80], [245, 230, 200], [120, 70, 40]),
        ("hero-grey", [120, 120, 125], [220, 220, 222], [60, 60, 66]),
    ];
    for (name, top, bottom, cloth) in people {
        save(&portrait(top, bottom, cloth), name);
    }
    save(&meeting(), "news-meeting");
    save(&bus(), "news-bus");
    save(&ceremony(), "news-ceremony");
}
