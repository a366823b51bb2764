//! Which template each macro namespace names, for every template: Tera 1.x works this out
//! again at the start of every render (`MacroCollection`); it depends only on the templates,
//! so it is worked out once per set of loaded templates here, by the same rules.

use std::collections::HashSet;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;
use tera::{Filter, Function, Tera, Test};

/// The names a render looks up on every call, in maps with a cheap hash (Tera's own use
/// SipHash, several times the cost of the rest of the lookup for names a few bytes long):
/// the macro namespaces, and Tera's filters, functions and tests.
#[derive(Default)]
pub struct MacroTable {
    /// Template name → namespace (`self` or an import's name) → the template holding the macros.
    map: HashMap<String, HashMap<String, String>>,
    pub filters: HashMap<String, Arc<dyn Filter>>,
    pub functions: HashMap<String, Arc<dyn Function>>,
    pub testers: HashMap<String, Arc<dyn Test>>,
}

impl std::fmt::Debug for MacroTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MacroTable")
            .field("map", &self.map)
            .finish()
    }
}

impl MacroTable {
    pub fn new(tera: &Tera) -> MacroTable {
        let mut table = MacroTable {
            filters: rehashed(&tera.filters),
            functions: rehashed(&tera.functions),
            testers: rehashed(&tera.testers),
            ..Default::default()
        };
        let mut visiting = HashSet::new();
        for name in tera.templates.keys() {
            table.add(tera, name, &mut visiting);
        }
        table
    }

    /// The template whose macros `namespace` names when called from `template`.
    pub fn lookup(&self, template: &str, namespace: &str) -> Option<&str> {
        self.map.get(template)?.get(namespace).map(String::as_str)
    }

    /// As Tera's `add_macros_from_template`: the template's own macros as `self`, each import
    /// with what it imports in turn, then what its parents see, the nearer name winning. A
    /// template on an import cycle gets no entry (Tera never finishes one), so a macro call from
    /// it is left to Tera.
    fn add(&mut self, tera: &Tera, name: &str, visiting: &mut HashSet<String>) {
        if self.map.contains_key(name) || !visiting.insert(name.to_string()) {
            return;
        }
        let Some(template) = tera.templates.get(name) else {
            return;
        };
        let mut namespaces = HashMap::default();
        if !template.macros.is_empty() {
            namespaces.insert("self".to_string(), name.to_string());
        }
        for (file, namespace) in &template.imported_macro_files {
            if !tera.templates.contains_key(file) {
                return;
            }
            namespaces.insert(namespace.clone(), file.clone());
            self.add(tera, file, visiting);
            let Some(theirs) = self.map.get(file) else {
                return;
            };
            for (n, t) in theirs {
                namespaces.entry(n.clone()).or_insert_with(|| t.clone());
            }
        }
        for parent in &template.parents {
            self.add(tera, parent, visiting);
            let Some(theirs) = self.map.get(parent) else {
                return;
            };
            for (n, t) in theirs {
                namespaces.entry(n.clone()).or_insert_with(|| t.clone());
            }
        }
        self.map.insert(name.to_string(), namespaces);
    }
}

/// One of Tera's name tables in a map with the cheap hash (the values are `Arc`s: shared).
fn rehashed<V: Clone>(tera_map: &std::collections::HashMap<String, V>) -> HashMap<String, V> {
    tera_map
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
