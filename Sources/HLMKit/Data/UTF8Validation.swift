/// Finds bytes that are not well-formed UTF-8 (Unicode 15, table 3-7), so that text in another encoding
/// (a Latin-1 export) is refused rather than decoded to U+FFFD, which would make different texts equal.
enum UTF8Validation {
    /// The offset of the first byte of `bytes[start ..< end]` that starts an ill-formed sequence, or nil
    /// when the range is well-formed UTF-8. ASCII costs one comparison per byte.
    static func firstInvalidByte(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The length of the sequence and the allowed range of its second byte.
            let length: Int, second: ClosedRange<UInt8>
            switch lead {
            case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
            case 0xE0: (length, second) = (3, 0xA0...0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
            case 0xED: (length, second) = (3, 0x80...0x9F)
            case 0xF0: (length, second) = (4, 0x90...0xBF)
            case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
            case 0xF4: (length, second) = (4, 0x80...0x8F)
            default: return index
            }
            guard index + length <= end, second.contains(bytes[index + 1]),
                  (2..<length).allSatisfy({ (0x80...0xBF).contains(bytes[index + $0]) }) else { return index }
            index += length
        }
        return nil
    }
}
