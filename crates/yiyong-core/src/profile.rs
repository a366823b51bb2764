//! `build --profile`: where a build's time goes, per stage, per template, per output and per
//! template function.
//!
//! Off (the default), the only cost is an `Option` check per render and a thread-local read per
//! template function call. On, each render and function call takes a short lock to add its
//! time; renders take milliseconds, so the lock is not what the report measures.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How many of the slowest outputs the report lists.
const SLOWEST: usize = 10;

#[derive(Default, Clone, Copy)]
struct Tally {
    count: u64,
    total: Duration,
}

impl Tally {
    fn add(&mut self, d: Duration) {
        self.count += 1;
        self.total += d;
    }
}

/// One rendered output: where it goes (or its source), its template and its render time.
#[derive(Clone)]
struct Output {
    file: String,
    template: String,
    time: Duration,
}

#[derive(Default)]
pub struct Profiler {
    /// (start, name, wall time) of each stage, in the order they ended.
    stages: Mutex<Vec<(Instant, String, Duration)>>,
    templates: Mutex<HashMap<String, Tally>>,
    functions: Mutex<HashMap<&'static str, Tally>>,
    /// Writing HTML pages: their variants, minifying, handing them to the output.
    write_html: Mutex<Tally>,
    /// The slowest outputs so far, slowest first, at most `SLOWEST`.
    slowest: Mutex<Vec<Output>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere must not hide the figures gathered so far.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Profiler {
    pub fn new() -> Arc<Profiler> {
        Arc::new(Profiler::default())
    }

    /// Notes the wall time of a stage that began at `since`.
    pub fn stage(&self, name: &str, since: Instant) {
        lock(&self.stages).push((since, name.to_string(), since.elapsed()));
    }

    /// Notes one render of `template` writing `file`.
    pub fn render(&self, template: &str, file: &str, time: Duration) {
        let mut t = lock(&self.templates);
        match t.get_mut(template) {
            Some(tally) => tally.add(time),
            None => {
                let mut tally = Tally::default();
                tally.add(time);
                t.insert(template.to_string(), tally);
            }
        }
        drop(t);
        let mut slowest = lock(&self.slowest);
        if slowest.len() < SLOWEST || slowest.last().is_some_and(|o| o.time < time) {
            let at = slowest.partition_point(|o| o.time >= time);
            slowest.insert(
                at,
                Output {
                    file: file.to_string(),
                    template: template.to_string(),
                    time,
                },
            );
            slowest.truncate(SLOWEST);
        }
    }

    /// Runs a template render with this profiler noting the template functions it calls.
    pub fn rendering<R>(self: &Arc<Self>, f: impl FnOnce() -> R) -> R {
        struct Restore(Option<Arc<Profiler>>);
        impl Drop for Restore {
            fn drop(&mut self) {
                CURRENT.with(|c| *c.borrow_mut() = self.0.take());
            }
        }
        let _restore = Restore(CURRENT.with(|c| c.borrow_mut().replace(self.clone())));
        f()
    }

    /// Notes the writing of one HTML page (after its render).
    pub fn write_html(&self, time: Duration) {
        lock(&self.write_html).add(time);
    }

    fn function(&self, name: &'static str, time: Duration) {
        lock(&self.functions).entry(name).or_default().add(time);
    }

    /// The report printed after the build.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "\nProfile (--profile)");
        let _ = writeln!(s, "\nStages (wall time):");
        let mut stages = lock(&self.stages).clone();
        stages.sort_by_key(|(start, ..)| *start);
        for (_, name, d) in &stages {
            let _ = writeln!(s, "  {name:<28} {:>10}", ms(*d));
        }
        let templates = sorted(&lock(&self.templates));
        let total: Duration = templates.iter().map(|(_, t)| t.total).sum();
        let _ = writeln!(
            s,
            "\nTemplates: render time summed over all threads (renders run in parallel, so this \
             is CPU-ish time and can exceed the stage's wall time); includes the template \
             functions they call"
        );
        table_header(&mut s, "template");
        for (name, t) in &templates {
            table_row(&mut s, name, t, total);
        }
        let _ = writeln!(s, "  {:<40} {:>8} {:>10}", "total", "", ms(total));
        let w = *lock(&self.write_html);
        let _ = writeln!(
            s,
            "\nWriting {} HTML pages after rendering (minifying, staging; \
             summed over all threads): {}",
            w.count,
            ms(w.total)
        );
        let _ = writeln!(s, "\nSlowest outputs (render time):");
        let _ = writeln!(s, "  {:>10}  {:<30} file", "time", "template");
        for o in lock(&self.slowest).iter() {
            let _ = writeln!(s, "  {:>10}  {:<30} {}", ms(o.time), o.template, o.file);
        }
        let functions = sorted(&lock(&self.functions));
        if !functions.is_empty() {
            let _ = writeln!(
                s,
                "\nTemplate functions (summed over all threads, share of the template time):"
            );
            table_header(&mut s, "function");
            for (name, t) in &functions {
                table_row(&mut s, name, t, total);
            }
        }
        s
    }
}

