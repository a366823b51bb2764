//! The keys a `Deserialize` struct reads, asked of the struct itself.
//!
//! serde's derive hands the list of field names to `deserialize_struct`; a deserializer that
//! only catches that list gives the keys without a hand-kept copy that could drift when a
//! field is added.

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// The field names `T` reads (renames applied, skipped fields left out).
pub fn struct_fields<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut catcher = Catcher(&[]);
    // Always an error: the catcher gives the struct nothing to read.
    let _ = T::deserialize(&mut catcher);
    catcher.0
}

struct Catcher(&'static [&'static str]);

impl<'de> Deserializer<'de> for &mut Catcher {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(de::Error::custom("fields caught"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_a_struct() {
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct S {
            a: u8,
            #[serde(rename = "bee")]
            b: u8,
            #[serde(skip)]
            c: u8,
        }
        assert_eq!(struct_fields::<S>(), &["a", "bee"]);
        assert!(struct_fields::<u8>().is_empty());
    }
}
