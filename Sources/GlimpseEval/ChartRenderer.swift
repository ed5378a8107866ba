import CImageCodecs
import Foundation

/// Draws simple line and bar charts to PNG with Cairo: PR curves and box-size histograms.
public struct ChartRenderer: Sendable {
    public struct Series: Sendable {
        public var label: String
        public var points: [(x: Double, y: Double)]
        public init(label: String, points: [(x: Double, y: Double)]) { self.label = label; self.points = points }
    }

    public var width = 800, height = 600
    public var title: String
    public var xLabel: String
    public var yLabel: String

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel
    }

    static let palette: [(Double, Double, Double)] = [(0.12, 0.47, 0.71), (1.0, 0.5, 0.05), (0.17, 0.63, 0.17),
                                                      (0.84, 0.15, 0.16), (0.58, 0.4, 0.74), (0.55, 0.34, 0.29)]
    let left = 80.0, right = 30.0, top = 50.0, bottom = 70.0

    /// Curves on axes 0...xMax by 0...yMax, one colour per series, with a legend.
    public func lineChart(_ series: [Series], xMax: Double = 1, yMax: Double = 1, to path: String) throws {
        try draw(to: path, xTicks: (0...5).map { xMax * Double($0) / 5 }.map { ($0, String(format: "%.1f", $0)) }, yMax: yMax) { cr, plotX, plotY in
            for (i, s) in series.enumerated() {
                let c = Self.palette[i % Self.palette.count]
                cairo_set_source_rgb(cr, c.0, c.1, c.2)
                cairo_set_line_width(cr, 2)
                for (j, p) in s.points.enumerated() {
                    if j == 0 { cairo_move_to(cr, plotX(p.x / xMax), plotY(p.y / yMax)) }
                    else { cairo_line_to(cr, plotX(p.x / xMax), plotY(p.y / yMax)) }
                }
                cairo_stroke(cr)
                let legendY = top + 20 + Double(i) * 18
                cairo_rectangle(cr, Double(width) - right - 180, legendY - 9, 14, 10)
                cairo_fill(cr)
                cairo_set_source_rgb(cr, 0, 0, 0)
                cairo_move_to(cr, Double(width) - right - 160, legendY)
                cairo_show_text(cr, s.label)
            }
        }
    }

    /// One bar per labelled bin.
    public func barChart(labels: [String], counts: [Int], to path: String) throws {
        let yMax = Double(max(counts.max() ?? 1, 1))
        let slot = 1.0 / Double(max(counts.count, 1))
        let ticks = labels.enumerated().map { (slot * (Double($0) + 0.5), $1) }
        try draw(to: path, xTicks: ticks, yMax: yMax) { cr, plotX, plotY in
            let c = Self.palette[0]
            cairo_set_source_rgb(cr, c.0, c.1, c.2)
            for (i, count) in counts.enumerated() {
                let x0 = plotX(slot * (Double(i) + 0.1)), x1 = plotX(slot * (Double(i) + 0.9))
                cairo_rectangle(cr, x0, plotY(Double(count) / yMax), x1 - x0, plotY(0) - plotY(Double(count) / yMax))
            }
            cairo_fill(cr)
        }
    }

    /// Frame, title, axis labels and ticks; `content` draws in unit coordinates mapped by plotX/plotY.
    private func draw(to path: String, xTicks: [(Double, String)], yMax: Double,
                      content: (OpaquePointer?, (Double) -> Double, (Double) -> Double) -> Void) throws {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
            throw EvalError.unwritableFile(path: path, reason: "cannot create a drawing surface")
        }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        defer { cairo_destroy(cr) }
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let plotX = { (u: Double) in self.left + u * plotWidth }
        let plotY = { (v: Double) in self.top + (1 - v) * plotHeight }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, 12)
        // Grid and y ticks.
        cairo_set_line_width(cr, 1)
        for i in 0...5 {
            let v = Double(i) / 5
            cairo_set_source_rgb(cr, 0.9, 0.9, 0.9)
            cairo_move_to(cr, plotX(0), plotY(v)); cairo_line_to(cr, plotX(1), plotY(v)); cairo_stroke(cr)
            cairo_set_source_rgb(cr, 0, 0, 0)
            cairo_move_to(cr, left - 45, plotY(v) + 4)
            cairo_show_text(cr, yMax < 20 ? String(format: "%.1f", v * yMax) : String(Int((v * yMax).rounded())))
        }
        for (u, label) in xTicks {
            cairo_move_to(cr, plotX(u) - 10, plotY(0) + 18)
            cairo_show_text(cr, label)
        }
        content(cr, plotX, plotY)
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, 1)
        cairo_rectangle(cr, left, top, plotWidth, plotHeight)
        cairo_stroke(cr)
        cairo_set_font_size(cr, 16)
        cairo_move_to(cr, left, top - 18); cairo_show_text(cr, title)
        cairo_set_font_size(cr, 13)
        cairo_move_to(cr, left + plotWidth / 2 - 30, Double(height) - 20); cairo_show_text(cr, xLabel)
        cairo_save(cr)
        cairo_move_to(cr, 22, top + plotHeight / 2 + 30); cairo_rotate(cr, -Double.pi / 2); cairo_show_text(cr, yLabel)
        cairo_restore(cr)
        cairo_surface_flush(surface)
        let status = cairo_surface_write_to_png(surface, path)
        if status != CAIRO_STATUS_SUCCESS {
            throw EvalError.unwritableFile(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
    }
}
