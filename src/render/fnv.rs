//! FNV-1a: a stable hash (the standard library's may change between Rust
//! releases, and output must not), and a fast one for short keys.

pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// `hash` (start with [`FNV_OFFSET`]) carried on over `bytes`.
pub fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// For hash maps of words: several times faster than the standard
/// library's SipHash on short keys, and the keys are the book's own, not
/// an attacker's.
pub type FnvBuildHasher = std::hash::BuildHasherDefault<Fnv>;

pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(FNV_OFFSET)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a(self.0, bytes);
    }
}
