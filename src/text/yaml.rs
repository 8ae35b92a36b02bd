//! Where a YAML error is, for the small YAML documents factlint reads
//! besides rule files: front matter, `corpus.yaml`, language packs.

/// The error's byte offset in the document, when serde-saphyr knows it, and
/// its first line (the rest repeats the position in words).
pub fn error_position(error: &serde_saphyr::Error) -> (Option<usize>, String) {
    let offset = error
        .location()
        .and_then(|l| l.span().byte_offset())
        .map(|o| o as usize);
    let message = error
        .to_string()
        .lines()
        .next()
        .unwrap_or("invalid YAML")
        .to_string();
    (offset, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        a: u32,
    }

    #[test]
    fn locates_an_error_at_its_value() {
        let text = "a: many\n";
        let error = serde_saphyr::from_str::<Doc>(text).expect_err("not a number");
        let (offset, message) = error_position(&error);
        assert_eq!(offset, Some(3));
        assert!(!message.is_empty() && !message.contains('\n'));
    }
}
