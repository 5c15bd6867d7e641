//! How rendered pages are compressed: the encodings, their levels, and the
//! choice among what a request accepts. The compression layer
//! ([`layers`]) and the kept pages (`page_cache`) use the same.
//!
//! Zstandard first: a rendered page is compressed once per request, and
//! brotli at level 6 cost more than the render. Measured on the shirt's
//! page (108 KB): zstd 3 in 0.19 ms to 9,974 bytes, brotli 6 in 1.6 ms to
//! 8,722, gzip 6 in 0.87 ms to 10,370 (the C libraries, one core). So
//! browsers that send `zstd` (Chrome, Edge, Firefox) get it, the others
//! (Safari) brotli, then gzip.

use axum::body::Bytes;
use http::{header, HeaderMap};
use std::io::Write;
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// Zstandard's level: its default (level 6 saves another 6 % for twice the work).
pub const ZSTD_LEVEL: i32 = 3;
/// Brotli's level: 6 rather than the layer's default 4, a further 8 % off
/// a configurator page (it carries its catalog data).
pub const BROTLI_QUALITY: u32 = 6;
/// Gzip's level: its usual default.
pub const GZIP_LEVEL: u32 = 6;

/// Levels for the three encodings.
#[derive(Clone, Copy, Debug)]
pub struct Levels {
    pub zstd: i32,
    pub brotli: u32,
    pub gzip: u32,
}

/// For what is compressed once per answer or render: rendered pages.
pub const FOR_PAGES: Levels = Levels {
    zstd: ZSTD_LEVEL,
    brotli: BROTLI_QUALITY,
    gzip: GZIP_LEVEL,
};

/// For what is compressed once and sent for a long time (product
/// scripts): the strongest levels.
pub const FOR_KEEPS: Levels = Levels {
    zstd: 19,
    brotli: 11,
    gzip: 9,
};

/// How an answer's body is encoded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Encoding {
    Zstd,
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The encoding to answer in: of zstd, brotli and gzip, the one the
    /// request weighs highest (`Accept-Encoding`; zero refuses), the first
    /// of them on a tie. (The layers differ in one case only: their zstd
    /// layer answers zstd whenever it is accepted, even weighed below brotli.)
    pub fn accepted(headers: &HeaderMap) -> Encoding {
        let weight = |wanted: &str| {
            headers
                .get_all(header::ACCEPT_ENCODING)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|item| {
                    let mut parts = item.split(';').map(str::trim);
                    let name = parts.next().unwrap_or_default();
                    let q = parts
                        .find_map(|p| p.strip_prefix("q="))
                        .map_or(Some(1.0), |q| q.parse::<f32>().ok())?;
                    name.eq_ignore_ascii_case(wanted).then_some(q)
                })
                .fold(0.0_f32, f32::max)
        };
        let mut best = (Encoding::Identity, 0.0);
        for encoding in [Encoding::Zstd, Encoding::Brotli, Encoding::Gzip] {
            let q = weight(encoding.name());
            if q > best.1 {
                best = (encoding, q);
            }
        }
        best.0
    }

    /// Its `Content-Encoding` name (empty for none).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Zstd => "zstd",
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
            Encoding::Identity => "",
        }
    }

    /// `page` in this encoding at the page levels (`None` if zstd could
    /// not have its memory).
    pub fn compress(self, page: &Bytes) -> Option<Bytes> {
        self.compress_at(page, FOR_PAGES)
    }

    /// `body` in this encoding at `levels` (`None` if zstd could not have
    /// its memory).
    pub fn compress_at(self, body: &Bytes, levels: Levels) -> Option<Bytes> {
        // Writing into memory cannot fail.
        let packed = match self {
            Encoding::Zstd if levels.zstd == ZSTD_LEVEL => return zstd_compress(body),
            Encoding::Zstd => {
                return zstd::bulk::compress(body, levels.zstd)
                    .ok()
                    .map(Bytes::from)
            }
            Encoding::Brotli => {
                let mut out = brotli::CompressorWriter::new(Vec::new(), 4096, levels.brotli, 22);
                let _ = out.write_all(body);
                Bytes::from(out.into_inner())
            }
            Encoding::Gzip => {
                let level = flate2::Compression::new(levels.gzip);
                let mut out = flate2::write::GzEncoder::new(Vec::new(), level);
                let _ = out.write_all(body);
                Bytes::from(out.finish().unwrap_or_default())
            }
            Encoding::Identity => body.clone(),
        };
        Some(packed)
    }
}

