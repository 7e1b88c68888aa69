import Testing
import HLMPlatform

/// A mapped data file truncated by another program while hlm reads it raises SIGBUS on the next read past its
/// new end; `TruncationGuard` turns that into a message naming the file. The signal itself would end the test
/// process, so these tests check what the handler relies on: every mapping is registered with its message
/// while it lives, and only addresses inside a mapping are claimed.
@Suite("Data: a mapped file truncated while read")
struct TruncationGuardTests {
    @Test("a mapping is guarded with a message naming its file while it lives, and only its addresses")
    func mappingRegistered() throws {
        let path = try temporaryFile("ID,X\n1,2\n", name: "shrinking.csv")
        var start: UInt = 0, end: UInt = 0
        do {
            let mapping = try #require(MappedFile.map(path: path))
            start = UInt(bitPattern: mapping.bytes.baseAddress)
            end = start + UInt(mapping.bytes.count)
            let slot = try #require(TruncationGuard.slot(containing: start))
            #expect(TruncationGuard.slot(containing: end - 1)?.text == slot.text)
            #expect(slot.text == TruncationGuard.message(path: path))
            #expect(slot.text.contains("'\(path)' was truncated by another program"))
            #expect(TruncationGuard.slot(containing: end) == nil || TruncationGuard.slot(containing: end)?.start != start)
            #expect(TruncationGuard.slot(containing: start - 1)?.start != start)
        }
        #expect(TruncationGuard.slot(containing: start)?.start != start)
    }
}
