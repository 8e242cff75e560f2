//! Compact number lists for the index shards: variable-length base-32 digits
//! in a JavaScript string.
//!
//! Invariant: `decode(encode(xs)) == xs`, and `search-index.js`'s `decodeVarints`
//! reads what `encode` writes. Each number is written most significant digit
//! first; every digit but the last comes from [`CONTINUE`], the last from
//! [`TERMINAL`], so numbers under 32 take one character and under 1024 two.
//! Both alphabets need no escaping inside a JSON string.

pub const TERMINAL: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
pub const CONTINUE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz!~";

/// Appends `n` to `out`.
pub fn push_varint(out: &mut String, n: u64) {
    let mut digits = [0u8; 13];
    let mut len = 0;
    let mut rest = n;
    loop {
        digits[len] = (rest & 31) as u8;
        len += 1;
        rest >>= 5;
        if rest == 0 {
            break;
        }
    }
    for (i, &d) in digits[..len].iter().enumerate().rev() {
        let alphabet = if i == 0 { TERMINAL } else { CONTINUE };
        out.push(alphabet[d as usize] as char);
    }
}

/// Encodes a list of numbers.
pub fn encode(numbers: impl IntoIterator<Item = u64>) -> String {
    let mut out = String::new();
    for n in numbers {
        push_varint(&mut out, n);
    }
    out
}

/// Decodes what [`encode`] wrote; `None` on a character from neither alphabet
/// or a number cut short.
pub fn decode(s: &str) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    let mut value = 0u64;
    let mut open = false;
    for b in s.bytes() {
        if let Some(d) = TERMINAL.iter().position(|&t| t == b) {
            out.push((value << 5) | d as u64);
            value = 0;
            open = false;
        } else if let Some(d) = CONTINUE.iter().position(|&c| c == b) {
            value = (value << 5) | d as u64;
            open = true;
        } else {
            return None;
        }
    }
    (!open).then_some(out)
}

/// Encodes ascending numbers as their differences (the first as itself).
pub fn encode_ascending(numbers: impl IntoIterator<Item = u64>) -> String {
    let mut previous = 0;
    encode(numbers.into_iter().map(|n| {
        let delta = n - previous;
        previous = n;
        delta
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_numbers_take_one_character() {
        assert_eq!(encode([0, 5, 31]), "05v");
        assert_eq!(encode([32]), "B0");
        assert_eq!(encode([1023, 1024]).len(), 2 + 3);
    }

    #[test]
    fn decoding_inverts_encoding() {
        let numbers = vec![
            0,
            1,
            31,
            32,
            33,
            1023,
            1024,
            99_999,
            u32::MAX as u64,
            u64::MAX,
        ];
        assert_eq!(decode(&encode(numbers.clone())), Some(numbers));
    }

    #[test]
    fn ascending_lists_are_stored_as_differences() {
        assert_eq!(encode_ascending([3, 4, 10]), "316");
    }

    #[test]
    fn a_number_cut_short_is_rejected() {
        assert_eq!(decode("B"), None);
        assert_eq!(decode("?"), None);
    }
}
