//! Image processing: Zola's `resize_image`, EXIF orientation, metadata stripping of copied
//! images, and a cache of processed images outside the output folder.
//!
//! Templates enqueue work while they render (`resize`), getting the result's URL and size at
//! once; `process` then does the pixel work in parallel, one decode per source, and copies the
//! results from the cache into the output.

mod format;
mod gif;
mod gps;
mod jpeg;
mod ops;
mod private;
mod sniff;
mod source;
mod strip;

pub use format::Format;
pub use gps::has_gps;
pub use ops::{Instructions, ResizeOp};
pub use private::gps_sources;
pub use sniff::Kind;
pub use source::{SourceInfo, MAX_PIXELS};

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::Diagnostic;
use crate::write::Sink;

/// Where processed images go in the output, as in Zola.
pub const PROCESSED_DIR: &str = "processed_images";

/// One output image: a source, what to do to it, and where the result goes.
#[derive(Debug, Clone)]
struct Job {
    source: PathBuf,
    info: SourceInfo,
    instr: Instructions,
    format: Format,
    cache_name: String,
}

/// What `resize_image` returns (Zola's fields).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Resized {
    pub url: String,
    pub static_path: String,
    pub width: u32,
    pub height: u32,
    pub orig_width: u32,
    pub orig_height: u32,
}

/// What `process` did: `processed` counts pixel work; a rebuild with unchanged images has 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageStats {
    pub processed: usize,
    pub cached: usize,
}

pub struct Images {
    cache_dir: PathBuf,
    processed_url: String,
    index: Mutex<source::Index>,
    /// Output path (relative to the output folder) → job.
    jobs: Mutex<BTreeMap<String, Job>>,
    /// Bad sources met by `resize`, reported by `process` (one message per file).
    bad_sources: Mutex<BTreeMap<PathBuf, String>>,
    /// (output path, cache name) pairs already put into a sink (see `process_new`).
    delivered: Mutex<HashSet<(String, String)>>,
}

impl Images {
    /// `cache_dir` holds processed images between builds; `processed_url` is the permalink of
    /// `processed_images/`.
    pub fn new(cache_dir: PathBuf, processed_url: String) -> Images {
        let index = source::Index::load(&cache_dir.join("index"));
        Images {
            cache_dir,
            processed_url,
            index: Mutex::new(index),
            jobs: Mutex::new(BTreeMap::new()),
            bad_sources: Mutex::new(BTreeMap::new()),
            delivered: Mutex::default(),
        }
    }

    /// Size, orientation and kind of a raster image, read once per content change.
    pub fn source_info(&self, path: &Path) -> Result<SourceInfo, String> {
        self.index.lock().unwrap().get(path, None)
    }

    /// Enqueues a resize of `path` and says where the result will be. An unreadable source
    /// is not an error here: it is recorded and reported by `process`, with every other bad
    /// image, and the template goes on with the requested size.
    pub fn resize(
        &self,
        path: &Path,
        op: ResizeOp,
        format: &str,
        quality: Option<u8>,
        speed: Option<u8>,
    ) -> Result<Resized, String> {
        let info = match self.source_info(path) {
            Ok(info) => info,
            Err(e) => {
                self.bad_sources
                    .lock()
                    .unwrap()
                    .insert(path.to_path_buf(), e);
                return Ok(placeholder(op));
            }
        };
        let format = Format::from_args(info.is_lossy(), format, quality, speed)?;
        let instr = Instructions::new(op, (info.width, info.height));
        let (width, height) = instr.output_size((info.width, info.height));
        // Sources are limited to MAX_PIXELS; so are results: 100000 × 100000 asked of a
        // small photo would take minutes and gigabytes.
        if width as u64 * height as u64 > MAX_PIXELS {
            return Err(format!(
                "the result would be {width} × {height} pixels, more than yiyong produces ({} million); ask for a smaller width and height",
                MAX_PIXELS / 1_000_000
            ));
        }
        let cache_name = cache_name(&info, &instr.describe(), &format);
        let rel = format!("{PROCESSED_DIR}/{cache_name}");
        let resized = Resized {
            url: format!("{}{cache_name}", self.processed_url),
            static_path: format!("static/{rel}"),
            width,
            height,
            orig_width: info.width,
            orig_height: info.height,
        };
        self.enqueue(rel, path, info, instr, format, cache_name);
        Ok(resized)
    }

