//! Measures the privacy lint's detectors. With file arguments it lists every finding in them
//! (on texts without personal numbers, every finding is a false positive):
//!
//!     cargo run --release --example privacy_scan -- /work/shared/seeds/*.txt
//!
//! With `--synthetic N` it makes N sentences of each kind from made-up numbers in real
//! formats (valid check digits, every spelling) and of look-alikes that must not be errors,
//! and counts true and false positives per kind.

use std::collections::BTreeMap;

use yiyong::outreach::privacy_lint::detect::{id_check_char, luhn, scan, Rule};

/// A small fixed-seed generator, so every run gives the same sentences.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.next(10) as u8))
            .collect()
    }
}

const PROVINCES: [u32; 10] = [11, 32, 35, 41, 44, 51, 53, 65, 81, 83];

fn id17(r: &mut Lcg) -> String {
    let p = PROVINCES[r.next(10) as usize];
    format!(
        "{p}{}{}{:02}{:02}{}",
        r.digits(4),
        1930 + r.next(90),
        1 + r.next(12),
        1 + r.next(28),
        r.digits(3)
    )
}

fn wide(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32('０' as u32 + d).unwrap(),
            None => c,
        })
        .collect()
}

fn mobile_spelling(r: &mut Lcg, m: &str) -> String {
    let (a, b, c) = (&m[..3], &m[3..7], &m[7..]);
    match r.next(7) {
        0 => m.to_string(),
        1 => format!("{a} {b} {c}"),
        2 => format!("{a}-{b}-{c}"),
        3 => format!("+86 {m}"),
        4 => format!("0086-{a}-{b}-{c}"),
        5 => wide(m),
        _ => format!("+86-{a} {b} {c}"),
    }
}

/// (sentence, the rule that must be found, or None when nothing may be an error).
fn synthetic(n: usize) -> Vec<(String, Option<Rule>)> {
    let mut r = Lcg(2026);
    let mut out = vec![];
    for _ in 0..n {
        let first = id17(&mut r);
        let id = format!("{first}{}", id_check_char(&first));
        out.push((
            format!("见义勇为者身份证号{id}，已核实。"),
            Some(Rule::IdNumber),
        ));
        let wrong = if id.ends_with('0') { "1" } else { "0" };
        out.push((
            format!("证件号{}{wrong}。", &id[..17]),
            Some(Rule::IdNumberTypo),
        ));
        let m = format!("1{}{}", 3 + r.next(7), r.digits(9));
        let spelled = mobile_spelling(&mut r, &m);
        out.push((format!("联系电话：{spelled}（家属）"), Some(Rule::Mobile)));
        out.push((format!("手机 {}****{}", &m[..3], &m[7..]), None));
        out.push((format!("电话 0{}-{}", 100 + r.next(900), r.digits(8)), None));
        out.push((format!("编号1{}{}", r.next(3), r.digits(9)), None));
        out.push((format!("奖金 {} 元，{} 人", r.digits(6), r.digits(4)), None));
        // Hard look-alikes: random order numbers of 18 digits and serial numbers of 16-19
        // digits (one in ten passes Luhn: a bank-card warning is expected there).
        out.push((format!("订单号{}", r.digits(18)), None));
        let len = 16 + r.next(4) as usize;
        out.push((format!("流水号 {}", r.digits(len)), None));
        let mut card = format!("62{}", r.digits(15));
        card.push(
            (b'0'..=b'9')
                .map(char::from)
                .find(|c| luhn(&format!("{card}{c}")))
                .unwrap(),
        );
        out.push((format!("奖金已打入卡号 {card}"), Some(Rule::BankCard)));
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let today = chrono::Local::now().date_naive();
    if args.first().map(String::as_str) == Some("--synthetic") {
        let n = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
        let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        for (text, want) in synthetic(n) {
            let found = scan(&text, today);
            if let Some(w) = want {
                let c = counts.entry(w.id().into()).or_default();
                if found.iter().any(|f| f.rule == w) {
                    c.0 += 1;
                } else {
                    c.2 += 1;
                    println!("missed {}: {text}", w.id());
                }
            }
            for f in found.iter().filter(|f| Some(f.rule) != want) {
                counts.entry(f.rule.id().into()).or_default().1 += 1;
                if f.rule.is_error() {
                    println!("false {}: {text}", f.rule.id());
                }
            }
        }
        println!("rule: true positives / false positives / missed");
        for (rule, (tp, fp, fn_)) in counts {
            println!("{rule}: {tp} / {fp} / {fn_}");
        }
        return;
    }
    let mut total = 0;
    for file in &args {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let findings = scan(&text, today);
        for f in &findings {
            let line = text[..f.start].matches('\n').count() + 1;
            println!("{file}:{line}: {} {}", f.rule.id(), f.masked);
        }
        println!("{file}: {} bytes, {} findings", text.len(), findings.len());
        total += findings.len();
    }
    println!("{} files, {total} findings", args.len());
}
