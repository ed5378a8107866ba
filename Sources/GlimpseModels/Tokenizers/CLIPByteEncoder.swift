/// GPT-2/CLIP `bytes_to_unicode`: every byte gets a printable character so BPE never
/// sees whitespace or control characters; the vocabulary lists them in this order.
enum CLIPByteEncoder {
    /// Bytes in vocabulary order: the printable ranges first, then the rest ascending.
    static let byteOrder: [Int] = {
        let printable = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
        return printable + (0..<256).filter { !printable.contains($0) }
    }()

    /// The character standing for each byte, in vocabulary order.
    static let characters: [Unicode.Scalar] = {
        let printable = Set(Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF))
        var n = 0
        return byteOrder.map { b in
            if printable.contains(b) { return Unicode.Scalar(UInt32(b))! }
            defer { n += 1 }
            return Unicode.Scalar(UInt32(256 + n))!
        }
    }()

    private static let indexOfByte: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for (i, b) in byteOrder.enumerated() { table[b] = i }
        return table
    }()

    static func vocabIndex(ofByte b: Int) -> Int { indexOfByte[b] }
}
