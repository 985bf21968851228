//! Text in the encodings Chinese offices save in: UTF-8 (with or without a
//! BOM), UTF-16 with a BOM (Windows Notepad's "Unicode"), and GB18030/GBK
//! (the default of Chinese Windows), told apart by the BOM or, without one,
//! by chardetng.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// The text of `bytes`, or `None` when no encoding decodes it cleanly.
pub fn decode(bytes: &[u8]) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return String::from_utf8(rest.to_vec()).ok();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return strict(UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return strict(UTF_16BE, rest);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_string());
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // a plan comes from a .cn site: let ties go to GBK
    let encoding = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    strict(encoding, bytes)
}

/// Decode with no replacement characters.
fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// The head of a file as text, for telling its format: decoded as
/// [`decode`] would, with undecodable bytes (a character cut at the end)
/// replaced.
pub fn sniff(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    if let Err(err) = std::str::from_utf8(bytes)
        && err.error_len().is_some()
    {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let encoding = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str =
        "一、总体要求\n（一）发展目标。到2025年，新建5G基站1.7万个（市工信局牵头）。";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(PLAN.as_bytes()).as_deref(), Some(PLAN));
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend(PLAN.as_bytes());
        assert_eq!(decode(&bom).as_deref(), Some(PLAN));
    }

    #[test]
    fn utf16_both_byte_orders() {
        let mut le = vec![0xff, 0xfe];
        le.extend(PLAN.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).as_deref(), Some(PLAN));
        let mut be = vec![0xfe, 0xff];
        be.extend(PLAN.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).as_deref(), Some(PLAN));
    }

    #[test]
    fn gbk_and_gb18030_are_detected() {
        let (gbk, _, _) = encoding_rs::GBK.encode(PLAN);
        assert_eq!(decode(&gbk).as_deref(), Some(PLAN));
        // 𠮷 exists only in GB18030's four-byte range
        let rare = format!("{PLAN}𠮷");
        let (gb18030, _, lossy) = encoding_rs::GB18030.encode(&rare);
        assert!(!lossy);
        assert_eq!(decode(&gb18030).as_deref(), Some(rare.as_str()));
    }

    #[test]
    fn binary_is_not_text() {
        assert_eq!(decode(&[0xff, 0xfe, 0x00, 0xd8]), None);
    }
}