/// `page` in zstd, by this thread's compressor (making one costs about a
/// tenth of compressing a page).
fn zstd_compress(page: &Bytes) -> Option<Bytes> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    COMPRESSOR.with_borrow_mut(|compressor| {
        if compressor.is_none() {
            *compressor = zstd::bulk::Compressor::new(ZSTD_LEVEL).ok();
        }
        let packed = match compressor {
            Some(compressor) => compressor.compress(page),
            None => zstd::bulk::compress(page, ZSTD_LEVEL),
        };
        packed.map(Bytes::from).ok()
    })
}

/// The compression of every other answer, with the same choice and levels:
/// zstd where accepted (an inner layer of its own, since one layer has one
/// level for all), else brotli or gzip. A compressed answer is not
/// compressed again.
pub mod layers {
    use super::*;

    /// The inner layer: zstd only.
    pub fn zstd() -> CompressionLayer {
        CompressionLayer::new()
            .no_br()
            .no_gzip()
            .no_deflate()
            .quality(CompressionLevel::Precise(ZSTD_LEVEL))
    }

    /// The outer layer: brotli, else gzip.
    pub fn brotli_or_gzip() -> CompressionLayer {
        CompressionLayer::new()
            .no_zstd()
            .no_deflate()
            .quality(CompressionLevel::Precise(BROTLI_QUALITY as i32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use std::io::Read;

    #[test]
    fn every_encoding_decompresses_to_the_page() {
        let text = "<p>Ring in Gold, Größe 54</p>".repeat(200);
        let page = Bytes::from(text.clone());
        let read = |encoding: Encoding| {
            let packed = encoding.compress(&page).expect("compressed");
            let mut plain = Vec::new();
            match encoding {
                Encoding::Zstd => plain = zstd::bulk::decompress(&packed, 1 << 20).unwrap(),
                Encoding::Brotli => {
                    brotli::Decompressor::new(&packed[..], 4096)
                        .read_to_end(&mut plain)
                        .unwrap();
                }
                Encoding::Gzip => {
                    flate2::read::GzDecoder::new(&packed[..])
                        .read_to_end(&mut plain)
                        .unwrap();
                }
                Encoding::Identity => plain = packed.to_vec(),
            }
            assert!(
                encoding == Encoding::Identity || packed.len() < page.len() / 4,
                "{encoding:?} compresses"
            );
            String::from_utf8(plain).unwrap()
        };
        for encoding in [
            Encoding::Zstd,
            Encoding::Brotli,
            Encoding::Gzip,
            Encoding::Identity,
        ] {
            assert_eq!(read(encoding), text, "{encoding:?}");
        }
    }

    #[test]
    fn the_encoding_follows_what_the_request_accepts() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            Encoding::accepted(&headers)
        };
        assert_eq!(Encoding::accepted(&HeaderMap::new()), Encoding::Identity);
        // Chrome's and Firefox's, then Safari's.
        assert_eq!(with("gzip, deflate, br, zstd"), Encoding::Zstd);
        assert_eq!(with("gzip, deflate, br"), Encoding::Brotli);
        assert_eq!(with("gzip"), Encoding::Gzip);
        assert_eq!(with("zstd;q=0, br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(with("br;q=0.0"), Encoding::Identity);
        assert_eq!(with("zstd;q=0.5, br"), Encoding::Brotli);
        assert_eq!(with("br;q=nonsense, gzip"), Encoding::Gzip);
        assert_eq!(with("identity"), Encoding::Identity);
    }
}
