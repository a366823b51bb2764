//! `yiyong check --external`: fetches each distinct external link once, in parallel, and
//! reports the ones that fail (and missing `#anchors`), honouring `[link_checker]`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use rayon::prelude::*;

use crate::LinkChecker;

pub struct LinkFailure {
    pub url: String,
    pub files: Vec<PathBuf>,
    pub reason: String,
}

/// Fetches one URL; returns the failure of the URL itself, or of each wanted anchor.
fn fetch(agent: &ureq::Agent, url: &str, anchors: &[&str]) -> Result<Vec<String>, String> {
    let mut resp = agent.get(url).call().map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    if !(200..400).contains(&status) {
        return Err(format!("HTTP {status}"));
    }
    if anchors.is_empty() {
        return Ok(vec![]);
    }
    let body = resp
        .body_mut()
        .with_config()
        .limit(10 * 1024 * 1024)
        .read_to_string()
        .map_err(|e| e.to_string())?;
    Ok(anchors
        .iter()
        .filter(|a| {
            ![
                format!("id=\"{a}\""),
                format!("name=\"{a}\""),
                format!("id='{a}'"),
                format!("id={a}"),
            ]
            .iter()
            .any(|needle| body.contains(needle.as_str()))
        })
        .map(|a| a.to_string())
        .collect())
}

/// Every distinct page is fetched once, whatever the number of links and anchors into it.
pub fn check(links: &[(PathBuf, String)], cfg: &LinkChecker) -> Vec<LinkFailure> {
    // base URL → (anchor or "" → files linking with it)
    let mut by_base: BTreeMap<String, BTreeMap<&str, Vec<PathBuf>>> = BTreeMap::new();
    for (file, url) in links {
        let skipped = cfg
            .skip_prefixes
            .iter()
            .any(|p| url.starts_with(p.as_str()));
        if skipped || cfg.is_file_ignored(file) {
            continue;
        }
        let skip_anchor = cfg
            .skip_anchor_prefixes
            .iter()
            .any(|p| url.starts_with(p.as_str()));
        let (base, anchor) = match url.split_once('#') {
            Some((b, a)) if !skip_anchor => (b, a),
            Some((b, _)) => (b, ""),
            None => (url.as_str(), ""),
        };
        let base = if base.starts_with("//") {
            format!("https:{base}")
        } else {
            base.to_string()
        };
        by_base
            .entry(base)
            .or_default()
            .entry(anchor)
            .or_default()
            .push(file.clone());
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(15)))
        .http_status_as_error(false)
        .user_agent("yiyong link checker")
        .build()
        .into();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(8)
        .build()
        .expect("a thread pool");
    pool.install(|| {
        by_base
            .into_par_iter()
            .flat_map_iter(|(base, anchors)| {
                let wanted: Vec<&str> = anchors.keys().copied().filter(|a| !a.is_empty()).collect();
                let failures: Vec<LinkFailure> = match fetch(&agent, &base, &wanted) {
                    Err(reason) => anchors
                        .iter()
                        .map(|(a, files)| LinkFailure {
                            url: join(&base, a),
                            files: files.clone(),
                            reason: reason.clone(),
                        })
                        .collect(),
                    Ok(missing) => missing
                        .iter()
                        .map(|a| LinkFailure {
                            url: join(&base, a),
                            files: anchors[a.as_str()].clone(),
                            reason: format!("anchor `#{a}` not found in the page"),
                        })
                        .collect(),
                };
                failures
            })
            .collect()
    })
}

fn join(base: &str, anchor: &str) -> String {
    if anchor.is_empty() {
        base.to_string()
    } else {
        format!("{base}#{anchor}")
    }
}
