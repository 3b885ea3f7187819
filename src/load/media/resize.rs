//! Decoding an image and encoding its resized copies: `image` reads the file (JPEG, PNG, GIF,
//! WebP), `fast_image_resize` scales it (SIMD Lanczos), `webp` (libwebp) writes lossy WebP and
//! `image` writes the copies in the original format. The widths are encoded in parallel.

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageFormat};
use rayon::prelude::*;

/// The widths resized copies are made at; only those narrower than the original are made.
pub const WIDTHS: [u32; 3] = [480, 800, 1200];
/// Images at most this wide fit the content column (46rem at 16px) and get no copies.
pub const COLUMN_WIDTH: u32 = 736;
/// libwebp's quality for the WebP copies (0–100).
pub const WEBP_QUALITY: f32 = 78.0;
/// The JPEG quality of the copies in the original format.
pub const JPEG_QUALITY: u8 = 80;

/// The format copies of a source image are written in, besides WebP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// JPEG copies of a JPEG.
    Jpeg,
    /// PNG copies of a PNG.
    Png,
    /// No copies in the original format (a WebP source: its WebP copies are the fallback).
    None,
}

impl Fallback {
    /// The file extension of the copies.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Fallback::Jpeg => Some("jpg"),
            Fallback::Png => Some("png"),
            Fallback::None => None,
        }
    }
}

/// A decoded image, turned upright.
pub struct Decoded {
    image: DynamicImage,
    /// What the copies in the original format are written as; `None` when no copies at all
    /// are made (an animated or unusual format).
    pub fallback: Option<Fallback>,
}

impl Decoded {
    /// Width after the EXIF orientation is applied (what the browser shows).
    pub fn width(&self) -> u32 {
        self.image.width()
    }

    /// Height after the EXIF orientation is applied.
    pub fn height(&self) -> u32 {
        self.image.height()
    }
}

/// Decodes `bytes`; the error is the decoder's message.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader.format();
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    let fallback = match format {
        Some(ImageFormat::Jpeg) => Some(Fallback::Jpeg),
        Some(ImageFormat::Png) => Some(Fallback::Png),
        Some(ImageFormat::WebP) => Some(Fallback::None),
        // GIFs may be animated: a still copy would lose the animation.
        _ => None,
    };
    Ok(Decoded { image, fallback })
}

/// The widths to make copies at for an image `width` pixels wide.
pub fn widths_for(width: u32) -> Vec<u32> {
    if width <= COLUMN_WIDTH {
        return Vec::new();
    }
    WIDTHS.into_iter().filter(|&w| w < width).collect()
}

/// One encoded copy.
pub struct Encoded {
    /// Its width in pixels.
    pub width: u32,
    /// "webp", "jpg" or "png".
    pub extension: &'static str,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Resizes `decoded` to each of `widths` and encodes each size as WebP and in `fallback`'s
/// format, all sizes in parallel.
pub fn encode_copies(
    decoded: &Decoded,
    fallback: Fallback,
    widths: &[u32],
) -> Result<Vec<Encoded>, String> {
    let has_alpha = decoded.image.color().has_alpha();
    let (pixels, pixel_type, color) = if has_alpha {
        let rgba = decoded.image.to_rgba8();
        (rgba.into_raw(), PixelType::U8x4, ExtendedColorType::Rgba8)
    } else {
        let rgb = decoded.image.to_rgb8();
        (rgb.into_raw(), PixelType::U8x3, ExtendedColorType::Rgb8)
    };
    let (width, height) = (decoded.width(), decoded.height());
    let source =
        Image::from_vec_u8(width, height, pixels, pixel_type).map_err(|e| e.to_string())?;
    let per_width: Vec<Result<Vec<Encoded>, String>> = widths
        .par_iter()
        .map(|&target_width| {
            let target_height = ((u64::from(height) * u64::from(target_width)
                + u64::from(width) / 2)
                / u64::from(width))
            .max(1) as u32;
            let mut resized = Image::new(target_width, target_height, pixel_type);
            Resizer::new()
                .resize(
                    &source,
                    &mut resized,
                    &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
                )
                .map_err(|e| e.to_string())?;
            let pixels = resized.buffer();
            let mut copies = vec![Encoded {
                width: target_width,
                extension: "webp",
                bytes: encode_webp(pixels, target_width, target_height, has_alpha)?,
            }];
            if let Some(extension) = fallback.extension() {
                let mut bytes = Vec::new();
                let written = match fallback {
                    Fallback::Jpeg => {
                        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
                            .write_image(
                                &to_rgb(pixels, has_alpha),
                                target_width,
                                target_height,
                                ExtendedColorType::Rgb8,
                            )
                    }
                    _ => image::codecs::png::PngEncoder::new(&mut bytes).write_image(
                        pixels,
                        target_width,
                        target_height,
                        color,
                    ),
                };
                written.map_err(|e| e.to_string())?;
                copies.push(Encoded {
                    width: target_width,
                    extension,
                    bytes,
                });
            }
            Ok(copies)
        })
        .collect();
    let mut all = Vec::new();
    for copies in per_width {
        all.extend(copies?);
    }
    Ok(all)
}

fn encode_webp(pixels: &[u8], width: u32, height: u32, alpha: bool) -> Result<Vec<u8>, String> {
    let encoder = if alpha {
        webp::Encoder::from_rgba(pixels, width, height)
    } else {
        webp::Encoder::from_rgb(pixels, width, height)
    };
    encoder
        .encode_simple(false, WEBP_QUALITY)
        .map(|memory| memory.to_vec())
        .map_err(|e| format!("WebP encoding failed: {e:?}"))
}

/// RGB bytes of RGB or RGBA `pixels` (JPEG has no alpha).
fn to_rgb(pixels: &[u8], has_alpha: bool) -> std::borrow::Cow<'_, [u8]> {
    if !has_alpha {
        return std::borrow::Cow::Borrowed(pixels);
    }
    std::borrow::Cow::Owned(
        pixels
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_images_wider_than_the_column_get_copies() {
        assert!(widths_for(700).is_empty());
        assert_eq!(widths_for(1000), vec![480, 800]);
        assert_eq!(widths_for(2000), vec![480, 800, 1200]);
    }

    #[test]
    fn encodes_each_width_in_webp_and_the_original_format() {
        let image = image::RgbImage::from_fn(1000, 500, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .write_image(image.as_raw(), 1000, 500, ExtendedColorType::Rgb8)
            .unwrap();
        let decoded = decode(&jpeg).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (1000, 500));
        let copies = encode_copies(&decoded, Fallback::Jpeg, &[480, 800]).unwrap();
        let made: Vec<(u32, &str)> = copies.iter().map(|c| (c.width, c.extension)).collect();
        assert_eq!(
            made,
            [(480, "webp"), (480, "jpg"), (800, "webp"), (800, "jpg")]
        );
        let webp = decode(&copies[0].bytes).unwrap();
        assert_eq!((webp.width(), webp.height()), (480, 240));
    }

    #[test]
    fn says_why_bytes_are_not_an_image() {
        assert!(decode(b"not an image at all").is_err());
    }
}
