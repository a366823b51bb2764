//! A sheet as rows of cells, whatever it was saved as: xlsx is streamed cell by cell (so a
//! hostile file with one cell at XFD1048576 does not make us allocate the whole rectangle, as a
//! calamine `Range` would), xls and ods go through calamine's ranges (their formats bound the
//! size), and CSV is decoded from UTF-8 (with or without BOM), UTF-16 or GB18030 (what Excel
//! on a Chinese Windows writes as "CSV").

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use calamine::{open_workbook, open_workbook_auto, Data, DataRef, Reader, Xlsx};
use chrono::NaiveDate;

use super::text as t;
use crate::error::Diagnostic;

/// A roll of 50,000 people is far beyond any association's; past it, the file is a mistake.
pub const MAX_ROWS: u32 = 50_000;
pub const MAX_COLS: u32 = 200;
/// Files larger than this are refused before reading (an xlsx is zipped: its cells are more).
const MAX_FILE_MB: u64 = 100;
/// Merged cells are filled in (a district merged over the rows of its heroes), up to this
/// many cells in all: a hostile merge over a whole sheet must not copy a value a million times.
const MERGE_BUDGET: usize = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell Excel formats as a date, read in the workbook's own system (1900 or 1904).
    Date(NaiveDate),
    /// A formula's error value (#REF!, #VALUE!…).
    Error(String),
}

/// One row: its number as the spreadsheet shows it (1-based) and its cells by column index.
pub struct Row {
    pub number: u32,
    pub cells: BTreeMap<u32, Cell>,
}

impl Row {
    pub fn get(&self, col: u32) -> &Cell {
        self.cells.get(&col).unwrap_or(&Cell::Empty)
    }
}

/// Reads the sheet named `sheet` (default: the first) of the file.
pub fn read(path: &Path, sheet: Option<&str>) -> Res<Vec<Row>> {
    let size = std::fs::metadata(path).map_err(|e| cannot(path, e))?.len();
    if size > MAX_FILE_MB * 1024 * 1024 {
        return Err(cannot(path, t::FILE_TOO_BIG.fmt(&[("mb", &MAX_FILE_MB)])));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => read_csv(path),
        "xlsx" | "xlsm" => read_xlsx(path, sheet),
        _ => read_other(path, sheet),
    }
}

type Res<T> = Result<T, Diagnostic>;

fn cannot(path: &Path, reason: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::in_file(path, t::CANNOT_OPEN.fmt(&[("reason", &reason)]))
        .with_hint(t::CANNOT_OPEN_HINT.text())
}

fn too_big(path: &Path) -> Diagnostic {
    Diagnostic::in_file(
        path,
        t::TOO_BIG.fmt(&[("rows", &MAX_ROWS), ("cols", &MAX_COLS)]),
    )
    .with_hint(t::TOO_BIG_HINT.text())
}

/// The sheet asked for, or the first; a name that is not there names the ones that are.
fn pick(path: &Path, names: Vec<String>, asked: Option<&str>) -> Res<String> {
    match asked {
        None => names
            .into_iter()
            .next()
            .ok_or_else(|| cannot(path, "no sheet")),
        Some(a) if names.iter().any(|n| n == a) => Ok(a.to_string()),
        Some(a) => {
            let list = names
                .iter()
                .map(|n| format!("「{n}」"))
                .collect::<Vec<_>>()
                .join("、");
            Err(Diagnostic::in_file(
                path,
                t::NO_SUCH_SHEET.fmt(&[("sheet", &a), ("sheets", &list)]),
            )
            .with_hint(t::NO_SUCH_SHEET_HINT.text()))
        }
    }
}

