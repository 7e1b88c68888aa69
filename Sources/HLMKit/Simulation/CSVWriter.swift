import HLMPlatform

/// Writes CSV rows of numbers into a byte buffer that is flushed to the file in large blocks.
/// Numbers are written with 6 decimals by integer arithmetic (no `String` per value).
final class CSVWriter {
    /// The open file; -1 once `finish()` closed it.
    private var descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []

    init(path: String, header: String) throws {
        do throws(FileBytes.Failure) {
            descriptor = try FileBytes.openForWriting(path, .replace)
        } catch {
            throw SimulationError.cannotWrite(path: path, reason: "cannot create the file")
        }
        self.path = path
        buffer.reserveCapacity(1 << 20)
        buffer.append(contentsOf: Array(header.utf8))
        buffer.append(UInt8(ascii: "\n"))
    }

    deinit {
        if descriptor >= 0 { try? FileBytes.closeDescriptor(descriptor) }
    }

    /// Appends an integer field.
    func append(integer value: Int, last: Bool = false) {
        appendDigits(UInt64(abs(value)), negative: value < 0, minimumDigits: 1)
        buffer.append(last ? UInt8(ascii: "\n") : UInt8(ascii: ","))
    }

    /// Appends a number rounded to 6 decimals; a number of 1e12 or more in magnitude (beyond what 6 decimals in
    /// 64-bit integers hold) in Swift's shortest round-trip form, e.g. `2e+19`. The caller writes finite numbers.
    func append(_ value: Double, last: Bool = false) {
        guard abs(value) < 1e12 else {
            buffer.append(contentsOf: Array("\(value)".utf8))
            buffer.append(last ? UInt8(ascii: "\n") : UInt8(ascii: ","))
            return
        }
        // Integer arithmetic, not a `String` per value, keeps writing 10 million rows to seconds.
        let scaled = (abs(value) * 1e6).rounded()
        let whole = UInt64(scaled / 1e6)
        let fraction = UInt64(scaled - Double(whole) * 1e6)
        appendDigits(whole, negative: value < 0 && scaled > 0, minimumDigits: 1)
        buffer.append(UInt8(ascii: "."))
        appendDigits(fraction, negative: false, minimumDigits: 6)
        buffer.append(last ? UInt8(ascii: "\n") : UInt8(ascii: ","))
    }

    /// Writes the buffer out once it holds a few megabytes.
    func flushIfFull() throws {
        if buffer.count > 4 << 20 { try flush() }
    }

    /// Writes what is left and closes the file.
    func finish() throws {
        try flush()
        let closing = descriptor
        descriptor = -1
        do throws(FileBytes.Failure) {
            try FileBytes.closeDescriptor(closing)
        } catch {
            throw SimulationError.cannotWrite(path: path, reason: error.description)
        }
    }

    private func flush() throws {
        do throws(FileBytes.Failure) {
            try FileBytes.writeAll(buffer, to: descriptor)
        } catch {
            throw SimulationError.cannotWrite(path: path, reason: error.description)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func appendDigits(_ value: UInt64, negative: Bool, minimumDigits: Int) {
        if negative { buffer.append(UInt8(ascii: "-")) }
        var count = 1
        var rest = value / 10
        while rest > 0 { count += 1; rest /= 10 }
        count = max(count, minimumDigits)
        let end = buffer.count + count
        buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var v = value
        var index = end - 1
        while v > 0 {
            buffer[index] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            index -= 1
        }
    }
}
