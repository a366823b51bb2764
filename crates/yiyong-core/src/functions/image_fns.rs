//! `resize_image` and `get_image_metadata`: template functions over the image processor.

use std::collections::HashMap;

use serde_json::{json, Value};
use tera::Result;

use super::SiteData;
use crate::images::ResizeOp;

fn err(m: String) -> tera::Error {
    tera::Error::msg(m)
}

fn u32_arg(args: &HashMap<String, Value>, f: &str, name: &str) -> Result<Option<u32>> {
    match args.get(name).filter(|v| !v.is_null()) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| err(format!("{f}: `{name}` must be a whole number, not {v}"))),
    }
}

fn u8_arg(args: &HashMap<String, Value>, f: &str, name: &str) -> Result<Option<u8>> {
    u32_arg(args, f, name)?
        .map(|n| u8::try_from(n).map_err(|_| err(format!("{f}: `{name}` {n} is too large"))))
        .transpose()
}

fn str_arg<'a>(args: &'a HashMap<String, Value>, name: &str, default: &'a str) -> &'a str {
    args.get(name).and_then(Value::as_str).unwrap_or(default)
}

pub fn resize_image(site: &SiteData, args: &HashMap<String, Value>) -> Result<Value> {
    const F: &str = "resize_image";
    let path = args
        .get("path")
        .and_then(Value::as_str)
        .ok_or_else(|| err(format!("{F} needs the `path` argument")))?;
    let file = site
        .find_file(F, path)?
        .ok_or_else(|| err(format!("{F}: image `{path}` not found in the site root, static/, content/ or the theme's static/")))?;
    let op = ResizeOp::from_args(
        str_arg(args, "op", "fill"),
        u32_arg(args, F, "width")?,
        u32_arg(args, F, "height")?,
    )
    .map_err(|e| err(format!("{F}(`{path}`): {e}")))?;
    let resized = site
        .images
        .resize(
            &file,
            op,
            str_arg(args, "format", "auto"),
            u8_arg(args, F, "quality")?,
            u8_arg(args, F, "speed")?,
        )
        .map_err(|e| err(format!("{F}: {}: {e}", file.display())))?;
    Ok(serde_json::to_value(resized).expect("plain fields"))
}

pub fn get_image_metadata(site: &SiteData, args: &HashMap<String, Value>) -> Result<Value> {
    const F: &str = "get_image_metadata";
    let path = args
        .get("path")
        .and_then(Value::as_str)
        .ok_or_else(|| err(format!("{F} needs the `path` argument")))?;
    if let Some((w, h, format)) = site.images.processed_size(path.trim_start_matches('/')) {
        let ext = format.extension();
        return Ok(json!({"width": w, "height": h, "format": ext, "mime": mime_of(ext)}));
    }
    let Some(file) = site.find_file(F, path)? else {
        return if args.get("allow_missing").and_then(Value::as_bool) == Some(true) {
            Ok(Value::Null)
        } else {
            Err(err(format!(
                "{F}: image `{path}` not found in static/ or content/"
            )))
        };
    };
    if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        let text = std::fs::read_to_string(&file).map_err(|e| err(format!("{F}: {e}")))?;
        let (w, h) = super::load_data::svg_size(&text).ok_or_else(|| {
            err(format!(
                "{F}: {} has no width/height or viewBox",
                file.display()
            ))
        })?;
        return Ok(json!({ "width": w, "height": h, "format": "svg", "mime": "image/svg+xml" }));
    }
    let info = site
        .images
        .source_info(&file)
        .map_err(|e| err(format!("{F}: {}: {e}", file.display())))?;
    Ok(
        json!({"width": info.width, "height": info.height, "format": info.format_name(), "mime": info.mime()}),
    )
}

fn mime_of(ext: &str) -> &'static str {
    match ext {
        "jpg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        _ => "image/avif",
    }
}
