import Foundation

/// Resampling filters, with the same kernels and supports as Pillow's.
public enum ResizeFilter: Sendable, Equatable {
    case bilinear
    case bicubic

    var support: Double {
        switch self {
        case .bilinear: return 1
        case .bicubic: return 2
        }
    }

    @inline(__always)
    func weight(_ t: Double) -> Double {
        let x = abs(t)
        switch self {
        case .bilinear:
            return x < 1 ? 1 - x : 0
        case .bicubic:
            // Keys' cubic convolution with a = -0.5, as Pillow (and CLIP's training data) use.
            let a = -0.5
            if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
            if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
            return 0
        }
    }
}

/// Fixed-point filter taps for one axis: for every output index, the first input index,
/// how many inputs it reads, and their weights scaled by 2^22.
///
/// This mirrors Pillow's separable resampler so CLIP preprocessing matches Pillow: the
/// kernel is widened by the downscale factor (antialiasing), weights are normalised to
/// sum to one in double precision and then rounded to 22-bit fixed point.
struct ResampleAxis {
    static let precisionBits = 22  // 32 bits - 8 for the sample - 2 for overshoot

    let first: [Int]
    let count: [Int]
    let weights: [Int32]  // outSize * taps, zero padded
    let taps: Int

    /// Taps for the output indices in `outputs` (default all of `0..<outSize`); computing
    /// only a window lets a resize followed by a crop skip the discarded pixels.
    init(inSize: Int, outSize: Int, filter: ResizeFilter, outputs: Range<Int>? = nil) {
        let outputs = outputs ?? 0..<outSize
        let scale = Double(inSize) / Double(outSize)
        let filterScale = max(scale, 1)
        let support = filter.support * filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        var first = [Int](repeating: 0, count: outputs.count)
        var count = [Int](repeating: 0, count: outputs.count)
        var weights = [Int32](repeating: 0, count: outputs.count * taps)
        var k = [Double](repeating: 0, count: taps)
        let inverse = 1 / filterScale
        let one = Double(1 << Self.precisionBits)
        for (i, xx) in outputs.enumerated() {
            let center = (Double(xx) + 0.5) * scale
            // Int(_:) truncates toward zero like C's (int) cast; the clamps follow it.
            let xmin = max(Int(center - support + 0.5), 0)
            let xmax = min(Int(center + support + 0.5), inSize) - xmin
            var sum = 0.0
            for x in 0..<xmax {
                let w = filter.weight((Double(x + xmin) - center + 0.5) * inverse)
                k[x] = w
                sum += w
            }
            for x in 0..<xmax {
                let w = sum != 0 ? k[x] / sum : k[x]
                // Round half away from zero, as Pillow's normalize_coeffs_8bpc does.
                weights[i * taps + x] = Int32(w < 0 ? (-0.5 + w * one).rounded(.towardZero)
                                                     : (0.5 + w * one).rounded(.towardZero))
            }
            first[i] = xmin
            count[i] = max(xmax, 0)
        }
        self.first = first
        self.count = count
        self.weights = weights
        self.taps = taps
    }
}

extension Image {
    /// The picture resized to `size` exactly as Pillow's `Image.resize(size, filter)` does:
    /// two separable passes, each rounding and clipping to 8 bits.
    public func resized(to size: Size, filter: ResizeFilter) throws -> Image {
        try resized(to: size, filter: filter,
                    window: PixelRect(x: 0, y: 0, width: size.width, height: size.height))
    }

    /// Only the `window` part of the picture resized to `size`: the same pixels as resizing
    /// and then cropping, without computing the ones the crop throws away.
    func resized(to size: Size, filter: ResizeFilter, window: PixelRect) throws -> Image {
        guard size.width > 0, size.height > 0 else {
            throw ImageError.invalidArgument("resize target \(size.width)x\(size.height) must be positive")
        }
        guard window.x >= 0, window.y >= 0, window.width > 0, window.height > 0,
              window.x + window.width <= size.width, window.y + window.height <= size.height else {
            throw ImageError.invalidArgument("window \(window) is outside \(size.width)x\(size.height)")
        }
        let columns = window.x..<(window.x + window.width)
        let rows = window.y..<(window.y + window.height)
        let horizontal = size.width != width
            ? ResampleAxis(inSize: width, outSize: size.width, filter: filter, outputs: columns) : nil
        let vertical = size.height != height
            ? ResampleAxis(inSize: height, outSize: size.height, filter: filter, outputs: rows) : nil

        switch (horizontal, vertical) {
        case (nil, nil):
            return window.width == width && window.height == height ? self : try cropped(to: window)
        case let (horizontal?, nil):
            return Resampler.horizontal(self, axis: horizontal, rows: rows)
        case let (nil, vertical?):
            let tall = Resampler.vertical(self, axis: vertical, rowOffset: 0)
            return window.width == width ? tall
                : try tall.cropped(to: PixelRect(x: window.x, y: 0, width: window.width, height: tall.height))
        case let (horizontal?, vertical?):
            // Pillow 13 runs the vertical pass first when the height shrinks, and by more than
            // twice the columns lost (rule fitted against Pillow on random sizes, upscales
            // included). The order changes rounding between passes, so it is followed exactly.
            if size.height < height, height - size.height > 2 * (width - size.width) {
                let tall = Resampler.vertical(self, axis: vertical, rowOffset: 0)
                return Resampler.horizontal(tall, axis: horizontal, rows: 0..<tall.height)
            }
            // Only the rows the vertical pass will read need the horizontal pass.
            let firstRow = vertical.first[0]
            let lastRow = vertical.first[rows.count - 1] + vertical.count[rows.count - 1]
            let source = Resampler.horizontal(self, axis: horizontal, rows: firstRow..<lastRow)
            return Resampler.vertical(source, axis: vertical, rowOffset: firstRow)
        }
    }
}

