import CImageCodecs

extension Image {
    /// A copy of the picture with each annotation drawn as a box outline in its class
    /// colour and its label on a filled tag of the same colour (above the box when there
    /// is room, else inside its top edge). Labels may be any script Noto covers, CJK included.
    public func drawingDetections(_ annotations: [Annotation], style: DrawingStyle = DrawingStyle()) throws -> Image {
        if annotations.isEmpty { return self }
        let longSide = Double(max(width, height))
        let lineWidth = style.lineWidth ?? max(2, (longSide / 300).rounded())
        let fontSize = style.fontSize ?? max(12, (longSide / 40).rounded())
        guard lineWidth > 0, fontSize > 0 else {
            throw ImageError.invalidArgument("line width and font size must be positive")
        }
        let canvas = try CairoCanvas(self)
        let cr = canvas.context
        cairo_set_line_width(cr, lineWidth)
        for annotation in annotations {
            let box = annotation.box.clamped(to: size)
            guard box.width > 0, box.height > 0 else { continue }
            let color = Palette.color(annotation.colorIndex)
            canvas.setColor(color)
            // Inset by half the line so the whole stroke stays inside the box.
            let inset = lineWidth / 2
            cairo_rectangle(cr, box.minX + inset, box.minY + inset,
                            max(box.width - lineWidth, 0), max(box.height - lineWidth, 0))
            cairo_stroke(cr)

            guard !annotation.label.isEmpty else { continue }
            let text = canvas.layout(annotation.label, family: style.fontFamily, pixelSize: fontSize)
            let padding = (fontSize / 6).rounded(.up)
            let tagW = text.width + 2 * padding, tagH = text.height
            let tagX = min(box.minX, max(Double(width) - tagW, 0))
            let tagY = box.minY - tagH >= 0 ? box.minY - tagH : box.minY
            cairo_rectangle(cr, tagX, tagY, tagW, tagH)
            cairo_fill(cr)
            canvas.setColor(Palette.textColor(on: color))
            text.draw(atX: tagX + padding, y: tagY)
        }
        return try canvas.image()
    }

    /// Convenience form taking `(box, label, colourIndex)` tuples.
    public func drawingDetections(_ items: [(Rect, String, Int)], style: DrawingStyle = DrawingStyle()) throws -> Image {
        try drawingDetections(items.map { Annotation(box: $0.0, label: $0.1, colorIndex: $0.2) }, style: style)
    }
}
