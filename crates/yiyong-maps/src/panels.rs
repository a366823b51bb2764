//! Places far apart (an association with work in three cities, a provincial foundation's few
//! sites) would leave one picture empty but for three crowded dots. Such a map is drawn as
//! panels instead, one per group of nearby places, each at its own scale with its own scale
//! bar: the cartographer's inset.

use std::collections::HashMap;

use super::coords::distance_m;
use super::places::Place;

/// Places whose grid cells touch belong together: cells of this many kilometres.
const CELL_KM: f64 = 25.0;
/// Panels are drawn only for two to four groups; more groups (a whole province) read better
/// as one map of clusters.
const MAX_PANELS: usize = 4;

/// Groups of indices into `places`, biggest first; one group when panels would not help.
pub fn groups(places: &[&Place]) -> Vec<Vec<usize>> {
    let all = vec![(0..places.len()).collect::<Vec<_>>()];
    if places.len() < 2 {
        return all;
    }
    let size = CELL_KM / 111.0;
    let cell = |p: &Place| {
        (
            (p.point.wgs.0 / size).floor() as i64,
            (p.point.wgs.1 / size).floor() as i64,
        )
    };
    let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, p) in places.iter().enumerate() {
        cells.entry(cell(p)).or_default().push(i);
    }
    // Connected components of occupied cells (8-neighbourhood): linear in the places.
    let keys: Vec<(i64, i64)> = cells.keys().copied().collect();
    let mut group_of: HashMap<(i64, i64), usize> = HashMap::new();
    let mut out: Vec<Vec<usize>> = vec![];
    for start in keys {
        if group_of.contains_key(&start) {
            continue;
        }
        let g = out.len();
        out.push(vec![]);
        let mut stack = vec![start];
        group_of.insert(start, g);
        while let Some((x, y)) = stack.pop() {
            out[g].extend(&cells[&(x, y)]);
            for n in (x - 1..=x + 1).flat_map(|a| (y - 1..=y + 1).map(move |b| (a, b))) {
                if cells.contains_key(&n) && !group_of.contains_key(&n) {
                    group_of.insert(n, g);
                    stack.push(n);
                }
            }
        }
    }
    if out.len() < 2 || out.len() > MAX_PANELS {
        return all;
    }
    // Only worth it when the groups are far apart compared with their own size.
    let centre = |g: &[usize]| {
        let n = g.len() as f64;
        (
            g.iter().map(|&i| places[i].point.wgs.0).sum::<f64>() / n,
            g.iter().map(|&i| places[i].point.wgs.1).sum::<f64>() / n,
        )
    };
    let centres: Vec<(f64, f64)> = out.iter().map(|g| centre(g)).collect();
    let nearest = centres
        .iter()
        .enumerate()
        .flat_map(|(i, a)| centres[i + 1..].iter().map(move |b| distance_m(*a, *b)))
        .fold(f64::MAX, f64::min);
    if nearest < 80_000.0 {
        return all;
    }
    for g in &mut out {
        g.sort_unstable();
    }
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    out
}

/// A panel's name: the city most of its addresses start with (「郑州市」), else its districts.
pub fn name(places: &[&Place], group: &[usize]) -> String {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for &i in group {
        let p = places[i];
        let key = city(&p.address).unwrap_or(p.district.as_str());
        *count.entry(key).or_default() += 1;
    }
    let mut v: Vec<(&str, usize)> = count.into_iter().filter(|(k, _)| !k.is_empty()).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match v.as_slice() {
        [] => String::new(),
        [(one, _)] => one.to_string(),
        [(first, _), ..] => format!("{first}等"),
    }
}

/// 「郑州市」 from 「郑州市金水区紫荆山公园」: a leading name ending in 市 within eight characters.
fn city(address: &str) -> Option<&str> {
    let end = address.char_indices().take(8).find(|(_, c)| *c == '市')?.0;
    Some(&address[..end + '市'.len_utf8()])
}