/// The two passes. Integer arithmetic with wrapping operators (the sums cannot overflow:
/// |weights| sum to at most a few times 2^22 and samples are below 2^8).
enum Resampler {
    @inline(__always)
    static func clip8(_ v: Int32) -> UInt8 {
        let s = v >> Int32(ResampleAxis.precisionBits)
        return s < 0 ? 0 : s > 255 ? 255 : UInt8(truncatingIfNeeded: s)
    }

    static func horizontal(_ image: Image, axis: ResampleAxis, rows: Range<Int>) -> Image {
        let outW = axis.first.count
        let inW = image.width
        let half = Int32(1 << (ResampleAxis.precisionBits - 1))
        // Scalar on purpose: measured faster than SIMD4<Int32> (no pmulld in baseline SSE2)
        // and SIMD4<Double> lanes, whose widening stores cost more than they save.
        let out = [UInt8](unsafeUninitializedCapacity: outW * rows.count * 3) { dstBuf, initialized in
            initialized = outW * rows.count * 3
            image.pixels.withUnsafeBufferPointer { srcBuf in
                axis.weights.withUnsafeBufferPointer { wBuf in
                    axis.first.withUnsafeBufferPointer { firstBuf in
                        axis.count.withUnsafeBufferPointer { countBuf in
                            let src = srcBuf.baseAddress!, dst = dstBuf.baseAddress!, wts = wBuf.baseAddress!
                            for (row, y) in rows.enumerated() {
                                let line = src + y * inW * 3
                                var d = dst + row * outW * 3
                                for xx in 0..<outW {
                                    let k = wts + xx * axis.taps
                                    var p = line + firstBuf[xx] * 3
                                    var r = half, g = half, b = half
                                    for t in 0..<countBuf[xx] {
                                        let w = k[t]
                                        r &+= Int32(p[0]) &* w
                                        g &+= Int32(p[1]) &* w
                                        b &+= Int32(p[2]) &* w
                                        p += 3
                                    }
                                    d[0] = clip8(r); d[1] = clip8(g); d[2] = clip8(b)
                                    d += 3
                                }
                            }
                        }
                    }
                }
            }
        }
        return Image(width: outW, height: rows.count, pixels: out)
    }

    static func vertical(_ image: Image, axis: ResampleAxis, rowOffset: Int) -> Image {
        let outH = axis.first.count
        let rowLen = image.width * 3
        let half = Int32(1 << (ResampleAxis.precisionBits - 1))
        // One accumulator row: walking whole source rows keeps memory access sequential.
        var acc = [Int32](repeating: 0, count: rowLen)
        let out = [UInt8](unsafeUninitializedCapacity: rowLen * outH) { dstBuf, initialized in
            initialized = rowLen * outH
            image.pixels.withUnsafeBufferPointer { srcBuf in
                acc.withUnsafeMutableBufferPointer { accBuf in
                    let src = srcBuf.baseAddress!, dst = dstBuf.baseAddress!, a = accBuf.baseAddress!
                    for yy in 0..<outH {
                        a.update(repeating: half, count: rowLen)
                        let base = (axis.first[yy] - rowOffset)
                        for t in 0..<axis.count[yy] {
                            let w = axis.weights[yy * axis.taps + t]
                            let line = src + (base + t) * rowLen
                            for i in 0..<rowLen {
                                a[i] &+= Int32(line[i]) &* w
                            }
                        }
                        let d = dst + yy * rowLen
                        for i in 0..<rowLen { d[i] = clip8(a[i]) }
                    }
                }
            }
        }
        return Image(width: image.width, height: outH, pixels: out)
    }
}
