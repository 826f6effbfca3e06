//! The VGA console screenshot of `getLiveServiceInfo`: a 1024x768 PNG of a text console, drawn with a
//! 5x7 font and encoded by hand (1-bit palette, fixed-Huffman deflate with run-length matches).

use base64::Engine;

pub(super) const WIDTH: usize = 1024;
pub(super) const HEIGHT: usize = 768;
const SCALE: usize = 2;
const CELL_W: usize = 6 * SCALE;
const CELL_H: usize = 9 * SCALE;
const MARGIN: usize = 8;
const ROW_BYTES: usize = WIDTH / 8;

/// The console as base64 with a line break after every 76 characters, as PHP's `chunk_split` gives it.
pub(super) fn screendump_base64(lines: &[String]) -> String {
    let png = png_of(lines);
    let plain = base64::engine::general_purpose::STANDARD.encode(png);
    let mut out = String::with_capacity(plain.len() + plain.len() / 76 + 1);
    for chunk in plain.as_bytes().chunks(76) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// A PNG of light grey text on black, one line of text per entry.
pub(super) fn png_of(lines: &[String]) -> Vec<u8> {
    let mut pixels = vec![0u8; ROW_BYTES * HEIGHT];
    for (row, line) in lines.iter().enumerate() {
        for (col, c) in line.chars().enumerate() {
            draw_glyph(&mut pixels, MARGIN + col * CELL_W, MARGIN + row * CELL_H, c);
        }
    }
    let mut raw = Vec::with_capacity((ROW_BYTES + 1) * HEIGHT);
    for row in pixels.chunks(ROW_BYTES) {
        raw.push(0); // filter: none
        raw.extend_from_slice(row);
    }
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&(WIDTH as u32).to_be_bytes());
    ihdr.extend_from_slice(&(HEIGHT as u32).to_be_bytes());
    ihdr.extend_from_slice(&[1, 3, 0, 0, 0]); // 1 bit per pixel, palette, deflate, filter 0, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"PLTE", &[0, 0, 0, 0xaa, 0xaa, 0xaa]);
    chunk(&mut png, b"IDAT", &zlib(&raw));
    chunk(&mut png, b"IEND", &[]);
    png
}

fn draw_glyph(pixels: &mut [u8], x0: usize, y0: usize, c: char) {
    let rows = glyph(c);
    for (gy, bits) in rows.iter().enumerate() {
        for gx in 0..5 {
            if bits & (0x10 >> gx) == 0 {
                continue;
            }
            for dy in 0..SCALE {
                for dx in 0..SCALE {
                    let (x, y) = (x0 + gx * SCALE + dx, y0 + gy * SCALE + dy);
                    if x < WIDTH && y < HEIGHT {
                        pixels[y * ROW_BYTES + x / 8] |= 0x80 >> (x % 8);
                    }
                }
            }
        }
    }
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let crc = crc32(&png[start..]);
    png.extend_from_slice(&crc.to_be_bytes());
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    out.extend_from_slice(&deflate(data));
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u32; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];

/// One fixed-Huffman block. The only matches are runs (distance 1): a console is mostly black.
fn deflate(data: &[u8]) -> Vec<u8> {
    let mut w = BitWriter::default();
    w.bits(1, 1); // final block
    w.bits(1, 2); // fixed Huffman codes
    let mut i = 0;
    while i < data.len() {
        let run = if i == 0 {
            0
        } else {
            data[i..]
                .iter()
                .take(258)
                .take_while(|&&b| b == data[i - 1])
                .count()
        };
        if run >= 3 {
            w.length(run as u16);
            w.code(0, 5); // distance code 0: distance 1
            i += run;
        } else {
            w.literal(u16::from(data[i]));
            i += 1;
        }
    }
    w.literal(256);
    w.finish()
}

