//! Sealing secrets at rest: the master key, its id and rotation list, and XChaCha20-Poly1305 seal/open.

use std::fmt;
use std::path::PathBuf;

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

/// The variable holding the master key itself.
pub const MASTER_KEY_VAR: &str = "KIWIOPS_MASTER_KEY";
/// The variable naming a file that holds the master key (for Docker/systemd secrets).
pub const MASTER_KEY_FILE_VAR: &str = "KIWIOPS_MASTER_KEY_FILE";
/// Older master keys, still accepted for opening while rows are re-sealed under the current one.
pub const MASTER_KEY_PREVIOUS_VAR: &str = "KIWIOPS_MASTER_KEY_PREVIOUS";

/// XChaCha20-Poly1305's nonce length: 24 random bytes per seal, safe without a counter.
pub const NONCE_LEN: usize = 24;

const KEY_LEN: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("no master key: set {MASTER_KEY_VAR} (e.g. `openssl rand -hex 32`) or {MASTER_KEY_FILE_VAR} to a file holding it")]
    Missing,
    #[error("both {MASTER_KEY_VAR} and {MASTER_KEY_FILE_VAR} are set: keep only one")]
    TwoSources,
    #[error("{source_name} must be 32 random bytes as 64 hex characters, e.g. `openssl rand -hex 32` (base64 of 32 bytes also works)")]
    BadFormat { source_name: String },
    #[error("cannot read the master key file {path} (named by {MASTER_KEY_FILE_VAR})")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("sealing failed")]
    Seal,
    /// The tag did not verify: the wrong key, altered bytes, or a blob moved to another row.
    #[error(
        "a sealed value does not open: wrong master key, altered bytes, or moved to another row"
    )]
    Open,
    #[error("a stored nonce is {0} bytes long, not {NONCE_LEN}")]
    BadNonce(usize),
}

/// 32 secret bytes. Zeroized on drop; `Debug` shows only the key id.
pub struct MasterKey {
    bytes: Zeroizing<[u8; KEY_LEN]>,
    id: String,
}

impl MasterKey {
    /// Parses 64 hex characters or the base64 of 32 bytes, ignoring surrounding whitespace.
    pub fn parse(s: &SecretString) -> Result<MasterKey, SealError> {
        Self::parse_named(s, MASTER_KEY_VAR)
    }

    fn parse_named(s: &SecretString, source_name: &str) -> Result<MasterKey, SealError> {
        let text = s.expose_secret().trim();
        let bad = || SealError::BadFormat {
            source_name: source_name.to_owned(),
        };
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        if text.len() == 2 * KEY_LEN && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            hex::decode_to_slice(text, bytes.as_mut()).map_err(|_| bad())?;
            return Ok(Self::from_bytes(bytes));
        }
        // A buffer larger than any 44-character base64 needs, so decode_slice never refuses for size.
        let mut buf = Zeroizing::new([0u8; 48]);
        let engines = [
            base64::engine::general_purpose::STANDARD,
            base64::engine::general_purpose::STANDARD_NO_PAD,
            base64::engine::general_purpose::URL_SAFE,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        if text.len() > 44 {
            return Err(bad());
        }
        for engine in engines {
            if let Ok(KEY_LEN) = engine.decode_slice(text, buf.as_mut()) {
                bytes.copy_from_slice(&buf[..KEY_LEN]);
                return Ok(Self::from_bytes(bytes));
            }
        }
        Err(bad())
    }

    /// A fresh random key (for the demo and tests).
    pub fn generate() -> MasterKey {
        let mut key = XChaCha20Poly1305::generate_key(&mut OsRng);
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        bytes.copy_from_slice(&key);
        key.zeroize();
        Self::from_bytes(bytes)
    }

    fn from_bytes(bytes: Zeroizing<[u8; KEY_LEN]>) -> MasterKey {
        // A public fingerprint: the first 8 bytes of a labelled SHA-256, so rows name their key
        // without revealing it, and a wrong key is told apart from a corrupt row.
        let digest = Sha256::new()
            .chain_update(b"kiwiops master key id v1\0")
            .chain_update(bytes.as_ref())
            .finalize();
        let id = hex::encode(&digest[..8]);
        MasterKey { bytes, id }
    }

