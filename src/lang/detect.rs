//! Guesses an article's language among the languages that have a pack.

use whatlang::{Detector, Lang};

fn to_whatlang(code: &str) -> Option<Lang> {
    Some(match code {
        "en" => Lang::Eng,
        "fr" => Lang::Fra,
        "it" => Lang::Ita,
        "ar" => Lang::Ara,
        "es" => Lang::Spa,
        "de" => Lang::Deu,
        "pt" => Lang::Por,
        "nl" => Lang::Nld,
        "ru" => Lang::Rus,
        "tr" => Lang::Tur,
        "pl" => Lang::Pol,
        "ja" => Lang::Jpn,
        "zh" => Lang::Cmn,
        "ko" => Lang::Kor,
        "vi" => Lang::Vie,
        "id" => Lang::Ind,
        "sv" => Lang::Swe,
        "fi" => Lang::Fin,
        "da" => Lang::Dan,
        "hi" => Lang::Hin,
        "fa" => Lang::Pes,
        "he" => Lang::Heb,
        "uk" => Lang::Ukr,
        "el" => Lang::Ell,
        "cs" => Lang::Ces,
        "ro" => Lang::Ron,
        "hu" => Lang::Hun,
        _ => return None,
    })
}

fn from_whatlang(lang: Lang) -> &'static str {
    match lang {
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Ita => "it",
        Lang::Ara => "ar",
        Lang::Spa => "es",
        Lang::Deu => "de",
        Lang::Por => "pt",
        Lang::Nld => "nl",
        Lang::Rus => "ru",
        Lang::Tur => "tr",
        Lang::Pol => "pl",
        Lang::Jpn => "ja",
        Lang::Cmn => "zh",
        Lang::Kor => "ko",
        Lang::Vie => "vi",
        Lang::Ind => "id",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Dan => "da",
        Lang::Hin => "hi",
        Lang::Pes => "fa",
        Lang::Heb => "he",
        Lang::Ukr => "uk",
        Lang::Ell => "el",
        Lang::Ces => "cs",
        Lang::Ron => "ro",
        Lang::Hun => "hu",
        _ => "",
    }
}

/// Detects the language of `text` among `candidates` (ISO 639-1 codes).
/// Only the first few kilobytes are read: that is plenty for a guess and
/// keeps huge files cheap. Returns `None` when no candidate is supported by
/// the detector or the text is too short to tell.
pub fn detect<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let allow: Vec<Lang> = candidates.into_iter().filter_map(to_whatlang).collect();
    if allow.is_empty() {
        return None;
    }
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let detector = Detector::with_allowlist(allow);
    let info = detector.detect(&text[..end])?;
    let code = from_whatlang(info.lang());
    (!code.is_empty()).then(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: Option<&str>) {
        let got = detect(text, ["en", "fr", "it", "ar", "es", "de"]);
        assert_eq!(got.as_deref(), expect, "detect({text:?})");
    }

    #[test]
    fn detects_the_six_languages() {
        check(
            "Japan is not a member of the alliance, officials said on Monday.",
            Some("en"),
        );
        check(
            "Le Japon ne fait pas partie de l'alliance, ont indiqué les responsables.",
            Some("fr"),
        );
        check(
            "Il Giappone non è membro della NATO, ma partecipa al vertice di Washington.",
            Some("it"),
        );
        check("لا تنتمي اليابان إلى حلف الناتو", Some("ar"));
        check(
            "Japón no forma parte de la alianza, según los funcionarios del gobierno.",
            Some("es"),
        );
        check(
            "Japan ist kein Mitglied der NATO und nimmt nicht an allen Gipfeln teil.",
            Some("de"),
        );
    }
}
