//! Where each marker and label goes. Markers closer than a marker's width merge into a
//! cluster (so a district with a thousand units stays readable and the picture stays small);
//! labels try sixteen spots around their marker and are dropped to the list when none is free.
//! Both passes look only at a grid cell's neighbours, so the work grows with the number of
//! places, not its square.

use std::collections::HashMap;

use super::frame::{Frame, Xy};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    fn inside(&self, w: f64, h: f64) -> bool {
        self.x >= 1.0 && self.y >= 1.0 && self.x + self.w <= w - 1.0 && self.y + self.h <= h - 1.0
    }
}

/// Rectangles bucketed by grid cell, to ask "does this overlap anything?" cheaply.
struct Grid {
    cell: f64,
    cells: HashMap<(i64, i64), Vec<Rect>>,
}

impl Grid {
    fn new(cell: f64) -> Grid {
        Grid {
            cell,
            cells: HashMap::new(),
        }
    }

    fn span(&self, r: &Rect) -> impl Iterator<Item = (i64, i64)> {
        let c = self.cell;
        let (x0, x1) = ((r.x / c).floor() as i64, ((r.x + r.w) / c).floor() as i64);
        let (y0, y1) = ((r.y / c).floor() as i64, ((r.y + r.h) / c).floor() as i64);
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn insert(&mut self, r: Rect) {
        for k in self.span(&r).collect::<Vec<_>>() {
            self.cells.entry(k).or_default().push(r);
        }
    }

    /// Whether `r` overlaps anything but `except` (the cluster being replaced).
    fn cells_except(&self, r: &Rect, except: &Rect) -> bool {
        self.span(r).any(|k| {
            self.cells
                .get(&k)
                .is_some_and(|v| v.iter().any(|o| o != except && o.overlaps(r)))
        })
    }

    fn hits(&self, r: &Rect) -> bool {
        self.span(r).any(|k| {
            self.cells
                .get(&k)
                .is_some_and(|v| v.iter().any(|o| o.overlaps(r)))
        })
    }
}

/// One place to draw, as the layout needs it.
pub struct Item {
    pub wgs: (f64, f64),
    pub number: usize,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Marker {
    /// Indices into the items; more than one makes a cluster.
    pub members: Vec<usize>,
    pub at: Xy,
    pub size: f64,
    pub label: Option<Label>,
    /// The place's true position when the marker was moved off it to make room.
    pub anchor: Option<Xy>,
}

#[derive(Debug, Clone)]
pub struct Label {
    pub text: String,
    pub rect: Rect,
    /// From the marker's edge to the label, when the label had to move away from it.
    pub leader: Option<(Xy, Xy)>,
}

impl Marker {
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.at.x - self.size / 2.0,
            y: self.at.y - self.size / 2.0,
            w: self.size,
            h: self.size,
        }
    }
}

pub struct Style {
    pub font_px: f64,
    /// The most markers a picture may hold before places further apart are merged.
    pub max_markers: usize,
    /// The first item (the place a place page is about) keeps a marker of its own.
    pub first_alone: bool,
}

/// The width of a marker holding a number (or a cluster's count) of `n`.
pub fn marker_size(n: usize, cluster: bool) -> f64 {
    let digits = n.to_string().len();
    let base = match digits {
        0..=2 => 20.0,
        3 => 24.0,
        _ => 30.0,
    };
    if cluster {
        base + 6.0
    } else {
        base
    }
}

/// An estimate of a label's width that is never short of what a CJK font draws: Chinese and
/// full-width characters a full em, wide Latin letters and `@` a full em too, capitals and
/// other signs 0.8 em, lower case and digits 0.62 em (Chromium drew 「云尚@ME购物中心」 wider
/// than 0.62 em for every Latin character).
pub fn text_width(text: &str, font_px: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            c if (c as u32) >= 0x2E80 => 1.0,
            'M' | 'W' | 'm' | 'w' | '@' | '%' => 1.0,
            'a'..='z' | '0'..='9' | ' ' | '.' | ',' | '-' => 0.62,
            _ => 0.8,
        })
        .sum::<f64>()
        * font_px
}