    /// The key's public fingerprint (16 hex characters), stored beside everything it seals.
    pub fn key_id(&self) -> &str {
        &self.id
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.bytes.as_ref().into())
    }

    /// Seals `plain` with a fresh random nonce; `aad` names where the result may live.
    pub(crate) fn seal(&self, plain: &[u8], aad: &[u8]) -> Result<Sealed, SealError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ciphertext = self
            .cipher()
            .encrypt(&nonce, Payload { msg: plain, aad })
            .map_err(|_| SealError::Seal)?;
        Ok(Sealed {
            ciphertext,
            nonce: nonce.to_vec(),
            key_id: self.id.clone(),
        })
    }

    /// Opens a sealed value; the plaintext is zeroized when the caller drops it.
    pub(crate) fn open(
        &self,
        ciphertext: &[u8],
        nonce: &[u8],
        aad: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, SealError> {
        if nonce.len() != NONCE_LEN {
            return Err(SealError::BadNonce(nonce.len()));
        }
        self.cipher()
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| SealError::Open)
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MasterKey")
            .field("key_id", &self.id)
            .finish_non_exhaustive()
    }
}

/// A sealed value as it is stored: ciphertext with its tag, the nonce, and the sealing key's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sealed {
    pub ciphertext: Vec<u8>,
    pub nonce: Vec<u8>,
    pub key_id: String,
}

/// The key that seals new values, and older ones that may still open existing rows.
#[derive(Debug)]
pub struct MasterKeys {
    pub current: MasterKey,
    pub previous: Vec<MasterKey>,
}

impl MasterKeys {
    /// Reads `KIWIOPS_MASTER_KEY` or the file named by `KIWIOPS_MASTER_KEY_FILE`, and the optional
    /// `KIWIOPS_MASTER_KEY_PREVIOUS` (keys separated by commas or whitespace).
    pub fn from_env() -> Result<MasterKeys, SealError> {
        Self::from_lookup(|name| std::env::var(name).ok().map(SecretString::from))
    }

