//! What a copied file may take into the site. Every file that reaches the output from
//! static/ or a page bundle is sniffed (its first bytes, whatever its name); image content gets
//! its metadata removed, and the result is checked for GPS before it is written. `yiyong
//! check` reports the sources that carry GPS, with what the build does with each.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::sniff::{self, Kind};
use super::source::{self, SourceInfo};
use super::{gps, strip};

/// What the build does with an image's bytes.
pub enum Plan {
    /// Copied as they are: no metadata seen (e.g. a HEIC without any, a damaged GIF).
    AsIs,
    /// Re-encoded upright from its pixels: dropping its EXIF rotation would turn it sideways.
    Upright(SourceInfo),
    /// The image without its metadata.
    Write(Vec<u8>),
    /// Not copied: why, and what to do.
    Refuse(String, &'static str),
}

/// The plan for an image of `kind`; `info` is its header (when it decodes) for its rotation.
pub fn plan(kind: Kind, bytes: &[u8], info: Option<&SourceInfo>) -> Plan {
    let visible = || gps::has_exif(bytes) || gps::has_gps(bytes);
    if !kind.strippable() {
        return if visible() {
            Plan::Refuse(
                format!(
                    "this {} image carries metadata (EXIF/XMP, possibly GPS) that yiyong cannot remove",
                    kind.name()
                ),
                "convert it to JPEG, PNG or WebP, or remove its metadata with a photo editor",
            )
        } else {
            Plan::AsIs
        };
    }
    if let Some(info) = info.filter(|i| i.orientation != 1) {
        return Plan::Upright(info.clone());
    }
    match strip::strip(kind, bytes) {
        // The last guard: GPS hidden where no metadata belongs (inside a colour profile, a
        // JFIF header) survives the segment-by-segment removal; such a file is not published.
        Ok(out) if gps::has_gps(&out) => Plan::Refuse(
            format!(
                "GPS coordinates remain in this {} image after its metadata was removed (they are hidden inside the image data)",
                kind.name()
            ),
            "open it in a photo editor and export it again, without location",
        ),
        Ok(out) => Plan::Write(out),
        // Not a well-formed image: copied as it is unless it visibly holds metadata.
        Err(_) if !visible() => Plan::AsIs,
        Err(e) => Plan::Refuse(
            format!("cannot remove its metadata: {e}"),
            "the file may be damaged: export it again from a photo editor",
        ),
    }
}

/// What the build does with a source file that carries GPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// The built copy has no metadata.
    Removed,
    /// The build fails on it, with this message.
    Refused(String),
    /// Copied as it is, GPS included: not an image, or `strip_static_metadata = false`.
    CopiedAsIs,
    /// Not part of the built site (ignored, replaced by a file of the same name, or a content
    /// file outside any page bundle).
    NotCopied,
}

/// A source file with GPS coordinates and what becomes of them.
#[derive(Debug, Clone)]
pub struct GpsSource {
    pub path: PathBuf,
    pub kind: Option<Kind>,
    pub fate: Fate,
}

impl GpsSource {
    /// One line for `yiyong check`.
    pub fn describe(&self) -> String {
        let what = self.kind.map_or("not an image", Kind::name);
        match (&self.fate, self.kind) {
            (Fate::Removed, _) => format!("{what}: its metadata, GPS included, is removed from the built copy"),
            (Fate::Refused(msg), _) => format!("{what}: the build refuses it: {msg}"),
            (Fate::CopiedAsIs, Some(_)) => format!(
                "{what}: copied as it is, GPS included ([images] strip_static_metadata = false)"
            ),
            (Fate::CopiedAsIs, None) => format!(
                "{what}: copied as it is, GPS included (yiyong removes metadata from images only; remove the location with the program that made it)"
            ),
            (Fate::NotCopied, _) => format!("{what}: not copied into the built site"),
        }
    }
}

/// The files among `files` that carry GPS, sorted, with what the build does with each.
/// `copied` holds every source the build copies, with whether its metadata is removed.
pub fn gps_sources(mut files: Vec<PathBuf>, copied: &HashMap<PathBuf, bool>) -> Vec<GpsSource> {
    files.sort();
    files.dedup();
    files
        .into_par_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).ok()?;
            if !gps::has_gps(&bytes) {
                return None;
            }
            let kind = sniff::sniff(&bytes[..bytes.len().min(sniff::HEAD_LEN)]);
            let fate = fate(&path, kind, &bytes, copied);
            Some(GpsSource { path, kind, fate })
        })
        .collect()
}

fn fate(path: &Path, kind: Option<Kind>, bytes: &[u8], copied: &HashMap<PathBuf, bool>) -> Fate {
    match (copied.get(path), kind) {
        (None, _) => Fate::NotCopied,
        (Some(false), _) | (Some(true), None) => Fate::CopiedAsIs,
        (Some(true), Some(kind)) => {
            let info = source::read(bytes).ok();
            match plan(kind, bytes, info.as_ref()) {
                Plan::Upright(_) | Plan::Write(_) => Fate::Removed,
                Plan::Refuse(msg, _) => Fate::Refused(msg),
                Plan::AsIs => Fate::CopiedAsIs,
            }
        }
    }
}
