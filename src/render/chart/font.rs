//! The fonts the chart embeds, so it draws the same with no system fonts: DejaVu Sans for Latin text,
//! a subset of Noto Sans CJK SC (SIL OFL 1.1) for Chinese.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef};
use plotters::style::{register_font, FontStyle};

use super::text::Script;

/// ASCII plus the characters of `assets/fonts/cjk-chars.txt`, cut by `scripts/subset-font.sh`.
/// CFF outlines (OTF): ab_glyph draws them, as the coverage tests check.
const CJK: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Chart.otf");

/// The plotters family name each script is drawn in.
pub fn family(script: Script) -> &'static str {
    match script {
        Script::Latin => "kiwiops-latin",
        Script::Cjk => "kiwiops-cjk",
    }
}

/// The font file each script is drawn with.
pub fn bytes(script: Script) -> &'static [u8] {
    match script {
        Script::Latin => dejavu::sans::regular(),
        Script::Cjk => CJK,
    }
}

/// Registers both fonts with plotters on first use; false for a font plotters could not read.
pub fn ready(script: Script) -> bool {
    static READY: OnceLock<[bool; 2]> = OnceLock::new();
    let ready = READY.get_or_init(|| {
        [Script::Latin, Script::Cjk]
            .map(|s| register_font(family(s), FontStyle::Normal, bytes(s)).is_ok())
    });
    match script {
        Script::Latin => ready[0],
        Script::Cjk => ready[1],
    }
}

/// The size to ask plotters for so that one em is `em` pixels. Plotters (through ab_glyph) sizes text
/// by line height, and Noto CJK's line is 1.45 em against DejaVu's 1.16: without this, Chinese charts
/// print a fifth smaller than English ones.
pub fn size(script: Script, em: f64) -> f64 {
    static LINE_PER_EM: OnceLock<[f64; 2]> = OnceLock::new();
    let ratios = LINE_PER_EM.get_or_init(|| {
        [Script::Latin, Script::Cjk].map(|s| {
            FontRef::try_from_slice(bytes(s))
                .ok()
                .and_then(|f| Some(f.height_unscaled() / f.units_per_em()?))
                .map_or(1.0, f64::from)
        })
    });
    match script {
        Script::Latin => em * ratios[0],
        Script::Cjk => em * ratios[1],
    }
}
