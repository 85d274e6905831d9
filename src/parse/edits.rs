//! Test support: random edits of sample lines (insertions, deletions and replacements from a
//! given alphabet), seeded, for checking that a one-pass reader and the general reader agree
//! on whatever the one-pass reader accepts.

/// Calls `check` on `rounds` edited copies of the `bases` (taken in turn), each with one to
/// three edits of bytes from `alphabet`; invalid UTF-8 becomes U+FFFD. Returns how many
/// times `check` returned true.
pub fn edited_lines(
    bases: &[&str],
    alphabet: &[u8],
    seed: u64,
    rounds: usize,
    mut check: impl FnMut(&str) -> bool,
) -> usize {
    let mut x = seed | 1;
    let mut next = |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n.max(1) as u64) as usize
    };
    let mut accepted = 0;
    for round in 0..rounds {
        let base = bases.get(round % bases.len().max(1)).copied().unwrap_or("");
        let mut b = base.as_bytes().to_vec();
        for _ in 0..1 + next(3) {
            let at = next(b.len() + 1);
            let c = alphabet.get(next(alphabet.len())).copied().unwrap_or(b' ');
            match (next(3), b.get_mut(at)) {
                (0, Some(slot)) => *slot = c,
                (1, Some(_)) => {
                    b.remove(at);
                }
                _ => b.insert(at, c),
            }
        }
        accepted += usize::from(check(&String::from_utf8_lossy(&b)));
    }
    accepted
}