pub fn lay_out(
    frame: &Frame,
    items: &[Item],
    cluster_label: &dyn Fn(&[usize]) -> String,
    style: &Style,
) -> Vec<Marker> {
    let biggest = items.iter().map(|i| i.number).max().unwrap_or(1);
    let mut gap = marker_size(biggest, true) + 2.0;
    let mut markers = cluster(frame, items, gap);
    while markers.len() > style.max_markers {
        gap *= 1.5;
        markers = cluster(frame, items, gap);
    }
    for m in &mut markers {
        m.size = if m.members.len() > 1 {
            marker_size(m.members.len(), true)
        } else {
            marker_size(items[m.members[0]].number, false)
        };
    }
    if style.first_alone {
        free_first(frame, items, &mut markers);
    }
    let mut markers = spread(frame, items, markers, style.max_markers);
    place_labels(frame, items, &mut markers, cluster_label, style);
    markers
}

/// The place a place page is about keeps its marker at its spot, alone: the places that had
/// joined it become a marker of their own just beside it (towards where they are), or join
/// the nearest other marker when no spot beside it is free.
fn free_first(frame: &Frame, items: &[Item], markers: &mut Vec<Marker>) {
    if markers.is_empty() || markers[0].members.len() < 2 {
        return;
    }
    let others: Vec<usize> = markers[0].members.split_off(1);
    let me = markers[0].at;
    let size = if others.len() > 1 {
        marker_size(others.len(), true)
    } else {
        marker_size(items[others[0]].number, false)
    };
    let pts: Vec<Xy> = others
        .iter()
        .map(|&i| frame.project(items[i].wgs))
        .collect();
    let n = pts.len() as f64;
    let (cx, cy) = (
        pts.iter().map(|p| p.x).sum::<f64>() / n,
        pts.iter().map(|p| p.y).sum::<f64>() / n,
    );
    let start = (cy - me.y).atan2(cx - me.x);
    let dist = (markers[0].size + size) / 2.0 * std::f64::consts::SQRT_2 + 3.0;
    let spot = (0..16)
        .map(|k| {
            // Towards the others first, then alternately either side of that.
            let turn = ((k + 1) / 2) as f64 * if k % 2 == 1 { 1.0 } else { -1.0 };
            let a = start + turn * std::f64::consts::PI / 8.0;
            Marker {
                members: others.clone(),
                at: Xy {
                    x: me.x + dist * a.cos(),
                    y: me.y + dist * a.sin(),
                },
                size,
                label: None,
                anchor: (others.len() == 1).then_some(pts[0]),
            }
        })
        .find(|c| {
            let r = c.rect();
            r.inside(frame.width, frame.height) && !markers.iter().any(|m| m.rect().overlaps(&r))
        });
    match spot {
        Some(m) => markers.push(m),
        None => {
            let nearest = (1..markers.len()).min_by(|&a, &b| {
                let d = |m: &Marker| (m.at.x - cx).hypot(m.at.y - cy);
                d(&markers[a]).total_cmp(&d(&markers[b]))
            });
            match nearest {
                Some(j) => {
                    markers[j].members.extend(others);
                    let k = markers[j].members.len();
                    markers[j].size = marker_size(k, true);
                }
                // Nothing else on the map: the others stay with it, as a cluster.
                None => markers[0].members.extend(others),
            }
        }
    }
}