#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl BitWriter {
    /// Plain values go least significant bit first.
    fn bits(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.count;
        self.count += count;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// Huffman codes go most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        self.bits(code.reverse_bits() >> (32 - len), len);
    }

    fn literal(&mut self, v: u16) {
        let v = u32::from(v);
        match v {
            0..=143 => self.code(0x30 + v, 8),
            144..=255 => self.code(0x190 + v - 144, 9),
            256..=279 => self.code(v - 256, 7),
            _ => self.code(0xc0 + v - 280, 8),
        }
    }

    fn length(&mut self, len: u16) {
        let i = LENGTH_BASE.iter().rposition(|&b| b <= len).unwrap_or(0);
        self.literal(257 + i as u16);
        self.bits(u32::from(len - LENGTH_BASE[i]), LENGTH_EXTRA[i]);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// Rows of a 5x7 glyph, bit 4 leftmost. Characters outside the table draw as `?`.
fn glyph(c: char) -> [u8; 7] {
    let found = FONT.iter().find(|(k, _)| *k == c);
    found
        .or_else(|| FONT.iter().find(|(k, _)| *k == '?'))
        .map_or([0; 7], |(_, g)| *g)
}

#[rustfmt::skip]
const FONT: [(char, [u8; 7]); 79] = [
    (' ', [0, 0, 0, 0, 0, 0, 0]), ('.', [0, 0, 0, 0, 0, 0x0c, 0x0c]), ('-', [0, 0, 0, 0x1f, 0, 0, 0]),
    (':', [0, 0x0c, 0x0c, 0, 0x0c, 0x0c, 0]), ('_', [0, 0, 0, 0, 0, 0, 0x1f]), ('/', [0, 1, 2, 4, 8, 0x10, 0]),
    ('(', [2, 4, 8, 8, 8, 4, 2]), (')', [8, 4, 2, 2, 2, 4, 8]), ('[', [0x0e, 8, 8, 8, 8, 8, 0x0e]),
    (']', [0x0e, 2, 2, 2, 2, 2, 0x0e]), ('=', [0, 0, 0x1f, 0, 0x1f, 0, 0]), ('+', [0, 4, 4, 0x1f, 4, 4, 0]),
    (',', [0, 0, 0, 0, 0x0c, 4, 8]), ('\'', [0x0c, 4, 8, 0, 0, 0, 0]), ('!', [4, 4, 4, 4, 0, 0, 4]),
    ('?', [0x0e, 0x11, 1, 2, 4, 0, 4]), ('@', [0x0e, 0x11, 1, 0x0d, 0x15, 0x15, 0x0e]),
    ('0', [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e]), ('1', [4, 0x0c, 4, 4, 4, 4, 0x0e]),
    ('2', [0x0e, 0x11, 1, 2, 4, 8, 0x1f]), ('3', [0x1f, 2, 4, 2, 1, 0x11, 0x0e]),
    ('4', [2, 6, 0x0a, 0x12, 0x1f, 2, 2]), ('5', [0x1f, 0x10, 0x1e, 1, 1, 0x11, 0x0e]),
    ('6', [6, 8, 0x10, 0x1e, 0x11, 0x11, 0x0e]), ('7', [0x1f, 1, 2, 4, 8, 8, 8]),
    ('8', [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e]), ('9', [0x0e, 0x11, 0x11, 0x0f, 1, 2, 0x0c]),
    ('A', [0x0e, 0x11, 0x11, 0x11, 0x1f, 0x11, 0x11]), ('B', [0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e]),
    ('C', [0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e]), ('D', [0x1c, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1c]),
    ('E', [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f]), ('F', [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10]),
    ('G', [0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f]), ('H', [0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11]),
    ('I', [0x0e, 4, 4, 4, 4, 4, 0x0e]), ('J', [7, 2, 2, 2, 2, 0x12, 0x0c]),
    ('K', [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11]), ('L', [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f]),
    ('M', [0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11]), ('N', [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11]),
    ('O', [0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e]), ('P', [0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10]),
    ('Q', [0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d]), ('R', [0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11]),
    ('S', [0x0f, 0x10, 0x10, 0x0e, 1, 1, 0x1e]), ('T', [0x1f, 4, 4, 4, 4, 4, 4]),
    ('U', [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e]), ('V', [0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 4]),
    ('W', [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a]), ('X', [0x11, 0x11, 0x0a, 4, 0x0a, 0x11, 0x11]),
    ('Y', [0x11, 0x11, 0x11, 0x0a, 4, 4, 4]), ('Z', [0x1f, 1, 2, 4, 8, 0x10, 0x1f]),
    ('a', [0, 0, 0x0e, 1, 0x0f, 0x11, 0x0f]), ('b', [0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x1e]),
    ('c', [0, 0, 0x0e, 0x10, 0x10, 0x11, 0x0e]), ('d', [1, 1, 0x0d, 0x13, 0x11, 0x11, 0x0f]),
    ('e', [0, 0, 0x0e, 0x11, 0x1f, 0x10, 0x0e]), ('f', [6, 9, 8, 0x1c, 8, 8, 8]),
    ('g', [0, 0x0f, 0x11, 0x11, 0x0f, 1, 0x0e]), ('h', [0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x11]),
    ('i', [4, 0, 0x0c, 4, 4, 4, 0x0e]), ('j', [2, 0, 6, 2, 2, 0x12, 0x0c]),
    ('k', [0x10, 0x10, 0x12, 0x14, 0x18, 0x14, 0x12]), ('l', [0x0c, 4, 4, 4, 4, 4, 0x0e]),
    ('m', [0, 0, 0x1a, 0x15, 0x15, 0x11, 0x11]), ('n', [0, 0, 0x16, 0x19, 0x11, 0x11, 0x11]),
    ('o', [0, 0, 0x0e, 0x11, 0x11, 0x11, 0x0e]), ('p', [0, 0, 0x1e, 0x11, 0x1e, 0x10, 0x10]),
    ('q', [0, 0, 0x0d, 0x13, 0x0f, 1, 1]), ('r', [0, 0, 0x16, 0x19, 0x10, 0x10, 0x10]),
    ('s', [0, 0, 0x0e, 0x10, 0x0e, 1, 0x1e]), ('t', [8, 8, 0x1c, 8, 8, 9, 6]),
    ('u', [0, 0, 0x11, 0x11, 0x11, 0x13, 0x0d]), ('v', [0, 0, 0x11, 0x11, 0x11, 0x0a, 4]),
    ('w', [0, 0, 0x11, 0x11, 0x15, 0x15, 0x0a]), ('x', [0, 0, 0x11, 0x0a, 4, 0x0a, 0x11]),
    ('y', [0, 0, 0x11, 0x11, 0x0f, 1, 0x0e]), ('z', [0, 0, 0x1f, 2, 4, 8, 0x1f]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_known_values() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    }

    #[test]
    fn the_png_has_a_1024x768_header_and_ends_with_iend() {
        let png = png_of(&["demo1 login: _".to_string()]);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1024);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 768);
        assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND");
        // Runs keep the console small: tens of kilobytes at most, as on the real API.
        assert!(png.len() < 40_000, "{} bytes", png.len());
    }

    #[test]
    fn base64_lines_are_76_characters() {
        let text = screendump_base64(&["x".to_string()]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[..lines.len() - 1].iter().all(|l| l.len() == 76));
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn every_drawn_character_has_a_glyph() {
        let unknown = glyph('?');
        for c in "Debian GNU/Linux 12 demo1 tty1 login: _"
            .chars()
            .filter(|&c| c != '?')
        {
            assert!(c == ' ' || glyph(c) != unknown, "{c}");
        }
    }
}
