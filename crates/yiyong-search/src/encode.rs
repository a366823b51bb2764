//! The two small encodings the browser script decodes (`assets/search.js`, `readInts` and
//! `hashKey`): numbers as base-32 digits in JSON strings, and the hash that picks a term's
//! shard. Both sides must agree bit for bit.

/// A last digit: 0–31.
const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// A digit with more to follow: 0–31. None of these needs escaping in JSON or HTML.
const MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%()";

/// Appends `n` in 5-bit digits, most significant first; every digit but the last from `MORE`.
/// Small numbers (most gaps and scores) take one character.
pub fn varint(n: u32, out: &mut String) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    let mut v = n;
    loop {
        digits[len] = (v & 31) as u8;
        len += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let table = if i == 0 { LAST } else { MORE };
        out.push(table[digits[i] as usize] as char);
    }
}

/// FNV-1a over the term's Unicode code points (not its bytes: the script sees code points).
pub fn hash_key(key: &str) -> u32 {
    let mut h: u32 = 2_166_136_261;
    for c in key.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(16_777_619);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        let enc = |n| {
            let mut s = String::new();
            varint(n, &mut s);
            s
        };
        assert_eq!(enc(0), "0");
        assert_eq!(enc(31), "v");
        assert_eq!(enc(32), "B0");
        assert_eq!(enc(u32::MAX), "D)))))v");
    }

    #[test]
    fn hash_is_fnv1a_of_code_points() {
        // The published FNV-1a value of "a" (one byte, one code point).
        assert_eq!(hash_key(""), 2_166_136_261);
        assert_eq!(hash_key("a"), 0xe40c292c);
    }
}