/// A cluster of a few places (two parks 100 m apart) is drawn as separate markers on a small
/// ring around their centre, each with a leader line to its true spot, where the ring fits
/// without touching another marker; crowds stay clusters.
fn spread(frame: &Frame, items: &[Item], markers: Vec<Marker>, max_markers: usize) -> Vec<Marker> {
    let mut room = max_markers.saturating_sub(markers.len());
    let mut grid = Grid::new(48.0);
    for m in &markers {
        grid.insert(m.rect());
    }
    let mut out = Vec::with_capacity(markers.len());
    for m in markers {
        let k = m.members.len();
        if !(2..=6).contains(&k) || k - 1 > room {
            out.push(m);
            continue;
        }
        let size = m
            .members
            .iter()
            .map(|&i| marker_size(items[i].number, false))
            .fold(0.0, f64::max);
        // Neighbours on the ring a marker's diagonal and a gap apart, so their boxes cannot touch.
        let chord = size * std::f64::consts::SQRT_2 + 4.0;
        let radius = (chord / (2.0 * (std::f64::consts::PI / k as f64).sin())).max(size * 0.75);
        let ring: Vec<Marker> = m
            .members
            .iter()
            .enumerate()
            .map(|(j, &i)| {
                let a = -std::f64::consts::FRAC_PI_2 + j as f64 * std::f64::consts::TAU / k as f64;
                Marker {
                    members: vec![i],
                    at: Xy {
                        x: m.at.x + radius * a.cos(),
                        y: m.at.y + radius * a.sin(),
                    },
                    size: marker_size(items[i].number, false),
                    label: None,
                    anchor: Some(frame.project(items[i].wgs)),
                }
            })
            .collect();
        let own = m.rect();
        let fits = ring.iter().enumerate().all(|(j, r)| {
            let b = r.rect();
            b.inside(frame.width, frame.height)
                && !grid.cells_except(&b, &own)
                && !ring[j + 1..].iter().any(|o| o.rect().overlaps(&b))
        });
        if fits {
            room -= k - 1;
            for r in &ring {
                grid.insert(r.rect());
            }
            out.extend(ring);
        } else {
            out.push(m);
        }
    }
    out
}

/// Greedy clustering in number order: a place within `gap` pixels (on both axes, so that
/// square boxes cannot touch) of an earlier marker joins it.
fn cluster(frame: &Frame, items: &[Item], gap: f64) -> Vec<Marker> {
    let mut markers: Vec<Marker> = vec![];
    let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    let key = |p: Xy| ((p.x / gap).floor() as i64, (p.y / gap).floor() as i64);
    for (i, item) in items.iter().enumerate() {
        let at = frame.project(item.wgs);
        let (cx, cy) = key(at);
        let near = (cx - 1..=cx + 1)
            .flat_map(|x| (cy - 1..=cy + 1).map(move |y| (x, y)))
            .filter_map(|k| cells.get(&k))
            .flatten()
            .copied()
            .map(|m| {
                (
                    m,
                    (markers[m].at.x - at.x)
                        .abs()
                        .max((markers[m].at.y - at.y).abs()),
                )
            })
            .filter(|(_, d)| *d < gap)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match near {
            Some((m, _)) => markers[m].members.push(i),
            None => {
                cells.entry((cx, cy)).or_default().push(markers.len());
                markers.push(Marker {
                    members: vec![i],
                    at,
                    size: 0.0,
                    label: None,
                    anchor: None,
                });
            }
        }
    }
    markers
}

fn place_labels(
    frame: &Frame,
    items: &[Item],
    markers: &mut [Marker],
    cluster_label: &dyn Fn(&[usize]) -> String,
    style: &Style,
) {
    let mut grid = Grid::new(48.0);
    for m in markers.iter() {
        grid.insert(m.rect());
    }
    let font = style.font_px;
    for m in markers.iter_mut() {
        let text = if m.members.len() > 1 {
            cluster_label(&m.members)
        } else {
            items[m.members[0]].label.clone()
        };
        if text.is_empty() {
            continue;
        }
        let (w, h) = (text_width(&text, font) + 6.0, (font * 1.45).ceil());
        let spot = spots(m, w, h)
            .into_iter()
            .find(|(r, _)| r.inside(frame.width, frame.height) && !grid.hits(r));
        if let Some((rect, leader)) = spot {
            grid.insert(rect);
            m.label = Some(Label { text, rect, leader });
        }
    }
}

