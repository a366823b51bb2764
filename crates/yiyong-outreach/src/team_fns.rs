//! Template functions for volunteer teams and the declared yearly figures: `get_teams`,
//! `get_yearly`, and the teams' part of `get_statistics`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::{json, Value};

use tera::{Function, Result};

use super::by_path::{paths_arg, ByPath};
use super::catalog::{count_by, Catalog};
use super::pinyin_order;
use crate::at::At;

/// `get_teams()`: every team, by district then name (a dense list by district reads best:
/// one city had 342); `get_teams(district="二七区")`: that district's; `paths=[…]`: these
/// teams, in this order (a pager's, among its other pages).
pub struct GetTeams(pub Arc<Catalog>, pub ByPath);
impl Function for GetTeams {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        if let Some(paths) = paths_arg(args, "get_teams")? {
            return Ok(self.1.values(&self.0.teams, paths));
        }
        let want = args.get("district").and_then(Value::as_str);
        let text = |t: &Value, p: &str| t.at(p).and_then(Value::as_str).unwrap_or("").to_string();
        let mut list: Vec<&Value> = self
            .0
            .teams
            .iter()
            .filter(|t| want.is_none_or(|d| text(t, "/team/district") == d))
            .collect();
        // By district in pinyin order (as a directory lists them), then by name; teams
        // without a district last, under 「未注明地区」 in the theme.
        list.sort_by_cached_key(|t| {
            let d = text(t, "/team/district");
            let name = text(t, "/team/name");
            (
                d.is_empty(),
                pinyin_order::key(&d),
                d,
                pinyin_order::key(&name),
                name,
            )
        });
        Ok(Value::Array(list.into_iter().cloned().collect()))
    }
}

/// The teams' statistics: how many this site lists and their members (本站收录), by district
/// and by speciality. Declared figures are `get_yearly`'s, never mixed in here.
pub fn team_statistics(c: &Catalog) -> Value {
    let members: i64 = c
        .teams
        .iter()
        .filter_map(|t| t.at("/team/size").and_then(Value::as_i64))
        .sum();
    let mut specialities: BTreeMap<String, usize> = BTreeMap::new();
    for t in &c.teams {
        let list = t.at("/team/speciality").and_then(Value::as_array);
        for s in list.into_iter().flatten().filter_map(Value::as_str) {
            *specialities.entry(s.to_string()).or_default() += 1;
        }
    }
    let mut by_speciality: Vec<(String, usize)> = specialities.into_iter().collect();
    by_speciality.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    json!({
        "total": c.teams.len(),
        "members": members,
        "by_district": count_by(&c.teams, "/team/district", None),
        "by_speciality": by_speciality
            .into_iter()
            .map(|(k, n)| json!({"key": k, "label": k, "count": n}))
            .collect::<Vec<_>>(),
    })
}

/// `get_yearly(year=2024)`: the figures declared for that year in `data/yearly/2024.toml`;
/// `get_yearly()`: the latest year's; `get_yearly(all=true)`: every year's, newest first.
/// Nothing (a false value) when the site declares none, so a theme's `{% if %}` drops them.
pub struct GetYearly(pub Arc<BTreeMap<i64, Value>>);
impl Function for GetYearly {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        if args.get("all").and_then(Value::as_bool) == Some(true) {
            return Ok(self.0.values().rev().cloned().collect());
        }
        let year = match args.get("year").filter(|v| !v.is_null()) {
            None => return Ok(self.0.values().next_back().cloned().unwrap_or(Value::Null)),
            Some(v) => v
                .as_i64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                .ok_or_else(|| tera::Error::msg("get_yearly: `year` is a year, e.g. year=2024"))?,
        };
        Ok(self.0.get(&year).cloned().unwrap_or(Value::Null))
    }
}
