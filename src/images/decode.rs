//! Bytes into pixels, within caps: the format from the file's signature, the size from its
//! header before any pixel, the decoder's allocations bounded, its panics caught.

use std::io::Cursor;

use image::{ImageFormat, ImageReader};

use super::{ImageError, Limits, Picture};
use crate::fetch::guard::catch_quietly;

/// Decodes a picture's file.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<Picture, ImageError> {
    if bytes.len() > limits.max_bytes {
        return Err(ImageError::TooManyBytes {
            limit: limits.max_bytes,
        });
    }
    let format = image::guess_format(bytes).map_err(|_| ImageError::WrongType)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP
    ) {
        return Err(ImageError::WrongType);
    }
    // A JPEG ends with its End Of Image marker; a file without one was cut short (decoders
    // would otherwise fill the missing part with grey).
    if format == ImageFormat::Jpeg && memchr::memmem::rfind(bytes, &[0xFF, 0xD9]).is_none() {
        return Err(ImageError::Truncated);
    }
    let (width, height) =
        catch_quietly(|| ImageReader::with_format(Cursor::new(bytes), format).into_dimensions())
            .map_err(ImageError::Corrupt)?
            .map_err(classify)?;
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ImageError::TooManyPixels {
            width,
            height,
            limit: limits.max_pixels,
        });
    }
    let mut caps = image::Limits::default();
    caps.max_image_width = Some(width);
    caps.max_image_height = Some(height);
    // Four bytes a pixel, twice over for the decoder's own buffers.
    caps.max_alloc = Some(limits.max_pixels.saturating_mul(8).max(1 << 20));
    let image = catch_quietly(|| {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        reader.limits(caps);
        reader.decode()
    })
    .map_err(ImageError::Corrupt)?
    .map_err(classify)?;
    Ok(Picture::new(image))
}

fn classify(e: image::ImageError) -> ImageError {
    match e {
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            ImageError::Truncated
        }
        image::ImageError::Limits(_) => ImageError::OverMemoryCap,
        image::ImageError::Unsupported(_) => ImageError::WrongType,
        other => ImageError::Corrupt(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 30]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut out, ImageFormat::Jpeg)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn a_png_decodes_to_its_size() {
        let p = decode(&png(40, 20), &Limits::default()).unwrap();
        assert_eq!(p.size(), (40, 20));
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        // A real PNG of 20000×20000 (400 million pixels) compresses to a few hundred KB;
        // the header alone is enough to refuse it.
        let mut bomb = png(1, 1);
        // IHDR's width and height are bytes 16..24; its CRC (29..33) is fixed below.
        bomb[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        let err = decode(&bomb, &Limits::default()).unwrap_err();
        assert!(
            matches!(
                err,
                ImageError::TooManyPixels {
                    width: 20_000,
                    height: 20_000,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_truncated_jpeg_is_cut_short() {
        let full = jpeg(64, 48);
        let cut = &full[..full.len() / 2];
        assert!(matches!(
            decode(cut, &Limits::default()),
            Err(ImageError::Truncated)
        ));
    }

    #[test]
    fn html_served_as_a_jpeg_is_the_wrong_type() {
        let page = b"<!DOCTYPE html><html><body>Not found</body></html>";
        assert!(matches!(
            decode(page, &Limits::default()),
            Err(ImageError::WrongType)
        ));
    }

    #[test]
    fn a_file_over_the_byte_cap_is_refused_before_decoding() {
        let limits = Limits {
            max_bytes: 100,
            ..Limits::default()
        };
        assert!(matches!(
            decode(&png(40, 40), &limits),
            Err(ImageError::TooManyBytes { limit: 100 })
        ));
    }

    #[test]
    fn garbage_after_a_signature_is_refused_without_a_panic() {
        let mut junk = b"\x89PNG\r\n\x1a\n".to_vec();
        junk.extend(std::iter::repeat_n(0xAB, 4000));
        assert!(decode(&junk, &Limits::default()).is_err());
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
