//! What pure macros (`purity`) wrote, kept for one render of the site: a hero's card is drawn
//! on the roll, on its year's, honour's and district's pages, from the same arguments each
//! time. A later call with the same arguments (and the same escaping) copies the text.
//!
//! A fast path of `fast_render`: the general path draws every call (`--cfg
//! yiyong_general_memo`). At 10,000 heroes it takes a cold build from 23.57 G to 22.95 G
//! instructions (−2.6%, with the direct writing of a macro's text in `render.rs`). Its contract is
//! `fast_render`'s: in debug builds every page is also rendered by Tera and compared.
//!
//! Kept per render of the site (`output::Renderer` owns one), never longer: a macro's
//! functions read the site, which the next build or `serve` update may have changed. The
//! content a miss read through functions (`deps`) is kept with its text and noted again on
//! each hit, so that `serve` still knows which outputs to render again after an edit.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

use crate::templates::deps::Dep;

/// Text kept in all, at most: past it, later misses are drawn and not kept.
const MAX_BYTES: usize = 24 << 20;

/// Arguments written out for a key, at most: a term page's heading is called with the term,
/// which holds every page of the term, and hashing that on each call cost more than
/// drawing the heading. A call with more is drawn, and its macro no longer looked up.
const MAX_KEY_BYTES: usize = 8 << 10;

/// Calls made outside loops after which a macro none of whose such calls was a hit stops
/// being looked up there: a macro called once a page with that page's own values (its
/// neighbours' links) is never a hit, and each call cost a hash of its arguments.
const TRIAL: u32 = 256;

const SHARDS: usize = 16;

pub struct Entry {
    pub text: Box<[u8]>,
    pub deps: Box<[Dep]>,
    /// Names its macro looked up in the page's context and did not find there
    /// (`Stack::absent`): the text holds for a page whose context lacks them too.
    pub absent: Box<[Box<str>]>,
}

#[derive(Default)]
pub struct Memo {
    shards: [Mutex<HashMap<u128, Arc<Entry>>>; SHARDS],
    bytes: AtomicUsize,
    /// Each macro met, by the template its calls are looked up from and its definition
    /// (addresses: the templates live longer than a memo).
    macros: RwLock<HashMap<(usize, usize), Arc<Macro>>>,
}

/// A macro as the memo knows it.
pub struct Macro {
    /// Cleared when its calls are no longer looked up: it is not pure (`purity`), a call read
    /// the page's context after all, or a call's arguments were too long to hash
    /// (`MAX_KEY_BYTES`).
    looked_up: AtomicBool,
    /// Its calls made outside a loop, and how many were hits.
    once: AtomicU32,
    once_hits: AtomicU32,
}

impl Macro {
    /// Its calls are drawn from now on.
    pub fn stop(&self) {
        self.looked_up.store(false, Ordering::Relaxed);
    }

    /// Whether a call is worth looking up: in a loop, or while calls outside loops still hit
    /// or are on trial.
    pub fn worth_it(&self, in_loop: bool) -> bool {
        self.looked_up.load(Ordering::Relaxed)
            && (in_loop
                || self.once.load(Ordering::Relaxed) < TRIAL
                || self.once_hits.load(Ordering::Relaxed) > 0)
    }
}

impl Memo {
    /// The macro defined by `def`, its calls looked up from `fixed`; `pure` works out
    /// whether it is pure the first time.
    pub fn macro_at(&self, fixed: usize, def: usize, pure: impl FnOnce() -> bool) -> Arc<Macro> {
        let known = self.macros.read().unwrap_or_else(|e| e.into_inner());
        if let Some(m) = known.get(&(fixed, def)) {
            return m.clone();
        }
        drop(known);
        let m = Arc::new(Macro {
            looked_up: AtomicBool::new(pure()),
            once: AtomicU32::new(0),
            once_hits: AtomicU32::new(0),
        });
        let mut known = self.macros.write().unwrap_or_else(|e| e.into_inner());
        known.entry((fixed, def)).or_insert(m).clone()
    }

    /// The text kept for `key`, a call of `m` (`in_loop`: made in a loop).
    pub fn get(&self, key: u128, m: &Macro, in_loop: bool) -> Option<Arc<Entry>> {
        let found = self.shard(key).get(&key).cloned();
        if !in_loop {
            m.once.fetch_add(1, Ordering::Relaxed);
            if found.is_some() {
                m.once_hits.fetch_add(1, Ordering::Relaxed);
            }
        }
        found
    }

    pub fn put(&self, key: u128, text: &[u8], deps: Vec<Dep>, absent: &[Box<str>]) {
        if self.bytes.fetch_add(text.len(), Ordering::Relaxed) + text.len() > MAX_BYTES {
            return;
        }
        let entry = Entry {
            text: text.into(),
            deps: deps.into(),
            absent: absent.into(),
        };
        self.shard(key).insert(key, Arc::new(entry));
    }

    fn shard(&self, key: u128) -> std::sync::MutexGuard<'_, HashMap<u128, Arc<Entry>>> {
        let shard = &self.shards[(key as usize) % SHARDS];
        shard.lock().unwrap_or_else(|e| e.into_inner())
    }
}

