//! `paths=[…]` of the typed list functions (`get_heroes`, `get_news`, `get_events`,
//! `get_places`, `get_teams`): the typed values of a pager's pages, looked up by path.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;
use tera::Result;

/// `paths=[…]`: these items, in this order (the cards of a pager's page, whose page values
/// lack the typed fields); a path that is no such item's is left out.
#[derive(Default)]
pub struct ByPath(OnceLock<HashMap<String, usize>>);

impl ByPath {
    pub fn pick<T>(
        &self,
        items: &[T],
        value: impl Fn(&T) -> &Value,
        paths: &[Value],
    ) -> Vec<usize> {
        self.pick_by(items, |t| value(t).get("path")?.as_str(), paths)
    }

    /// The values at `paths`, in their order: `pick` for lists of plain values.
    pub fn values(&self, items: &[Value], paths: &[Value]) -> Value {
        let picked = self.pick(items, |v| v, paths);
        picked.into_iter().map(|i| items[i].clone()).collect()
    }

    /// As `pick`, with each item's path given by `path`.
    pub fn pick_by<'a, T>(
        &self,
        items: &'a [T],
        path: impl Fn(&'a T) -> Option<&'a str>,
        paths: &[Value],
    ) -> Vec<usize> {
        let index = self.0.get_or_init(|| {
            let pairs = items.iter().enumerate();
            pairs
                .filter_map(|(i, t)| Some((path(t)?.to_string(), i)))
                .collect()
        });
        paths
            .iter()
            .filter_map(|p| index.get(p.as_str()?).copied())
            .collect()
    }
}

/// The `paths` argument, when given: a list of page paths.
pub fn paths_arg<'a>(
    args: &'a HashMap<String, Value>,
    function: &str,
) -> Result<Option<&'a [Value]>> {
    match args.get("paths").filter(|v| !v.is_null()) {
        None => Ok(None),
        Some(Value::Array(paths)) => Ok(Some(paths)),
        Some(_) => Err(tera::Error::msg(format!(
            "{function}: `paths` is a list of page paths, e.g. paginator.pages | map(attribute=\"path\")"
        ))),
    }
}
