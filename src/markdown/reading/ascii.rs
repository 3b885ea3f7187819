//! Eight bytes at a time: where a run of ASCII letters and digits ends, the scan under the
//! reading meter's short way (most of any text is such runs).

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `bytes` from `at` as a little-endian integer, zero-padded past the end
/// (a zero byte is not a letter, so a run stops there).
#[inline(always)]
pub fn load8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])),
        None => {
            let mut padded = [0; 8];
            let rest = bytes.get(at..).unwrap_or(&[]);
            padded[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(padded)
        }
    }
}

/// The high bit of each byte of `x` that is an ASCII letter or digit. Each test adds a
/// constant to the byte's low seven bits, which never carries into the next byte, and reads
/// the byte's high bit: set when the byte reached the bound.
#[inline(always)]
fn alphanumeric_bytes(x: u64) -> u64 {
    let ascii = !x & HIGH;
    let low = x & !HIGH;
    let digit =
        (low + (0x80 - u64::from(b'0')) * ONES) & !(low + (0x80 - u64::from(b'9') - 1) * ONES);
    let folded = low | (0x20 * ONES);
    let letter = (folded + (0x80 - u64::from(b'a')) * ONES)
        & !(folded + (0x80 - u64::from(b'z') - 1) * ONES);
    (digit | letter) & ascii
}

/// How many bytes of `x`, from its lowest, are ASCII letters or digits (8 when all are).
#[inline(always)]
pub fn alphanumeric_prefix(x: u64) -> usize {
    let stops = !alphanumeric_bytes(x) & HIGH;
    (stops.trailing_zeros() / 8) as usize
}

/// The end of the run of ASCII letters and digits that starts at `start` in `bytes`, and the
/// eight bytes loaded at `start` (which hold the whole run when it is eight bytes or fewer).
#[inline(always)]
pub fn run_end(bytes: &[u8], start: usize) -> (usize, u64) {
    let first = load8(bytes, start);
    let mut end = start + alphanumeric_prefix(first);
    if end == start + 8 {
        loop {
            let more = alphanumeric_prefix(load8(bytes, end));
            end += more;
            if more < 8 {
                break;
            }
        }
    }
    (end, first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_is_classed_as_is_ascii_alphanumeric_does() {
        for byte in 0..=u8::MAX {
            for position in 0..8 {
                let mut eight = [b'a'; 8];
                eight[position] = byte;
                let expected = if byte.is_ascii_alphanumeric() {
                    8
                } else {
                    position
                };
                assert_eq!(
                    alphanumeric_prefix(u64::from_le_bytes(eight)),
                    expected,
                    "byte {byte:#04x} at {position}"
                );
            }
        }
    }

    #[test]
    fn runs_end_where_the_byte_by_byte_scan_ends_them() {
        let text =
            "Spine care, e.g. 2.5mm discs — and Wirbelsäule; supercalifragilisticexpialidocious x";
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            if !bytes[start].is_ascii_alphanumeric() {
                continue;
            }
            let expected = (start..bytes.len())
                .find(|&i| !bytes[i].is_ascii_alphanumeric())
                .unwrap_or(bytes.len());
            assert_eq!(run_end(bytes, start).0, expected, "run at {start}");
        }
    }
}
