extension Image {
    /// Planar `[3, H, W]` floats of this picture, normalised per channel.
    public func tensor(normalization: Normalization = .unit) -> ImageTensor {
        let plane = width * height
        let lut = normalization.table()
        let data = [Float](unsafeUninitializedCapacity: 3 * plane) { dst, initialized in
            initialized = 3 * plane
            pixels.withUnsafeBufferPointer { src in
                lut.withUnsafeBufferPointer { table in
                    let s = src.baseAddress!, d = dst.baseAddress!, t = table.baseAddress!
                    let r = d, g = d + plane, b = d + 2 * plane
                    for i in 0..<plane {
                        r[i] = t[Int(s[3 * i])]
                        g[i] = t[256 + Int(s[3 * i + 1])]
                        b[i] = t[512 + Int(s[3 * i + 2])]
                    }
                }
            }
        }
        return ImageTensor(data: data, shape: [3, height, width])
    }

    /// CLIP preprocessing as open_clip / torchvision do it: `Resize(side, BICUBIC)` (short
    /// side to `side`, long side `int(side * long / short)`), `CenterCrop(side)` (offsets
    /// `int(round((h - side) / 2))`), `ToTensor`, `Normalize`. Only the cropped window is
    /// resampled; the pixels are the same as resizing the whole picture first.
    public func clipTensor(side: Int, normalization: Normalization = .clip,
                           filter: ResizeFilter = .bicubic) throws -> ImageTensor {
        guard side > 0 else { throw ImageError.invalidArgument("CLIP side \(side) must be positive") }
        let short = min(width, height), long = max(width, height)
        // Python's int(side * long / short): a correctly rounded division, then truncation.
        let resizedLong = Int(Double(side * long) / Double(short))
        let size = width <= height ? Size(width: side, height: resizedLong) : Size(width: resizedLong, height: side)
        // Python's round() rounds halves to even.
        let top = Int((Double(size.height - side) / 2).rounded(.toNearestOrEven))
        let left = Int((Double(size.width - side) / 2).rounded(.toNearestOrEven))
        let window = PixelRect(x: left, y: top, width: side, height: side)
        return try resized(to: size, filter: filter, window: window).tensor(normalization: normalization)
    }

    /// The picture stretched to `size` (aspect ratio not kept), then normalised.
    public func resizedTensor(to size: Size, filter: ResizeFilter = .bilinear,
                              normalization: Normalization = .unit) throws -> ImageTensor {
        try resized(to: size, filter: filter).tensor(normalization: normalization)
    }
}

extension ImageTensor {
    /// CLIP tensors of several pictures stacked into `[N, 3, side, side]`.
    public static func clipBatch(_ images: [Image], side: Int,
                                 normalization: Normalization = .clip) throws -> ImageTensor {
        try batch(images.map { try $0.clipTensor(side: side, normalization: normalization) })
    }
}