    /// Size of an already enqueued processed image, for `get_image_metadata`.
    pub fn processed_size(&self, rel: &str) -> Option<(u32, u32, Format)> {
        let jobs = self.jobs.lock().unwrap();
        let job = jobs.get(rel.trim_start_matches("static/"))?;
        let (w, h) = job.instr.output_size((job.info.width, job.info.height));
        Some((w, h, job.format))
    }

    fn enqueue(
        &self,
        rel: String,
        source: &Path,
        info: SourceInfo,
        instr: Instructions,
        format: Format,
        cache_name: String,
    ) {
        let job = Job {
            source: source.to_path_buf(),
            info,
            instr,
            format,
            cache_name,
        };
        self.jobs.lock().unwrap().insert(rel, job);
    }

    /// Copies a file into the output without private metadata (when `strip`). What counts is
    /// the content, not the name: any JPEG, PNG, WebP or GIF loses its EXIF/XMP/IPTC/comment
    /// blocks and anything appended after the image, byte for byte (see `private::plan`); a
    /// photo with an EXIF rotation is re-encoded upright instead, since dropping the tag would
    /// show it sideways; TIFF/HEIC/AVIF/JPEG XL with metadata are refused. Other files are
    /// copied untouched after a look at their first bytes.
    pub fn copy_private(
        &self,
        rel: &str,
        src: &Path,
        strip: bool,
        link: bool,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let io_err = |e: std::io::Error| {
            crate::site_files::read_error(src, &format!("cannot copy to {rel}"), &e)
        };
        let plain = || {
            if link {
                sink.link(rel, src)
            } else {
                sink.copy(rel, src)
            }
        };
        let kind = if strip {
            sniff::sniff_file(src).map_err(io_err)?
        } else {
            None
        };
        let Some(kind) = kind else {
            return plain().map_err(io_err);
        };
        let bytes = std::fs::read(src).map_err(io_err)?;
        // Only these three carry an EXIF rotation that the image crate applies.
        let info = if matches!(kind, Kind::Jpeg | Kind::Png | Kind::WebP) {
            self.index.lock().unwrap().get(src, Some(&bytes)).ok()
        } else {
            None
        };
        match private::plan(kind, &bytes, info.as_ref()) {
            private::Plan::AsIs => sink.write(rel, &bytes).map_err(io_err),
            private::Plan::Write(out) => sink.write(rel, &out).map_err(io_err),
            private::Plan::Refuse(msg, hint) => Err(Diagnostic::in_file(src, msg).with_hint(hint)),
            private::Plan::Upright(info) => {
                let format = match info.format {
                    image::ImageFormat::Png => Format::Png,
                    image::ImageFormat::WebP => Format::WebP { quality: Some(90) },
                    _ => Format::Jpeg { quality: 90 },
                };
                let instr = Instructions::default();
                let name = cache_name(&info, "upright", &format);
                self.enqueue(rel.to_string(), src, info, instr, format, name);
                Ok(())
            }
        }
    }

    /// Does the enqueued pixel work missing from the cache (in parallel, one decode per source)
    /// and puts every enqueued image into the output. Reports every bad image.
    pub fn process(&self, sink: &dyn Sink) -> (Vec<Diagnostic>, ImageStats) {
        self.process_jobs(sink, false)
    }

    /// Like `process`, for a sink that already holds what earlier calls delivered (`serve`
    /// rebuilding on top of the output it serves): only new or changed images are copied.
    pub fn process_new(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        self.process_jobs(sink, true).0
    }

