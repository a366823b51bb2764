//! Hero values kept for the build, one per hero and list of fields (`get_heroes(fields=[…])`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde_json::Value;

/// The default theme draws each hero's card on four pages (the roll, the hero's year, honour
/// level and district): made afresh each time, the 40,000 card values of a 10,000-hero site
/// were most of `get_heroes`'s time. A value is kept only when a call lists several heroes
/// (a hero's own page asks for its honours once, and keeping those would only cost memory).
/// Kept, they are 19 MB more at the peak of a 10,000-hero build (see docs/outreach-bench.md).
#[derive(Default)]
pub struct KeptHeroes(Mutex<HashMap<Vec<String>, Slots>>);

/// One slot per hero (an index into the catalog's heroes), empty until its value is made.
pub type Slots = Arc<[OnceLock<Value>]>;

impl KeptHeroes {
    /// The slots of the values with `fields`, one for each of `count` heroes, empty until
    /// first made.
    pub fn slots(&self, fields: &[&str], count: usize) -> Slots {
        let key = fields.iter().map(|f| f.to_string()).collect();
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let slots = kept
            .entry(key)
            .or_insert_with(|| (0..count).map(|_| OnceLock::new()).collect());
        slots.clone()
    }
}

/// Hero `i`'s value from `slots`, made by `make` the first time it is asked for.
pub fn kept(slots: &[OnceLock<Value>], i: usize, make: impl FnOnce() -> Value) -> Value {
    match slots.get(i) {
        Some(slot) => slot.get_or_init(make).clone(),
        None => make(),
    }
}