/// Candidate rectangles for a label of `w`×`h` beside marker `m`: eight touching spots, then
/// eight further out joined by a leader line.
fn spots(m: &Marker, w: f64, h: f64) -> Vec<(Rect, Option<(Xy, Xy)>)> {
    let (x, y, half) = (m.at.x, m.at.y, m.size / 2.0);
    let mut out = vec![];
    for (gap, leader) in [(2.0, false), (18.0, true)] {
        let d = half + gap;
        let rects = [
            (x + d, y - h / 2.0),
            (x - d - w, y - h / 2.0),
            (x - w / 2.0, y - d - h),
            (x - w / 2.0, y + d),
            (x + d * 0.7, y - d * 0.7 - h),
            (x + d * 0.7, y + d * 0.7),
            (x - d * 0.7 - w, y - d * 0.7 - h),
            (x - d * 0.7 - w, y + d * 0.7),
        ];
        for (rx, ry) in rects {
            let r = Rect { x: rx, y: ry, w, h };
            let line = leader.then(|| {
                // From the marker's edge towards the nearest point of the label.
                let to = Xy {
                    x: x.clamp(r.x, r.x + r.w),
                    y: y.clamp(r.y, r.y + r.h),
                };
                let len = (to.x - x).hypot(to.y - y).max(1e-9);
                let from = Xy {
                    x: x + (to.x - x) / len * half,
                    y: y + (to.y - y) / len * half,
                };
                (from, to)
            });
            out.push((r, line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<Item> {
        // A dense district: n points on a jittered lattice about 2 km across.
        (0..n)
            .map(|i| {
                let (a, b) = ((i * 7919 % 1000) as f64, (i * 104729 % 1000) as f64);
                Item {
                    wgs: (113.60 + a * 0.00002, 34.70 + b * 0.000018),
                    number: i + 1,
                    label: format!("第{}示范单位", i + 1),
                }
            })
            .collect()
    }

    fn check(markers: &[Marker]) {
        let mut boxes: Vec<Rect> = markers.iter().map(Marker::rect).collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "markers overlap: {a:?} {b:?}");
            }
        }
        let labels: Vec<Rect> = markers
            .iter()
            .filter_map(|m| m.label.as_ref().map(|l| l.rect))
            .collect();
        for l in &labels {
            assert!(
                !boxes.iter().any(|b| b.overlaps(l)),
                "a label covers a marker"
            );
            boxes.push(*l);
        }
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(!a.overlaps(b));
            }
        }
    }

    #[test]
    fn a_thousand_places_cluster_and_never_collide() {
        let it = items(1000);
        let pts: Vec<_> = it.iter().map(|i| i.wgs).collect();
        let frame = Frame::fit(&pts, 720.0, 720.0, 40.0, 500.0);
        let style = Style {
            font_px: 12.0,
            max_markers: 150,
            first_alone: false,
        };
        let m = lay_out(&frame, &it, &|m| format!("{} 处", m.len()), &style);
        assert!(m.len() <= 150 && m.len() > 10, "{}", m.len());
        assert_eq!(m.iter().map(|m| m.members.len()).sum::<usize>(), 1000);
        check(&m);
    }

    #[test]
    fn sparse_places_all_get_labels() {
        let it: Vec<Item> = (0..6)
            .map(|i| Item {
                wgs: (113.6 + i as f64 * 0.02, 34.7 + (i % 2) as f64 * 0.01),
                number: i + 1,
                label: "紫荆山见义勇为主题公园".into(),
            })
            .collect();
        let pts: Vec<_> = it.iter().map(|i| i.wgs).collect();
        let frame = Frame::fit(&pts, 720.0, 720.0, 40.0, 500.0);
        let m = lay_out(
            &frame,
            &it,
            &|_| String::new(),
            &Style {
                font_px: 12.0,
                max_markers: 150,
                first_alone: false,
            },
        );
        assert_eq!(m.len(), 6);
        assert!(m.iter().all(|m| m.label.is_some()));
        check(&m);
    }

    #[test]
    fn the_first_place_keeps_its_own_marker_among_close_neighbours() {
        // Thirty places within 100 m of the first: without care it would vanish into a cluster.
        let it: Vec<Item> = (0..30)
            .map(|i| Item {
                wgs: (
                    113.68 + (i % 6) as f64 * 0.0002,
                    34.75 + (i / 6) as f64 * 0.0002,
                ),
                number: 100 + i,
                label: format!("单位{i}"),
            })
            .collect();
        let pts: Vec<_> = it.iter().map(|i| i.wgs).collect();
        let frame = Frame::fit(&pts, 360.0, 260.0, 40.0, 1200.0);
        let style = Style {
            font_px: 13.0,
            max_markers: 40,
            first_alone: true,
        };
        let m = lay_out(&frame, &it, &|m| format!("{} 处", m.len()), &style);
        assert_eq!(m[0].members, vec![0]);
        assert_eq!(m[0].at, frame.project(it[0].wgs));
        assert_eq!(m.iter().map(|m| m.members.len()).sum::<usize>(), 30);
        check(&m);
    }
}
