//! Zola's filters on top of Tera's built-ins.

use std::collections::HashMap;

use base64::Engine;
use tera::{to_value, try_get_value, Result, Tera, Value};

pub fn register(tera: &mut Tera) {
    tera.register_filter("date", super::date_filter::date);
    tera.register_function("now", super::date_filter::now);
    tera.register_filter("base64_encode", base64_encode);
    tera.register_filter("base64_decode", base64_decode);
    tera.register_filter("regex_replace", regex_replace);
    tera.register_filter("num_format", num_format);
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
}
