import GlimpseGeometry

/// A 64-bit checksum of one stored vector row: its id, its source (id and path), its origin
/// columns and the bytes of its embedding, in that order, so that any byte of what a search
/// answers with that changes on disk is caught when the row is loaded.
///
/// For damage detection, not security: each 8-byte word goes through bijective steps (an odd
/// multiply, a rotate, an odd multiply), so one changed word always changes the result, and
/// anything more collides with a probability near 2⁻⁶⁴. Murmur3's finaliser mixes the end.
/// Stored in SQLite as the signed 64-bit integer with the same bits.
public struct VectorChecksum: Sendable, Equatable {
    private var state: UInt64 = 0x676C_696D_7073_6531   // "glimpse1"
    private var words: UInt64 = 0

    public init() {}

    /// The checksum of a vector row as `SQLiteVectorStore` writes it.
    public static func of(id: Int64, sourceID: Int64, path: String, item: String, frame: Int64?,
                          box: Box, score: Double, embedding: UnsafeRawBufferPointer) -> Int64 {
        var checksum = VectorChecksum()
        checksum.add(UInt64(bitPattern: id))
        checksum.add(UInt64(bitPattern: sourceID))
        checksum.add(text: path)
        checksum.add(text: item)
        // A missing frame and frame values differ in the marker word as well.
        checksum.add(frame == nil ? 0 : 1)
        checksum.add(UInt64(bitPattern: frame ?? 0))
        for value in [box.x1, box.y1, box.x2, box.y2, score] { checksum.add(value.bitPattern) }
        checksum.add(bytes: embedding)
        return checksum.value
    }

    public mutating func add(_ word: UInt64) {
        var mixed = word &* 0x87C3_7B91_1142_53D5
        mixed = (mixed << 31) | (mixed >> 33)
        state ^= mixed &* 0x4CF5_AD43_2745_937F
        state = ((state << 27) | (state >> 37)) &* 5 &+ 0x52DC_E729
        words &+= 1
    }

    /// The length, then the bytes as little-endian words (the last one padded with zeros).
    public mutating func add(bytes: UnsafeRawBufferPointer) {
        add(UInt64(bytes.count))
        var offset = 0
        while offset + 8 <= bytes.count {
            add(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for (shift, index) in (offset..<bytes.count).enumerated() { tail |= UInt64(bytes[index]) << (8 * UInt64(shift)) }
            add(tail)
        }
    }

    public mutating func add(text: String) {
        var utf8 = text
        utf8.withUTF8 { add(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The finished checksum (the state is not consumed: more words may follow).
    public var value: Int64 {
        var h = state ^ words
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return Int64(bitPattern: h)
    }
}