    fn process_jobs(&self, sink: &dyn Sink, skip_delivered: bool) -> (Vec<Diagnostic>, ImageStats) {
        let mut jobs = self.jobs.lock().unwrap().clone();
        if skip_delivered {
            let delivered = self.delivered.lock().unwrap();
            jobs.retain(|rel, job| !delivered.contains(&(rel.clone(), job.cache_name.clone())));
        }
        let mut missing: BTreeMap<&Path, Vec<&Job>> = BTreeMap::new();
        let mut seen = HashSet::new();
        for job in jobs.values() {
            if !self.cache_dir.join(&job.cache_name).is_file() && seen.insert(&job.cache_name) {
                missing.entry(&job.source).or_default().push(job);
            }
        }
        let processed = missing.values().map(Vec::len).sum();
        let mut errors: Vec<Diagnostic> = self
            .bad_sources
            .lock()
            .unwrap()
            .iter()
            .map(|(src, e)| bad_image(src, e))
            .collect();
        errors.extend(
            missing
                .par_iter()
                .flat_map_iter(|(src, jobs)| self.run_source(src, jobs))
                .collect::<Vec<_>>(),
        );
        let failed: HashSet<&Path> = errors.iter().filter_map(|d| d.file.as_deref()).collect();
        let copy_errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter(|(_, job)| !failed.contains(job.source.as_path()))
            .filter_map(|(rel, job)| {
                let name = format!("resize_image of {}", job.source.display());
                crate::write::as_source(&name, || {
                    sink.copy(rel, &self.cache_dir.join(&job.cache_name))
                })
                .err()
                .map(|e| Diagnostic::in_file(&job.source, format!("cannot write {rel}: {e}")))
            })
            .collect();
        errors.extend(copy_errors);
        if errors.is_empty() {
            let mut delivered = self.delivered.lock().unwrap();
            delivered.extend(
                jobs.iter()
                    .map(|(rel, j)| (rel.clone(), j.cache_name.clone())),
            );
        }
        let stats = ImageStats {
            processed,
            cached: jobs.len().saturating_sub(processed),
        };
        let _ = self
            .index
            .lock()
            .unwrap()
            .save(&self.cache_dir.join("index"));
        (errors, stats)
    }

    /// Decodes `src` once and writes each of its jobs into the cache.
    fn run_source(&self, src: &Path, jobs: &[&Job]) -> Vec<Diagnostic> {
        let fail = |msg: String| vec![bad_image(src, &msg)];
        let img = match source::decode_oriented(src, &jobs[0].info) {
            Ok(img) => img,
            Err(e) => return fail(e),
        };
        for job in jobs {
            let cropped;
            let base = match job.instr.crop {
                Some((x, y, w, h)) => {
                    cropped = img.crop_imm(x, y, w, h);
                    &cropped
                }
                None => &img,
            };
            let resized;
            let out = match job.instr.resize {
                Some((w, h)) => {
                    resized = base.resize_exact(w, h, image::imageops::FilterType::Lanczos3);
                    &resized
                }
                None => base,
            };
            let bytes = match job.format.encode(out) {
                Ok(b) => b,
                Err(e) => {
                    return fail(format!(
                        "cannot encode it as {}: {e}",
                        job.format.extension()
                    ))
                }
            };
            if let Err(e) =
                crate::write::write_atomic(&self.cache_dir.join(&job.cache_name), &bytes)
            {
                return fail(format!("cannot write the image cache: {e}"));
            }
        }
        vec![]
    }

    /// Removes cached images and index entries this build did not use. Returns how many files.
    pub fn prune(&self) -> usize {
        let jobs = self.jobs.lock().unwrap();
        let used: HashSet<&str> = jobs.values().map(|j| j.cache_name.as_str()).collect();
        let sources: HashSet<&Path> = jobs.values().map(|j| j.source.as_path()).collect();
        let mut removed = 0;
        if let Ok(entries) = std::fs::read_dir(&self.cache_dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name != "index"
                    && !used.contains(name.as_str())
                    && std::fs::remove_file(entry.path()).is_ok()
                {
                    removed += 1;
                }
            }
        }
        let mut index = self.index.lock().unwrap();
        index.retain(|p| sources.contains(p) || p.exists());
        let _ = index.save(&self.cache_dir.join("index"));
        removed
    }
}

fn bad_image(src: &Path, msg: &str) -> Diagnostic {
    Diagnostic::in_file(src, format!("image: {msg}"))
        .with_hint("replace the file with a JPEG, PNG or WebP that opens in an image viewer")
}

/// What `resize` answers for a bad source: the build fails later, with all bad images named.
fn placeholder(op: ResizeOp) -> Resized {
    let (width, height) = match op {
        ResizeOp::Scale(w, h) | ResizeOp::Fit(w, h) | ResizeOp::Fill(w, h) => (w, h),
        ResizeOp::FitWidth(w) => (w, w),
        ResizeOp::FitHeight(h) => (h, h),
    };
    Resized {
        url: String::new(),
        static_path: String::new(),
        width,
        height,
        orig_width: 0,
        orig_height: 0,
    }
}

/// Names a processed image by the source's content and the work done, so a changed photo or
/// changed arguments give a new name (and browsers never see a stale image under an old one).
fn cache_name(info: &SourceInfo, work: &str, format: &Format) -> String {
    let key = format!("{}|{}|{work}|{}", info.hash, info.orientation, format.key());
    let digest = source::hex(&Sha256::digest(key.as_bytes()));
    format!("{}.{}", &digest[..20], format.extension())
}