    /// `from_env` over any source of variables, so tests need not touch the process environment.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<SecretString>,
    ) -> Result<MasterKeys, SealError> {
        // An empty variable counts as unset, as shells and compose files often leave them.
        let nonblank = |v: SecretString| (!v.expose_secret().trim().is_empty()).then_some(v);
        let direct = lookup(MASTER_KEY_VAR).and_then(nonblank);
        let file = lookup(MASTER_KEY_FILE_VAR).and_then(nonblank);
        let current = match (direct, file) {
            (Some(_), Some(_)) => return Err(SealError::TwoSources),
            (Some(key), None) => MasterKey::parse_named(&key, MASTER_KEY_VAR)?,
            (None, Some(path)) => {
                let path = PathBuf::from(path.expose_secret().trim());
                let text = std::fs::read_to_string(&path)
                    .map(SecretString::from)
                    .map_err(|source| SealError::File {
                        path: path.clone(),
                        source,
                    })?;
                MasterKey::parse_named(&text, &format!("the file {}", path.display()))?
            }
            (None, None) => return Err(SealError::Missing),
        };
        let mut previous = Vec::new();
        if let Some(list) = lookup(MASTER_KEY_PREVIOUS_VAR) {
            let items = list
                .expose_secret()
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty());
            for item in items {
                let key =
                    MasterKey::parse_named(&SecretString::from(item), MASTER_KEY_PREVIOUS_VAR)?;
                previous.push(key);
            }
        }
        Ok(MasterKeys { current, previous })
    }

    pub fn single(k: MasterKey) -> MasterKeys {
        MasterKeys {
            current: k,
            previous: Vec::new(),
        }
    }

    /// The configured key with this id, current first.
    pub fn by_id(&self, key_id: &str) -> Option<&MasterKey> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.key_id() == key_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const HEX_KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    fn secret(s: &str) -> SecretString {
        SecretString::from(s)
    }

    #[test]
    fn a_sealed_value_opens_with_the_same_key_and_aad() {
        let key = MasterKey::generate();
        let sealed = key.seal(b"private_abc", b"row 1").unwrap();
        assert_ne!(sealed.ciphertext, b"private_abc");
        assert_eq!(sealed.nonce.len(), NONCE_LEN);
        let plain = key
            .open(&sealed.ciphertext, &sealed.nonce, b"row 1")
            .unwrap();
        assert_eq!(plain.as_slice(), b"private_abc");
    }

    #[test]
    fn two_seals_of_the_same_value_differ() {
        let key = MasterKey::generate();
        let a = key.seal(b"same", b"aad").unwrap();
        let b = key.seal(b"same", b"aad").unwrap();
        assert_ne!(a.nonce, b.nonce);
        assert_ne!(a.ciphertext, b.ciphertext);
    }

    #[test]
    fn another_aad_a_flipped_bit_or_another_key_does_not_open() {
        let key = MasterKey::generate();
        let sealed = key.seal(b"secret", b"row 1").unwrap();
        assert!(matches!(
            key.open(&sealed.ciphertext, &sealed.nonce, b"row 2"),
            Err(SealError::Open)
        ));
        let mut tampered = sealed.ciphertext.clone();
        tampered[0] ^= 1;
        assert!(matches!(
            key.open(&tampered, &sealed.nonce, b"row 1"),
            Err(SealError::Open)
        ));
        let other = MasterKey::generate();
        assert!(matches!(
            other.open(&sealed.ciphertext, &sealed.nonce, b"row 1"),
            Err(SealError::Open)
        ));
        assert!(matches!(
            key.open(&sealed.ciphertext, &sealed.nonce[..12], b"row 1"),
            Err(SealError::BadNonce(12))
        ));
    }

    #[test]
    fn hex_and_base64_forms_of_one_key_have_the_same_id() {
        let from_hex = MasterKey::parse(&secret(&format!("  {HEX_KEY}\n"))).unwrap();
        let raw = hex::decode(HEX_KEY).unwrap();
        for engine in [
            base64::engine::general_purpose::STANDARD,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ] {
            let b64 = engine.encode(&raw);
            let from_b64 = MasterKey::parse(&secret(&b64)).unwrap();
            assert_eq!(from_hex.key_id(), from_b64.key_id(), "{b64}");
        }
        assert_eq!(from_hex.key_id().len(), 16);
        assert_ne!(from_hex.key_id(), MasterKey::generate().key_id());
    }

    #[test]
    fn a_short_or_non_hex_key_is_refused_with_advice_and_without_echoing_it() {
        for bad in [
            "",
            "abc",
            &HEX_KEY[..62],
            &format!("{}zz", &HEX_KEY[..62]),
            "hunter2hunter2",
        ] {
            let err = MasterKey::parse(&secret(bad)).unwrap_err();
            let text = err.to_string();
            assert!(text.contains("openssl rand -hex 32"), "{text}");
            if !bad.is_empty() {
                assert!(!text.contains(bad), "the error echoes the key: {text}");
            }
        }
    }

    #[test]
    fn debug_output_shows_the_key_id_but_not_the_key() {
        let key = MasterKey::parse(&secret(HEX_KEY)).unwrap();
        let shown = format!("{key:?} {:?}", MasterKeys::single(MasterKey::generate()));
        assert!(shown.contains(key.key_id()));
        assert!(
            !shown.contains(HEX_KEY) && !shown.contains("[0, 1, 2"),
            "{shown}"
        );
    }

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<SecretString> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).map(|v| SecretString::from(v.as_str()))
    }

    #[test]
    fn a_missing_master_key_names_both_variables() {
        let text = MasterKeys::from_lookup(lookup(&[]))
            .unwrap_err()
            .to_string();
        assert!(
            text.contains(MASTER_KEY_VAR) && text.contains(MASTER_KEY_FILE_VAR),
            "{text}"
        );
    }

    #[test]
    fn the_master_key_comes_from_a_file_and_previous_keys_from_a_list() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        std::fs::write(&path, format!("{HEX_KEY}\n")).unwrap();
        let old1 = MasterKey::generate();
        let old_hex = "ff".repeat(32);
        let previous = format!("{}, {old_hex}", hex::encode(old1.bytes.as_ref()));
        let keys = MasterKeys::from_lookup(lookup(&[
            (MASTER_KEY_FILE_VAR, path.to_str().unwrap()),
            (MASTER_KEY_PREVIOUS_VAR, &previous),
        ]))
        .unwrap();
        let expected = MasterKey::parse(&secret(HEX_KEY)).unwrap();
        assert_eq!(keys.current.key_id(), expected.key_id());
        assert_eq!(keys.previous.len(), 2);
        assert!(keys.by_id(old1.key_id()).is_some());
        assert!(keys.by_id(MasterKey::generate().key_id()).is_none());
    }

    #[test]
    fn two_sources_or_an_unreadable_file_are_clear_errors() {
        let both = MasterKeys::from_lookup(lookup(&[
            (MASTER_KEY_VAR, HEX_KEY),
            (MASTER_KEY_FILE_VAR, "/nonexistent"),
        ]));
        assert!(matches!(both, Err(SealError::TwoSources)));
        let missing = MasterKeys::from_lookup(lookup(&[(MASTER_KEY_FILE_VAR, "/nonexistent/key")]));
        assert!(matches!(missing, Err(SealError::File { .. })));
        let bad_previous = MasterKeys::from_lookup(lookup(&[
            (MASTER_KEY_VAR, HEX_KEY),
            (MASTER_KEY_PREVIOUS_VAR, "short"),
        ]))
        .unwrap_err();
        assert!(bad_previous
            .to_string()
            .starts_with(MASTER_KEY_PREVIOUS_VAR));
    }
}
