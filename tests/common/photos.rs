//! Photos as phones, cameras and editors write them (EXIF with GPS, XMP, motion-photo
//! trailers, GIFs with XMP), and a check of a built site that reads every output file the way
//! a metadata viewer would and finds no position in any of them.

use std::path::Path;

use super::files_below;

use image::{ImageFormat, Rgb, RgbImage};
use img_parts::{jpeg::Jpeg, ImageEXIF};

/// A JPEG of `w`×`h`: left half red, right half blue (so rotations can be seen).
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    let mut out = std::io::Cursor::new(vec![]);
    img.write_to(&mut out, ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_pixel(w, h, Rgb([10, 120, 10]));
    let mut out = std::io::Cursor::new(vec![]);
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// EXIF (TIFF) bytes with an orientation and a GPS position, as a phone writes them. On its
/// own this is a valid TIFF file too.
pub fn exif_blob(orientation: u16) -> Vec<u8> {
    use exif::{experimental::Writer, Field, In, Rational, Tag, Value};
    let ascii = |s: &[u8]| Value::Ascii(vec![s.to_vec()]);
    let dms =
        |d, m, s| Value::Rational(vec![(d, 1).into(), (m, 1).into(), Rational::from((s, 100))]);
    let fields = [
        (Tag::Orientation, Value::Short(vec![orientation])),
        (Tag::Make, ascii(b"Phone")),
        (Tag::GPSLatitudeRef, ascii(b"N")),
        (Tag::GPSLatitude, dms(34, 45, 3564)),
        (Tag::GPSLongitudeRef, ascii(b"E")),
        (Tag::GPSLongitude, dms(113, 41, 708)),
    ]
    .map(|(tag, value)| Field {
        tag,
        ifd_num: In::PRIMARY,
        value,
    });
    let mut w = Writer::new();
    for f in &fields {
        w.push_field(f);
    }
    let mut out = std::io::Cursor::new(vec![]);
    w.write(&mut out, false).unwrap();
    out.into_inner()
}

/// An XMP packet with a GPS position, as Photoshop or a phone writes it.
pub const XMP_GPS: &str = "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='34,45.59N' exif:GPSLongitude='113,41.12E'/></rdf:RDF></x:xmpmeta><?xpacket end='w'?>";

/// A phone photo: JPEG with EXIF orientation, GPS and an XMP packet.
pub fn phone_jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let mut j = Jpeg::from_bytes(jpeg(w, h).into()).unwrap();
    j.set_exif(Some(exif_blob(orientation).into()));
    let xmp = [b"http://ns.adobe.com/xap/1.0/\0", XMP_GPS.as_bytes()].concat();
    let seg =
        img_parts::jpeg::JpegSegment::new_with_contents(img_parts::jpeg::markers::APP1, xmp.into());
    j.segments_mut().insert(1, seg);
    j.encoder().bytes().to_vec()
}

/// A looping two-frame GIF with an XMP packet holding GPS, stored the way Photoshop and
/// exiftool store XMP in a GIF: an "XMP DataXMP" application extension whose raw text is
/// followed by the 258-byte "magic trailer" that lets GIF readers skip it as sub-blocks.
pub fn gif_with_xmp_gps() -> Vec<u8> {
    use image::codecs::gif::{GifEncoder, Repeat};
    let mut gif = vec![];
    {
        let mut enc = GifEncoder::new(&mut gif);
        enc.set_repeat(Repeat::Infinite).unwrap();
        let frames = [[200, 30, 30, 255], [30, 30, 200, 255]]
            .map(|c| image::Frame::new(image::RgbaImage::from_pixel(6, 4, image::Rgba(c))));
        enc.encode_frames(frames).unwrap();
    }
    let flags = gif[10];
    let table = if flags & 0x80 != 0 {
        3 << ((flags & 7) + 1)
    } else {
        0
    };
    let mut ext = b"\x21\xff\x0bXMP DataXMP".to_vec();
    ext.extend_from_slice(XMP_GPS.as_bytes());
    ext.push(1);
    ext.extend((0..=255u8).rev());
    ext.push(0);
    let at = 13 + table;
    gif.splice(at..at, ext);
    gif
}

/// What a Samsung motion photo appends after the JPEG: a marker and an MP4 whose user data
/// holds the position (`©xyz`, ISO 6709).
pub fn motion_photo_trailer() -> Vec<u8> {
    let boxed = |kind: &[u8], body: &[u8]| {
        [&((8 + body.len()) as u32).to_be_bytes()[..], kind, body].concat()
    };
    let position = b"+34.7600+113.6853/";
    let xyz = [
        &(position.len() as u16).to_be_bytes()[..],
        b"\x15\xc7",
        position,
    ]
    .concat();
    let udta = boxed(b"udta", &boxed(b"\xa9xyz", &xyz));
    let ftyp = boxed(b"ftyp", b"isom\0\0\x02\0isommp42");
    [
        &b"MotionPhoto_Data"[..],
        &ftyp,
        &boxed(b"moov", &udta),
        &boxed(b"mdat", b"video frames"),
    ]
    .concat()
}

fn gps_fields(exif: &exif::Exif) -> Vec<String> {
    exif.fields()
        .filter(|f| f.tag.to_string().starts_with("GPS"))
        .map(|f| f.tag.to_string())
        .collect()
}

/// Why `bytes` would give away a position or a hidden payload, read independently of
/// yiyong's own code: EXIF GPS in the container or in any embedded TIFF block, GPS in XMP or
/// in a QuickTime location, a motion-photo video, or anything after a JPEG's end marker.
pub fn leaks(bytes: &[u8]) -> Vec<String> {
    let mut found = vec![];
    if let Ok(e) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) {
        found.extend(gps_fields(&e));
    }
    for at in 0..bytes.len().saturating_sub(4) {
        if matches!(&bytes[at..at + 4], b"II*\0" | b"MM\0*") {
            if let Ok(e) = exif::Reader::new().read_raw(bytes[at..].to_vec()) {
                found.extend(gps_fields(&e));
            }
        }
    }
    let text_marks: [&[u8]; 6] = [
        b"GPSLatitude",
        b"GPSLongitude",
        b"xmpmeta",
        b"\xa9xyz",
        b"MotionPhoto",
        b"ftypisom",
    ];
    for mark in text_marks {
        if bytes.windows(mark.len()).any(|w| w == mark) {
            found.push(String::from_utf8_lossy(mark).into_owned());
        }
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        // In JPEG data 0xFF is followed by 0x00 or a marker, so SOI and EOI appear once each.
        let soi = bytes.windows(2).filter(|w| w == &[0xFF, 0xD8]).count();
        if soi != 1 || !bytes.ends_with(&[0xFF, 0xD9]) {
            found.push(format!(
                "{soi} JPEG start markers, or data after the end marker"
            ));
        }
    }
    found
}

/// Reads every file of the built site and panics naming each one that leaks.
pub fn assert_no_leak_in(public: &Path) {
    let bad: Vec<String> = files_below(public)
        .iter()
        .filter_map(|p| {
            let leaks = leaks(&std::fs::read(p).unwrap());
            (!leaks.is_empty()).then(|| format!("{}: {leaks:?}", p.display()))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "the built site gives away:\n{}",
        bad.join("\n")
    );
}