fn date_cell(dt: &calamine::ExcelDateTime) -> Cell {
    if dt.is_duration() {
        return Cell::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
        .map(Cell::Date)
        .unwrap_or(Cell::Number(dt.as_f64()))
}

fn text_cell(s: &str) -> Cell {
    match s.trim() {
        "" => Cell::Empty,
        // Only the outer spaces go: line breaks inside separate honours.
        t => Cell::Text(t.to_string()),
    }
}

fn iso_cell(s: &str) -> Cell {
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(Cell::Date)
        .unwrap_or_else(|| text_cell(s))
}

fn from_ref(v: &DataRef) -> Cell {
    match v {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => text_cell(s),
        DataRef::SharedString(s) => text_cell(s),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => date_cell(dt),
        DataRef::DateTimeIso(s) => iso_cell(s),
        DataRef::DurationIso(s) => text_cell(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(v: &Data) -> Cell {
    match v {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => text_cell(s),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) => iso_cell(s),
        Data::DurationIso(s) => text_cell(s),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

/// Adds a cell, refusing a sheet past the limits (empty cells anywhere are no matter: a
/// column formatted to its end has them down to row 1,048,576).
fn put(grid: &mut BTreeMap<u32, BTreeMap<u32, Cell>>, (r, c): (u32, u32), cell: Cell) -> bool {
    if cell == Cell::Empty {
        return true;
    }
    if r >= MAX_ROWS || c >= MAX_COLS {
        return false;
    }
    grid.entry(r).or_default().insert(c, cell);
    true
}

fn rows_of(grid: BTreeMap<u32, BTreeMap<u32, Cell>>) -> Vec<Row> {
    grid.into_iter()
        .map(|(r, cells)| Row {
            number: r + 1,
            cells,
        })
        .collect()
}

fn read_xlsx(path: &Path, sheet: Option<&str>) -> Res<Vec<Row>> {
    let mut wb: Xlsx<_> = open_workbook(path).map_err(|e| cannot(path, e))?;
    let name = pick(path, wb.sheet_names(), sheet)?;
    let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
    let mut grid = BTreeMap::new();
    {
        let mut cells = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| cannot(path, e))?;
        while let Some(c) = cells.next_cell().map_err(|e| cannot(path, e))? {
            if !put(&mut grid, c.get_position(), from_ref(c.get_value())) {
                return Err(too_big(path));
            }
        }
    }
    fill_merged(&mut grid, &merges);
    Ok(rows_of(grid))
}

fn read_other(path: &Path, sheet: Option<&str>) -> Res<Vec<Row>> {
    let mut wb = open_workbook_auto(path).map_err(|e| cannot(path, e))?;
    let name = pick(path, wb.sheet_names(), sheet)?;
    let merges = match &wb {
        calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        _ => vec![],
    };
    let range = wb.worksheet_range(&name).map_err(|e| cannot(path, e))?;
    let mut grid = BTreeMap::new();
    for (r, c, v) in range.used_cells() {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        if !put(&mut grid, (r0 + r as u32, c0 + c as u32), from_data(v)) {
            return Err(too_big(path));
        }
    }
    fill_merged(&mut grid, &merges);
    Ok(rows_of(grid))
}

/// A merged region shows its first cell's value in every cell; the sheet holds it once.
fn fill_merged(grid: &mut BTreeMap<u32, BTreeMap<u32, Cell>>, merges: &[calamine::Dimensions]) {
    let mut budget = MERGE_BUDGET;
    for m in merges {
        let Some(value) = grid
            .get(&m.start.0)
            .and_then(|r| r.get(&m.start.1))
            .cloned()
        else {
            continue;
        };
        let rows = m.start.0..=m.end.0.min(MAX_ROWS - 1);
        for r in rows {
            for c in m.start.1..=m.end.1.min(MAX_COLS - 1) {
                if budget == 0 {
                    return;
                }
                budget -= 1;
                grid.entry(r).or_default().entry(c).or_insert(value.clone());
            }
        }
    }
}

/// The text of a CSV file in whichever encoding Excel or WPS saved it.
fn decode(bytes: &[u8]) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).ok();
    }
    for (bom, enc) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return enc
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|s| s.into_owned());
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    // GB18030 is a superset of GBK and GB2312: one decoder reads all three.
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
}

fn read_csv(path: &Path) -> Res<Vec<Row>> {
    let mut bytes = vec![];
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_MB * 1024 * 1024).read_to_end(&mut bytes))
        .map_err(|e| cannot(path, e))?;
    let text = decode(&bytes).ok_or_else(|| {
        Diagnostic::in_file(path, t::ENCODING.text()).with_hint(t::ENCODING_HINT.text())
    })?;
    // Excel's "Unicode text" is tab-separated; a header line with tabs and no comma is too.
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = BTreeMap::new();
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| cannot(path, e))?;
        for (c, field) in record.iter().enumerate() {
            let pos = (
                r.min(u32::MAX as usize) as u32,
                c.min(u32::MAX as usize) as u32,
            );
            if !put(&mut grid, pos, text_cell(field)) {
                return Err(too_big(path));
            }
        }
    }
    Ok(rows_of(grid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_excel_saves() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,事迹\n王小明,勇救落水儿童\n");
        assert_eq!(decode(&gbk).unwrap(), "姓名,事迹\n王小明,勇救落水儿童\n");
        assert_eq!(decode("\u{FEFF}姓名".as_bytes()).unwrap(), "姓名");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("姓名".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).unwrap(), "姓名");
    }

    /// A workbook in the 1904 date system (Excel for Mac's old default) counts from 1904-01-01:
    /// the same serial is another day.
    #[test]
    fn serial_dates_in_both_systems() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        let d = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        let in_1904 = (d - NaiveDate::from_ymd_opt(1904, 1, 1).unwrap()).num_days() as f64;
        assert_eq!(
            date_cell(&ExcelDateTime::new(45356.0, DateTime, false)),
            Cell::Date(d)
        );
        assert_eq!(
            date_cell(&ExcelDateTime::new(in_1904, DateTime, true)),
            Cell::Date(d)
        );
    }

    #[test]
    fn merged_cells_are_filled_within_budget() {
        let mut grid = BTreeMap::new();
        put(&mut grid, (1, 0), Cell::Text("金水区".into()));
        let m = calamine::Dimensions {
            start: (1, 0),
            end: (3, 0),
        };
        fill_merged(&mut grid, &[m]);
        assert_eq!(grid[&3][&0], Cell::Text("金水区".into()));
        let huge = calamine::Dimensions {
            start: (1, 0),
            end: (u32::MAX - 1, 150),
        };
        fill_merged(&mut grid, &[huge]);
        let n: usize = grid.values().map(BTreeMap::len).sum();
        assert!(n <= MERGE_BUDGET + 3, "{n}");
    }
}
