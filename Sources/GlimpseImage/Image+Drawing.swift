import CImageCodecs
import GlimpseGeometry

extension Image {
    /// A copy of the picture with each annotation drawn as a box outline in its class
    /// colour and its label on a filled tag of the same colour, placed by `TagLayout` (above
    /// the box when there is room, never over an earlier tag, never off the picture). Labels
    /// may be any script Noto covers, CJK included.
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
        let drawn = annotations.map { ($0, $0.box.clamped(to: size)) }.filter { $0.1.width > 0 && $0.1.height > 0 }
        for (annotation, box) in drawn {
            canvas.setColor(Palette.color(annotation.colorIndex))
            // Inset by half the line so the whole stroke stays inside the box.
            let inset = lineWidth / 2
            cairo_rectangle(cr, box.x1 + inset, box.y1 + inset,
                            max(box.width - lineWidth, 0), max(box.height - lineWidth, 0))
            cairo_stroke(cr)
        }
        // Labels after every outline, so no box is drawn over a tag. A label is at most about
        // a third of its box's height (a 25 px person gets no 45 px tag), at least 10 px.
        let labelled = drawn.filter { !$0.0.label.isEmpty }
        let texts = labelled.map { annotation, box in
            canvas.layout(annotation.label, family: style.fontFamily,
                          pixelSize: style.fontSize ?? min(fontSize, max(10, (box.height / 3).rounded())))
        }
        let sizes = zip(labelled, texts).map { item, text -> (width: Double, height: Double) in
            let padding = (text.height / 6).rounded(.up)
            return (text.width + 2 * padding, text.height)
        }
        let tags = TagLayout.place(tags: sizes, boxes: labelled.map(\.1), in: size)
        for ((annotation, _), (text, tag)) in zip(labelled, zip(texts, tags)) {
            let color = Palette.color(annotation.colorIndex)
            canvas.setColor(color)
            cairo_rectangle(cr, tag.x1, tag.y1, tag.width, tag.height)
            cairo_fill(cr)
            canvas.setColor(Palette.textColor(on: color))
            text.draw(atX: tag.x1 + (tag.width - text.width) / 2, y: tag.y1)
        }
        return try canvas.image()
    }

    /// Convenience form taking `(box, label, colourIndex)` tuples.
    public func drawingDetections(_ items: [(Box, String, Int)], style: DrawingStyle = DrawingStyle()) throws -> Image {
        try drawingDetections(items.map { Annotation(box: $0.0, label: $0.1, colorIndex: $0.2) }, style: style)
    }
}
