//! Zola's filters on top of Tera's built-ins.

use std::collections::HashMap;

use base64::Engine;
use tera::{to_value, try_get_value, Result, Tera, Value};

pub fn register(tera: &mut Tera) {
    // `templates::load` puts `fast_date::date` in its place unless built with
    // `--cfg yiyong_general_date`.
    tera.register_filter("date", date);
    tera.register_filter("base64_encode", base64_encode);
    tera.register_filter("base64_decode", base64_decode);
    tera.register_filter("regex_replace", regex_replace);
    tera.register_filter("num_format", num_format);
}

/// Tera's `date` filter, refusing the timestamps it would panic on (the general path of
/// `fast_date`).
pub fn date(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    if let Some(seconds) = value.as_i64() {
        if chrono::DateTime::from_timestamp(seconds, 0).is_none() {
            return Err(tera::Error::msg(format!(
                "Filter `date`: the timestamp {seconds} is out of range (dates go from year -262143 to 262142)"
            )));
        }
    }
    builtins().get_filter("date")?.filter(value, args)
}

/// What `s | date(format=format)` gives, through the filter above; `None` if it fails.
#[cfg_attr(not(yiyong_general_date), allow(dead_code))]
pub fn format_date(s: &str, format: &str) -> Option<String> {
    let args = HashMap::from([("format".to_string(), Value::from(format))]);
    match date(&Value::from(s), &args) {
        Ok(Value::String(out)) => Some(out),
        _ => None,
    }
}

/// A Tera of its own, for the built-in `date` filter and `now()` (the one being rendered has
/// `fast_date`'s).
pub fn builtins() -> &'static Tera {
    static BUILTINS: std::sync::OnceLock<Tera> = std::sync::OnceLock::new();
    BUILTINS.get_or_init(Tera::default)
}

fn base64_encode(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let s = try_get_value!("base64_encode", "value", String, value);
    Ok(to_value(
        base64::engine::general_purpose::STANDARD.encode(s.as_bytes()),
    )?)
}

fn base64_decode(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let s = try_get_value!("base64_decode", "value", String, value);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s.as_bytes())
        .map_err(|e| tera::Error::msg(format!("base64_decode: {e}")))?;
    Ok(to_value(String::from_utf8_lossy(&bytes).into_owned())?)
}

fn regex_replace(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    let s = try_get_value!("regex_replace", "value", String, value);
    let pattern = args
        .get("pattern")
        .and_then(|v| v.as_str())
        .ok_or_else(|| tera::Error::msg("regex_replace needs `pattern`"))?;
    let rep = args
        .get("rep")
        .and_then(|v| v.as_str())
        .ok_or_else(|| tera::Error::msg("regex_replace needs `rep`"))?;
    let re = regex::Regex::new(pattern)
        .map_err(|e| tera::Error::msg(format!("regex_replace: bad pattern: {e}")))?;
    Ok(to_value(re.replace_all(&s, rep).into_owned())?)
}

fn num_format(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    use num_format::{Locale, ToFormattedString};
    let n = value
        .as_i64()
        .ok_or_else(|| tera::Error::msg("num_format works on whole numbers"))?;
    let locale_name = args.get("locale").and_then(|v| v.as_str()).unwrap_or("en");
    let locale = Locale::from_name(locale_name)
        .map_err(|_| tera::Error::msg(format!("num_format: unknown locale `{locale_name}`")))?;
    Ok(to_value(n.to_formatted_string(&locale))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_work() {
        let mut tera = Tera::default();
        register(&mut tera);
        let out = tera
            .render_str(
                r##"{{ "a" | base64_encode }} {{ "YQ==" | base64_decode }} {{ "a1b22" | regex_replace(pattern="\d+", rep="#") }} {{ 1234567 | num_format }}"##,
                &tera::Context::new(),
            )
            .unwrap();
        assert_eq!(out, "YQ== a a#b# 1,234,567");
    }

    #[test]
    fn date_refuses_timestamps_teras_filter_panics_on() {
        let no_args = HashMap::new();
        assert_eq!(
            date(&Value::from(0), &no_args).unwrap(),
            Value::from("1970-01-01")
        );
        let huge = date(&Value::from(99_999_999_999_999_999i64), &no_args);
        assert!(huge.unwrap_err().to_string().contains("out of range"));
        let with_locale: HashMap<String, Value> = [
            ("format".to_string(), Value::from("%A")),
            ("locale".to_string(), Value::from("zh_CN")),
        ]
        .into();
        let v = Value::from("2024-03-05");
        assert_eq!(date(&v, &with_locale).unwrap(), Value::from("星期二"));
    }
}