fn sorted<K: ToString>(m: &HashMap<K, Tally>) -> Vec<(String, Tally)> {
    let mut v: Vec<(String, Tally)> = m.iter().map(|(k, t)| (k.to_string(), *t)).collect();
    v.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
    v
}

fn table_header(s: &mut String, what: &str) {
    let _ = writeln!(
        s,
        "  {what:<40} {:>8} {:>10} {:>10} {:>6}",
        "calls", "total", "mean", "share"
    );
}

fn table_row(s: &mut String, name: &str, t: &Tally, total: Duration) {
    let mean = t.total / t.count.max(1) as u32;
    let share = if total.is_zero() {
        0.0
    } else {
        100.0 * t.total.as_secs_f64() / total.as_secs_f64()
    };
    let _ = writeln!(
        s,
        "  {name:<40} {:>8} {:>10} {:>10} {:>5.1}%",
        t.count,
        ms(t.total),
        ms(mean),
        share
    );
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

thread_local! {
    /// The profiler of the render running on this thread, if `--profile` is on.
    static CURRENT: std::cell::RefCell<Option<Arc<Profiler>>> = const { std::cell::RefCell::new(None) };
}

/// A template function that notes its time when a profiled render calls it.
struct Timed<F> {
    name: &'static str,
    f: F,
}

impl<F: tera::Function> tera::Function for Timed<F> {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let profiler = CURRENT.with(|c| c.borrow().clone());
        let Some(p) = profiler else {
            return self.f.call(args);
        };
        let t = Instant::now();
        let out = self.f.call(args);
        p.function(self.name, t.elapsed());
        out
    }

    fn is_safe(&self) -> bool {
        self.f.is_safe()
    }
}

/// Registers a template function whose calls `--profile` times.
pub(crate) fn register_function<F: tera::Function + 'static>(
    tera: &mut tera::Tera,
    name: &'static str,
    f: F,
) {
    tera.register_function(name, Timed { name, f });
}

/// Prints how long a stage took when `YIYONG_TIMING` is set (for benchmarks).
pub(crate) fn timing(stage: &str, since: std::time::Instant) {
    if std::env::var_os("YIYONG_TIMING").is_some() {
        let rss_kb = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string())
            })
            .unwrap_or_default();
        // User and system time of the whole process so far, in clock ticks (10 ms).
        let cpu_ticks: u64 = std::fs::read_to_string("/proc/self/stat")
            .ok()
            .and_then(|s| {
                let fields: Vec<&str> = s.rsplit(')').next()?.split_whitespace().collect();
                Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
            })
            .unwrap_or(0);
        eprintln!(
            "[timing] {stage}: {} ms (rss {} MB, cpu so far {} ms)",
            since.elapsed().as_millis(),
            rss_kb.parse::<u64>().unwrap_or(0) / 1024,
            cpu_ticks * 10
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_slowest_outputs_in_order() {
        let p = Profiler::new();
        for i in 0..25u64 {
            p.render(
                "t.html",
                &format!("f{i}"),
                Duration::from_millis((i * 7) % 25),
            );
        }
        let slowest = lock(&p.slowest);
        let times: Vec<u64> = slowest.iter().map(|o| o.time.as_millis() as u64).collect();
        assert_eq!(times, vec![24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
        assert_eq!(lock(&p.templates)["t.html"].count, 25);
    }
}
