//! What is known of a source image before any pixel is decoded: content hash, displayed size
//! (after EXIF orientation), orientation and kind. Kept in an index in the cache folder keyed
//! by file size and modification time, so unchanged sources are not even read again.

use std::collections::HashMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader};
use sha2::{Digest, Sha256};

/// Sources above this many pixels are refused: decoding one would take gigabytes of memory.
pub const MAX_PIXELS: u64 = 100_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub hash: String,
    /// Displayed size: width and height swapped for sideways EXIF orientations.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation, 1 (upright) to 8.
    pub orientation: u8,
    pub format: ImageFormat,
}

impl SourceInfo {
    pub fn is_lossy(&self) -> bool {
        matches!(
            self.format,
            ImageFormat::Jpeg | ImageFormat::WebP | ImageFormat::Avif
        )
    }

    pub fn mime(&self) -> &'static str {
        self.format.to_mime_type()
    }

    pub fn format_name(&self) -> String {
        self.format.extensions_str()[0].to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub mtime_ns: u128,
}

pub fn stamp(path: &Path) -> std::io::Result<Stamp> {
    let m = std::fs::metadata(path)?;
    let mtime_ns = m
        .modified()?
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    Ok(Stamp {
        len: m.len(),
        mtime_ns,
    })
}

/// Reads the header of `path`: format, size, orientation; hashes the bytes.
pub fn read(bytes: &[u8]) -> Result<SourceInfo, String> {
    let hash = hex(&Sha256::digest(bytes))[..32].to_string();
    let reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader
        .format()
        .ok_or("it is not an image in a format yiyong reads (JPEG, PNG, WebP or GIF)")?;
    if format == ImageFormat::Jpeg && !super::strip::jpeg_complete(bytes) {
        return Err(
            "the JPEG data is cut short (truncated or damaged): copy or export the file again"
                .into(),
        );
    }
    let mut decoder = reader.into_decoder().map_err(describe)?;
    let (w, h) = decoder.dimensions();
    if w as u64 * h as u64 > MAX_PIXELS {
        return Err(format!(
            "it is {w} × {h} pixels, more than yiyong processes ({} million); shrink it first",
            MAX_PIXELS / 1_000_000
        ));
    }
    let orientation = decoder.orientation().map(orientation_number).unwrap_or(1);
    let (width, height) = if orientation >= 5 { (h, w) } else { (w, h) };
    Ok(SourceInfo {
        hash,
        width,
        height,
        orientation,
        format,
    })
}

pub fn describe(e: image::ImageError) -> String {
    format!("it cannot be decoded ({e}); the file may be damaged or truncated: export it again")
}

pub fn orientation_number(o: Orientation) -> u8 {
    match o {
        Orientation::NoTransforms => 1,
        Orientation::FlipHorizontal => 2,
        Orientation::Rotate180 => 3,
        Orientation::FlipVertical => 4,
        Orientation::Rotate90FlipH => 5,
        Orientation::Rotate90 => 6,
        Orientation::Rotate270FlipH => 7,
        Orientation::Rotate270 => 8,
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The index of known sources, loaded from and saved to the cache folder.
#[derive(Default)]
pub struct Index {
    entries: HashMap<PathBuf, (Stamp, SourceInfo)>,
}

impl Index {
    pub fn load(file: &Path) -> Index {
        let Ok(text) = std::fs::read_to_string(file) else {
            return Index::default();
        };
        let entries = text
            .lines()
            .filter_map(|line| {
                let f: Vec<&str> = line.split('\t').collect();
                let [path, len, mtime, hash, w, h, o, ext] = f.as_slice() else {
                    return None;
                };
                let stamp = Stamp {
                    len: len.parse().ok()?,
                    mtime_ns: mtime.parse().ok()?,
                };
                let info = SourceInfo {
                    hash: hash.to_string(),
                    width: w.parse().ok()?,
                    height: h.parse().ok()?,
                    orientation: o.parse().ok()?,
                    format: ImageFormat::from_extension(ext)?,
                };
                Some((PathBuf::from(path), (stamp, info)))
            })
            .collect();
        Index { entries }
    }

    pub fn save(&self, file: &Path) -> std::io::Result<()> {
        let mut lines: Vec<String> = self
            .entries
            .iter()
            .filter(|(p, _)| !p.to_string_lossy().contains(['\t', '\n']))
            .map(|(p, (s, i))| {
                format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    p.display(),
                    s.len,
                    s.mtime_ns,
                    i.hash,
                    i.width,
                    i.height,
                    i.orientation,
                    i.format_name()
                )
            })
            .collect();
        lines.sort();
        crate::write::write_atomic(file, lines.join("\n").as_bytes())
    }

    /// The info for `path`, from the index while the file is unchanged. `bytes`, when the
    /// caller has read the file already, saves reading it again.
    pub fn get(&mut self, path: &Path, bytes: Option<&[u8]>) -> Result<SourceInfo, String> {
        let st = stamp(path).map_err(|e| format!("cannot read it: {e}"))?;
        if let Some((s, info)) = self.entries.get(path) {
            if *s == st {
                return Ok(info.clone());
            }
        }
        let info = match bytes {
            Some(b) => read(b)?,
            None => read(&std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?)?,
        };
        self.entries.insert(path.to_path_buf(), (st, info.clone()));
        Ok(info)
    }

    pub fn retain(&mut self, keep: impl Fn(&Path) -> bool) {
        self.entries.retain(|p, _| keep(p));
    }
}

/// Opens and decodes `path` with EXIF orientation applied.
pub fn decode_oriented(path: &Path, info: &SourceInfo) -> Result<image::DynamicImage, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let mut reader = ImageReader::with_format(BufReader::new(file), info.format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let mut img = reader.decode().map_err(describe)?;
    if let Some(o) = Orientation::from_exif(info.orientation) {
        img.apply_orientation(o);
    }
    Ok(img)
}
