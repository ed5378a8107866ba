import Foundation
import GlimpseImage

/// The eleven basic colour terms (Berlin & Kay, 1969) that every language with that many
/// colour words shares: what "red dress" or "黑色背包" asks of the pixels.
public enum BasicColour: String, Sendable, CaseIterable, Codable {
    case black, white, grey, red, orange, yellow, green, blue, purple, pink, brown

    /// Its focal colour in sRGB: the prototype pixels are matched to in CIELAB.
    var focal: (r: Double, g: Double, b: Double) {
        switch self {
        case .black: (0, 0, 0)
        case .white: (255, 255, 255)
        case .grey: (128, 128, 128)
        case .red: (200, 25, 30)
        case .orange: (245, 130, 30)
        case .yellow: (245, 220, 40)
        case .green: (40, 160, 60)
        case .blue: (30, 80, 200)
        case .purple: (125, 45, 150)
        case .pink: (245, 155, 190)
        case .brown: (125, 75, 35)
        }
    }

    /// The words that name it, English and Chinese (simplified and traditional).
    public var words: [String] {
        switch self {
        case .black: ["black", "黑", "黑色"]
        case .white: ["white", "白", "白色"]
        case .grey: ["grey", "gray", "灰", "灰色"]
        case .red: ["red", "红", "红色", "紅", "紅色"]
        case .orange: ["orange", "橙", "橙色", "橘色", "橘黄色", "橘黃色"]
        case .yellow: ["yellow", "黄", "黄色", "黃", "黃色"]
        case .green: ["green", "绿", "绿色", "綠", "綠色"]
        case .blue: ["blue", "蓝", "蓝色", "藍", "藍色"]
        case .purple: ["purple", "violet", "紫", "紫色"]
        case .pink: ["pink", "粉", "粉色", "粉红", "粉红色", "粉紅", "粉紅色"]
        case .brown: ["brown", "棕", "棕色", "褐色", "咖啡色"]
        }
    }

    private static let byWord: [String: BasicColour] = {
        var table: [String: BasicColour] = [:]
        for colour in allCases { for word in colour.words { table[word] = colour } }
        return table
    }()

    /// The colour a word names ("Red", "红色", "gray"), nil for any other word.
    public init?(word: String) {
        guard let colour = Self.byWord[word.lowercased()] else { return nil }
        self = colour
    }
}

/// How much of a picture is each basic colour: every sampled pixel goes to the focal colour
/// nearest to it in CIELAB (D65), and a colour's share of the samples is its fraction.
public enum ColourNaming {
    /// Fractions of the 11 colours in `BasicColour.allCases` order, over the central part of
    /// the image (a `margin` fraction trimmed from each side: crops carry context around the
    /// object), sampling at most about `maxSamples` pixels on a regular grid.
    public static func fractions(of image: Image, margin: Double = 0.2, maxSamples: Int = 4096) -> [Float] {
        let x0 = Int(Double(image.width) * margin), x1 = max(x0 + 1, image.width - x0)
        let y0 = Int(Double(image.height) * margin), y1 = max(y0 + 1, image.height - y0)
        let area = (x1 - x0) * (y1 - y0)
        let stride = max(1, Int((Double(area) / Double(maxSamples)).squareRoot().rounded(.up)))
        var counts = [Int](repeating: 0, count: BasicColour.allCases.count)
        var total = 0
        for y in Swift.stride(from: y0, to: min(y1, image.height), by: stride) {
            for x in Swift.stride(from: x0, to: min(x1, image.width), by: stride) {
                let offset = (y * image.width + x) * 3
                counts[nearest(r: image.pixels[offset], g: image.pixels[offset + 1], b: image.pixels[offset + 2])] += 1
                total += 1
            }
        }
        return counts.map { total == 0 ? 0 : Float($0) / Float(total) }
    }

    /// The index in `BasicColour.allCases` of the focal colour nearest to an sRGB pixel.
    public static func nearest(r: UInt8, g: UInt8, b: UInt8) -> Int {
        let lab = CIELab(r: Double(r), g: Double(g), b: Double(b))
        var best = 0, bestDistance = Double.infinity
        for (index, focal) in focalLab.enumerated() {
            let distance = (lab.l - focal.l) * (lab.l - focal.l) + (lab.a - focal.a) * (lab.a - focal.a) + (lab.b - focal.b) * (lab.b - focal.b)
            if distance < bestDistance { best = index; bestDistance = distance }
        }
        return best
    }

    /// How well a crop shows a colour, from its fraction: a quarter of the central pixels or
    /// more is full agreement; less scales down linearly.
    public static func score(fraction: Float) -> Float {
        min(1, max(0, fraction / 0.25))
    }

    private static let focalLab = BasicColour.allCases.map { CIELab(r: $0.focal.r, g: $0.focal.g, b: $0.focal.b) }
}

/// CIELAB of an 8-bit sRGB colour under D65 (the standard formulas: sRGB's transfer curve,
/// its RGB-to-XYZ matrix, then L*a*b* with the CIE's 6/29 threshold).
struct CIELab {
    var l: Double, a: Double, b: Double

    init(r: Double, g: Double, b: Double) {
        func linear(_ c: Double) -> Double {
            let v = c / 255
            return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
        }
        let (lr, lg, lb) = (linear(r), linear(g), linear(b))
        let x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / 0.95047
        let y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb
        let z = (0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        let (fx, fy, fz) = (f(x), f(y), f(z))
        self.l = 116 * fy - 16
        self.a = 500 * (fx - fy)
        self.b = 200 * (fy - fz)
    }
}
