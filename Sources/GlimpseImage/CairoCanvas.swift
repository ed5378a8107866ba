import CImageCodecs

/// A Cairo image surface holding a copy of an `Image`, with Pango text on top.
/// Used only inside one drawing call; everything is released in `deinit`.
final class CairoCanvas {
    let width: Int
    let height: Int
    private let surface: OpaquePointer
    let context: OpaquePointer

    init(_ image: Image) throws {
        width = image.width
        height = image.height
        // RGB24 is 32 bits per pixel, 0x00RRGGBB in native byte order.
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw ImageError.drawingFailed("cannot create a \(width)x\(height) Cairo surface")
        }
        self.surface = surface
        guard let context = cairo_create(surface), cairo_status(context) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw ImageError.drawingFailed("cannot create a Cairo context")
        }
        self.context = context
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let base = cairo_image_surface_get_data(surface)!
        image.pixels.withUnsafeBufferPointer { src in
            for y in 0..<height {
                let row = UnsafeMutableRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width {
                    let i = (y * width + x) * 3
                    row[x] = UInt32(src[i]) << 16 | UInt32(src[i + 1]) << 8 | UInt32(src[i + 2])
                }
            }
        }
        cairo_surface_mark_dirty(surface)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    func setColor(_ c: RGB) {
        cairo_set_source_rgb(context, Double(c.r) / 255, Double(c.g) / 255, Double(c.b) / 255)
    }

    /// Text laid out with Pango (shaping, font fallback for CJK), measured before drawing.
    func layout(_ text: String, family: String, pixelSize: Double) -> TextLayout {
        TextLayout(context: context, text: text, family: family, pixelSize: pixelSize)
    }

    /// The drawn picture, or a typed error if Cairo entered an error state.
    func image() throws -> Image {
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ImageError.drawingFailed(String(cString: cairo_status_to_string(status)))
        }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let base = cairo_image_surface_get_data(surface)!
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        pixels.withUnsafeMutableBufferPointer { dst in
            for y in 0..<height {
                let row = UnsafeRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width {
                    let v = row[x], i = (y * width + x) * 3
                    dst[i] = UInt8(truncatingIfNeeded: v >> 16)
                    dst[i + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    dst[i + 2] = UInt8(truncatingIfNeeded: v)
                }
            }
        }
        return Image(width: width, height: height, pixels: pixels)
    }
}

/// A Pango layout bound to a canvas's context.
final class TextLayout {
    private let context: OpaquePointer
    private let layout: OpaquePointer
    let width: Double
    let height: Double

    init(context: OpaquePointer, text: String, family: String, pixelSize: Double) {
        self.context = context
        layout = pango_cairo_create_layout(context)
        let font = pango_font_description_from_string(family)
        pango_font_description_set_absolute_size(font, pixelSize * Double(PANGO_SCALE))
        pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD)
        pango_layout_set_font_description(layout, font)
        pango_font_description_free(font)
        pango_layout_set_text(layout, text, -1)
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_pixel_size(layout, &w, &h)
        width = Double(w)
        height = Double(h)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// Draws the text with its top-left corner at (x, y) in the current source colour.
    func draw(atX x: Double, y: Double) {
        cairo_move_to(context, x, y)
        pango_cairo_show_layout(context, layout)
    }
}
