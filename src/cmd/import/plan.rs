//! Where the files go and what happens to each: the folder (inside the site's content, not
//! through a link out of it), the files an earlier import made (found by the key they carry),
//! file names for new rows (pinyin, as `yiyong new` names them, `-2`, `-3`… in sheet order
//! when taken), and the action per row. Nothing here writes.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use toml_edit::DocumentMut;

use super::matter;
use super::text as t;
use crate::error::Diagnostic;

/// The folder to import into, checked to lie inside `root/content` both as written and after
/// following the links of the part that exists.
pub fn target_dir(root: &Path, into: &Path) -> Result<PathBuf, Diagnostic> {
    let outside = || {
        Diagnostic::new(t::OUTSIDE.fmt(&[("into", &into.display())]))
            .with_hint(t::OUTSIDE_HINT.text())
    };
    let root = root.canonicalize().map_err(|_| outside())?;
    let content = root.join("content");
    let joined = match into.is_absolute() {
        true => into.to_path_buf(),
        false => root.join(into),
    };
    // `..` resolved on the path as written: `content/../../x` is outside.
    let mut plain = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                plain.pop();
            }
            Component::CurDir => {}
            c => plain.push(c),
        }
    }
    if !plain.starts_with(&content) {
        return Err(outside());
    }
    // The part that exists, with its links followed: a folder linked elsewhere is outside.
    let mut existing = plain.as_path();
    while !existing.exists() {
        existing = existing.parent().ok_or_else(outside)?;
    }
    let real = existing.canonicalize().map_err(|_| outside())?;
    let real_content = content.canonicalize().unwrap_or(content.clone());
    if !real.starts_with(&content) || real_content != content {
        return Err(outside());
    }
    Ok(plain)
}

/// A file an earlier import made.
pub struct Existing {
    pub path: PathBuf,
    pub text: String,
}

/// The imported files by their key, and every file name taken (lowercase, no extension).
pub type Found = (HashMap<String, Existing>, HashSet<String>);

/// The imported files in `dir`. Links and files without the import's mark are left alone
/// (and their names stay taken).
pub fn existing(dir: &Path) -> Result<Found, Vec<Diagnostic>> {
    let mut found: HashMap<String, Existing> = HashMap::new();
    let mut taken = HashSet::new();
    let mut problems = vec![];
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok((found, taken));
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
            taken.insert(stem.to_lowercase());
        }
        let is_md = path.extension().is_some_and(|e| e == "md");
        let link = path
            .symlink_metadata()
            .map(|m| !m.is_file())
            .unwrap_or(true);
        if !is_md || link {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some(front) = matter::split(&text).map(|s| s.front) else {
            continue;
        };
        if !front.contains(matter::MARK) {
            continue;
        }
        let doc: DocumentMut = match front.parse() {
            Ok(d) => d,
            Err(e) => {
                let reason = e.to_string();
                let reason = reason.lines().next().unwrap_or_default();
                problems.push(
                    Diagnostic::in_file(&path, t::UNREADABLE.fmt(&[("reason", &reason)]))
                        .with_hint(t::UNREADABLE_HINT.text()),
                );
                continue;
            }
        };
        let Some(key) = matter::key_of(&doc) else {
            continue;
        };
        if let Some(first) = found.get(&key) {
            let said = t::TWO_FILES.fmt(&[
                ("a", &first.path.display()),
                ("b", &path.display()),
                ("key", &key),
            ]);
            problems.push(Diagnostic::new(said));
            continue;
        }
        found.insert(key, Existing { path, text });
    }
    match problems.is_empty() {
        true => Ok((found, taken)),
        false => Err(problems),
    }
}

/// `base`, or `base-2`, `base-3`… : the first name not taken (then taken).
pub fn free_name(base: &str, taken: &mut HashSet<String>) -> String {
    let name = (1..)
        .map(|n| match n {
            1 => base.to_string(),
            n => format!("{base}-{n}"),
        })
        .find(|n| !taken.contains(&n.to_lowercase()) && n != "_index")
        .expect("a free name");
    taken.insert(name.to_lowercase());
    name
}

/// The key of an anonymous hero's row as stored in the file: the readable key holds the real
/// name, which is not to be written anywhere but `name`. FNV-1a: stable across versions and
/// machines, as a key read back later must be.
pub fn hidden_key(key: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("#{h:016x}")
}

/// What happens to a row's file.
pub enum Action {
    Create {
        path: PathBuf,
        text: String,
    },
    Update {
        path: PathBuf,
        old: String,
        text: String,
    },
    Unchanged {
        path: PathBuf,
    },
}

/// Writes every action, each file through a temporary one renamed over it (a file is either
/// as it was or as planned), never through a link.
pub fn write(dir: &Path, actions: &[(u32, Action)]) -> Result<(), Diagnostic> {
    let failed = |p: &Path, e: &dyn std::fmt::Display| {
        Diagnostic::new(t::CANNOT_WRITE.fmt(&[("path", &p.display()), ("reason", e)]))
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(dir, &e))?;
    for (_, a) in actions {
        let (path, text) = match a {
            Action::Create { path, text } | Action::Update { path, text, .. } => (path, text),
            Action::Unchanged { .. } => continue,
        };
        if path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(Diagnostic::new(
                t::SYMLINK.fmt(&[("path", &path.display())]),
            ));
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("x");
        let tmp = path.with_file_name(format!(".{name}.import-tmp"));
        std::fs::write(&tmp, text)
            .and_then(|_| std::fs::rename(&tmp, path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                failed(path, &e)
            })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_sheet_order() {
        let mut taken: HashSet<String> = ["wang-wei".to_string()].into();
        assert_eq!(free_name("wang-wei", &mut taken), "wang-wei-2");
        assert_eq!(free_name("wang-wei", &mut taken), "wang-wei-3");
        assert_eq!(free_name("li-hua", &mut taken), "li-hua");
    }

    #[test]
    fn into_stays_inside_content() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content/heroes")).unwrap();
        assert!(target_dir(root, Path::new("content/heroes")).is_ok());
        assert!(target_dir(root, Path::new("content/new/sub")).is_ok());
        for bad in ["../x", "content/../../x", "static", "/tmp"] {
            assert!(target_dir(root, Path::new(bad)).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            let elsewhere = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(elsewhere.path(), root.join("content/out")).unwrap();
            assert!(target_dir(root, Path::new("content/out")).is_err());
            assert!(target_dir(root, Path::new("content/out/deeper")).is_err());
        }
    }
}