thread_local! {
    static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A 128-bit hash of a call of `m`: which macro (`id`: its definition, and the template its
/// calls are looked up from), whether its text is escaped, and its arguments' names and
/// values, written out unambiguously first. `None` (and `m` no longer looked up) when they
/// are too long to be worth it.
pub fn key(m: &Macro, id: (usize, usize), escape: bool, args: &[(&str, &Value)]) -> Option<u128> {
    BUF.with(|b| {
        let mut buf = b.borrow_mut();
        buf.clear();
        buf.extend_from_slice(&id.0.to_le_bytes());
        buf.extend_from_slice(&id.1.to_le_bytes());
        buf.push(escape as u8);
        for (name, value) in args {
            text(&mut buf, name);
            if !write(&mut buf, value) {
                m.stop();
                return None;
            }
        }
        Some(xxhash_rust::xxh3::xxh3_128(&buf))
    })
}

fn text(buf: &mut Vec<u8>, s: &str) {
    buf.extend_from_slice(&(s.len() as u64).to_le_bytes());
    buf.extend_from_slice(s.as_bytes());
}

/// A value as tagged, length-prefixed bytes: two values write the same bytes only if equal.
/// False once `buf` holds more than `MAX_KEY_BYTES`.
fn write(buf: &mut Vec<u8>, v: &Value) -> bool {
    match v {
        Value::Null => buf.push(0),
        Value::Bool(b) => buf.extend_from_slice(&[1, *b as u8]),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                buf.push(2);
                buf.extend_from_slice(&i.to_le_bytes());
            } else if let Some(u) = n.as_u64() {
                buf.push(3);
                buf.extend_from_slice(&u.to_le_bytes());
            } else {
                buf.push(4);
                buf.extend_from_slice(&n.as_f64().unwrap_or(f64::NAN).to_bits().to_le_bytes());
            }
        }
        Value::String(s) => {
            buf.push(5);
            text(buf, s);
        }
        Value::Array(items) => {
            buf.push(6);
            buf.extend_from_slice(&(items.len() as u64).to_le_bytes());
            return items.iter().all(|item| write(buf, item));
        }
        Value::Object(map) => {
            buf.push(7);
            buf.extend_from_slice(&(map.len() as u64).to_le_bytes());
            return map.iter().all(|(k, item)| {
                text(buf, k);
                write(buf, item)
            });
        }
    }
    buf.len() <= MAX_KEY_BYTES
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_tell_values_apart() {
        let m = Memo::default().macro_at(0, 1, || true);
        let k = |v: Value| key(&m, (0, 1), true, &[("h", &v)]).unwrap();
        let values = [
            json!(null),
            json!(""),
            json!("1"),
            json!(1),
            json!(1.5),
            json!(true),
            json!(["a", "b"]),
            json!(["ab"]),
            json!([["a"], "b"]),
            json!({"a": "b"}),
            json!({"ab": ""}),
            json!({"a": {"b": 1}}),
        ];
        let keys: std::collections::HashSet<u128> = values.iter().cloned().map(k).collect();
        assert_eq!(keys.len(), values.len());
        assert_eq!(k(json!({"a": [1, "x"]})), k(json!({"a": [1, "x"]})));
        let one = json!(1);
        let key = |id, escape, name| key(&m, id, escape, &[(name, &one)]).unwrap();
        let k1 = key((0, 1), true, "h");
        assert_ne!(k1, key((0, 1), false, "h"));
        assert_ne!(k1, key((0, 2), true, "h"));
        assert_ne!(k1, key((1, 1), true, "h"));
        assert_ne!(k1, key((0, 1), true, "g"));
    }

    #[test]
    fn text_past_the_limit_is_not_kept() {
        let memo = Memo::default();
        let m = memo.macro_at(0, 1, || true);
        memo.put(1, b"card", vec![Dep::Any], &[]);
        let hit = memo.get(1, &m, true).expect("kept");
        assert_eq!((&*hit.text, &*hit.deps), (&b"card"[..], &[Dep::Any][..]));
        memo.put(2, &vec![b'x'; MAX_BYTES], vec![], &[]);
        assert!(memo.get(2, &m, true).is_none());
        assert!(memo.get(1, &m, true).is_some());
    }

    #[test]
    fn macros_never_hit_outside_loops_stop_being_looked_up_there() {
        let memo = Memo::default();
        let once = memo.macro_at(0, 1, || true);
        for i in 0..TRIAL as u128 {
            assert!(once.worth_it(false));
            assert!(memo.get(i, &once, false).is_none());
        }
        assert!(!once.worth_it(false));
        assert!(once.worth_it(true), "its calls in loops still are");
        let shared = memo.macro_at(0, 2, || true);
        memo.put(7, b"head", vec![], &[]);
        for _ in 0..TRIAL * 2 {
            assert!(shared.worth_it(false));
            assert!(memo.get(7, &shared, false).is_some());
        }
        let long = Value::Array(vec![json!("x"); MAX_KEY_BYTES]);
        assert!(shared.worth_it(true));
        assert_eq!(key(&shared, (0, 2), true, &[("term", &long)]), None);
        assert!(
            !shared.worth_it(true),
            "a call too long to hash ends its lookups"
        );
        let impure = memo.macro_at(0, 3, || false);
        assert!(!impure.worth_it(true));
        assert!(Arc::ptr_eq(&memo.macro_at(0, 1, || unreachable!()), &once));
    }
}
