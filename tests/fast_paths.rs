//! Site-level contracts of the fast paths (the unit-level ones are in
//! crates/yiyong-core/src/fast_paths_tests/): what a fast path gives, the general path gives.

mod common;

use std::collections::BTreeMap;
use std::sync::Mutex;

use yiyong::{Options, Site};

/// Keeps every file written, by path.
#[derive(Default)]
struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

impl yiyong::Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// templates/fast_usage.rs: page values carry only the fields each template names. The demo
/// site renders byte for byte the same as with every field given to every template.
#[test]
fn usage_renders_the_demo_site_as_every_field_does() {
    let dir = common::demo_copy();
    let mut opts = Options::new(dir.path());
    opts.extensions = yiyong::extensions();
    let mut site = Site::load(&opts).unwrap();
    let render = |site: &Site| {
        let sink = Memory::default();
        let (_, errors) = site.render(&sink).unwrap();
        let messages: Vec<_> = errors.iter().map(|e| &e.message).collect();
        assert!(errors.is_empty(), "{messages:?}");
        sink.0.into_inner().unwrap()
    };
    let fast = render(&site);
    site.use_every_field();
    let general = render(&site);
    assert!(fast.len() > 100, "{}", fast.len());
    assert_eq!(
        fast.keys().collect::<Vec<_>>(),
        general.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &fast {
        assert!(bytes == &general[path], "{path} differs");
    }
}
